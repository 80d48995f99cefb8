//! Neutral rewrites: a compliant version of a text, with the list of edits that made it.
//!
//! Per finding the rewrite takes the mildest action that removes the health information,
//! using the structure of the sentence and the phrases of the message's language
//! (`lexicons/<lang>/rewrite.tsv`):
//!
//! 1. a clinical word before a generic noun is dropped ("your **diabetes** checkup" →
//!    "your appointment": `checkup` is also renamed, as the data says);
//! 2. a term that ends in a generic noun keeps only that noun ("Kardiologie**termin**" →
//!    "Termin", "HIV **test**" → "test"); a facility becomes "the clinic", a specialist
//!    "your provider";
//! 3. a term after a generic noun or a preposition goes with what only it governed
//!    ("appointment **with ECG**", "session **for depression**");
//! 4. otherwise the term becomes a neutral noun phrase of its kind ("your **colonoscopy**" →
//!    "your appointment", "**metformin**" → "your medication");
//! 5. a sentence that still carries clinical content — a result, a value, a treatment
//!    recommendation, a diagnosis, a bill, a clinical instruction — becomes a pointer to the
//!    secure channel ("Your results are available. Log in to your patient portal to view
//!    them.").
//!
//! Spacing, punctuation, `a`/`an` and capitals are then tidied. The result is checked again
//! with the same engine and policy: a sentence that still has a finding becomes a pointer,
//! and if that is not enough the whole message does. A rewrite that is not compliant is
//! never returned.
//!
//! ```
//! use phi_guard::Engine;
//!
//! let engine = Engine::default();
//! let rw = engine.rewrite("Reminder: Your diabetes checkup is tomorrow at 2 PM");
//! assert_eq!(rw.text, "Reminder: Your appointment is tomorrow at 2 PM");
//! assert!(engine.check(&rw.text).is_compliant());
//! assert_eq!(rw.edits[0].rule.map(|r| r.id()), Some("phi/condition"));
//!
//! // A compliant text comes back unchanged.
//! let rw = engine.rewrite("Your prescription is ready for pickup");
//! assert!(rw.edits.is_empty());
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use serde::Serialize;

use crate::engine::Engine;
use crate::finding::{Category, Finding, Rule, Severity};
use crate::lang::Lang;
use crate::report::{Report, Verdict};

mod analysis;
pub(crate) mod phrasebook;
mod plan;
mod render;

use analysis::Analysis;
use phrasebook::{Phrasebook, PointerKind};

/// What an edit did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Action {
    /// Removed a term with what only it governed.
    Drop,
    /// Replaced a term with a generic noun.
    Replace,
    /// Replaced a sentence (or the clauses of it that carried health information) with a
    /// neutral pointer to the secure channel.
    Sentence,
    /// Replaced the whole message with a neutral pointer.
    Message,
    /// Appended text (the opt-out line a marketing message needs).
    Append,
    /// Spacing, punctuation, article or capitalisation around another edit.
    Tidy,
}

impl Action {
    /// The snake_case name used in JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Drop => "drop",
            Action::Replace => "replace",
            Action::Sentence => "sentence",
            Action::Message => "message",
            Action::Append => "append",
            Action::Tidy => "tidy",
        }
    }
}

/// One change from the original text to the rewrite.
///
/// Edits are in text order and do not overlap; replacing each `span` of the original by
/// `new` gives [`Rewrite::text`]. `old` is a copy of the original text (health information:
/// handle it like the message itself).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Edit {
    /// Byte range in the original text.
    pub span: Range<usize>,
    /// The original text of the span.
    pub old: String,
    /// What replaces it (empty for a removal).
    pub new: String,
    /// The rule whose finding caused the edit (none for pure tidying).
    pub rule: Option<Rule>,
    /// What the edit did.
    pub action: Action,
}

/// How far a rewrite had to go.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RewriteLevel {
    /// The text was already compliant.
    Unchanged,
    /// Terms were dropped or replaced; every sentence kept its own wording otherwise.
    Terms,
    /// At least one sentence became a neutral pointer.
    Sentences,
    /// The whole message became a neutral pointer.
    Message,
    /// No compliant text could be made (only possible with custom lexicons that flag the
    /// neutral phrases themselves): `text` is empty, do not send anything.
    Withheld,
}

impl RewriteLevel {
    /// The snake_case name used in JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            RewriteLevel::Unchanged => "unchanged",
            RewriteLevel::Terms => "terms",
            RewriteLevel::Sentences => "sentences",
            RewriteLevel::Message => "message",
            RewriteLevel::Withheld => "withheld",
        }
    }
}

/// A compliant version of a text; see [`Engine::rewrite`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Rewrite {
    /// The rewritten text. It checks [`Verdict::Compliant`] under the engine's policy
    /// (except at [`RewriteLevel::Withheld`], where it is empty).
    pub text: String,
    /// The edits, in text order.
    pub edits: Vec<Edit>,
    /// The language whose phrases were used.
    pub lang: Lang,
    /// How far the rewrite had to go.
    pub level: RewriteLevel,
}

