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
mod shape;
mod vocab;
mod words;

pub(crate) use patterns::{PatternMatch, Patterns};
pub(crate) use words::NO_WORD;

use compound::CompoundMatcher;
use shape::ShapeMatcher;
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
    /// What a result is said of: "results", *esiti*, *Befunde*.
    ResultSubject,
    /// A reading of a result: "normal", "negative", *nella norma*, *unauffällig*.
    ResultReading,
    /// A part of the body or organ system, the complement of an `anatomy` head.
    Anatomy,
    /// What names the reason for a visit right after it ("appointment for", *Termin
    /// wegen*, *cita para*): an ambiguous term there is clinical.
    VisitPurpose,
    /// A kind of visit a term can name before it ("appointment", "session"): "your
    /// therapy session", "your infusion appointment".
    VisitNoun,
}

/// Everything known about one pattern of the word automaton.
#[derive(Clone, Debug)]
pub(crate) struct TermInfo {
    pub role: Role,
    /// The language of the first entry of the term.
    pub lang: Lang,
    /// Every language that lists the term, as [`lang_bit`]s.
    pub langs: u8,
    /// The languages that list it without `ctx`: in a message of one of them it needs no
    /// context, whatever another language says of the same spelling.
    pub plain_langs: u8,
    pub flags: Flags,
    pub term: Arc<str>,
    pub concept: Option<Arc<str>>,
    /// For case-sensitive terms: the original words, compared with the text's words.
    pub exact_words: Option<Box<[Box<str>]>>,
}

/// How a candidate was found, from the most to the least certain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Layer {
    /// The words of a term (or their inflected forms).
    Exact,
    /// A term as the head or tail of a longer compound word.
    Compound,
    /// A word in no lexicon that ends in a clinical suffix or drug stem.
    Shape,
}

/// A word-automaton match: pattern id and inclusive token range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Candidate {
    pub pattern: u32,
    pub first: usize,
    pub last: usize,
    pub layer: Layer,
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
    shapes: ShapeMatcher,
    /// Per word id: the languages (bit `1 << index in Lang::ALL`) it is a function word of.
    function: Vec<u8>,
    pub patterns: Patterns,
    pub terms: Vec<TermInfo>,
    /// Compound tails that need a body part before them (`Zentrum` in *Herzzentrum*): the
    /// folded length of each, by pattern.
    anatomy_tails: FxHashMap<u32, usize>,
    /// Folded body-part words that may start such a compound, with the linking endings
    /// German puts between the parts (*Niere* → *Nieren-*, *Hüfte* → *Hüft-*).
    anatomy_stems: FxHashSet<Box<[u8]>>,
}

/// What makes a pattern distinct: its folded words, role, exact spelling (case-sensitive
/// terms) and, for composed heads, language.
type PatternKey<'a> = (String, Role, Option<&'a str>, Option<Lang>);

/// The bit of a language in [`Matcher::function_langs`] masks.
pub(crate) fn lang_bit(lang: Lang) -> u8 {
    1 << Lang::ALL.iter().position(|&l| l == lang).unwrap_or(0)
}

