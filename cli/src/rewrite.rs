//! `phi-guard rewrite` and `phi-guard redact`, and the inbound options of `scan`
//! (`--rewrite`, `--redact-text`, `--audit`).

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use phi_guard::{AuditRecord, Engine, Operator, PseudonymKey, Report, RewriteLevel};
use serde::{Serialize, Serializer};
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
    /// Leave the original text (`old`) out of the `--json` edits.
    #[arg(long, requires = "json")]
    pub redact: bool,
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
    /// How each finding is replaced: `[CONDITION]`, `*****`, nothing, or a keyed
    /// pseudonym `[CONDITION:…]` of 24 letters (same term, same token).
    #[arg(long, value_enum, default_value_t = OperatorArg::Category)]
    pub operator: OperatorArg,
    #[command(flatten)]
    pub key: KeyArgs,
}

/// Where the pseudonym key comes from.
#[derive(Debug, Args)]
pub struct KeyArgs {
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
    /// How --redact-text replaces each finding: `[CONDITION]`, `*****`, nothing, or a
    /// keyed pseudonym `[CONDITION:…]` of 24 letters [default: category]
    #[arg(long, value_enum, requires = "redact_text")]
    pub operator: Option<OperatorArg>,
    /// Write PHI-free audit records (`hmac_sha256`, `verdict`, `score`, `rules`,
    /// `policy`, `version`, `lexicon`) instead of findings. The text hash is keyed with the
    /// pseudonym key (--key-env, --key-file), which this needs.
    #[arg(long, conflicts_with_all = ["rewrite", "redact_text"])]
    pub audit: bool,
    /// With --audit: a plain `sha256` of each text instead of the keyed hash, so no key is
    /// needed. A plain hash of a short message can be reversed by hashing guesses: only for
    /// records kept as protected as the messages.
    #[arg(long, requires = "audit")]
    pub unkeyed_audit_hash: bool,
    /// What happens to each record's `id` in the output: `drop` leaves it out, `hash`
    /// writes the HMAC-SHA-256 of it under the pseudonym key (--key-env, --key-file) as
    /// 64 hex digits, so records can still be joined; by default the id is copied.
    #[arg(long, value_enum, value_name = "HOW")]
    pub redact_ids: Option<IdRedaction>,
    #[command(flatten)]
    pub key: KeyArgs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum IdRedaction {
    Drop,
    Hash,
}

impl OperatorArg {
    /// The operator, with its key read from the environment or a file when it needs one.
    pub fn operator(self, key: &KeyArgs) -> Result<Operator, String> {
        Ok(match self {
            OperatorArg::Category => Operator::Category,
            OperatorArg::Mask => Operator::Mask,
            OperatorArg::Remove => Operator::Remove,
            OperatorArg::Pseudonym => Operator::Pseudonym(key.key("the pseudonym operator")?),
        })
    }
}

impl KeyArgs {
    /// The pseudonym key, from `--key-file` or the environment; `purpose` names what needs
    /// it in the error.
    pub fn key(&self, purpose: &str) -> Result<PseudonymKey, String> {
        let key = read_key(self.key_file.as_deref(), &self.key_env, || {
            format!("{purpose} needs a key in ${} or --key-file", self.key_env)
        })?;
        PseudonymKey::new(key).map_err(|e| e.to_string())
    }
}

/// A secret key from a file (at most 64 KiB, a final line break dropped) or else from
/// the environment variable `env`; `missing` says what to do when there is neither.
pub fn read_key(file: Option<&Path>, env: &str, missing: impl FnOnce() -> String) -> Result<Vec<u8>, String> {
    match file {
        Some(path) => {
            let mut key = crate::limits::read_file(path, crate::limits::MAX_KEY_FILE_SIZE).map_err(|e| match e {
                crate::limits::ReadError::Io(kind) => {
                    format!("{}: key file: {}", path.display(), crate::limits::io_problem(kind))
                }
                e => format!("{}: key file {e}", path.display()),
            })?;
            while key.last().is_some_and(|b| matches!(b, b'\n' | b'\r')) {
                key.pop();
            }
            Ok(key)
        }
        None => std::env::var_os(env).map(|v| v.into_encoded_bytes()).ok_or_else(missing),
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
    let engine = match crate::command_setup(crate::config::Overrides::of_common(&args.common)) {
        Ok((engine, _)) => engine,
        Err(e) => return fail(&e),
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
                    old: (!args.redact).then_some(e.old.as_str()),
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
    let engine = match crate::command_setup(crate::config::Overrides::of_common(&args.common)) {
        Ok((engine, _)) => engine,
        Err(e) => return fail(&e),
    };
    let operator = match args.operator.operator(&args.key) {
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
    audit: Option<AuditHash>,
    ids: Ids,
}

/// How `scan --audit` hashes each text.
enum AuditHash {
    Keyed(PseudonymKey),
    Unkeyed,
}

/// How `scan` writes ids (`--redact-ids`).
enum Ids {
    Copy,
    Drop,
    Hash(PseudonymKey),
}

/// A record's `id` as written: copied, hashed, or left out (then `is_dropped`).
pub enum OutId<'a> {
    Copied(Option<&'a RawValue>),
    Hashed(String),
    Dropped,
}

impl OutId<'_> {
    pub fn is_dropped(&self) -> bool {
        matches!(self, OutId::Dropped)
    }
}

impl Serialize for OutId<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            OutId::Copied(raw) => raw.serialize(s),
            OutId::Hashed(h) => s.serialize_str(h),
            OutId::Dropped => s.serialize_none(),
        }
    }
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
    #[serde(skip_serializing_if = "OutId::is_dropped")]
    id: OutId<'a>,
    #[serde(flatten)]
    record: AuditRecord,
}

