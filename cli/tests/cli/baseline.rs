//! Baselines: `--write-baseline` records today's findings by fingerprint, `--baseline`
//! reports only new ones, and SARIF carries the same fingerprints.

use crate::support::{Scratch, rules_of, run_in, stderr, stdout};

fn fingerprints_of_sarif(o: &std::process::Output) -> Vec<String> {
    let log: serde_json::Value = serde_json::from_str(&stdout(o)).unwrap();
    log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["partialFingerprints"]["phiGuardFinding/v1"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn write_then_add_a_leak_reports_only_the_new_one() {
    let dir = Scratch::new("baseline-round-trip");
    dir.file("templates/a.txt", "Your diabetes visit is on Monday.\n---\nYour metformin refill is ready.\n")
        .file("templates/b.md", "Your asthma review is on Friday.\n");
    let out = run_in(dir.path(), &["check", "--write-baseline", "phi-guard-baseline.json", "templates"], "");
    assert_eq!(out.status.code(), Some(0), "recorded findings do not fail: {}", stderr(&out));
    assert!(stderr(&out).ends_with(", 3 finding(s), 3 recorded in phi-guard-baseline.json\n"), "{}", stderr(&out));
    let written = dir.read_file("phi-guard-baseline.json");
    for term in ["diabetes", "metformin", "asthma", "Monday"] {
        assert!(!written.to_lowercase().contains(&term.to_lowercase()), "{term} in {written}");
    }

    // Lines added above every finding, and one new leak in the second template.
    dir.file(
        "templates/a.txt",
        "Hello!\n\nYour diabetes visit is on Monday.\n---\nHi.\nYour metformin refill is ready, and your lisinopril too.\n",
    );
    let out =
        run_in(dir.path(), &["check", "--format", "json", "--baseline", "phi-guard-baseline.json", "templates"], "");
    assert_eq!((out.status.code(), rules_of(&out)), (Some(1), vec!["phi/medication".to_string()]), "{}", stderr(&out));
    assert!(stdout(&out).contains("\"match\":\"lisinopril\""), "{}", stdout(&out));
    assert!(stderr(&out).ends_with(", 1 finding(s), 3 in the baseline\n"), "{}", stderr(&out));

    // Without the new leak, the run is clean.
    dir.file("templates/a.txt", "Your diabetes visit is on Monday.\n---\nYour metformin refill is ready.\n");
    let out = run_in(dir.path(), &["check", "--baseline", "phi-guard-baseline.json", "templates"], "");
    assert_eq!((out.status.code(), stdout(&out).as_str()), (Some(0), ""), "{}", stderr(&out));
}

#[test]
fn a_term_recorded_once_covers_one_finding_only() {
    let dir = Scratch::new("baseline-count");
    dir.file("a.txt", "Your asthma review is on Monday.\n");
    run_in(dir.path(), &["check", "--write-baseline", "b.json", "a.txt"], "");
    dir.file("a.txt", "Your asthma review is on Monday. Asthma  plans are attached.\n");
    let out = run_in(dir.path(), &["check", "--format", "json", "--baseline", "b.json", "a.txt"], "");
    assert_eq!(rules_of(&out), ["phi/condition"]);
    assert!(stdout(&out).contains("\"match\":\"Asthma\""), "{}", stdout(&out));
    // A finding moved to another template is new there.
    dir.file("a.txt", "Hello.\n---\nYour asthma review is on Monday.\n");
    let out = run_in(dir.path(), &["check", "--format", "json", "--baseline", "b.json", "a.txt"], "");
    assert_eq!(rules_of(&out), ["phi/condition"]);
}

#[test]
fn sarif_carries_the_baseline_fingerprints() {
    let dir = Scratch::new("baseline-sarif");
    dir.file("a.txt", "Your diabetes visit.\n---\nYour metformin refill.\n");
    let sarif = run_in(dir.path(), &["check", "--format", "sarif", "a.txt"], "");
    let printed = fingerprints_of_sarif(&sarif);
    run_in(dir.path(), &["check", "--write-baseline", "b.json", "a.txt"], "");
    let baseline: serde_json::Value = serde_json::from_str(&dir.read_file("b.json")).unwrap();
    let mut recorded: Vec<String> = baseline["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["fingerprint"].as_str().unwrap().to_string())
        .collect();
    let mut printed_sorted = printed.clone();
    printed_sorted.sort();
    recorded.sort();
    assert_eq!(printed_sorted, recorded);
    assert_eq!(printed.len(), 2);
    assert!(printed.iter().all(|f| f.len() == 64 && f.bytes().all(|b| b.is_ascii_hexdigit())), "{printed:?}");
}

#[test]
fn bad_baselines_are_errors_that_quote_nothing() {
    let dir = Scratch::new("baseline-bad");
    dir.file("a.txt", "Your diabetes visit.\n")
        .file("bad.json", "{\"version\": 1, \"findings\": [{\"file\": \"a\", \"rule\": \"r\", \"fingerprint\": \"f\", \"count\": \"diabetes\"}]}")
        .file("v2.json", "{\"version\": 2, \"findings\": []}");
    let out = run_in(dir.path(), &["check", "--baseline", "missing.json", "a.txt"], "");
    assert_eq!((out.status.code(), stderr(&out).as_str()), (Some(2), "error: missing.json: no such file or folder\n"));
    let out = run_in(dir.path(), &["check", "--baseline", "bad.json", "a.txt"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).starts_with("error: bad.json:1:"), "{}", stderr(&out));
    assert!(!stderr(&out).contains("diabetes"), "{}", stderr(&out));
    let out = run_in(dir.path(), &["check", "--baseline", "v2.json", "a.txt"], "");
    assert!(stderr(&out).contains("baseline version 2"), "{}", stderr(&out));
}
