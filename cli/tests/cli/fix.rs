//! `check --fix`: compliant rewrites written into plain text, Markdown and WhatsApp JSON,
//! placeholders, comments and escapes kept, nothing written that re-checks non-compliant,
//! and a second run changes nothing. `--diff` snapshots are in `cli/tests/cmd/diff.*`.

use crate::support::{Scratch, rules_of, run_in, stderr, stdout};

const PLAIN: &str = "Hi {{first_name}}, your diabetes checkup is tomorrow at 2 PM.\n---\nSee you on Monday.\n";
const MARKDOWN: &str = "---\ntitle: Cardiology\n---\n<!-- phi-guard: ignore[phi/specialty] our legal name -->\n\
                        Visit Lakeside Dermatology Group. Your asthma review is at 9.\n\nYour HIV test is on {{date}}.\n";
const WHATSAPP: &str = r#"[
  {"name": "refill", "category": "UTILITY", "components": [
    {"type": "BODY", "text": "Hi {{1}}, your metformin refill is ready.\nReply \"HELP\" for help \u2014 thanks."}]},
  {"name": "visit", "category": "UTILITY", "components": [
    {"type": "BODY", "text": "Your {{1}} visit is on Monday.", "example": {"body_text": [["dermatology"]]}}]}
]
"#;

#[test]
fn fix_writes_compliant_rewrites_and_is_idempotent() {
    let dir = Scratch::new("fix-write");
    dir.file("t/a.txt", PLAIN).file("t/b.md", MARKDOWN).file("t/c.json", WHATSAPP);
    let out = run_in(dir.path(), &["check", "--fix", "--format", "json", "t"], "");
    // What is left: the WhatsApp template whose example value names a specialty.
    assert_eq!(rules_of(&out), ["phi/specialty"], "{}", stderr(&out));
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains(", 3 template(s) fixed in 3 file(s)"), "{}", stderr(&out));

    let plain = dir.read_file("t/a.txt");
    assert_eq!(plain, "Hi {{first_name}}, your appointment is tomorrow at 2 PM.\n---\nSee you on Monday.\n");
    let markdown = dir.read_file("t/b.md");
    assert!(markdown.starts_with("---\ntitle: Cardiology\n---\n<!-- phi-guard: ignore[phi/specialty] our legal name -->\nVisit Lakeside Dermatology Group. "), "{markdown}");
    assert!(!markdown.contains("asthma") && !markdown.contains("HIV"), "{markdown}");
    assert!(markdown.ends_with(" {{date}}.\n"), "placeholders kept: {markdown}");
    let json = dir.read_file("t/c.json");
    let parsed: serde_json::Value = serde_json::from_str(&json).expect("still JSON");
    assert_eq!(
        parsed[0]["components"][0]["text"],
        "Hi {{1}}, your refill is ready.\nReply \"HELP\" for help \u{2014} thanks."
    );
    assert!(json.contains(r#"\nReply \"HELP\" for help \u2014 thanks."#), "escapes kept as written: {json}");
    assert!(json.contains(r#""Your {{1}} visit is on Monday.""#), "not fixable, left alone: {json}");

    // A second run finds nothing more to fix and changes no byte.
    let out = run_in(dir.path(), &["check", "--fix", "t"], "");
    assert!(stderr(&out).contains(", 0 template(s) fixed in 0 file(s)"), "{}", stderr(&out));
    assert_eq!((dir.read_file("t/a.txt"), dir.read_file("t/b.md"), dir.read_file("t/c.json")), (plain, markdown, json));
    let out = run_in(dir.path(), &["check", "--diff", "t"], "");
    assert_eq!((out.status.code(), stdout(&out).as_str()), (Some(0), ""));
}

#[test]
fn diff_writes_nothing_and_standard_input_is_never_fixed_in_place() {
    let dir = Scratch::new("fix-diff");
    dir.file("a.txt", PLAIN);
    let out = run_in(dir.path(), &["check", "--diff", "a.txt"], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).starts_with("--- a/a.txt\n+++ b/a.txt\n"), "{}", stdout(&out));
    assert_eq!(dir.read_file("a.txt"), PLAIN);

    let out = run_in(dir.path(), &["check", "--fix", "-"], PLAIN);
    assert!(stderr(&out).contains("note: <stdin>: standard input is not fixed in place"), "{}", stderr(&out));
    let out = run_in(dir.path(), &["check", "--diff", "-"], PLAIN);
    assert!(stdout(&out).starts_with("--- a/<stdin>\n"), "{}", stdout(&out));

    // A rewrite that would cut into a placeholder is not written.
    dir.file("p.txt", "Your asthma review is on {{date}}.\n");
    run_in(dir.path(), &["check", "--fix", "p.txt"], "");
    let kept = dir.read_file("p.txt");
    assert_eq!(kept.matches("{{date}}").count(), 1, "{kept}");
    assert_eq!(kept.matches("}}").count(), 1, "{kept}");

    // A diff shows the matched text: not with --redact.
    let out = run_in(dir.path(), &["check", "--diff", "--redact", "a.txt"], "");
    assert_eq!(out.status.code(), Some(2));
}