impl ScanExtras {
    pub fn new(args: &ScanInbound) -> Result<ScanExtras, String> {
        let operator = args.operator.unwrap_or(OperatorArg::Category);
        let redact = if args.redact_text { Some(operator.operator(&args.key)?) } else { None };
        let ids = match args.redact_ids {
            None => Ids::Copy,
            Some(IdRedaction::Drop) => Ids::Drop,
            Some(IdRedaction::Hash) => Ids::Hash(args.key.key("--redact-ids hash")?),
        };
        let audit = match (args.audit, args.unkeyed_audit_hash) {
            (false, _) => None,
            (true, true) => Some(AuditHash::Unkeyed),
            (true, false) => {
                Some(AuditHash::Keyed(args.key.key("--audit (or --unkeyed-audit-hash for a plain SHA-256)")?))
            }
        };
        Ok(ScanExtras { rewrite: args.rewrite, redact, audit, ids })
    }

    /// The `id` of a record as `--redact-ids` asks. A string id is hashed as its text
    /// (`"a\u0062"` and `"ab"` are the same id), any other JSON value as written.
    pub fn id<'a>(&self, id: Option<&'a RawValue>) -> OutId<'a> {
        match (&self.ids, id) {
            (Ids::Copy, id) => OutId::Copied(id),
            (Ids::Drop, _) | (Ids::Hash(_), None) => OutId::Dropped,
            (Ids::Hash(key), Some(raw)) => {
                let text = raw.get().trim();
                let hash = match serde_json::from_str::<std::borrow::Cow<str>>(text) {
                    Ok(s) => key.hash_hex(s.as_bytes()),
                    Err(_) => key.hash_hex(text.as_bytes()),
                };
                OutId::Hashed(hash)
            }
        }
    }

    /// `--audit`: the audit record replaces the result.
    pub fn audit(&self) -> bool {
        self.audit.is_some()
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
        let record = match &self.audit {
            Some(AuditHash::Keyed(key)) => engine.audit_record_keyed(text, report, key),
            _ => engine.audit_record(text, report),
        };
        serde_json::to_writer(&mut *out, &AuditLine { id: self.id(id), record })?;
        out.write_all(b"\n")
    }
}
