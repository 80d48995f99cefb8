//! `phi-guard rewrite` and `phi-guard redact`, and the inbound options of `scan`
//! (`--rewrite`, `--redact-text`, `--audit`).

use std::io::{self, Write};
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use phi_guard::{AuditRecord, Engine, Operator, Report, RewriteLevel};
use serde::Serialize;
use serde_json::value::RawValue;

use crate::args::Common;
use crate::{EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS};

/// The environment variable read for the pseudonym key by default.
const KEY_ENV: &str = "PHI_GUARD_PSEUDONYM_KEY";

#[derive(Debug, Args)]
pub struct RewriteArgs {
    /// The text to rewrite; `-` (the default) reads standard input as one message.
    #[arg(default_value = "-", value_name = "TEXT")]
    pub text: String,
    #[command(flatten)]
    pub common: Common,
    /// Print a JSON object (`text`, `level`, `lang`, `edits`) instead of the text;
    /// `--redact` leaves the original text (`old`) out of the edits.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct RedactArgs {
    /// The text to redact; `-` (the default) reads standard input as one message.
    #[arg(default_value = "-", value_name = "TEXT")]
    pub text: String,
    #[command(flatten)]
    pub common: Common,
    #[command(flatten)]
    pub operator: OperatorArgs,
}

#[derive(Debug, Args)]
pub struct OperatorArgs {
    /// How `redact` and `scan --redact-text` replace each finding: `[CONDITION]`,
    /// `*****`, nothing, or a keyed pseudonym `[CONDITION:…]` of 24 letters (same term,
    /// same token).
    #[arg(long, value_enum, default_value_t = OperatorArg::Category)]
    pub operator: OperatorArg,
    /// Environment variable that holds the pseudonym key (16 bytes or more).
    #[arg(long, value_name = "VAR", default_value = KEY_ENV)]
    pub key_env: String,
    /// File that holds the pseudonym key (instead of the environment; a final newline is
    /// ignored).
    #[arg(long, value_name = "FILE")]
    pub key_file: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OperatorArg {
    Category,
    Mask,
    Remove,
    Pseudonym,
}

/// The inbound options of `scan`.
#[derive(Debug, Args)]
pub struct ScanInbound {
    /// Add a `"rewrite"` field: a compliant version of each text.
    #[arg(long)]
    pub rewrite: bool,
    /// Add a `"redacted"` field: the text with every finding replaced (see --operator).
    #[arg(long)]
    pub redact_text: bool,
    /// Write PHI-free audit records (`sha256`, `verdict`, `score`, `rules`, `policy`,
    /// `version`, `lexicon`) instead of findings.
    #[arg(long, conflicts_with_all = ["rewrite", "redact_text"])]
    pub audit: bool,
    #[command(flatten)]
    pub operator: OperatorArgs,
}

impl OperatorArgs {
    /// The operator, with its key read from the environment or a file.
    pub fn operator(&self) -> Result<Operator, String> {
        Ok(match self.operator {
            OperatorArg::Category => Operator::Category,
            OperatorArg::Mask => Operator::Mask,
            OperatorArg::Remove => Operator::Remove,
            OperatorArg::Pseudonym => {
                let key = match &self.key_file {
                    Some(path) => {
                        let mut key =
                            crate::limits::read_file(path, crate::limits::MAX_KEY_FILE_SIZE).map_err(|e| match e {
                                crate::limits::ReadError::Io(kind) => {
                                    format!("{}: cannot read the key file: {kind}", path.display())
                                }
                                e => format!("{}: key file {e}", path.display()),
                            })?;
                        while key.last().is_some_and(|b| matches!(b, b'\n' | b'\r')) {
                            key.pop();
                        }
                        key
                    }
                    None => std::env::var_os(&self.key_env).map(|v| v.into_encoded_bytes()).ok_or_else(|| {
                        format!("the pseudonym operator needs a key in ${} or --key-file", self.key_env)
                    })?,
                };
                Operator::pseudonym(key).map_err(|e| e.to_string())?
            }
        })
    }
}

/// Reads the TEXT argument, or standard input for `-`.
fn read_text(arg: &str) -> Result<String, String> {
    if arg != "-" {
        return Ok(arg.to_string());
    }
    let buf = crate::limits::read_to_end(io::stdin().lock(), crate::limits::MAX_FILE_SIZE, 0)
        .map_err(|e| format!("standard input: {e}"))?;
    String::from_utf8(buf)
        .map_err(|e| format!("standard input: not valid UTF-8 at byte {}", e.utf8_error().valid_up_to()))
}

fn fail(msg: &str) -> u8 {
    crate::term::eprint_line!("error: {msg}");
    EXIT_ERROR
}

#[derive(Serialize)]
struct RewriteJson<'a> {
    text: &'a str,
    level: &'static str,
    lang: &'static str,
    edits: Vec<EditJson<'a>>,
}

