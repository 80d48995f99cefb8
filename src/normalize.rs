//! The tokenizer shared by lexicon compilation and text scanning.
//!
//! A token is a maximal run of letters and digits, except that a number glued to an ASCII
//! word of four or more letters stands apart (`2metformin` is `2`, `metformin`). It is
//! folded to lower case with diacritics stripped (`Ménière's` → `menieres`: an apostrophe
//! inside a word is dropped), and it keeps the byte span of the original text. One function builds the lexicon keys
//! and reads the messages, so both sides always agree.

/// One word of the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Token {
    /// Byte range in the original text.
    pub start: usize,
    /// End of the byte range in the original text (exclusive).
    pub end: usize,
    /// Byte range of the folded word in [`Tokens::folded`].
    pub fold_start: usize,
    /// End of the folded word (exclusive).
    pub fold_end: usize,
    /// Punctuation that ends a phrase (`,;:!?()"` or a line break) stands between this
    /// token and the previous one, so no multi-word term may span the gap.
    pub phrase_break: bool,
    /// Index of the sentence this token belongs to (sentences end at `.`, `!`, `?` or a
    /// line break).
    pub sentence: u32,
}

/// A tokenized text: tokens plus the folded words they point into. Reused between texts.
#[derive(Clone, Debug, Default)]
pub(crate) struct Tokens {
    pub tokens: Vec<Token>,
    /// The folded words, back to back (valid UTF-8: built from whole characters).
    folded: Vec<u8>,
}

impl Tokens {
    /// The folded form of token `i`.
    #[inline]
    pub fn word(&self, i: usize) -> &str {
        std::str::from_utf8(self.word_bytes(i)).unwrap_or_default()
    }

    /// The folded form of token `i` as bytes (the matcher's hot path: no UTF-8 check).
    #[inline]
    pub fn word_bytes(&self, i: usize) -> &[u8] {
        let t = &self.tokens[i];
        &self.folded[t.fold_start..t.fold_end]
    }

    /// The lookup key of token `i`'s folded word, read in two loads (the buffer ends in
    /// [`PADDING`] zero bytes, so eight bytes can be read from any word start).
    #[inline]
    pub fn word_key(&self, i: usize) -> WordKey {
        let t = &self.tokens[i];
        let len = t.fold_end - t.fold_start;
        let word =
            |at: usize| self.folded.get(at..at + 8).and_then(|b| b.try_into().ok()).map_or(0, u64::from_le_bytes);
        let head = word(t.fold_start) & if len >= 8 { u64::MAX } else { (1u64 << (8 * len)) - 1 };
        let tail = if len > 8 { word(t.fold_end - 8) } else { 0 };
        WordKey { head, tail, len }
    }

