//! The configuration: discovery, strict parsing, `extend`, merging with the command line,
//! and the engine each configuration asks for. Every command reads it.
//!
//! A configuration is a `phi-guard.toml` or `.phi-guard.toml` file, the
//! `[tool.phi-guard]` table of a `pyproject.toml`, or the
//! `[package.metadata.phi-guard]` (or `[workspace.metadata.phi-guard]`) table of a
//! `Cargo.toml`; the keys are the same everywhere:
//!
//! ```toml
//! extend = "../phi-guard.toml"   # inherit another configuration, relative to this file
//! policy = "outbound"            # outbound | broadcast | marketing | secure-channel
//! fail-on = "error"              # info | warning | error | never
//! languages = ["en", "it"]       # default: all
//! lexicons = ["lexicons/our-clinics.tsv"]   # relative to this file
//! include = ["templates/**"]     # default: template-like files (text, Markdown, JSON, catalogs)
//! exclude = ["**/drafts/**"]
//! skip-keys = ["*.label", "nav.*"]  # catalog entries never sent as messages
//!
//! [rules]
//! "phi/specialty" = "warning"    # off | info | warning (or warn) | error
//!
//! [[allow]]
//! phrase = "Main Street Clinic"
//! reason = "our clinic's name, not a specialty"
//! ```

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use phi_guard::{Engine, Lang, Policy, PolicyKind, Rule, Severity};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use toml::Spanned;

use crate::args::{CheckArgs, Common, ConfigArgs, FailOn};

/// The name looked for in each checked file's folder and the folders above it.
pub const FILE_NAME: &str = "phi-guard.toml";

/// The files looked for in each folder, in this order; the first that holds a
/// configuration applies (a `pyproject.toml` or `Cargo.toml` without a phi-guard table
/// is passed over).
pub const CANDIDATES: [&str; 4] = [FILE_NAME, ".phi-guard.toml", "pyproject.toml", "Cargo.toml"];

/// How many configurations an `extend` chain may hold.
const MAX_EXTEND_DEPTH: usize = 16;

/// Where in its file a configuration lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Form {
    /// The whole file (`phi-guard.toml`, `.phi-guard.toml`, any other name).
    Standalone,
    /// `[tool.phi-guard]` of a `pyproject.toml`.
    Pyproject,
    /// `[package.metadata.phi-guard]` or `[workspace.metadata.phi-guard]` of a `Cargo.toml`.
    Cargo,
}

impl Form {
    fn of(path: &Path) -> Form {
        match path.file_name().and_then(|n| n.to_str()) {
            Some("pyproject.toml") => Form::Pyproject,
            Some("Cargo.toml") => Form::Cargo,
            _ => Form::Standalone,
        }
    }

    /// The table's name, for messages.
    fn table(self) -> &'static str {
        match self {
            Form::Standalone => "",
            Form::Pyproject => "[tool.phi-guard]",
            Form::Cargo => "[package.metadata.phi-guard] or [workspace.metadata.phi-guard]",
        }
    }
}

/// The parts of `pyproject.toml` and `Cargo.toml` read; other keys are someone else's.
#[derive(Deserialize)]
struct Pyproject {
    tool: Option<ToolTable>,
}

#[derive(Deserialize)]
struct ToolTable {
    #[serde(rename = "phi-guard")]
    phi_guard: Option<Config>,
}

#[derive(Deserialize)]
struct CargoManifest {
    package: Option<CargoMetadata>,
    workspace: Option<CargoMetadata>,
}

#[derive(Deserialize)]
struct CargoMetadata {
    metadata: Option<ToolTable>,
}

/// What the command line says about configuration, for every command.
#[derive(Debug, Default)]
pub struct Overrides {
    pub config: Option<PathBuf>,
    pub no_config: bool,
    pub policy: Option<PolicyKind>,
    pub languages: Vec<Lang>,
    pub fail_on: Option<FailOn>,
    /// `--select`: when not empty, only rules these name are reported.
    pub select: Vec<String>,
    /// `--ignore`: rules these name are never reported.
    pub ignore: Vec<String>,
}

impl Overrides {
    fn with(configuration: &ConfigArgs) -> Overrides {
        Overrides { config: configuration.config.clone(), no_config: configuration.no_config, ..Overrides::default() }
    }

