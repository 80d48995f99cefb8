//! Inbound triage: what to do with a message a patient sent to a chatbot or a shared
//! inbox.
//!
//! [`Engine::triage`] says whether the message holds health information and of which
//! kinds, whether a person should take over (urgent wording, mental health or substance
//! use, identifiers, result values, doses), and gives a neutral reply in the patient's
//! language that moves the conversation to the secure channel. The reply is a fixed phrase
//! from `lexicons/<lang>/rewrite.tsv` (`triage:*`): it never repeats anything the patient
//! wrote.
//!
//! ```
//! use phi_guard::{Category, Engine, Lang};
//!
//! let engine = Engine::default();
//! let t = engine.triage("Hi, my metformin makes me dizzy, should I stop taking it?");
//! assert!(t.health_information);
//! assert_eq!(t.categories, [Category::Medication]);
//! assert!(t.reply.unwrap().contains("patient portal"));
//!
//! let t = engine.triage("Buongiorno, posso spostare l'appuntamento a giovedì?");
//! assert!(!t.health_information);
//! assert_eq!(t.lang, Lang::It);
//! assert_eq!(t.reply, None);
//! ```

use serde::Serialize;

use crate::engine::Engine;
use crate::finding::Category;
use crate::lang::Lang;
use crate::report::Report;
use crate::rewrite::phrasebook::{self, Phrasebook};

/// The outcome of [`Engine::triage`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Triage {
    /// The message holds health information (any finding, whatever its severity).
    pub health_information: bool,
    /// The categories found, in [`Category::ALL`] order.
    pub categories: Vec<Category>,
    /// The message reads as an emergency ("chest pain", "overdose", "suicidal", …).
    pub urgent: bool,
    /// A person should take over: urgent, mental health or substance use, identifiers,
    /// result values or doses.
    pub escalate: bool,
    /// The language the patient wrote in (of the engine's languages).
    pub lang: Lang,
    /// What the bot should answer: `None` when the message holds no health information and
    /// is not urgent (the conversation can go on), else a neutral reply that points to the
    /// secure channel.
    pub reply: Option<String>,
    /// The check the triage is based on (spans into the message; use it with
    /// [`Engine::redact_report`] to store the message redacted).
    #[serde(skip)]
    pub report: Report,
}

impl Engine {
    /// Triage of an inbound message; see the [module docs](crate::triage).
    pub fn triage(&self, text: &str) -> Triage {
        let report = self.check(text);
        let langs: Vec<Lang> = report.findings.iter().filter_map(|f| f.lang).collect();
        let lang = phrasebook::detect(self, text, &langs);
        let book = self.phrasebook(lang);
        let mut categories: Vec<Category> =
            report.findings.iter().map(|f| f.category).filter(|c| *c != Category::Marketing).collect();
        categories.sort();
        categories.dedup();
        let health_information = !categories.is_empty();
        let urgent = is_urgent(self, text, book);
        let escalate = urgent
            || categories.iter().any(|c| {
                matches!(
                    c,
                    Category::BehavioralHealth | Category::Identifier | Category::ResultValue | Category::Dosage
                )
            });
        let reply = if urgent {
            Some(format!("{} {}", book.phrase("triage:urgent"), book.phrase("triage:escalate")))
        } else if escalate {
            Some(book.phrase("triage:escalate").to_string())
        } else if health_information {
            Some(book.phrase("triage:reply").to_string())
        } else {
            None
        };
        Triage { health_information, categories, urgent, escalate, lang, reply, report }
    }
}

/// Urgent wording in the message's language or in English.
fn is_urgent(engine: &Engine, text: &str, book: &Phrasebook) -> bool {
    let mut tokens = crate::normalize::Tokens::default();
    tokens.fill(text);
    let n = tokens.tokens.len();
    let words = |i: usize| if i < n { Some(tokens.word(i)) } else { None };
    let en;
    let mut lists = vec![book.list("urgent")];
    if book.lang != Lang::En {
        en = engine.phrasebook(Lang::En);
        lists.push(en.list("urgent"));
    }
    (0..n).any(|i| lists.iter().any(|l| l.match_at(|k| words(i + k)).is_some()))
}