    /// Tokenizes `text`, replacing the previous contents.
    ///
    /// The folded buffer starts with an ASCII-lower-cased copy of the whole text (one
    /// bulk copy), so a word of ASCII letters and digits, the common case, is folded in
    /// place: its folded range is its own byte range. Words that need more (diacritics,
    /// an apostrophe, other scripts) are folded one character at a time and appended
    /// after the copy.
    pub fn fill(&mut self, text: &str) {
        self.tokens.clear();
        self.folded.clear();
        self.folded.extend_from_slice(text.as_bytes());
        self.folded.make_ascii_lowercase();
        let bytes = text.as_bytes();
        let n = bytes.len();
        let mut i = 0;
        let mut phrase_break = false;
        let mut sentence = 0u32;

        while i < n {
            let b = bytes[i];
            if b < 0x80 {
                match ASCII_CLASS[b as usize] {
                    LETTER | DIGIT => loop {
                        let start = i;
                        let mut seen = 0;
                        while i < n && ASCII_CLASS[bytes[i] as usize] & (LETTER | DIGIT) != 0 {
                            seen |= ASCII_CLASS[bytes[i] as usize];
                            i += 1;
                        }
                        let plain =
                            i == n || (bytes[i] < 0x80 && !(bytes[i] == b'\'' && next_is_word_char(text, i + 1)));
                        let token = Token { start, end: i, fold_start: start, fold_end: i, phrase_break, sentence };
                        if plain && seen == LETTER | DIGIT {
                            self.split_glued(bytes, token);
                        } else if plain {
                            self.tokens.push(token);
                        } else {
                            i = self.fold_word(text, token);
                        }
                        phrase_break = false;
                        // One blank and another word, the commonest gap: straight on.
                        let next_word = |c: &u8| ASCII_CLASS[*c as usize] & (LETTER | DIGIT) != 0;
                        if bytes.get(i) == Some(&b' ') && bytes.get(i + 1).is_some_and(next_word) {
                            i += 1;
                            continue;
                        }
                        break;
                    },
                    PHRASE => phrase_break = true,
                    // A period does not break a phrase ("H. pylori") but ends a sentence
                    // unless a word character follows ("E11.9").
                    PERIOD if !next_is_word_char(text, i + 1) => {
                        sentence = sentence.wrapping_add(u32::from(!self.tokens.is_empty()));
                    }
                    SENTENCE => {
                        phrase_break = true;
                        sentence = sentence.wrapping_add(u32::from(!self.tokens.is_empty()));
                    }
                    _ => {}
                }
                if ASCII_CLASS[b as usize] & (LETTER | DIGIT) == 0 {
                    i += 1;
                }
                continue;
            }
            // Non-ASCII: decode one char.
            let c = text[i..].chars().next().unwrap_or('\u{FFFD}');
            if c.is_alphanumeric() {
                let token = Token { start: i, end: i, fold_start: 0, fold_end: 0, phrase_break, sentence };
                i = self.fold_word(text, token);
                phrase_break = false;
                continue;
            }
            match c {
                '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{00AB}' | '\u{00BB}' | '\u{2013}' | '\u{2014}' => {
                    phrase_break = true
                }
                '\u{2026}' | '\u{2028}' | '\u{2029}' | '\u{0085}' => {
                    phrase_break = true;
                    sentence = sentence.wrapping_add(u32::from(!self.tokens.is_empty()));
                }
                _ => {}
            }
            i += c.len_utf8();
        }
        self.folded.extend_from_slice(&[0; PADDING]);
    }

    /// Pushes a run of ASCII letters and digits as one word, or as several where a
    /// number is glued to a word of [`MIN_GLUED`] letters or more: `2metformin` is `2`
    /// and `metformin`, while `HbA1c`, `B12`, `10am` and `3rd` stay whole.
    fn split_glued(&mut self, bytes: &[u8], token: Token) {
        let mut piece = token;
        let mut at = token.start;
        while at < token.end {
            let digits = bytes[at].is_ascii_digit();
            let len = bytes[at..token.end].iter().take_while(|b| b.is_ascii_digit() == digits).count();
            let next = at + len;
            if next < token.end {
                let next_len = bytes[next..token.end].iter().take_while(|b| b.is_ascii_digit() != digits).count();
                let letters = if digits { next_len } else { len };
                if letters >= MIN_GLUED {
                    piece.end = next;
                    piece.fold_end = next;
                    self.tokens.push(piece);
                    piece = Token {
                        start: next,
                        end: token.end,
                        fold_start: next,
                        fold_end: token.end,
                        phrase_break: false,
                        ..token
                    };
                }
            }
            at = next;
        }
        piece.end = token.end;
        piece.fold_end = token.end;
        self.tokens.push(piece);
    }

    /// Folds the word that starts at `token.start` character by character, appending
    /// it after the folded copy of the text, and pushes it (two tokens for an elision:
    /// `l'ictus`). Returns where the word ends.
    fn fold_word(&mut self, text: &str, mut token: Token) -> usize {
        let bytes = text.as_bytes();
        let mut i = token.start;
        token.fold_start = self.folded.len();
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 {
                if b.is_ascii_alphanumeric() {
                    self.folded.push(b.to_ascii_lowercase());
                    i += 1;
                    continue;
                }
                if b == b'\'' && next_is_word_char(text, i + 1) {
                    if is_elision(&self.folded[token.fold_start..]) {
                        break;
                    }
                    i += 1;
                    continue;
                }
                break;
            }
            let c = text[i..].chars().next().unwrap_or('\u{FFFD}');
            let len = c.len_utf8();
            if c.is_alphanumeric() {
                fold_char(c, &mut self.folded);
            } else if c == '\u{2019}' && next_is_word_char(text, i + len) {
                if is_elision(&self.folded[token.fold_start..]) {
                    break;
                }
            } else if !is_combining_mark(c) {
                break;
            }
            i += len;
        }
        token.end = i;
        token.fold_end = self.folded.len();
        self.tokens.push(token);
        i
    }
}

/// Zero bytes after the folded words, for [`Tokens::word_key`].
const PADDING: usize = 8;

