//! `phi-guard check` as CI runs it: SARIF validity, redaction in every format, folder
//! walking (`.gitignore`, hidden files, binary files as errors), deterministic parallel output,
//! configuration and the GitHub annotation escaping. The snapshot cases are in
//! `cli/tests/cmd/`.

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::support::{run_in, stderr, stdout};

const FORMATS: [&str; 4] = ["human", "json", "sarif", "github"];

/// A scratch folder, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("phi-guard-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    fn file(&self, rel: &str, contents: impl AsRef<[u8]>) -> &Self {
        let path = self.0.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
        self
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn cmd_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cmd")
}

#[test]
fn sarif_validates_against_the_sarif_2_1_0_schema() {
    let schema_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sarif-2.1.0-rtm.5.json");
    let text = std::fs::read_to_string(schema_path).unwrap();
    // The published schema's `run.language` pattern ends in a bare `]`, a literal in
    // ECMAScript regexes but rejected by the Rust validator's meta-schema check; escaping
    // it keeps the meaning (see cli/tests/data/README.md).
    let bad_pattern = r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#;
    assert!(text.contains(bad_pattern), "the schema file changed; review this repair");
    let text = text.replace(bad_pattern, r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}\\]?$""#);
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");

    // Findings of every kind, WhatsApp parts, catalog keys, and notifications (binary,
    // bad UTF-8).
    let dir = Scratch::new("sarif");
    dir.file("bad.txt", b"ok \xff").file("blob.txt", b"\x00\x01").file("b.txt", "Your A1C of 8.2 is high.\n");
    let out = run_in(
        &cmd_dir(),
        &["check", "--no-config", "--format", "sarif", "templates", "catalogs", dir.0.to_str().unwrap()],
        "",
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let log: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("one JSON document");
    let errors: Vec<String> = validator.iter_errors(&log).map(|e| format!("{e} at {}", e.instance_path())).collect();
    assert!(errors.is_empty(), "{errors:#?}");

    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), phi_guard::Rule::ALL.len());
    for rule in rules {
        for key in ["shortDescription", "fullDescription", "help"] {
            assert!(rule[key]["text"].as_str().is_some_and(|t| !t.is_empty()), "{rule}");
        }
    }
    let results = run["results"].as_array().unwrap();
    assert!(results.len() >= 8);
    for r in results {
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], r["ruleId"]);
        assert!(r["locations"][0]["physicalLocation"]["region"]["startLine"].as_u64().is_some());
    }
    assert_eq!(run["invocations"][0]["executionSuccessful"], false);
    assert_eq!(run["invocations"][0]["toolExecutionNotifications"].as_array().unwrap().len(), 2);

    // The validator does reject what is not SARIF.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!validator.is_valid(&broken));
}

/// Byte offset of a 1-based line and character column.
fn offset(text: &str, line: u64, column: u64) -> usize {
    let start: usize = text.split_inclusive('\n').take(line as usize - 1).map(str::len).sum();
    start + text[start..].chars().take(column as usize - 1).map(char::len_utf8).sum::<usize>()
}

