//! The `phi-guard` command: the `scan` JSONL contract, `check` diagnostics and exit codes.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use crate::common::{SEED_COMPLIANT, SEED_NON_COMPLIANT, SEED_PAIRS};

fn run(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_phi-guard"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    // Feed standard input from another thread: the child may fill the stdout pipe before
    // it has read all of its input.
    let mut pipe = child.stdin.take().unwrap();
    let input = stdin.to_owned();
    let feeder = std::thread::spawn(move || {
        let _ = pipe.write_all(input.as_bytes());
    });
    let output = child.wait_with_output().unwrap();
    feeder.join().unwrap();
    output
}

fn lines(out: &Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).expect("each line is JSON")).collect()
}

#[test]
fn scan_classifies_the_seed_pairs_in_order() {
    let mut input = String::new();
    let mut expected = Vec::new();
    for (i, (ok, bad)) in SEED_PAIRS.iter().enumerate() {
        input += &serde_json::json!({"id": format!("c{i}"), "text": ok}).to_string();
        input += "\n";
        input += &serde_json::json!({"id": format!("n{i}"), "text": bad}).to_string();
        input += "\n";
        expected.push((format!("c{i}"), "compliant"));
        expected.push((format!("n{i}"), "non_compliant"));
    }
    for (i, t) in SEED_NON_COMPLIANT.iter().enumerate() {
        input += &serde_json::json!({"id": i, "text": t}).to_string();
        input += "\n";
        expected.push((i.to_string(), "non_compliant"));
    }
    for t in SEED_COMPLIANT {
        input += &serde_json::json!({"text": t}).to_string();
        input += "\n";
        expected.push(("null".into(), "compliant"));
    }
    let out = run(&["scan"], &input);
    assert_eq!(out.status.code(), Some(1));
    let got = lines(&out);
    assert_eq!(got.len(), expected.len());
    for (g, (id, verdict)) in got.iter().zip(&expected) {
        let gid = match &g["id"] {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        assert_eq!((&gid, g["verdict"].as_str().unwrap()), (id, *verdict), "{g}");
    }
}

#[test]
fn scan_output_shape_and_redaction() {
    let input = r#"{"id": 7, "text": "Your metformin 500mg prescription is ready"}"#;
    let out = run(&["scan"], input);
    let v = &lines(&out)[0];
    assert_eq!(v["id"], 7);
    assert_eq!(v["verdict"], "non_compliant");
    assert!(v["score"].as_u64().unwrap() > 0);
    let f = &v["findings"][0];
    assert_eq!(
        (f["rule"].as_str(), f["category"].as_str(), f["severity"].as_str()),
        (Some("phi/medication"), Some("medication"), Some("error"))
    );
    assert_eq!((f["start"].as_u64(), f["end"].as_u64(), f["match"].as_str()), (Some(5), Some(14), Some("metformin")));

    let out = run(&["scan", "--redact"], input);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains("metformin") && !text.contains("500mg"), "{text}");
}

#[test]
fn scan_reports_bad_lines_and_goes_on() {
    let input = "{\"text\": \"fine\"}\nnot json at all\n\n{\"id\": 1}\n{\"text\": \"Your HIV test\"}\n";
    let out = run(&["scan"], input);
    assert_eq!(out.status.code(), Some(2));
    let got = lines(&out);
    assert_eq!(got.len(), 4);
    assert_eq!(got[0]["verdict"], "compliant");
    assert_eq!(got[1]["line"], 2);
    assert_eq!(got[2]["line"], 4);
    assert_eq!(got[3]["verdict"], "non_compliant");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("line 2") && !stderr.contains("not json"), "{stderr}");
}

