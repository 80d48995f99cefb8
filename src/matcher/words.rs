//! An Aho-Corasick automaton whose alphabet is word ids.
//!
//! Each distinct folded word of the lexicon gets an id; a term is a sequence of ids. One
//! left-to-right pass over the tokens reports every term occurrence, overlaps included,
//! whole-word by construction. Root transitions are a dense table (most tokens start
//! nothing and stop there); deeper transitions are hashed.

use rustc_hash::FxHashMap;

use super::vocab::Vocab;
use crate::normalize::Tokens;

const ROOT: u32 = 0;
const NONE: u32 = u32::MAX;
/// The id recorded for a token whose word no term uses.
pub(crate) const NO_WORD: u32 = u32::MAX;

/// The compiled automaton.
#[derive(Debug, Default)]
pub(crate) struct WordAutomaton {
    vocab: Vocab,
    /// `root[word]`: the state after `word` from the root, or `ROOT`.
    root: Vec<u32>,
    /// `(state << 32 | word)` → state, for states other than the root.
    goto: FxHashMap<u64, u32>,
    fail: Vec<u32>,
    /// Per state: range into `outputs` (own patterns plus those along the failure chain).
    out: Vec<(u32, u32)>,
    outputs: Vec<u32>,
    /// Length in words of each pattern.
    pattern_len: Vec<u32>,
}

/// Collects word-id patterns and compiles them.
#[derive(Debug, Default)]
pub(crate) struct WordAutomatonBuilder {
    vocab: Vocab,
    patterns: Vec<Vec<u32>>,
}

impl WordAutomatonBuilder {
    /// Adds a pattern given as folded words; returns its id.
    pub fn add<'a>(&mut self, words: impl IntoIterator<Item = &'a str>) -> u32 {
        let ids = words.into_iter().map(|w| self.vocab.insert(w.as_bytes())).collect();
        self.patterns.push(ids);
        (self.patterns.len() - 1) as u32
    }

    /// Adds a word that no pattern uses (function and ordinary words); returns its id.
    pub fn word(&mut self, word: &str) -> u32 {
        self.vocab.insert(word.as_bytes())
    }

    /// The id of a word added so far.
    pub fn id(&self, word: &[u8]) -> Option<u32> {
        self.vocab.find_bytes(word)
    }

    /// Makes `word` look up to the word `id` (see [`Vocab::alias`]). Call it after every
    /// pattern and word has been added, so that no word of a pattern becomes an alias.
    pub fn alias(&mut self, word: &str, id: u32) -> bool {
        self.vocab.alias(word.as_bytes(), id)
    }

    /// Number of words added so far.
    pub fn words(&self) -> usize {
        self.vocab.len()
    }

    pub fn build(self) -> WordAutomaton {
        let vocab_len = self.vocab.len();
        let mut root = vec![ROOT; vocab_len];
        let mut goto: FxHashMap<u64, u32> = FxHashMap::default();
        let mut own: Vec<Vec<u32>> = vec![Vec::new()];
        let mut children: Vec<Vec<(u32, u32)>> = vec![Vec::new()];
        let key = |s: u32, w: u32| (u64::from(s) << 32) | u64::from(w);

        // Trie.
        for (pid, words) in self.patterns.iter().enumerate() {
            if words.is_empty() {
                continue;
            }
            let mut state = ROOT;
            for &w in words {
                let next =
                    if state == ROOT { root[w as usize] } else { goto.get(&key(state, w)).copied().unwrap_or(ROOT) };
                state = if next != ROOT {
                    next
                } else {
                    let new = own.len() as u32;
                    own.push(Vec::new());
                    children.push(Vec::new());
                    children[state as usize].push((w, new));
                    if state == ROOT {
                        root[w as usize] = new;
                    } else {
                        goto.insert(key(state, w), new);
                    }
                    new
                };
            }
            own[state as usize].push(pid as u32);
        }

        // Failure links, breadth first.
        let n = own.len();
        let mut fail = vec![ROOT; n];
        let mut order = Vec::with_capacity(n);
        let mut queue = std::collections::VecDeque::new();
        for &(_, child) in &children[ROOT as usize] {
            queue.push_back(child);
        }
        while let Some(state) = queue.pop_front() {
            order.push(state);
            for &(w, child) in &children[state as usize] {
                let mut f = fail[state as usize];
                let target = loop {
                    let t = if f == ROOT { root[w as usize] } else { goto.get(&key(f, w)).copied().unwrap_or(NONE) };
                    if t != NONE && t != ROOT && t != child {
                        break t;
                    }
                    if f == ROOT {
                        break ROOT;
                    }
                    f = fail[f as usize];
                };
                fail[child as usize] = target;
                queue.push_back(child);
            }
        }

        // Outputs: a state's own patterns, then those of its failure state (already final
        // because the failure state is shallower).
        let mut out = vec![(0u32, 0u32); n];
        let mut outputs = Vec::new();
        for state in order {
            let start = outputs.len() as u32;
            outputs.extend_from_slice(&own[state as usize]);
            let (fs, fe) = out[fail[state as usize] as usize];
            outputs.extend_from_within(fs as usize..fe as usize);
            out[state as usize] = (start, outputs.len() as u32);
        }

        let pattern_len = self.patterns.iter().map(|p| p.len() as u32).collect();
        WordAutomaton { vocab: self.vocab, root, goto, fail, out, outputs, pattern_len }
    }
}