    pub fn of_check(args: &CheckArgs) -> Overrides {
        Overrides {
            policy: args.policy.map(crate::policy_kind),
            languages: args.lang.iter().map(|&l| crate::lang(l)).collect(),
            fail_on: args.fail_on,
            select: args.selection.select.clone(),
            ignore: args.selection.ignore.clone(),
            ..Overrides::with(&args.configuration)
        }
    }

    /// The rule selection of `scan`.
    pub fn selecting(mut self, selection: &crate::args::Selection, fail_on: Option<FailOn>) -> Overrides {
        self.select = selection.select.clone();
        self.ignore = selection.ignore.clone();
        self.fail_on = fail_on;
        self
    }

    /// Whether `--select` and `--ignore` let a rule be reported.
    fn reports(&self, rule: Rule) -> bool {
        let selected = self.select.is_empty() || self.select.iter().any(|s| crate::args::selects(s, rule));
        selected && !self.ignore.iter().any(|s| crate::args::selects(s, rule))
    }

    pub fn of_common(common: &Common) -> Overrides {
        Overrides {
            policy: common.policy.map(crate::policy_kind),
            languages: common.lang.iter().map(|&l| crate::lang(l)).collect(),
            ..Overrides::with(&common.configuration)
        }
    }
}

/// The largest configuration file read: 1 MiB. A larger one is an error; nothing past
/// the limit is read.
pub const MAX_SIZE: u64 = 1 << 20;

/// The file as written. Every key is optional; unknown keys are errors.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// Another configuration this one inherits, relative to this file.
    pub extend: Option<Spanned<PathBuf>>,
    pub policy: Option<PolicyKind>,
    pub fail_on: Option<FailOn>,
    pub languages: Option<Vec<Lang>>,
    #[serde(default)]
    pub lexicons: Vec<PathBuf>,
    #[serde(default)]
    pub include: Vec<Spanned<String>>,
    #[serde(default)]
    pub exclude: Vec<Spanned<String>>,
    /// Catalog entry keys (globs, `*` matches dots too) that are not checked.
    #[serde(default)]
    pub skip_keys: Vec<Spanned<String>>,
    #[serde(default)]
    pub rules: BTreeMap<RuleKey, Level>,
    #[serde(default)]
    pub allow: Vec<Allow>,
}

/// An allow-list entry: a phrase that is never a finding, and why.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Allow {
    pub phrase: Spanned<String>,
    pub reason: Spanned<String>,
}

/// A rule id as a `[rules]` key; only full ids (`phi/condition`) are accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct RuleKey(pub Rule);

impl<'de> Deserialize<'de> for RuleKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Rule::ALL.into_iter().find(|r| r.id() == s).map(RuleKey).ok_or_else(|| {
            let known: Vec<String> = Rule::ALL.iter().map(|r| format!("`{}`", r.id())).collect();
            serde::de::Error::custom(format!("unknown rule `{}`, expected one of {}", clean(&s), known.join(", ")))
        })
    }
}

impl Serialize for RuleKey {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0.id())
    }
}

/// A rule's level in `[rules]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Off,
    Info,
    /// `warning`, the word every output uses; `warn` is accepted too.
    #[serde(alias = "warn")]
    Warning,
    Error,
}

impl Level {
    fn severity(self) -> Option<Severity> {
        match self {
            Level::Off => None,
            Level::Info => Some(Severity::Info),
            Level::Warning => Some(Severity::Warning),
            Level::Error => Some(Severity::Error),
        }
    }

    fn of(severity: Option<Severity>) -> Level {
        match severity {
            None => Level::Off,
            Some(Severity::Info) => Level::Info,
            Some(Severity::Warning) => Level::Warning,
            Some(Severity::Error) => Level::Error,
            // A severity added to the library later is shown at the strictest level.
            Some(_) => Level::Error,
        }
    }
}

/// A configuration problem, located in its file when possible. Displays as
/// `path:line:column: message`.
#[derive(Clone, Debug)]
pub struct ConfigError {
    pub file: PathBuf,
    pub at: Option<(usize, usize)>,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.at {
            Some((line, col)) => write!(f, "{}:{line}:{col}: {}", self.file.display(), self.message),
            None => write!(f, "{}: {}", self.file.display(), self.message),
        }
    }
}

/// Control characters out, long values cut (names that come from the user).
fn clean(s: &str) -> String {
    s.chars().filter(|c| !c.is_control()).take(64).collect()
}

