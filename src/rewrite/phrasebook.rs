//! The per-language data of rewrites and triage (`lexicons/<lang>/rewrite.tsv`): word lists
//! that describe a message's structure, the neutral nouns and pointer sentences, and the
//! triage replies.
//!
//! An engine carries these phrases when it loads the built-in lexicons of a language; an
//! engine built without them falls back to the built-in files, so a rewrite always has its
//! phrases. A key given several times in a single-phrase role takes the last line, so an
//! organisation's own `rewrite.tsv` overrides the built-in wording.

use std::sync::LazyLock;

use crate::engine::Engine;
use crate::lang::Lang;
use crate::lexicon::{Kind, Lexicon};
use crate::normalize::{Tokens, fold_key};

/// The built-in rewrite files, for engines built without them.
static BUILTIN_SOURCES: [(Lang, &str); 5] = [
    (Lang::En, include_str!("../../lexicons/en/rewrite.tsv")),
    (Lang::It, include_str!("../../lexicons/it/rewrite.tsv")),
    (Lang::De, include_str!("../../lexicons/de/rewrite.tsv")),
    (Lang::Es, include_str!("../../lexicons/es/rewrite.tsv")),
    (Lang::Fr, include_str!("../../lexicons/fr/rewrite.tsv")),
];

static BUILTIN: LazyLock<Vec<Phrasebook>> = LazyLock::new(|| {
    BUILTIN_SOURCES
        .iter()
        .map(|&(lang, src)| {
            // Checked by the test suite (`builtin_phrasebooks_parse`); an unparsable file
            // gives an empty book, never a panic.
            let lexicon = Lexicon::parse(src, lang, Kind::Phrases, "rewrite.tsv").unwrap_or_default();
            let rows: Vec<(String, String)> =
                lexicon.entries().iter().map(|e| (e.concept.clone().unwrap_or_default(), e.term.clone())).collect();
            Phrasebook::from_rows(lang, rows.iter().map(|(k, t)| (k.as_str(), t.as_str())))
        })
        .collect()
});

/// Keys whose lines form word lists.
const LIST_KEYS: [&str; 23] = [
    "function-word",
    "facility",
    "person-suffix",
    "gov-prep",
    "trailing-prep",
    "stop",
    "conj",
    "det-your",
    "det-the",
    "det-a",
    "det",
    "det-prep",
    "premod",
    "outcome",
    "recommend",
    "instruction",
    "abbrev",
    "title",
    "month",
    "urgent",
    "det-f",
    "feminine-suffix",
    "masculine-suffix",
];

/// Keys that hold one phrase each.
const PHRASE_KEYS: [&str; 40] = [
    "adjective-after-noun",
    "noun:appointment",
    "np:appointment",
    "np-your:appointment",
    "np-the:appointment",
    "np-a:appointment",
    "noun:medication",
    "np:medication",
    "np-your:medication",
    "np-the:medication",
    "np-a:medication",
    "noun:person",
    "np:person",
    "np-your:person",
    "np-the:person",
    "np-a:person",
    "noun:facility",
    "np:facility",
    "np-your:facility",
    "np-the:facility",
    "np-a:facility",
    "noun-f:appointment",
    "np-f:appointment",
    "np-your-f:appointment",
    "np-the-f:appointment",
    "np-a-f:appointment",
    "noun-f:medication",
    "np-f:medication",
    "np-your-f:medication",
    "np-the-f:medication",
    "np-a-f:medication",
    "pointer:results",
    "pointer:message",
    "pointer:billing",
    "pointer:record",
    "pointer:instructions",
    "opt-out-line",
    "triage:reply",
    "triage:escalate",
    "triage:urgent",
];

/// A list of folded word sequences ("came back" → `["came", "back"]`).
#[derive(Clone, Debug, Default)]
pub(crate) struct WordList {
    seqs: Vec<Vec<String>>,
}

impl WordList {
    fn push(&mut self, text: &str) {
        let key = fold_key(text);
        if !key.is_empty() {
            self.seqs.push(key.split(' ').map(str::to_string).collect());
        }
    }

    /// True when the single folded word is in the list.
    pub fn has(&self, word: &str) -> bool {
        self.seqs.iter().any(|s| s.len() == 1 && s[0] == word)
    }

    /// The length of the longest sequence that starts at `words[0]`, if any.
    pub fn match_at<'a>(&self, words: impl Fn(usize) -> Option<&'a str>) -> Option<usize> {
        self.seqs.iter().filter(|s| s.iter().enumerate().all(|(k, w)| words(k) == Some(w.as_str()))).map(Vec::len).max()
    }

    /// True when a folded word ends with one of the (single-word) entries.
    pub fn suffix_of(&self, word: &str) -> bool {
        self.seqs.iter().any(|s| s.len() == 1 && word.len() > s[0].len() && word.ends_with(s[0].as_str()))
            || self.has(word)
    }

    pub fn is_empty(&self) -> bool {
        self.seqs.is_empty()
    }
}

