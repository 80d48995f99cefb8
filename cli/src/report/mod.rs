//! Output formats of `phi-guard check`: rustc-style text, JSON lines, SARIF 2.1.0 and
//! GitHub Actions annotations. All of them leave the matched text out under
//! `--redact`, and none prints file contents outside a finding's own line.

pub mod github;
pub mod human;
pub mod json;
pub mod sarif;

use std::io::{self, Write};

use crate::args::Format;
use crate::check::{Diag, Outcome};

/// Settings shared by the formats.
pub struct Options {
    /// Leave the matched text out.
    pub redact: bool,
    /// ANSI colours (human format only).
    pub color: bool,
}

/// Writes every outcome, in order, in one format. `problems` are the run's `error: …`
/// lines that belong to no input (a missing path, a broken configuration); only SARIF
/// carries them, the other formats leave them to standard error.
pub fn write(
    out: &mut impl Write,
    format: Format,
    outcomes: &[Outcome],
    problems: &[String],
    opts: &Options,
) -> io::Result<()> {
    match format {
        Format::Human => outcomes.iter().try_for_each(|o| human::write(out, o, opts)),
        Format::Json => outcomes.iter().try_for_each(|o| json::write(out, o, opts)),
        Format::Github => outcomes.iter().try_for_each(|o| github::write(out, o, opts)),
        Format::Sarif => sarif::write(out, outcomes, problems, opts),
    }
}

/// One line about a finding: the rule's summary, the matched text (unless redacted)
/// and, for WhatsApp templates, where in the template it is.
pub fn message(d: &Diag, redact: bool) -> String {
    let mut m = d.rule.explanation().to_string();
    if !redact && !d.matched.is_empty() {
        let shown: String = d.matched.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
        m.push_str(&format!(": `{shown}`"));
    }
    if let Some(context) = context(d, redact) {
        m.push_str(&format!(" ({context})"));
    }
    m
}

/// A catalog entry's key as shown: under `--redact`, none when it holds the matched
/// text (an `.xcstrings` key is often the source text itself).
pub fn key(d: &Diag, redact: bool) -> Option<&str> {
    let key = d.key.as_deref()?;
    let holds_match = !d.matched.is_empty() && key.to_lowercase().contains(&d.matched.to_lowercase());
    (!(redact && holds_match)).then_some(key)
}

/// `template `name`, BODY, with its example values` for WhatsApp findings, `key `k``
/// for catalog entries.
pub fn context(d: &Diag, redact: bool) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(name) = &d.name {
        parts.push(format!("template `{}`", name.chars().filter(|c| !c.is_control()).collect::<String>()));
    }
    if let Some(part) = &d.part {
        parts.push(part.clone());
    }
    if let Some(key) = key(d, redact) {
        parts.push(format!("key `{}`", key.chars().filter(|c| !c.is_control()).collect::<String>()));
    }
    if d.with_examples {
        parts.push("with its example values".to_string());
    }
    (!parts.is_empty()).then(|| parts.join(", "))
}
