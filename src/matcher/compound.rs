//! Compound words: terms flagged `head` or `tail` also match at the start or end of a
//! longer word ("Kardiologie" in "Kardiologietermin", "krebs" in "Brustkrebs").
//!
//! Two small anchored byte automata over folded words: heads forward, tails over reversed
//! bytes. Only single-word terms can be heads or tails, so the sets stay small.

use aho_corasick::{AhoCorasick, AhoCorasickKind, Anchored, Input, MatchKind, StartKind};

use crate::error::{Error, Result};

/// The rest of the word must be at least this long, so that a head or tail is part of a
/// real compound and not an inflection ("Diabetes" + "s").
const MIN_REST: usize = 3;

#[derive(Debug, Default)]
pub(crate) struct CompoundMatcher {
    heads: Option<(AhoCorasick, Vec<u32>)>,
    tails: Option<(AhoCorasick, Vec<u32>)>,
    /// The first two bytes of every head, and the last two of every tail (reversed), as
    /// bits: most words start and end with pairs no head or tail has, and are passed
    /// over without running an automaton.
    head_pairs: PairSet,
    tail_pairs: PairSet,
    min_len: usize,
    /// What [`CompoundMatcher::find`] reports for each vocabulary word, by word id:
    /// `(head, tail)` patterns, `NONE` where there is none. Most words of a text are in
    /// the vocabulary, so most words cost one lookup instead of two automaton runs.
    known: Vec<(u32, u32)>,
}

const NONE: u32 = u32::MAX;

impl CompoundMatcher {
    /// `heads` and `tails` are `(folded word, pattern id)` pairs.
    pub fn new(heads: Vec<(String, u32)>, tails: Vec<(String, u32)>) -> Result<CompoundMatcher> {
        let min_len = heads.iter().chain(&tails).map(|(w, _)| w.len()).min().unwrap_or(usize::MAX);
        let build = |pairs: Vec<(String, u32)>, reverse: bool| -> Result<Option<(AhoCorasick, Vec<u32>)>> {
            if pairs.is_empty() {
                return Ok(None);
            }
            let (words, ids): (Vec<Vec<u8>>, Vec<u32>) = pairs
                .into_iter()
                .map(|(w, id)| {
                    let mut b = w.into_bytes();
                    if reverse {
                        b.reverse();
                    }
                    (b, id)
                })
                .unzip();
            let ac = AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .start_kind(StartKind::Anchored)
                .kind(Some(AhoCorasickKind::DFA))
                .build(&words)
                .map_err(|e| Error::pattern(e.to_string()))?;
            Ok(Some((ac, ids)))
        };
        let pairs = |words: &[(String, u32)], reverse: bool| {
            let mut set = PairSet::default();
            for (w, _) in words {
                let b = w.as_bytes();
                if b.len() >= 2 {
                    set.insert(if reverse { [b[b.len() - 1], b[b.len() - 2]] } else { [b[0], b[1]] });
                } else {
                    // A one-byte head or tail: every pair it starts passes.
                    set.insert_all();
                }
            }
            set
        };
        let (head_pairs, tail_pairs) = (pairs(&heads, false), pairs(&tails, true));
        Ok(CompoundMatcher {
            heads: build(heads, false)?,
            tails: build(tails, true)?,
            head_pairs,
            tail_pairs,
            min_len,
            known: Vec::new(),
        })
    }

