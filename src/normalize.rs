//! The tokenizer shared by lexicon compilation and text scanning.
//!
//! A token is a maximal run of letters and digits. It is folded to lower case with
//! diacritics stripped (`Ménière's` → `menieres`: an apostrophe inside a word is dropped),
//! and it keeps the byte span of the original text. One function builds the lexicon keys
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
    pub folded: String,
}

impl Tokens {
    /// The folded form of token `i`.
    #[inline]
    pub fn word(&self, i: usize) -> &str {
        let t = &self.tokens[i];
        &self.folded[t.fold_start..t.fold_end]
    }

    /// Tokenizes `text`, replacing the previous contents.
    pub fn fill(&mut self, text: &str) {
        self.tokens.clear();
        self.folded.clear();
        let bytes = text.as_bytes();
        let mut i = 0;
        let mut phrase_break = false;
        let mut sentence = 0u32;
        let mut in_token = false;
        let mut cur = Token { start: 0, end: 0, fold_start: 0, fold_end: 0, phrase_break: false, sentence: 0 };

        while i < bytes.len() {
            let b = bytes[i];
            // ASCII fast path.
            if b < 0x80 {
                if b.is_ascii_alphanumeric() {
                    if !in_token {
                        in_token = true;
                        cur = Token {
                            start: i,
                            end: i,
                            fold_start: self.folded.len(),
                            fold_end: 0,
                            phrase_break,
                            sentence,
                        };
                        phrase_break = false;
                    }
                    self.folded.push(b.to_ascii_lowercase() as char);
                    i += 1;
                    continue;
                }
                if b == b'\'' && in_token && next_is_word_char(text, i + 1) {
                    if is_elision(&self.folded[cur.fold_start..]) {
                        self.finish(&mut cur, i, &mut in_token);
                    }
                    i += 1;
                    continue;
                }
                if in_token {
                    self.finish(&mut cur, i, &mut in_token);
                }
                match b {
                    b',' | b';' | b':' | b'(' | b')' | b'[' | b']' | b'{' | b'}' | b'"' | b'<' | b'>' | b'|' => {
                        phrase_break = true
                    }
                    // A period does not break a phrase ("H. pylori") but ends a sentence
                    // unless a word character follows ("E11.9").
                    b'.' if !next_is_word_char(text, i + 1) => {
                        sentence = sentence.wrapping_add(u32::from(!self.tokens.is_empty()));
                    }
                    b'!' | b'?' | b'\n' | b'\r' => {
                        phrase_break = true;
                        sentence = sentence.wrapping_add(u32::from(!self.tokens.is_empty()));
                    }
                    _ => {}
                }
                i += 1;
                continue;
            }
            // Non-ASCII: decode one char.
            let c = text[i..].chars().next().unwrap_or('\u{FFFD}');
            let len = c.len_utf8();
            if is_combining_mark(c) && in_token {
                i += len;
                continue;
            }
            if c.is_alphanumeric() {
                if !in_token {
                    in_token = true;
                    cur =
                        Token { start: i, end: i, fold_start: self.folded.len(), fold_end: 0, phrase_break, sentence };
                    phrase_break = false;
                }
                fold_char(c, &mut self.folded);
                i += len;
                continue;
            }
            if c == '\u{2019}' && in_token && next_is_word_char(text, i + len) {
                if is_elision(&self.folded[cur.fold_start..]) {
                    self.finish(&mut cur, i, &mut in_token);
                }
                i += len;
                continue;
            }
            if in_token {
                self.finish(&mut cur, i, &mut in_token);
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
            i += len;
        }
        if in_token {
            self.finish(&mut cur, bytes.len(), &mut in_token);
        }
    }

    #[inline]
    fn finish(&mut self, cur: &mut Token, end: usize, in_token: &mut bool) {
        cur.end = end;
        cur.fold_end = self.folded.len();
        self.tokens.push(*cur);
        *in_token = false;
    }
}

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
fn is_elision(folded: &str) -> bool {
    matches!(
        folded,
        "l" | "d"
            | "j"
            | "n"
            | "s"
            | "c"
            | "m"
            | "t"
            | "qu"
            | "jusqu"
            | "lorsqu"
            | "puisqu"
            | "quoiqu"
            | "un"
            | "dell"
            | "all"
            | "nell"
            | "sull"
            | "dall"
            | "coll"
            | "quell"
            | "bell"
            | "sant"
            | "nessun"
            | "tutt"
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
fn fold_char(c: char, out: &mut String) {
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
            for l in c.to_lowercase() {
                out.push(l);
            }
            return;
        }
    };
    out.push_str(s);
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
