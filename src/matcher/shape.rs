//! Words no lexicon lists that look clinical: an unknown word ending in a clinical suffix
//! (`-itis`, `-ectomy`) or an INN stem (`-mab`, `-sartan`, `-statin`) is a finding at lower
//! confidence. This is what catches the drug approved last month and the rare disease no
//! list holds.
//!
//! One anchored byte automaton over the reversed suffixes, prefiltered by the last two
//! bytes like the compound tails. Vocabulary words are looked at once, when the matcher is
//! built; ordinary and function words are vocabulary words that are never shapes.

use aho_corasick::{AhoCorasick, AhoCorasickKind, Anchored, Input, MatchKind, StartKind};

use super::compound::PairSet;
use crate::error::{Error, Result};

const NONE: u32 = u32::MAX;

/// One suffix: the pattern it reports, its length and the letters it needs before it.
#[derive(Clone, Copy, Debug)]
struct Suffix {
    pattern: u32,
    len: usize,
    min_stem: usize,
}

#[derive(Debug, Default)]
pub(crate) struct ShapeMatcher {
    automaton: Option<AhoCorasick>,
    suffixes: Vec<Suffix>,
    pairs: PairSet,
    /// The shortest word any suffix can match.
    min_len: usize,
    /// Per vocabulary word id: the shape pattern it matches, or `NONE`.
    known: Vec<u32>,
}

impl ShapeMatcher {
    /// `suffixes` are `(folded suffix, min_stem, pattern id)`.
    pub fn new(suffixes: Vec<(String, usize, u32)>) -> Result<ShapeMatcher> {
        let mut m = ShapeMatcher { min_len: usize::MAX, ..ShapeMatcher::default() };
        if suffixes.is_empty() {
            return Ok(m);
        }
        let mut reversed = Vec::with_capacity(suffixes.len());
        for (word, min_stem, pattern) in suffixes {
            let b: Vec<u8> = word.bytes().rev().collect();
            if b.len() >= 2 {
                m.pairs.insert([b[0], b[1]]);
            } else {
                m.pairs.insert_all();
            }
            m.min_len = m.min_len.min(b.len() + min_stem);
            m.suffixes.push(Suffix { pattern, len: b.len(), min_stem });
            reversed.push(b);
        }
        m.min_len = m.min_len.max(2);
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Anchored)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&reversed)
            .map_err(|e| Error::pattern(e.to_string()))?;
        m.automaton = Some(automaton);
        Ok(m)
    }

    /// True when no suffix is known.
    pub fn is_empty(&self) -> bool {
        self.automaton.is_none()
    }

    /// Records the shape of each vocabulary word; `eligible(id)` is false for words that
    /// are never shapes (ordinary and function words, words that are terms of their own).
    pub fn learn<'a>(&mut self, vocabulary: impl Iterator<Item = (u32, &'a [u8])>, eligible: impl Fn(u32) -> bool) {
        if self.is_empty() {
            return;
        }
        let mut rev = Vec::new();
        self.known = vocabulary
            .map(|(id, w)| if eligible(id) { self.find(w, &mut rev).unwrap_or(NONE) } else { NONE })
            .collect();
    }

    /// The shape pattern of the vocabulary word `id`.
    #[inline]
    pub fn find_known(&self, id: u32) -> Option<u32> {
        self.known.get(id as usize).copied().filter(|&p| p != NONE)
    }

    /// The shape pattern `word` (a folded word) matches: its longest suffix, when the word
    /// is lower-case ASCII letters only and long enough before the suffix. `rev` is
    /// scratch space.
    #[inline]
    pub fn find(&self, word: &[u8], rev: &mut Vec<u8>) -> Option<u32> {
        let n = word.len();
        if n < self.min_len || !self.pairs.contains([word[n - 1], word[n - 2]]) {
            return None;
        }
        let automaton = self.automaton.as_ref()?;
        if !word.iter().all(u8::is_ascii_lowercase) {
            return None;
        }
        rev.clear();
        rev.extend(word.iter().rev());
        let m = automaton.find(Input::new(rev.as_slice()).anchored(Anchored::Yes))?;
        let s = self.suffixes[m.pattern().as_usize()];
        (n - s.len >= s.min_stem).then_some(s.pattern)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher() -> ShapeMatcher {
        ShapeMatcher::new(vec![
            ("itis".into(), 3, 1),
            ("mab".into(), 3, 2),
            ("zumab".into(), 2, 3),
            ("ite".into(), 6, 4),
        ])
        .unwrap()
    }

    fn find(m: &ShapeMatcher, w: &str) -> Option<u32> {
        m.find(w.as_bytes(), &mut Vec::new())
    }

    #[test]
    fn suffixes_with_enough_stem() {
        let m = matcher();
        assert_eq!(find(&m, "pancreatitis"), Some(1));
        assert_eq!(find(&m, "lecanemab"), Some(2));
        // The longest suffix wins.
        assert_eq!(find(&m, "trastuzumab"), Some(3));
        // Too little before the suffix.
        assert_eq!(find(&m, "itis"), None);
        assert_eq!(find(&m, "suite"), None);
        assert_eq!(find(&m, "pancreatite"), Some(4));
        // Digits, upper case or other scripts are no shapes.
        assert_eq!(find(&m, "abc2itis"), None);
        assert_eq!(find(&m, "x"), None);
        assert_eq!(find(&m, "appointment"), None);
    }

    #[test]
    fn known_words_follow_eligibility() {
        let mut m = matcher();
        let words: [&[u8]; 3] = [b"gastritis", b"bronchitis", b"termin"];
        m.learn(words.iter().enumerate().map(|(i, w)| (i as u32, *w)), |id| id != 1);
        assert_eq!(m.find_known(0), Some(1));
        assert_eq!(m.find_known(1), None);
        assert_eq!(m.find_known(2), None);
        assert_eq!(m.find_known(7), None);
        let empty = ShapeMatcher::new(Vec::new()).unwrap();
        assert!(empty.is_empty() && find(&empty, "gastritis").is_none());
    }
}
