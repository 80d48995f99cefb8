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
    let key = [("PHI_GUARD_PSEUDONYM_KEY", "an audit key of sixteen bytes")];
    let out = run(&["scan", "--audit"], input, &key);
    let lines = json_lines(&out);
    let v = &lines[0];
    assert_eq!(v["id"], "a");
    assert_eq!(v["verdict"], "non_compliant");
    assert_eq!(v["rules"]["phi/medication"], 1);
    assert_eq!(v["policy"], "outbound");
    assert_eq!(v["hmac_sha256"].as_str().unwrap().len(), 64);
    assert!(v.get("sha256").is_none());
    assert_eq!(v["lexicon"].as_str().unwrap().len(), 64);
    assert!(v.get("findings").is_none());
    assert!(!stdout(&out).contains("metformin"));
    assert_eq!(out.status.code(), Some(1));

    // Same input and key, same records; another key, another hash.
    assert_eq!(stdout(&run(&["scan", "--audit"], input, &key)), stdout(&out));
    let other = run(&["scan", "--audit"], input, &[("PHI_GUARD_PSEUDONYM_KEY", "another key of sixteen bytes")]);
    assert_ne!(json_lines(&other)[0]["hmac_sha256"], v["hmac_sha256"]);

    let out = run(&["scan", "--audit", "--rewrite"], input, &key);
    assert_eq!(out.status.code(), Some(2), "--audit writes records only");
}

#[test]
fn scan_audit_needs_a_key_or_the_explicit_unkeyed_flag() {
    let input = "{\"id\":\"a\",\"text\":\"I take gabapentin\"}\n";
    let out = run(&["scan", "--audit"], input, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(json_lines(&out).is_empty(), "no record without a key");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--unkeyed-audit-hash") && err.contains("PHI_GUARD_PSEUDONYM_KEY"), "{err}");
    assert!(!err.contains("gabapentin"));

    let out = run(&["scan", "--audit", "--unkeyed-audit-hash"], input, &[]);
    assert_eq!(out.status.code(), Some(1));
    let v = &json_lines(&out)[0];
    // The plain SHA-256 of the text, which anyone can recompute from a guess.
    assert_eq!(v["sha256"], phi_guard::audit::sha256_hex("I take gabapentin"));
    assert!(v.get("hmac_sha256").is_none());

    let key_file = std::env::temp_dir().join(format!("phi-guard-audit-key-{}", std::process::id()));
    std::fs::write(&key_file, "a key kept in a file, 16+ bytes\n").unwrap();
    let out = run(&["scan", "--audit", "--key-file", key_file.to_str().unwrap()], input, &[]);
    std::fs::remove_file(&key_file).unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(json_lines(&out)[0]["hmac_sha256"].as_str().map(str::len), Some(64));

    let out = run(&["scan", "--unkeyed-audit-hash"], input, &[]);
    assert_eq!(out.status.code(), Some(2), "--unkeyed-audit-hash only goes with --audit");
}

#[test]
fn scan_redact_ids_drops_or_hashes_every_id() {
    let input = concat!(
        "{\"id\":\"patient-73519\",\"text\":\"I take metformin for my diabetes\"}\n",
        "{\"id\":884213,\"text\":\"See you on Monday\"}\n",
        "{\"id\":{\"mrn\":\"MRN-66120\"},\"text\":\"Your HIV test is back\"}\n",
        "{\"text\":\"no id here\"}\n",
    );
    let originals = ["patient-73519", "884213", "MRN-66120", "mrn"];
    let key = [("PHI_GUARD_PSEUDONYM_KEY", "an id key of sixteen bytes or more")];
    let other = [("PHI_GUARD_PSEUDONYM_KEY", "another key of sixteen bytes or more")];
    for mode in [&["--redact-text"][..], &["--audit"], &[]] {
        // Without the option the ids are copied (so the search below can fail).
        let plain = stdout(&run(&[&["scan"], mode].concat(), input, &key));
        assert!(originals.iter().all(|id| plain.contains(id)), "{plain}");

        let out = run(&[&["scan", "--redact-ids", "drop"], mode].concat(), input, &key);
        assert_ne!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
        let lines = json_lines(&out);
        assert_eq!(lines.len(), 4);
        assert!(lines.iter().all(|v| v.get("id").is_none() && v.get("verdict").is_some()), "{mode:?}: {lines:?}");

        let out = run(&[&["scan", "--redact-ids", "hash"], mode].concat(), input, &key);
        let text = stdout(&out);
        for id in originals {
            assert!(!text.contains(id), "{mode:?}: {id} in {text}");
            assert!(!String::from_utf8_lossy(&out.stderr).contains(id));
        }
        let lines = json_lines(&out);
        let hashes: Vec<&str> = lines[..3].iter().map(|v| v["id"].as_str().expect("a hashed id")).collect();
        assert!(hashes.iter().all(|h| h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit())), "{hashes:?}");
        assert!(hashes[0] != hashes[1] && hashes[1] != hashes[2]);
        assert!(lines[3].get("id").is_none(), "a record without an id has none to hash");
        // Same key, same hashes (records can be joined); another key, other hashes.
        assert_eq!(stdout(&run(&[&["scan", "--redact-ids", "hash"], mode].concat(), input, &key)), text);
        let third = json_lines(&run(&[&["scan", "--redact-ids", "hash"], mode].concat(), input, &other));
        assert_ne!(third[0]["id"], lines[0]["id"]);
    }
    // A string id is hashed as its text, whatever its escapes.
    let a = json_lines(&run(&["scan", "--redact-ids", "hash"], "{\"id\":\"ab\",\"text\":\"x\"}\n", &key));
    let b = json_lines(&run(&["scan", "--redact-ids", "hash"], "{\"id\":\"a\\u0062\",\"text\":\"x\"}\n", &key));
    assert_eq!(a[0]["id"], b[0]["id"]);

    // Hashing needs the key, and says where it goes.
    let out = run(&["scan", "--redact-ids", "hash"], input, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("PHI_GUARD_PSEUDONYM_KEY or --key-file"));
    assert!(out.stdout.is_empty());
}