#[test]
fn sarif_fixes_apply_the_rewrite() {
    let dir = Scratch::new("fixes");
    let text = "Hello {{first_name}},\nReminder: Your diabetes checkup is tomorrow at 2 PM.\n";
    dir.file("reminder.txt", text);
    let out = run_in(&dir.0, &["check", "--no-config", "--format", "sarif", "reminder.txt"], "");
    let log: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let result = &log["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "phi/condition");
    let change = &result["fixes"][0]["artifactChanges"][0];
    assert_eq!(change["artifactLocation"]["uri"], "reminder.txt");
    let mut fixed = text.to_string();
    let mut replacements: Vec<&serde_json::Value> = change["replacements"].as_array().unwrap().iter().collect();
    replacements.reverse(); // apply from the end so earlier offsets stay valid
    for r in replacements {
        let region = &r["deletedRegion"];
        let start = offset(&fixed, region["startLine"].as_u64().unwrap(), region["startColumn"].as_u64().unwrap());
        let end = offset(&fixed, region["endLine"].as_u64().unwrap(), region["endColumn"].as_u64().unwrap());
        fixed.replace_range(start..end, r["insertedContent"]["text"].as_str().unwrap());
    }
    assert_ne!(fixed, text);
    dir.file("reminder.txt", &fixed);
    let out = run_in(&dir.0, &["check", "--no-config", "reminder.txt"], "");
    assert_eq!(out.status.code(), Some(0), "{fixed}\n{}", stdout(&out));
    assert!(fixed.contains("{{first_name}}"), "{fixed}");

    // No fixes under --redact.
    let out = run_in(&dir.0, &["check", "--no-config", "--redact", "--format", "sarif", "-"], text);
    assert!(!stdout(&out).contains("\"fixes\""));
}

#[test]
fn redact_removes_matched_text_from_every_format() {
    let dir = cmd_dir();
    // The matched texts, from an unredacted run.
    let out = run_in(&dir, &["check", "--no-config", "--format", "json", "templates"], "");
    let matched: Vec<String> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["match"].as_str().unwrap().to_string())
        .filter(|m| !m.is_empty())
        .collect();
    assert!(matched.len() >= 6, "{matched:?}");
    for term in ["lisinopril", "asthma", "inhaler", "dermatology", "mammogram", "{{hiv_status}}"] {
        assert!(matched.iter().any(|m| m == term), "{term} in {matched:?}");
    }
    for format in FORMATS {
        let plain = run_in(&dir, &["check", "--no-config", "--format", format, "templates"], "");
        let redacted = run_in(&dir, &["check", "--no-config", "--redact", "--format", format, "templates"], "");
        assert_eq!(redacted.status.code(), Some(1));
        let (plain, text) = (stdout(&plain) + &stderr(&plain), stdout(&redacted) + &stderr(&redacted));
        assert!(plain.contains("mammogram"), "{format} shows matches without --redact");
        for term in &matched {
            assert!(!text.contains(term.as_str()), "{format} output leaks {term:?} under --redact:\n{text}");
        }
    }
}

#[test]
fn errors_never_quote_the_input() {
    let dir = Scratch::new("errors");
    dir.file("broken.json", "{\"components\": [{\"type\": \"BODY\", \"text\": \"Your leukemia\" \"x\"}]}")
        .file("typed.json", "{\"components\": [{\"type\": \"BODY\", \"text\": [\"Your leukemia\"]}]}")
        .file("latin1.txt", b"Your leuk\xe4mie appointment");
    for format in FORMATS {
        let out = run_in(&dir.0, &["check", "--no-config", "--format", format, "."], "");
        assert_eq!(out.status.code(), Some(2));
        let all = stdout(&out) + &stderr(&out);
        assert!(!all.contains("leuk"), "{format}: {all}");
        assert!(all.contains("broken.json:1") && all.contains("typed.json:1"), "{format}: {all}");
        assert!(all.contains("latin1.txt: invalid UTF-8 at byte 9"), "{format}: {all}");
    }
}

