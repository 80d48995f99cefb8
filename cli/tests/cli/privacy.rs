//! The command line on bad and hostile input, and what it may print.
//!
//! - Bad input is reported by file, line, column or byte offset, the other inputs are
//!   still checked, and the exit status is 2: invalid UTF-8, malformed WhatsApp JSON,
//!   malformed JSONL lines, unreadable and missing paths, binary files (unless excluded);
//!   empty input is clean; unknown flags are usage errors.
//! - Nothing prints message text unless asked: error lines name files, lines and rule
//!   ids, never the text, and under `--redact` no output format (human, JSON, SARIF,
//!   GitHub; `scan`, `rewrite --json`) carries a clinical term of its input.
//! - A long single-line file is checked and reported by line and column. The 100 MB
//!   case runs in `cli/benches/adversarial.rs` (a debug build takes minutes on it); here
//!   the same shape is checked at 4 MB.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

// ---------------------------------------------------------------------------------------
// Helpers

fn run_in(dir: Option<&Path>, args: &[&str], stdin: &[u8]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_phi-guard"));
    cmd.args(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    cmd.env_remove("PHI_GUARD_PSEUDONYM_KEY").env("NO_COLOR", "1");
    if let Some(dir) = dir {
        cmd.current_dir(dir);
    }
    let mut child = cmd.spawn().expect("the binary runs");
    let mut pipe = child.stdin.take().expect("stdin is piped");
    let input = stdin.to_vec();
    // Write from another thread: a large input must not dead-lock on a full stdout pipe.
    let writer = std::thread::spawn(move || {
        let _ = pipe.write_all(&input);
    });
    let out = child.wait_with_output().expect("the binary finishes");
    writer.join().expect("stdin written");
    out
}

fn run(args: &[&str], stdin: &[u8]) -> Output {
    run_in(None, args, stdin)
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json_lines(o: &Output) -> Vec<serde_json::Value> {
    stdout(o).lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}"))).collect()
}

/// A fresh folder under the system temporary folder, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    /// Unique per call: tests run in parallel, several on the same tree.
    fn new(name: &str) -> TempDir {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("phi-guard-privacy-{}-{n}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("a temporary folder");
        TempDir(dir)
    }

    fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.0.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&path, contents).unwrap();
        path
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

// ---------------------------------------------------------------------------------------
// Invalid UTF-8

#[test]
fn invalid_utf8_names_file_and_byte_and_the_rest_is_checked() {
    let dir = TempDir::new("utf8");
    // Valid text up to byte 26, then a lone continuation byte.
    dir.write("a-bad.txt", b"Your schizophrenia review \x80 is on Monday\n");
    dir.write("b-good.txt", "Your mammogram is tomorrow.\n");
    let out = run_in(Some(dir.path()), &["check", "--no-config", "--format", "json", "."], b"");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("a-bad.txt: invalid UTF-8 at byte 26"), "{err}");
    assert!(!err.contains("schizophrenia"), "{err}");
    let found = json_lines(&out);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["file"], "b-good.txt");
    assert_eq!((found[0]["line"].as_u64(), found[0]["column"].as_u64()), (Some(1), Some(6)));

    // Standard input: the same message, and no output.
    let out = run(&["check", "--no-config", "-"], b"Your HIV \xc3\x28 test");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("<stdin>: invalid UTF-8 at byte 9"), "{}", stderr(&out));
    assert!(!stderr(&out).contains("HIV") && stdout(&out).is_empty(), "{}", stderr(&out));
}

#[test]
fn invalid_utf8_in_a_jsonl_line_is_a_line_error() {
    let input = b"{\"id\": 1, \"text\": \"Your HIV test\"}\n{\"id\": 2, \"text\": \"Your hepatitis \xff panel\"}\n{\"id\": 3, \"text\": \"fine\"}\n";
    let out = run(&["scan"], input);
    assert_eq!(out.status.code(), Some(2));
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert_eq!(lines[0]["verdict"], "non_compliant");
    assert_eq!(lines[1]["line"], 2);
    assert!(lines[1]["error"].as_str().unwrap().contains("column"), "{}", lines[1]);
    assert_eq!(lines[2]["verdict"], "compliant");
    let all = stdout(&out) + &stderr(&out);
    assert!(!all.contains("hepatitis"), "{all}");
}

