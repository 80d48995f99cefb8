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
//!
//! Lines are read in batches of about 1 MiB; worker threads check batches in parallel and
//! the writer puts their output back in input order. At most a few batches per thread are
//! in flight, so memory stays flat however large the input is.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, IsTerminal, Write};
use std::sync::{Mutex, mpsc};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use phi_guard::{Engine, Report, Scratch};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::EXIT_ERROR;
use crate::args::{FailOn, Pointer, Progress, ScanArgs};
use crate::everyday;
use crate::term::eprint_line;

#[derive(Deserialize)]
struct Input<'a> {
    #[serde(borrow)]
    text: Cow<'a, str>,
    #[serde(borrow, default)]
    id: Option<&'a RawValue>,
}

#[derive(Serialize)]
struct Output<'a> {
    #[serde(skip_serializing_if = "crate::rewrite::OutId::is_dropped")]
    id: crate::rewrite::OutId<'a>,
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
    let overrides = crate::config::Overrides::of_common(&args.common).selecting(&args.selection, args.fail_on);
    let (engine, setup) = match crate::command_setup(overrides) {
        Ok(e) => e,
        Err(e) => {
            eprint_line!("error: {e}");
            return EXIT_ERROR;
        }
    };
    let (reader, total): (Box<dyn BufRead + Send>, Option<u64>) = if args.input.as_os_str() == "-" {
        (Box::new(BufReader::with_capacity(1 << 16, io::stdin())), None)
    } else {
        match File::open(&args.input) {
            Ok(f) => {
                let len = f.metadata().ok().map(|m| m.len());
                (Box::new(BufReader::with_capacity(1 << 16, f)), len)
            }
            Err(e) => {
                eprint_line!("error: {}: {}", args.input.display(), crate::limits::io_problem(e.kind()));
                return EXIT_ERROR;
            }
        }
    };
    let mut out = match everyday::output(&args.everyday) {
        Ok(out) => out,
        Err(e) => {
            eprint_line!("error: {e}");
            return EXIT_ERROR;
        }
    };
    let extras = match crate::rewrite::ScanExtras::new(&args.inbound) {
        Ok(x) => x,
        Err(e) => {
            eprint_line!("error: {e}");
            return EXIT_ERROR;
        }
    };
    let threads = args.threads.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())).max(1);
    let show_progress = match args.progress {
        Progress::Always => true,
        Progress::Never => false,
        Progress::Auto => io::stderr().is_terminal(),
    };
    let progress = show_progress.then(|| progress_bar(total));
    let options = Options {
        redact: args.redact,
        batch_bytes: args.batch_kib as usize * 1024,
        max_line: args.max_line_size,
        extras: &extras,
        fail_on: setup.fail_on,
        // The default fields are read by the fast path.
        fields: (args.text_field.tokens != ["text"] || args.id_field.tokens != ["id"])
            .then_some((&args.text_field, &args.id_field)),
    };
    let result = scan(&engine, reader, &mut out, &options, threads, progress.as_ref());
    if let Some(p) = &progress {
        p.finish_and_clear();
    }
    match result {
        Ok(summary) => {
            if let Err(e) = out.flush() {
                if let Some(path) = &args.everyday.output_file {
                    eprint_line!("error: {}", everyday::cannot_write(path, &e));
                }
                return EXIT_ERROR;
            }
            if args.everyday.statistics {
                summary.counts.print();
            }
            if !args.everyday.quiet {
                eprintln!(
                    "phi-guard: scanned {} message(s): {} non-compliant, {} review, {} finding(s), {} invalid line(s)",
                    summary.messages,
                    summary.non_compliant,
                    summary.review,
                    summary.counts.total(),
                    summary.errors
                );
            }
            everyday::exit_status(&args.everyday, summary.errors > 0, summary.failing > 0)
        }
        Err(e) => {
            let name = if args.input.as_os_str() == "-" { "<stdin>".into() } else { args.input.display().to_string() };
            match e.get_ref().and_then(|inner| inner.downcast_ref::<LineTooLong>()) {
                Some(long) => eprint_line!("error: {name}: {long}"),
                None => eprint_line!("error: {name}: {}", e.kind()),
            }
            EXIT_ERROR
        }
    }
}

