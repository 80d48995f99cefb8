//! `check` as a gate that fails closed: every input it is asked to read is either checked
//! or reported as an error (exit 2), never passed unseen. Symbolic links, UTF-16 and
//! UTF-32 files, binary files, JSON on standard input and configuration files above the
//! repository.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn run_in(dir: &Path, args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_phi-guard"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("PHI_GUARD_PSEUDONYM_KEY")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let mut pipe = child.stdin.take().expect("stdin is piped");
    let input = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = pipe.write_all(&input);
    });
    let out = child.wait_with_output().expect("the binary finishes");
    writer.join().expect("stdin written");
    out
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `file line:column rule` for each finding of `--format json`.
fn findings(o: &Output) -> Vec<String> {
    stdout(o)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}"));
            format!("{} {}:{} {}", v["file"].as_str().unwrap(), v["line"], v["column"], v["rule"].as_str().unwrap())
        })
        .collect()
}

/// A scratch folder, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("phi-guard-fc-{name}-{}", std::process::id()));
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

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[cfg(unix)]
#[test]
fn symlinks_in_a_walked_folder_are_followed_and_loops_end() {
    use std::os::unix::fs::symlink;
    let dir = Scratch::new("symlink");
    dir.file("shared/reminder.txt", "Your gabapentin refill is ready.\n");
    std::fs::create_dir_all(dir.path().join("templates/nested")).unwrap();
    symlink(dir.path().join("shared/reminder.txt"), dir.path().join("templates/linked.txt")).unwrap();
    symlink(dir.path().join("shared"), dir.path().join("templates/nested/shared")).unwrap();
    // A loop: templates/nested/up → templates.
    symlink(dir.path().join("templates"), dir.path().join("templates/nested/up")).unwrap();

    let started = std::time::Instant::now();
    let out = run_in(dir.path(), &["check", "--no-config", "--format", "json", "templates"], b"");
    assert!(started.elapsed().as_secs() < 30, "the walk ends");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        findings(&out),
        ["templates/linked.txt 1:6 phi/medication", "templates/nested/shared/reminder.txt 1:6 phi/medication"]
    );
    assert!(stderr(&out).contains("note: "), "the loop is noted: {}", stderr(&out));

    // A link to a device is never read: an error, unless excluded.
    symlink("/dev/zero", dir.path().join("templates/zero.txt")).unwrap();
    let out = run_in(dir.path(), &["check", "--no-config", "templates"], b"");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("error: templates/zero.txt: not a regular file"), "{}", stderr(&out));
    dir.file("phi-guard.toml", "exclude = [\"zero.txt\"]\n");
    let out = run_in(dir.path(), &["check", "templates"], b"");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    std::fs::remove_file(dir.path().join("templates/zero.txt")).unwrap();
    std::fs::remove_file(dir.path().join("phi-guard.toml")).unwrap();

    // A dangling link is an error, not a skip.
    symlink(dir.path().join("gone.txt"), dir.path().join("templates/dangling.txt")).unwrap();
    let out = run_in(dir.path(), &["check", "--no-config", "--format", "json", "templates"], b"");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("dangling.txt"), "{}", stderr(&out));
}

/// `text` in an encoding with its byte-order mark.
fn encode(text: &str, encoding: &str) -> Vec<u8> {
    let mut out = Vec::new();
    match encoding {
        "utf-16le" => {
            out.extend([0xff, 0xfe]);
            text.encode_utf16().for_each(|u| out.extend(u.to_le_bytes()));
        }
        "utf-16be" => {
            out.extend([0xfe, 0xff]);
            text.encode_utf16().for_each(|u| out.extend(u.to_be_bytes()));
        }
        "utf-32le" => {
            out.extend([0xff, 0xfe, 0, 0]);
            text.chars().for_each(|c| out.extend((c as u32).to_le_bytes()));
        }
        "utf-32be" => {
            out.extend([0, 0, 0xfe, 0xff]);
            text.chars().for_each(|c| out.extend((c as u32).to_be_bytes()));
        }
        _ => unreachable!(),
    }
    out
}

