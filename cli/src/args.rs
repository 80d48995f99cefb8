//! Command-line arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Exit statuses, shown at the end of `--help`.
pub const EXIT_STATUS_HELP: &str = "\
Exit status:
  0  clean: no finding at or above --fail-on
  1  a finding at or above --fail-on
  2  usage, configuration or input error (unreadable or binary file, invalid UTF-8,
     malformed JSON, a size limit); the other inputs are still checked";

/// Keeps protected health information out of insecure patient messaging.
#[derive(Debug, Parser)]
#[command(name = "phi-guard", version, after_help = EXIT_STATUS_HELP)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check message templates: files, folders, or `-` for standard input.
    ///
    /// Plain-text and Markdown files hold one template, or several separated by a line
    /// that is exactly `---`. `.json` files hold WhatsApp Business templates (one, an
    /// array, or the API's `{"data": [...]}` listing); their `example` values are
    /// substituted and checked too, and each template's category decides its policy
    /// (MARKETING: marketing; UTILITY, AUTHENTICATION: outbound).
    ///
    /// Message catalogs are read entry by entry, each checked in the catalog's language:
    /// gettext `.po`/`.pot`, Android `strings.xml`, i18next/vue-i18n JSON (in a locale
    /// folder or named after its language), Rails YAML, `.properties`, `.strings`,
    /// `.xcstrings`, `.arb`, XLIFF. In a folder only these, text, Markdown and JSON files
    /// are checked, unless `include` in the configuration names others.
    ///
    /// Settings come from the configuration nearest above each checked file
    /// (`phi-guard.toml`, `.phi-guard.toml`, `pyproject.toml`, `Cargo.toml`) or
    /// `--config`; command-line options override them. Folders are walked in name
    /// order, respecting `.gitignore`, `.ignore` and hidden files, following symbolic
    /// links. UTF-16 and UTF-32 files with a byte-order mark are decoded; any other file
    /// that is not UTF-8 text (a NUL byte, invalid UTF-8) is an error unless excluded.
    /// Standard input without `--stdin-filename` is WhatsApp JSON when it starts with `{`
    /// or `[`, and an error when that JSON is malformed or holds no template.
    #[command(after_help = EXIT_STATUS_HELP)]
    Check(CheckArgs),
    /// Check a JSONL corpus: one `{"id": …, "text": "…"}` object per line in, one result
    /// object per line out, in order. The configuration of the current folder applies
    /// (policy, languages, lexicons, allow list, `[rules]`).
    Scan(ScanArgs),
    /// Print a compliant version of a message: clinical terms dropped or replaced with
    /// generic words, sentences that still carry health information replaced with a
    /// pointer to the secure channel. Exit 0 when the text was already compliant, 1 when
    /// it had to change. The configuration of the current folder applies.
    Rewrite(crate::rewrite::RewriteArgs),
    /// Print a message with every finding replaced (to store what patients write in).
    /// The configuration of the current folder applies.
    Redact(crate::rewrite::RedactArgs),
    /// Print a shell completion script: `phi-guard completions bash > /etc/bash_completion.d/phi-guard`.
    Completions {
        /// The shell to complete for.
        shell: clap_complete::Shell,
    },
    /// Print a manual page (roff): `phi-guard man > /usr/local/share/man/man1/phi-guard.1`,
    /// `phi-guard man check > …/phi-guard-check.1`.
    Man {
        /// The subcommand whose page is printed (default: the command's own page).
        subcommand: Option<String>,
    },
    /// List every rule: id, severity under the policy, and what it reports.
    Rules {
        /// Policy whose severities are shown.
        #[arg(long, value_enum, default_value_t = PolicyArg::Outbound)]
        policy: PolicyArg,
    },
    /// Print what a rule detects, why, an example and what to write instead.
    Explain {
        /// A rule id such as `phi/condition` (or `condition`).
        rule: String,
    },
}

/// The options of `scan`, `rewrite` and `redact` that choose the engine. The
/// configuration is the one discovered from the current folder (or `--config`); these
/// options override it.
#[derive(Debug, Args)]
pub struct Common {
    #[command(flatten)]
    pub configuration: ConfigArgs,
    /// Policy to check under [default: outbound]
    #[arg(long, value_enum)]
    pub policy: Option<PolicyArg>,
    /// Languages whose lexicons are loaded [default: all]
    #[arg(long, value_delimiter = ',', value_name = "LANG")]
    pub lang: Vec<LangArg>,
}