impl WordAutomaton {
    /// Number of distinct words, of aliases and of states.
    pub fn sizes(&self) -> (usize, usize, usize) {
        (self.vocab.len(), self.vocab.aliases(), self.fail.len())
    }

    #[inline]
    fn next(&self, mut state: u32, w: u32) -> u32 {
        loop {
            if state == ROOT {
                return self.root[w as usize];
            }
            if let Some(&s) = self.goto.get(&((u64::from(state) << 32) | u64::from(w))) {
                return s;
            }
            state = self.fail[state as usize];
        }
    }

    /// Every vocabulary word with its id.
    pub fn vocabulary(&self) -> impl Iterator<Item = (u32, &[u8])> {
        self.vocab.words()
    }

    /// Reports every occurrence as `(pattern, first token, last token)` (inclusive), in
    /// order of the last token, and writes each token's word id (or [`NO_WORD`]) to
    /// `ids`. Matching restarts after a phrase break.
    pub fn find(&self, tokens: &Tokens, ids: &mut Vec<u32>, mut emit: impl FnMut(u32, usize, usize)) {
        ids.clear();
        let mut state = ROOT;
        for (i, t) in tokens.tokens.iter().enumerate() {
            if t.phrase_break {
                state = ROOT;
            }
            let id = self.vocab.get_token(tokens, i);
            ids.push(id.unwrap_or(NO_WORD));
            let Some(w) = id else {
                state = ROOT;
                continue;
            };
            state = self.next(state, w);
            if state == ROOT {
                continue;
            }
            let (s, e) = self.out[state as usize];
            for &p in &self.outputs[s as usize..e as usize] {
                let len = self.pattern_len[p as usize] as usize;
                emit(p, i + 1 - len, i);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(patterns: &[&str], text: &str) -> Vec<(u32, usize, usize)> {
        let mut b = WordAutomatonBuilder::default();
        for p in patterns {
            b.add(p.split(' '));
        }
        let a = b.build();
        let mut t = Tokens::default();
        t.fill(text);
        let mut out = Vec::new();
        a.find(&t, &mut Vec::new(), |p, s, e| out.push((p, s, e)));
        out
    }

    #[test]
    fn reports_overlaps_and_nested_terms() {
        assert_eq!(matches(&["back", "back pain"], "my back painful"), [(0, 1, 1)]);
        assert_eq!(matches(&["back", "back pain"], "back pain"), [(0, 0, 0), (1, 0, 1)]);
        assert_eq!(matches(&["a b c", "b c d", "c"], "a b c d"), [(0, 0, 2), (2, 2, 2), (1, 1, 3)]);
    }

    #[test]
    fn follows_failure_links() {
        assert_eq!(matches(&["a a b"], "a a a b"), [(0, 1, 3)]);
        assert_eq!(matches(&["high blood pressure", "blood sugar"], "high blood sugar"), [(1, 1, 2)]);
    }

    #[test]
    fn whole_words_only_and_breaks() {
        assert!(matches(&["hiv"], "archive").is_empty());
        assert!(matches(&["back pain"], "back, pain").is_empty());
        assert_eq!(matches(&["x ray"], "an X-ray"), [(0, 1, 2)]);
    }
}

/// The byte-level `aho-corasick` crate is the oracle: on random lexicons and texts both
/// must report the same whole-word matches.
#[cfg(test)]
mod oracle {
    use super::*;
    use aho_corasick::{AhoCorasick, MatchKind};
    use proptest::prelude::*;
    use std::collections::BTreeSet;

    fn word() -> impl Strategy<Value = String> {
        prop::sample::select(vec!["a", "b", "ab", "ba", "abc", "c"]).prop_map(str::to_string)
    }

    proptest! {
        #[test]
        fn agrees_with_byte_automaton(
            patterns in prop::collection::btree_set(prop::collection::vec(word(), 1..4), 1..12),
            text in prop::collection::vec(word(), 0..40),
        ) {
            let patterns: Vec<String> = patterns.into_iter().map(|p| p.join(" ")).collect();
            let text = text.join(" ");

            let mut b = WordAutomatonBuilder::default();
            for p in &patterns {
                b.add(p.split(' '));
            }
            let automaton = b.build();
            let mut tokens = Tokens::default();
            tokens.fill(&text);
            let mut ours = BTreeSet::new();
            automaton.find(&tokens, &mut Vec::new(), |p, first, last| {
                ours.insert((p as usize, tokens.tokens[first].start, tokens.tokens[last].end));
            });

            let ac = AhoCorasick::builder().match_kind(MatchKind::Standard).build(&patterns).unwrap();
            let bytes = text.as_bytes();
            let oracle: BTreeSet<_> = ac
                .find_overlapping_iter(&text)
                .filter(|m| (m.start() == 0 || bytes[m.start() - 1] == b' ') && (m.end() == bytes.len() || bytes[m.end()] == b' '))
                .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
                .collect();
            prop_assert_eq!(ours, oracle);
        }
    }
}
