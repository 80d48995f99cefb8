//! The structure a rewrite works on: words with their spans, sentences and clauses, and the
//! spans that must survive a rewrite (placeholders, times, dates, phone numbers, URLs,
//! e-mail addresses, titled names).

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::phrasebook::Phrasebook;
use super::search;
use crate::normalize::Tokens;
use crate::template;

/// One word of the text.
#[derive(Clone, Debug)]
pub(crate) struct Tok {
    pub start: usize,
    pub end: usize,
    /// Folded (lower case, no diacritics).
    pub word: String,
    /// The first character is upper case.
    pub upper: bool,
}

/// A tokenized text with sentence and clause ids per word.
#[derive(Debug)]
pub(crate) struct Analysis<'t> {
    pub text: &'t str,
    pub toks: Vec<Tok>,
    /// Sentence id of each word.
    pub sent: Vec<u32>,
    /// Clause id of each word (clauses never span sentences).
    pub clause: Vec<u32>,
    /// Spans that must survive, sorted and disjoint.
    pub protected: Vec<Range<usize>>,
}

static URL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?i)(?:https?://|www\.)[^\s<>"]+"#).expect("static regex is valid"));
static EMAIL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}").expect("static regex is valid"));
static PHONE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\+?\(?[0-9][0-9 ().-]{5,}[0-9]").expect("static regex is valid"));
static TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)[0-9]{1,2}(?:[:h][0-9]{2}|\.[0-9]{2}(?-u:\b))?(?:\s?(?:[ap]\.\s?m\.?|[ap]\s?m(?-u:\b)|uhr(?-u:\b)))|(?-u:\b)[0-9]{1,2}[:h][0-9]{2}(?-u:\b)",
    )
    .expect("static regex is valid")
});
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?-u:\b)(?:[0-9]{4}-[0-9]{2}-[0-9]{2}(?-u:\b)|[0-9]{1,2}[/-][0-9]{1,2}(?:[/-][0-9]{2,4})?(?-u:\b)|[0-9]{1,2}\.[0-9]{1,2}\.(?:[0-9]{2,4}(?-u:\b))?)",
    )
        .expect("static regex is valid")
});

impl<'t> Analysis<'t> {
    pub fn new(text: &'t str, book: &Phrasebook) -> Analysis<'t> {
        let mut tokens = Tokens::default();
        tokens.fill(text);
        let toks: Vec<Tok> = tokens
            .tokens
            .iter()
            .enumerate()
            .map(|(i, t)| Tok {
                start: t.start,
                end: t.end,
                word: tokens.word(i).to_string(),
                upper: text[t.start..].chars().next().is_some_and(char::is_uppercase),
            })
            .collect();
        // The lookups by position (`words_of`, `sentence_at`) rely on this.
        debug_assert!(toks.windows(2).all(|w| w[0].end <= w[1].start), "words in text order, disjoint");
        let mut a = Analysis { text, toks, sent: Vec::new(), clause: Vec::new(), protected: Vec::new() };
        a.segment(book);
        a.protect(book);
        a
    }

    /// The folded word `i`, if there is one.
    pub fn word(&self, i: usize) -> Option<&str> {
        self.toks.get(i).map(|t| t.word.as_str())
    }

    /// The text between word `i - 1` and word `i` (`i >= 1`).
    pub fn gap(&self, i: usize) -> &'t str {
        let start = self.toks[i - 1].end;
        let end = self.toks[i].start;
        &self.text[start..end]
    }

    /// True when words `i - 1` and `i` are in one clause and separated only by blanks,
    /// hyphens or an elision apostrophe.
    pub fn tight(&self, i: usize) -> bool {
        i >= 1
            && i < self.toks.len()
            && self.clause[i - 1] == self.clause[i]
            && self.gap(i).chars().all(|c| c.is_whitespace() || matches!(c, '-' | '\'' | '\u{2019}' | '/'))
    }

    /// The words covered by a byte span (inclusive range), if any.
    pub fn words_of(&self, span: &Range<usize>) -> Option<(usize, usize)> {
        // Words are in text order and do not overlap, so their starts and their ends are
        // both sorted: two binary searches instead of a scan per finding.
        let first = search(&self.toks, |t| t.end <= span.start);
        let end = search(&self.toks, |t| t.start < span.end);
        (first < end).then(|| (first, end - 1))
    }

