//! One configuration for every command: each discovery form (`phi-guard.toml`,
//! `.phi-guard.toml`, `pyproject.toml`, `Cargo.toml`), `--config`, `extend`, and
//! `scan`, `rewrite` and `redact` honouring the allow list, lexicons and `[rules]`.

use crate::support::{Scratch, rules_of, run_in, stderr, stdout};

const PRACTICE: &str = "Visit Lakeside Dermatology Group on Monday at 9.";
const ALLOW: &str = "phrase = \"Lakeside Dermatology Group\"\nreason = \"the practice's legal name\"\n";

fn scan_line(text: &str) -> String {
    format!("{}\n", serde_json::json!({"id": 1, "text": text}))
}

/// In `dir`: `check` finds nothing in a template with the practice name, `scan` and
/// `redact` keep it, `rewrite` leaves the text as it is (exit 0).
fn assert_allowed<'a>(dir: &std::path::Path, extra: &[&'a str]) {
    let with = |args: &[&'a str]| [args, extra].concat();
    std::fs::write(dir.join("t.txt"), PRACTICE).unwrap();
    let out = run_in(dir, &with(&["check", "--format", "json", "t.txt"]), "");
    assert_eq!((out.status.code(), rules_of(&out)), (Some(0), vec![]), "{}", stderr(&out));
    let out = run_in(dir, &with(&["scan"]), &scan_line(PRACTICE));
    assert_eq!((out.status.code(), rules_of(&out)), (Some(0), vec![]), "{}", stderr(&out));
    let out = run_in(dir, &with(&["rewrite", PRACTICE]), "");
    assert_eq!((out.status.code(), stdout(&out)), (Some(0), format!("{PRACTICE}\n")), "{}", stderr(&out));
    let out = run_in(dir, &with(&["redact", PRACTICE]), "");
    assert_eq!(stdout(&out), format!("{PRACTICE}\n"), "{}", stderr(&out));
}

#[test]
fn without_a_configuration_the_practice_name_is_a_finding() {
    let dir = Scratch::new("cfg-none");
    let out = run_in(dir.path(), &["rewrite", PRACTICE], "");
    assert_eq!(out.status.code(), Some(1));
    assert_ne!(stdout(&out), format!("{PRACTICE}\n"));
    let out = run_in(dir.path(), &["scan"], &scan_line(PRACTICE));
    assert_eq!(rules_of(&out), ["phi/specialty"]);
    let out = run_in(dir.path(), &["redact", PRACTICE], "");
    assert!(stdout(&out).contains("[SPECIALTY]"), "{}", stdout(&out));
}

#[test]
fn every_discovery_form_applies_to_every_command() {
    let forms = [
        ("phi-guard.toml", format!("[[allow]]\n{ALLOW}")),
        (".phi-guard.toml", format!("[[allow]]\n{ALLOW}")),
        ("pyproject.toml", format!("[project]\nname = \"x\"\n\n[[tool.phi-guard.allow]]\n{ALLOW}")),
        ("Cargo.toml", format!("[package]\nname = \"x\"\n\n[[package.metadata.phi-guard.allow]]\n{ALLOW}")),
        ("Cargo.toml", format!("[workspace]\nmembers = []\n\n[[workspace.metadata.phi-guard.allow]]\n{ALLOW}")),
    ];
    for (i, (name, text)) in forms.iter().enumerate() {
        let dir = Scratch::new(&format!("cfg-form-{i}"));
        dir.file(name, text);
        assert_allowed(dir.path(), &[]);
        let dump = stdout(&run_in(dir.path(), &["check", "--dump-config", "t.txt"], ""));
        assert!(dump.contains(&format!("# from: {name} ")), "{name}: {dump}");
    }
}

#[test]
fn a_manifest_without_a_phi_guard_table_is_passed_over() {
    let dir = Scratch::new("cfg-passover");
    dir.file("phi-guard.toml", format!("[[allow]]\n{ALLOW}"))
        .file("sub/pyproject.toml", "[project]\nname = \"x\"\n")
        .file("sub/Cargo.toml", "[package]\nname = \"x\"\n");
    assert_allowed(&dir.path().join("sub"), &[]);
    // Named with --config, the missing table is an error.
    let out = run_in(&dir.path().join("sub"), &["scan", "--config", "pyproject.toml"], "");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr(&out), "error: pyproject.toml: no [tool.phi-guard] table\n");
}

#[test]
fn config_names_a_file_for_every_command() {
    let dir = Scratch::new("cfg-flag");
    dir.file("elsewhere/team.toml", format!("[[allow]]\n{ALLOW}"));
    assert_allowed(dir.path(), &["--config", "elsewhere/team.toml"]);
    // --no-config wins over a discovered file.
    dir.file("phi-guard.toml", format!("[[allow]]\n{ALLOW}"));
    let out = run_in(dir.path(), &["rewrite", "--no-config", PRACTICE], "");
    assert_eq!(out.status.code(), Some(1));
    let out = run_in(dir.path(), &["scan", "--config", "missing.toml"], "");
    assert_eq!((out.status.code(), stderr(&out).as_str()), (Some(2), "error: missing.toml: no such file or folder\n"));
}

