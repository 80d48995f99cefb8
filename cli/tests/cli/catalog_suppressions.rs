//! Suppressions in the comments of message catalogs: a directive silences the entry after
//! it, in the comment syntax of each format; a JSON catalog has no comments.

use crate::support::{Scratch, run_in, stderr, stdout};

/// The findings of `check --format json` as (file, line, rule).
fn findings(out: &std::process::Output) -> Vec<(String, u64, String)> {
    stdout(out)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("a JSON line");
            (
                v["file"].as_str().unwrap().to_string(),
                v["line"].as_u64().unwrap(),
                v["rule"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_directive_in_a_catalog_comment_silences_the_entry_after_it() {
    let dir = Scratch::new("catalog-suppress");
    dir.file(
        "config/locales/en.yml",
        "en:\n  reminders:\n    # phi-guard: ignore[phi/specialty] the clinic's legal name\n    visit: \"Your visit to Lakeside Oncology Group is on %{date}.\"\n    other: \"Your oncology follow-up is on %{date}.\"\n",
    )
    .file(
        "locale/it/LC_MESSAGES/messages.po",
        "msgid \"\"\nmsgstr \"\"\n\"Language: it\\n\"\n\n# phi-guard: ignore[phi/condition] reviewed wording\nmsgid \"asthma\"\nmsgstr \"Il controllo dell'asma è domani.\"\n\nmsgid \"diab\"\nmsgstr \"Il controllo del diabete è domani.\"\n",
    )
    .file(
        "res/values/strings.xml",
        "<resources>\n  <!-- phi-guard: ignore[phi/procedure] a generic service name -->\n  <string name=\"a\">Your MRI is on Monday.</string>\n  <string name=\"b\">Your MRI results are ready.</string>\n</resources>\n",
    )
    .file(
        "en.lproj/Localizable.strings",
        "// phi-guard: ignore[phi/condition] reviewed\n\"a\" = \"Your asthma review is tomorrow.\";\n\"b\" = \"Your asthma review is on Friday.\";\n",
    );
    let out = run_in(dir.path(), &["check", "--no-config", "--format", "json", "--report-unused-ignores", "."], "");
    let mut got = findings(&out);
    got.sort();
    let want = [
        ("config/locales/en.yml", 5, "phi/specialty"),
        ("en.lproj/Localizable.strings", 3, "phi/condition"),
        ("locale/it/LC_MESSAGES/messages.po", 10, "phi/condition"),
        ("res/values/strings.xml", 4, "phi/procedure"),
    ];
    let want: Vec<(String, u64, String)> = want.iter().map(|(f, l, r)| (f.to_string(), *l, r.to_string())).collect();
    assert_eq!(got, want, "{}", stderr(&out));
    assert!(!stderr(&out).contains("unused suppression"), "{}", stderr(&out));
    assert!(stderr(&out).contains("4 suppressed"), "{}", stderr(&out));

    // A directive that silences nothing is reported, with its place.
    dir.file(
        "config/locales/en.yml",
        "en:\n  # phi-guard: ignore[phi/medication] stale\n  visit: \"See you on Monday.\"\n",
    );
    let out = run_in(dir.path(), &["check", "--no-config", "--report-unused-ignores", "config"], "");
    assert!(stderr(&out).contains("en.yml:2:5: unused suppression of `phi/medication`"), "{}", stderr(&out));
    assert_eq!(out.status.code(), Some(1));
}