/// A generic noun that may stand after (or end) a clinical term, with the noun to write
/// instead when the term goes ("checkup" → "appointment").
#[derive(Clone, Debug)]
pub(crate) struct Head {
    pub words: Vec<String>,
    pub rename: Option<String>,
    /// The noun as written in the data (used when only the tail of a compound is kept).
    pub text: String,
}

/// What a neutral noun phrase stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NounKind {
    Appointment,
    Medication,
    Person,
    Facility,
}

impl NounKind {
    fn key(self) -> &'static str {
        match self {
            NounKind::Appointment => "appointment",
            NounKind::Medication => "medication",
            NounKind::Person => "person",
            NounKind::Facility => "facility",
        }
    }
}

/// Which determiner stood before a replaced term.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DetKind {
    /// None: the phrase brings its own ("your appointment").
    None,
    Your,
    The,
    A,
    /// Another determiner ("this", "our"), kept: the bare noun follows it.
    Other,
}

/// The kinds of neutral pointer sentence.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum PointerKind {
    Instructions,
    Billing,
    Message,
    Record,
    Results,
}

impl PointerKind {
    fn key(self) -> &'static str {
        match self {
            PointerKind::Results => "pointer:results",
            PointerKind::Message => "pointer:message",
            PointerKind::Billing => "pointer:billing",
            PointerKind::Record => "pointer:record",
            PointerKind::Instructions => "pointer:instructions",
        }
    }
}

/// The rewrite and triage data of one language.
#[derive(Clone, Debug)]
pub(crate) struct Phrasebook {
    pub lang: Lang,
    lists: Vec<WordList>,
    phrases: Vec<Option<String>>,
    pub heads: Vec<Head>,
}

impl Phrasebook {
    fn from_rows<'a>(lang: Lang, rows: impl Iterator<Item = (&'a str, &'a str)>) -> Phrasebook {
        let mut book = Phrasebook {
            lang,
            lists: vec![WordList::default(); LIST_KEYS.len()],
            phrases: vec![None; PHRASE_KEYS.len()],
            heads: Vec::new(),
        };
        for (key, text) in rows {
            if key == "head" {
                let (noun, rename) = match text.split_once('|') {
                    Some((n, r)) => (n.trim(), Some(r.trim().to_string()).filter(|r| !r.is_empty())),
                    None => (text.trim(), None),
                };
                let folded = fold_key(noun);
                if !folded.is_empty() {
                    book.heads.push(Head {
                        words: folded.split(' ').map(str::to_string).collect(),
                        rename,
                        text: noun.to_string(),
                    });
                }
            } else if let Some(i) = LIST_KEYS.iter().position(|k| *k == key) {
                book.lists[i].push(text);
            } else if let Some(i) = PHRASE_KEYS.iter().position(|k| *k == key) {
                book.phrases[i] = Some(text.to_string());
            }
        }
        book
    }

    /// The phrasebook of `lang`: the engine's phrases when it has them, else the built-in
    /// ones.
    pub fn for_engine(engine: &Engine, lang: Lang) -> Phrasebook {
        if engine.phrases("pointer:message", lang).next().is_none() {
            return Phrasebook::builtin(lang).clone();
        }
        let mut rows: Vec<(&str, &str)> = Vec::new();
        for key in LIST_KEYS.iter().chain(PHRASE_KEYS.iter()).copied().chain(["head"]) {
            rows.extend(engine.phrases(key, lang).map(|t| (key, t)));
        }
        let mut book = Phrasebook::from_rows(lang, rows.into_iter());
        // Fill any key the engine's data lacks from the built-in book.
        let fallback = Phrasebook::builtin(lang);
        for (i, list) in book.lists.iter_mut().enumerate() {
            if list.is_empty() {
                *list = fallback.lists[i].clone();
            }
        }
        for (i, phrase) in book.phrases.iter_mut().enumerate() {
            if phrase.is_none() {
                phrase.clone_from(&fallback.phrases[i]);
            }
        }
        if book.heads.is_empty() {
            book.heads.clone_from(&fallback.heads);
        }
        book
    }

    /// The built-in phrasebook of a language.
    pub fn builtin(lang: Lang) -> &'static Phrasebook {
        let i = Lang::ALL.iter().position(|l| *l == lang).unwrap_or(0);
        &BUILTIN[i]
    }

    /// A word list by key (one of `LIST_KEYS`).
    pub fn list(&self, key: &str) -> &WordList {
        static EMPTY: WordList = WordList { seqs: Vec::new() };
        LIST_KEYS.iter().position(|k| *k == key).map_or(&EMPTY, |i| &self.lists[i])
    }

    /// A single phrase by key (one of `PHRASE_KEYS`), with the English built-in as the
    /// last resort.
    pub fn phrase(&self, key: &str) -> &str {
        self.own_phrase(key)
            .unwrap_or_else(|| if self.lang != Lang::En { Phrasebook::builtin(Lang::En).phrase(key) } else { "" })
    }

    fn own_phrase(&self, key: &str) -> Option<&str> {
        PHRASE_KEYS.iter().position(|k| *k == key).and_then(|i| self.phrases[i].as_deref())
    }

    /// True when a folded noun is probably feminine (by its ending; languages without
    /// `feminine-suffix` lines have no feminine forms).
    pub fn feminine(&self, word: &str) -> bool {
        self.list("feminine-suffix").suffix_of(word) && !self.list("masculine-suffix").suffix_of(word)
    }

    /// True when adjectives follow their noun (Italian, Spanish, French).
    pub fn adjective_after_noun(&self) -> bool {
        self.phrase("adjective-after-noun") == "yes"
    }

    /// The neutral noun phrase of a kind, for the determiner that stood before the term;
    /// `feminine` picks the feminine form where the data has one (so that the rest of the
    /// sentence still agrees: "la sua visita è confermata").
    pub fn noun_phrase(&self, kind: NounKind, det: DetKind, feminine: bool) -> &str {
        let form = match det {
            DetKind::None => "np",
            DetKind::Your => "np-your",
            DetKind::The => "np-the",
            DetKind::A => "np-a",
            DetKind::Other => "noun",
        };
        if feminine {
            if let Some(p) = self.own_phrase(&format!("{form}-f:{}", kind.key())) {
                return p;
            }
        }
        self.phrase(&format!("{form}:{}", kind.key()))
    }

    /// A pointer sentence.
    pub fn pointer(&self, kind: PointerKind) -> &str {
        self.phrase(kind.key())
    }

    /// The head noun sequence that starts at word `i`, longest first.
    pub fn head_at<'a>(&self, words: impl Fn(usize) -> Option<&'a str>) -> Option<&Head> {
        self.heads
            .iter()
            .filter(|h| h.words.iter().enumerate().all(|(k, w)| words(k) == Some(w.as_str())))
            .max_by_key(|h| h.words.len())
    }

    /// The single-word head that a longer compound word ends with ("kardiologietermin" →
    /// "termin"), if any; the rest must be at least three bytes long.
    pub fn compound_tail(&self, word: &str) -> Option<&Head> {
        self.heads
            .iter()
            .filter(|h| h.words.len() == 1 && word.len() >= h.words[0].len() + 3 && word.ends_with(h.words[0].as_str()))
            .max_by_key(|h| h.words[0].len())
    }
}

