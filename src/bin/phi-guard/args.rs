//! Command-line arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Keeps protected health information out of insecure patient messaging.
///
/// Exit status: 0 when every text is compliant, 1 when a finding reaches --fail-on,
/// 2 on usage or input errors (unreadable file, invalid UTF-8, malformed JSON line).
#[derive(Debug, Parser)]
#[command(name = "phi-guard", version, about, long_about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check message templates: files, folders, or `-` for standard input.
    ///
    /// Plain-text and Markdown files hold one template, or several separated by a line
    /// that is exactly `---`.
    Check(CheckArgs),
    /// Check a JSONL corpus: one `{"id": …, "text": "…"}` object per line in, one result
    /// object per line out, in order.
    Scan(ScanArgs),
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
    /// Files or folders to check; `-` reads standard input.
    #[arg(default_value = "-")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub common: Common,
    /// Lowest severity that makes the exit status 1.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// JSONL file to read; `-` (the default) reads standard input.
    #[arg(default_value = "-")]
    pub input: PathBuf,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum PolicyArg {
    Outbound,
    Broadcast,
    Marketing,
    SecureChannel,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    En,
    It,
    De,
    Es,
    Fr,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, ValueEnum)]
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
    /// One JSON object per finding.
    Json,
}