fn progress_bar(total: Option<u64>) -> ProgressBar {
    let bar = match total {
        Some(n) => ProgressBar::new(n).with_style(
            ProgressStyle::with_template("{bar:30} {bytes}/{total_bytes} {binary_bytes_per_sec} ETA {eta} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        ),
        None => ProgressBar::new_spinner().with_style(
            ProgressStyle::with_template("{spinner} {bytes} {binary_bytes_per_sec} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        ),
    };
    bar.set_draw_target(ProgressDrawTarget::stderr_with_hz(4));
    bar
}

#[derive(Default)]
struct Summary {
    messages: usize,
    non_compliant: usize,
    review: usize,
    errors: usize,
    /// Messages with a finding at or above `--fail-on`.
    failing: usize,
    counts: everyday::RuleCounts,
}

impl Summary {
    fn add(&mut self, other: &Summary) {
        self.messages += other.messages;
        self.non_compliant += other.non_compliant;
        self.review += other.review;
        self.errors += other.errors;
        self.failing += other.failing;
        self.counts.merge(&other.counts);
    }
}

/// What every line's output depends on besides the engine.
struct Options<'a> {
    redact: bool,
    batch_bytes: usize,
    /// The longest line read, in bytes (`--max-line-size`).
    max_line: u64,
    extras: &'a crate::rewrite::ScanExtras,
    fail_on: FailOn,
    /// `--text-field` and `--id-field`, when either is not the default.
    fields: Option<(&'a Pointer, &'a Pointer)>,
}

/// A run of whole input lines.
struct Batch {
    index: u64,
    first_line: usize,
    data: Vec<u8>,
}

/// A checked batch: its output lines, counts and the error notices for standard error.
struct Done {
    index: u64,
    bytes: u64,
    out: Vec<u8>,
    summary: Summary,
    notices: Vec<String>,
}

/// A line longer than `--max-line-size`: the scan stops there (the rest of the line is
/// not read, so an input without line breaks ends too).
#[derive(Debug)]
struct LineTooLong {
    line: usize,
    limit: u64,
}

impl std::fmt::Display for LineTooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "line {} is longer than the limit of {}; raise it with --max-line-size",
            self.line,
            crate::limits::size(self.limit)
        )
    }
}

impl std::error::Error for LineTooLong {}

/// Appends one line (with its `\n`) to `data`, reading at most `limit` bytes of it
/// before its line break; returns the bytes read (0 at the end of the input).
fn read_line(reader: &mut impl BufRead, data: &mut Vec<u8>, limit: u64, line: usize) -> io::Result<usize> {
    let mut read = 0usize;
    loop {
        let buf = reader.fill_buf()?;
        if buf.is_empty() {
            return Ok(read);
        }
        let (take, done) = match memchr::memchr(b'\n', buf) {
            Some(i) => (i + 1, true),
            None => (buf.len(), false),
        };
        // The line's own length, without its line break.
        let length = (read + take - usize::from(done)) as u64;
        if length > limit {
            return Err(io::Error::new(io::ErrorKind::InvalidData, LineTooLong { line, limit }));
        }
        data.extend_from_slice(&buf[..take]);
        reader.consume(take);
        read += take;
        if done {
            return Ok(read);
        }
    }
}

