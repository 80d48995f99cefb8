//! The engine: compiled lexicons plus a policy, immutable and shared between threads.

use std::cell::RefCell;
use std::ops::Range;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, LazyLock, OnceLock};

use crate::error::Result;
use crate::finding::{Category, Rule};
use crate::lang::Lang;
use crate::lexicon::{Entry, Flags, Kind, Lexicon};
use crate::matcher::{Matcher, Role};
use crate::policy::Policy;
use crate::report::Report;
use crate::rules::{self, Raw, Workspace};
use crate::template;

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

static DEFAULT: LazyLock<Engine> = LazyLock::new(|| {
    // The built-in data is validated by the test suite (`every_builtin_file_parses`,
    // `default_engine_builds`), so this cannot fail in a released build.
    Engine::builder().build().expect("built-in lexicons are valid")
});

/// The compiled, immutable part of an engine.
#[derive(Debug)]
struct Compiled {
    id: u64,
    matcher: Matcher,
    langs: Vec<Lang>,
    /// `(language, key, text)` rows of the `phrases` lexicons.
    phrases: Vec<(Lang, Box<str>, Box<str>)>,
    /// SHA-256 over the compiled lexicon entries, allow list and code list, computed
    /// when first asked for (it hashes megabytes, a quarter of a build), from `recipe`.
    fingerprint: OnceLock<[u8; 32]>,
    recipe: Recipe,
    /// The rewrite phrasebook of each language (by index in [`Lang::ALL`]), built from
    /// the phrase rows when first needed, then shared by every rewrite and triage.
    phrasebooks: [OnceLock<crate::rewrite::phrasebook::Phrasebook>; Lang::ALL.len()],
}

/// What an engine was compiled from, to rebuild its lexicon for the fingerprint: the
/// built-in lexicons are re-read rather than kept in memory.
#[derive(Debug)]
struct Recipe {
    builtin: bool,
    extra: Lexicon,
    allow: Vec<String>,
}

/// Checks texts for protected health information.
///
/// Building an engine compiles its lexicons; checking is then a pure function of the text.
/// Cloning is cheap (the compiled part is shared) and an engine is `Send + Sync`.
///
/// ```
/// use phi_guard::{Engine, Verdict};
///
/// let engine = Engine::default();
/// let report = engine.check("Reminder: Your diabetes checkup is tomorrow at 2 PM");
/// assert_eq!(report.verdict, Verdict::NonCompliant);
/// assert_eq!(report.findings[0].rule.id(), "phi/condition");
/// assert_eq!(report.findings[0].span, 15..23);
///
/// assert!(engine.check("Reminder: You have an appointment tomorrow at 2 PM").is_compliant());
/// ```
#[derive(Clone, Debug)]
pub struct Engine {
    compiled: Arc<Compiled>,
    policy: Policy,
}

impl Default for Engine {
    /// The built-in lexicons of every language under the `outbound` policy, compiled once
    /// per process and shared.
    fn default() -> Engine {
        DEFAULT.clone()
    }
}

/// Reusable buffers for [`Engine::check_with`]. [`Engine::check`] keeps one per thread.
#[derive(Debug, Default)]
pub struct Scratch {
    ws: Workspace,
}

impl Scratch {
    /// Empty buffers; they grow to fit the texts checked with them.
    pub fn new() -> Scratch {
        Scratch::default()
    }
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// Sizes of a compiled engine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EngineStats {
    /// Distinct patterns (terms, context words and phrases) in the word automaton.
    pub patterns: usize,
    /// Distinct folded words.
    pub words: usize,
    /// Other spellings of those words (inflected forms, German without umlauts) that look
    /// up to them.
    pub aliases: usize,
    /// Automaton states.
    pub states: usize,
}

impl Engine {
    /// Same as [`Engine::default`].
    pub fn new() -> Engine {
        Engine::default()
    }

    /// A builder for an engine with other languages, policy, lexicons or allow list.
    pub fn builder() -> EngineBuilder {
        EngineBuilder::new()
    }

    /// The same compiled lexicons under another policy (cheap: nothing is recompiled).
    pub fn with_policy(&self, policy: Policy) -> Engine {
        Engine { compiled: Arc::clone(&self.compiled), policy }
    }

    /// The active policy.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// The languages whose lexicons are loaded.
    pub fn languages(&self) -> &[Lang] {
        &self.compiled.langs
    }

