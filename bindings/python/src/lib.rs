//! `phi_guard._native`: the Python module over the phi-guard library.
//!
//! Engines are configured by value (policy, languages, allow list, lexicon paths) so that
//! they pickle as their configuration; the compiled engine is cached per process, so a
//! Spark or Ray worker compiles each configuration once however many tasks it runs.
//! Checks run with the GIL released.

mod arrow;
mod columns;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{LazyLock, Mutex};
use std::time::SystemTime;

use phi_guard::{Lang, Operator, Policy, PolicyKind, PseudonymKey};
use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::{PyBytes, PyDict, PyTuple};

create_exception!(
    _native,
    PhiGuardError,
    PyValueError,
    "An invalid configuration or input: an unknown policy, language or operator, a lexicon file that cannot be read or parsed. The message names the file and line, never message text."
);

fn error(e: phi_guard::Error) -> PyErr {
    PhiGuardError::new_err(e.to_string())
}

/// What an engine is built from: the key of the per-process cache and the pickled state.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Config {
    policy: PolicyKind,
    /// `None`: every language.
    languages: Option<Vec<Lang>>,
    allow: Vec<String>,
    lexicons: Vec<PathBuf>,
}

/// A cache entry is valid while its lexicon files keep their size and modification time.
type Stamp = Vec<Option<(u64, SystemTime)>>;

static CACHE: LazyLock<Mutex<HashMap<Config, (Stamp, phi_guard::Engine)>>> = LazyLock::new(Default::default);

fn stamp(config: &Config) -> Stamp {
    config
        .lexicons
        .iter()
        .map(|p| std::fs::metadata(p).ok().and_then(|m| Some((m.len(), m.modified().ok()?))))
        .collect()
}

fn build(config: &Config) -> phi_guard::Result<phi_guard::Engine> {
    let policy = Policy::of(config.policy);
    if config.languages.is_none() && config.allow.is_empty() && config.lexicons.is_empty() {
        // The built-in engine, compiled once per process by the library itself.
        return Ok(phi_guard::Engine::default().with_policy(policy));
    }
    let mut b = phi_guard::Engine::builder();
    if let Some(langs) = &config.languages {
        b.languages(langs.iter().copied());
    }
    b.policy(policy).allow(&config.allow);
    for path in &config.lexicons {
        b.lexicon_file(path)?;
    }
    b.build()
}

/// The engine of a configuration, from the cache or compiled now.
fn engine_for(config: &Config) -> phi_guard::Result<phi_guard::Engine> {
    let stamp = stamp(config);
    if let Ok(cache) = CACHE.lock()
        && let Some((s, engine)) = cache.get(config)
        && *s == stamp
    {
        return Ok(engine.clone());
    }
    let engine = build(config)?;
    if let Ok(mut cache) = CACHE.lock() {
        cache.insert(config.clone(), (stamp, engine.clone()));
    }
    Ok(engine)
}

/// Character index (as Python indexes a `str`) of a byte offset on a char boundary.
fn char_index(text: &str, byte: usize) -> usize {
    if text.is_ascii() { byte } else { text.get(..byte).map_or(0, |s| s.chars().count()) }
}

/// One piece of health information found in a text.
#[pyclass(frozen, get_all, module = "phi_guard._native")]
#[derive(Clone)]
struct Finding {
    /// The rule id (`phi/condition`, …).
    rule: &'static str,
    /// The category (`condition`, `medication`, …).
    category: &'static str,
    /// `info`, `warning` or `error` under the engine's policy.
    severity: &'static str,
    /// Character offset of the start (`text[start:end]` is the match).
    start: usize,
    /// Character offset of the end.
    end: usize,
    /// Byte offset of the start in the UTF-8 text.
    byte_start: usize,
    /// Byte offset of the end in the UTF-8 text.
    byte_end: usize,
    /// Concept code from the lexicon (`ICD10:E11`, `INN:metformin`), if any.
    concept: Option<String>,
    /// How sure the engine is, from 0 to 1.
    confidence: f32,
    /// The language of the lexicon entry (none for patterns).
    lang: Option<&'static str>,
}

impl Finding {
    fn new(text: &str, f: &phi_guard::Finding) -> Finding {
        Finding {
            rule: f.rule.id(),
            category: f.category.as_str(),
            severity: f.severity.as_str(),
            start: char_index(text, f.span.start),
            end: char_index(text, f.span.end),
            byte_start: f.span.start,
            byte_end: f.span.end,
            concept: f.concept.as_deref().map(str::to_string),
            confidence: f.confidence,
            lang: f.lang.map(Lang::code),
        }
    }
}