/// 1-based line and character column of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset.min(text.len())).unwrap_or(text);
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (before.matches('\n').count() + 1, before[line_start..].chars().count() + 1)
}

/// A configuration file's text, within [`MAX_SIZE`].
fn read_text(path: &Path) -> Result<String, ConfigError> {
    let err = |message: String| ConfigError { file: path.to_path_buf(), at: None, message };
    let text = crate::limits::read_file(path, MAX_SIZE).map_err(|e| err(e.to_string()))?;
    String::from_utf8(text).map_err(|e| err(format!("invalid UTF-8 at byte {}", e.utf8_error().valid_up_to())))
}

impl Config {
    /// Reads and validates a configuration file (its phi-guard table for `pyproject.toml`
    /// and `Cargo.toml`), with the configurations it extends merged in. `Ok(None)`: the
    /// file holds no phi-guard table.
    pub fn load(path: &Path) -> Result<Option<Config>, ConfigError> {
        Config::load_chain(path, &mut Vec::new())
    }

    /// [`Config::load`] below the files in `chain` (the ones that extend it).
    fn load_chain(path: &Path, chain: &mut Vec<PathBuf>) -> Result<Option<Config>, ConfigError> {
        let err = |at, message: String| ConfigError { file: path.to_path_buf(), at, message };
        let text = read_text(path)?;
        let located = |(span, message): (Option<usize>, String)| err(span.map(|s| line_col(&text, s)), message);
        let Some(mut config) = Config::parse_form(&text, Form::of(path)).map_err(located)? else {
            return Ok(None);
        };
        let Some(extend) = config.extend.take() else {
            return Ok(Some(config));
        };
        let at = Some(line_col(&text, extend.span().start));
        let base_rel = extend.into_inner();
        let base = path.parent().unwrap_or(Path::new("")).join(&base_rel);
        chain.push(std::fs::canonicalize(path).unwrap_or_else(|_| absolute(path)));
        let base_id = std::fs::canonicalize(&base).unwrap_or_else(|_| absolute(&base));
        if chain.contains(&base_id) {
            return Err(err(at, format!("`extend` leads back to {}: a cycle", clean(&base.display().to_string()))));
        }
        if chain.len() >= MAX_EXTEND_DEPTH {
            return Err(err(at, format!("`extend` chains more than {MAX_EXTEND_DEPTH} configurations")));
        }
        let Some(parent) = Config::load_chain(&base, chain)? else {
            let table = Form::of(&base).table();
            return Err(err(at, format!("`extend`: {} has no {table} table", clean(&base.display().to_string()))));
        };
        // The parent's paths are relative to its own folder.
        let parent_dir = base_rel.parent().unwrap_or(Path::new(""));
        Ok(Some(parent.rebased(parent_dir).overlaid_by(config)))
    }

    /// Lexicon paths relative to `dir` joined onto it.
    fn rebased(mut self, dir: &Path) -> Config {
        for lexicon in &mut self.lexicons {
            *lexicon = dir.join(&*lexicon);
        }
        self
    }

    /// This configuration with `child`'s settings on top: its values replace these, its
    /// lexicons, exclusions, allow list and `[rules]` add to these, its `include` (when it
    /// has one) replaces this one.
    fn overlaid_by(mut self, child: Config) -> Config {
        self.policy = child.policy.or(self.policy);
        self.fail_on = child.fail_on.or(self.fail_on);
        self.languages = child.languages.or(self.languages);
        self.lexicons.extend(child.lexicons);
        if !child.include.is_empty() {
            self.include = child.include;
        }
        self.exclude.extend(child.exclude);
        self.rules.extend(child.rules);
        self.allow.extend(child.allow);
        self
    }

    /// Parses a standalone configuration; errors carry the byte offset they start at.
    /// The entry point of the tests and of the `config` fuzz target.
    #[allow(dead_code)]
    pub fn parse(text: &str) -> Result<Config, (Option<usize>, String)> {
        Config::parse_form(text, Form::Standalone).map(Option::unwrap_or_default)
    }