    /// A SHA-256 fingerprint (64 hex digits) of everything the engine compiled: every
    /// lexicon entry (kind, language, flags, term, concept) in load order, the allow list
    /// and the ICD-10 code list. Two engines with the same fingerprint and policy give the
    /// same report for the same text; audit records carry it.
    pub fn lexicon_fingerprint(&self) -> String {
        let c = &*self.compiled;
        let bytes = c.fingerprint.get_or_init(|| {
            let r = &c.recipe;
            // The same lexicon that `build` compiled: the built-in lexicons parsed then
            // without error, so they parse now.
            let mut lexicon = if r.builtin { Lexicon::builtin(&c.langs).unwrap_or_default() } else { Lexicon::new() };
            lexicon.extend(r.extra.clone());
            fingerprint(&lexicon, &r.allow, Lexicon::builtin_icd10_codes())
        });
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// Sizes of the compiled automaton.
    pub fn stats(&self) -> EngineStats {
        let (patterns, words, aliases, states) = self.compiled.matcher.sizes();
        EngineStats { patterns, words, aliases, states }
    }

    /// Phrases of one key and language from the `phrases` lexicons (`opt-out`, …), in
    /// file order.
    pub fn phrases<'a>(&'a self, key: &'a str, lang: Lang) -> impl Iterator<Item = &'a str> + 'a {
        self.compiled.phrases.iter().filter(move |(l, k, _)| *l == lang && &**k == key).map(|(_, _, t)| &**t)
    }

    /// The rewrite phrasebook of `lang`, built once per engine.
    pub(crate) fn phrasebook(&self, lang: Lang) -> &crate::rewrite::phrasebook::Phrasebook {
        let i = Lang::ALL.iter().position(|&l| l == lang).unwrap_or(0);
        self.compiled.phrasebooks[i].get_or_init(|| crate::rewrite::phrasebook::Phrasebook::for_engine(self, lang))
    }

    /// Checks a text under the engine's policy.
    pub fn check(&self, text: &str) -> Report {
        SCRATCH.with(|cell| match cell.try_borrow_mut() {
            Ok(mut scratch) => self.check_with(&mut scratch, text),
            Err(_) => self.check_with(&mut Scratch::new(), text),
        })
    }

    /// Checks a text with caller-provided buffers (for callers that manage their own
    /// threads or want no thread-local state).
    pub fn check_with(&self, scratch: &mut Scratch, text: &str) -> Report {
        let c = &*self.compiled;
        let ws = &mut scratch.ws;
        let mut extra: Vec<Raw> = Vec::new();
        // Placeholders are blanked out (same length, so spans stay valid) and their names
        // checked on their own.
        let mut masked = std::mem::take(&mut ws.masked);
        masked.clear();
        ws.barriers.clear();
        if template::may_contain_placeholders(text) {
            let mut prev = 0;
            template::for_each_placeholder(text, |p| {
                masked.push_str(&text[prev..p.span.start]);
                // A placeholder's mask is no word and no blank: pattern rules can tell a
                // value that will be filled in ("balance due: {{amount}}").
                masked.extend(std::iter::repeat_n(template::MASK, p.span.len()));
                prev = p.span.end;
                if is_redaction_token(text, &p) {
                    ws.barriers.push(p.span.clone());
                } else if let Some(raw) = clinical_placeholder(&c.matcher, ws, text, &p) {
                    extra.push(raw);
                } else if let Some(raw) = clinical_label(&c.matcher, ws, text, &p) {
                    extra.push(raw);
                }
            });
            if prev > 0 {
                masked.push_str(&text[prev..]);
            }
        }
        let input = if masked.is_empty() { text } else { masked.as_str() };
        let findings = rules::evaluate(&c.matcher, c.id, &self.policy, input, ws, &mut extra);
        ws.masked = masked;
        Report::new(findings, self.policy.kind())
    }
}

/// `[CONDITION]`, `[MEDICATION:kzbtrqmdfwhxnvcslpgjbtrqkd]`…: a category token or pseudonym left by
/// redaction, not a placeholder that will be filled in.
fn is_redaction_token(text: &str, p: &template::Placeholder) -> bool {
    let name = &text[p.name.clone()];
    let (category, pseudonym) = name.split_once(':').unwrap_or((name, ""));
    text[p.span.clone()].starts_with('[')
        && !category.bytes().any(|b| b.is_ascii_lowercase())
        && pseudonym.bytes().all(|b| b.is_ascii_lowercase())
        && Category::ALL.iter().any(|c| c.as_str().eq_ignore_ascii_case(category))
}

