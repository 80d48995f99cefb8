//! # phi-guard
//!
//! Keeps protected health information (PHI) out of insecure patient messaging. A message
//! sent over SMS, WhatsApp, plain e-mail or push is tied to the recipient by the channel
//! itself, so *any* specific health fact in its text — a condition, a drug, a test, a
//! specialty, a result, a code, a bill — reveals that person's health information.
//!
//! phi-guard compiles clinical lexicons (five languages) into one word-level
//! Aho-Corasick automaton plus a set of pattern rules, scores a text as compliant or not,
//! and explains every finding.
//!
//! ```
//! use phi_guard::{Engine, Verdict};
//!
//! let engine = Engine::default();
//!
//! let report = engine.check("Your metformin 500mg prescription is ready");
//! assert_eq!(report.verdict, Verdict::NonCompliant);
//! let rules: Vec<&str> = report.findings.iter().map(|f| f.rule.id()).collect();
//! assert_eq!(rules, ["phi/medication", "phi/dosage"]);
//!
//! assert_eq!(engine.check("Your prescription is ready for pickup").verdict, Verdict::Compliant);
//! ```
//!
//! ## Data flow
//!
//! ```text
//! text ─▶ template (mask placeholders, check their names) ─▶ normalize (folded words + spans)
//!      ─▶ matcher (word automaton, compound heads/tails, pattern rules)
//!      ─▶ rules (context gating, result values, allow list, overlaps, policy) ─▶ Report
//! ```
//!
//! ## Policies
//!
//! The default policy, [`Policy::outbound`], treats every finding as an error. The others
//! ([`Policy::broadcast`], [`Policy::marketing`], [`Policy::secure_channel`]) are chosen
//! with [`EngineBuilder::policy`] or [`Engine::with_policy`]:
//!
//! ```
//! use phi_guard::{Engine, Policy, Verdict};
//!
//! let broadcast = Engine::default().with_policy(Policy::broadcast());
//! // General outreach about no one in particular needs a look; addressed to the reader it
//! // reveals their health.
//! assert_eq!(broadcast.check("Free diabetes screening this Saturday at the library.").verdict, Verdict::Review);
//! assert_eq!(broadcast.check("Your diabetes screening is on Saturday.").verdict, Verdict::NonCompliant);
//! assert_eq!(broadcast.check("Flu season is here: flu shots every Saturday.").verdict, Verdict::Compliant);
//! ```

#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![deny(rustdoc::broken_intra_doc_links)]

pub mod audit;
mod engine;
mod error;
mod finding;
mod lang;
pub mod lexicon;
mod matcher;
mod normalize;
mod policy;
pub mod redact;
mod report;
pub mod rewrite;
mod rules;
pub mod template;
pub mod triage;

pub use audit::AuditRecord;
pub use engine::{Engine, EngineBuilder, EngineStats, Scratch};
pub use error::{Error, ErrorKind, Result};
pub use finding::{Category, Finding, Rule, Severity};
pub use lang::Lang;
pub use lexicon::Lexicon;
pub use policy::{Policy, PolicyKind};
pub use redact::{Operator, PseudonymKey, Redacted, Redaction};
pub use report::{Report, Verdict, risk_score};
pub use rewrite::{Action, Edit, Rewrite, RewriteLevel};
pub use rules::{RuleDoc, docs as rule_docs};
pub use triage::Triage;

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
