//! Applies edit operations, tidies spacing, punctuation, articles and capitals around them,
//! and derives the list of edits from where each output character came from.

use super::phrasebook::Phrasebook;
use super::{Action, Edit, Op, probe, search};
use crate::lang::Lang;

/// Where an output character came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Src {
    /// Copied from this byte of the original.
    Kept(usize),
    /// Written by operation `n`.
    New(usize),
    /// Changed by tidying (case or article) at this original byte.
    Tidy(usize),
}

#[derive(Clone, Copy, Debug)]
struct OChar {
    c: char,
    src: Src,
}

/// A rendered rewrite.
pub(crate) struct Rendered {
    pub text: String,
    pub edits: Vec<Edit>,
    /// For each output character: its byte offset in `text` and its original byte.
    origins: Vec<(usize, usize)>,
}

impl Rendered {
    /// The original byte an output byte comes from (for inserted text: where the
    /// operation starts).
    pub fn origin(&self, out: usize) -> usize {
        let i = search(&self.origins, |&(o, _)| o <= out);
        self.origins.get(i.saturating_sub(1)).map_or(0, |&(_, orig)| orig)
    }
}

/// Applies `ops`, which are in text order and do not overlap.
pub(crate) fn render(text: &str, ops: &[Op], book: &Phrasebook) -> Rendered {
    debug_assert!(ops.windows(2).all(|w| w[0].range.end <= w[1].range.start));
    let mut v: Vec<OChar> = Vec::with_capacity(text.len());
    let mut pos = 0;
    for (n, op) in ops.iter().enumerate() {
        for (i, c) in text[pos..op.range.start].char_indices() {
            v.push(OChar { c, src: Src::Kept(pos + i) });
        }
        v.extend(op.new.chars().map(|c| OChar { c, src: Src::New(n) }));
        pos = op.range.end;
    }
    for (i, c) in text[pos..].char_indices() {
        v.push(OChar { c, src: Src::Kept(pos + i) });
    }
    let mut t = Tidy { text, v, book, ops };
    t.run();
    t.finish()
}

struct Tidy<'a> {
    text: &'a str,
    v: Vec<OChar>,
    book: &'a Phrasebook,
    ops: &'a [Op],
}

fn is_blank(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{a0}')
}

fn is_punct(c: char) -> bool {
    matches!(c, ',' | ';' | ':' | '.' | '!' | '?')
}