#[pymethods]
impl Finding {
    /// One line saying why this finding matters (never quotes the text).
    #[getter]
    fn explanation(&self) -> &'static str {
        self.rule.parse::<phi_guard::Rule>().map_or("", |r| r.explanation())
    }

    fn __repr__(&self) -> String {
        format!("Finding(rule={:?}, severity={:?}, start={}, end={})", self.rule, self.severity, self.start, self.end)
    }
}

/// The outcome of a check.
#[pyclass(frozen, get_all, module = "phi_guard._native")]
#[derive(Clone)]
struct Report {
    /// `compliant`, `review` or `non_compliant`.
    verdict: &'static str,
    /// Risk from 0 (nothing found) to 100.
    score: u8,
    /// Findings in text order.
    findings: Vec<Finding>,
    /// The policy the text was checked under.
    policy: &'static str,
}

impl Report {
    fn new(text: &str, r: &phi_guard::Report) -> Report {
        Report {
            verdict: r.verdict.as_str(),
            score: r.score,
            findings: r.findings.iter().map(|f| Finding::new(text, f)).collect(),
            policy: r.policy.as_str(),
        }
    }
}

#[pymethods]
impl Report {
    /// True when the verdict is `compliant`.
    #[getter]
    fn compliant(&self) -> bool {
        self.verdict == "compliant"
    }

    /// The distinct rule ids of the findings, sorted.
    #[getter]
    fn rules(&self) -> Vec<&'static str> {
        let mut rules: Vec<&'static str> = self.findings.iter().map(|f| f.rule).collect();
        rules.sort_unstable();
        rules.dedup();
        rules
    }

    fn __bool__(&self) -> bool {
        // A report is truthy when it found something, like a non-empty list of findings.
        !self.findings.is_empty()
    }

    fn __len__(&self) -> usize {
        self.findings.len()
    }

    fn __repr__(&self) -> String {
        format!("Report(verdict={:?}, score={}, findings={})", self.verdict, self.score, self.findings.len())
    }
}

/// One edit of a rewrite.
#[pyclass(frozen, get_all, module = "phi_guard._native")]
#[derive(Clone)]
struct Edit {
    /// Character offset of the start in the original text.
    start: usize,
    /// Character offset of the end in the original text.
    end: usize,
    /// Byte offsets in the original text.
    byte_start: usize,
    /// Byte offset of the end in the original text.
    byte_end: usize,
    /// The original text of the span (health information: handle it like the message).
    old: String,
    /// What replaces it (empty for a removal).
    new: String,
    /// The rule whose finding caused the edit (none for pure tidying).
    rule: Option<&'static str>,
    /// What the edit did (`drop`, `replace`, …).
    action: &'static str,
}

#[pymethods]
impl Edit {
    fn __repr__(&self) -> String {
        format!("Edit(start={}, end={}, rule={:?}, action={:?})", self.start, self.end, self.rule, self.action)
    }
}

/// A compliant version of a text.
#[pyclass(frozen, get_all, module = "phi_guard._native")]
struct Rewrite {
    /// The rewritten text (empty when `level` is `withheld`).
    text: String,
    /// `unchanged`, `terms`, `sentences`, `message` or `withheld`.
    level: &'static str,
    /// The language whose phrases were used.
    lang: &'static str,
    /// The edits, in text order.
    edits: Vec<Edit>,
}

#[pymethods]
impl Rewrite {
    /// True when the text had to change.
    #[getter]
    fn changed(&self) -> bool {
        self.level != "unchanged"
    }

    fn __repr__(&self) -> String {
        format!("Rewrite(level={:?}, edits={})", self.level, self.edits.len())
    }
}

/// One replaced span of a redaction.
#[pyclass(frozen, get_all, module = "phi_guard._native")]
#[derive(Clone)]
struct Redacted {
    /// Character offsets of the replacement in the redacted text.
    start: usize,
    /// End of the replacement in the redacted text.
    end: usize,
    /// Character offsets of what it replaced in the original text.
    original_start: usize,
    /// End of what it replaced in the original text.
    original_end: usize,
    /// The category of the finding.
    category: &'static str,
    /// The rule of the finding.
    rule: &'static str,
}