    /// Records the compounds found in each vocabulary word, for [`find_known`].
    ///
    /// [`find_known`]: CompoundMatcher::find_known
    pub fn learn<'a>(&mut self, vocabulary: impl Iterator<Item = (u32, &'a [u8])>) {
        if self.is_empty() {
            return;
        }
        let mut known = Vec::new();
        let mut rev = Vec::new();
        for (id, word) in vocabulary {
            // Words left out of `vocabulary` match nothing.
            known.resize(id as usize, (NONE, NONE));
            let mut found = (NONE, NONE);
            self.find(word, &mut rev, |p| if found.0 == NONE { found.0 = p } else { found.1 = p });
            known.push(found);
        }
        self.known = known;
    }

    /// Same as [`find`](CompoundMatcher::find) for the vocabulary word `id`.
    #[inline]
    pub fn find_known(&self, id: u32, mut emit: impl FnMut(u32)) {
        let (a, b) = self.known.get(id as usize).copied().unwrap_or((NONE, NONE));
        if a != NONE {
            emit(a);
        }
        if b != NONE {
            emit(b);
        }
    }

    /// True when no term is a head or tail.
    pub fn is_empty(&self) -> bool {
        self.heads.is_none() && self.tails.is_none()
    }

    /// Calls `emit(pattern)` for the longest head and the longest tail of `word` that
    /// leave at least `MIN_REST` bytes of the word around them. `rev` is scratch space.
    #[inline]
    pub fn find(&self, word: &[u8], rev: &mut Vec<u8>, mut emit: impl FnMut(u32)) {
        if word.len() < self.min_len.saturating_add(MIN_REST) {
            return;
        }
        let n = word.len();
        if let Some((ac, ids)) = self.heads.as_ref().filter(|_| self.head_pairs.contains([word[0], word[1]])) {
            if let Some(m) = ac.find(Input::new(word).anchored(Anchored::Yes)) {
                if word.len() - m.end() >= MIN_REST {
                    emit(ids[m.pattern().as_usize()]);
                }
            }
        }
        if let Some((ac, ids)) = self.tails.as_ref().filter(|_| self.tail_pairs.contains([word[n - 1], word[n - 2]])) {
            rev.clear();
            rev.extend(word.iter().rev());
            if let Some(m) = ac.find(Input::new(rev.as_slice()).anchored(Anchored::Yes)) {
                if rev.len() - m.end() >= MIN_REST {
                    emit(ids[m.pattern().as_usize()]);
                }
            }
        }
    }
}

/// A set of byte pairs, one bit each (8 KiB).
#[derive(Debug)]
pub(crate) struct PairSet(Box<[u64; 1024]>);

impl Default for PairSet {
    fn default() -> PairSet {
        PairSet(Box::new([0; 1024]))
    }
}

impl PairSet {
    pub(crate) fn insert(&mut self, pair: [u8; 2]) {
        let i = usize::from(u16::from_be_bytes(pair));
        self.0[i / 64] |= 1 << (i % 64);
    }

    pub(crate) fn insert_all(&mut self) {
        self.0.fill(u64::MAX);
    }

    #[inline]
    pub(crate) fn contains(&self, pair: [u8; 2]) -> bool {
        let i = usize::from(u16::from_be_bytes(pair));
        self.0[i / 64] & (1 << (i % 64)) != 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(word: &str) -> Vec<u32> {
        let m = CompoundMatcher::new(
            vec![("kardiologie".into(), 1), ("cholesterin".into(), 2)],
            vec![("krebs".into(), 3), ("sucht".into(), 4)],
        )
        .unwrap();
        let mut out = Vec::new();
        m.find(word.as_bytes(), &mut Vec::new(), |p| out.push(p));
        out
    }

    #[test]
    fn heads_and_tails_inside_compounds() {
        assert_eq!(found("kardiologietermin"), [1]);
        assert_eq!(found("cholesterinwerte"), [2]);
        assert_eq!(found("brustkrebs"), [3]);
        assert_eq!(found("magersucht"), [4]);
    }

    #[test]
    fn known_words_agree_with_the_automata() {
        let mut m = CompoundMatcher::new(vec![("kardiologie".into(), 1)], vec![("krebs".into(), 3)]).unwrap();
        let words: [&[u8]; 4] = [b"kardiologiekrebs", b"brustkrebs", b"termin", b"kardiologietermin"];
        m.learn(words.iter().enumerate().map(|(i, w)| (i as u32, *w)));
        for (i, w) in words.iter().enumerate() {
            let (mut known, mut found) = (Vec::new(), Vec::new());
            m.find_known(i as u32, |p| known.push(p));
            m.find(w, &mut Vec::new(), |p| found.push(p));
            assert_eq!(known, found);
        }
        // No heads or tails at all: nothing to learn, nothing found.
        let mut none = CompoundMatcher::new(Vec::new(), Vec::new()).unwrap();
        none.learn([(0, b"brustkrebs".as_slice())].into_iter());
        none.find(b"brustkrebs", &mut Vec::new(), |_| panic!("no compounds"));
        none.find_known(0, |_| panic!("no compounds"));
    }

    #[test]
    fn whole_words_and_short_rests_are_left_to_the_word_automaton() {
        assert!(found("kardiologie").is_empty());
        assert!(found("krebs").is_empty());
        assert!(found("kardiologies").is_empty());
        assert!(found("termin").is_empty());
    }
}
