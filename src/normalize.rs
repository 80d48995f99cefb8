//! The tokenizer shared by lexicon compilation and text scanning.
//!
//! A token is a maximal run of letters and digits, except that a number glued to an ASCII
//! word of four or more letters stands apart (`2metformin` is `2`, `metformin`). It is
//! folded to lower case with diacritics stripped (`Ménière's` → `menieres`: an apostrophe
//! inside a word is dropped), and it keeps the byte span of the original text. One function builds the lexicon keys
//! and reads the messages, so both sides always agree.
//!
//! Words are read as a person reads them, so that invisible or look-alike characters
//! cannot hide a term:
//!
//! - default-ignorable code points inside a word (soft hyphen, zero-width space and
//!   joiners, word joiner, byte-order mark, variation selectors) are dropped:
//!   `gaba\u{200B}pentin` is `gabapentin`;
//! - fullwidth Latin letters and digits (`ｇａｂａ`) and mathematical alphanumerics
//!   (`𝐠𝐚𝐛𝐚`) fold to ASCII;
//! - in a word that has Latin letters and otherwise only Cyrillic or Greek letters that
//!   look like Latin ones, those fold to the Latin letter (`gаbapentin` with a Cyrillic
//!   `а`); a word in Cyrillic or Greek script is left as it is.
//!
//! The span of such a word is still its byte range in the original text, invisible
//! characters included. Pure-ASCII words never take this path.

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
        token.fold_start = self.folded.len();
        let (end, script) = self.fold_chars(text, token.start, token.fold_start, true);
        let end = if script.look_alike && (!script.latin || script.other) {
            // Not a Latin word with look-alikes in it: the letters stay as they are.
            self.folded.truncate(token.fold_start);
            self.fold_chars(text, token.start, token.fold_start, false).0
        } else {
            end
        };
        token.end = end;
        token.fold_end = self.folded.len();
        self.tokens.push(token);
        end
    }

    /// The loop of [`Tokens::fold_word`]: appends the folded characters of the word at
    /// `start` (look-alike letters as Latin when `look_alikes`) and returns where it ends
    /// and which scripts it has.
    fn fold_chars(&mut self, text: &str, start: usize, fold_start: usize, look_alikes: bool) -> (usize, Scripts) {
        let bytes = text.as_bytes();
        let mut script = Scripts::default();
        let mut i = start;
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 {
                if b.is_ascii_alphanumeric() {
                    script.latin |= b.is_ascii_alphabetic();
                    self.folded.push(b.to_ascii_lowercase());
                    i += 1;
                    continue;
                }
                if b == b'\'' && next_is_word_char(text, i + 1) {
                    if is_elision(&self.folded[fold_start..]) {
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
                match look_alike(c) {
                    Some(latin) => {
                        script.look_alike = true;
                        if look_alikes {
                            self.folded.push(latin);
                        } else {
                            fold_char(c, &mut self.folded);
                        }
                    }
                    None => {
                        match c {
                            '\u{0370}'..='\u{03FF}' | '\u{0400}'..='\u{052F}' => script.other = true,
                            '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}' => script.latin |= c.is_alphabetic(),
                            _ => script.latin |= ascii_form(c).is_some_and(|b| b.is_ascii_alphabetic()),
                        }
                        fold_char(c, &mut self.folded);
                    }
                }
            } else if c == '\u{2019}' && next_is_word_char(text, i + len) {
                if is_elision(&self.folded[fold_start..]) {
                    break;
                }
            } else if is_default_ignorable(c) {
                // Inside a word only: one at its end is no part of it.
                if !next_is_word_char_past_ignorables(text, i + len) {
                    break;
                }
            } else if !is_combining_mark(c) {
                break;
            }
            i += len;
        }
        (i, script)
    }
}

/// The letters a word is made of, for folding look-alike letters.
#[derive(Clone, Copy, Debug, Default)]
struct Scripts {
    /// A Latin letter (not a look-alike).
    latin: bool,
    /// A Cyrillic or Greek letter that looks like a Latin one.
    look_alike: bool,
    /// A Cyrillic or Greek letter that does not.
    other: bool,
}

/// Code points that are invisible and that a reader does not see inside a word: the soft
/// hyphen, the zero-width space, joiners and word joiner, the byte-order mark (a
/// zero-width no-break space), the combining grapheme joiner, the Mongolian vowel
/// separator and the variation selectors.
#[inline]
fn is_default_ignorable(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200D}'
            | '\u{2060}'..='\u{2064}'
            | '\u{FEFF}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{E0100}'..='\u{E01EF}'
    )
}

/// Whether a word character follows `at`, past any default-ignorable code points.
fn next_is_word_char_past_ignorables(text: &str, at: usize) -> bool {
    text.get(at..).and_then(|s| s.chars().find(|&c| !is_default_ignorable(c))).is_some_and(char::is_alphanumeric)
}