#[test]
fn utf16_and_utf32_with_a_byte_order_mark_are_decoded_and_located() {
    let dir = Scratch::new("utf16");
    // Characters outside the BMP (a surrogate pair in UTF-16) before the term.
    let text = "Hello 😀,\nrépondez: 😀 your gabapentin refill is ready.\n";
    let encodings = ["utf-16le", "utf-16be", "utf-32le", "utf-32be"];
    for e in encodings {
        dir.file(&format!("{e}.txt"), encode(text, e));
    }
    let mut args = vec!["check", "--no-config", "--format", "json"];
    let names: Vec<String> = encodings.iter().map(|e| format!("{e}.txt")).collect();
    args.extend(names.iter().map(String::as_str));
    let out = run_in(dir.path(), &args, b"");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let expected: Vec<String> = encodings.iter().map(|e| format!("{e}.txt 2:18 phi/medication")).collect();
    assert_eq!(findings(&out), expected);
    // The same in a walked folder.
    let out = run_in(dir.path(), &["check", "--no-config", "--format", "json", "."], b"");
    assert_eq!(findings(&out).len(), 4, "{}", stdout(&out));

    // A byte-order mark followed by an odd number of bytes, or a lone surrogate, is an
    // error naming the file.
    dir.file("odd.txt", b"\xff\xfeY\x00o");
    dir.file("lone.txt", b"\xfe\xff\x00Y\xd8\x00\x00o");
    let out = run_in(dir.path(), &["check", "--no-config", "odd.txt", "lone.txt"], b"");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("error: odd.txt: invalid UTF-16LE"), "{}", stderr(&out));
    assert!(stderr(&out).contains("error: lone.txt: invalid UTF-16BE at byte 4"), "{}", stderr(&out));
}

#[test]
fn binary_files_are_errors_unless_excluded() {
    let dir = Scratch::new("binary");
    dir.file("templates/a.txt", "See you on Monday.\n")
        .file("templates/b.txt", b"Your gabapentin\x00 refill is ready.\n")
        .file("templates/logo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR");
    for args in [&["check", "--no-config", "templates"][..], &["check", "--no-config", "templates/b.txt"]] {
        let out = run_in(dir.path(), args, b"");
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains("error: templates/b.txt: binary file (a NUL byte at byte 15)"), "{err}");
        assert!(!err.contains("gabapentin") && !stdout(&out).contains("gabapentin"), "{err}");
    }
    // Excluded by configuration: not read at all.
    dir.file("phi-guard.toml", "exclude = [\"*.png\", \"b.txt\"]\n");
    let out = run_in(dir.path(), &["check", "templates"], b"");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!stderr(&out).contains("logo.png"), "{}", stderr(&out));
    let out = run_in(dir.path(), &["check", "--force-exclude", "templates/b.txt"], b"");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn json_on_standard_input_is_never_reread_as_text() {
    let dir = Scratch::new("stdin-json");
    // Valid WhatsApp JSON with an escaped term: found.
    let escaped = br#"{"name": "r", "components": [{"type": "BODY", "text": "Your \u0067abapentin refill"}]}"#;
    let out = run_in(dir.path(), &["check", "--no-config", "--format", "json", "-"], escaped);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(findings(&out), ["<stdin> 1:61 phi/medication"]);

    // Malformed: an error with line and column, not a plain-text check of the raw JSON.
    let broken = b"\n  {\"components\": [{\"type\": \"BODY\", \"text\": \"Your \\u0067abapentin\" \"x\"}]}";
    let out = run_in(dir.path(), &["check", "--no-config", "--format", "json", "-"], broken);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stdout(&out).is_empty(), "{}", stdout(&out));
    let err = stderr(&out);
    assert!(err.contains("error: <stdin>:2: invalid input:") && err.contains("(column "), "{err}");
    assert!(!err.contains("abapentin"), "{err}");

    // JSON that holds no template: an error too.
    for input in [&b"[\"Your \\u0067abapentin refill\"]"[..], b" {\"text\": \"Your gabapentin\"}"] {
        let out = run_in(dir.path(), &["check", "--no-config", "-"], input);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert!(stderr(&out).contains("error: <stdin>: JSON without a WhatsApp template"), "{}", stderr(&out));
    }
    // Named as text, the same input is checked as text.
    let out = run_in(dir.path(), &["check", "--no-config", "--stdin-filename", "a.txt", "-"], b"[\"Your gabapentin\"]");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    // Text that does not look like JSON is text.
    let out = run_in(dir.path(), &["check", "--no-config", "-"], b"Your gabapentin refill {is} ready");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
}

