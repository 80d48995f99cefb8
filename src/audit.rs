//! Audit records: evidence that a text was checked, without the text.
//!
//! A record holds a hash of the text, the verdict, the score, how many findings each rule
//! made, the policy, the crate version and the engine's lexicon fingerprint — never the
//! text or a matched term. The same text, key, lexicons and policy always give the same
//! record, field for field (rule counts are sorted by rule id).
//!
//! The hash is keyed: an HMAC-SHA-256 under a secret key ([`Engine::audit_keyed`]), so a
//! record proves which text was checked to whoever holds the key, and to no one else. A
//! plain SHA-256 ([`Engine::audit`]) of a short, predictable message can be reversed by
//! guessing — "I take gabapentin" falls to a loop over the medication lexicon in a few
//! frames — so it is for tests and for logs as access-controlled as the messages.
//!
//! ```
//! use phi_guard::{Engine, PseudonymKey};
//!
//! let engine = Engine::default();
//! let key = PseudonymKey::new(b"the audit key, 16 bytes or more").unwrap();
//! let text = "Your metformin 500mg prescription is ready";
//! let record = engine.audit_keyed(text, &key);
//! assert_eq!(record.verdict.as_str(), "non_compliant");
//! assert_eq!(record.rules["phi/medication"], 1);
//! assert_eq!(record.hmac_sha256.as_deref().map(str::len), Some(64));
//! assert_eq!(record.sha256, None);
//! let json = serde_json::to_string(&record).unwrap();
//! assert!(!json.contains("metformin"));
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::engine::Engine;
use crate::policy::PolicyKind;
use crate::redact::{PseudonymKey, hmac_sha256};
use crate::report::{Report, Verdict};

/// A PHI-free record of one check; see [`Engine::audit_record`].
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AuditRecord {
    /// HMAC-SHA-256 of the text's UTF-8 bytes under the audit key, 64 lower-case hex
    /// digits (keyed records).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hmac_sha256: Option<String>,
    /// SHA-256 of the text's UTF-8 bytes, 64 lower-case hex digits (unkeyed records).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
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

/// HMAC-SHA-256 of `text` under `key` as 64 lower-case hex digits. Domain-separated from
/// [`PseudonymKey::hash_hex`], so a text and an id hashed under one key never compare equal.
pub fn hmac_sha256_hex(key: &PseudonymKey, text: &str) -> String {
    hex(&hmac_sha256(key.secret(), &[b"phi-guard audit text\0", text.as_bytes()]))
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
    /// Checks `text` and returns the audit record of the check, with the text's plain
    /// SHA-256 (see the module documentation for why [`Engine::audit_keyed`] is the one for
    /// logs).
    pub fn audit(&self, text: &str) -> AuditRecord {
        let report = self.check(text);
        self.audit_record(text, &report)
    }

    /// Checks `text` and returns the audit record of the check, with the text's
    /// HMAC-SHA-256 under `key`.
    pub fn audit_keyed(&self, text: &str, key: &PseudonymKey) -> AuditRecord {
        let report = self.check(text);
        self.audit_record_keyed(text, &report, key)
    }

    /// The audit record, with a plain SHA-256, of a check this engine made of `text`.
    pub fn audit_record(&self, text: &str, report: &Report) -> AuditRecord {
        AuditRecord { sha256: Some(sha256_hex(text)), ..self.record_without_hash(report) }
    }

    /// The audit record, with an HMAC-SHA-256 under `key`, of a check this engine made of
    /// `text`.
    pub fn audit_record_keyed(&self, text: &str, report: &Report, key: &PseudonymKey) -> AuditRecord {
        AuditRecord { hmac_sha256: Some(hmac_sha256_hex(key, text)), ..self.record_without_hash(report) }
    }

    fn record_without_hash(&self, report: &Report) -> AuditRecord {
        let mut rules: BTreeMap<String, u32> = BTreeMap::new();
        for f in &report.findings {
            *rules.entry(f.rule.id().to_string()).or_default() += 1;
        }
        AuditRecord {
            hmac_sha256: None,
            sha256: None,
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

    #[test]
    fn keyed_hash_depends_on_the_key_and_is_not_the_id_hash() {
        let a = PseudonymKey::new(b"first key, sixteen bytes").unwrap();
        let b = PseudonymKey::new(b"second key, sixteen bytes").unwrap();
        let text = "I take gabapentin";
        assert_eq!(hmac_sha256_hex(&a, text), hmac_sha256_hex(&a, text));
        assert_ne!(hmac_sha256_hex(&a, text), hmac_sha256_hex(&b, text));
        assert_ne!(hmac_sha256_hex(&a, text), sha256_hex(text));
        assert_ne!(hmac_sha256_hex(&a, text), a.hash_hex(text.as_bytes()));
        assert_eq!(hmac_sha256_hex(&a, text).len(), 64);
    }

    #[test]
    fn a_record_has_exactly_one_hash() {
        let engine = Engine::default();
        let key = PseudonymKey::new(b"an audit key of 16 bytes").unwrap();
        let keyed = engine.audit_keyed("Your flu shot is due", &key);
        let plain = engine.audit("Your flu shot is due");
        assert!(keyed.hmac_sha256.is_some() && keyed.sha256.is_none());
        assert!(plain.sha256.is_some() && plain.hmac_sha256.is_none());
        let json = serde_json::to_string(&keyed).unwrap();
        assert!(json.starts_with("{\"hmac_sha256\":") && !json.contains("\"sha256\""), "{json}");
        assert_eq!(
            AuditRecord { hmac_sha256: None, sha256: None, ..keyed.clone() },
            AuditRecord { hmac_sha256: None, sha256: None, ..plain }
        );
    }
}
