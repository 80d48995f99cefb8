//! `phi-guard scan`: JSONL in, JSONL out — the contract for audits and benchmarks over
//! large corpora.
//!
//! Input: one JSON object per line with a `text` string and an optional `id` (any JSON
//! value, echoed as is). Output: one object per non-blank input line, in order:
//! `{"id":…,"verdict":"compliant"|"review"|"non_compliant","score":N,"findings":[{"rule",
//! "category","severity","start","end","match"}]}` with byte offsets into `text`
//! (`--redact` drops `match`). A line that is not such an object yields
//! `{"line":N,"error":"…"}` in its place, the rest is still processed, and the exit status
//! is 2.

use std::borrow::Cow;
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Write};

use phi_guard::{Engine, Report, Scratch, Severity};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::args::ScanArgs;
use crate::{EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS};

#[derive(Deserialize)]
struct Input<'a> {
    #[serde(borrow)]
    text: Cow<'a, str>,
    #[serde(borrow, default)]
    id: Option<&'a RawValue>,
}

#[derive(Serialize)]
struct Output<'a> {
    id: Option<&'a RawValue>,
    verdict: &'static str,
    score: u8,
    findings: Vec<OutFinding<'a>>,
    #[serde(flatten)]
    extra: crate::rewrite::ExtraFields,
}

#[derive(Serialize)]
struct OutFinding<'a> {
    rule: &'static str,
    category: &'static str,
    severity: &'static str,
    start: usize,
    end: usize,
    #[serde(rename = "match", skip_serializing_if = "Option::is_none")]
    matched: Option<&'a str>,
}

#[derive(Serialize)]
struct LineError {
    line: usize,
    error: String,
}

pub fn run(args: &ScanArgs) -> u8 {
    let engine = match crate::engine(&args.common) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_ERROR;
        }
    };
    let reader: Box<dyn BufRead> = if args.input.as_os_str() == "-" {
        Box::new(BufReader::with_capacity(1 << 16, io::stdin().lock()))
    } else {
        match File::open(&args.input) {
            Ok(f) => Box::new(BufReader::with_capacity(1 << 16, f)),
            Err(e) => {
                eprintln!("error: {}: cannot read: {}", args.input.display(), e.kind());
                return EXIT_ERROR;
            }
        }
    };
    let mut out = BufWriter::with_capacity(1 << 16, io::stdout().lock());
    let extras = match crate::rewrite::ScanExtras::new(&args.inbound) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_ERROR;
        }
    };
    match scan(&engine, reader, &mut out, args.common.redact, &extras) {
        Ok(summary) => {
            if out.flush().is_err() {
                return EXIT_ERROR;
            }
            eprintln!(
                "phi-guard: scanned {} message(s): {} non-compliant, {} review, {} invalid line(s)",
                summary.messages, summary.non_compliant, summary.review, summary.errors
            );
            if summary.errors > 0 {
                EXIT_ERROR
            } else if summary.non_compliant > 0 {
                EXIT_FINDINGS
            } else {
                EXIT_CLEAN
            }
        }
        Err(e) => {
            eprintln!("error: {}: {}", args.input.display(), e.kind());
            EXIT_ERROR
        }
    }
}

#[derive(Default)]
struct Summary {
    messages: usize,
    non_compliant: usize,
    review: usize,
    errors: usize,
}

fn scan(
    engine: &Engine,
    mut reader: impl BufRead,
    out: &mut impl Write,
    redact: bool,
    extras: &crate::rewrite::ScanExtras,
) -> io::Result<Summary> {
    let mut summary = Summary::default();
    let mut scratch = Scratch::new();
    let mut buf = Vec::new();
    let mut line_no = 0;
    loop {
        buf.clear();
        if reader.read_until(b'\n', &mut buf)? == 0 {
            break;
        }
        line_no += 1;
        let line = trim_line(&buf);
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match serde_json::from_slice::<Input>(line) {
            Ok(input) => {
                let report = engine.check_with(&mut scratch, &input.text);
                summary.messages += 1;
                match report.verdict {
                    phi_guard::Verdict::NonCompliant => summary.non_compliant += 1,
                    phi_guard::Verdict::Review => summary.review += 1,
                    phi_guard::Verdict::Compliant => {}
                }
                if extras.audit() {
                    extras.write_audit(out, input.id, engine, &input.text, &report)?;
                } else {
                    let extra = extras.fields(engine, &input.text, &report);
                    write_report(out, input.id, &input.text, &report, redact, extra)?;
                }
            }
            Err(e) => {
                summary.errors += 1;
                // serde_json's messages name the problem and position, never the content.
                let msg = format!("invalid JSON object at column {}: {}", e.column(), classify(&e));
                eprintln!("error: line {line_no}: {msg}");
                serde_json::to_writer(&mut *out, &LineError { line: line_no, error: msg })?;
                out.write_all(b"\n")?;
            }
        }
    }
    Ok(summary)
}

fn classify(e: &serde_json::Error) -> &'static str {
    match e.classify() {
        serde_json::error::Category::Syntax => "syntax error",
        serde_json::error::Category::Data => "expected an object with a string `text`",
        serde_json::error::Category::Eof => "unexpected end of line",
        serde_json::error::Category::Io => "read error",
    }
}

fn trim_line(buf: &[u8]) -> &[u8] {
    let mut end = buf.len();
    while end > 0 && matches!(buf[end - 1], b'\n' | b'\r') {
        end -= 1;
    }
    &buf[..end]
}

fn write_report(
    out: &mut impl Write,
    id: Option<&RawValue>,
    text: &str,
    report: &Report,
    redact: bool,
    extra: crate::rewrite::ExtraFields,
) -> io::Result<()> {
    let findings = report
        .findings
        .iter()
        .filter(|f| f.severity >= Severity::Info)
        .map(|f| OutFinding {
            rule: f.rule.id(),
            category: f.category.as_str(),
            severity: f.severity.as_str(),
            start: f.span.start,
            end: f.span.end,
            matched: (!redact).then(|| f.matched(text)),
        })
        .collect();
    let o = Output { id, verdict: report.verdict.as_str(), score: report.score, findings, extra };
    serde_json::to_writer(&mut *out, &o)?;
    out.write_all(b"\n")
}