    /// Parses configuration text in one of its forms (`None`: no phi-guard table).
    fn parse_form(text: &str, form: Form) -> Result<Option<Config>, (Option<usize>, String)> {
        let located = |e: toml::de::Error| (e.span().map(|s| s.start), e.message().trim().to_string());
        let config: Option<Config> = match form {
            Form::Standalone => Some(toml::from_str(text).map_err(located)?),
            Form::Pyproject => toml::from_str::<Pyproject>(text).map_err(located)?.tool.and_then(|t| t.phi_guard),
            Form::Cargo => {
                let manifest: CargoManifest = toml::from_str(text).map_err(located)?;
                let package = manifest.package.and_then(|p| p.metadata).and_then(|m| m.phi_guard);
                package.or_else(|| manifest.workspace.and_then(|w| w.metadata).and_then(|m| m.phi_guard))
            }
        };
        let Some(config) = config else { return Ok(None) };
        for a in &config.allow {
            if a.phrase.get_ref().trim().is_empty() {
                return Err((Some(a.phrase.span().start), "an allow-list phrase must not be empty".into()));
            }
            if a.reason.get_ref().trim().is_empty() {
                return Err((Some(a.reason.span().start), "an allow-list entry needs a reason".into()));
            }
        }
        for g in config.include.iter().chain(&config.exclude) {
            if let Err(e) = glob(g.get_ref()) {
                return Err((Some(g.span().start), format!("invalid glob: {}", e.kind())));
            }
        }
        for g in &config.skip_keys {
            if let Err(e) = key_glob(g.get_ref()) {
                return Err((Some(g.span().start), format!("invalid glob: {}", e.kind())));
            }
        }
        Ok(Some(config))
    }
}

/// Gitignore-like glob semantics: a pattern without `/` matches a name at any depth, a
/// leading `/` anchors it to the configuration's folder, a trailing `/` means a folder.
fn glob(pattern: &str) -> Result<globset::Glob, globset::Error> {
    let mut p = pattern.trim().to_string();
    if p.ends_with('/') {
        p.push_str("**");
    }
    let p = if let Some(rest) = p.strip_prefix('/') {
        rest.to_string()
    } else if !p.trim_end_matches("/**").contains('/') {
        format!("**/{p}")
    } else {
        p
    };
    GlobBuilder::new(&p).literal_separator(true).build()
}

/// A glob over catalog keys: `*` matches any characters, dots included.
fn key_glob(pattern: &str) -> Result<globset::Glob, globset::Error> {
    GlobBuilder::new(pattern.trim()).literal_separator(false).build()
}

fn glob_set(patterns: &[Spanned<String>], glob: fn(&str) -> Result<globset::Glob, globset::Error>) -> GlobSet {
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        // Validated in `Config::parse`.
        if let Ok(g) = glob(p.get_ref()) {
            b.add(g);
        }
    }
    b.build().unwrap_or_else(|_| GlobSet::empty())
}

/// What an engine is compiled from: languages, allow list, and each lexicon file by its
/// canonical path, size and modification time (a file edited during the run is read
/// again).
type EngineKey = (Vec<Lang>, Vec<String>, Vec<(PathBuf, u64, Option<std::time::SystemTime>)>);

/// Engines compiled in this run, shared by every configuration that asks for the same
/// one: four folders whose configurations name one large lexicon compile it once.
static ENGINES: std::sync::Mutex<Vec<(EngineKey, Engine)>> = std::sync::Mutex::new(Vec::new());

/// The engine for these languages, allow list and lexicon files, compiled once per run.
pub fn shared_engine(langs: &[Lang], allow: &[String], lexicons: &[PathBuf]) -> phi_guard::Result<Engine> {
    let files = lexicons
        .iter()
        .map(|p| {
            let meta = std::fs::metadata(p).ok();
            let canonical = std::fs::canonicalize(p).unwrap_or_else(|_| p.clone());
            (canonical, meta.as_ref().map_or(0, |m| m.len()), meta.and_then(|m| m.modified().ok()))
        })
        .collect();
    let key: EngineKey = (langs.to_vec(), allow.to_vec(), files);
    // A poisoned lock only means another thread panicked while holding it: the list is
    // still valid.
    let mut engines = ENGINES.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, engine)) = engines.iter().find(|(k, _)| *k == key) {
        return Ok(engine.clone());
    }
    let mut b = Engine::builder();
    b.languages(langs.iter().copied());
    b.allow(allow.iter());
    for lexicon in lexicons {
        b.lexicon_file(lexicon)?;
    }
    let engine = b.build()?;
    engines.push((key, engine.clone()));
    Ok(engine)
}

