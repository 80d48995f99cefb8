//! The compiled lexicon: one word automaton for every category and language, the compound
//! head/tail automata, and the pattern rules. It yields raw candidates; `rules` decides
//! which become findings.

use std::sync::Arc;

use std::collections::hash_map::Entry;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::error::Result;
use crate::finding::Category;
use crate::lang::Lang;
use crate::lexicon::{Flags, Kind, Lexicon};
use crate::normalize::{Tokens, fold_key_with};

mod compound;
pub(crate) mod patterns;
mod vocab;
mod words;

pub(crate) use patterns::{PatternMatch, Patterns};

use compound::CompoundMatcher;
use words::{WordAutomaton, WordAutomatonBuilder};

/// What a word-automaton pattern stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Role {
    /// A clinical term: a finding candidate.
    Clinical(Category),
    /// A clinical-context cue for ambiguous terms.
    Context,
    /// A phrase from the caller's allow list.
    Allow,
    /// "your", "Ihr", "votre"…: the sentence is addressed to the recipient.
    SecondPerson,
    /// "Reply STOP", "unsubscribe"…
    OptOut,
    /// A word that may stand between a test name and its value ("of", "is").
    ResultConnector,
    /// A word that makes a template placeholder clinical (`diagnosis`, `dx`, `ssn`).
    PlaceholderName,
}

/// Everything known about one pattern of the word automaton.
#[derive(Clone, Debug)]
pub(crate) struct TermInfo {
    pub role: Role,
    pub lang: Lang,
    pub flags: Flags,
    pub term: Arc<str>,
    pub concept: Option<Arc<str>>,
    /// For case-sensitive terms: the original words, compared with the text's words.
    pub exact_words: Option<Box<[Box<str>]>>,
}

/// A word-automaton match: pattern id and inclusive token range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Candidate {
    pub pattern: u32,
    pub first: usize,
    pub last: usize,
    /// Matched as the head or tail of a longer compound word.
    pub compound: bool,
}

/// Reusable buffers for [`Matcher::candidates`].
#[derive(Debug, Default)]
pub(crate) struct MatchScratch {
    /// Vocabulary id of each token ([`words::NO_WORD`] for words no term uses).
    ids: Vec<u32>,
    /// A word reversed, for the compound tails.
    rev: Vec<u8>,
}

/// The compiled matcher.
#[derive(Debug)]
pub(crate) struct Matcher {
    words: WordAutomaton,
    compounds: CompoundMatcher,
    pub patterns: Patterns,
    pub terms: Vec<TermInfo>,
}

impl Matcher {
    /// Compiles `lexicon` plus the caller's allow list.
    pub fn new<'l>(lexicon: &'l Lexicon, allow: &'l [String], icd10_codes: Option<&str>) -> Result<Matcher> {
        let mut buf = Tokens::default();
        let mut safe: FxHashSet<String> = FxHashSet::default();
        for e in lexicon.entries().iter().filter(|e| e.kind == Kind::Safe) {
            safe.insert(fold_key_with(&e.term, &mut buf));
        }