/// A placeholder whose name is clinical (`{{diagnosis}}`, `{{medication_name}}`).
fn clinical_placeholder(matcher: &Matcher, ws: &mut Workspace, text: &str, p: &template::Placeholder) -> Option<Raw> {
    if p.name.is_empty() {
        return None;
    }
    clinical_name(matcher, ws, &text[p.name.clone()], p.span.clone(), 0.9)
}

/// `Diagnosis: {0}`, *Farmaco: %1$s*, `**Medikament:** {{ name }}`: a placeholder right
/// after a label that names clinical data is filled with that data, whatever the
/// placeholder is called.
fn clinical_label(matcher: &Matcher, ws: &mut Workspace, text: &str, p: &template::Placeholder) -> Option<Raw> {
    let decoration = [' ', '\t', '*', '_'];
    let before = text[..p.span.start].trim_end_matches(decoration);
    let before = before.strip_suffix(':').or_else(|| before.strip_suffix('\u{ff1a}'))?;
    let before = before.trim_end_matches(decoration);
    // The label: the words since the start of the line or the last punctuation mark.
    let start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_alphanumeric() || matches!(c, ' ' | '\t' | '-' | '\'' | '\u{2019}')))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let label = before[start..].trim();
    if label.is_empty() || label.split_whitespace().count() > 3 {
        return None;
    }
    clinical_name(matcher, ws, label, p.span.clone(), 0.8)
}

/// The clinical-placeholder finding for `span` when `name` (a placeholder's name or the
/// label before it) holds a clinical word.
fn clinical_name(
    matcher: &Matcher,
    ws: &mut Workspace,
    name: &str,
    span: Range<usize>,
    confidence: f32,
) -> Option<Raw> {
    template::name_words(name, &mut ws.name);
    ws.name_tokens.fill(&ws.name);
    ws.name_cands.clear();
    matcher.candidates(&ws.name, &ws.name_tokens, &mut ws.scratch, &mut ws.name_cands);
    let hit = ws.name_cands.iter().find(|cand| {
        let info = &matcher.terms[cand.pattern as usize];
        match info.role {
            // A head that needs a body part says nothing alone (`{{doctor}}`).
            Role::Clinical(_) => !info.flags.ctx && !info.flags.anatomy,
            Role::PlaceholderName => true,
            _ => false,
        }
    })?;
    let info = &matcher.terms[hit.pattern as usize];
    Some(Raw {
        rule: Rule::ClinicalPlaceholder,
        span,
        term: info.term.clone(),
        concept: info.concept.clone(),
        confidence,
        lang: Some(info.lang),
        sentence: 0,
        guess: false,
        low: false,
    })
}

/// Configures and builds an [`Engine`].
///
/// ```
/// use phi_guard::{Category, Engine, Lang, Policy};
///
/// let engine = Engine::builder()
///     .languages([Lang::En, Lang::It])
///     .policy(Policy::broadcast())
///     .term("Lakeside Transplant Unit", Category::Specialty)
///     .allow(["Main Street Clinic"])
///     .build()
///     .unwrap();
/// assert!(!engine.check("Your visit to the Lakeside Transplant Unit is confirmed").is_compliant());
/// ```
#[derive(Clone, Debug)]
pub struct EngineBuilder {
    langs: Vec<Lang>,
    policy: Policy,
    builtin: bool,
    extra: Lexicon,
    allow: Vec<String>,
    max_lexicon_file_size: u64,
}

impl Default for EngineBuilder {
    fn default() -> Self {
        EngineBuilder::new()
    }
}

impl EngineBuilder {
    /// Every language, built-in lexicons, `outbound` policy.
    pub fn new() -> EngineBuilder {
        EngineBuilder {
            langs: Lang::ALL.to_vec(),
            policy: Policy::outbound(),
            builtin: true,
            extra: Lexicon::new(),
            allow: Vec::new(),
            max_lexicon_file_size: crate::lexicon::MAX_FILE_SIZE,
        }
    }

    /// Loads the built-in lexicons of these languages only.
    pub fn languages(&mut self, langs: impl IntoIterator<Item = Lang>) -> &mut Self {
        self.langs = langs.into_iter().collect();
        self.langs.sort();
        self.langs.dedup();
        self
    }

    /// The policy checks run under.
    pub fn policy(&mut self, policy: Policy) -> &mut Self {
        self.policy = policy;
        self
    }

    /// Whether to load the built-in lexicons (default `true`).
    pub fn builtin_lexicons(&mut self, yes: bool) -> &mut Self {
        self.builtin = yes;
        self
    }