/// The effective settings for the files under one configuration.
#[derive(Debug)]
pub struct Setup {
    /// The configuration file, if one was found or given.
    pub source: Option<PathBuf>,
    /// Folder that relative paths and globs in the file are relative to (absolute).
    pub root: PathBuf,
    pub config: Config,
    pub policy: PolicyKind,
    pub fail_on: FailOn,
    pub languages: Vec<Lang>,
    /// Per-rule levels from `[rules]`, then `--select` and `--ignore`.
    overrides: Vec<(Rule, Option<Severity>)>,
    /// The compiled lexicons (the policy is set per template).
    engine: Engine,
    /// The same lexicons in one language each, built when a catalog first asks.
    by_lang: [OnceLock<Option<Engine>>; Lang::ALL.len()],
    include: GlobSet,
    exclude: GlobSet,
    skip_keys: GlobSet,
}

impl Setup {
    /// A built-in policy with this configuration's rule levels on top.
    pub fn policy_of(&self, kind: PolicyKind) -> Policy {
        self.overrides.iter().fold(Policy::of(kind), |p, &(rule, level)| p.with_level(rule, level))
    }

    /// The engine for a policy kind.
    pub fn engine(&self, kind: PolicyKind) -> Engine {
        self.engine.with_policy(self.policy_of(kind))
    }

    /// The engine for a policy kind and the language a catalog gives its entry: that
    /// language's lexicons when it is one of the configured languages, else all of them.
    /// English comes along when configured: placeholder names are code, written in
    /// English whatever the catalog's language (`{{ $diagnosis }}` in an Italian one).
    pub fn engine_in(&self, kind: PolicyKind, lang: Option<Lang>) -> Engine {
        let one = lang.filter(|l| self.languages.len() > 1 && self.languages.contains(l)).and_then(|lang| {
            let i = Lang::ALL.iter().position(|&l| l == lang)?;
            self.by_lang[i]
                .get_or_init(|| {
                    let english = Some(Lang::En).filter(|en| self.languages.contains(en) && lang != Lang::En);
                    let langs: Vec<Lang> = std::iter::once(lang).chain(english).collect();
                    let lexicons: Vec<PathBuf> = self.config.lexicons.iter().map(|l| self.root.join(l)).collect();
                    let allow: Vec<String> = self.config.allow.iter().map(|a| a.phrase.get_ref().clone()).collect();
                    // Loaded once already when the setup was built.
                    shared_engine(&langs, &allow, &lexicons).ok()
                })
                .as_ref()
        });
        one.unwrap_or(&self.engine).with_policy(self.policy_of(kind))
    }

    /// Whether a catalog entry's key is skipped (`skip-keys`).
    pub fn skips_key(&self, key: &str) -> bool {
        self.skip_keys.is_match(key)
    }

    /// Whether a file (absolute path) passes `include` and `exclude`.
    pub fn selects(&self, file: &Path) -> bool {
        let rel = file.strip_prefix(&self.root).unwrap_or(file);
        if !self.config.include.is_empty() && !self.include.is_match(rel) {
            return false;
        }
        !rel.ancestors().filter(|a| !a.as_os_str().is_empty()).any(|a| self.exclude.is_match(a))
    }

    /// Whether a file found in a folder is checked: with `include`, the files it names;
    /// without, the template-like ones (text, Markdown, JSON, message catalogs).
    pub fn selects_in_walk(&self, file: &Path) -> bool {
        self.selects(file) && (!self.config.include.is_empty() || is_template_like(file))
    }