    /// The word index range of sentence `s`.
    pub fn sentence_words(&self, s: u32) -> Range<usize> {
        run_of(&self.sent, s)
    }

    /// The word index range of clause `c`.
    pub fn clause_words(&self, c: u32) -> Range<usize> {
        run_of(&self.clause, c)
    }

    /// The sentence that holds byte `pos` (the nearest word at or before it).
    pub fn sentence_at(&self, pos: usize) -> Option<u32> {
        let i = search(&self.toks, |t| t.start <= pos);
        let i = if i == 0 { 0 } else { i - 1 };
        self.sent.get(i).copied()
    }

    /// Sentence and clause boundaries.
    fn segment(&mut self, book: &Phrasebook) {
        let abbrev = book.list("abbrev");
        // Delimiters of placeholders (`[Name]`, `%(name)s`) are not punctuation. The
        // placeholders come in text order and do not overlap.
        let placeholders: Vec<Range<usize>> = template::placeholders(self.text).into_iter().map(|p| p.span).collect();
        debug_assert!(placeholders.windows(2).all(|w| w[0].end <= w[1].start));
        let (mut s, mut c) = (0u32, 0u32);
        for i in 0..self.toks.len() {
            if i > 0 {
                let (g0, g1) = (self.toks[i - 1].end, self.toks[i].start);
                let gap: String = self.text[g0..g1]
                    .char_indices()
                    .filter(|(k, _)| !covers(&placeholders, g0 + k))
                    .map(|(_, ch)| ch)
                    .collect();
                let gap = gap.as_str();
                let prev = &self.toks[i - 1];
                let next_upper =
                    self.toks[i].upper || self.text[self.toks[i].start..].starts_with(|c: char| c.is_ascii_digit());
                // A period followed by a blank ends a sentence, unless it is the one period of
                // an abbreviation ("Dr. Smith", "a.m. tomorrow").
                let period_end =
                    gap.char_indices().any(|(k, ch)| ch == '.' && gap[k + 1..].starts_with(char::is_whitespace));
                let abbreviation = gap.starts_with('.')
                    && gap.matches('.').count() == 1
                    && (abbrev.has(&prev.word) || (prev.word.chars().count() == 1 && !next_upper));
                let sentence_break = gap.contains(['\n', '!', '?', '\u{2026}']) || (period_end && !abbreviation);
                let clause_break = sentence_break
                    || gap.contains(['(', ')', '[', ']', '"', '\u{201C}', '\u{201D}', '\u{201E}', '\u{AB}', '\u{BB}'])
                    || gap.contains(['\u{2013}', '\u{2014}'])
                    || gap.contains(" - ")
                    || gap.contains(" -- ")
                    || (gap.contains([',', ';', ':']) && gap.contains(char::is_whitespace));
                if sentence_break {
                    s += 1;
                }
                if clause_break {
                    c += 1;
                }
            }
            self.sent.push(s);
            self.clause.push(c);
        }
    }