#[test]
fn configuration_discovery_stops_at_the_repository_root() {
    let dir = Scratch::new("discovery");
    // A configuration above the repository that would switch the rule off.
    dir.file("phi-guard.toml", "[rules]\n\"phi/medication\" = \"off\"\n")
        .file("repo/.git/HEAD", "ref: refs/heads/main\n")
        .file("repo/templates/a.txt", "Your gabapentin refill is ready.\n")
        // A worktree's `.git` is a file.
        .file("worktree/.git", "gitdir: /elsewhere\n")
        .file("worktree/a.txt", "Your gabapentin refill is ready.\n")
        .file("plain/a.txt", "Your gabapentin refill is ready.\n");
    for repo in ["repo", "worktree"] {
        let out = run_in(&dir.path().join(repo), &["check", "--format", "json", "."], b"");
        assert_eq!(out.status.code(), Some(1), "{repo}: {}", stderr(&out));
        let dump = stdout(&run_in(&dir.path().join(repo), &["check", "--dump-config", "."], b""));
        assert!(dump.contains("# from: built-in defaults (no configuration"), "{dump}");
        assert!(dump.contains("\"phi/medication\" = \"error\""), "{dump}");
    }
    // Outside a repository the search goes on upward, and the dump names the file.
    let out = run_in(&dir.path().join("plain"), &["check", "--format", "json", "."], b"");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let dump = stdout(&run_in(&dir.path().join("plain"), &["check", "--dump-config", "."], b""));
    let config = dir.path().join("phi-guard.toml");
    assert!(dump.contains(&format!("# from: {}", config.display())), "{dump}");
    // The repository's own configuration applies.
    dir.file("repo/phi-guard.toml", "policy = \"strict\"\n");
    let dump = stdout(&run_in(&dir.path().join("repo"), &["check", "--dump-config", "templates/a.txt"], b""));
    assert!(dump.contains("# from: phi-guard.toml"), "{dump}");
    let dump = stdout(&run_in(&dir.path().join("repo"), &["check", "--no-config", "--dump-config", "."], b""));
    assert!(dump.contains("# from: built-in defaults (--no-config)"), "{dump}");
}

// ---------------------------------------------------------------------------------------
// Bounded reads

/// Runs a command that must fail on a size limit, quickly.
fn limited(dir: &Path, args: &[&str], stdin: &[u8], message: &str) {
    let started = std::time::Instant::now();
    let out = run_in(dir, args, stdin);
    let elapsed = started.elapsed();
    assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
    assert!(stderr(&out).contains(message), "{args:?}: {}", stderr(&out));
    assert!(elapsed.as_secs() < 60, "{args:?} took {elapsed:?}");
}

#[cfg(unix)]
#[test]
fn dev_zero_ends_on_a_limit_as_lexicon_key_file_and_scan_input() {
    let dir = Scratch::new("dev-zero");
    dir.file("phi-guard.toml", "lexicons = [\"/dev/zero\"]\n").file("a.txt", "See you on Monday.\n");
    limited(dir.path(), &["check", "a.txt"], b"", "/dev/zero: larger than the limit of 268435456 bytes");
    limited(
        dir.path(),
        &["redact", "--no-config", "--operator", "pseudonym", "--key-file", "/dev/zero", "Your HIV test"],
        b"",
        "/dev/zero: key file larger than the limit of 65536 bytes (64 KiB)",
    );
    limited(
        dir.path(),
        &["scan", "--no-config", "--operator", "pseudonym", "--redact-text", "--key-file", "/dev/zero"],
        b"",
        "larger than the limit of 65536 bytes (64 KiB)",
    );
    limited(
        dir.path(),
        &["scan", "--no-config", "/dev/zero"],
        b"",
        "error: /dev/zero: line 1 is longer than the limit of 67108864 bytes (64 MiB); raise it with --max-line-size",
    );
    // Named to `check`: not a file, an error.
    limited(dir.path(), &["check", "--no-config", "/dev/zero"], b"", "/dev/zero: not a regular file or folder");
}

