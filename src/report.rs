//! The result of a check: verdict, risk score and findings.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::finding::{Finding, Severity};
use crate::policy::PolicyKind;

/// Whether a text may be sent on the checked channel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Verdict {
    /// Nothing found at warning level or above.
    Compliant,
    /// Only warnings: a person should decide.
    Review,
    /// At least one error: do not send as is.
    NonCompliant,
}

impl Verdict {
    /// The snake_case name used in JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Compliant => "compliant",
            Verdict::Review => "review",
            Verdict::NonCompliant => "non_compliant",
        }
    }

    /// The verdict that the worst severity among findings implies.
    pub fn from_findings(findings: &[Finding]) -> Verdict {
        match findings.iter().map(|f| f.severity).max() {
            Some(Severity::Error) => Verdict::NonCompliant,
            Some(Severity::Warning) => Verdict::Review,
            _ => Verdict::Compliant,
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The outcome of [`Engine::check`](crate::Engine::check).
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    /// The worst severity, as a verdict.
    pub verdict: Verdict,
    /// Risk from 0 (nothing found) to 100; see [`risk_score`].
    pub score: u8,
    /// Findings in text order (by start, then end).
    pub findings: Vec<Finding>,
    /// The policy the text was checked under.
    pub policy: PolicyKind,
}

impl Report {
    pub(crate) fn new(findings: Vec<Finding>, policy: PolicyKind) -> Report {
        Report { verdict: Verdict::from_findings(&findings), score: risk_score(&findings), findings, policy }
    }

    /// True when the verdict is [`Verdict::Compliant`].
    pub fn is_compliant(&self) -> bool {
        self.verdict == Verdict::Compliant
    }
}

/// Weight of one finding in the score: its confidence times a per-severity weight
/// (error 0.6, warning 0.25, info 0).
fn weight(f: &Finding) -> f64 {
    let w = match f.severity {
        Severity::Error => 0.6,
        Severity::Warning => 0.25,
        Severity::Info => 0.0,
    };
    w * f64::from(f.confidence.clamp(0.0, 1.0))
}

/// The 0–100 risk score: `100 × (1 − ∏(1 − wᵢ))` over the findings, where `wᵢ` is a
/// finding's confidence times its severity weight (error 0.6, warning 0.25, info 0).
///
/// It is 0 with no findings, grows with every finding and never exceeds 100, so one
/// certain error scores 60, two score 84, and warnings alone stay lower.
pub fn risk_score(findings: &[Finding]) -> u8 {
    let keep: f64 = findings.iter().map(|f| 1.0 - weight(f)).product();
    ((1.0 - keep) * 100.0).round().clamp(0.0, 100.0) as u8
}