/// Which configuration file applies.
#[derive(Debug, Args)]
pub struct ConfigArgs {
    /// Use this configuration file instead of discovery (`phi-guard.toml`,
    /// `.phi-guard.toml`, `[tool.phi-guard]` in `pyproject.toml`,
    /// `[package.metadata.phi-guard]` in `Cargo.toml`).
    #[arg(long, value_name = "FILE", help_heading = "Configuration")]
    pub config: Option<PathBuf>,
    /// Ignore every configuration file: built-in defaults and command-line options only.
    #[arg(long, conflicts_with = "config", help_heading = "Configuration")]
    pub no_config: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or folders to check; `-` reads standard input [default: .]
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    #[command(flatten)]
    pub configuration: ConfigArgs,
    /// Print the effective configuration for the first PATH as TOML and exit.
    #[arg(long, help_heading = "Configuration")]
    pub dump_config: bool,
    /// Policy for texts (WhatsApp templates use their category's) [default: outbound]
    #[arg(long, value_enum, help_heading = "Configuration")]
    pub policy: Option<PolicyArg>,
    /// Languages whose lexicons are loaded [default: all]
    #[arg(long, value_delimiter = ',', value_name = "LANG", help_heading = "Configuration")]
    pub lang: Vec<LangArg>,
    /// Lowest severity that makes the exit status 1 [default: error]
    #[arg(long, value_enum, value_name = "LEVEL", help_heading = "Configuration")]
    pub fail_on: Option<FailOn>,

    /// Pick files named on the command line as in a folder (`include`/`exclude`, and
    /// template-like files only without `include`), for pre-commit.
    #[arg(long, help_heading = "Input")]
    pub force_exclude: bool,
    /// Name to report standard input as; its extension picks the format (`.json`: WhatsApp).
    #[arg(long, value_name = "NAME", help_heading = "Input")]
    pub stdin_filename: Option<PathBuf>,
    /// Largest template read (a file or standard input), in bytes; `K`, `M`, `G` suffixes.
    /// A larger one is an error.
    #[arg(long, value_name = "SIZE", default_value = "64M", value_parser = crate::limits::parse_size, help_heading = "Input")]
    pub max_file_size: u64,
    /// Files checked in parallel [default: the number of CPUs]
    #[arg(long, short = 'j', value_name = "N", value_parser = threads, help_heading = "Input")]
    pub threads: Option<usize>,
    #[command(flatten)]
    pub selection: Selection,
    /// Report inline suppressions (`phi-guard: ignore[…]`) that silence nothing; each
    /// makes the exit status 1.
    #[arg(long, help_heading = "Rules")]
    pub report_unused_ignores: bool,
    /// Write each template's compliant rewrite into its file (plain text, Markdown,
    /// WhatsApp JSON), then report what is left. A template whose rewrite would still be
    /// non-compliant is left as it is.
    #[arg(long, help_heading = "Fix")]
    pub fix: bool,
    /// Print the fixes as a unified diff instead of writing them; exit 1 when a file
    /// would change.
    #[arg(long, conflicts_with_all = ["fix", "redact"], help_heading = "Fix")]
    pub diff: bool,
    /// Report only the findings that are not in this baseline file.
    #[arg(long, value_name = "FILE", help_heading = "Baseline")]
    pub baseline: Option<PathBuf>,
    /// Record every finding of this run in a baseline file (by fingerprints that hold no
    /// message text) and exit 0 unless there are errors.
    #[arg(long, value_name = "FILE", help_heading = "Baseline")]
    pub write_baseline: Option<PathBuf>,

    /// Print each template found (file:line:column: key, with the catalog's language)
    /// and exit without checking.
    #[arg(long, help_heading = "Output")]
    pub list_templates: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human, help_heading = "Output")]
    pub format: Format,
    /// When to colour human output.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto, help_heading = "Output")]
    pub color: ColorChoice,
    /// Leave the matched text out of every output format (CI logs are widely readable).
    #[arg(long, help_heading = "Output")]
    pub redact: bool,
    #[command(flatten)]
    pub everyday: Everyday,
}

/// Output and exit-status options shared by `check` and `scan`.
#[derive(Debug, Args)]
pub struct Everyday {
    /// Write the results to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE", help_heading = "Output")]
    pub output_file: Option<PathBuf>,
    /// After the results, print how many findings each rule reported (on standard error).
    #[arg(long, help_heading = "Output")]
    pub statistics: bool,
    /// Print errors only: no summary line and no notes.
    #[arg(long, short = 'q', help_heading = "Output")]
    pub quiet: bool,
    /// Exit 0 even when findings are at or above --fail-on (errors still exit 2).
    #[arg(long, help_heading = "Output")]
    pub exit_zero: bool,
}

/// Which rules are reported.
#[derive(Debug, Args)]
pub struct Selection {
    /// Report only these rules: ids or prefixes (`phi/condition`, `phi/`, `template`).
    #[arg(long, value_delimiter = ',', value_name = "RULE", value_parser = selector, help_heading = "Rules")]
    pub select: Vec<String>,
    /// Never report these rules: ids or prefixes; wins over --select.
    #[arg(long, value_delimiter = ',', value_name = "RULE", value_parser = selector, help_heading = "Rules")]
    pub ignore: Vec<String>,
}

