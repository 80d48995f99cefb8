//! `phi-guard check`: message templates in files, folders or standard input.

use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use phi_guard::{Engine, Finding, Report, Severity};

use crate::args::{CheckArgs, FailOn, Format};
use crate::{EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS};

/// One template: where it starts in its file, its text and its report.
struct Checked<'a> {
    offset: usize,
    text: &'a str,
    report: Report,
}

pub fn run(args: &CheckArgs) -> u8 {
    let engine = match crate::engine(&args.common) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_ERROR;
        }
    };
    let mut input_error = false;
    let mut worst: Option<Severity> = None;
    let (mut texts, mut flagged) = (0usize, 0usize);
    let stdout = io::stdout();
    let mut out = stdout.lock();

    for path in files(&args.paths, &mut input_error) {
        let Some(text) = read(&path, &mut input_error) else { continue };
        let checked = check_text(&engine, &text);
        for c in &checked {
            texts += 1;
            flagged += usize::from(!c.report.is_compliant());
            for f in &c.report.findings {
                worst = worst.max(Some(f.severity));
                let at = Location::of(&text, c.offset + f.span.start);
                let result = match args.format {
                    Format::Human => human(&mut out, &path, &text, c, f, at, args.common.redact),
                    Format::Json => json(&mut out, &path, c, f, at, args.common.redact),
                };
                if result.is_err() {
                    return EXIT_ERROR; // stdout closed
                }
            }
        }
    }
    let _ = out.flush();
    eprintln!("phi-guard: checked {texts} text(s): {flagged} with findings");

    let threshold = match args.fail_on {
        FailOn::Info => Some(Severity::Info),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Error => Some(Severity::Error),
        FailOn::Never => None,
    };
    if input_error {
        EXIT_ERROR
    } else if matches!((worst, threshold), (Some(w), Some(t)) if w >= t) {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

/// Splits a file into templates (separated by a line that is exactly `---`) and checks
/// each.
fn check_text<'a>(engine: &Engine, text: &'a str) -> Vec<Checked<'a>> {
    let mut pieces = Vec::new();
    let (mut start, mut pos) = (0, 0);
    for line in text.split_inclusive('\n') {
        if line.trim_end_matches(['\n', '\r']) == "---" {
            pieces.push((start, &text[start..pos]));
            start = pos + line.len();
        }
        pos += line.len();
    }
    pieces.push((start, &text[start..]));
    pieces.into_iter().map(|(offset, text)| Checked { offset, text, report: engine.check(text) }).collect()
}

/// Expands folders (sorted, hidden entries skipped); `-` stays as is.
fn files(paths: &[PathBuf], input_error: &mut bool) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" || p.is_file() {
            out.push(p.clone());
        } else if p.is_dir() {
            walk(p, &mut out);
        } else {
            eprintln!("error: {}: no such file or folder", p.display());
            *input_error = true;
        }
    }
    out
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        let hidden = p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        if p.is_dir() {
            walk(&p, out);
        } else if p.is_file() {
            out.push(p);
        }
    }
}

/// Reads a file as UTF-8 text. Binary files are skipped with a notice; unreadable and
/// invalid files are reported (without their contents) and mark the run as failed.
fn read(path: &Path, input_error: &mut bool) -> Option<String> {
    let bytes = if path.as_os_str() == "-" {
        let mut b = Vec::new();
        io::stdin().read_to_end(&mut b).map(|_| b)
    } else {
        std::fs::read(path)
    };
    let bytes = match bytes {
        Ok(b) => b,
        Err(e) => {
            eprintln!("error: {}: cannot read: {}", path.display(), e.kind());
            *input_error = true;
            return None;
        }
    };
    if bytes[..bytes.len().min(8192)].contains(&0) {
        eprintln!("note: {}: binary file skipped", path.display());
        return None;
    }
    match String::from_utf8(bytes) {
        Ok(s) => Some(s),
        Err(e) => {
            eprintln!("error: {}: invalid UTF-8 at byte {}", path.display(), e.utf8_error().valid_up_to());
            *input_error = true;
            None
        }
    }
}

/// A 1-based line and character column.
#[derive(Clone, Copy)]
struct Location {
    line: usize,
    col: usize,
    line_start: usize,
}

impl Location {
    fn of(text: &str, offset: usize) -> Location {
        let before = &text[..offset];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Location { line: before.matches('\n').count() + 1, col: before[line_start..].chars().count() + 1, line_start }
    }
}

fn display_path(path: &Path) -> String {
    if path.as_os_str() == "-" { "<stdin>".to_string() } else { path.display().to_string() }
}

fn human(
    out: &mut impl Write,
    path: &Path,
    file: &str,
    c: &Checked,
    f: &Finding,
    at: Location,
    redact: bool,
) -> io::Result<()> {
    let line_end = file[at.line_start..].find('\n').map_or(file.len(), |i| at.line_start + i);
    let line = file[at.line_start..line_end].trim_end_matches('\r');
    let start = c.offset + f.span.start - at.line_start;
    let end = (c.offset + f.span.end - at.line_start).min(line.len()).max(start);
    let shown = if redact {
        format!("{}{}{}", &line[..start], "*".repeat(line[start..end].chars().count()), &line[end..])
    } else {
        line.to_string()
    };
    let pad = " ".repeat(line[..start].chars().count());
    let carets = "^".repeat(line[start..end].chars().count().max(1));
    let gutter = " ".repeat(at.line.to_string().len());
    writeln!(out, "{}[{}]: {}", f.severity, f.rule, f.explanation())?;
    writeln!(out, "{gutter}--> {}:{}:{}", display_path(path), at.line, at.col)?;
    writeln!(out, "{gutter} |")?;
    writeln!(out, "{} | {shown}", at.line)?;
    writeln!(out, "{gutter} | {pad}{carets} {}", f.category)?;
    writeln!(out, "{gutter} |")
}

fn json(out: &mut impl Write, path: &Path, c: &Checked, f: &Finding, at: Location, redact: bool) -> io::Result<()> {
    let mut v = serde_json::json!({
        "file": display_path(path),
        "line": at.line,
        "column": at.col,
        "rule": f.rule.id(),
        "category": f.category.as_str(),
        "severity": f.severity.as_str(),
        "start": c.offset + f.span.start,
        "end": c.offset + f.span.end,
        "explanation": f.explanation(),
        "verdict": c.report.verdict.as_str(),
    });
    if !redact {
        v["match"] = serde_json::Value::from(f.matched(c.text));
    }
    serde_json::to_writer(&mut *out, &v)?;
    writeln!(out)
}