    /// Adds an organisation's own lexicon file (see [`Lexicon::from_file`]), read under
    /// the limit of [`EngineBuilder::max_lexicon_file_size`].
    pub fn lexicon_file(&mut self, path: impl AsRef<Path>) -> Result<&mut Self> {
        self.extra.extend(Lexicon::from_file_with_limit(path, self.max_lexicon_file_size)?);
        Ok(self)
    }

    /// The largest lexicon file [`EngineBuilder::lexicon_file`] reads, in bytes (default
    /// [`lexicon::MAX_FILE_SIZE`](crate::lexicon::MAX_FILE_SIZE), 256 MiB); a larger
    /// file is an error. Applies to the files added after it.
    pub fn max_lexicon_file_size(&mut self, bytes: u64) -> &mut Self {
        self.max_lexicon_file_size = bytes;
        self
    }

    /// Adds a parsed lexicon.
    pub fn lexicon(&mut self, lexicon: Lexicon) -> &mut Self {
        self.extra.extend(lexicon);
        self
    }

    /// Adds one term of a category (English, no flags).
    pub fn term(&mut self, term: &str, category: Category) -> &mut Self {
        self.extra.push(Entry {
            term: term.to_string(),
            kind: Kind::Terms(category),
            lang: Lang::En,
            flags: Flags::default(),
            concept: None,
        });
        self
    }

    /// Phrases that are never findings, nor is anything inside them ("Main Street
    /// Clinic", a clinic's name that contains a specialty).
    pub fn allow<S: AsRef<str>>(&mut self, phrases: impl IntoIterator<Item = S>) -> &mut Self {
        self.allow.extend(phrases.into_iter().map(|s| s.as_ref().to_string()));
        self
    }

    /// Compiles the engine.
    pub fn build(&self) -> Result<Engine> {
        let mut lexicon = if self.builtin { Lexicon::builtin(&self.langs)? } else { Lexicon::new() };
        lexicon.extend(self.extra.clone());
        let matcher = Matcher::new(&lexicon, &self.allow, Lexicon::builtin_icd10_codes())?;
        let phrases = lexicon
            .entries()
            .iter()
            .filter(|e| e.kind == Kind::Phrases)
            .map(|e| (e.lang, Box::from(e.concept.as_deref().unwrap_or_default()), Box::from(e.term.as_str())))
            .collect();
        Ok(Engine {
            compiled: Arc::new(Compiled {
                id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
                matcher,
                langs: self.langs.clone(),
                phrases,
                fingerprint: OnceLock::new(),
                phrasebooks: Default::default(),
                recipe: Recipe { builtin: self.builtin, extra: self.extra.clone(), allow: self.allow.clone() },
            }),
            policy: self.policy.clone(),
        })
    }
}

/// SHA-256 over the lexicon entries, the allow list and the code list, with separators
/// that keep fields apart.
fn fingerprint(lexicon: &Lexicon, allow: &[String], codes: Option<&str>) -> [u8; 32] {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(b"phi-guard lexicon v1\x1e");
    for e in lexicon.entries() {
        let kind = match e.kind {
            Kind::Terms(c) => c.as_str(),
            Kind::Context => "context",
            Kind::Safe => "safe",
            Kind::Phrases => "phrases",
            Kind::Shape(_) => "shape",
            Kind::Ordinary => "ordinary",
            Kind::Function => "function",
            Kind::Inflection => "inflection",
            Kind::Anatomy => "anatomy",
        };
        let f = e.flags;
        let flags = [f.ctx, f.cs, f.abbr, f.head, f.tail, f.needs_before, f.needs_after, f.low, f.anatomy]
            .iter()
            .fold(0u16, |acc, &b| (acc << 1) | u16::from(b));
        h.update(kind.as_bytes());
        h.update([0x1f]);
        h.update(e.lang.code().as_bytes());
        h.update([0x1f]);
        h.update(flags.to_le_bytes());
        h.update([0x1f]);
        h.update(e.term.as_bytes());
        h.update([0x1f]);
        h.update(e.concept.as_deref().unwrap_or("").as_bytes());
        h.update([0x1e]);
    }
    h.update(b"\x1dallow\x1e");
    for a in allow {
        h.update(a.as_bytes());
        h.update([0x1e]);
    }
    h.update(b"\x1dcodes\x1e");
    h.update(codes.unwrap_or("").as_bytes());
    h.finalize().into()
}
