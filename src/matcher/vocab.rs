//! The lexicon's vocabulary: folded word → word id, looked up once per token of every
//! text, so it is the matcher's hottest table.
//!
//! Open addressing with linear probing over a table at most a third full. A word is
//! keyed by its first and last eight bytes and its length, read straight out of the
//! token buffer ([`Tokens::word_key`]); words of up to 16 bytes, nearly all of them, are
//! compared by those two integers alone, longer ones also byte by byte.
//!
//! A word may have aliases: other spellings (inflected forms, transliterated umlauts) that
//! look up to the same id, so the automaton needs no states for them.

use crate::normalize::{Tokens, WordKey};

const EMPTY: u32 = u32::MAX;

#[derive(Debug, Default)]
pub(crate) struct Vocab {
    /// Entries by hash; `EMPTY` where free.
    slots: Vec<u32>,
    /// Per entry (a word or an alias): its key, where its bytes lie in `bytes`, and the
    /// word id it looks up to.
    keys: Vec<WordKey>,
    spans: Vec<(u32, u32)>,
    ids: Vec<u32>,
    /// Per word id: its own entry.
    words: Vec<u32>,
    bytes: Vec<u8>,
}

impl Vocab {
    /// Number of words (aliases not counted).
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Number of aliases.
    pub fn aliases(&self) -> usize {
        self.keys.len() - self.words.len()
    }

    /// The id of `word`, adding it when new.
    pub fn insert(&mut self, word: &[u8]) -> u32 {
        let key = WordKey::of(word);
        if let Some(id) = self.find(&key, word) {
            return id;
        }
        let id = self.words.len() as u32;
        self.words.push(self.keys.len() as u32);
        self.push_entry(key, word, id);
        id
    }

    /// Makes `word` look up to the word `id`, unless it is a word or alias already
    /// (the first spelling wins). Returns whether it was added.
    pub fn alias(&mut self, word: &[u8], id: u32) -> bool {
        let key = WordKey::of(word);
        if word.is_empty() || id as usize >= self.words.len() || self.find(&key, word).is_some() {
            return false;
        }
        self.push_entry(key, word, id);
        true
    }

    fn push_entry(&mut self, key: WordKey, word: &[u8], id: u32) {
        if (self.keys.len() + 1) * 3 > self.slots.len() {
            self.grow();
        }
        let entry = self.keys.len() as u32;
        self.place(&key, entry);
        self.keys.push(key);
        self.spans.push((self.bytes.len() as u32, word.len() as u32));
        self.ids.push(id);
        self.bytes.extend_from_slice(word);
    }

    /// The id of a folded word, if any term uses it.
    #[cfg(test)]
    pub fn get(&self, word: &[u8]) -> Option<u32> {
        self.find_bytes(word)
    }

    /// The id of a folded word or alias.
    pub fn find_bytes(&self, word: &[u8]) -> Option<u32> {
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
            let entry = self.slots[at];
            if entry == EMPTY {
                return None;
            }
            if self.keys[entry as usize] == *key && (key.len <= 16 || self.entry_bytes(entry) == word) {
                return Some(self.ids[entry as usize]);
            }
            at = (at + 1) & mask;
        }
    }

    /// Every word with its id, in id order (aliases not included).
    pub fn words(&self) -> impl Iterator<Item = (u32, &[u8])> {
        self.words.iter().enumerate().map(|(id, &entry)| (id as u32, self.entry_bytes(entry)))
    }

    fn entry_bytes(&self, entry: u32) -> &[u8] {
        let (start, len) = self.spans[entry as usize];
        &self.bytes[start as usize..(start + len) as usize]
    }

    fn place(&mut self, key: &WordKey, entry: u32) {
        let mask = self.slots.len() - 1;
        let mut at = key.hash() as usize & mask;
        while self.slots[at] != EMPTY {
            at = (at + 1) & mask;
        }
        self.slots[at] = entry;
    }

    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(64);
        self.slots = vec![EMPTY; size];
        for entry in 0..self.keys.len() {
            let key = self.keys[entry];
            self.place(&key, entry as u32);
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
    fn aliases_look_up_to_their_word() {
        let mut v = Vocab::default();
        let calcolo = v.insert(b"calcolo");
        let renale = v.insert(b"renale");
        assert!(v.alias(b"calcoli", calcolo));
        assert!(v.alias(b"renali", renale));
        // A word or an alias already there keeps its meaning.
        assert!(!v.alias(b"renale", calcolo));
        assert!(!v.alias(b"calcoli", renale));
        assert_eq!(v.get(b"calcoli"), Some(calcolo));
        assert_eq!(v.get(b"renali"), Some(renale));
        assert_eq!((v.len(), v.aliases()), (2, 2));
        let words: Vec<_> = v.words().map(|(id, w)| (id, w.to_vec())).collect();
        assert_eq!(words, [(calcolo, b"calcolo".to_vec()), (renale, b"renale".to_vec())]);
        // Words added after aliases still get fresh ids.
        let new = v.insert(b"cisti");
        assert_eq!(new, 2);
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