#[test]
fn invalid_utf8_on_stdin_of_rewrite_and_redact() {
    for cmd in ["rewrite", "redact"] {
        let out = run(&[cmd, "-"], b"Your lisinopril \xfe refill");
        assert_eq!(out.status.code(), Some(2), "{cmd}");
        let err = stderr(&out);
        assert!(err.contains("byte 16"), "{cmd}: {err}");
        assert!(!err.contains("lisinopril") && stdout(&out).is_empty(), "{cmd}: {err}");
    }
}

// ---------------------------------------------------------------------------------------
// Binary files, empty input

#[test]
fn binary_files_are_errors_that_quote_nothing() {
    let dir = TempDir::new("binary");
    dir.write("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR Your HIV test");
    dir.write("data.json", b"{\"components\": [\x00]}");
    dir.write("ok.txt", "See you on Monday.\n");
    let out = run_in(Some(dir.path()), &["check", "--no-config", "."], b"");
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("error: image.txt: binary file (a NUL byte at byte 8)"), "{err}");
    assert!(err.contains("error: data.json: binary file (a NUL byte at byte 16)"), "{err}");
    assert!(!err.contains("HIV") && stdout(&out).is_empty(), "{err}");
}

#[test]
fn empty_input_is_clean() {
    let dir = TempDir::new("empty");
    dir.write("empty.txt", "");
    dir.write("blank.md", "\n\n   \n");
    dir.write("empty.json", "");
    std::fs::create_dir_all(dir.path().join("nothing")).unwrap();
    for format in ["human", "json", "sarif", "github"] {
        let out = run_in(
            Some(dir.path()),
            &["check", "--no-config", "--format", format, "empty.txt", "blank.md", "nothing"],
            b"",
        );
        assert_eq!(out.status.code(), Some(0), "{format}: {}", stderr(&out));
    }
    // An empty `.json` file is not valid JSON: an input error, located.
    let out = run_in(Some(dir.path()), &["check", "--no-config", "empty.json"], b"");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("empty.json:1:"), "{}", stderr(&out));

    assert_eq!(run(&["check", "--no-config", "-"], b"").status.code(), Some(0));
    let out = run(&["scan"], b"");
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    let out = run(&["scan"], b"\n\n  \n\r\n");
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    let out = run(&["scan"], b"{\"text\": \"\"}\n");
    assert_eq!(json_lines(&out)[0]["verdict"], "compliant");
    for cmd in ["rewrite", "redact"] {
        let out = run(&[cmd, "-"], b"");
        assert_eq!(out.status.code(), Some(0), "{cmd}: {}", stderr(&out));
        assert!(stdout(&out).trim().is_empty(), "{cmd}: {}", stdout(&out));
    }
}

// ---------------------------------------------------------------------------------------
// A long single line

/// `n` bytes of ordinary text on one line, with a finding at both ends.
fn long_line(n: usize) -> String {
    let filler = "Please call the office to confirm the time of your visit next week. ";
    let mut s = String::with_capacity(n + 64);
    s.push_str("Your HIV test ");
    while s.len() < n {
        s.push_str(filler);
    }
    s.push_str("and your mammogram.");
    s
}

#[test]
fn long_single_line_file_is_checked() {
    let dir = TempDir::new("long");
    let text = long_line(4 << 20);
    dir.write("long.txt", &text);
    let out = run_in(Some(dir.path()), &["check", "--no-config", "--format", "json", "long.txt"], b"");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let found = json_lines(&out);
    let last = found.last().expect("findings");
    let column = text.rfind("mammogram").unwrap() + 1; // ASCII: bytes are characters
    assert_eq!((last["line"].as_u64(), last["column"].as_u64()), (Some(1), Some(column as u64)));
    assert_eq!(found[0]["column"], 6);

    // The same text as one JSONL line.
    let line = serde_json::json!({"id": "long", "text": text}).to_string();
    let out = run(&["scan", "--redact"], line.as_bytes());
    assert_eq!(out.status.code(), Some(1));
    let got = json_lines(&out);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0]["findings"].as_array().unwrap().last().unwrap()["start"], text.rfind("mammogram").unwrap());
}