#[test]
fn rules_and_lexicons_apply_to_scan_and_redact() {
    let dir = Scratch::new("cfg-rules");
    dir.file(
        "phi-guard.toml",
        "lexicons = [\"terms/ours.tsv\"]\n\n[rules]\n\"phi/medication\" = \"off\"\n\"phi/condition\" = \"warning\"\n",
    )
    .file("terms/ours.tsv", "#! kind: specialty\n#! lang: en\nSunrise Wing\t-\t-\n");
    let text = "Your metformin and diabetes visit is in the Sunrise Wing.";
    let out = run_in(dir.path(), &["scan"], &scan_line(text));
    let v: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    let found: Vec<(&str, &str)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["rule"].as_str().unwrap(), f["severity"].as_str().unwrap()))
        .collect();
    assert_eq!(found, [("phi/condition", "warning"), ("phi/specialty", "error")], "{}", stderr(&out));
    let out = run_in(dir.path(), &["redact", text], "");
    assert_eq!(stdout(&out), "Your metformin and [CONDITION] visit is in the [SPECIALTY].\n");
    // The audit record names the rules that fired under the configuration.
    let out = run_in(dir.path(), &["scan", "--audit", "--unkeyed-audit-hash"], &scan_line(text));
    let v: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert!(v["rules"].get("phi/medication").is_none(), "{v}");
    assert!(v["rules"].get("phi/specialty").is_some(), "{v}");
}

#[test]
fn warn_is_an_alias_of_warning() {
    let dir = Scratch::new("cfg-warn");
    for word in ["warn", "warning"] {
        dir.file("phi-guard.toml", format!("[rules]\n\"phi/condition\" = \"{word}\"\n"));
        let out = run_in(dir.path(), &["scan"], &scan_line("Your diabetes visit"));
        assert!(stdout(&out).contains("\"severity\":\"warning\""), "{word}: {}", stdout(&out));
        let dump = stdout(&run_in(dir.path(), &["check", "--dump-config"], ""));
        assert!(dump.contains("\"phi/condition\" = \"warning\""), "{dump}");
    }
}

#[test]
fn extend_inherits_relative_to_each_file() {
    let dir = Scratch::new("cfg-extend");
    dir.file(
        "phi-guard.toml",
        format!("policy = \"broadcast\"\nlexicons = [\"terms/ours.tsv\"]\n\n[rules]\n\"phi/medication\" = \"off\"\n\n[[allow]]\n{ALLOW}"),
    )
    .file("terms/ours.tsv", "#! kind: specialty\n#! lang: en\nSunrise Wing\t-\t-\n")
    .file("team/phi-guard.toml", "extend = \"../phi-guard.toml\"\npolicy = \"outbound\"\n\n[rules]\n\"phi/condition\" = \"warning\"\n");
    let team = dir.path().join("team");
    assert_allowed(&team, &[]);
    let dump = stdout(&run_in(&team, &["check", "--dump-config", "t.txt"], ""));
    assert!(dump.contains("policy = \"outbound\""), "{dump}");
    assert!(dump.contains("lexicons = [\"../terms/ours.tsv\"]"), "{dump}");
    assert!(dump.contains("\"phi/medication\" = \"off\""), "{dump}");
    assert!(dump.contains("\"phi/condition\" = \"warning\""), "{dump}");
    let out = run_in(&team, &["scan"], &scan_line("Meet us in the Sunrise Wing about your metformin."));
    assert_eq!(rules_of(&out), ["phi/specialty"], "{}", stderr(&out));
}

#[test]
fn extend_cycles_and_missing_bases_are_errors_with_positions() {
    let dir = Scratch::new("cfg-cycle");
    dir.file("phi-guard.toml", "# ours\nextend = \"base/phi-guard.toml\"\n")
        .file("base/phi-guard.toml", "extend = \"../phi-guard.toml\"\n")
        .file("a.txt", "See you on Monday.\n");
    for args in [&["check", "."][..], &["scan"], &["rewrite", "x"], &["redact", "x"]] {
        let out = run_in(dir.path(), args, "");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&out)
                .contains("error: base/phi-guard.toml:1:10: `extend` leads back to base/../phi-guard.toml: a cycle"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    dir.file("phi-guard.toml", "extend = \"nowhere.toml\"\n");
    let out = run_in(dir.path(), &["scan"], "");
    assert_eq!(stderr(&out), "error: nowhere.toml: no such file or folder\n");
    dir.file("phi-guard.toml", "extend = \"pyproject.toml\"\n").file("pyproject.toml", "[project]\n");
    let out = run_in(dir.path(), &["scan"], "");
    assert_eq!(stderr(&out), "error: phi-guard.toml:1:10: `extend`: pyproject.toml has no [tool.phi-guard] table\n");
}