#[pymethods]
impl Redacted {
    fn __repr__(&self) -> String {
        format!("Redacted(start={}, end={}, rule={:?})", self.start, self.end, self.rule)
    }
}

/// A text with every finding replaced.
#[pyclass(frozen, get_all, module = "phi_guard._native")]
struct Redaction {
    /// The redacted text.
    text: String,
    /// What was replaced, in text order.
    redacted: Vec<Redacted>,
}

#[pymethods]
impl Redaction {
    fn __repr__(&self) -> String {
        format!("Redaction(redacted={})", self.redacted.len())
    }
}

/// A PHI-free record of one check: a hash of the text, never the text.
#[pyclass(frozen, get_all, module = "phi_guard._native")]
struct AuditRecord {
    /// HMAC-SHA-256 of the text's UTF-8 bytes under the audit key (keyed records).
    hmac_sha256: Option<String>,
    /// SHA-256 of the text's UTF-8 bytes (records made without a key).
    sha256: Option<String>,
    /// The verdict.
    verdict: &'static str,
    /// The 0–100 risk score.
    score: u8,
    /// Number of findings per rule id.
    rules: std::collections::BTreeMap<String, u32>,
    /// The policy the text was checked under.
    policy: &'static str,
    /// The phi-guard version that checked it.
    version: String,
    /// The engine's lexicon fingerprint.
    lexicon: String,
}

#[pymethods]
impl AuditRecord {
    /// The record as a dict, in the field order of `phi-guard scan --audit`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        if let Some(h) = &self.hmac_sha256 {
            d.set_item("hmac_sha256", h)?;
        }
        if let Some(h) = &self.sha256 {
            d.set_item("sha256", h)?;
        }
        d.set_item("verdict", self.verdict)?;
        d.set_item("score", self.score)?;
        d.set_item("rules", &self.rules)?;
        d.set_item("policy", self.policy)?;
        d.set_item("version", &self.version)?;
        d.set_item("lexicon", &self.lexicon)?;
        Ok(d)
    }

    fn __repr__(&self) -> String {
        format!("AuditRecord(verdict={:?}, score={})", self.verdict, self.score)
    }
}

/// What to do with a message a patient sent.
#[pyclass(frozen, get_all, module = "phi_guard._native")]
struct Triage {
    /// The message holds health information.
    health_information: bool,
    /// The categories found.
    categories: Vec<&'static str>,
    /// The message reads as an emergency.
    urgent: bool,
    /// A person should take over.
    escalate: bool,
    /// The language the patient wrote in.
    lang: &'static str,
    /// A neutral reply that points to the secure channel, or `None`.
    reply: Option<String>,
    /// The check the triage is based on.
    report: Report,
}

#[pymethods]
impl Triage {
    fn __repr__(&self) -> String {
        format!(
            "Triage(health_information={}, urgent={}, escalate={}, lang={:?})",
            if self.health_information { "True" } else { "False" },
            if self.urgent { "True" } else { "False" },
            if self.escalate { "True" } else { "False" },
            self.lang
        )
    }
}

/// A redaction operator from its name and an optional pseudonym key.
fn operator(name: &str, key: Option<&[u8]>) -> PyResult<Operator> {
    match key {
        Some(key) if name.trim().eq_ignore_ascii_case("pseudonym") => Operator::pseudonym(key).map_err(error),
        Some(_) => Err(PhiGuardError::new_err("a key is only used by the pseudonym operator")),
        None => name.parse::<Operator>().map_err(error),
    }
}

/// Checks texts for protected health information.
///
/// `policy` is `outbound` (default), `broadcast`, `marketing`, `secure-channel` or
/// `strict`; `languages` a list of codes (`en`, `it`, `de`, `es`, `fr`; default all);
/// `allow` phrases that are never findings; `lexicons` paths of an organisation's own
/// lexicon files. Engines with the same configuration share one compiled engine per
/// process; an engine pickles as its configuration.
#[pyclass(frozen, module = "phi_guard._native")]
struct Engine {
    config: Config,
    engine: phi_guard::Engine,
}

