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
use phi_guard::{Category, Engine, Lang, RewriteLevel, Rule, Severity, Verdict};
use rayon::prelude::*;

use crate::args::{CheckArgs, ColorChoice, FailOn, Format};
use crate::baseline::{self, Baseline};
use crate::config::Configs;
use crate::everyday;
use crate::fix;
use crate::limits::{self, ReadError};
use crate::report::{self, Options};
use crate::suppress;
use crate::term::eprint_line;
use crate::walk::{self, Item, Source};
use crate::{EXIT_CLEAN, EXIT_ERROR};

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
    /// The edits of its text's rewrite (SARIF `fixes`), when asked for and possible. Only
    /// the first finding of each text carries them: one fix removes every finding of the
    /// text, and fixes of different findings never overlap.
    pub fix: Vec<Replacement>,
    /// Its baseline fingerprint (see [`baseline`]), holding no text.
    pub fingerprint: String,
}

/// One edit of a fix: replace a byte range of the file with new text (already escaped
/// for the file's syntax).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Replacement {
    pub range: Range<usize>,
    pub text: String,
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
    /// Findings silenced by inline suppressions.
    pub suppressed: usize,
    /// Suppressions that silenced nothing (counted under `--report-unused-ignores`).
    pub unused_ignores: usize,
    /// How the text was read (to read a fixed version the same way).
    pub reading: Reading,
    /// Byte ranges that are not message text (comments, front matter): never fixed.
    pub hidden: Vec<Range<usize>>,
}

/// How an input's text is read: its format and what to compute.
#[derive(Clone, Copy, Debug, Default)]
pub struct Reading {
    /// WhatsApp JSON (`None`: standard input without a name, sniffed).
    pub json: Option<bool>,
    pub markdown: bool,
    /// Compute each text's rewrite as edits of the file.
    pub fixes: bool,
    pub report_unused: bool,
}