/// A folded word as the vocabulary looks it up: its first and last eight bytes (zero
/// when shorter) and its length. Two words of up to 16 bytes are equal when their keys
/// are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct WordKey {
    head: u64,
    tail: u64,
    pub len: usize,
}

impl WordKey {
    /// The key of any folded word.
    pub fn of(word: &[u8]) -> WordKey {
        let mut head = [0u8; 8];
        let n = word.len().min(8);
        head[..n].copy_from_slice(&word[..n]);
        let tail = match word.len() {
            0..=8 => 0,
            len => word[len - 8..].try_into().map_or(0, u64::from_le_bytes),
        };
        WordKey { head: u64::from_le_bytes(head), tail, len: word.len() }
    }

    /// A well-mixed hash (multiply and fold), for a power-of-two table.
    #[inline]
    pub fn hash(&self) -> u64 {
        let x = (self.head ^ self.tail.rotate_left(23) ^ (self.len as u64).rotate_left(53))
            .wrapping_mul(0x9E37_79B9_7F4A_7C15);
        x ^ (x >> 29)
    }
}

/// Fewest letters of a word that is split from a number glued to it.
const MIN_GLUED: usize = 4;

/// Classes of ASCII bytes for the tokenizer (letters and digits are bits, so a run's
/// classes can be or-ed together).
const OTHER: u8 = 0;
const LETTER: u8 = 1;
const DIGIT: u8 = 2;
/// Ends a phrase: `,;:()[]{}"<>|`.
const PHRASE: u8 = 4;
const PERIOD: u8 = 8;
/// Ends a phrase and a sentence: `!?` and line breaks.
const SENTENCE: u8 = 16;

/// Indexed by any byte; bytes of multi-byte characters are `OTHER` (handled apart).
const ASCII_CLASS: [u8; 256] = {
    let mut t = [OTHER; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c.is_ascii_alphabetic() {
            LETTER
        } else if c.is_ascii_digit() {
            DIGIT
        } else {
            match c {
                b',' | b';' | b':' | b'(' | b')' | b'[' | b']' | b'{' | b'}' | b'"' | b'<' | b'>' | b'|' => PHRASE,
                b'.' => PERIOD,
                b'!' | b'?' | b'\n' | b'\r' => SENTENCE,
                _ => OTHER,
            }
        };
        b += 1;
    }
    t
};

/// Folds a whole term (lexicon side) into its space-joined key: `"Ménière's  Disease"` →
/// `"menieres disease"`. Returns an empty string when the term has no word characters.
pub(crate) fn fold_key(term: &str) -> String {
    fold_key_with(term, &mut Tokens::default())
}

/// [`fold_key`] with a reusable token buffer (lexicon compilation folds ~10⁵ terms).
pub(crate) fn fold_key_with(term: &str, t: &mut Tokens) -> String {
    t.fill(term);
    let mut key = String::with_capacity(t.folded.len() + t.tokens.len());
    for i in 0..t.tokens.len() {
        if i > 0 {
            key.push(' ');
        }
        key.push_str(t.word(i));
    }
    key
}

/// Elided Italian and French articles and particles: `l'ictus` is two words (`l`,
/// `ictus`), while other apostrophes join (`Ménière's` → `menieres`).
#[inline]
fn is_elision(folded: &[u8]) -> bool {
    matches!(
        folded,
        b"l" | b"d"
            | b"j"
            | b"n"
            | b"s"
            | b"c"
            | b"m"
            | b"t"
            | b"qu"
            | b"jusqu"
            | b"lorsqu"
            | b"puisqu"
            | b"quoiqu"
            | b"un"
            | b"dell"
            | b"all"
            | b"nell"
            | b"sull"
            | b"dall"
            | b"coll"
            | b"quell"
            | b"bell"
            | b"sant"
            | b"nessun"
            | b"tutt"
    )
}

#[inline]
fn next_is_word_char(text: &str, at: usize) -> bool {
    text.get(at..).and_then(|s| s.chars().next()).is_some_and(char::is_alphanumeric)
}

#[inline]
fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}')
}

