//! The lexicon's vocabulary: folded word → word id, looked up once per token of every
//! text, so it is the matcher's hottest table.
//!
//! Open addressing with linear probing over a table at most a third full. A word is
//! keyed by its first and last eight bytes and its length, read straight out of the
//! token buffer ([`Tokens::word_key`]); words of up to 16 bytes, nearly all of them, are
//! compared by those two integers alone, longer ones also byte by byte.

use crate::normalize::{Tokens, WordKey};

const EMPTY: u32 = u32::MAX;

#[derive(Debug, Default)]
pub(crate) struct Vocab {
    /// Word ids by hash; `EMPTY` where free.
    slots: Vec<u32>,
    /// Per word id: its key, and where its bytes lie in `bytes`.
    keys: Vec<WordKey>,
    spans: Vec<(u32, u32)>,
    bytes: Vec<u8>,
}

impl Vocab {
    /// Number of words.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// The id of `word`, adding it when new.
    pub fn insert(&mut self, word: &[u8]) -> u32 {
        let key = WordKey::of(word);
        if let Some(id) = self.find(&key, word) {
            return id;
        }
        if (self.keys.len() + 1) * 3 > self.slots.len() {
            self.grow();
        }
        let id = self.keys.len() as u32;
        self.place(&key, id);
        self.keys.push(key);
        self.spans.push((self.bytes.len() as u32, word.len() as u32));
        self.bytes.extend_from_slice(word);
        id
    }

    /// The id of a folded word, if any term uses it.
    #[cfg(test)]
    pub fn get(&self, word: &[u8]) -> Option<u32> {
        self.find(&WordKey::of(word), word)
    }

    /// The id of the folded word of token `i`.
    #[inline]
    pub fn get_token(&self, tokens: &Tokens, i: usize) -> Option<u32> {
        self.find(&tokens.word_key(i), tokens.word_bytes(i))
    }

    #[inline]
    fn find(&self, key: &WordKey, word: &[u8]) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut at = key.hash() as usize & mask;
        loop {
            let id = self.slots[at];
            if id == EMPTY {
                return None;
            }
            if self.keys[id as usize] == *key && (key.len <= 16 || self.word(id) == word) {
                return Some(id);
            }
            at = (at + 1) & mask;
        }
    }

    /// Every word with its id, in id order.
    pub fn words(&self) -> impl Iterator<Item = (u32, &[u8])> {
        (0..self.keys.len() as u32).map(|id| (id, self.word(id)))
    }

    fn word(&self, id: u32) -> &[u8] {
        let (start, len) = self.spans[id as usize];
        &self.bytes[start as usize..(start + len) as usize]
    }

    fn place(&mut self, key: &WordKey, id: u32) {
        let mask = self.slots.len() - 1;
        let mut at = key.hash() as usize & mask;
        while self.slots[at] != EMPTY {
            at = (at + 1) & mask;
        }
        self.slots[at] = id;
    }

    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(64);
        self.slots = vec![EMPTY; size];
        for id in 0..self.keys.len() {
            let key = self.keys[id];
            self.place(&key, id as u32);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_and_lookups_exact() {
        let mut v = Vocab::default();
        let words: Vec<String> = (0..2_000).map(|i| format!("w{i}{}", "x".repeat(i % 40))).collect();
        for (i, w) in words.iter().enumerate() {
            assert_eq!(v.insert(w.as_bytes()), i as u32);
        }
        assert_eq!(v.len(), words.len());
        for (i, w) in words.iter().enumerate() {
            assert_eq!(v.insert(w.as_bytes()), i as u32);
            assert_eq!(v.get(w.as_bytes()), Some(i as u32));
        }
        // Same first and last eight bytes and length, different middle.
        let a = "abcdefgh-1-ijklmnop";
        let b = "abcdefgh-2-ijklmnop";
        let ia = v.insert(a.as_bytes());
        assert_eq!(v.get(b.as_bytes()), None);
        assert_ne!(v.insert(b.as_bytes()), ia);
        assert_eq!(v.get(b""), None);
        assert_eq!(v.get(b"w1"), None);
    }

    #[test]
    fn token_lookups_agree_with_byte_lookups() {
        let mut v = Vocab::default();
        for w in ["diabetes", "a", "mellitus", "ménière", "hba1c", "verylongwordwithmorethansixteenbytes"] {
            v.insert(crate::normalize::fold_key(w).as_bytes());
        }
        let mut t = Tokens::default();
        t.fill("A Diabetes MELLITUS, Ménière HbA1c verylongwordwithmorethansixteenbytes x");
        for i in 0..t.tokens.len() {
            assert_eq!(v.get_token(&t, i), v.get(t.word_bytes(i)), "{}", t.word(i));
        }
        assert!(v.get_token(&t, 1).is_some() && v.get_token(&t, 6).is_none());
    }
}