impl Outcome {
    pub fn new(name: String, uri: String, fail_on: FailOn) -> Outcome {
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
            suppressed: 0,
            unused_ignores: 0,
            reading: Reading::default(),
            hidden: Vec::new(),
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

    /// Counts again the templates with a finding above `info`, after findings were
    /// dropped (suppressed, or in the baseline).
    fn recount_flagged(&mut self) {
        let mut flagged: Vec<usize> =
            self.diags.iter().filter(|d| d.severity > Severity::Info).map(|d| d.template).collect();
        flagged.dedup();
        self.flagged = flagged.len();
    }

    /// Whether a diagnostic makes the run fail under this input's `fail-on`.
    pub fn fails(&self, d: &Diag) -> bool {
        self.fail_on.reached_by(d.severity)
    }
}

pub fn run(args: &CheckArgs) -> u8 {
    let overrides = crate::config::Overrides::of_check(args);
    let mut configs = Configs::new(&overrides);
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
    let mut baseline = match args.baseline.as_deref().map(Baseline::load).transpose() {
        Ok(b) => b,
        Err(e) => {
            eprint_line!("error: {e}");
            return EXIT_ERROR;
        }
    };
    let fix_mode = if args.fix {
        Some(fix::Mode::Write)
    } else if args.diff {
        Some(fix::Mode::Diff)
    } else {
        None
    };
    // The human format shows each finding's rewrite as a `help:` line; SARIF carries it
    // as a fix. Neither under --redact.
    let fixes = (matches!(args.format, Format::Sarif | Format::Human) && !args.redact) || fix_mode.is_some();
    let check = |item: &Item| check_item(item, &stdin, fixes, args);
    let pool = rayon::ThreadPoolBuilder::new().num_threads(args.threads.unwrap_or(0)).build();
    let mut outcomes: Vec<Outcome> = match pool {
        Ok(pool) => pool.install(|| items.par_iter().map(check).collect()),
        Err(_) => items.iter().map(check).collect(),
    };
    let fixed = fix_mode.map(|mode| fix::run(&items, &mut outcomes, mode));
    if let Some(fixed) = fixed.as_ref().filter(|_| fix_mode == Some(fix::Mode::Diff)) {
        return print_diffs(args, fixed, &outcomes, &problems, failed);
    }
    for o in &mut outcomes {
        for d in &mut o.diags {
            d.fingerprint = baseline::fingerprint(&o.uri, d);
        }
    }
    let mut summary_extra = String::new();
    if let Some(fixed) = &fixed {
        summary_extra.push_str(&format!(", {} template(s) fixed in {} file(s)", fixed.templates, fixed.files));
    }
    if let Some(path) = &args.write_baseline {
        match baseline::write(path, &outcomes) {
            Ok(n) => summary_extra
                .push_str(&format!(", {n} recorded in {}", crate::term::escape(&path.display().to_string()))),
            Err(e) => {
                eprint_line!("error: {e}");
                return EXIT_ERROR;
            }
        }
    }
    if let Some(baseline) = &mut baseline {
        let known = baseline.filter(&mut outcomes);
        outcomes.iter_mut().for_each(Outcome::recount_flagged);
        summary_extra.push_str(&format!(", {known} in the baseline"));
    }

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
    let mut out = match everyday::output(&args.everyday) {
        Ok(out) => out,
        Err(e) => {
            eprint_line!("error: {e}");
            return EXIT_ERROR;
        }
    };
    let written = report::write(&mut out, args.format, &outcomes, &problems, &opts).and_then(|()| out.flush());
    if let Err(e) = written {
        // A closed standard output ends the run quietly; a file that cannot be written is
        // an error worth naming.
        if let Some(path) = &args.everyday.output_file {
            eprint_line!("error: {}", everyday::cannot_write(path, &e));
        }
        return EXIT_ERROR;
    }

    let (mut texts, mut flagged, mut files, mut errors, mut fails) = (0, 0, 0, walk_error_count, false);
    let mut suppressed = 0;
    let mut counts = everyday::RuleCounts::default();
    for o in &outcomes {
        failed |= o.failed;
        texts += o.templates;
        flagged += o.flagged;
        files += usize::from(o.templates > 0);
        errors += usize::from(o.failed);
        fails |= o.diags.iter().any(|d| o.fails(d)) || o.unused_ignores > 0;
        suppressed += o.suppressed;
        o.diags.iter().for_each(|d| counts.add(d.rule));
    }
    // Notes and errors go to standard error after the results (SARIF also carries
    // them as `toolExecutionNotifications`); `--quiet` keeps the errors only.
    let shown = |m: &&String| !args.everyday.quiet || !m.starts_with("note:");
    let suppressed = if suppressed > 0 { format!(", {suppressed} suppressed") } else { String::new() };
    for m in problems.iter().filter(shown) {
        eprint_line!("{m}");
    }
    for o in &outcomes {
        for m in o.messages.iter().filter(shown) {
            eprint_line!("{m}");
        }
    }
    if args.everyday.statistics {
        counts.print();
    }
    if !args.everyday.quiet {
        let errors = if errors > 0 { format!("; {errors} error(s)") } else { String::new() };
        eprintln!(
            "phi-guard: checked {texts} text(s) in {files} file(s): {flagged} with findings, {} finding(s){suppressed}{summary_extra}{errors}",
            counts.total()
        );
    }
    // The findings just recorded are accepted: they fail no longer.
    let fails = fails && args.write_baseline.is_none();
    everyday::exit_status(&args.everyday, failed, fails)
}

/// `--diff`: the diffs on the output, the run's messages and a summary on standard
/// error; exit 1 when a file would change.
fn print_diffs(args: &CheckArgs, fixed: &fix::Fixed, outcomes: &[Outcome], problems: &[String], failed: bool) -> u8 {
    let mut out = match everyday::output(&args.everyday) {
        Ok(out) => out,
        Err(e) => {
            eprint_line!("error: {e}");
            return EXIT_ERROR;
        }
    };
    if let Err(e) = fixed.diffs.iter().try_for_each(|d| out.write_all(d.as_bytes())).and_then(|()| out.flush()) {
        if let Some(path) = &args.everyday.output_file {
            eprint_line!("error: {}", everyday::cannot_write(path, &e));
        }
        return EXIT_ERROR;
    }
    let failed = failed || outcomes.iter().any(|o| o.failed);
    let shown = |m: &&String| !args.everyday.quiet || !m.starts_with("note:");
    for m in problems.iter().chain(outcomes.iter().flat_map(|o| &o.messages)).filter(shown) {
        eprint_line!("{m}");
    }
    if !args.everyday.quiet {
        eprintln!("phi-guard: would fix {} template(s) in {} file(s)", fixed.templates, fixed.files);
    }
    everyday::exit_status(&args.everyday, failed, fixed.files > 0)
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
            print!("{}", setup.dump(&shown, args.configuration.no_config));
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

fn check_item(item: &Item, stdin: &Result<Vec<u8>, ReadError>, fixes: bool, args: &CheckArgs) -> Outcome {
    let setup = &item.setup;
    let mut o = read_item(item, stdin, args.max_file_size);
    if o.failed {
        return o;
    }
    let path = match &item.source {
        Source::Stdin(alias) => alias.as_deref(),
        Source::File(path) => Some(path.as_path()),
    };
    let markdown = path.is_some_and(is_markdown);
    let report_unused = args.report_unused_ignores;
    match kind_of(item, &o.text) {
        Kind::Plain => {
            o.reading = Reading { json: Some(false), markdown, fixes, report_unused };
            check_plain(&mut o, &setup.engine(setup.policy), fixes, markdown, report_unused);
        }
        Kind::WhatsApp { sniffed } => {
            o.reading = Reading { json: Some(true), markdown, fixes, report_unused };
            check_whatsapp(&mut o, setup, fixes, sniffed);
        }
        Kind::Catalog(format) => {
            let path = match &item.source {
                Source::Stdin(alias) => alias.clone().unwrap_or_default(),
                Source::File(path) => path.clone(),
            };
            check_catalog(&mut o, setup, format, &path, report_unused);
        }
    }
    o
}

/// Checks a decoded text again as `o.reading` says (plain text, Markdown or WhatsApp
/// JSON): how `--fix` re-checks a fixed file before writing it.
pub fn check_text(o: &mut Outcome, text: String, setup: &crate::config::Setup) {
    let Reading { json, markdown, fixes, report_unused } = o.reading;
    o.set_text(text);
    if json == Some(true) {
        check_whatsapp(o, setup, fixes, false);
    } else {
        check_plain(o, &setup.engine(setup.policy), fixes, markdown, report_unused);
    }
}

/// A message catalog: each entry checked in its language, findings at their place in
/// the file; malformed parts are errors, the other entries are still checked.
fn check_catalog(
    o: &mut Outcome,
    setup: &crate::config::Setup,
    format: CatalogFormat,
    path: &Path,
    report_unused: bool,
) {
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
                fingerprint: String::new(),
            });
        }
        templates += 1;
    }
    // Suppressions in the catalog's comments (`# phi-guard: ignore[…] reason`).
    let comments = match format {
        CatalogFormat::Gettext | CatalogFormat::RailsYaml | CatalogFormat::Properties => {
            suppress::CatalogComments::Line(&["#", "!"])
        }
        CatalogFormat::AppleStrings => suppress::CatalogComments::Line(&["//", "/*"]),
        CatalogFormat::Android | CatalogFormat::Xliff => suppress::CatalogComments::Html,
        // JSON catalogs have no comments; a format added later has none until named here.
        _ => suppress::CatalogComments::None,
    };
    let mut layout = suppress::catalog_layout(&o.text, comments);
    // A directive covers the entry after it, also when that entry's text starts lines
    // later (a `.po` comment, then `msgid`, then `msgstr`): it reaches to the line before.
    let mut starts: Vec<usize> = cat.entries.iter().map(|e| e.text.source_start()).collect();
    starts.sort_unstable();
    for d in &mut layout.directives {
        let next = starts[starts.partition_point(|&s| s < d.comment.end)..].first().copied();
        if let Some(line_before) = next.and_then(|at| o.text[..at].rfind('\n')) {
            d.comment.end = d.comment.end.max(line_before);
        }
    }
    let engine = setup.engine(setup.policy);
    let silenced = !layout.directives.is_empty();
    apply_suppressions(o, &mut diags, &layout, &engine, report_unused);
    o.templates = templates;
    o.flagged = flagged;
    o.diags = diags;
    if silenced {
        // An entry whose findings were all silenced no longer counts as flagged.
        o.recount_flagged();
    }
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