#[derive(Serialize)]
struct EditJson<'a> {
    start: usize,
    end: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    old: Option<&'a str>,
    new: &'a str,
    rule: Option<&'static str>,
    action: &'static str,
}

/// `phi-guard rewrite`: prints a compliant version of the text. Exit 0 when the text was
/// already compliant, 1 when it had to change, 2 on errors.
pub fn run_rewrite(args: &RewriteArgs) -> u8 {
    let engine = match crate::engine(&args.common) {
        Ok(e) => e,
        Err(e) => return fail(&e.to_string()),
    };
    let text = match read_text(&args.text) {
        Ok(t) => t,
        Err(e) => return fail(&e),
    };
    // A trailing line break is not part of the message.
    let body = text.strip_suffix('\n').map(|t| t.strip_suffix('\r').unwrap_or(t)).unwrap_or(&text);
    let rw = engine.rewrite(body);
    let mut out = io::stdout().lock();
    let written = if args.json {
        let json = RewriteJson {
            text: &rw.text,
            level: rw.level.as_str(),
            lang: rw.lang.code(),
            edits: rw
                .edits
                .iter()
                .map(|e| EditJson {
                    start: e.span.start,
                    end: e.span.end,
                    old: (!args.common.redact).then_some(e.old.as_str()),
                    new: &e.new,
                    rule: e.rule.map(|r| r.id()),
                    action: e.action.as_str(),
                })
                .collect(),
        };
        serde_json::to_writer(&mut out, &json).map_err(io::Error::from).and_then(|()| out.write_all(b"\n"))
    } else {
        writeln!(out, "{}", rw.text)
    };
    if written.is_err() {
        return EXIT_ERROR;
    }
    if rw.level == RewriteLevel::Withheld {
        eprintln!("phi-guard: no compliant rewrite could be made; do not send this text");
    }
    if rw.is_changed() { EXIT_FINDINGS } else { EXIT_CLEAN }
}

/// `phi-guard redact`: prints the text with every finding replaced.
pub fn run_redact(args: &RedactArgs) -> u8 {
    let engine = match crate::engine(&args.common) {
        Ok(e) => e,
        Err(e) => return fail(&e.to_string()),
    };
    let operator = match args.operator.operator() {
        Ok(o) => o,
        Err(e) => return fail(&e),
    };
    let text = match read_text(&args.text) {
        Ok(t) => t,
        Err(e) => return fail(&e),
    };
    let redacted = engine.redact(&text, &operator).text;
    let mut out = io::stdout().lock();
    let nl = if redacted.ends_with('\n') { "" } else { "\n" };
    if write!(out, "{redacted}{nl}").is_err() {
        return EXIT_ERROR;
    }
    EXIT_CLEAN
}

/// What `scan` adds to (or writes instead of) each result.
pub struct ScanExtras {
    rewrite: bool,
    redact: Option<Operator>,
    audit: bool,
}

/// The extra fields of one `scan` result.
#[derive(Serialize, Default)]
pub struct ExtraFields {
    #[serde(skip_serializing_if = "Option::is_none")]
    rewrite: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    redacted: Option<String>,
}

#[derive(Serialize)]
struct AuditLine<'a> {
    id: Option<&'a RawValue>,
    #[serde(flatten)]
    record: AuditRecord,
}

impl ScanExtras {
    pub fn new(args: &ScanInbound) -> Result<ScanExtras, String> {
        let redact = if args.redact_text { Some(args.operator.operator()?) } else { None };
        Ok(ScanExtras { rewrite: args.rewrite, redact, audit: args.audit })
    }

    /// `--audit`: the audit record replaces the result.
    pub fn audit(&self) -> bool {
        self.audit
    }

    /// The `"rewrite"` and `"redacted"` fields asked for.
    pub fn fields(&self, engine: &Engine, text: &str, report: &Report) -> ExtraFields {
        ExtraFields {
            rewrite: self.rewrite.then(|| engine.rewrite_report(text, report).text),
            redacted: self.redact.as_ref().map(|op| engine.redact_report(text, report, op).text),
        }
    }

    /// Writes the audit record of one text as a JSON line.
    pub fn write_audit(
        &self,
        out: &mut impl Write,
        id: Option<&RawValue>,
        engine: &Engine,
        text: &str,
        report: &Report,
    ) -> io::Result<()> {
        serde_json::to_writer(&mut *out, &AuditLine { id, record: engine.audit_record(text, report) })?;
        out.write_all(b"\n")
    }
}
