//! Redaction: the text with every finding replaced, for storing what patients write in.
//!
//! Four operators: a category token (`[CONDITION]`), a mask (`********`), removal, and a
//! keyed pseudonym (`[CONDITION:kzbtrqmdfw]`: HMAC-SHA-256 of the category and the folded
//! term under the caller's key, so the same term gives the same token across messages
//! while the key stays secret). Every finding is redacted whatever its severity (the
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
const TOKEN_LEN: usize = 10;

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

impl Operator {
    /// A pseudonym operator with a secret key of at least [`MIN_KEY_LEN`] bytes.
    pub fn pseudonym(key: impl AsRef<[u8]>) -> Result<Operator> {
        let key = key.as_ref();
        if key.len() < MIN_KEY_LEN {
            return Err(Error::input(format!("a pseudonym key needs at least {MIN_KEY_LEN} bytes")));
        }
        Ok(Operator::Pseudonym(PseudonymKey(key.to_vec())))
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
                // A key of any length is valid for HMAC; the constructor enforces the minimum.
                let Ok(mut mac) = <Hmac<Sha256> as KeyInit>::new_from_slice(key) else {
                    return format!("[{}]", category.as_str().to_ascii_uppercase());
                };
                mac.update(category.as_str().as_bytes());
                mac.update(&[0]);
                mac.update(fold_key(matched).as_bytes());
                let digest = mac.finalize().into_bytes();
                let mut n = u64::from_be_bytes(digest[..8].try_into().unwrap_or([0; 8]));
                let mut token = String::with_capacity(TOKEN_LEN);
                for _ in 0..TOKEN_LEN {
                    token.push(TOKEN_ALPHABET[(n % 20) as usize] as char);
                    n /= 20;
                }
                format!("[{}:{token}]", category.as_str().to_ascii_uppercase())
            }
        }
    }
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
}