/// Whether a `--select`/`--ignore` value names a rule: its id or a prefix of it.
pub fn selects(selector: &str, rule: phi_guard::Rule) -> bool {
    rule.id().starts_with(selector)
}

/// A `--select`/`--ignore` value: an id or prefix that names at least one rule.
fn selector(s: &str) -> Result<String, String> {
    let s = s.trim();
    if !s.is_empty() && phi_guard::Rule::ALL.into_iter().any(|r| selects(s, r)) {
        Ok(s.to_string())
    } else {
        Err("names no rule (`phi-guard rules` lists them)".to_string())
    }
}

/// A thread count: 1 or more.
fn threads(s: &str) -> Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(0) => Err("must be 1 or more".to_string()),
        Ok(n) => Ok(n),
        Err(_) => Err("expected a number of threads".to_string()),
    }
}

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// JSONL file to read; `-` (the default) reads standard input.
    #[arg(default_value = "-")]
    pub input: PathBuf,
    #[command(flatten)]
    pub common: Common,
    /// Leave the matched text (`match`) out of the findings.
    #[arg(long)]
    pub redact: bool,
    /// Lowest severity of a finding that makes the exit status 1 [default: the
    /// configuration's `fail-on`, else error]
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub fail_on: Option<FailOn>,
    /// Where each record's text is: a JSON pointer (`/message/body`) or a top-level
    /// field name.
    #[arg(long, value_name = "POINTER", default_value = "/text", value_parser = pointer)]
    pub text_field: Pointer,
    /// Where each record's id is: a JSON pointer or a top-level field name.
    #[arg(long, value_name = "POINTER", default_value = "/id", value_parser = pointer)]
    pub id_field: Pointer,
    #[command(flatten)]
    pub selection: Selection,
    #[command(flatten)]
    pub everyday: Everyday,
    #[command(flatten)]
    pub inbound: crate::rewrite::ScanInbound,
    /// Worker threads (default: one per CPU core). Output order is always input order.
    #[arg(long, short = 'j', value_name = "N", value_parser = threads)]
    pub threads: Option<usize>,
    /// Show a progress bar with rate and ETA (default: when standard error is a terminal).
    #[arg(long, value_enum, default_value_t = Progress::Auto)]
    pub progress: Progress,
    /// Longest input line, in bytes; `K`, `M`, `G` suffixes. A longer line ends the scan
    /// with an error (exit 2).
    #[arg(long, value_name = "SIZE", default_value = "64M", value_parser = crate::limits::parse_size)]
    pub max_line_size: u64,
    /// Size of the batches handed to worker threads, in KiB.
    #[arg(long, default_value_t = 1024, hide = true, value_parser = clap::value_parser!(u32).range(1..))]
    pub batch_kib: u32,
}

/// A JSON pointer (RFC 6901), split into its unescaped tokens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pointer {
    /// As written, for messages.
    pub text: String,
    pub tokens: Vec<String>,
}

/// `/message/body` (`~1` is `/`, `~0` is `~`), or a plain field name such as `body`.
fn pointer(s: &str) -> Result<Pointer, String> {
    let tokens: Vec<String> = match s.strip_prefix('/') {
        Some(rest) => rest.split('/').map(|t| t.replace("~1", "/").replace("~0", "~")).collect(),
        None if s.is_empty() => return Err("an empty pointer names the whole record, not a field".to_string()),
        None => vec![s.to_string()],
    };
    let text = if s.starts_with('/') { s.to_string() } else { format!("/{}", s.replace('~', "~0").replace('/', "~1")) };
    Ok(Pointer { text, tokens })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Progress {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum PolicyArg {
    Outbound,
    Broadcast,
    Marketing,
    SecureChannel,
    Strict,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    En,
    It,
    De,
    Es,
    Fr,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, ValueEnum, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FailOn {
    Info,
    Warning,
    Error,
    /// Never fail because of findings.
    Never,
}

impl FailOn {
    /// Whether a finding of this severity makes the exit status 1.
    pub fn reached_by(self, severity: phi_guard::Severity) -> bool {
        use phi_guard::Severity;
        match self {
            FailOn::Info => true,
            FailOn::Warning => severity >= Severity::Warning,
            FailOn::Error => severity >= Severity::Error,
            FailOn::Never => false,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// rustc-style diagnostics.
    Human,
    /// One JSON object per finding, one per line.
    Json,
    /// SARIF 2.1.0, for code-scanning dashboards.
    Sarif,
    /// GitHub Actions workflow commands (`::error file=…::`).
    Github,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when standard output is a terminal and `NO_COLOR` is not set.
    Auto,
    Always,
    Never,
}