    /// Builds the setup of a configuration (or of none), with the command line on top.
    fn new(source: Option<PathBuf>, config: Config, args: &Overrides) -> Result<Setup, ConfigError> {
        // `phi-guard.toml` in the current folder has an empty parent: the current folder.
        let root = source
            .as_deref()
            .and_then(Path::parent)
            .filter(|p| !p.as_os_str().is_empty())
            .map(absolute)
            .unwrap_or_else(|| std::env::current_dir().unwrap_or_default());
        let policy = args.policy.or(config.policy).unwrap_or(PolicyKind::Outbound);
        let fail_on = args.fail_on.or(config.fail_on).unwrap_or(FailOn::Error);
        let mut languages: Vec<Lang> = if !args.languages.is_empty() {
            args.languages.clone()
        } else {
            config.languages.clone().unwrap_or_else(|| Lang::ALL.to_vec())
        };
        languages.sort();
        languages.dedup();
        let mut overrides: Vec<(Rule, Option<Severity>)> =
            config.rules.iter().map(|(k, v)| (k.0, v.severity())).collect();
        overrides.extend(Rule::ALL.into_iter().filter(|&r| !args.reports(r)).map(|r| (r, None)));
        let file = source.clone().unwrap_or_else(|| PathBuf::from("<command line>"));
        let engine = if languages == Lang::ALL && config.lexicons.is_empty() && config.allow.is_empty() {
            Engine::default()
        } else {
            let lexicons: Vec<PathBuf> = config.lexicons.iter().map(|l| root.join(l)).collect();
            let allow: Vec<String> = config.allow.iter().map(|a| a.phrase.get_ref().clone()).collect();
            shared_engine(&languages, &allow, &lexicons).map_err(|e| ConfigError {
                file: file.clone(),
                at: None,
                message: e.to_string(),
            })?
        };
        let (include, exclude) = (glob_set(&config.include, glob), glob_set(&config.exclude, glob));
        let skip_keys = glob_set(&config.skip_keys, key_glob);
        let by_lang = Default::default();
        Ok(Setup {
            source,
            root,
            config,
            policy,
            fail_on,
            languages,
            overrides,
            engine,
            by_lang,
            include,
            exclude,
            skip_keys,
        })
    }

    /// The effective configuration as TOML (`--dump-config`).
    pub fn dump(&self, target: &Path, no_config: bool) -> String {
        #[derive(Serialize)]
        #[serde(rename_all = "kebab-case")]
        struct Dump<'a> {
            policy: PolicyKind,
            fail_on: FailOn,
            languages: &'a [Lang],
            lexicons: &'a [PathBuf],
            include: Vec<&'a str>,
            exclude: Vec<&'a str>,
            skip_keys: Vec<&'a str>,
            rules: BTreeMap<RuleKey, Level>,
            allow: &'a [Allow],
        }
        let policy = self.policy_of(self.policy);
        let dump = Dump {
            policy: self.policy,
            fail_on: self.fail_on,
            languages: &self.languages,
            lexicons: &self.config.lexicons,
            include: self.config.include.iter().map(|s| s.get_ref().as_str()).collect(),
            exclude: self.config.exclude.iter().map(|s| s.get_ref().as_str()).collect(),
            skip_keys: self.config.skip_keys.iter().map(|s| s.get_ref().as_str()).collect(),
            rules: Rule::ALL.into_iter().map(|r| (RuleKey(r), Level::of(policy.level(r)))).collect(),
            allow: &self.config.allow,
        };
        let from = match &self.source {
            Some(p) => p.display().to_string(),
            None if no_config => "built-in defaults (--no-config)".to_string(),
            None => {
                "built-in defaults (no configuration in its folder or above, up to the repository root)".to_string()
            }
        };
        let body = toml::to_string(&dump).unwrap_or_default();
        // The header's paths are user-controlled: on one comment line each.
        let (target, from) =
            (target.display().to_string().replace(char::is_control, "?"), from.replace(char::is_control, "?"));
        format!(
            "# Effective phi-guard configuration for {target}\n# from: {from} and the command line\n\
             # [rules] shows every rule's level under the policy; WhatsApp templates use\n\
             # their category's policy with the same [rules] overrides.\n\n{body}"
        )
    }
}

/// Whether a file found in a folder is a template by its name: text, Markdown, JSON,
/// or a message catalog. YAML and `.properties` files are catalogs only where they look
/// like one (a locale folder, a language in the name, `messages*`): elsewhere they are
/// configuration. Android resources are read in `values*` folders.
fn is_template_like(path: &Path) -> bool {
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("txt" | "md" | "markdown" | "json") => true,
        Some("yml" | "yaml" | "properties") => {
            let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("").to_ascii_lowercase();
            phi_guard::template::catalog::looks_like_locale_path(path)
                || ["messages", "strings", "translations", "locale"].iter().any(|w| stem.starts_with(w))
        }
        Some("xml") => path
            .parent()
            .and_then(Path::file_name)
            .and_then(|d| d.to_str())
            .is_some_and(|d| d == "values" || d.starts_with("values-")),
        _ => phi_guard::template::catalog::Format::has_extension(path),
    }
}

fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

/// Finds and loads configurations, once per folder and once per file.
pub struct Configs<'a> {
    args: &'a Overrides,
    /// folder → the configuration file that governs it.
    found: HashMap<PathBuf, Option<PathBuf>>,
    /// configuration file → its setup (or the error, reported once).
    setups: HashMap<Option<PathBuf>, Result<Arc<Setup>, ()>>,
}