/// The human format shows the line of each finding; a line of megabytes must not be
/// printed whole for every finding on it (output of findings × line length).
#[test]
fn human_output_of_a_long_line_is_bounded() {
    let dir = TempDir::new("long-human");
    dir.write("long.txt", long_line(1 << 20));
    for redact in [false, true] {
        let mut args = vec!["check", "--no-config", "long.txt"];
        if redact {
            args.push("--redact");
        }
        let out = run_in(Some(dir.path()), &args, b"");
        assert_eq!(out.status.code(), Some(1));
        assert!(out.stdout.len() < 64 << 10, "{} bytes of output for 2 findings", out.stdout.len());
    }
}

// ---------------------------------------------------------------------------------------
// Malformed JSON

#[test]
fn malformed_whatsapp_json_names_line_and_column_and_the_rest_is_checked() {
    let dir = TempDir::new("json");
    dir.write(
        "a-broken.json",
        "{\"name\": \"r\", \"components\": [\n  {\"type\": \"BODY\", \"text\": \"Your bipolar review\"}\n  {\"type\": \"FOOTER\"}\n]}\n",
    );
    dir.write(
        "b-shape.json",
        "{\"name\": \"r\", \"components\": [\n  {\"type\": \"BODY\", \"text\": [\"Your sertraline refill\"]}\n]}\n",
    );
    dir.write("c-good.txt", "Your Brustkrebs screening is on Monday.\n");
    let out = run_in(Some(dir.path()), &["check", "--no-config", "--format", "json", "."], b"");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    // The missing comma: line 3, column 3.
    assert!(err.contains("a-broken.json:3:") && err.contains("column 3"), "{err}");
    assert!(err.contains("b-shape.json:2:") && err.contains("column"), "{err}");
    for term in ["bipolar", "sertraline", "Brustkrebs"] {
        assert!(!err.contains(term), "{err}");
    }
    let found = json_lines(&out);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["file"], "c-good.txt");
}

#[test]
fn malformed_jsonl_names_line_and_column_and_the_rest_is_processed() {
    let input = concat!(
        "{\"id\": 1, \"text\": \"Your HIV test is ready\"}\n",
        "{\"id\": 2, \"text\": \"Your hepatitis panel\",}\n",
        "{\"id\": 3, \"txt\": \"Your lisinopril refill\"}\n",
        "\"Your mammogram\"\n",
        "{\"id\": 5, \"text\": \"See you Monday\"}\n",
        "{\"id\": 6, \"text\": \"Your schizophrenia\n",
    );
    let out = run(&["scan"], input.as_bytes());
    assert_eq!(out.status.code(), Some(2));
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 6, "{lines:?}");
    assert_eq!(lines[0]["verdict"], "non_compliant");
    for (i, line) in [(1, 2), (2, 3), (3, 4), (5, 6)] {
        assert_eq!(lines[i]["line"], line, "{}", lines[i]);
        assert!(lines[i]["error"].as_str().unwrap().contains("column "), "{}", lines[i]);
    }
    assert_eq!(lines[4]["verdict"], "compliant");
    let err = stderr(&out);
    assert!(err.contains("line 2") && err.contains("line 6"), "{err}");
    let all = stdout(&out) + &err;
    for term in ["hepatitis", "lisinopril", "mammogram", "schizophrenia"] {
        assert!(!all.contains(term), "{term} in {all}");
    }
}

/// A JSONL line must be an object; serde also reads a struct from an array, so
/// `["Your mammogram"]` is taken as `{"text": "Your mammogram"}` and `["x", 5]` gets id 5.
#[test]
fn jsonl_arrays_are_not_objects() {
    let out = run(&["scan"], b"[\"Your mammogram\"]\n");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(json_lines(&out)[0]["line"], 1);
}

// ---------------------------------------------------------------------------------------
// Unreadable paths

