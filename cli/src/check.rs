//! `phi-guard check`: message templates in files, folders or standard input.
//!
//! Each input becomes an [`Outcome`]: its text, its findings located in it
//! ([`Diag`]), and the notes and errors about it. Inputs are checked in parallel and
//! reported in input order, so the output is the same on every run.

use std::cell::Cell;
use std::io::{self, Write};
use std::ops::Range;
use std::path::Path;

use phi_guard::template::catalog::{self, Format as CatalogFormat};
use phi_guard::template::whatsapp;
use phi_guard::{Action, Category, Engine, Lang, RewriteLevel, Rule, Severity, Verdict};
use rayon::prelude::*;

use crate::args::{CheckArgs, ColorChoice, FailOn, Format};
use crate::config::Configs;
use crate::limits::{self, ReadError};
use crate::report::{self, Options};
use crate::term::eprint_line;
use crate::walk::{self, Item, Source};
use crate::{EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS};

/// A finding located in its file.
#[derive(Clone, Debug)]
pub struct Diag {
    pub rule: Rule,
    pub category: Category,
    pub severity: Severity,
    /// Byte range in the file where it is reported.
    pub range: Range<usize>,
    /// Every byte range of the file that holds the matched text (for `--redact`).
    pub pieces: Vec<Range<usize>>,
    /// The matched text (decoded, for JSON sources).
    pub matched: String,
    /// The verdict of the template it belongs to.
    pub verdict: Verdict,
    /// 0-based index of the template in its file.
    pub template: usize,
    /// The WhatsApp template's name.
    pub name: Option<String>,
    /// The WhatsApp template text it is in (`BODY`, `BUTTONS[0].text`, …).
    pub part: Option<String>,
    /// The key of the catalog entry it is in (`appointments.reminder`).
    pub key: Option<String>,
    /// Found only with the template's example values substituted.
    pub with_examples: bool,
    /// The rewrite's edits that remove it (SARIF `fixes`), when asked for and possible.
    pub fix: Vec<Replacement>,
}

/// One edit of a fix: replace a byte range of the file with new text (already escaped
/// for the file's syntax).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Replacement {
    pub range: Range<usize>,
    pub text: String,
    /// Spacing, punctuation or capitals around another edit.
    pub tidy: bool,
}

/// The edits of a template's rewrite that belong to a finding: those that touch its
/// range, with the tidying right next to them; all of them when none touches it (the
/// whole message was replaced).
fn fix_for(range: &Range<usize>, edits: &[Replacement]) -> Vec<Replacement> {
    let touches = |e: &Replacement| {
        e.range.start < range.end.max(range.start + 1) && range.start < e.range.end.max(e.range.start + 1)
    };
    let own: Vec<&Replacement> = edits.iter().filter(|e| !e.tidy && touches(e)).collect();
    if own.is_empty() {
        return edits.to_vec();
    }
    edits
        .iter()
        .filter(|e| {
            own.iter().any(|o| std::ptr::eq(*o, *e))
                || (e.tidy && own.iter().any(|o| e.range.start <= o.range.end + 1 && o.range.start <= e.range.end + 1))
        })
        .cloned()
        .collect()
}

/// A JSON string's contents for `text` (without the quotes).
fn json_escape(text: &str) -> String {
    let quoted = serde_json::Value::from(text).to_string();
    quoted[1..quoted.len() - 1].to_string()
}

/// What checking one input produced.
pub struct Outcome {
    /// The name shown in diagnostics (`templates/a.txt`, `<stdin>`).
    pub name: String,
    /// The relative URI used in SARIF.
    pub uri: String,
    /// The text (empty when it could not be read).
    pub text: String,
    line_starts: Vec<usize>,
    /// The last position asked for, `(offset, column)`: findings are asked for in text
    /// order, so counting characters from there keeps a long line linear.
    last_position: Cell<(usize, usize)>,
    pub diags: Vec<Diag>,
    /// Lines for standard error, complete (`error: a.bin: invalid UTF-8 at byte 3`).
    pub messages: Vec<String>,
    /// True when the input could not be checked (exit status 2).
    pub failed: bool,
    pub templates: usize,
    pub flagged: usize,
    pub fail_on: FailOn,
}