#[test]
fn templates_configs_and_scan_lines_have_limits_that_flags_raise() {
    let dir = Scratch::new("limits");
    let big = format!("Your gabapentin refill is ready.{}\n", " ".repeat(2000));
    dir.file("big.txt", &big).file("small.txt", "Your gabapentin refill is ready.\n");
    limited(
        dir.path(),
        &["check", "--no-config", "--max-file-size", "1K", "big.txt", "small.txt"],
        b"",
        "error: big.txt: larger than the limit of 1024 bytes (1 KiB); raise it with --max-file-size",
    );
    let out = run_in(dir.path(), &["check", "--no-config", "--max-file-size", "1K", "small.txt"], b"");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let out = run_in(dir.path(), &["check", "--no-config", "--max-file-size", "4K", "big.txt"], b"");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    // Standard input too; nothing of it is quoted.
    limited(
        dir.path(),
        &["check", "--no-config", "--max-file-size", "100", "-"],
        big.as_bytes(),
        "error: <stdin>: larger than the limit of 100 bytes",
    );
    let out = run_in(dir.path(), &["check", "--max-file-size", "lots", "small.txt"], b"");
    assert_eq!(out.status.code(), Some(2));

    // A configuration file over 1 MiB.
    let mut config = String::from("policy = \"outbound\"\n");
    while config.len() <= 1 << 20 {
        config.push_str("# padding padding padding padding padding padding padding padding\n");
    }
    dir.file("conf/phi-guard.toml", &config).file("conf/a.txt", "See you on Monday.\n");
    limited(dir.path(), &["check", "conf"], b"", "phi-guard.toml: larger than the limit of 1048576 bytes (1 MiB)");

    // scan: the lines before the long one are written, then the scan stops.
    let input =
        format!("{{\"text\": \"Your HIV test\"}}\n{{\"text\": \"{}\"}}\n{{\"text\": \"x\"}}\n", "a".repeat(300));
    let out = run_in(dir.path(), &["scan", "--max-line-size", "200"], input.as_bytes());
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(stdout(&out).lines().count(), 1, "{}", stdout(&out));
    assert!(
        stderr(&out).contains("error: <stdin>: line 2 is longer than the limit of 200 bytes; raise it"),
        "{}",
        stderr(&out)
    );
    let out = run_in(dir.path(), &["scan", "--max-line-size", "400", "-j", "1"], input.as_bytes());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(stdout(&out).lines().count(), 3, "{}", stdout(&out));
}

// ---------------------------------------------------------------------------------------
// Output hygiene

const SPOOF: &str = "\n::error file=README.md,line=1::spoofed\x1b[2J\x1b]0;title\x07";

/// No raw control byte but line breaks, no line that a runner reads as a workflow command
/// (`::…`), and none of `secrets` on standard error.
fn assert_clean(what: &str, out: &Output, github_stdout: bool, secrets: &[&str]) {
    for (stream, bytes) in [("stderr", &out.stderr), ("stdout", &out.stdout)] {
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !bytes.iter().any(|&b| (b < 0x20 && b != b'\n') || b == 0x7f),
            "{what}: a control byte on {stream}: {text:?}"
        );
        for line in text.lines() {
            if stream == "stdout" && github_stdout {
                // Real annotations only: one per finding, never the spoofed one.
                let rest = line.strip_prefix("::error ").or_else(|| line.strip_prefix("::warning "));
                let properties = rest.and_then(|r| r.split_once("::")).map(|(p, _)| p);
                let keys: Vec<&str> = properties
                    .map(|p| p.split(',').map(|kv| kv.split_once('=').map_or(kv, |(k, _)| k)).collect())
                    .unwrap_or_default();
                assert_eq!(keys, ["file", "line", "col", "endLine", "endColumn", "title"], "{what}: {line:?}");
                assert!(properties.is_some_and(|p| p.starts_with("file=t/")), "{what}: {line:?}");
            } else {
                assert!(!line.trim_start().starts_with("::"), "{what}: {stream} line {line:?}");
            }
        }
        for s in secrets.iter().filter(|_| stream == "stderr") {
            assert!(!text.contains(s), "{what}: {stream} quotes {s:?}: {text}");
        }
    }
}

