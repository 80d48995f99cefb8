//! Redaction: the text with every finding replaced, for storing what patients write in.
//!
//! Four operators: a category token (`[CONDITION]`), a mask (`********`), removal, and a
//! keyed pseudonym (`[CONDITION:kzbtrqmdfwhxnvcslpgjbtrqkd]`: HMAC-SHA-256 of the category
//! and the folded term under the caller's key, so the same term gives the same token across
//! messages while the key stays secret). A token is 24 letters of a 20-letter alphabet,
//! about 104 bits, so two distinct terms share a token with a chance of about 10⁻¹³ even
//! among a billion distinct terms. Every finding is redacted whatever its severity (the
//! secure-channel policy reports clinical content as info, and it is still health
//! information); the marketing opt-out rule has nothing to redact.
//!
//! ```
//! use phi_guard::{Engine, Operator};
//!
//! let engine = Engine::default();
//! let text = "I take metformin for my diabetes";
//! assert_eq!(engine.redact(text, &Operator::Category).text, "I take [MEDICATION] for my [CONDITION]");
//! assert_eq!(engine.redact(text, &Operator::Mask).text, "I take ********* for my ********");
//!
//! let key = Operator::pseudonym(b"a secret key of 16+ bytes").unwrap();
//! let a = engine.redact("metformin twice a day", &key).text;
//! let b = engine.redact("Metformin again?", &key).text;
//! assert_eq!(a.split(' ').next(), b.split(' ').next()); // same term, same token
//! ```

use std::fmt;
use std::ops::Range;
use std::str::FromStr;

use hmac::{Hmac, KeyInit, Mac};
use serde::Serialize;
use sha2::Sha256;

use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::finding::{Category, Rule};
use crate::normalize::fold_key;
use crate::report::Report;

/// The shortest pseudonym key accepted, in bytes.
pub const MIN_KEY_LEN: usize = 16;

/// Letters of pseudonym tokens: consonants only, so a token never spells a word or a
/// number that a later check could match.
const TOKEN_ALPHABET: &[u8; 20] = b"bcdfghjklmnpqrstvwxz";
/// 24 letters of 20: 24 × log2(20) ≈ 103.7 bits, the first 128 bits of the HMAC reduced.
/// By the birthday bound, n distinct terms collide with a chance of about n² / 2^104.7:
/// 6 × 10⁻¹⁴ at a billion.
const TOKEN_LEN: usize = 24;

/// How a finding is replaced.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Operator {
    /// `[CONDITION]`, `[MEDICATION]`, … (the category in upper case).
    Category,
    /// One `*` per character.
    Mask,
    /// Nothing (and one blank less).
    Remove,
    /// `[CATEGORY:token]`, a keyed pseudonym; see [`Operator::pseudonym`].
    Pseudonym(PseudonymKey),
}

/// A secret key for pseudonyms. Its `Debug` output does not show it.
#[derive(Clone, PartialEq, Eq)]
pub struct PseudonymKey(Vec<u8>);

impl fmt::Debug for PseudonymKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PseudonymKey(..)")
    }
}

impl fmt::Debug for Operator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl PseudonymKey {
    /// A secret key of at least [`MIN_KEY_LEN`] bytes.
    pub fn new(key: impl AsRef<[u8]>) -> Result<PseudonymKey> {
        let key = key.as_ref();
        if key.len() < MIN_KEY_LEN {
            return Err(Error::input(format!("a pseudonym key needs at least {MIN_KEY_LEN} bytes")));
        }
        Ok(PseudonymKey(key.to_vec()))
    }

    /// HMAC-SHA-256 of `data` under this key as 64 lower-case hex digits: a keyed
    /// pseudonym for a value that is not a finding, such as a record's id (the same value
    /// always gives the same digest, and without the key a guess cannot be tested).
    ///
    /// ```
    /// use phi_guard::PseudonymKey;
    ///
    /// let key = PseudonymKey::new(b"a secret key of 16+ bytes").unwrap();
    /// assert_eq!(key.hash_hex(b"patient-1042"), key.hash_hex(b"patient-1042"));
    /// assert_ne!(key.hash_hex(b"patient-1042"), key.hash_hex(b"patient-1043"));
    /// assert_eq!(key.hash_hex(b"patient-1042").len(), 64);
    /// ```
    pub fn hash_hex(&self, data: &[u8]) -> String {
        crate::audit::hex(&hmac_sha256(&self.0, &[data]))
    }

    /// The key's bytes, for the other keyed hashes of the crate.
    pub(crate) fn secret(&self) -> &[u8] {
        &self.0
    }
}

/// HMAC-SHA-256 of the concatenated `parts` under `key`.
pub(crate) fn hmac_sha256(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    // HMAC takes a key of any length: this cannot fail.
    let Ok(mut mac) = <Hmac<Sha256> as KeyInit>::new_from_slice(key) else { return [0; 32] };
    for part in parts {
        mac.update(part);
    }
    mac.finalize().into_bytes().into()
}