impl Outcome {
    fn new(name: String, uri: String, fail_on: FailOn) -> Outcome {
        Outcome {
            name,
            uri,
            text: String::new(),
            line_starts: vec![0],
            last_position: Cell::new((0, 1)),
            diags: Vec::new(),
            messages: Vec::new(),
            failed: false,
            templates: 0,
            flagged: 0,
            fail_on,
        }
    }

    fn set_text(&mut self, text: String) {
        self.line_starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        self.last_position.set((0, 1));
        self.text = text;
    }

    /// 1-based line and character column of a byte offset.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset);
        let start = self.line_starts[line - 1];
        let (mut from, mut column) = self.last_position.get();
        if from < start || from > offset {
            (from, column) = (start, 1);
        }
        let column = self.text.get(from..offset).map_or(1, |s| column + s.chars().count());
        self.last_position.set((offset, column));
        (line, column)
    }

    /// The byte range of a 1-based line, without its line break.
    pub fn line(&self, line: usize) -> Range<usize> {
        let start = self.line_starts.get(line - 1).copied().unwrap_or(self.text.len());
        let end = self.line_starts.get(line).map_or(self.text.len(), |&e| e - 1);
        let end = if self.text[start..end].ends_with('\r') { end - 1 } else { end };
        start..end.max(start)
    }

    /// Whether a diagnostic makes the run fail under this input's `fail-on`.
    pub fn fails(&self, d: &Diag) -> bool {
        match self.fail_on {
            FailOn::Info => true,
            FailOn::Warning => d.severity >= Severity::Warning,
            FailOn::Error => d.severity >= Severity::Error,
            FailOn::Never => false,
        }
    }
}