#[test]
fn missing_and_unreadable_paths_are_errors_and_the_rest_is_checked() {
    let dir = TempDir::new("paths");
    dir.write("ok.txt", "Your HIV test is ready.\n");
    let locked = dir.write("locked.txt", "Your hepatitis panel\n");
    let out = run_in(Some(dir.path()), &["check", "--no-config", "--format", "json", "missing.txt", "ok.txt"], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("missing.txt: no such file or folder"), "{}", stderr(&out));
    assert_eq!(json_lines(&out).len(), 1);

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
        // Root reads anything: the check only means something when the file is locked.
        if std::fs::read(&locked).is_err() {
            let out =
                run_in(Some(dir.path()), &["check", "--no-config", "--format", "json", "locked.txt", "ok.txt"], b"");
            assert_eq!(out.status.code(), Some(2));
            let err = stderr(&out);
            assert!(err.contains("locked.txt: cannot read"), "{err}");
            assert!(!err.contains("hepatitis"), "{err}");
            assert_eq!(json_lines(&out).len(), 1);
        }
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    let _ = locked;

    // A folder given as the JSONL input, and a missing one.
    for input in [dir.path().to_str().unwrap(), "/nonexistent/phi-guard/input.jsonl"] {
        let out = run(&["scan", input], b"");
        assert_eq!(out.status.code(), Some(2), "{input}");
        assert!(stderr(&out).starts_with("error: "), "{}", stderr(&out));
    }
    // A missing configuration file or lexicon.
    let out = run_in(Some(dir.path()), &["check", "--config", "nope.toml", "ok.txt"], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("nope.toml"), "{}", stderr(&out));
    dir.write("phi-guard.toml", "lexicons = [\"gone.tsv\"]\n");
    let out = run_in(Some(dir.path()), &["check", "ok.txt"], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("gone.tsv"), "{}", stderr(&out));
}

#[test]
fn a_bad_lexicon_line_names_file_and_line_not_the_term() {
    let dir = TempDir::new("lexicon");
    dir.write("ours.tsv", "#! kind: condition\nLakeside syndrome\tctx\nHIV encephalopathy\tweird-flag\n");
    dir.write("phi-guard.toml", "lexicons = [\"ours.tsv\"]\n");
    dir.write("ok.txt", "Hello\n");
    let out = run_in(Some(dir.path()), &["check", "ok.txt"], b"");
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("ours.tsv:3:"), "{err}");
    assert!(!err.contains("encephalopathy") && !err.contains("Lakeside"), "{err}");
}

// ---------------------------------------------------------------------------------------
// Unknown flags

#[test]
fn unknown_flags_and_values_are_usage_errors() {
    let cases: &[&[&str]] = &[
        &["--no-such-flag"],
        &["no-such-command"],
        &["check", "--no-such-flag", "."],
        &["check", "--format", "xml", "-"],
        &["check", "--fail-on", "sometimes", "-"],
        &["check", "--lang", "xx", "-"],
        &["check", "-j", "many", "-"],
        &["scan", "--no-such-flag"],
        &["scan", "--policy", "paranoid"],
        &["scan", "--audit", "--rewrite"],
        &["rewrite", "--no-such-flag", "text"],
        &["redact", "--operator", "shred", "text"],
        &["explain"],
    ];
    for args in cases {
        let out = run(args, b"Your HIV test");
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(out.stdout.is_empty(), "{args:?}: {}", stdout(&out));
        assert!(!stderr(&out).is_empty(), "{args:?}");
    }
    let out = run(&["check", "--no-such-flag"], b"");
    assert!(stderr(&out).contains("--no-such-flag"), "{}", stderr(&out));
    // A pseudonym without a key is refused, and says where the key goes.
    let out = run(&["redact", "--operator", "pseudonym", "Your HIV test"], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("PHI_GUARD_PSEUDONYM_KEY") && !stderr(&out).contains("HIV"), "{}", stderr(&out));
}

// ---------------------------------------------------------------------------------------
// No PHI where it does not belong

/// Clinical terms of the inputs below, each a finding where it is checked, none in any
/// rule's documentation or explanation (which SARIF output carries).
const TERMS: &[&str] = &[
    "schizophrenia",
    "lisinopril",
    "20mg",
    "HIV",
    "mammogram",
    "412-67-9053",
    "hepatitis",
    "sertraline",
    "bipolar",
    "Brustkrebs",
    "Onkologie",
    "psichiatria",
    "F20.9",
    "Kardiologietermin",
];