/// The Latin letter (lower case) that a Cyrillic or Greek letter is written like, if any.
#[inline]
fn look_alike(c: char) -> Option<u8> {
    Some(match c {
        // Cyrillic
        'а' | 'А' => b'a',
        'В' | 'в' => b'b',
        'с' | 'С' => b'c',
        'ԁ' => b'd',
        'е' | 'Е' | 'ё' | 'Ё' => b'e',
        'һ' | 'Һ' | 'Н' | 'н' => b'h',
        'і' | 'І' | 'ӏ' | 'Ӏ' => b'i',
        'ј' | 'Ј' => b'j',
        'К' | 'к' => b'k',
        'М' | 'м' => b'm',
        'о' | 'О' => b'o',
        'р' | 'Р' => b'p',
        'ԛ' | 'Ԛ' => b'q',
        'ѕ' | 'Ѕ' => b's',
        'Т' | 'т' => b't',
        'ԝ' | 'Ԝ' => b'w',
        'х' | 'Х' => b'x',
        'у' | 'У' | 'ү' | 'Ү' => b'y',
        // Greek
        'α' | 'Α' => b'a',
        'Β' | 'β' => b'b',
        'Ε' | 'ε' => b'e',
        'Η' => b'h',
        'ι' | 'Ι' => b'i',
        'Κ' | 'κ' => b'k',
        'Μ' => b'm',
        'Ν' | 'ν' => b'n',
        'ο' | 'Ο' => b'o',
        'ρ' | 'Ρ' => b'p',
        'Τ' | 'τ' => b't',
        'υ' | 'Υ' => b'u',
        'Χ' | 'χ' => b'x',
        'Ζ' => b'z',
        _ => return None,
    })
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
        // Fullwidth forms and mathematical alphanumerics: the ASCII letter or digit.
        '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}' | '\u{1D400}'..='\u{1D7FF}' => {
            if let Some(b) = ascii_form(c) {
                out.push(b);
                return;
            }
            let mut buf = [0; 4];
            for l in c.to_lowercase() {
                out.extend_from_slice(l.encode_utf8(&mut buf).as_bytes());
            }
            return;
        }
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

/// The ASCII letter (lower case) or digit of a fullwidth form or a mathematical
/// alphanumeric symbol (bold, italic, script, fraktur, double-struck, sans-serif and
/// monospace Latin letters, and their digits).
fn ascii_form(c: char) -> Option<u8> {
    let cp = c as u32;
    match cp {
        0xFF10..=0xFF19 => Some(b'0' + (cp - 0xFF10) as u8),
        0xFF21..=0xFF3A => Some(b'a' + (cp - 0xFF21) as u8),
        0xFF41..=0xFF5A => Some(b'a' + (cp - 0xFF41) as u8),
        // Thirteen alphabets of 52 letters, A–Z then a–z.
        0x1D400..=0x1D6A3 => Some(b'a' + ((cp - 0x1D400) % 52 % 26) as u8),
        // Five sets of the ten digits.
        0x1D7CE..=0x1D7FF => Some(b'0' + ((cp - 0x1D7CE) % 10) as u8),
        _ => None,
    }
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

    #[test]
    fn invisible_characters_inside_words_are_dropped() {
        for hidden in ["\u{00AD}", "\u{200B}", "\u{200C}", "\u{200D}", "\u{2060}", "\u{FEFF}", "\u{FE0F}"] {
            let text = format!("Your gaba{hidden}pentin{hidden} refill");
            assert_eq!(words(&text), ["your", "gabapentin", "refill"], "{hidden:?}");
            let mut t = Tokens::default();
            t.fill(&text);
            let end = "Your gaba".len() + hidden.len() + "pentin".len();
            assert_eq!((t.tokens[1].start, t.tokens[1].end), (5, end), "{hidden:?}: the span is the original's");
        }
        // Between words they separate, as before.
        assert_eq!(words("a \u{200B}b\u{200B} c"), ["a", "b", "c"]);
        assert_eq!(words("gaba\u{200B}\u{200B}pentin"), ["gabapentin"]);
    }

    #[test]
    fn fullwidth_and_mathematical_letters_fold_to_ascii() {
        assert_eq!(words("Your ｇａｂａｐｅｎｔｉｎ ＧＡＢＡ ５００mg"), ["your", "gabapentin", "gaba", "500mg"]);
        assert_eq!(words("𝐠𝐚𝐛𝐚𝐩𝐞𝐧𝐭𝐢𝐧 𝑨𝒁 𝟓𝟎"), ["gabapentin", "az", "50"]);
        let text = "x ｇａｂａ";
        let mut t = Tokens::default();
        t.fill(text);
        assert_eq!(&text[t.tokens[1].start..t.tokens[1].end], "ｇａｂａ");
    }

    #[test]
    fn look_alike_letters_fold_only_inside_latin_words() {
        // Cyrillic а, е, о, р, с and Greek ο, ι inside Latin words.
        assert_eq!(
            words("gаbapentin mеtfоrmin sertrαline ιbuprοfen"),
            ["gabapentin", "metformin", "sertraline", "ibuprofen"]
        );
        let text = "Your gаbapentin";
        let mut t = Tokens::default();
        t.fill(text);
        assert_eq!(&text[t.tokens[1].start..t.tokens[1].end], "gаbapentin");
        // Words in Cyrillic or Greek script stay as they are.
        assert_eq!(words("аптека Москва οδός Мир"), ["аптека", "москва", "οδός", "мир"]);
        assert_eq!(words("сос"), ["сос"]);
    }
}
