//! Audit records: evidence that a text was checked, without the text.
//!
//! A record holds the SHA-256 of the text, the verdict, the score, how many findings each
//! rule made, the policy, the crate version and the engine's lexicon fingerprint — never the
//! text or a matched term. The same text, lexicons and policy always give the same record,
//! field for field (rule counts are sorted by rule id).
//!
//! ```
//! use phi_guard::Engine;
//!
//! let engine = Engine::default();
//! let text = "Your metformin 500mg prescription is ready";
//! let record = engine.audit(text);
//! assert_eq!(record.verdict.as_str(), "non_compliant");
//! assert_eq!(record.rules["phi/medication"], 1);
//! let json = serde_json::to_string(&record).unwrap();
//! assert!(!json.contains("metformin"));
//! ```
//!
//! A plain hash of a short, predictable message can be reversed by guessing (a template
//! plus a name from a list): keep audit logs as access-controlled as any other log.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::engine::Engine;
use crate::policy::PolicyKind;
use crate::report::{Report, Verdict};

/// A PHI-free record of one check; see [`Engine::audit_record`].
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AuditRecord {
    /// SHA-256 of the text's UTF-8 bytes, 64 lower-case hex digits.
    pub sha256: String,
    /// The verdict.
    pub verdict: Verdict,
    /// The 0–100 risk score.
    pub score: u8,
    /// Number of findings per rule id, sorted by id (rules without findings are left out).
    pub rules: BTreeMap<String, u32>,
    /// The policy the text was checked under.
    pub policy: PolicyKind,
    /// The phi-guard version that checked it.
    pub version: String,
    /// The engine's [`Engine::lexicon_fingerprint`].
    pub lexicon: String,
}

/// SHA-256 of `text` as 64 lower-case hex digits.
pub fn sha256_hex(text: &str) -> String {
    hex(&Sha256::digest(text.as_bytes()))
}

/// Bytes as lower-case hex digits.
pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

impl Engine {
    /// Checks `text` and returns the audit record of the check.
    pub fn audit(&self, text: &str) -> AuditRecord {
        let report = self.check(text);
        self.audit_record(text, &report)
    }

    /// The audit record of a check this engine made of `text`.
    pub fn audit_record(&self, text: &str, report: &Report) -> AuditRecord {
        let mut rules: BTreeMap<String, u32> = BTreeMap::new();
        for f in &report.findings {
            *rules.entry(f.rule.id().to_string()).or_default() += 1;
        }
        AuditRecord {
            sha256: sha256_hex(text),
            verdict: report.verdict,
            score: report.score,
            rules,
            policy: report.policy,
            version: env!("CARGO_PKG_VERSION").to_string(),
            lexicon: self.lexicon_fingerprint(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_digest() {
        assert_eq!(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