/// Every kind of input `check` reads, full of clinical terms: plain text, Markdown with
/// several templates, WhatsApp JSON with example values, malformed JSON, invalid UTF-8
/// and a binary file.
fn phi_tree() -> TempDir {
    let dir = TempDir::new("phi-tree");
    dir.write(
        "templates/a.txt",
        "Your schizophrenia follow-up is on Monday.\n---\nPlease bring your lisinopril 20mg and the HIV form.\n",
    );
    dir.write("templates/b.md", "# Reminders\n\nYour mammogram is tomorrow.\n\nSSN on file: 412-67-9053.\n");
    dir.write(
        "templates/c.json",
        r#"{"name": "visit_reminder", "category": "UTILITY", "components": [
  {"type": "BODY", "text": "Hi {{1}}, your {{2}} visit is tomorrow.",
   "example": {"body_text": [["Maria", "hepatitis"]]}},
  {"type": "BODY", "text": "Your sertraline refill is ready."},
  {"type": "FOOTER", "text": "Ihr Kardiologietermin"}
]}
"#,
    );
    dir.write("templates/d.json", "{\"components\": [{\"type\": \"BODY\", \"text\": \"Your bipolar review\"}\n,, ]}\n");
    dir.write("templates/e.txt", b"Ihr Brustkrebs screening \xff\n");
    dir.write("templates/f.bin", b"\x00Onkologie psichiatria");
    dir.write("templates/g.txt", "Diagnosis code F20.9 is on file.\n");
    dir
}

fn assert_no_terms(what: &str, out: &Output) {
    let all = stdout(out) + &stderr(out);
    let lower = all.to_lowercase();
    for term in TERMS {
        assert!(!lower.contains(&term.to_lowercase()), "{what}: `{term}` in output:\n{all}");
    }
}

#[test]
fn redact_keeps_clinical_terms_out_of_every_check_format() {
    let dir = phi_tree();
    // Without --redact the terms are there (so the test below means something).
    let out = run_in(Some(dir.path()), &["check", "--no-config", "--format", "json", "templates"], b"");
    let shown = stdout(&out);
    for term in ["schizophrenia", "lisinopril", "HIV", "mammogram", "hepatitis", "sertraline", "F20.9"] {
        assert!(shown.contains(term), "`{term}` is not a finding: {shown}");
    }
    for format in ["human", "json", "sarif", "github"] {
        for color in ["never", "always"] {
            let args = ["check", "--no-config", "--redact", "--format", format, "--color", color, "templates"];
            let out = run_in(Some(dir.path()), &args, b"");
            assert_eq!(out.status.code(), Some(2), "{format}: {}", stderr(&out));
            assert!(!out.stdout.is_empty(), "{format}: no output ({:?}): {}", out.status, stderr(&out));
            assert_no_terms(&format!("check --format {format} --color {color}"), &out);
        }
    }
    // Standard input, named and unnamed.
    for name in [None, Some("t.json"), Some("t.txt")] {
        let text =
            std::fs::read(dir.path().join(if name == Some("t.json") { "templates/c.json" } else { "templates/a.txt" }))
                .unwrap();
        let mut args = vec!["check", "--no-config", "--redact", "-"];
        if let Some(n) = name {
            args.extend(["--stdin-filename", n]);
        }
        for format in ["human", "json", "sarif", "github"] {
            let mut a = args.clone();
            a.extend(["--format", format]);
            assert_no_terms(&format!("stdin {name:?} {format}"), &run(&a, &text));
        }
    }
}

#[test]
fn redact_keeps_clinical_terms_out_of_scan_rewrite_and_redact() {
    let texts = [
        "Your schizophrenia follow-up is on Monday.",
        "Please bring your lisinopril 20mg and the HIV form.",
        "Your mammogram is tomorrow. SSN on file: 412-67-9053.",
        "Hi Maria, your hepatitis visit is tomorrow.",
        "Your sertraline refill is ready.",
        "Ihr Kardiologietermin ist morgen.",
        "Diagnosis code F20.9 is on file.",
    ];
    let mut input = String::new();
    for (i, t) in texts.iter().enumerate() {
        input += &serde_json::json!({"id": i, "text": t}).to_string();
        input.push('\n');
    }
    // Bad lines that hold clinical terms.
    input += "{\"id\": 90, \"text\": \"Your bipolar review\",}\n";
    input += "Onkologie psichiatria\n";
    let mut input = input.into_bytes();
    input.extend_from_slice(b"{\"id\": 92, \"text\": \"Ihr Brustkrebs \xc3\n");
    for extra in [
        &[][..],
        &["--redact-text"],
        &["--rewrite"],
        &["--rewrite", "--redact-text", "--operator", "mask"],
        &["--audit", "--unkeyed-audit-hash"],
    ] {
        let mut args = vec!["scan", "--redact"];
        args.extend_from_slice(extra);
        let out = run(&args, &input);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert_eq!(json_lines(&out).len(), texts.len() + 3, "{args:?}");
        assert_no_terms(&format!("{args:?}"), &out);
    }
    for text in texts {
        assert_no_terms("rewrite", &run(&["rewrite", text], b""));
        assert_no_terms("rewrite --json --redact", &run(&["rewrite", "--json", "--redact", text], b""));
        for op in ["category", "mask", "remove"] {
            assert_no_terms(&format!("redact --operator {op}"), &run(&["redact", "--operator", op, text], b""));
        }
    }
}