impl Operator {
    /// A pseudonym operator with a secret key of at least [`MIN_KEY_LEN`] bytes.
    pub fn pseudonym(key: impl AsRef<[u8]>) -> Result<Operator> {
        PseudonymKey::new(key).map(Operator::Pseudonym)
    }

    /// The operator's name (`category`, `mask`, `remove`, `pseudonym`).
    pub fn name(&self) -> &'static str {
        match self {
            Operator::Category => "category",
            Operator::Mask => "mask",
            Operator::Remove => "remove",
            Operator::Pseudonym(_) => "pseudonym",
        }
    }

    fn replacement(&self, category: Category, matched: &str) -> String {
        match self {
            Operator::Category => format!("[{}]", category.as_str().to_ascii_uppercase()),
            Operator::Mask => "*".repeat(matched.chars().count()),
            Operator::Remove => String::new(),
            Operator::Pseudonym(PseudonymKey(key)) => {
                let digest = hmac_sha256(key, &[category.as_str().as_bytes(), &[0], fold_key(matched).as_bytes()]);
                let mut head = [0; 16];
                head.copy_from_slice(&digest[..16]);
                format!("[{}:{}]", category.as_str().to_ascii_uppercase(), token(u128::from_be_bytes(head)))
            }
        }
    }
}

/// `TOKEN_LEN` base-20 digits of `n`, least significant first. 20^24 ≈ 2^103.7 is far
/// below 2^128, so reducing 128 bits biases no letter measurably (under 10⁻⁷).
fn token(mut n: u128) -> String {
    let base = TOKEN_ALPHABET.len() as u128;
    let mut token = String::with_capacity(TOKEN_LEN);
    for _ in 0..TOKEN_LEN {
        token.push(TOKEN_ALPHABET[(n % base) as usize] as char);
        n /= base;
    }
    token
}

impl FromStr for Operator {
    type Err = Error;

    /// `category`, `mask` or `remove` (a pseudonym needs a key: [`Operator::pseudonym`]).
    fn from_str(s: &str) -> Result<Operator> {
        match s.trim().to_ascii_lowercase().as_str() {
            "category" => Ok(Operator::Category),
            "mask" => Ok(Operator::Mask),
            "remove" => Ok(Operator::Remove),
            "pseudonym" => Err(Error::input("the pseudonym operator needs a key")),
            _ => Err(Error::unknown_name("operator", s)),
        }
    }
}

/// One redacted span.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Redacted {
    /// Byte range of the replacement in the redacted text.
    pub span: Range<usize>,
    /// Byte range of what it replaced in the original text.
    pub original: Range<usize>,
    /// The category of the finding.
    pub category: Category,
    /// The rule of the finding.
    pub rule: Rule,
}

/// A redacted text; see [`Engine::redact`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Redaction {
    /// The text with every finding replaced.
    pub text: String,
    /// What was replaced, in text order.
    pub redacted: Vec<Redacted>,
}

impl Engine {
    /// `text` with every finding replaced by `operator`.
    pub fn redact(&self, text: &str, operator: &Operator) -> Redaction {
        let report = self.check(text);
        self.redact_report(text, &report, operator)
    }

