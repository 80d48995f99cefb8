//! Policies: which rules apply on which channel, and how severe they are.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::finding::{Rule, Severity};

/// The built-in policies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum PolicyKind {
    /// A message to one patient on an insecure channel (the default): every health fact
    /// is an error.
    Outbound,
    /// The same text to many people: health mentions addressed to no one ("flu season is
    /// here") need review; addressed to the reader ("your diabetes") they are errors.
    Broadcast,
    /// Promotional messages: clinical content is an error and so is a missing opt-out.
    Marketing,
    /// An encrypted, authenticated channel (portal, secure e-mail): clinical content is
    /// allowed and reported as info; social security numbers are still errors.
    SecureChannel,
    /// The strictest reading of an insecure channel: like `outbound`, but low-sensitivity
    /// services (a vaccination, a blood draw, a dental cleaning) and words that only look
    /// clinical are errors too.
    Strict,
}

impl Default for PolicyKind {
    /// [`PolicyKind::Outbound`].
    fn default() -> Self {
        PolicyKind::Outbound
    }
}

impl PolicyKind {
    /// Every policy, in a fixed order.
    pub const ALL: [PolicyKind; 5] = [
        PolicyKind::Outbound,
        PolicyKind::Broadcast,
        PolicyKind::Marketing,
        PolicyKind::SecureChannel,
        PolicyKind::Strict,
    ];

    /// The kebab-case name used on the command line and in configuration.
    pub fn as_str(self) -> &'static str {
        match self {
            PolicyKind::Outbound => "outbound",
            PolicyKind::Broadcast => "broadcast",
            PolicyKind::Marketing => "marketing",
            PolicyKind::SecureChannel => "secure-channel",
            PolicyKind::Strict => "strict",
        }
    }
}

impl fmt::Display for PolicyKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for PolicyKind {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        let s = s.trim().replace('_', "-").to_ascii_lowercase();
        PolicyKind::ALL.into_iter().find(|p| p.as_str() == s).ok_or_else(|| Error::unknown_name("policy", &s))
    }
}

/// A policy: a severity (or nothing) per rule, plus the channel's special rules.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Policy {
    kind: PolicyKind,
    levels: [Option<Severity>; Rule::ALL.len()],
}

impl Default for Policy {
    fn default() -> Self {
        Policy::outbound()
    }
}

impl Policy {
    /// Every health fact is an error (the default).
    pub fn outbound() -> Policy {
        Policy::uniform(PolicyKind::Outbound, Some(Severity::Error)).with_level(Rule::OptOutMissing, None)
    }

    /// Clinical mentions need review unless addressed to the reader; identifiers, billing
    /// and clinical placeholders are errors.
    pub fn broadcast() -> Policy {
        let mut p = Policy::outbound();
        p.kind = PolicyKind::Broadcast;
        for rule in Rule::ALL {
            if rule.category().is_clinical() {
                p = p.with_level(rule, Some(Severity::Warning));
            }
        }
        p
    }

    /// Clinical content and a missing opt-out are errors.
    pub fn marketing() -> Policy {
        Policy::uniform(PolicyKind::Marketing, Some(Severity::Error))
    }

    /// Clinical content is allowed (info); social security numbers are errors.
    pub fn secure_channel() -> Policy {
        Policy::uniform(PolicyKind::SecureChannel, Some(Severity::Info))
            .with_level(Rule::Identifier, Some(Severity::Error))
            .with_level(Rule::OptOutMissing, None)
    }

    /// Every health fact is an error, low-sensitivity services and words that only look
    /// clinical included.
    pub fn strict() -> Policy {
        let mut p = Policy::outbound();
        p.kind = PolicyKind::Strict;
        p
    }

    /// The built-in policy of a kind.
    pub fn of(kind: PolicyKind) -> Policy {
        match kind {
            PolicyKind::Outbound => Policy::outbound(),
            PolicyKind::Broadcast => Policy::broadcast(),
            PolicyKind::Marketing => Policy::marketing(),
            PolicyKind::SecureChannel => Policy::secure_channel(),
            PolicyKind::Strict => Policy::strict(),
        }
    }

    fn uniform(kind: PolicyKind, level: Option<Severity>) -> Policy {
        Policy { kind, levels: [level; Rule::ALL.len()] }
    }

    /// Overrides the severity of one rule; `None` turns it off.
    pub fn with_level(mut self, rule: Rule, level: Option<Severity>) -> Policy {
        self.levels[rule as usize] = level;
        self
    }

    /// Which built-in policy this one derives from.
    pub fn kind(&self) -> PolicyKind {
        self.kind
    }

    /// The severity of a rule, or `None` when it is off.
    pub fn level(&self, rule: Rule) -> Option<Severity> {
        self.levels[rule as usize]
    }

    /// Broadcast: clinical findings in a sentence addressed to the reader become errors.
    pub(crate) fn escalates_second_person(&self) -> bool {
        self.kind == PolicyKind::Broadcast
    }

    /// The severity of a finding on a low-sensitivity service (a vaccination, a blood
    /// draw, a dental cleaning) that the policy otherwise rates `severity`: a warning on a
    /// message to one patient, info in outreach to many unless addressed to the reader,
    /// unchanged under `marketing` and `strict`.
    pub(crate) fn low_tier(&self, severity: Severity, to_reader: bool) -> Severity {
        match self.kind {
            PolicyKind::Outbound => severity.min(Severity::Warning),
            PolicyKind::Broadcast if to_reader => severity.min(Severity::Warning),
            PolicyKind::Broadcast => Severity::Info,
            PolicyKind::Marketing | PolicyKind::SecureChannel | PolicyKind::Strict => severity,
        }
    }

    /// Whether a text whose only clinical findings are words that merely look clinical is
    /// a warning rather than an error.
    pub(crate) fn softens_guesses(&self) -> bool {
        self.kind != PolicyKind::Strict
    }

    /// Secure channel: of the identifiers only social security numbers count.
    pub(crate) fn only_ssn_identifiers(&self) -> bool {
        self.kind == PolicyKind::SecureChannel
    }
}