/// Error and notice lines never carry message text, with or without `--redact`.
#[test]
fn errors_never_quote_message_text() {
    let dir = phi_tree();
    std::fs::remove_file(dir.path().join("templates/a.txt")).unwrap();
    std::fs::remove_file(dir.path().join("templates/b.md")).unwrap();
    std::fs::remove_file(dir.path().join("templates/c.json")).unwrap();
    std::fs::remove_file(dir.path().join("templates/g.txt")).unwrap();
    // Left: malformed JSON, invalid UTF-8, a binary file.
    for format in ["human", "json", "sarif", "github"] {
        let out = run_in(Some(dir.path()), &["check", "--no-config", "--format", format, "templates"], b"");
        assert_eq!(out.status.code(), Some(2), "{format}");
        assert_no_terms(&format!("errors, --format {format}"), &out);
    }
    let out = run(&["scan"], "Onkologie psichiatria\n{\"text\": \"Your bipolar review\",}\n".as_bytes());
    assert_eq!(out.status.code(), Some(2));
    assert_no_terms("scan errors", &out);
}

// ---------------------------------------------------------------------------------------
// Determinism

/// The same inputs give the same output, byte for byte, on 1, 2 and 8 threads.
#[test]
fn output_is_independent_of_thread_count() {
    let dir = phi_tree();
    for i in 0..40 {
        dir.write(&format!("more/{i:02}.txt"), format!("Reminder {i}: your HIV test and your mammogram.\n"));
    }
    for format in ["json", "sarif", "human"] {
        let outs: Vec<Output> = ["1", "2", "8"]
            .iter()
            .map(|j| run_in(Some(dir.path()), &["check", "--no-config", "--format", format, "-j", j, "."], b""))
            .collect();
        for (o, j) in outs[1..].iter().zip(["2", "8"]) {
            let same = o.stdout == outs[0].stdout && o.stderr == outs[0].stderr;
            assert!(same, "{format}: -j {j} differs from -j 1 ({:?}): {}", o.status, stderr(o));
            assert_eq!(o.status.code(), outs[0].status.code());
        }
    }
    let mut input = String::new();
    for i in 0..500 {
        let text = if i % 3 == 0 { "Your HIV test is ready" } else { "See you on Monday" };
        input += &serde_json::json!({"id": i, "text": text}).to_string();
        input.push('\n');
        if i % 50 == 7 {
            input += "not json\n";
        }
    }
    let outs: Vec<Output> = ["1", "2", "8"].iter().map(|j| run(&["scan", "-j", j], input.as_bytes())).collect();
    for o in &outs[1..] {
        assert!(o.stdout == outs[0].stdout, "scan output depends on -j: {}", stderr(o));
        assert_eq!(o.status.code(), Some(2));
    }
}

#[test]
fn catalog_keys_that_hold_the_match_are_redacted_and_errors_quote_nothing() {
    let dir = TempDir::new("catalog-keys");
    // An `.xcstrings` key is the source text itself.
    dir.write(
        "Localizable.xcstrings",
        r#"{"sourceLanguage": "en", "strings": {"Your HIV test is Monday": {}, "visit": {}}}"#,
    );
    dir.write("it.yml", "it:\n  a: \"Il tuo test HIV \\q\"\n  b: Il tuo esame HIV\n");
    for format in ["human", "json", "sarif", "github"] {
        let out = run_in(Some(dir.path()), &["check", "--no-config", "--redact", "--format", format, "."], b"");
        assert_eq!(out.status.code(), Some(2), "{format}");
        let (o, e) = (stdout(&out), stderr(&out));
        assert!(!o.contains("HIV") && !e.contains("HIV"), "{format}: {o}\n{e}");
        assert!(e.contains("error: it.yml:2:23: invalid input: invalid escape"), "{format}: {e}");
    }
    // Without --redact the key is shown.
    let out = run_in(Some(dir.path()), &["check", "--no-config", "--format", "json", "Localizable.xcstrings"], b"");
    assert_eq!(json_lines(&out)[0]["key"], "Your HIV test is Monday");
}
