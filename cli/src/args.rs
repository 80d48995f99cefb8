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
    /// are checked, unless `include` in phi-guard.toml names others.
    ///
    /// Settings come from the `phi-guard.toml` nearest above each checked file (or
    /// `--config`); command-line options override them. Folders are walked in name
    /// order, respecting `.gitignore`, `.ignore` and hidden files, following symbolic
    /// links. UTF-16 and UTF-32 files with a byte-order mark are decoded; any other file
    /// that is not UTF-8 text (a NUL byte, invalid UTF-8) is an error unless excluded.
    /// Standard input without `--stdin-filename` is WhatsApp JSON when it starts with `{`
    /// or `[`, and an error when that JSON is malformed or holds no template.
    #[command(after_help = EXIT_STATUS_HELP)]
    Check(CheckArgs),
    /// Check a JSONL corpus: one `{"id": …, "text": "…"}` object per line in, one result
    /// object per line out, in order.
    Scan(ScanArgs),
    /// Print a compliant version of a message: clinical terms dropped or replaced with
    /// generic words, sentences that still carry health information replaced with a
    /// pointer to the secure channel. Exit 0 when the text was already compliant, 1 when
    /// it had to change.
    Rewrite(crate::rewrite::RewriteArgs),
    /// Print a message with every finding replaced (to store what patients write in).
    Redact(crate::rewrite::RedactArgs),
    /// Print what a rule detects, why, an example and what to write instead.
    Explain {
        /// A rule id such as `phi/condition` (or `condition`).
        rule: String,
    },
}

#[derive(Debug, Args)]
pub struct Common {
    /// Policy to check under.
    #[arg(long, value_enum, default_value_t = PolicyArg::Outbound)]
    pub policy: PolicyArg,
    /// Languages whose lexicons are loaded (default: all).
    #[arg(long, value_delimiter = ',', value_name = "LANG")]
    pub lang: Vec<LangArg>,
    /// Leave the matched text out of every output (CI logs are widely readable).
    #[arg(long)]
    pub redact: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or folders to check; `-` reads standard input [default: .]
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Use this configuration file instead of looking for `phi-guard.toml`.
    #[arg(long, value_name = "FILE", help_heading = "Configuration")]
    pub config: Option<PathBuf>,
    /// Ignore every `phi-guard.toml`: built-in defaults and command-line options only.
    #[arg(long, conflicts_with = "config", help_heading = "Configuration")]
    pub no_config: bool,
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
    #[arg(long, short = 'j', value_name = "N", help_heading = "Input")]
    pub threads: Option<usize>,

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
}

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// JSONL file to read; `-` (the default) reads standard input.
    #[arg(default_value = "-")]
    pub input: PathBuf,
    #[command(flatten)]
    pub common: Common,
    #[command(flatten)]
    pub inbound: crate::rewrite::ScanInbound,
    /// Worker threads (default: one per CPU core). Output order is always input order.
    #[arg(long, short = 'j', value_name = "N")]
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