#[test]
fn folders_respect_gitignore_hidden_files_and_fail_on_binary_files() {
    let dir = Scratch::new("walk");
    dir.file(".gitignore", "ignored/\n*.draft.txt\n")
        .file("a.txt", "Your asthma review is tomorrow.\n")
        .file("ignored/b.txt", "Your asthma review is tomorrow.\n")
        .file("c.draft.txt", "Your asthma review is tomorrow.\n")
        .file(".hidden/d.txt", "Your asthma review is tomorrow.\n")
        .file("sub/.gitignore", "local.txt\n")
        .file("sub/local.txt", "Your asthma review is tomorrow.\n")
        .file("sub/e.md", "Your asthma review is tomorrow.\n")
        .file("sub/f.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
        .file("sub/g.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
        .file("sub/main.rs", "// Your asthma review is tomorrow.\n");
    let out = run_in(&dir.0, &["check", "--no-config", "--format", "json", "."], "");
    let files: Vec<String> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["file"].as_str().unwrap().to_string())
        .collect();
    // Only template-like files: not the source file, not the image.
    assert_eq!(files, ["a.txt", "sub/e.md"]);
    // A template-like file that is binary is not passed unchecked: an error, unless
    // excluded.
    assert!(stderr(&out).contains("error: sub/g.txt: binary file (a NUL byte at byte 8)"), "{}", stderr(&out));
    assert!(!stderr(&out).contains("f.png"), "{}", stderr(&out));
    assert_eq!(out.status.code(), Some(2));

    // A file named on the command line is checked even when ignored.
    let out = run_in(&dir.0, &["check", "--no-config", "--format", "json", "ignored/b.txt"], "");
    assert_eq!(stdout(&out).lines().count(), 1);
}

#[test]
fn output_order_is_the_same_with_any_number_of_threads() {
    let dir = Scratch::new("order");
    for i in 0..40 {
        let text = match i % 3 {
            0 => format!("Template {i}: your asthma review is tomorrow.\n---\nYour MRI is on Monday.\n"),
            1 => format!("Template {i}: you have an appointment tomorrow.\n"),
            _ => format!("Template {i}: your lisinopril refill is ready.\n"),
        };
        dir.file(&format!("t{:02}/{}.txt", 39 - i, i), text);
    }
    let one = run_in(&dir.0, &["check", "--no-config", "-j", "1", "--format", "json", "."], "");
    let files: Vec<String> = stdout(&one)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["file"].as_str().unwrap().to_string())
        .collect();
    let mut sorted = files.clone();
    sorted.sort();
    assert_eq!(files, sorted, "folders are reported in name order");
    for threads in ["2", "4", "8"] {
        let many = run_in(&dir.0, &["check", "--no-config", "-j", threads, "--format", "json", "."], "");
        assert_eq!(stdout(&many), stdout(&one), "-j {threads}");
        assert_eq!(stderr(&many), stderr(&one), "-j {threads}");
    }
}

#[test]
fn invalid_utf8_is_reported_and_other_files_are_still_checked() {
    let dir = Scratch::new("utf8");
    dir.file("a.txt", b"Hello\nYour app\xc3ointment").file("b.txt", "Your asthma review\n");
    let out = run_in(&dir.0, &["check", "--no-config", "a.txt", "b.txt"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("error: a.txt: invalid UTF-8 at byte 14"), "{}", stderr(&out));
    assert!(stdout(&out).contains("b.txt:1:6"), "{}", stdout(&out));
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let dir = cmd_dir();
    let args = |c: &'static str| ["check", "--no-config", "--color", c, "templates/refill.md"];
    assert!(stdout(&run_in(&dir, &args("always"), "")).contains("\x1b[1;31merror[phi/medication]"));
    assert!(!stdout(&run_in(&dir, &args("never"), "")).contains('\x1b'));
    // Standard output is a pipe here, so `auto` means no colour.
    assert!(!stdout(&run_in(&dir, &args("auto"), "")).contains('\x1b'));
}

#[test]
fn github_annotations_escape_properties_and_data() {
    let dir = Scratch::new("github");
    dir.file("a,b:c%.txt", "Line one\r\nYour asthma review\n");
    let out = run_in(&dir.0, &["check", "--no-config", "--format", "github", "."], "");
    assert_eq!(
        stdout(&out),
        "::error file=a%2Cb%3Ac%25.txt,line=2,col=6,endLine=2,endColumn=12,title=phi/condition::\
         names a medical condition of the recipient: `asthma`\n"
    );
    // Columns count characters, not bytes.
    let out = run_in(&dir.0, &["check", "--no-config", "--format", "github", "-"], "Caffè, città: your asthma\n");
    assert!(stdout(&out).contains("line=1,col=20,endLine=1,endColumn=26,"), "{}", stdout(&out));
}

#[test]
fn whatsapp_findings_point_into_the_json_source() {
    // `\u00e8` is six bytes in the source and one character of text: columns are of
    // the source line, so the finding after it is still located exactly.
    let src = "{\"name\": \"t\", \"category\": \"UTILITY\", \"components\": [\n\
               {\"type\": \"BODY\", \"text\": \"Caff\\u00e8 \\\"ok\\\"\\nyour asthma review on {{1}}\",\n\
                \"example\": {\"body_text\": [[\"Monday\"]]}}]}\n";
    let out =
        run_in(Path::new("."), &["check", "--no-config", "--format", "json", "--stdin-filename", "t.json", "-"], src);
    let v: serde_json::Value = serde_json::from_str(stdout(&out).lines().next().unwrap()).unwrap();
    let line2 = src.lines().nth(1).unwrap();
    let col = line2[..line2.find("asthma").unwrap()].chars().count() + 1;
    assert_eq!((v["line"].as_u64(), v["column"].as_u64()), (Some(2), Some(col as u64)), "{v}");
    assert_eq!(
        (v["part"].as_str(), v["name"].as_str(), v["with_examples"].as_bool()),
        (Some("BODY"), Some("t"), Some(false))
    );
    let (start, end) = (v["start"].as_u64().unwrap() as usize, v["end"].as_u64().unwrap() as usize);
    assert_eq!(&src[start..end], "asthma");
}

#[test]
fn whatsapp_categories_pick_the_policy() {
    let dir = Scratch::new("categories");
    let template = |category: &str, body: &str| {
        format!(
            "{{\"name\": \"x\", \"category\": \"{category}\", \"components\": [{{\"type\": \"BODY\", \"text\": \"{body}\"}}]}}"
        )
    };
    dir.file("marketing.json", template("MARKETING", "Spring open day: book now!"))
        .file("marketing-ok.json", template("MARKETING", "Spring open day: book now! Reply STOP to opt out."))
        .file("utility.json", template("UTILITY", "Spring open day: book now!"))
        .file("auth.json", template("AUTHENTICATION", "{{1}} is your code for the dialysis portal."));
    // Even under a configured `secure-channel` policy: the category decides.
    let out = run_in(&dir.0, &["check", "--no-config", "--policy", "secure-channel", "--format", "json", "."], "");
    let got: Vec<(String, String)> = stdout(&out)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (v["file"].as_str().unwrap().to_string(), v["rule"].as_str().unwrap().to_string())
        })
        .collect();
    let expected = [("auth.json", "phi/procedure"), ("marketing.json", "marketing/opt-out-missing")];
    assert_eq!(got, expected.map(|(f, r)| (f.to_string(), r.to_string())));
}