fn is_markdown(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

/// Plain text and Markdown: one template, or several separated by a line `---`.
/// Comments and front matter are masked (see [`suppress`]), and inline suppressions
/// applied.
fn check_plain(o: &mut Outcome, engine: &Engine, fixes: bool, markdown: bool, report_unused: bool) {
    let layout = suppress::layout(&o.text, markdown);
    let masked = suppress::mask(&o.text, &layout.hidden);
    o.hidden = layout.hidden.clone();
    let text = &masked;
    let mut pieces = Vec::new();
    let (mut start, mut pos) = (layout.body_start, layout.body_start);
    for line in text[layout.body_start..].split_inclusive('\n') {
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
                fix: Vec::new(),
                range,
                matched: f.matched(body).to_string(),
                verdict: report.verdict,
                template: index,
                name: None,
                part: None,
                key: None,
                with_examples: false,
                fingerprint: String::new(),
            });
        }
    }
    o.templates = pieces.len();
    o.flagged = flagged;
    let silenced = apply_suppressions(o, &mut diags, &layout, engine, report_unused);
    if fixes {
        // Rewrites leave what a directive silenced as it is: it is blanked for them, and a
        // rewrite that would still change it is not offered.
        let protected = suppress::mask(text, &silenced);
        for (index, piece) in pieces.iter().enumerate() {
            let Some(first) = diags.iter().position(|d| d.template == index) else { continue };
            diags[first].fix = rewrite_edits(engine, &protected, piece);
        }
        o.hidden.extend(silenced);
    }
    o.diags = diags;
    if o.suppressed > 0 {
        // A template whose findings were all silenced no longer counts as flagged.
        o.recount_flagged();
    }
}