impl<'a> Configs<'a> {
    pub fn new(args: &'a Overrides) -> Configs<'a> {
        Configs { args, found: HashMap::new(), setups: HashMap::new() }
    }

    /// The setup for a file or folder (`None`: standard input, the current folder).
    /// A configuration error is returned the first time only; later calls give
    /// `Err(None)`.
    pub fn for_path(&mut self, path: Option<&Path>) -> Result<Arc<Setup>, Option<ConfigError>> {
        let source = if self.args.no_config {
            None
        } else if let Some(c) = &self.args.config {
            Some(c.clone())
        } else {
            let start = match path {
                Some(p) if p.is_dir() => absolute(p),
                Some(p) => absolute(p).parent().map(Path::to_path_buf).unwrap_or_default(),
                None => std::env::current_dir().unwrap_or_default(),
            };
            self.discover(&start)
        };
        if let Some(done) = self.setups.get(&source) {
            return done.clone().map_err(|()| None);
        }
        let result = match &source {
            None => Setup::new(None, Config::default(), self.args),
            Some(file) => Config::load(file).and_then(|c| match c {
                Some(c) => Setup::new(Some(file.clone()), c, self.args),
                None => Err(ConfigError {
                    file: file.clone(),
                    at: None,
                    message: format!("no {} table", Form::of(file).table()),
                }),
            }),
        };
        match result {
            Ok(setup) => {
                let setup = Arc::new(setup);
                self.setups.insert(source, Ok(Arc::clone(&setup)));
                Ok(setup)
            }
            Err(e) => {
                self.setups.insert(source, Err(()));
                Err(Some(e))
            }
        }
    }

    /// The nearest configuration in `dir` or above (see [`CANDIDATES`]), up to the
    /// repository root (the first folder that holds `.git`, a folder or a worktree's
    /// file), shown relative to the current folder when it is below it.
    fn discover(&mut self, dir: &Path) -> Option<PathBuf> {
        if let Some(found) = self.found.get(dir) {
            return found.clone();
        }
        let here = CANDIDATES.iter().map(|name| dir.join(name)).find(|p| p.is_file() && holds_config(p));
        let found = if let Some(here) = here {
            let cwd = std::env::current_dir().unwrap_or_default();
            Some(here.strip_prefix(&cwd).map(Path::to_path_buf).unwrap_or(here))
        } else if dir.join(".git").exists() {
            // The repository root: a file above it belongs to someone else.
            None
        } else {
            dir.parent().and_then(|parent| self.discover(parent))
        };
        self.found.insert(dir.to_path_buf(), found.clone());
        found
    }
}

/// Whether a candidate file holds a configuration. A `pyproject.toml` or `Cargo.toml`
/// that cannot be read or parsed counts as one, so that its error is reported rather
/// than the file passed over.
fn holds_config(path: &Path) -> bool {
    match Form::of(path) {
        Form::Standalone => true,
        form => read_text(path).map_or(true, |text| Config::parse_form(&text, form).map_or(true, |c| c.is_some())),
    }
}

/// The setup for `scan`, `rewrite` and `redact`: the configuration of the current folder
/// (or `--config`), with the command line on top.
pub fn for_command(args: &Overrides) -> Result<Arc<Setup>, String> {
    Configs::new(args).for_path(None).map_err(|e| e.map_or_else(String::new, |e| e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn configurations_that_name_one_lexicon_share_its_engine() {
        let dir = std::env::temp_dir().join(format!("phi-guard-shared-engine-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("a")).unwrap();
        let lexicon = dir.join("programmes.tsv");
        std::fs::write(&lexicon, "#! kind: specialty\n#! lang: en\nLakeside Weight Journey\n").unwrap();
        // The same file named from two folders, as two configurations would.
        let paths = [lexicon.clone(), dir.join("a").join("..").join("programmes.tsv")];
        let langs = [Lang::En, Lang::It];
        let first = shared_engine(&langs, &[], &paths[..1]).unwrap();
        let second = shared_engine(&langs, &[], &paths[1..]).unwrap();
        let key_of = |p: &Path| std::fs::canonicalize(p).unwrap();
        let entries = ENGINES
            .lock()
            .unwrap()
            .iter()
            .filter(|((l, _, files), _)| l == &langs && files.iter().map(|f| &f.0).eq([&key_of(&lexicon)]))
            .count();
        assert_eq!(entries, 1, "one engine for both configurations");
        assert_eq!(first.lexicon_fingerprint(), second.lexicon_fingerprint());
        assert!(!second.check("Your Lakeside Weight Journey visit is on Monday").is_compliant());
        // Another allow list is another engine.
        let other = shared_engine(&langs, &["Lakeside Weight Journey".to_string()], &paths[..1]).unwrap();
        assert!(other.check("Your Lakeside Weight Journey visit is on Monday").is_compliant());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    fn err(text: &str) -> (usize, usize, String) {
        let (at, msg) = Config::parse(text).unwrap_err();
        let (l, c) = line_col(text, at.unwrap());
        (l, c, msg)
    }

    #[test]
    fn parses_every_key() {
        let c = Config::parse(
            r#"
policy = "broadcast"
fail-on = "warning"
languages = ["en", "de"]
lexicons = ["our.tsv"]
include = ["templates/**"]
exclude = ["drafts/"]
skip-keys = ["*.label"]

[rules]
"phi/specialty" = "off"
"phi/condition" = "warn"

[[allow]]
phrase = "Main Street Clinic"
reason = "our name"
"#,
        )
        .unwrap();
        assert_eq!(c.policy, Some(PolicyKind::Broadcast));
        assert_eq!(c.fail_on, Some(FailOn::Warning));
        assert_eq!(c.languages, Some(vec![Lang::En, Lang::De]));
        assert_eq!(c.rules.get(&RuleKey(Rule::Specialty)), Some(&Level::Off));
        assert_eq!(c.allow[0].phrase.get_ref(), "Main Street Clinic");
        assert_eq!(c.skip_keys[0].get_ref(), "*.label");
        assert!(key_glob("*.label").unwrap().compile_matcher().is_match("it.visit.label"));
    }

    #[test]
    fn rejects_unknown_keys_and_values_with_positions() {
        let (l, c, m) = err("policy = \"outbound\"\npolcy = \"x\"\n");
        assert_eq!((l, c), (2, 1));
        assert!(m.starts_with("unknown field `polcy`"), "{m}");
        let (l, c, m) = err("policy = \"paranoid\"\n");
        assert_eq!((l, c), (1, 10));
        assert!(m.contains("unknown variant `paranoid`"), "{m}");
        let (l, _, m) = err("[rules]\n\"phi/nope\" = \"off\"\n");
        assert_eq!(l, 2);
        assert!(m.contains("unknown rule `phi/nope`"), "{m}");
        let (l, c, m) = err("[rules]\n\"phi/condition\" = \"loud\"\n");
        assert_eq!((l, c), (2, 19));
        assert!(m.contains("unknown variant `loud`"), "{m}");
        let (l, _, m) = err("[[allow]]\nphrase = \"x\"\n");
        assert_eq!(l, 1);
        assert!(m.contains("missing field `reason`"), "{m}");
        let (l, c, m) = err("[[allow]]\nphrase = \"x\"\nreason = \" \"\n");
        assert_eq!((l, c, m.as_str()), (3, 10, "an allow-list entry needs a reason"));
        let (l, c, m) = err("exclude = [\"a/[\"]\n");
        assert_eq!((l, c), (1, 12));
        assert!(m.starts_with("invalid glob"), "{m}");
    }

    #[test]
    fn the_readme_example_is_valid() {
        let readme = include_str!("../../README.md");
        let section = readme.split("<!-- cli:start -->").nth(1).and_then(|s| s.split("<!-- cli:end -->").next());
        let example = section.and_then(|s| s.split("```toml\n").nth(1)).and_then(|s| s.split("```").next());
        let c = Config::parse(example.expect("a TOML example in the README's CLI section")).unwrap();
        assert_eq!(c.allow.len(), 1);
        assert_eq!(c.rules.len(), 2);
    }

    #[test]
    fn globs_work_like_gitignore() {
        let m = |p: &str, path: &str| glob(p).unwrap().compile_matcher().is_match(path);
        assert!(m("*.md", "a/b/c.md"));
        assert!(m("/*.md", "c.md") && !m("/*.md", "a/c.md"));
        assert!(m("templates/**", "templates/a/b.txt"));
        assert!(m("drafts/", "x/drafts/a.txt"));
        assert!(!m("templates/*.txt", "templates/a/b.txt"));
    }
}