#[test]
fn configuration_is_found_upward_and_can_be_overridden() {
    let dir = Scratch::new("config");
    dir.file(
        "phi-guard.toml",
        "[rules]\n\"phi/condition\" = \"off\"\n\n[[allow]]\nphrase = \"Heart Center\"\nreason = \"our name\"\n",
    )
    .file("deep/er/a.txt", "Your asthma review at the Heart Center.\n")
    .file("deep/b.txt", "Your MRI is on Monday.\n")
    .file("other/phi-guard.toml", "include = [\"*.md\"]\n")
    .file("other/c.txt", "Your MRI is on Monday.\n")
    .file("other/d.md", "Your asthma review.\n");
    let rules = |out: &Output| -> Vec<String> {
        stdout(out)
            .lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                format!("{} {}", v["file"].as_str().unwrap(), v["rule"].as_str().unwrap())
            })
            .collect()
    };
    let out = run_in(&dir.0, &["check", "--format", "json", "."], "");
    assert_eq!(rules(&out), ["deep/b.txt phi/procedure", "other/d.md phi/condition"]);

    // Named files: checked even when not included, unless --force-exclude.
    let out = run_in(&dir.0, &["check", "--format", "json", "other/c.txt"], "");
    assert_eq!(rules(&out), ["other/c.txt phi/procedure"]);
    let out = run_in(&dir.0, &["check", "--format", "json", "--force-exclude", "other/c.txt"], "");
    assert_eq!(out.status.code(), Some(0));
    assert!(rules(&out).is_empty());

    // --config replaces discovery; --no-config ignores every file.
    let out = run_in(&dir.0, &["check", "--format", "json", "--config", "other/phi-guard.toml", "deep"], "");
    assert!(rules(&out).is_empty());
    let out = run_in(&dir.0, &["check", "--format", "json", "--no-config", "deep/er"], "");
    assert_eq!(rules(&out), ["deep/er/a.txt phi/condition", "deep/er/a.txt phi/specialty"]);

    // --dump-config prints what applies, and what it prints reads back the same.
    let dump = stdout(&run_in(&dir.0, &["check", "--dump-config", "deep/er/a.txt"], ""));
    assert!(dump.contains("\"phi/condition\" = \"off\""), "{dump}");
    dir.file("dumped.toml", &dump);
    let again = stdout(&run_in(&dir.0, &["check", "--config", "dumped.toml", "--dump-config", "deep/er/a.txt"], ""));
    let body = |s: &str| s.lines().filter(|l| !l.starts_with('#')).collect::<Vec<_>>().join("\n");
    assert_eq!(body(&again), body(&dump));
}