impl Rewrite {
    /// True when the text had to change.
    pub fn is_changed(&self) -> bool {
        self.level != RewriteLevel::Unchanged
    }

    fn unchanged(text: &str, lang: Lang) -> Rewrite {
        Rewrite { text: text.to_string(), edits: Vec::new(), lang, level: RewriteLevel::Unchanged }
    }
}

/// A change the plan makes, in original byte offsets.
#[derive(Clone, Debug)]
pub(crate) struct Op {
    pub range: Range<usize>,
    pub new: String,
    pub rule: Option<Rule>,
    pub action: Action,
}

/// `items.partition_point(pred)`. The lookups that a rewrite makes per finding, sentence
/// or edit go through here and [`probe`], so that a test can count what they examine:
/// a few elements each, never all of them, keeps the rewrite linear in the text.
pub(crate) fn search<T>(items: &[T], mut pred: impl FnMut(&T) -> bool) -> usize {
    items.partition_point(|x| {
        probe();
        pred(x)
    })
}

/// Counts one element examined by a lookup (in tests; nothing otherwise).
#[inline]
pub(crate) fn probe() {
    #[cfg(test)]
    tests::PROBES.with(|p| p.set(p.get() + 1));
}

/// The findings a rewrite must remove: those that keep the verdict from `Compliant`.
fn must_go(f: &Finding) -> bool {
    f.severity >= Severity::Warning
}

impl Engine {
    /// A compliant version of `text` under this engine's policy, with the edits that made
    /// it. A compliant text comes back unchanged; rewriting a rewrite changes nothing.
    ///
    /// ```
    /// use phi_guard::{Engine, RewriteLevel};
    ///
    /// let engine = Engine::default();
    /// let rw = engine.rewrite("Your metformin 500mg prescription is ready");
    /// assert_eq!(rw.text, "Your prescription is ready");
    ///
    /// let rw = engine.rewrite("Your cholesterol is 220 mg/dL. Please call us to discuss.");
    /// assert_eq!(
    ///     rw.text,
    ///     "Your results are available. Log in to your patient portal to view them. Please call us to discuss."
    /// );
    /// assert_eq!(rw.level, RewriteLevel::Sentences);
    /// ```
    pub fn rewrite(&self, text: &str) -> Rewrite {
        let report = self.check(text);
        self.rewrite_report(text, &report)
    }

    /// Same as [`Engine::rewrite`], for a text that was already checked with this engine
    /// (saves one check). A report that does not fit the text is recomputed.
    pub fn rewrite_report(&self, text: &str, report: &Report) -> Rewrite {
        let fits = report.findings.iter().all(|f| {
            f.span.start <= f.span.end
                && f.span.end <= text.len()
                && text.is_char_boundary(f.span.start)
                && text.is_char_boundary(f.span.end)
        }) && report.policy == self.policy().kind();
        if !fits {
            return self.rewrite(text);
        }
        let langs: Vec<Lang> = report.findings.iter().filter_map(|f| f.lang).collect();
        let lang = phrasebook::detect(self, text, &langs);
        if report.verdict == Verdict::Compliant {
            return Rewrite::unchanged(text, lang);
        }
        let book = self.phrasebook(lang);
        let analysis = Analysis::new(text, book);
        let findings: Vec<&Finding> = report.findings.iter().filter(|f| must_go(f)).collect();

        // Pass 1 rewrites terms and the sentences that need a pointer; each further pass
        // turns the sentences that still have a finding into pointers.
        let mut forced: BTreeMap<u32, BTreeSet<usize>> = BTreeMap::new();
        for _ in 0..4 {
            let ops = plan::plan(&analysis, book, &findings, &forced);
            let out = render::render(text, &ops, book);
            let check = self.check(&out.text);
            if check.verdict == Verdict::Compliant {
                let level = if ops.iter().any(|o| o.action == Action::Sentence) {
                    RewriteLevel::Sentences
                } else {
                    RewriteLevel::Terms
                };
                return Rewrite { text: out.text, edits: out.edits, lang, level };
            }
            let mut progress = false;
            for f in check.findings.iter().filter(|f| must_go(f)) {
                if f.rule == Rule::OptOutMissing {
                    continue;
                }
                let pos = out.origin(f.span.start);
                let Some(s) = analysis.sentence_at(pos) else { continue };
                if forced.entry(s).or_default().insert(pos) {
                    progress = true;
                }
            }
            if !progress {
                break;
            }
        }
        self.message_fallback(text, &analysis, &findings, book, report)
    }