#[test]
fn scan_policy_option() {
    let input = r#"{"text": "Your HIV test results are negative."}"#;
    let out = run(&["scan", "--policy", "secure-channel"], input);
    assert_eq!(lines(&out)[0]["verdict"], "compliant");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn check_prints_diagnostics_and_exit_codes() {
    let out = run(&["check", "-"], "Hello!\nReminder: Your diabetes checkup is tomorrow at 2 PM\n");
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("error[phi/condition]"), "{stdout}");
    assert!(stdout.contains("<stdin>:2:16"), "{stdout}");
    assert!(stdout.contains("^^^^^^^^ condition"), "{stdout}");

    let out = run(&["check", "-", "--redact"], "Your diabetes checkup\n");
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(!stdout.contains("diabetes") && stdout.contains("Your ******** checkup"), "{stdout}");

    let out = run(&["check", "-"], "Reminder: You have an appointment tomorrow at 2 PM\n");
    assert_eq!(out.status.code(), Some(0));

    let out = run(&["check", "--fail-on", "never", "-"], "Your HIV test\n");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn check_splits_templates_and_reports_bad_input() {
    let dir = std::env::temp_dir().join(format!("phi-guard-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("a.txt"), "Your appointment is confirmed.\n---\nYour MRI is tomorrow.\n").unwrap();
    std::fs::write(dir.join("b.txt"), b"ok \xff\xfe").unwrap();
    std::fs::write(dir.join("c.md"), b"\x00\x01binary").unwrap();
    let out = run(&["check", dir.to_str().unwrap(), "--format", "json"], "");
    assert_eq!(out.status.code(), Some(2));
    let got = lines(&out);
    assert_eq!(got.len(), 1);
    assert_eq!(
        (got[0]["line"].as_u64(), got[0]["column"].as_u64(), got[0]["rule"].as_str()),
        (Some(3), Some(6), Some("phi/procedure"))
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("b.txt: invalid UTF-8 at byte 3"), "{stderr}");
    assert!(stderr.contains("c.md: binary file (a NUL byte at byte 0)"), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn usage_errors_exit_2_and_explain_works() {
    assert_eq!(run(&["check", "--no-such-flag"], "").status.code(), Some(2));
    assert_eq!(run(&["explain", "phi/nope"], "").status.code(), Some(2));
    let out = run(&["explain", "phi/condition"], "");
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    for section in ["What it does", "Why", "Example", "Use instead"] {
        assert!(stdout.contains(section), "{stdout}");
    }
}

#[test]
fn scan_output_is_the_same_with_any_thread_count() {
    // Small batches (hidden --batch-kib) so that a short input spans many of them, with a
    // bad line in the middle.
    let mut input = String::new();
    for i in 0..3_000 {
        let text = match i % 4 {
            0 => "Your MRI is tomorrow at 9. Reply 1 to confirm, 2 to reschedule, or call us at 414-209-8830.",
            1 => "Hi, your prescription is ready for pickup at Main Street Pharmacy. Open until 7 PM today.",
            2 => "Erinnerung: Ihr Kardiologietermin ist morgen um 10:30 Uhr. Bitte bringen Sie Ihre Karte mit.",
            _ => "Gentile cliente, le ricordiamo l'appuntamento di domani alle 9:15 presso la nostra sede.",
        };
        input += &serde_json::json!({"id": i, "text": text}).to_string();
        input += "\n";
        if i == 1_500 {
            input += "{broken\n";
        }
    }
    let one = run(&["scan", "--threads", "1", "--batch-kib", "16"], &input);
    let three = run(&["scan", "--threads", "3", "--batch-kib", "16"], &input);
    assert_eq!(one.status.code(), Some(2));
    assert_eq!(three.status.code(), Some(2));
    assert_eq!(one.stdout, three.stdout);
    assert_eq!(lines(&one).len(), 3_001);
    let stderr = String::from_utf8_lossy(&three.stderr);
    assert!(stderr.contains("error: line 1502:"), "{stderr}");
    // No progress bar when standard error is not a terminal.
    assert!(!stderr.contains("ETA"), "{stderr}");
}
