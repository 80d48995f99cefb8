//! The command line of rewrites, redaction and audit records: `phi-guard rewrite`,
//! `phi-guard redact`, and `scan --rewrite | --redact-text | --audit`.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn run(args: &[&str], stdin: &str, env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_phi-guard"));
    cmd.args(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    cmd.env_remove("PHI_GUARD_PSEUDONYM_KEY");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("the binary runs");
    // A command that fails before reading its input (a usage error) closes the pipe early.
    if let Err(e) = child.stdin.take().unwrap().write_all(stdin.as_bytes()) {
        assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "writing standard input: {e}");
    }
    child.wait_with_output().unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn json_lines(out: &Output) -> Vec<serde_json::Value> {
    stdout(out).lines().map(|l| serde_json::from_str(l).expect("each line is JSON")).collect()
}

#[test]
fn rewrite_prints_the_compliant_text() {
    let out = run(&["rewrite", "Reminder: Your diabetes checkup is tomorrow at 2 PM"], "", &[]);
    assert_eq!(stdout(&out), "Reminder: Your appointment is tomorrow at 2 PM\n");
    assert_eq!(out.status.code(), Some(1), "changed text exits 1");

    let out = run(&["rewrite", "-"], "Your prescription is ready for pickup\n", &[]);
    assert_eq!(stdout(&out), "Your prescription is ready for pickup\n");
    assert_eq!(out.status.code(), Some(0), "compliant text exits 0");
}

#[test]
fn rewrite_json_lists_the_edits_and_can_leave_the_original_out() {
    let out = run(&["rewrite", "--json", "Your metformin 500mg prescription is ready"], "", &[]);
    let v = &json_lines(&out)[0];
    assert_eq!(v["text"], "Your prescription is ready");
    assert_eq!(v["level"], "terms");
    assert_eq!(v["lang"], "en");
    assert_eq!(v["edits"][0]["rule"], "phi/medication");
    assert_eq!(v["edits"][0]["old"], "metformin 500mg ");

    let out = run(&["rewrite", "--json", "--redact", "Your metformin 500mg prescription is ready"], "", &[]);
    assert!(!stdout(&out).contains("metformin"), "{}", stdout(&out));
}

#[test]
fn redact_with_each_operator() {
    let text = "I take metformin for my diabetes";
    let out = run(&["redact", text], "", &[]);
    assert_eq!(stdout(&out), "I take [MEDICATION] for my [CONDITION]\n");
    assert_eq!(out.status.code(), Some(0));
    let out = run(&["redact", "--operator", "mask", "-"], text, &[]);
    assert_eq!(stdout(&out), "I take ********* for my ********\n");

    let key = [("PHI_GUARD_PSEUDONYM_KEY", "0123456789abcdef-cli-test")];
    let a = run(&["redact", "--operator", "pseudonym", text], "", &key);
    let b = run(&["redact", "--operator", "pseudonym", "Metformin, again"], "", &key);
    assert_eq!(a.status.code(), Some(0));
    let token = |o: &Output| stdout(o).split_whitespace().find(|w| w.starts_with("[MEDICATION:")).map(str::to_string);
    assert!(token(&a).is_some());
    assert_eq!(
        token(&a).map(|t| t.trim_end_matches(',').to_string()),
        token(&b).map(|t| t.trim_end_matches(',').to_string())
    );

    let out = run(&["redact", "--operator", "pseudonym", text], "", &[]);
    assert_eq!(out.status.code(), Some(2), "a pseudonym needs a key");
    assert!(String::from_utf8_lossy(&out.stderr).contains("PHI_GUARD_PSEUDONYM_KEY"));
    assert!(out.stdout.is_empty());
}

#[test]
fn scan_adds_rewrites_and_redacted_text() {
    let input =
        "{\"id\":1,\"text\":\"Your metformin 500mg prescription is ready\"}\n{\"id\":2,\"text\":\"See you soon\"}\n";
    let out = run(&["scan", "--rewrite", "--redact-text"], input, &[]);
    let lines = json_lines(&out);
    assert_eq!(lines[0]["rewrite"], "Your prescription is ready");
    assert_eq!(lines[0]["redacted"], "Your [MEDICATION] [DOSAGE] prescription is ready");
    assert_eq!(lines[1]["rewrite"], "See you soon");
    assert_eq!(out.status.code(), Some(1));

    let out = run(&["scan"], input, &[]);
    assert!(json_lines(&out)[0].get("rewrite").is_none());
}

#[test]
fn scan_audit_writes_records_without_text() {
    let input = "{\"id\":\"a\",\"text\":\"Your metformin 500mg prescription is ready\"}\n";
    let out = run(&["scan", "--audit"], input, &[]);
    let lines = json_lines(&out);
    let v = &lines[0];
    assert_eq!(v["id"], "a");
    assert_eq!(v["verdict"], "non_compliant");
    assert_eq!(v["rules"]["phi/medication"], 1);
    assert_eq!(v["policy"], "outbound");
    assert_eq!(v["sha256"].as_str().unwrap().len(), 64);
    assert_eq!(v["lexicon"].as_str().unwrap().len(), 64);
    assert!(v.get("findings").is_none());
    assert!(!stdout(&out).contains("metformin"));
    assert_eq!(out.status.code(), Some(1));

    // Same input, same records.
    assert_eq!(stdout(&run(&["scan", "--audit"], input, &[])), stdout(&out));

    let out = run(&["scan", "--audit", "--rewrite"], input, &[]);
    assert_eq!(out.status.code(), Some(2), "--audit writes records only");
}