    /// The whole message as one pointer (keeping what must survive), then the English
    /// pointer, then nothing.
    fn message_fallback(
        &self,
        text: &str,
        analysis: &Analysis<'_>,
        findings: &[&Finding],
        book: &Phrasebook,
        report: &Report,
    ) -> Rewrite {
        let kind = pointer_for(findings.iter().map(|f| f.category));
        let needs_opt_out = findings.iter().any(|f| f.rule == Rule::OptOutMissing);
        let keep = plan::kept_items(analysis, &plan::Spans::new(findings), 0..text.len());
        let mut candidates = vec![(book.lang, plan::with_items(book.pointer(kind), &keep))];
        let en = Phrasebook::builtin(Lang::En);
        candidates.push((Lang::En, plan::with_items(en.pointer(PointerKind::Message), &keep)));
        candidates.push((Lang::En, en.pointer(PointerKind::Message).to_string()));
        for (lang, mut candidate) in candidates {
            if needs_opt_out {
                let line = if lang == book.lang { book.phrase("opt-out-line") } else { en.phrase("opt-out-line") };
                candidate = format!("{candidate} {line}");
            }
            if self.check(&candidate).verdict == Verdict::Compliant {
                let rule = report.findings.iter().find(|f| must_go(f)).map(|f| f.rule);
                let edits = vec![Edit {
                    span: 0..text.len(),
                    old: text.to_string(),
                    new: candidate.clone(),
                    rule,
                    action: Action::Message,
                }];
                return Rewrite { text: candidate, edits, lang, level: RewriteLevel::Message };
            }
        }
        Rewrite {
            text: String::new(),
            edits: vec![Edit {
                span: 0..text.len(),
                old: text.to_string(),
                new: String::new(),
                rule: None,
                action: Action::Message,
            }],
            lang: book.lang,
            level: RewriteLevel::Withheld,
        }
    }

    /// The language of a text, among the engine's languages: function words of each
    /// language (`function-word` phrases) and the languages of the lexicon terms found.
    /// English when nothing tells.
    ///
    /// ```
    /// use phi_guard::{Engine, Lang};
    ///
    /// let engine = Engine::default();
    /// assert_eq!(engine.detect_language("Buongiorno, vorrei spostare la visita di domani"), Lang::It);
    /// assert_eq!(engine.detect_language("Ich habe morgen einen Termin"), Lang::De);
    /// ```
    pub fn detect_language(&self, text: &str) -> Lang {
        let report = self.check(text);
        let langs: Vec<Lang> = report.findings.iter().filter_map(|f| f.lang).collect();
        phrasebook::detect(self, text, &langs)
    }
}

/// The pointer that fits a set of categories best.
pub(crate) fn pointer_for(categories: impl Iterator<Item = Category>) -> PointerKind {
    let mut kind = None;
    for c in categories {
        let k = match c {
            Category::ResultValue => PointerKind::Results,
            Category::DiagnosisCode => PointerKind::Record,
            Category::Billing => PointerKind::Billing,
            _ => PointerKind::Message,
        };
        kind = Some(match kind {
            None => k,
            Some(prev) => pointer_rank(prev, k),
        });
    }
    kind.unwrap_or(PointerKind::Message)
}

/// Results beat record, record beats message, message beats billing and instructions.
fn pointer_rank(a: PointerKind, b: PointerKind) -> PointerKind {
    a.max(b)
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use crate::engine::Engine;

    thread_local! {
        pub(super) static PROBES: Cell<u64> = const { Cell::new(0) };
    }

    /// The elements the lookups of one rewrite examine.
    fn probes(engine: &Engine, text: &str) -> u64 {
        PROBES.with(|p| p.set(0));
        let rw = engine.rewrite(text);
        assert!(engine.check(&rw.text).is_compliant());
        PROBES.with(Cell::get)
    }

    /// Per finding, sentence and edit the lookups examine a few elements, not all: sixteen
    /// times the text costs about sixteen times the probes (a scan per item would cost 256
    /// times as many).
    #[test]
    fn lookups_scale_with_the_text() {
        let engine = Engine::default();
        let units = [
            "Your diabetes checkup is tomorrow. Take metformin 500mg. ",
            "Your metformin 500mg refill is ready. Your A1C of 8.2 is high. ",
            "diabetes ",
            "{{diagnosis}} ",
            "Hi {{1}}, see Dr. Smith on June 3 at 2:30 PM about your colonoscopy, call 414-209-8830. ",
            "Morgen um 10:30 Uhr Kardiologietermin mit EKG. ",
            "You have a HIV test , . a MRI ( ) with ECG; ",
        ];
        for unit in units {
            let small = unit.repeat(4096 / unit.len());
            let large = unit.repeat(16 * (4096 / unit.len()));
            let (p_small, p_large) = (probes(&engine, &small), probes(&engine, &large));
            assert!(p_small > 0, "{unit:?}");
            assert!(p_large <= 2 * 16 * p_small, "{unit:?}: {p_small} probes at 4 KiB, {p_large} at 64 KiB");
        }
    }
}