#[cfg(unix)]
#[test]
fn hostile_names_and_values_never_reach_the_terminal_raw() {
    let dir = Scratch::new("hostile");
    let root = dir.path();
    let hostile = |stem: &str| format!("{stem}{SPOOF}.txt");
    // Files with hostile names: one with a finding, one not UTF-8, one binary.
    dir.file(&format!("t/{}", hostile("a")), "Your gabapentin refill is ready.\n")
        .file(&format!("t/{}", hostile("b")), b"ok \xff")
        .file(&format!("t/{}", hostile("c")), b"\x00\x01");
    // The escaped names may show in a message, but never start a line.
    let secrets = ["metformin"];
    for format in ["human", "json", "sarif", "github"] {
        let out = run_in(root, &["check", "--no-config", "--color", "never", "--format", format, "t"], b"");
        assert_eq!(out.status.code(), Some(2), "{format}: {}", stderr(&out));
        assert_clean(&format!("hostile file names, --format {format}"), &out, format == "github", &secrets);
    }
    let missing = hostile("missing");
    let out = run_in(root, &["check", "--no-config", &missing], b"");
    assert_eq!(out.status.code(), Some(2));
    assert_clean("a missing path", &out, false, &secrets);

    // Configuration values and keys, each in a configuration of its own.
    let toml_spoof = "\\n::error file=README.md,line=1::spoofed\\u001b[2J";
    let configs = [
        format!("policy = \"x{toml_spoof}\"\n"),
        format!("fail-on = \"x{toml_spoof}\"\n"),
        format!("languages = [\"x{toml_spoof}\"]\n"),
        format!("[rules]\n\"phi/x{toml_spoof}\" = \"off\"\n"),
        format!("[rules]\n\"phi/condition\" = \"x{toml_spoof}\"\n"),
        format!("include = [\"[{toml_spoof}\"]\n"),
        format!("polic{toml_spoof} = 1\n"),
        format!("lexicons = [\"missing{toml_spoof}.tsv\"]\n"),
        "lexicons = [\"terms.tsv\"]\n".to_string(),
        "lexicons = [\"directive.tsv\"]\n".to_string(),
        "lexicons = [\"kind.tsv\"]\n".to_string(),
        "[[allow]]\nphrase = \"x\"\nreason = \" \"\n".to_string(),
    ];
    for (i, config) in configs.iter().enumerate() {
        let sub = format!("c{i}");
        dir.file(&format!("{sub}/phi-guard.toml"), config)
            .file(&format!("{sub}/a.txt"), "See you on Monday.\n")
            // A term in the flags column, and hostile directive names and kinds.
            .file(&format!("{sub}/terms.tsv"), "#! kind: medication\ngabapentin\tmetformin\n")
            .file(&format!("{sub}/directive.tsv"), format!("#! ki{SPOOF}nd: condition\nasthma\n"))
            .file(&format!("{sub}/kind.tsv"), format!("#! kind: medi{SPOOF}cation\nasthma\n"));
        for args in [&["check", "--format", "github", "."][..], &["check", "--dump-config", "a.txt"]] {
            let out = run_in(&root.join(&sub), args, b"");
            assert_eq!(out.status.code(), Some(2), "{config}: {}", stderr(&out));
            assert!(stderr(&out).starts_with("error: "), "{config}: {}", stderr(&out));
            assert_clean(&format!("configuration {config:?}, {args:?}"), &out, true, &secrets);
        }
    }

    // The other commands' error paths.
    let runs: [&[&str]; 5] = [
        &["scan", &missing],
        &["explain", &missing],
        &["redact", "--operator", "pseudonym", "--key-file", &missing, "x"],
        &["redact", "--operator", "pseudonym", "--key-env", &missing, "x"],
        &["check", "--config", &missing, "."],
    ];
    for args in runs {
        let out = run_in(root, args, b"");
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert_clean(&format!("{args:?}"), &out, false, &secrets);
    }
}