        // One pattern per distinct (words, role, exact spelling); an entry that is
        // ambiguous in any language stays ambiguous, since every language is matched.
        let mut index: FxHashMap<(String, Role, Option<&str>), usize> = FxHashMap::default();
        let mut keys: Vec<String> = Vec::new();
        let mut terms: Vec<TermInfo> = Vec::new();
        let mut add = |key: String, role: Role, lang: Lang, flags: Flags, term: &'l str, concept: Option<&str>| {
            if key.is_empty() {
                return;
            }
            match index.entry((key, role, flags.cs.then_some(term))) {
                Entry::Occupied(o) => {
                    let t = &mut terms[*o.get()].flags;
                    t.ctx |= flags.ctx;
                    t.head |= flags.head;
                    t.tail |= flags.tail;
                }
                Entry::Vacant(v) => {
                    keys.push(v.key().0.clone());
                    v.insert(terms.len());
                    terms.push(TermInfo {
                        role,
                        lang,
                        flags,
                        term: Arc::from(term),
                        concept: concept.map(Arc::from),
                        exact_words: flags.cs.then(|| original_words(term)),
                    });
                }
            }
        };

        for e in lexicon.entries() {
            let role = match e.kind {
                Kind::Terms(category) => Role::Clinical(category),
                Kind::Context => Role::Context,
                Kind::Safe => continue,
                Kind::Phrases => match e.concept.as_deref() {
                    Some("second-person") => Role::SecondPerson,
                    Some("opt-out") => Role::OptOut,
                    Some("result-connector") => Role::ResultConnector,
                    Some("clinical-placeholder") => Role::PlaceholderName,
                    _ => continue,
                },
            };
            let key = fold_key_with(&e.term, &mut buf);
            if matches!(role, Role::Clinical(_)) && safe.contains(&key) {
                continue;
            }
            let concept = e.concept.as_deref().filter(|_| e.kind != Kind::Phrases);
            add(key, role, e.lang, e.flags, &e.term, concept);
        }
        for phrase in allow {
            add(fold_key_with(phrase, &mut buf), Role::Allow, Lang::En, Flags::default(), phrase, None);
        }

        // The strictest reading wins: a word that some language lists as a case-sensitive
        // abbreviation ("ALS", "TOC") is ambiguous in any other spelling.
        let cs_keys: FxHashSet<(&str, Role)> =
            keys.iter().zip(&terms).filter(|(_, t)| t.flags.cs).map(|(k, t)| (k.as_str(), t.role)).collect();
        for (key, t) in keys.iter().zip(terms.iter_mut()) {
            if !t.flags.cs && cs_keys.contains(&(key.as_str(), t.role)) {
                t.flags.ctx = true;
            }
        }

        let mut builder = WordAutomatonBuilder::default();
        let (mut heads, mut tails) = (Vec::new(), Vec::new());
        for (id, (key, info)) in keys.iter().zip(&terms).enumerate() {
            let pid = builder.add(key.split(' '));
            debug_assert_eq!(pid as usize, id);
            let single = !key.contains(' ');
            if single && matches!(info.role, Role::Clinical(_)) {
                if info.flags.head {
                    heads.push((key.clone(), pid));
                }
                if info.flags.tail {
                    tails.push((key.clone(), pid));
                }
            }
        }
        let words = builder.build();
        let mut compounds = CompoundMatcher::new(heads, tails)?;
        compounds.learn(words.vocabulary());
        Ok(Matcher { words, compounds, patterns: Patterns::new(icd10_codes)?, terms })
    }

    /// Number of patterns, distinct words and automaton states.
    pub fn sizes(&self) -> (usize, usize, usize) {
        let (words, states) = self.words.sizes();
        (self.terms.len(), words, states)
    }

    /// Appends every word-automaton and compound match in `tokens` of the original
    /// `text` to `out`, after the case-sensitivity test.
    pub fn candidates(&self, text: &str, tokens: &Tokens, scratch: &mut MatchScratch, out: &mut Vec<Candidate>) {
        self.words.find(tokens, &mut scratch.ids, |pattern, first, last| {
            if self.exact_ok(pattern, text, tokens, first) {
                out.push(Candidate { pattern, first, last, compound: false });
            }
        });
        if !self.compounds.is_empty() {
            for (i, &id) in scratch.ids.iter().enumerate() {
                let emit = |pattern| out.push(Candidate { pattern, first: i, last: i, compound: true });
                // Words of the vocabulary were looked at when the matcher was built.
                if id == words::NO_WORD {
                    self.compounds.find(tokens.word_bytes(i), &mut scratch.rev, emit);
                } else {
                    self.compounds.find_known(id, emit);
                }
            }
        }
    }

    #[inline]
    fn exact_ok(&self, pattern: u32, text: &str, tokens: &Tokens, first: usize) -> bool {
        let Some(words) = &self.terms[pattern as usize].exact_words else { return true };
        words.iter().enumerate().all(|(k, w)| {
            let t = &tokens.tokens[first + k];
            text.get(t.start..t.end) == Some(&**w)
        })
    }
}

/// The words of a term as written (for case-sensitive comparison), split like the text.
fn original_words(term: &str) -> Box<[Box<str>]> {
    let mut t = Tokens::default();
    t.fill(term);
    t.tokens.iter().map(|k| Box::from(&term[k.start..k.end])).collect()
}