#[pymethods]
impl Engine {
    #[new]
    #[pyo3(signature = (policy = "outbound", languages = None, allow = None, lexicons = None))]
    fn new(
        py: Python<'_>,
        policy: &str,
        languages: Option<Vec<String>>,
        allow: Option<Vec<String>>,
        lexicons: Option<Vec<PathBuf>>,
    ) -> PyResult<Engine> {
        let policy = policy.parse::<PolicyKind>().map_err(error)?;
        let languages = match languages {
            None => None,
            Some(codes) => {
                let mut langs =
                    codes.iter().map(|c| c.parse::<Lang>()).collect::<phi_guard::Result<Vec<_>>>().map_err(error)?;
                langs.sort();
                langs.dedup();
                Some(langs)
            }
        };
        let config =
            Config { policy, languages, allow: allow.unwrap_or_default(), lexicons: lexicons.unwrap_or_default() };
        let engine = py.detach(|| engine_for(&config)).map_err(error)?;
        Ok(Engine { config, engine })
    }

    /// The policy name (`outbound`, `broadcast`, `marketing`, `secure-channel`, `strict`).
    #[getter]
    fn policy(&self) -> &'static str {
        self.config.policy.as_str()
    }

    /// The language codes whose lexicons are loaded.
    #[getter]
    fn languages(&self) -> Vec<&'static str> {
        self.engine.languages().iter().map(|l| l.code()).collect()
    }

    /// The allow list.
    #[getter]
    fn allow(&self) -> Vec<String> {
        self.config.allow.clone()
    }

    /// The lexicon files, as given.
    #[getter]
    fn lexicons(&self) -> Vec<PathBuf> {
        self.config.lexicons.clone()
    }

    /// SHA-256 (64 hex digits) of everything the engine compiled; audit records carry it.
    #[getter]
    fn lexicon_fingerprint(&self, py: Python<'_>) -> String {
        py.detach(|| self.engine.lexicon_fingerprint())
    }

    /// Checks one text.
    fn check(&self, py: Python<'_>, text: &str) -> Report {
        py.detach(|| Report::new(text, &self.engine.check(text)))
    }

    /// Checks a list of texts; one report per text, in order.
    fn check_batch(&self, py: Python<'_>, texts: Vec<PyBackedStr>) -> Vec<Report> {
        py.detach(|| {
            let mut scratch = phi_guard::Scratch::new();
            texts.iter().map(|t| Report::new(t, &self.engine.check_with(&mut scratch, t))).collect()
        })
    }

    /// Checks every row of an Arrow string array (`string`, `large_string` or
    /// `string_view`: anything with `__arrow_c_array__`) without copying it.
    ///
    /// Returns a struct array, one row per input row (null for a null row): `verdict`,
    /// `score`, `rules` (distinct rule ids), `findings` (`rule`, `category`, `severity`,
    /// `start`, `end` in characters, `byte_start`, `byte_end`), and `rewrite`, `redacted`
    /// (with the `redact` operator; `key` for `pseudonym`) and, with `audit`,
    /// `hmac_sha256` of each text under `audit_key` or, without one, its plain `sha256`
    /// when asked for. A `pyarrow.StructArray` when pyarrow is installed, else an
    /// `ArrowArray`.
    #[pyo3(signature = (array, *, rewrite = false, redact = None, key = None, audit = false, audit_key = None))]
    #[allow(clippy::too_many_arguments)]
    fn check_arrow<'py>(
        &self,
        py: Python<'py>,
        array: &Bound<'py, PyAny>,
        rewrite: bool,
        redact: Option<&str>,
        key: Option<&Bound<'py, PyBytes>>,
        audit: bool,
        audit_key: Option<&[u8]>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let audit = match (audit, audit_key) {
            (false, None) => None,
            (false, Some(_)) => return Err(PhiGuardError::new_err("an audit_key needs audit=True")),
            (true, None) => Some(columns::AuditHash::Plain),
            (true, Some(k)) => Some(columns::AuditHash::Keyed(PseudonymKey::new(k).map_err(error)?)),
        };
        let redact = match redact {
            Some(name) => Some(operator(name, key.map(|k| k.as_bytes()))?),
            None if key.is_some() => return Err(PhiGuardError::new_err("a key needs redact=\"pseudonym\"")),
            None => None,
        };
        let texts = arrow::import_texts(array)?;
        let options = columns::Options { rewrite, redact, audit };
        let out = py.detach(|| columns::check(&self.engine, &texts, &options));
        let out = Bound::new(py, arrow::ArrowArray::new(out))?;
        // A pyarrow array when pyarrow is installed; else the capsule holder, which any
        // consumer of the PyCapsule interface imports.
        match py.import("pyarrow") {
            Ok(pa) => pa.getattr("array")?.call1((out,)),
            Err(_) => Ok(out.into_any()),
        }
    }

    /// A compliant version of the text.
    fn rewrite(&self, py: Python<'_>, text: &str) -> Rewrite {
        py.detach(|| {
            let rw = self.engine.rewrite(text);
            Rewrite {
                level: rw.level.as_str(),
                lang: rw.lang.code(),
                edits: rw
                    .edits
                    .iter()
                    .map(|e| Edit {
                        start: char_index(text, e.span.start),
                        end: char_index(text, e.span.end),
                        byte_start: e.span.start,
                        byte_end: e.span.end,
                        old: e.old.clone(),
                        new: e.new.clone(),
                        rule: e.rule.map(|r| r.id()),
                        action: e.action.as_str(),
                    })
                    .collect(),
                text: rw.text,
            }
        })
    }

    /// The text with every finding replaced: `operator` is `category` (`[CONDITION]`),
    /// `mask`, `remove` or `pseudonym` (needs `key`, 16 bytes or more).
    #[pyo3(signature = (text, operator = "category", key = None))]
    fn redact(&self, py: Python<'_>, text: &str, operator: &str, key: Option<&[u8]>) -> PyResult<Redaction> {
        let op = self::operator(operator, key)?;
        Ok(py.detach(|| {
            let r = self.engine.redact(text, &op);
            let redacted = r
                .redacted
                .iter()
                .map(|x| Redacted {
                    start: char_index(&r.text, x.span.start),
                    end: char_index(&r.text, x.span.end),
                    original_start: char_index(text, x.original.start),
                    original_end: char_index(text, x.original.end),
                    category: x.category.as_str(),
                    rule: x.rule.id(),
                })
                .collect();
            Redaction { text: r.text, redacted }
        }))
    }

    /// The PHI-free audit record of a check of `text`: with `key` (16 bytes or more) the
    /// text's HMAC-SHA-256 under it, else its plain SHA-256 (which a guess can be tested
    /// against: keep such records as protected as the messages).
    #[pyo3(signature = (text, key = None))]
    fn audit(&self, py: Python<'_>, text: &str, key: Option<&[u8]>) -> PyResult<AuditRecord> {
        let key = key.map(PseudonymKey::new).transpose().map_err(error)?;
        Ok(py.detach(|| {
            let a = match &key {
                Some(key) => self.engine.audit_keyed(text, key),
                None => self.engine.audit(text),
            };
            AuditRecord {
                hmac_sha256: a.hmac_sha256,
                sha256: a.sha256,
                verdict: a.verdict.as_str(),
                score: a.score,
                rules: a.rules,
                policy: a.policy.as_str(),
                version: a.version,
                lexicon: a.lexicon,
            }
        }))
    }

    /// Triage of an inbound message.
    fn triage(&self, py: Python<'_>, text: &str) -> Triage {
        py.detach(|| {
            let t = self.engine.triage(text);
            Triage {
                health_information: t.health_information,
                categories: t.categories.iter().map(|c| c.as_str()).collect(),
                urgent: t.urgent,
                escalate: t.escalate,
                lang: t.lang.code(),
                reply: t.reply,
                report: Report::new(text, &t.report),
            }
        })
    }

    /// Pickles as the configuration: unpickling rebuilds the engine once per process.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let c = &slf.get().config;
        let languages: Option<Vec<&str>> = c.languages.as_ref().map(|l| l.iter().map(|l| l.code()).collect());
        let args = (c.policy.as_str(), languages, c.allow.clone(), c.lexicons.clone()).into_pyobject(py)?;
        PyTuple::new(py, [slf.get_type().into_any(), args.into_any()])
    }

    fn __repr__(&self) -> String {
        format!(
            "Engine(policy={:?}, languages={:?}, allow={}, lexicons={})",
            self.config.policy.as_str(),
            self.languages(),
            self.config.allow.len(),
            self.config.lexicons.len()
        )
    }
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Engine>()?;
    m.add_class::<Report>()?;
    m.add_class::<Finding>()?;
    m.add_class::<Rewrite>()?;
    m.add_class::<Edit>()?;
    m.add_class::<Redaction>()?;
    m.add_class::<Redacted>()?;
    m.add_class::<AuditRecord>()?;
    m.add_class::<Triage>()?;
    m.add_class::<arrow::ArrowArray>()?;
    m.add("PhiGuardError", m.py().get_type::<PhiGuardError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
