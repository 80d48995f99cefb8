//! Everyday flags that the snapshots in `cli/tests/cmd/` do not show: `--output-file`,
//! one wording for a missing file in every command, and the summary's finding count.

use crate::support::{Scratch, rules_of, run_in, stderr, stdout};

#[test]
fn output_file_takes_the_results_of_check_and_scan() {
    let dir = Scratch::new("flags-output");
    dir.file("a.txt", "Your metformin refill is ready.\n");
    let out = run_in(dir.path(), &["check", "--format", "json", "--output-file", "out.jsonl", "a.txt"], "");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out), "");
    let written = std::fs::read_to_string(dir.path().join("out.jsonl")).unwrap();
    assert_eq!(written.lines().count(), 1);
    assert!(written.contains("\"rule\":\"phi/medication\""), "{written}");

    let out = run_in(dir.path(), &["scan", "-o", "scan.jsonl"], "{\"id\":1,\"text\":\"Your asthma visit\"}\n");
    assert_eq!((out.status.code(), stdout(&out).as_str()), (Some(1), ""));
    let written = std::fs::read_to_string(dir.path().join("scan.jsonl")).unwrap();
    assert!(written.starts_with("{\"id\":1,\"verdict\":\"non_compliant\""), "{written}");

    // A folder that does not exist: an error naming the file, exit 2.
    let out = run_in(dir.path(), &["check", "-o", "no/such/dir/out.txt", "a.txt"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).starts_with("error: no/such/dir/out.txt: cannot write: "), "{}", stderr(&out));
}

#[test]
fn a_missing_file_reads_the_same_in_every_command() {
    let dir = Scratch::new("flags-missing");
    let cases: [&[&str]; 5] = [
        &["check", "--no-config", "gone.txt"],
        &["scan", "--no-config", "gone.txt"],
        &["scan", "--config", "gone.txt"],
        &["rewrite", "--config", "gone.txt", "x"],
        &["redact", "--no-config", "--operator", "pseudonym", "--key-file", "gone.txt", "x"],
    ];
    for args in cases {
        let out = run_in(dir.path(), args, "");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = stderr(&out);
        assert!(err.starts_with("error: gone.txt: ") && err.contains("no such file or folder"), "{args:?}: {err}");
    }
}

#[test]
fn summaries_count_findings_as_well_as_texts() {
    let dir = Scratch::new("flags-summary");
    dir.file("a.txt", "Your metformin and lisinopril refills are ready.\n---\nSee you Monday.\n");
    let out = run_in(dir.path(), &["check", "--format", "json", "a.txt"], "");
    assert_eq!(rules_of(&out), ["phi/medication", "phi/medication"]);
    assert_eq!(stderr(&out), "phi-guard: checked 2 text(s) in 1 file(s): 1 with findings, 2 finding(s)\n");
    let out =
        run_in(dir.path(), &["scan"], "{\"text\":\"Your metformin and lisinopril refills\"}\n{\"text\":\"Hi\"}\n");
    assert_eq!(
        stderr(&out),
        "phi-guard: scanned 2 message(s): 1 non-compliant, 0 review, 2 finding(s), 0 invalid line(s)\n"
    );
}

#[test]
fn select_and_ignore_apply_to_scan_and_decide_the_exit_status() {
    let dir = Scratch::new("flags-select");
    let line = "{\"text\":\"Your metformin refill for your asthma\"}\n";
    let out = run_in(dir.path(), &["scan", "--select", "phi/condition"], line);
    assert_eq!((out.status.code(), rules_of(&out)), (Some(1), vec!["phi/condition".to_string()]));
    let out = run_in(dir.path(), &["scan", "--ignore", "phi/condition,phi/medication"], line);
    assert_eq!((out.status.code(), rules_of(&out)), (Some(0), vec![]));
    // --ignore wins over --select.
    let out = run_in(dir.path(), &["scan", "--select", "phi/", "--ignore", "phi/med"], line);
    assert_eq!(rules_of(&out), ["phi/condition"]);
}

#[test]
fn completions_cover_every_subcommand_and_flag_in_every_shell() {
    let dir = Scratch::new("flags-completions");
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = run_in(dir.path(), &["completions", shell], "");
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = stdout(&out);
        for word in ["check", "scan", "rewrite", "redact", "rules", "explain", "write-baseline", "text-field"] {
            assert!(script.contains(word), "{shell}: no {word}");
        }
    }
    let out = run_in(dir.path(), &["completions", "tcsh"], "");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn man_pages_for_the_command_and_each_subcommand() {
    let dir = Scratch::new("flags-man");
    let out = run_in(dir.path(), &["man"], "");
    assert_eq!(out.status.code(), Some(0));
    let page = stdout(&out);
    assert!(page.contains(".TH phi-guard 1"), "{page}");
    for sub in ["check", "scan", "rewrite", "redact", "rules", "explain", "completions", "man"] {
        assert!(page.contains(&format!("phi\\-guard\\-{sub}(1)")), "no {sub} in the subcommand list");
        let out = run_in(dir.path(), &["man", sub], "");
        assert_eq!(out.status.code(), Some(0), "{sub}");
        let page = stdout(&out);
        assert!(page.contains(&format!(".TH phi-guard-{sub} 1")), "{sub}: {page}");
        assert!(page.contains(&format!("phi\\-guard {sub}")), "{sub}: {page}");
    }
    assert!(stdout(&run_in(dir.path(), &["man", "check"], "")).contains("\\-\\-fail\\-on"));
    let out = run_in(dir.path(), &["man", "nope"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
}