    /// The spans that must survive a rewrite.
    fn protect(&mut self, book: &Phrasebook) {
        let text = self.text;
        let mut spans: Vec<Range<usize>> = template::placeholders(text).into_iter().map(|p| p.span).collect();
        for m in URL.find_iter(text) {
            let trimmed = m.as_str().trim_end_matches(['.', ',', ';', ':', '!', '?', ')']);
            spans.push(m.start()..m.start() + trimmed.len());
        }
        spans.extend(EMAIL.find_iter(text).map(|m| m.range()));
        for m in PHONE.find_iter(text) {
            let s = m.as_str();
            let digits = s.bytes().filter(u8::is_ascii_digit).count();
            let trimmed = s.trim_end_matches([' ', '.', '-', '(', ')']);
            if digits >= 7 && !s.contains(". ") {
                spans.push(m.start()..m.start() + trimmed.len());
            }
        }
        spans.extend(TIME.find_iter(text).map(|m| m.range()));
        spans.extend(DATE.find_iter(text).map(|m| m.range()));
        // Dates with month names ("June 3", "3 June 2026", "14. Juni") and titled names
        // ("Dr. Smith").
        let month = book.list("month");
        let title = book.list("title");
        let is_num = |t: &Tok| t.word.len() <= 4 && t.word.starts_with(|c: char| c.is_ascii_digit());
        for i in 0..self.toks.len() {
            if month.has(&self.toks[i].word) {
                let mut start = self.toks[i].start;
                let mut end = self.toks[i].end;
                if i + 1 < self.toks.len() && is_num(&self.toks[i + 1]) && self.gap(i + 1).len() <= 2 {
                    end = self.toks[i + 1].end;
                    let year = |t: &Tok| t.word.len() == 4 && t.word.bytes().all(|b| b.is_ascii_digit());
                    if i + 2 < self.toks.len() && year(&self.toks[i + 2]) && self.gap(i + 2).len() <= 2 {
                        end = self.toks[i + 2].end;
                    }
                }
                if i >= 1 && is_num(&self.toks[i - 1]) && self.gap(i).len() <= 2 {
                    start = self.toks[i - 1].start;
                }
                if start != self.toks[i].start || end != self.toks[i].end {
                    spans.push(start..end);
                }
            }
            if title.match_at(|k| self.word(i + k)).is_some() {
                let n = title.match_at(|k| self.word(i + k)).unwrap_or(1);
                let mut j = i + n;
                let mut end = None;
                while j < self.toks.len() && j < i + n + 2 && self.toks[j].upper && self.sent[j] == self.sent[i] {
                    end = Some(self.toks[j].end);
                    j += 1;
                }
                if let Some(end) = end {
                    spans.push(self.toks[i].start..end);
                }
            }
        }
        spans.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        let mut merged: Vec<Range<usize>> = Vec::with_capacity(spans.len());
        for s in spans {
            match merged.last_mut() {
                Some(last) if s.start < last.end => last.end = last.end.max(s.end),
                _ => merged.push(s),
            }
        }
        self.protected = merged;
    }

    /// True when a byte span overlaps a protected span.
    pub fn is_protected(&self, span: &Range<usize>) -> bool {
        // Sorted and disjoint: only the first span that ends after `span.start` can
        // overlap it.
        let i = search(&self.protected, |p| p.end <= span.start);
        self.protected.get(i).is_some_and(|p| p.start < span.end && span.start < p.end)
    }
}

/// The index range of the run of `id` in `ids` (sorted, as sentence and clause ids are),
/// or `0..0` when it does not occur.
fn run_of(ids: &[u32], id: u32) -> Range<usize> {
    let first = search(ids, |&x| x < id);
    let end = search(ids, |&x| x <= id);
    if first < end { first..end } else { 0..0 }
}

/// True when `pos` lies in one of `spans` (sorted and disjoint).
fn covers(spans: &[Range<usize>], pos: usize) -> bool {
    let i = search(spans, |p| p.end <= pos);
    spans.get(i).is_some_and(|p| p.contains(&pos))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;

    fn protected(text: &str) -> Vec<&str> {
        let a = Analysis::new(text, Phrasebook::builtin(Lang::En));
        a.protected.iter().map(|r| &text[r.clone()]).collect()
    }

    #[test]
    fn finds_what_must_survive() {
        assert_eq!(
            protected("Hi {{1}}, see Dr. Smith on June 3 at 2:30 PM. Call 414-209-8830 or visit https://x.org/a."),
            ["{{1}}", "Dr. Smith", "June 3", "2:30 PM", "414-209-8830", "https://x.org/a"]
        );
        assert_eq!(protected("on 6/14 at 10 a.m., or 2026-06-14"), ["6/14", "10 a.m.", "2026-06-14"]);
        assert_eq!(protected("Your A1C of 7.4 and 150/95"), Vec::<&str>::new());
    }

    #[test]
    fn sentences_and_clauses() {
        let text = "Dr. Smith called. Tomorrow at 10:30 a.m., appointment. Reply 1-5";
        let a = Analysis::new(text, Phrasebook::builtin(Lang::En));
        let sents: Vec<u32> = a.sent.clone();
        assert_eq!(sents, [0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2]);
        assert_ne!(a.clause[8], a.clause[9]);
        assert_eq!(a.clause[4], a.clause[5]);
    }
}