// The passes that remove or insert characters build a new vector in one sweep: removing
// from the middle of `v` at each seam would make them quadratic in the text's length.
impl Tidy<'_> {
    fn orig(&self, oc: OChar) -> usize {
        match oc.src {
            Src::Kept(b) | Src::Tidy(b) => b,
            Src::New(n) => self.ops[n].range.start,
        }
    }

    /// True when the text is not contiguous original text between `prev` and `next` (none
    /// at the start or end of the text).
    fn seam_between(&self, prev: Option<&OChar>, next: Option<&OChar>) -> bool {
        match (prev, next) {
            (None, next) => !matches!(next, Some(OChar { src: Src::Kept(0), .. })) && !self.text.is_empty(),
            (Some(OChar { c, src: Src::Kept(b) }), None) => b + c.len_utf8() != self.text.len(),
            (Some(OChar { c, src: Src::Kept(a) }), Some(OChar { src: Src::Kept(b), .. })) => a + c.len_utf8() != *b,
            _ => true,
        }
    }

    /// True when the text is not contiguous original text between `v[i - 1]` and `v[i]`.
    fn seam(&self, v: &[OChar], i: usize) -> bool {
        self.seam_between(i.checked_sub(1).and_then(|p| v.get(p)), v.get(i))
    }

    /// True when there is a seam before any of `v[from..=to]` (`v.len()`: the end).
    fn seam_in(&self, v: &[OChar], from: usize, to: usize) -> bool {
        (from..=to).any(|i| self.seam(v, i))
    }

    fn run(&mut self) {
        for _ in 0..4 {
            let before = self.v.len();
            self.blanks();
            self.punctuation();
            if self.v.len() == before {
                break;
            }
        }
        if self.book.lang == Lang::En {
            self.articles();
        }
        self.capitals();
    }

    /// Blank runs at a seam: none at the start or end of a line, before punctuation or
    /// after an opening bracket, otherwise one.
    fn blanks(&mut self) {
        let v = std::mem::take(&mut self.v);
        let mut out: Vec<OChar> = Vec::with_capacity(v.len());
        let mut i = 0;
        while i < v.len() {
            if !is_blank(v[i].c) {
                out.push(v[i]);
                i += 1;
                continue;
            }
            let s = i;
            while i < v.len() && is_blank(v[i].c) {
                i += 1;
            }
            let e = i;
            // The run stands between `out.last()` and `v[e]`.
            let prev = out.last();
            if !self.seam_between(prev, Some(&v[s])) && !self.seam_in(&v, s + 1, e) {
                out.extend_from_slice(&v[s..e]);
                continue;
            }
            let line_start = prev.is_none_or(|p| p.c == '\n');
            let line_end = v.get(e).is_none_or(|n| matches!(n.c, '\n' | '\r'));
            let before_punct = v.get(e).is_some_and(|n| is_punct(n.c) || matches!(n.c, ')' | ']'));
            let after_open = prev.is_some_and(|p| matches!(p.c, '(' | '['));
            if !(line_start || line_end || before_punct || after_open) {
                out.push(v[s]);
            }
        }
        self.v = out;
    }

    /// Punctuation left doubled or dangling by a removal.
    fn punctuation(&mut self) {
        let mut v = std::mem::take(&mut self.v);
        // Leading clause punctuation at the start of the text.
        let mut i = 0;
        while i < v.len() && matches!(v[i].c, ',' | ';' | ':') && self.seam_between(None, Some(&v[i])) {
            i += 1;
            while i < v.len() && is_blank(v[i].c) {
                i += 1;
            }
        }
        // `out` is the text before `v[i]`; what is removed is skipped, and a character kept
        // while what follows it goes is moved forward to stand before the rest.
        let mut out: Vec<OChar> = Vec::with_capacity(v.len());
        while i < v.len() {
            let p1 = v[i].c;
            if !is_punct(p1) && p1 != '(' {
                out.push(v[i]);
                i += 1;
                continue;
            }
            let mut j = i + 1;
            while j < v.len() && is_blank(v[j].c) {
                j += 1;
            }
            if j >= v.len() || !self.seam_in(&v, i + 1, j) {
                out.push(v[i]);
                i += 1;
                continue;
            }
            let p2 = v[j].c;
            if p1 == '(' && p2 == ')' {
                // "( )" → ""
                i = j + 1;
            } else if p1 == '(' || !is_punct(p2) {
                out.push(v[i]);
                i += 1;
            } else if matches!(p1, ',' | ';' | ':') || (p1 == '.' && matches!(p2, '.' | '!' | '?')) {
                // ", ." → "." and ".." → "."
                i = j;
            } else if matches!(p2, ',' | ';' | ':') {
                // "., call" → ". call"
                v[j] = v[i];
                i = j;
            } else {
                out.push(v[i]);
                i += 1;
            }
        }
        self.v = out;
    }

    /// English `a` / `an` before a changed word.
    fn articles(&mut self) {
        let v = std::mem::take(&mut self.v);
        let mut out: Vec<OChar> = Vec::with_capacity(v.len() + 16);
        let mut i = 0;
        while i < v.len() {
            let starts_word = out.last().is_none_or(|p| !p.c.is_alphanumeric());
            let c0 = v[i].c;
            if !starts_word || !matches!(c0, 'a' | 'A') {
                out.push(v[i]);
                i += 1;
                continue;
            }
            let mut e = i + 1;
            if e < v.len() && v[e].c == 'n' {
                e += 1;
            }
            // The next word, after blanks and at a seam.
            let mut w = e;
            while w < v.len() && is_blank(v[w].c) {
                w += 1;
            }
            let word: String = if w > e && w < v.len() && self.seam_in(&v, e, w + 1) {
                v[w..].iter().take_while(|c| c.c.is_alphanumeric()).map(|c| c.c).collect()
            } else {
                String::new()
            };
            let has_an = e - i == 2;
            if word.is_empty() || wants_an(&word) == has_an {
                out.push(v[i]);
                i += 1;
                continue;
            }
            let at = self.orig(v[i]);
            out.push(OChar { c: c0, src: Src::Tidy(at) });
            if !has_an {
                out.push(OChar { c: 'n', src: Src::Tidy(at) });
            }
            i = e;
        }
        self.v = out;
    }

    /// Capitals at sentence starts changed by an edit; no capital on inserted text in the
    /// middle of a sentence (German keeps its capitals).
    fn capitals(&mut self) {
        let abbrev = self.book.list("abbrev");
        let mut sentence_start = true;
        let mut boundary = 0; // index of the character that ended the previous sentence
        let mut i = 0;
        while i < self.v.len() {
            let c = self.v[i].c;
            if c.is_alphabetic() {
                let run_start = i == 0 || self.v[i - 1].src != self.v[i].src || !matches!(self.v[i].src, Src::New(_));
                if sentence_start {
                    if c.is_lowercase() {
                        let changed = !matches!(self.v[i].src, Src::Kept(_)) || self.seam_in(&self.v, boundary, i);
                        if changed {
                            let up: Vec<char> = c.to_uppercase().collect();
                            if up.len() == 1 {
                                self.v[i].c = up[0];
                                if let Src::Kept(b) = self.v[i].src {
                                    self.v[i].src = Src::Tidy(b);
                                }
                            }
                        }
                    }
                } else if run_start
                    && matches!(self.v[i].src, Src::New(_))
                    && c.is_uppercase()
                    && self.book.lang != Lang::De
                    && self.v.get(i + 1).is_some_and(|n| n.c.is_lowercase())
                    && !self.after_colon(i)
                {
                    let low: Vec<char> = c.to_lowercase().collect();
                    if low.len() == 1 {
                        self.v[i].c = low[0];
                    }
                }
                sentence_start = false;
                // Skip the rest of the word.
                let start = i;
                while i < self.v.len() && self.v[i].c.is_alphanumeric() {
                    i += 1;
                }
                let ends = i + 1 >= self.v.len() || is_blank(self.v[i + 1].c) || self.v[i + 1].c == '\n';
                if i < self.v.len() && self.v[i].c == '.' && ends {
                    let word: String = self.v[start..i].iter().map(|c| c.c).collect();
                    let folded = crate::normalize::fold_key(&word);
                    if !abbrev.has(&folded) && word.chars().count() > 1 {
                        sentence_start = true;
                        boundary = i;
                    }
                    i += 1;
                }
                continue;
            }
            if matches!(c, '!' | '?' | '\n') || (c == '.' && i + 1 < self.v.len() && is_blank(self.v[i + 1].c)) {
                sentence_start = true;
                boundary = i;
            } else if c.is_numeric() {
                sentence_start = false;
            }
            i += 1;
        }
    }

    fn after_colon(&self, i: usize) -> bool {
        self.v[..i].iter().rev().find(|c| !is_blank(c.c)).is_some_and(|c| c.c == ':')
    }

    /// The text, the edits and the origin map.
    fn finish(self) -> Rendered {
        let mut text = String::with_capacity(self.v.len());
        let mut origins = Vec::with_capacity(self.v.len());
        for oc in &self.v {
            origins.push((text.len(), self.orig(*oc)));
            text.push(oc.c);
        }
        let mut edits: Vec<Edit> = Vec::new();
        // The next original byte if nothing changed, and the edit being built: its
        // original start, new text and the first operation that wrote into it.
        let mut expected = 0;
        let mut open: Option<(usize, String, Option<usize>)> = None;
        for oc in &self.v {
            match oc.src {
                Src::Kept(b) => {
                    if open.is_some() || b > expected {
                        let (start, new, op) = open.take().unwrap_or((expected, String::new(), None));
                        edits.push(self.edit(start..b.max(start), new, op));
                    }
                    expected = expected.max(b + oc.c.len_utf8());
                }
                Src::New(n) => {
                    let o = open.get_or_insert_with(|| (expected, String::new(), None));
                    o.1.push(oc.c);
                    o.2 = Some(o.2.map_or(n, |m| m.min(n)));
                }
                Src::Tidy(b) => {
                    open.get_or_insert_with(|| (expected.min(b), String::new(), None)).1.push(oc.c);
                }
            }
        }
        let end = self.text.len();
        if open.is_some() || expected < end {
            let (start, new, op) = open.take().unwrap_or((expected, String::new(), None));
            edits.push(self.edit(start..end.max(start), new, op));
        }
        edits.retain(|e| e.old != e.new);
        Rendered { text, edits, origins }
    }

    /// An edit of the original `span`, attributed to the first operation it touches or
    /// that wrote into it (`written`).
    fn edit(&self, span: std::ops::Range<usize>, new: String, written: Option<usize>) -> Edit {
        // The operations are in text order and disjoint (so their ends are sorted too):
        // only those from the first that ends at or after the span to the last that starts
        // inside it can touch it.
        let from = search(self.ops, |op| op.range.end < span.start);
        let to = search(self.ops, |op| op.range.start < span.end);
        let touched = (from..to).find(|&n| {
            probe();
            let op = &self.ops[n];
            let overlaps = op.range.start < span.end && span.start < op.range.end;
            let inside = op.range.is_empty() && span.contains(&op.range.start);
            overlaps || inside
        });
        let first = written.into_iter().chain(touched).min().map(|n| &self.ops[n]);
        Edit {
            old: self.text[span.clone()].to_string(),
            span,
            new,
            rule: first.and_then(|o| o.rule),
            action: first.map_or(Action::Tidy, |o| o.action),
        }
    }
}

/// True when an English word takes `an` (by its sound, approximately).
fn wants_an(word: &str) -> bool {
    let lower = word.to_lowercase();
    let first = lower.chars().next().unwrap_or(' ');
    // Abbreviations read letter by letter: "an MRI", "an HIV test", "a CT".
    if word.len() > 1 && word.chars().all(|c| c.is_ascii_uppercase()) {
        return matches!(first, 'a' | 'e' | 'f' | 'h' | 'i' | 'l' | 'm' | 'n' | 'o' | 'r' | 's' | 'x');
    }
    if ["hour", "honest", "honor", "honour", "heir"].iter().any(|p| lower.starts_with(p)) {
        return true;
    }
    if ["uni", "use", "usu", "ure", "uro", "eu", "one", "once", "ewe", "uti"].iter().any(|p| lower.starts_with(p)) {
        return false;
    }
    matches!(first, 'a' | 'e' | 'i' | 'o' | 'u')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn articles_by_sound() {
        assert!(wants_an("appointment"));
        assert!(!wants_an("visit"));
        assert!(wants_an("MRI"));
        assert!(!wants_an("CT"));
        assert!(!wants_an("urologist"));
        assert!(wants_an("hour"));
    }
}