    /// Same as [`Engine::redact`] for a text this engine already checked. Findings whose
    /// span does not fit the text are ignored, so pass the report of this very text.
    pub fn redact_report(&self, text: &str, report: &Report, operator: &Operator) -> Redaction {
        // Spans to replace: every finding with text, overlaps merged (the first keeps its
        // category).
        let mut spans: Vec<(Range<usize>, Category, Rule)> = Vec::new();
        for f in &report.findings {
            let ok = f.span.start < f.span.end
                && f.span.end <= text.len()
                && text.is_char_boundary(f.span.start)
                && text.is_char_boundary(f.span.end);
            if !ok || f.category == Category::Marketing {
                continue;
            }
            match spans.last_mut() {
                Some((last, _, _)) if f.span.start < last.end => last.end = last.end.max(f.span.end),
                _ => spans.push((f.span.clone(), f.category, f.rule)),
            }
        }
        let mut out = String::with_capacity(text.len());
        let mut redacted: Vec<Redacted> = Vec::with_capacity(spans.len());
        let mut pos = 0;
        for (span, category, rule) in spans {
            if span.start < pos {
                continue;
            }
            out.push_str(&text[pos..span.start]);
            let mut end = span.end;
            if matches!(operator, Operator::Remove) {
                // One blank less: drop the blank before when a blank or punctuation follows.
                let next = text[end..].chars().next();
                if out.ends_with(' ') && next.is_none_or(|c| c == ' ' || matches!(c, ',' | '.' | ';' | ':' | '!' | '?'))
                {
                    out.pop();
                    // Earlier removals right behind that blank now end where it was.
                    for r in redacted.iter_mut().rev().take_while(|r| r.span.end > out.len()) {
                        r.span = out.len()..out.len();
                    }
                } else if out.is_empty() && next == Some(' ') {
                    end += 1;
                }
            }
            let start = out.len();
            out.push_str(&operator.replacement(category, &text[span.clone()]));
            redacted.push(Redacted { span: start..out.len(), original: span, category, rule });
            pos = end;
        }
        out.push_str(&text[pos..]);
        Redaction { text: out, redacted }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operator_names_round_trip() {
        for name in ["category", "mask", "remove"] {
            assert_eq!(name.parse::<Operator>().unwrap().name(), name);
        }
        assert!("pseudonym".parse::<Operator>().is_err());
        assert!(Operator::pseudonym("short").is_err());
        let op = Operator::pseudonym("0123456789abcdef").unwrap();
        assert_eq!(format!("{op:?}"), "pseudonym");
    }

    #[test]
    fn pseudonyms_are_keyed_and_stable() {
        let a = Operator::pseudonym("0123456789abcdef").unwrap();
        let b = Operator::pseudonym("fedcba9876543210").unwrap();
        let ta = a.replacement(Category::Condition, "Diabetes");
        assert_eq!(ta, a.replacement(Category::Condition, "diabetes"));
        assert_ne!(ta, b.replacement(Category::Condition, "diabetes"));
        assert_ne!(ta, a.replacement(Category::Medication, "diabetes"));
        assert!(ta.starts_with("[CONDITION:") && ta.len() == "[CONDITION:]".len() + TOKEN_LEN);
    }

    #[test]
    fn pseudonym_tokens_carry_over_100_bits() {
        let bits = TOKEN_LEN as f64 * (TOKEN_ALPHABET.len() as f64).log2();
        assert!(bits >= 100.0, "{bits} bits");
        // The alphabet has no repeated letter, or the bits above would overstate it.
        let mut letters = TOKEN_ALPHABET.to_vec();
        letters.sort_unstable();
        letters.dedup();
        assert_eq!(letters.len(), TOKEN_ALPHABET.len());
        // Every position takes its letter from the hash: the largest input fills all 24
        // positions with the last letter, 0 with the first, and different inputs that
        // differ only above 2^64 give different tokens.
        assert_eq!(token(0), "b".repeat(TOKEN_LEN));
        assert_eq!(token(20u128.pow(TOKEN_LEN as u32) - 1), "z".repeat(TOKEN_LEN));
        assert_ne!(token(1 << 100), token(2 << 100));
        assert_ne!(token(1 << 70), token(0));

        let key = Operator::pseudonym("0123456789abcdef").unwrap();
        let mut seen = std::collections::HashSet::new();
        let mut counts = [0u32; 20];
        for i in 0..50_000 {
            let t = key.replacement(Category::Condition, &format!("term{i}"));
            let body = &t["[CONDITION:".len()..t.len() - 1];
            assert_eq!(body.len(), TOKEN_LEN);
            for b in body.bytes() {
                counts[TOKEN_ALPHABET.iter().position(|&c| c == b).unwrap()] += 1;
            }
            assert!(seen.insert(t), "a collision among 50,000 terms");
        }
        // Letters are drawn evenly: 60,000 expected per letter, within 3%.
        for (i, &n) in counts.iter().enumerate() {
            assert!((58_200..=61_800).contains(&n), "letter {} drawn {n} times", TOKEN_ALPHABET[i] as char);
        }
    }

    #[test]
    fn pseudonymised_text_checks_compliant() {
        let engine = Engine::default();
        let key = Operator::pseudonym("0123456789abcdef").unwrap();
        let text = "I take metformin 500mg for my diabetes and depression; my SSN is 536-22-8471, \
                    see the cardiologist after the MRI, code E11.9, balance of $1,245.60.";
        let report = engine.check(text);
        assert!(report.findings.len() >= 6, "{:?}", report.findings);
        let stored = engine.redact_report(text, &report, &key);
        assert_eq!(stored.redacted.len(), report.findings.iter().filter(|f| f.category != Category::Marketing).count());
        for r in &stored.redacted {
            assert_eq!(r.span.len(), r.category.as_str().len() + TOKEN_LEN + 3, "{}", &stored.text[r.span.clone()]);
        }
        assert!(
            engine.check(&stored.text).is_compliant(),
            "{}: {:?}",
            stored.text,
            engine.check(&stored.text).findings
        );
        // The longest category's token is still one redaction token.
        let t = key.replacement(Category::BehavioralHealth, "depression");
        assert!(engine.check(&format!("You wrote about {t} today")).is_compliant(), "{t}");
    }
}