/// How strongly a text looks like each language: function words, plus the languages of the
/// lexicon entries that matched (`finding_langs`). Returns the best language among
/// `candidates` (English on a tie or when nothing is known).
pub(crate) fn detect(engine: &Engine, text: &str, finding_langs: &[Lang]) -> Lang {
    let mut tokens = Tokens::default();
    tokens.fill(text);
    let candidates: &[Lang] = if engine.languages().is_empty() { &Lang::ALL } else { engine.languages() };
    let mut best = (0.0f32, Lang::En);
    for &lang in candidates {
        let book = Phrasebook::builtin(lang);
        let fw = book.list("function-word");
        let own;
        let fw = if engine.phrases("function-word", lang).next().is_some() {
            own = {
                let mut l = WordList::default();
                for t in engine.phrases("function-word", lang) {
                    l.push(t);
                }
                l
            };
            &own
        } else {
            fw
        };
        let mut score = 0.0f32;
        for i in 0..tokens.tokens.len() {
            if fw.has(tokens.word(i)) {
                score += 1.0;
            }
        }
        score += 0.5 * finding_langs.iter().filter(|l| **l == lang).count() as f32;
        if score > best.0 || (score == best.0 && score > 0.0 && lang == Lang::En) {
            best = (score, lang);
        }
    }
    best.1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_phrasebooks_parse() {
        for lang in Lang::ALL {
            let book = Phrasebook::builtin(lang);
            assert!(!book.heads.is_empty(), "{lang}");
            for key in PHRASE_KEYS.iter().filter(|k| **k != "adjective-after-noun" && !k.contains("-f:")) {
                assert!(book.phrases[PHRASE_KEYS.iter().position(|k2| k2 == key).unwrap()].is_some(), "{lang} {key}");
            }
            for key in
                LIST_KEYS.iter().filter(|k| !["det-f", "feminine-suffix", "masculine-suffix", "det-prep"].contains(k))
            {
                assert!(!book.list(key).is_empty(), "{lang} {key}");
            }
        }
    }

    #[test]
    fn heads_and_compound_tails() {
        let de = Phrasebook::builtin(Lang::De);
        assert_eq!(de.compound_tail("kardiologietermin").map(|h| h.text.as_str()), Some("Termin"));
        assert_eq!(de.compound_tail("termin").map(|h| h.text.as_str()), None);
        let en = Phrasebook::builtin(Lang::En);
        let words = ["check", "up", "x"];
        let h = en.head_at(|k| words.get(k).copied()).unwrap();
        assert_eq!(h.rename.as_deref(), Some("appointment"));
    }
}