/// Lower-cases `c` and strips its diacritics (Latin-1 and Latin Extended-A), appending the
/// result to `out`.
fn fold_char(c: char, out: &mut Vec<u8>) {
    let s: &str = match c {
        'À'..='Å' | 'à'..='å' | 'Ā'..='ą' => "a",
        'Æ' | 'æ' => "ae",
        'Ç' | 'ç' | 'Ć'..='č' => "c",
        'Ð' | 'ð' | 'Ď'..='đ' => "d",
        'È'..='Ë' | 'è'..='ë' | 'Ē'..='ě' => "e",
        'Ĝ'..='ģ' => "g",
        'Ĥ'..='ħ' => "h",
        'Ì'..='Ï' | 'ì'..='ï' | 'Ĩ'..='ı' => "i",
        'Ĳ' | 'ĳ' => "ij",
        'Ĵ' | 'ĵ' => "j",
        'Ķ'..='ĸ' => "k",
        'Ĺ'..='ł' => "l",
        'Ñ' | 'ñ' | 'Ń'..='ŋ' => "n",
        'Ò'..='Ö' | 'Ø' | 'ò'..='ö' | 'ø' | 'Ō'..='ő' => "o",
        'Œ' | 'œ' => "oe",
        'Ŕ'..='ř' => "r",
        'ß' => "ss",
        'Ś'..='š' | 'ſ' => "s",
        'Ţ'..='ŧ' => "t",
        'Þ' | 'þ' => "th",
        'Ù'..='Ü' | 'ù'..='ü' | 'Ũ'..='ų' | 'µ' => "u",
        'Ŵ' | 'ŵ' => "w",
        'Ý' | 'ý' | 'ÿ' | 'Ŷ'..='Ÿ' => "y",
        'Ź'..='ž' => "z",
        _ => {
            let mut buf = [0; 4];
            for l in c.to_lowercase() {
                out.extend_from_slice(l.encode_utf8(&mut buf).as_bytes());
            }
            return;
        }
    };
    out.extend_from_slice(s.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        let mut t = Tokens::default();
        t.fill(text);
        (0..t.tokens.len()).map(|i| t.word(i).to_string()).collect()
    }

    #[test]
    fn folds_case_diacritics_and_apostrophes() {
        assert_eq!(words("Ménière's disease"), ["menieres", "disease"]);
        assert_eq!(words("Ménière’s"), ["menieres"]);
        assert_eq!(words("X-ray, HbA1c"), ["x", "ray", "hba1c"]);
        assert_eq!(words("Größe Ärztin"), ["grosse", "arztin"]);
        assert_eq!(words("e\u{0301}cole"), ["ecole"]);
        assert_eq!(words("'quoted'"), ["quoted"]);
        assert_eq!(words("all'oncologia, l’ictus d'asthme"), ["all", "oncologia", "l", "ictus", "d", "asthme"]);
        assert_eq!(words("don't"), ["dont"]);
    }

    #[test]
    fn splits_numbers_glued_to_words() {
        assert_eq!(words("2metformin $1,245.60metformin"), ["2", "metformin", "1", "245", "60", "metformin"]);
        assert_eq!(words("ibuprofen400 covid19"), ["ibuprofen", "400", "covid", "19"]);
        assert_eq!(words("HbA1c B12 10am 3rd 500mg"), ["hba1c", "b12", "10am", "3rd", "500mg"]);
        assert_eq!(words("abcd12efgh3"), ["abcd", "12", "efgh", "3"]);
        let mut t = Tokens::default();
        t.fill("x 2metformin");
        let spans: Vec<(usize, usize)> = t.tokens.iter().map(|k| (k.start, k.end)).collect();
        assert_eq!(spans, [(0, 1), (2, 3), (3, 12)]);
    }

    #[test]
    fn keeps_original_spans() {
        let text = "Dr. Müller: Kardiologie";
        let mut t = Tokens::default();
        t.fill(text);
        let spans: Vec<&str> = t.tokens.iter().map(|k| &text[k.start..k.end]).collect();
        assert_eq!(spans, ["Dr", "Müller", "Kardiologie"]);
        assert!(t.tokens[2].phrase_break);
        assert!(!t.tokens[1].phrase_break);
    }

    #[test]
    fn sentences_split_on_terminators() {
        let mut t = Tokens::default();
        t.fill("one two. three\nfour");
        let s: Vec<u32> = t.tokens.iter().map(|k| k.sentence).collect();
        assert_eq!(s, [0, 0, 1, 2]);
    }

    #[test]
    fn fold_key_joins_words() {
        assert_eq!(fold_key("  Back-Pain "), "back pain");
        assert_eq!(fold_key("!!"), "");
    }
}