/// Reads the next batch of whole lines (about `batch_bytes`), or `None` at the end. A
/// read error after some lines returns them first and the error, kept in `pending`, on
/// the next call.
fn read_batch(
    reader: &mut impl BufRead,
    options: &Options,
    pending: &mut Option<io::Error>,
    index: u64,
    first_line: usize,
) -> io::Result<Option<(Batch, usize)>> {
    if let Some(e) = pending.take() {
        return Err(e);
    }
    let mut data = Vec::with_capacity(options.batch_bytes + 4096);
    let mut lines = 0;
    while data.len() < options.batch_bytes {
        let before = data.len();
        match read_line(reader, &mut data, options.max_line, first_line + lines) {
            Ok(0) => break,
            Ok(_) => lines += 1,
            Err(e) if lines > 0 => {
                data.truncate(before);
                *pending = Some(e);
                break;
            }
            Err(e) => return Err(e),
        }
    }
    Ok((lines > 0).then_some((Batch { index, first_line, data }, lines)))
}

fn scan(
    engine: &Engine,
    mut reader: impl BufRead + Send,
    out: &mut impl Write,
    options: &Options,
    threads: usize,
    progress: Option<&ProgressBar>,
) -> io::Result<Summary> {
    let mut summary = Summary::default();
    let mut emit = |done: Done, out: &mut dyn Write| -> io::Result<()> {
        for n in &done.notices {
            eprint_line!("{n}");
        }
        out.write_all(&done.out)?;
        summary.add(&done.summary);
        if let Some(p) = progress {
            p.inc(done.bytes);
        }
        Ok(())
    };

    if threads == 1 {
        let mut scratch = Scratch::new();
        let (mut index, mut line, mut pending) = (0, 1, None);
        while let Some((batch, lines)) = read_batch(&mut reader, options, &mut pending, index, line)? {
            emit(check_batch(engine, &mut scratch, options, &batch), out)?;
            index += 1;
            line += lines;
        }
        return Ok(summary);
    }

    // Reader → workers → writer. Bounded queues keep memory flat; the writer restores
    // input order.
    let (batch_tx, batch_rx) = mpsc::sync_channel::<Batch>(threads * 2);
    let batch_rx = Mutex::new(batch_rx);
    let (done_tx, done_rx) = mpsc::sync_channel::<Done>(threads * 2);
    std::thread::scope(|s| -> io::Result<()> {
        let reader_thread = s.spawn(move || -> io::Result<()> {
            let (mut index, mut line, mut pending) = (0, 1, None);
            while let Some((batch, lines)) = read_batch(&mut reader, options, &mut pending, index, line)? {
                if batch_tx.send(batch).is_err() {
                    break; // the writer stopped
                }
                index += 1;
                line += lines;
            }
            Ok(())
        });
        for _ in 0..threads {
            let done_tx = done_tx.clone();
            let batch_rx = &batch_rx;
            s.spawn(move || {
                let mut scratch = Scratch::new();
                loop {
                    let next = batch_rx.lock().map(|rx| rx.recv());
                    let Ok(Ok(batch)) = next else { break };
                    if done_tx.send(check_batch(engine, &mut scratch, options, &batch)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done_tx);

        let mut pending: BTreeMap<u64, Done> = BTreeMap::new();
        let mut next = 0;
        let mut write_error = None;
        for done in done_rx {
            pending.insert(done.index, done);
            while let Some(done) = pending.remove(&next) {
                if write_error.is_none() {
                    write_error = emit(done, out).err();
                }
                next += 1;
            }
            if write_error.is_some() {
                break; // dropping the receiver stops the workers and the reader
            }
        }
        let read = reader_thread.join().unwrap_or_else(|_| Err(io::Error::other("reader thread failed")));
        match write_error {
            Some(e) => Err(e),
            None => read,
        }
    })?;
    Ok(summary)
}

/// Checks every line of a batch into its output buffer.
fn check_batch(engine: &Engine, scratch: &mut Scratch, options: &Options, batch: &Batch) -> Done {
    let mut done = Done {
        index: batch.index,
        bytes: batch.data.len() as u64,
        out: Vec::with_capacity(batch.data.len() / 2),
        summary: Summary::default(),
        notices: Vec::new(),
    };
    for (line_no, raw) in (batch.first_line..).zip(batch.data.split_inclusive(|&b| b == b'\n')) {
        let line = trim_line(raw);
        if !line.iter().all(u8::is_ascii_whitespace) {
            // Writing into a Vec cannot fail.
            let _ = check_line(engine, scratch, options, line, line_no, &mut done);
        }
    }
    done
}

fn check_line(
    engine: &Engine,
    scratch: &mut Scratch,
    options: &Options,
    line: &[u8],
    line_no: usize,
    done: &mut Done,
) -> io::Result<()> {
    let out = &mut done.out;
    // serde would also read the struct from an array (`["text"]`): only objects count.
    let parsed = match (line.iter().find(|b| !b.is_ascii_whitespace()), options.fields) {
        (Some(b'{'), None) => serde_json::from_slice::<Input>(line).map_err(|e| (e.column(), classify(&e).to_string())),
        (Some(b'{'), Some((text, id))) => record_at(line, text, id),
        _ => Err((1, "expected a JSON object".to_string())),
    };
    match parsed {
        Ok(input) => {
            let report = engine.check_with(scratch, &input.text);
            done.summary.messages += 1;
            done.summary.failing += usize::from(report.findings.iter().any(|f| options.fail_on.reached_by(f.severity)));
            report.findings.iter().for_each(|f| done.summary.counts.add(f.rule));
            match report.verdict {
                phi_guard::Verdict::NonCompliant => done.summary.non_compliant += 1,
                phi_guard::Verdict::Review => done.summary.review += 1,
                phi_guard::Verdict::Compliant => {}
                // A verdict added to the library later counts as the strictest.
                _ => done.summary.non_compliant += 1,
            }
            let extras = options.extras;
            if extras.audit() {
                extras.write_audit(out, input.id, engine, &input.text, &report)
            } else {
                let extra = extras.fields(engine, &input.text, &report);
                write_report(out, extras.id(input.id), &input.text, &report, options.redact, extra)
            }
        }
        Err((column, problem)) => {
            done.summary.errors += 1;
            // The message names the problem and position, never the content.
            let msg = format!("invalid JSON object at column {column}: {problem}");
            done.notices.push(format!("error: line {line_no}: {msg}"));
            serde_json::to_writer(&mut *out, &LineError { line: line_no, error: msg })?;
            out.write_all(b"\n")
        }
    }
}

/// A record's text and id found by JSON pointers. Each step parses only the value it
/// steps into, borrowing from the line.
fn record_at<'a>(line: &'a [u8], text: &Pointer, id: &Pointer) -> Result<Input<'a>, (usize, String)> {
    let root: &RawValue = serde_json::from_slice(line).map_err(|e| (e.column(), classify(&e).to_string()))?;
    let no_text = || (1, format!("expected a string at `{}`", text.text));
    let found = lookup(root, &text.tokens).ok_or_else(no_text)?;
    let text = serde_json::from_str::<Cow<str>>(found.get()).map_err(|_| no_text())?;
    Ok(Input { text, id: lookup(root, &id.tokens) })
}

/// The value a pointer's tokens lead to, if any.
fn lookup<'a>(mut value: &'a RawValue, tokens: &[String]) -> Option<&'a RawValue> {
    for token in tokens {
        let json = value.get().trim_start();
        value = if json.starts_with('{') {
            let members: BTreeMap<Cow<str>, &RawValue> = serde_json::from_str(json).ok()?;
            *members.get(token.as_str())?
        } else if json.starts_with('[') {
            // RFC 6901: an index is `0` or digits without a leading zero.
            if token.len() > 1 && token.starts_with('0') {
                return None;
            }
            let index: usize = token.parse().ok()?;
            let items: Vec<&RawValue> = serde_json::from_str(json).ok()?;
            *items.get(index)?
        } else {
            return None;
        };
    }
    Some(value)
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
    id: crate::rewrite::OutId,
    text: &str,
    report: &Report,
    redact: bool,
    extra: crate::rewrite::ExtraFields,
) -> io::Result<()> {
    let findings = report
        .findings
        .iter()
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