/// German spelling without umlauts (`Störung` → `Stoerung`), as people type it on a
/// keyboard without them; `None` when the term has none.
fn transliterate_umlauts(term: &str) -> Option<String> {
    if !term.contains(['ä', 'ö', 'ü', 'Ä', 'Ö', 'Ü']) {
        return None;
    }
    let mut out = String::with_capacity(term.len() + 4);
    for c in term.chars() {
        match c {
            'ä' | 'Ä' => out.push_str("ae"),
            'ö' | 'Ö' => out.push_str("oe"),
            'ü' | 'Ü' => out.push_str("ue"),
            c => out.push(c),
        }
    }
    Some(out)
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
        // Composed heads ("disorder" needing a word before it, French "trouble" one after
        // it) stay apart per language: each language composes its own way.
        let mut index: FxHashMap<PatternKey<'_>, usize> = FxHashMap::default();
        let mut keys: Vec<String> = Vec::new();
        let mut terms: Vec<TermInfo> = Vec::new();
        let mut add = |key: String, role: Role, lang: Lang, flags: Flags, term: &'l str, concept: Option<&str>| {
            if key.is_empty() {
                return;
            }
            let composed = (flags.needs_before || flags.needs_after).then_some(lang);
            match index.entry((key, role, flags.cs.then_some(term), composed)) {
                Entry::Occupied(o) => {
                    terms[*o.get()].langs |= lang_bit(lang);
                    if !flags.ctx {
                        terms[*o.get()].plain_langs |= lang_bit(lang);
                    }
                    let t = &mut terms[*o.get()].flags;
                    t.ctx |= flags.ctx;
                    t.head |= flags.head;
                    t.tail |= flags.tail;
                    t.needs_before |= flags.needs_before;
                    t.needs_after |= flags.needs_after;
                    t.anatomy |= flags.anatomy;
                    // A term listed at the higher tier anywhere keeps the higher tier.
                    t.low &= flags.low;
                }
                Entry::Vacant(v) => {
                    keys.push(v.key().0.clone());
                    v.insert(terms.len());
                    terms.push(TermInfo {
                        role,
                        lang,
                        langs: lang_bit(lang),
                        plain_langs: if flags.ctx { 0 } else { lang_bit(lang) },
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
                Kind::Anatomy => Role::Anatomy,
                Kind::Safe | Kind::Shape(_) | Kind::Ordinary | Kind::Function | Kind::Inflection => continue,
                Kind::Phrases => match e.concept.as_deref() {
                    Some("second-person") => Role::SecondPerson,
                    Some("opt-out") => Role::OptOut,
                    Some("result-connector") => Role::ResultConnector,
                    Some("clinical-placeholder") => Role::PlaceholderName,
                    Some("result-subject") => Role::ResultSubject,
                    Some("result-reading") => Role::ResultReading,
                    Some("visit-purpose") => Role::VisitPurpose,
                    Some("visit-noun") => Role::VisitNoun,
                    _ => continue,
                },
            };
            let key = fold_key_with(&e.term, &mut buf);
            // A head that needs a body part never matches alone, so a safe word may be one
            // ("clinic" in "kidney clinic").
            if matches!(role, Role::Clinical(_)) && !e.flags.anatomy && safe.contains(&key) {
                continue;
            }
            let concept = e.concept.as_deref().filter(|_| e.kind != Kind::Phrases);
            add(key, role, e.lang, e.flags, &e.term, concept);
        }
        for phrase in allow {
            add(fold_key_with(phrase, &mut buf), Role::Allow, Lang::En, Flags::default(), phrase, None);
        }
        // A safe phrase is safe as a whole: "punto prelievi" is a place, whatever "prelievi"
        // alone would be.
        for e in lexicon.entries().iter().filter(|e| e.kind == Kind::Safe) {
            let key = fold_key_with(&e.term, &mut buf);
            if key.contains(' ') {
                add(key, Role::Allow, e.lang, Flags::default(), &e.term, None);
            }
        }

        // The strictest reading wins: a word that some language lists as a case-sensitive
        // abbreviation ("ALS", "TOC") is ambiguous in any other spelling.
        let cs_keys: FxHashSet<(&str, Role)> =
            keys.iter().zip(&terms).filter(|(_, t)| t.flags.cs).map(|(k, t)| (k.as_str(), t.role)).collect();
        for (key, t) in keys.iter().zip(terms.iter_mut()) {
            if !t.flags.cs && cs_keys.contains(&(key.as_str(), t.role)) {
                t.flags.ctx = true;
                t.plain_langs = 0;
            }
        }

        let mut builder = WordAutomatonBuilder::default();
        let (mut heads, mut tails) = (Vec::new(), Vec::new());
        let mut anatomy_tails: FxHashMap<u32, usize> = FxHashMap::default();
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
                    if info.flags.anatomy {
                        anatomy_tails.insert(pid, key.len());
                    }
                }
            }
        }
        // Words that are never shapes: terms of their own, function and ordinary words.
        let mut plain: FxHashSet<u32> =
            keys.iter().filter(|k| !k.contains(' ')).filter_map(|k| builder.id(k.as_bytes())).collect();
        // Safe words are vocabulary words that are never compounds or shapes
        // ("Telemedizin" ends in "medizin").
        let mut safe_words: FxHashSet<u32> = FxHashSet::default();
        for key in safe.iter().filter(|k| !k.contains(' ')) {
            let id = builder.word(key);
            plain.insert(id);
            safe_words.insert(id);
        }
        let mut function: Vec<u8> = Vec::new();
        let mut shape_index: FxHashMap<String, usize> = FxHashMap::default();
        let mut shapes_found: Vec<(String, usize, Category, u8, Lang)> = Vec::new();
        let mut inflections: Vec<(Lang, &str, &str)> = Vec::new();
        let mut anatomy_stems: FxHashSet<Box<[u8]>> = FxHashSet::default();
        for e in lexicon.entries() {
            match e.kind {
                Kind::Function | Kind::Ordinary => {
                    let key = fold_key_with(&e.term, &mut buf);
                    if key.is_empty() || key.contains(' ') {
                        continue;
                    }
                    let id = builder.word(&key);
                    plain.insert(id);
                    if e.kind == Kind::Function {
                        if function.len() <= id as usize {
                            function.resize(id as usize + 1, 0);
                        }
                        function[id as usize] |= lang_bit(e.lang);
                    }
                }
                Kind::Shape(category) => {
                    let key = fold_key_with(&e.term, &mut buf);
                    let min_stem = e.concept.as_deref().and_then(|c| c.parse().ok()).unwrap_or(3);
                    if key.is_empty() || key.contains(' ') {
                        continue;
                    }
                    // One pattern per suffix; the languages that list it are where it counts.
                    match shape_index.entry(key) {
                        Entry::Occupied(o) => shapes_found[*o.get()].3 |= lang_bit(e.lang),
                        Entry::Vacant(v) => {
                            shapes_found.push((v.key().clone(), min_stem, category, lang_bit(e.lang), e.lang));
                            v.insert(shapes_found.len() - 1);
                        }
                    }
                }
                Kind::Inflection => {
                    inflections.push((e.lang, e.concept.as_deref().unwrap_or_default(), e.term.as_str()));
                }
                Kind::Anatomy if e.lang == Lang::De => {
                    let key = fold_key_with(&e.term, &mut buf);
                    if key.is_empty() || key.contains(' ') {
                        continue;
                    }
                    for ending in ["", "n", "en", "s", "es"] {
                        anatomy_stems.insert(format!("{key}{ending}").into_bytes().into_boxed_slice());
                    }
                    if let Some(stem) = key.strip_suffix('e') {
                        anatomy_stems.insert(stem.as_bytes().into());
                    }
                }
                _ => {}
            }
        }
        function.resize(builder.words(), 0);

        // Inflected forms and umlaut-free spellings of the words of clinical terms, in the
        // term's language, become aliases of the word: no new states, one lookup as before.
        // They are added last, so that no word of a term, function or ordinary word is
        // turned into an alias of another. Each word is inflected once per language.
        let mut inflected: Vec<u8> = vec![0; builder.words()];
        let mut form = String::new();
        let mut extra_forms: Vec<(String, usize)> = Vec::new();
        for (pattern, (key, info)) in keys.iter().zip(&terms).enumerate() {
            let single = !key.contains(' ');
            if !matches!(info.role, Role::Clinical(_)) || info.flags.cs {
                continue;
            }
            if let Some(plain_spelling) = transliterate_umlauts(&info.term).filter(|_| info.lang == Lang::De) {
                let other = fold_key_with(&plain_spelling, &mut buf);
                for (w, alt) in key.split(' ').zip(other.split(' ')) {
                    if let Some(id) = builder.id(w.as_bytes()).filter(|_| w != alt) {
                        builder.alias(alt, id);
                    }
                }
            }
            let bit = lang_bit(info.lang);
            for w in key.split(' ') {
                if w.len() < 4 || !w.bytes().all(|b| b.is_ascii_lowercase()) {
                    continue;
                }
                let Some(id) = builder.id(w.as_bytes()) else { continue };
                let done = &mut inflected[id as usize];
                if *done & bit != 0 {
                    continue;
                }
                *done |= bit;
                for &(lang, ending, replacement) in &inflections {
                    if lang != info.lang || w.len() < ending.len() + 3 {
                        continue;
                    }
                    if let Some(stem) = w.strip_suffix(ending) {
                        form.clear();
                        form.push_str(stem);
                        form.push_str(replacement);
                        // The form may be a word of other terms already ("arrhythmias" in
                        // "cardiac arrhythmias"): then a single-word term gets a pattern
                        // of its own for it.
                        if !builder.alias(&form, id)
                            && single
                            && builder.id(form.as_bytes()).is_some_and(|f| !plain.contains(&f))
                        {
                            extra_forms.push((form.clone(), pattern));
                        }
                    }
                }
            }
        }

        for (form, pattern) in extra_forms {
            if plain.insert(builder.id(form.as_bytes()).unwrap_or(u32::MAX)) {
                let pid = builder.add([form.as_str()]);
                debug_assert_eq!(pid as usize, terms.len());
                terms.push(terms[pattern].clone());
            }
        }
        // Shape patterns come after every pattern of the automaton.
        let mut suffixes = Vec::with_capacity(shapes_found.len());
        for (key, min_stem, category, langs, lang) in shapes_found {
            suffixes.push((key.clone(), min_stem, terms.len() as u32));
            terms.push(TermInfo {
                role: Role::Clinical(category),
                lang,
                langs,
                plain_langs: langs,
                flags: Flags::default(),
                term: Arc::from(format!("-{key}")),
                concept: None,
                exact_words: None,
            });
        }

        let words = builder.build();
        let mut compounds = CompoundMatcher::new(heads, tails)?;
        compounds.learn(words.vocabulary().filter(|(id, _)| !safe_words.contains(id)));
        let mut shapes = ShapeMatcher::new(suffixes)?;
        shapes.learn(words.vocabulary(), |id| !plain.contains(&id));
        Ok(Matcher {
            words,
            compounds,
            shapes,
            function,
            patterns: Patterns::new(icd10_codes)?,
            terms,
            anatomy_tails,
            anatomy_stems,
        })
    }

    /// Whether the compound `word` (folded), matched by the tail `pattern`, starts with a
    /// body part when the tail needs one (*Nierenzentrum*, not *Einkaufszentrum*); true
    /// for every other tail.
    pub fn compound_complement_ok(&self, pattern: u32, word: &[u8]) -> bool {
        match self.anatomy_tails.get(&pattern) {
            None => true,
            Some(&len) => word.len() > len && self.anatomy_stems.contains(&word[..word.len() - len]),
        }
    }

    /// The languages the word of a token (by its id from [`MatchScratch`]) is a function
    /// word of, as a mask of [`lang_bit`]s.
    #[inline]
    pub fn function_langs(&self, id: u32) -> u8 {
        self.function.get(id as usize).copied().unwrap_or(0)
    }

    /// Number of patterns, distinct words, aliases and automaton states.
    pub fn sizes(&self) -> (usize, usize, usize, usize) {
        let (words, aliases, states) = self.words.sizes();
        (self.terms.len(), words, aliases, states)
    }

    /// Appends every word-automaton, compound and shape match in `tokens` of the
    /// original `text` to `out`, after the case-sensitivity test.
    pub fn candidates(&self, text: &str, tokens: &Tokens, scratch: &mut MatchScratch, out: &mut Vec<Candidate>) {
        self.words.find(tokens, &mut scratch.ids, |pattern, first, last| {
            if self.exact_ok(pattern, text, tokens, first) {
                out.push(Candidate { pattern, first, last, layer: Layer::Exact });
            }
        });
        let (compounds, shapes) = (!self.compounds.is_empty(), !self.shapes.is_empty());
        if !compounds && !shapes {
            return;
        }
        for (i, &id) in scratch.ids.iter().enumerate() {
            let emit = |pattern, layer| Candidate { pattern, first: i, last: i, layer };
            // Words of the vocabulary were looked at when the matcher was built.
            if id == words::NO_WORD {
                let word = tokens.word_bytes(i);
                if compounds {
                    self.compounds.find(word, &mut scratch.rev, |p| out.push(emit(p, Layer::Compound)));
                }
                if let Some(p) = self.shapes.find(word, &mut scratch.rev) {
                    out.push(emit(p, Layer::Shape));
                }
            } else {
                self.compounds.find_known(id, |p| out.push(emit(p, Layer::Compound)));
                if let Some(p) = self.shapes.find_known(id) {
                    out.push(emit(p, Layer::Shape));
                }
            }
        }
    }

    /// The word ids of the tokens of the last [`Matcher::candidates`] call.
    pub fn token_ids<'s>(&self, scratch: &'s MatchScratch) -> &'s [u32] {
        &scratch.ids
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