pub fn run(args: &CheckArgs) -> u8 {
    let mut configs = Configs::new(args);
    if args.dump_config {
        return dump_config(args, &mut configs);
    }
    let walk::Collected { items, failed: walk_errors, notes } = walk::collect(args, &mut configs);
    let mut failed = !walk_errors.is_empty();
    let walk_error_count = walk_errors.len();
    let problems: Vec<String> = walk_errors.into_iter().chain(notes).collect();

    let stdin = if items.iter().any(|i| matches!(i.source, Source::Stdin(_))) {
        limits::read_to_end(io::stdin().lock(), args.max_file_size, 0)
    } else {
        Ok(Vec::new())
    };
    if args.list_templates {
        return list_templates(&items, &stdin, args.max_file_size, &problems, walk_error_count > 0);
    }
    let fixes = args.format == Format::Sarif && !args.redact;
    let check = |item: &Item| check_item(item, &stdin, fixes, args.max_file_size);
    let pool = rayon::ThreadPoolBuilder::new().num_threads(args.threads.unwrap_or(0)).build();
    let outcomes: Vec<Outcome> = match pool {
        Ok(pool) => pool.install(|| items.par_iter().map(check).collect()),
        Err(_) => items.iter().map(check).collect(),
    };

    let opts = Options {
        redact: args.redact,
        color: match args.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                use std::io::IsTerminal;
                io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        },
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let written = report::write(&mut out, args.format, &outcomes, &problems, &opts).and_then(|()| out.flush());
    if written.is_err() {
        return EXIT_ERROR; // stdout closed
    }

    let (mut texts, mut flagged, mut files, mut errors, mut fails) = (0, 0, 0, walk_error_count, false);
    for o in &outcomes {
        failed |= o.failed;
        texts += o.templates;
        flagged += o.flagged;
        files += usize::from(o.templates > 0);
        errors += usize::from(o.failed);
        fails |= o.diags.iter().any(|d| o.fails(d));
    }
    // Notes and errors go to standard error after the results (SARIF also carries
    // them as `toolExecutionNotifications`).
    for m in &problems {
        eprint_line!("{m}");
    }
    for o in &outcomes {
        for m in &o.messages {
            eprint_line!("{m}");
        }
    }
    let errors = if errors > 0 { format!("; {errors} error(s)") } else { String::new() };
    eprintln!("phi-guard: checked {texts} text(s) in {files} file(s): {flagged} with findings{errors}");
    if failed {
        EXIT_ERROR
    } else if fails {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

fn list_templates(
    items: &[Item],
    stdin: &Result<Vec<u8>, ReadError>,
    max_size: u64,
    problems: &[String],
    mut failed: bool,
) -> u8 {
    let mut rows = Vec::new();
    let outcomes: Vec<Outcome> = items.iter().map(|item| list(item, stdin, max_size, &mut rows)).collect();
    let mut out = io::BufWriter::new(io::stdout().lock());
    if rows.iter().try_for_each(|r| writeln!(out, "{r}")).and_then(|()| out.flush()).is_err() {
        return EXIT_ERROR;
    }
    for m in problems {
        eprint_line!("{m}");
    }
    for o in &outcomes {
        failed |= o.failed;
        for m in &o.messages {
            eprint_line!("{m}");
        }
    }
    let files = outcomes.iter().filter(|o| o.templates > 0).count();
    eprintln!("phi-guard: found {} text(s) in {files} file(s)", rows.len());
    if failed { EXIT_ERROR } else { EXIT_CLEAN }
}

fn dump_config(args: &CheckArgs, configs: &mut Configs) -> u8 {
    let target = match args.paths.first() {
        Some(p) if p.as_os_str() == "-" => args.stdin_filename.clone(),
        Some(p) => Some(p.clone()),
        None => None,
    };
    match configs.for_path(target.as_deref()) {
        Ok(setup) => {
            let shown = target.unwrap_or_else(|| ".".into());
            print!("{}", setup.dump(&shown, args.no_config));
            EXIT_CLEAN
        }
        Err(e) => {
            if let Some(e) = e {
                eprint_line!("error: {e}");
            }
            EXIT_ERROR
        }
    }
}

/// A path as a URI: relative paths as relative references (forward slashes, no `./`),
/// absolute ones as `file://` URIs; percent-encoded.
fn uri(path: &Path) -> String {
    let s = path.to_string_lossy().replace('\\', "/");
    let s = s.trim_start_matches("./");
    let mut out = String::with_capacity(s.len() + 8);
    if path.is_absolute() {
        out.push_str(if s.starts_with('/') { "file://" } else { "file:///" });
    }
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) || (b == b':' && out.starts_with("file:")) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Reads an input: its outcome with the text set, or failed with the reason.
fn read_item(item: &Item, stdin: &Result<Vec<u8>, ReadError>, max_size: u64) -> Outcome {
    let (name, uri, bytes) = match &item.source {
        Source::Stdin(alias) => {
            let name = alias.as_ref().map_or_else(|| "<stdin>".to_string(), |p| p.display().to_string());
            let uri = alias.as_deref().map_or_else(|| "stdin".to_string(), uri);
            let bytes = match stdin {
                Ok(b) => Ok(b.clone()),
                Err(ReadError::Io(kind)) => Err(ReadError::Io(*kind)),
                Err(ReadError::TooLarge(limit)) => Err(ReadError::TooLarge(*limit)),
            };
            (name, uri, bytes)
        }
        Source::File(path) => (path.display().to_string(), uri(path), limits::read_file(path, max_size)),
    };
    let mut o = Outcome::new(name, uri, item.setup.fail_on);
    let bytes = match bytes {
        Ok(b) => b,
        Err(e) => {
            let hint = if matches!(e, ReadError::TooLarge(_)) { "; raise it with --max-file-size" } else { "" };
            o.messages.push(format!("error: {}: {e}{hint}", o.name));
            o.failed = true;
            return o;
        }
    };
    match decode(bytes) {
        Ok(text) => o.set_text(text),
        Err(problem) => {
            o.messages.push(format!("error: {}: {problem}", o.name));
            o.failed = true;
        }
    }
    o
}

/// How an input is read.
enum Kind {
    Plain,
    WhatsApp { sniffed: bool },
    Catalog(CatalogFormat),
}

/// The kind of an input from its name (standard input's `--stdin-filename`) and text.
fn kind_of(item: &Item, text: &str) -> Kind {
    let path = match &item.source {
        Source::Stdin(alias) => alias.as_deref(),
        Source::File(path) => Some(path.as_path()),
    };
    let Some(path) = path else {
        // Standard input without a name: WhatsApp JSON when it looks like JSON (its
        // first non-blank character is `{` or `[`). It is never re-read as plain text,
        // where a JSON escape (`\u0067abapentin`) would hide a term: JSON that does not
        // parse, or that holds no template, is an error.
        let t = text.trim_start();
        return if t.starts_with('{') || t.starts_with('[') { Kind::WhatsApp { sniffed: true } } else { Kind::Plain };
    };
    if let Some(format) = CatalogFormat::detect(path, text) {
        return Kind::Catalog(format);
    }
    if is_json(path) {
        // i18n JSON lives in locale folders or is named after its language; a WhatsApp
        // template file there is still read as one.
        if catalog::looks_like_locale_path(path) && !whatsapp::parse(text).is_ok_and(|t| !t.is_empty()) {
            return Kind::Catalog(CatalogFormat::I18nJson);
        }
        return Kind::WhatsApp { sniffed: false };
    }
    Kind::Plain
}

fn check_item(item: &Item, stdin: &Result<Vec<u8>, ReadError>, fixes: bool, max_size: u64) -> Outcome {
    let setup = &item.setup;
    let mut o = read_item(item, stdin, max_size);
    if o.failed {
        return o;
    }
    match kind_of(item, &o.text) {
        Kind::Plain => check_plain(&mut o, &setup.engine(setup.policy), fixes),
        Kind::WhatsApp { sniffed } => check_whatsapp(&mut o, setup, fixes, sniffed),
        Kind::Catalog(format) => {
            let path = match &item.source {
                Source::Stdin(alias) => alias.clone().unwrap_or_default(),
                Source::File(path) => path.clone(),
            };
            check_catalog(&mut o, setup, format, &path);
        }
    }
    o
}

/// A message catalog: each entry checked in its language, findings at their place in
/// the file; malformed parts are errors, the other entries are still checked.
fn check_catalog(o: &mut Outcome, setup: &crate::config::Setup, format: CatalogFormat, path: &Path) {
    let cat = catalog::read(format, path, &o.text);
    for e in cat.errors {
        o.messages.push(format!("error: {}", e.with_file(&o.name)));
        o.failed = true;
    }
    // One engine per language the entries ask for.
    let mut engines: Vec<(Option<Lang>, Engine)> = Vec::new();
    let mut diags = Vec::new();
    let (mut templates, mut flagged) = (0, 0);
    for entry in cat.entries.iter().filter(|e| !setup.skips_key(&e.key)) {
        let engine = match engines.iter().position(|(l, _)| *l == entry.lang) {
            Some(i) => &engines[i].1,
            None => {
                engines.push((entry.lang, setup.engine_in(setup.policy, entry.lang)));
                &engines[engines.len() - 1].1
            }
        };
        let text = entry.text.as_str();
        let report = engine.check(text);
        flagged += usize::from(!report.is_compliant());
        for f in &report.findings {
            let span = if f.span.is_empty() && f.span.start == text.len() {
                // A finding about the whole text (a missing opt-out): at its end.
                let end = text.trim_end().len();
                end..end
            } else {
                f.span.clone()
            };
            let range = entry.text.to_source_range(span);
            diags.push(Diag {
                rule: f.rule,
                category: f.category,
                severity: f.severity,
                pieces: if range.is_empty() { vec![] } else { vec![range.clone()] },
                range,
                matched: f.matched(text).to_string(),
                verdict: report.verdict,
                template: templates,
                name: None,
                part: None,
                key: Some(entry.key.clone()),
                with_examples: false,
                fix: Vec::new(),
            });
        }
        templates += 1;
    }
    o.templates = templates;
    o.flagged = flagged;
    o.diags = diags;
}

/// `phi-guard check --list-templates`: each template's file, line, column and key
/// (catalog key, WhatsApp name and part, or `#index` in a text file), not checked.
pub fn list(item: &Item, stdin: &Result<Vec<u8>, ReadError>, max_size: u64, out: &mut Vec<String>) -> Outcome {
    let mut o = read_item(item, stdin, max_size);
    if o.failed {
        return o;
    }
    let mut rows: Vec<(usize, String)> = Vec::new();
    match kind_of(item, &o.text) {
        Kind::Plain => {
            let mut start = 0;
            let mut pos = 0;
            let mut index = 0;
            for line in o.text.split_inclusive('\n') {
                if line.trim_end_matches(['\n', '\r']) == "---" {
                    rows.push((start, format!("#{index}")));
                    index += 1;
                    start = pos + line.len();
                }
                pos += line.len();
            }
            rows.push((start, format!("#{index}")));
        }
        Kind::WhatsApp { .. } => match whatsapp::parse(&o.text) {
            Ok(templates) => {
                for (i, t) in templates.iter().enumerate() {
                    for text in &t.texts {
                        let name = t.name.clone().unwrap_or_else(|| format!("#{i}"));
                        rows.push((text.text.span.start, format!("{name} {}", text.part)));
                    }
                }
            }
            Err(e) => {
                o.messages.push(format!("error: {}", e.with_file(&o.name)));
                o.failed = true;
            }
        },
        Kind::Catalog(format) => {
            let path = match &item.source {
                Source::Stdin(alias) => alias.clone().unwrap_or_default(),
                Source::File(path) => path.clone(),
            };
            let cat = catalog::read(format, &path, &o.text);
            for e in cat.errors {
                o.messages.push(format!("error: {}", e.with_file(&o.name)));
                o.failed = true;
            }
            for e in cat.entries.iter().filter(|e| !item.setup.skips_key(&e.key)) {
                let lang = e.lang.map_or(String::new(), |l| format!(" ({l})"));
                rows.push((e.text.source_start(), format!("{}{lang}", e.key)));
            }
        }
    }
    o.templates = rows.len();
    for (at, key) in rows {
        let (line, column) = o.position(at);
        let key: String = key.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
        out.push(format!("{}:{line}:{column}: {key}", crate::term::escape(&o.name)));
    }
    o
}

/// A template's text: UTF-8 (a byte-order mark kept as read), or UTF-16 or UTF-32 that
/// starts with a byte-order mark (decoded, the mark dropped, so that lines and columns
/// are those of the decoded text). Anything else that is not UTF-8, or that holds a NUL
/// byte, is an error: a file that cannot be read as text is never passed unchecked.
/// The error names the problem and its byte offset, never the content.
pub(crate) fn decode(bytes: Vec<u8>) -> Result<String, String> {
    fn units<const N: usize>(bytes: &[u8], encoding: &str, unit: impl Fn([u8; N]) -> u32) -> Result<Vec<u32>, String> {
        if bytes.len() % N != 0 {
            return Err(format!("invalid {encoding}: {} byte(s) left over at the end", bytes.len() % N));
        }
        Ok(bytes.chunks_exact(N).map(|c| unit(c.try_into().unwrap_or([0; N]))).collect())
    }
    fn utf16(units: Vec<u32>, encoding: &str) -> Result<String, String> {
        let mut out = String::with_capacity(units.len());
        let mut at = 0; // code units read
        for c in char::decode_utf16(units.into_iter().map(|u| u as u16)) {
            match c {
                Ok(c) => {
                    out.push(c);
                    at += c.len_utf16();
                }
                Err(_) => return Err(format!("invalid {encoding} at byte {}", 2 + 2 * at)),
            }
        }
        Ok(out)
    }
    fn utf32(units: Vec<u32>, encoding: &str) -> Result<String, String> {
        let mut out = String::with_capacity(units.len());
        for (i, u) in units.into_iter().enumerate() {
            out.push(char::from_u32(u).ok_or_else(|| format!("invalid {encoding} at byte {}", 4 + 4 * i))?);
        }
        Ok(out)
    }
    let text = if let Some(rest) = bytes.strip_prefix(b"\xff\xfe\0\0") {
        utf32(units(rest, "UTF-32LE", u32::from_le_bytes)?, "UTF-32LE")?
    } else if let Some(rest) = bytes.strip_prefix(b"\0\0\xfe\xff") {
        utf32(units(rest, "UTF-32BE", u32::from_be_bytes)?, "UTF-32BE")?
    } else if let Some(rest) = bytes.strip_prefix(b"\xff\xfe") {
        utf16(units(rest, "UTF-16LE", |b: [u8; 2]| u16::from_le_bytes(b).into())?, "UTF-16LE")?
    } else if let Some(rest) = bytes.strip_prefix(b"\xfe\xff") {
        utf16(units(rest, "UTF-16BE", |b: [u8; 2]| u16::from_be_bytes(b).into())?, "UTF-16BE")?
    } else {
        if let Some(at) = bytes.iter().position(|&b| b == 0) {
            return Err(format!(
                "binary file (a NUL byte at byte {at}); exclude it in phi-guard.toml if it is not a template"
            ));
        }
        return String::from_utf8(bytes).map_err(|e| format!("invalid UTF-8 at byte {}", e.utf8_error().valid_up_to()));
    };
    match text.find('\0') {
        Some(at) => Err(format!("binary file (a NUL character at byte {at} of the decoded text)")),
        None => Ok(text),
    }
}

fn is_json(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

/// Plain text and Markdown: one template, or several separated by a line `---`.
fn check_plain(o: &mut Outcome, engine: &Engine, fixes: bool) {
    let text = &o.text;
    let mut pieces = Vec::new();
    let (mut start, mut pos) = (0, 0);
    for line in text.split_inclusive('\n') {
        if line.trim_end_matches(['\n', '\r']) == "---" {
            pieces.push(start..pos);
            start = pos + line.len();
        }
        pos += line.len();
    }
    pieces.push(start..text.len());

    let mut diags = Vec::new();
    let mut flagged = 0;
    for (index, piece) in pieces.iter().enumerate() {
        let body = &text[piece.clone()];
        let report = engine.check(body);
        flagged += usize::from(!report.is_compliant());
        let edits: Vec<Replacement> = if fixes && !report.is_compliant() {
            let rw = engine.rewrite_report(body, &report);
            if rw.level == RewriteLevel::Withheld {
                Vec::new()
            } else {
                rw.edits
                    .into_iter()
                    .map(|e| Replacement {
                        range: piece.start + e.span.start..piece.start + e.span.end,
                        text: e.new,
                        tidy: e.action == Action::Tidy,
                    })
                    .collect()
            }
        } else {
            Vec::new()
        };
        for f in &report.findings {
            let mut range = piece.start + f.span.start..piece.start + f.span.end;
            if range.is_empty() && f.span.start == body.len() {
                // A finding about the whole text (a missing opt-out): at its last character.
                let end = piece.start + body.trim_end().len();
                range = end..end;
            }
            diags.push(Diag {
                rule: f.rule,
                category: f.category,
                severity: f.severity,
                pieces: if range.is_empty() { vec![] } else { vec![range.clone()] },
                fix: fix_for(&range, &edits),
                range,
                matched: f.matched(body).to_string(),
                verdict: report.verdict,
                template: index,
                name: None,
                part: None,
                key: None,
                with_examples: false,
            });
        }
    }
    o.templates = pieces.len();
    o.flagged = flagged;
    o.diags = diags;
}

/// WhatsApp Business template JSON: each template under its category's policy.
fn check_whatsapp(o: &mut Outcome, setup: &crate::config::Setup, fixes: bool, sniffed: bool) {
    let templates = match whatsapp::parse(&o.text) {
        Ok(t) => t,
        Err(e) => {
            o.messages.push(format!("error: {}", e.with_file(&o.name)));
            o.failed = true;
            return;
        }
    };
    if templates.is_empty() {
        if sniffed {
            // Unnamed standard input that looks like JSON: checking it as text would miss
            // escaped terms, skipping it would pass it unseen.
            o.messages.push(format!(
                "error: {}: JSON without a WhatsApp template; name it with --stdin-filename to check it as text",
                o.name
            ));
            o.failed = true;
        } else {
            o.messages.push(format!(
                "note: {}: no WhatsApp template found; skipped (i18n JSON is read in a locale folder or named after its language)",
                o.name
            ));
        }
        return;
    }
    let mut diags = Vec::new();
    let mut flagged = 0;
    for (index, t) in templates.iter().enumerate() {
        let kind = t.category.map_or(setup.policy, |c| c.policy());
        let engine = setup.engine(kind);
        let report = t.check(&engine);
        flagged += usize::from(report.verdict != Verdict::Compliant);
        // Fixes rewrite a text of the template (never its example values): the edits are
        // mapped back into the JSON string and escaped.
        let mut edits: Vec<Vec<Replacement>> = vec![Vec::new(); t.texts.len()];
        if fixes {
            let parts = engine.with_policy(engine.policy().clone().with_level(Rule::OptOutMissing, None));
            for (i, text) in t.texts.iter().enumerate() {
                if !report.findings.iter().any(|f| f.text == Some(i) && !f.with_examples) {
                    continue;
                }
                let rw = parts.rewrite(&text.text.value);
                if rw.level == RewriteLevel::Withheld {
                    continue;
                }
                edits[i] = rw
                    .edits
                    .into_iter()
                    .map(|e| Replacement {
                        range: text.text.to_source_range(e.span),
                        text: json_escape(&e.new),
                        tidy: e.action == Action::Tidy,
                    })
                    .collect();
            }
        }
        for f in report.findings {
            let fix = match f.text {
                Some(i) if !f.with_examples => fix_for(&f.source, &edits[i]),
                _ => Vec::new(),
            };
            diags.push(Diag {
                rule: f.finding.rule,
                category: f.finding.category,
                severity: f.finding.severity,
                range: f.source,
                pieces: f.pieces,
                matched: f.matched,
                verdict: report.verdict,
                template: index,
                name: t.name.clone(),
                part: f.text.map(|i| t.texts[i].part.to_string()),
                key: None,
                with_examples: f.with_examples,
                fix,
            });
        }
    }
    o.templates = templates.len();
    o.flagged = flagged;
    o.diags = diags;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_and_encoded() {
        assert_eq!(uri(Path::new("./templates/a b/é.txt")), "templates/a%20b/%C3%A9.txt");
        assert_eq!(uri(Path::new("a:b.txt")), "a%3Ab.txt");
        #[cfg(unix)]
        assert_eq!(uri(Path::new("/tmp/a b.txt")), "file:///tmp/a%20b.txt");
    }

    #[test]
    fn positions_count_characters() {
        let mut o = Outcome::new("x".into(), "x".into(), FailOn::Error);
        o.set_text("ab\r\nçd e\n".into());
        assert_eq!(o.position(0), (1, 1));
        assert_eq!(o.position(4), (2, 1));
        assert_eq!(o.position(7), (2, 3));
        assert_eq!(o.position(6), (2, 2));
        assert_eq!(o.position(1), (1, 2));
        assert_eq!(o.line(1), 0..2);
        assert_eq!(o.line(2), 4..9);
        assert_eq!(o.line(3), 10..10);
    }
}