#[test]
fn configured_lexicons_and_languages_are_loaded() {
    let dir = Scratch::new("lexicon");
    dir.file("phi-guard.toml", "languages = [\"en\"]\nlexicons = [\"terms/ours.tsv\"]\n")
        .file("terms/ours.tsv", "#! kind: specialty\n#! lang: en\nLakeside Wound Unit\t-\t-\n")
        .file("t/a.txt", "Your visit to the Lakeside Wound Unit is confirmed.\n")
        .file("t/b.txt", "Domani visita cardiologica.\n");
    let out = run_in(&dir.0, &["check", "--format", "json", "t"], "");
    let lines: Vec<serde_json::Value> = stdout(&out).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    // Only English is loaded, so the Italian specialty goes unnoticed.
    assert_eq!(lines.len(), 1, "{}", stdout(&out));
    assert_eq!((lines[0]["file"].as_str(), lines[0]["rule"].as_str()), (Some("t/a.txt"), Some("phi/specialty")));

    // A lexicon file that is missing is a configuration error.
    dir.file("phi-guard.toml", "lexicons = [\"terms/missing.tsv\"]\n");
    let out = run_in(&dir.0, &["check", "t"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("missing.tsv"), "{}", stderr(&out));
}

#[test]
fn broken_configuration_exits_2_with_its_position() {
    let dir = Scratch::new("badconfig");
    dir.file("phi-guard.toml", "policy = \"outbound\"\n[rules]\n\"phi/condition\" = \"loud\"\n")
        .file("a.txt", "Hello\n");
    let out = run_in(&dir.0, &["check", "a.txt"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).starts_with("error: phi-guard.toml:3:19: unknown variant `loud`"), "{}", stderr(&out));
    let out = run_in(&dir.0, &["check", "--dump-config"], "");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn folders_check_catalogs_but_not_configuration_or_code() {
    let dir = Scratch::new("catalog-walk");
    dir.file("config/locales/it.yml", "it:\n  visit: Il tuo controllo del diabete\n")
        .file("docker-compose.yml", "services:\n  db: &db\n    image: x\n")
        .file("src/main/resources/application.properties", "greeting=Your asthma review\n")
        .file("src/main/resources/messages_en.properties", "visit=Your asthma review\n")
        .file(
            "app/src/main/res/values/strings.xml",
            "<resources><string name=\"a\">Your asthma review</string></resources>",
        )
        .file("pom.xml", "<project>Your asthma review</project>")
        .file("lib.rs", "// Your asthma review\n");
    let out = run_in(&dir.0, &["check", "--no-config", "--format", "json", "."], "");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let found: Vec<(String, String)> = stdout(&out)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (v["file"].as_str().unwrap().to_string(), v["key"].as_str().unwrap().to_string())
        })
        .collect();
    let found: Vec<(&str, &str)> = found.iter().map(|(f, k)| (f.as_str(), k.as_str())).collect();
    assert_eq!(
        found,
        [
            ("app/src/main/res/values/strings.xml", "a"),
            ("config/locales/it.yml", "it.visit"),
            ("src/main/resources/messages_en.properties", "visit")
        ]
    );
    // --force-exclude (pre-commit) picks named files as a folder walk does.
    let args = [
        "check",
        "--no-config",
        "--format",
        "json",
        "--force-exclude",
        "lib.rs",
        "docker-compose.yml",
        "config/locales/it.yml",
    ];
    let out = run_in(&dir.0, &args, "");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(stdout(&out).lines().count(), 1);
    assert!(stdout(&out).contains("\"file\":\"config/locales/it.yml\""), "{}", stdout(&out));
    // Named on the command line, a configuration file is read as a catalog: its anchor
    // is an error with its place.
    let out = run_in(&dir.0, &["check", "--no-config", "docker-compose.yml"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out)
            .contains("error: docker-compose.yml:2:7: invalid input: anchors, aliases and tags are not supported"),
        "{}",
        stderr(&out)
    );
}