/// The edits of a template's rewrite, as edits of the file: the whole rewrite goes to the
/// template's first finding (see `Diag::fix`). None when the rewrite is withheld.
fn rewrite_edits(engine: &Engine, text: &str, piece: &Range<usize>) -> Vec<Replacement> {
    let body = &text[piece.clone()];
    let report = engine.check(body);
    if report.is_compliant() {
        return Vec::new();
    }
    let rw = engine.rewrite_report(body, &report);
    if rw.level == RewriteLevel::Withheld {
        return Vec::new();
    }
    rw.edits
        .into_iter()
        .map(|e| Replacement { range: piece.start + e.span.start..piece.start + e.span.end, text: e.new })
        .collect()
}

/// Drops the findings that a directive silences, and returns their byte ranges; reports
/// directives that cannot be read (an error) and, when asked, those that silenced nothing.
fn apply_suppressions(
    o: &mut Outcome,
    diags: &mut Vec<Diag>,
    layout: &suppress::Layout,
    engine: &Engine,
    report_unused: bool,
) -> Vec<Range<usize>> {
    for e in &layout.errors {
        let (line, col) = o.position(e.at);
        o.messages.push(format!("error: {}:{line}:{col}: {}", o.name, e.message));
        o.failed = true;
    }
    if layout.directives.is_empty() {
        return Vec::new();
    }
    // Each directive covers its comment's lines and the line after it.
    let covers: Vec<(usize, usize)> =
        layout.directives.iter().map(|d| (o.position(d.comment.start).0, o.position(d.comment.end).0 + 1)).collect();
    let mut used: Vec<Vec<bool>> = layout.directives.iter().map(|d| vec![false; d.rules.len()]).collect();
    let before = diags.len();
    let mut silenced_ranges = Vec::new();
    diags.retain(|d| {
        let line = o.position(d.range.start).0;
        let mut silenced = false;
        for (i, directive) in layout.directives.iter().enumerate() {
            let (first, last) = covers[i];
            if (first..=last).contains(&line) {
                for (j, _) in directive.rules.iter().enumerate().filter(|(_, r)| **r == d.rule) {
                    used[i][j] = true;
                    silenced = true;
                }
            }
        }
        if silenced {
            silenced_ranges.extend(d.pieces.iter().cloned());
        }
        !silenced
    });
    o.suppressed = before - diags.len();
    if !report_unused {
        return silenced_ranges;
    }
    for (directive, used) in layout.directives.iter().zip(&used) {
        for (&rule, _) in directive.rules.iter().zip(used).filter(|(_, u)| !**u) {
            // A rule that is off reports nothing: its suppression is not stale.
            if engine.policy().level(rule).is_none() {
                continue;
            }
            let (line, col) = o.position(directive.at);
            o.messages.push(format!("warning: {}:{line}:{col}: unused suppression of `{rule}`", o.name));
            o.unused_ignores += 1;
        }
    }
    silenced_ranges
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
                    .map(|e| Replacement { range: text.text.to_source_range(e.span), text: json_escape(&e.new) })
                    .collect();
            }
        }
        for f in report.findings {
            // The text's whole rewrite goes to its first finding (see `Diag::fix`).
            let fix = match f.text {
                Some(i) if !f.with_examples => std::mem::take(&mut edits[i]),
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
                fingerprint: String::new(),
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
