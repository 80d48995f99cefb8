//! Applies edit operations, tidies spacing, punctuation, articles and capitals around them,
//! and derives the list of edits from where each output character came from.

use super::phrasebook::Phrasebook;
use super::{Action, Edit, Op};
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
        let i = self.origins.partition_point(|&(o, _)| o <= out);
        self.origins.get(i.saturating_sub(1)).map_or(0, |&(_, orig)| orig)
    }
}

pub(crate) fn render(text: &str, ops: &[Op], book: &Phrasebook) -> Rendered {
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

impl Tidy<'_> {
    fn orig(&self, i: usize) -> usize {
        match self.v[i].src {
            Src::Kept(b) | Src::Tidy(b) => b,
            Src::New(n) => self.ops[n].range.start,
        }
    }

    /// True when the text is not contiguous original text between `i - 1` and `i`.
    fn seam(&self, i: usize) -> bool {
        let v = &self.v;
        if i == 0 {
            return !matches!(v.first(), Some(OChar { src: Src::Kept(0), .. })) && !self.text.is_empty();
        }
        if i >= v.len() {
            return match v.last() {
                Some(OChar { c, src: Src::Kept(b) }) => b + c.len_utf8() != self.text.len(),
                _ => true,
            };
        }
        match (v[i - 1], v[i]) {
            (OChar { c, src: Src::Kept(a) }, OChar { src: Src::Kept(b), .. }) => a + c.len_utf8() != b,
            _ => true,
        }
    }

    fn seam_in(&self, from: usize, to: usize) -> bool {
        (from..=to).any(|i| self.seam(i))
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
        let mut i = 0;
        while i < self.v.len() {
            if !is_blank(self.v[i].c) {
                i += 1;
                continue;
            }
            let s = i;
            while i < self.v.len() && is_blank(self.v[i].c) {
                i += 1;
            }
            let e = i;
            if !self.seam_in(s, e) {
                continue;
            }
            let line_start = s == 0 || self.v[s - 1].c == '\n';
            let line_end = e == self.v.len() || matches!(self.v[e].c, '\n' | '\r');
            let before_punct = e < self.v.len() && (is_punct(self.v[e].c) || matches!(self.v[e].c, ')' | ']'));
            let after_open = s > 0 && matches!(self.v[s - 1].c, '(' | '[');
            let remove = if line_start || line_end || before_punct || after_open { s..e } else { s + 1..e };
            if !remove.is_empty() {
                self.v.drain(remove.clone());
                i -= remove.len();
            }
        }
    }

    /// Punctuation left doubled or dangling by a removal.
    fn punctuation(&mut self) {
        // Leading clause punctuation at the start of the text.
        while !self.v.is_empty() && matches!(self.v[0].c, ',' | ';' | ':') && self.seam(0) {
            self.v.remove(0);
            while !self.v.is_empty() && is_blank(self.v[0].c) {
                self.v.remove(0);
            }
        }
        let mut i = 0;
        while i < self.v.len() {
            let p1 = self.v[i].c;
            if !is_punct(p1) && p1 != '(' {
                i += 1;
                continue;
            }
            let mut j = i + 1;
            while j < self.v.len() && is_blank(self.v[j].c) {
                j += 1;
            }
            if j >= self.v.len() || !self.seam_in(i + 1, j) {
                i += 1;
                continue;
            }
            let p2 = self.v[j].c;
            if p1 == '(' {
                if p2 == ')' {
                    self.v.drain(i..=j);
                    continue;
                }
                i += 1;
                continue;
            }
            if !is_punct(p2) {
                i += 1;
                continue;
            }
            if matches!(p1, ',' | ';' | ':') || (p1 == '.' && matches!(p2, '.' | '!' | '?')) {
                // ", ." → "." and ".." → "."
                self.v.drain(i..j);
            } else if matches!(p2, ',' | ';' | ':') {
                // "., call" → ". call"
                self.v.drain(i + 1..=j);
            } else {
                i += 1;
            }
        }
    }

    /// English `a` / `an` before a changed word.
    fn articles(&mut self) {
        let mut i = 0;
        while i < self.v.len() {
            let starts_word = i == 0 || !self.v[i - 1].c.is_alphanumeric();
            let c0 = self.v[i].c;
            if !starts_word || !matches!(c0, 'a' | 'A') {
                i += 1;
                continue;
            }
            let mut e = i + 1;
            if e < self.v.len() && self.v[e].c == 'n' {
                e += 1;
            }
            if e >= self.v.len() || !is_blank(self.v[e].c) {
                i += 1;
                continue;
            }
            let mut w = e;
            while w < self.v.len() && is_blank(self.v[w].c) {
                w += 1;
            }
            if w >= self.v.len() || !self.seam_in(e, w + 1) {
                i += 1;
                continue;
            }
            let word: String = self.v[w..].iter().take_while(|c| c.c.is_alphanumeric()).map(|c| c.c).collect();
            if word.is_empty() {
                i += 1;
                continue;
            }
            let want_an = wants_an(&word);
            let has_an = e - i == 2;
            if want_an != has_an {
                let at = self.orig(i);
                let mut art: Vec<OChar> = vec![OChar { c: c0, src: Src::Tidy(at) }];
                if want_an {
                    art.push(OChar { c: 'n', src: Src::Tidy(at) });
                }
                self.v.splice(i..e, art);
            }
            i += 1;
        }
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
                        let changed = !matches!(self.v[i].src, Src::Kept(_)) || self.seam_in(boundary, i);
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
        for (i, oc) in self.v.iter().enumerate() {
            origins.push((text.len(), self.orig(i)));
            text.push(oc.c);
        }
        let mut edits: Vec<Edit> = Vec::new();
        // The next original byte if nothing changed, and the edit being built: its
        // original start, new text and the operations that wrote into it.
        let mut expected = 0;
        let mut open: Option<(usize, String, Vec<usize>)> = None;
        for oc in &self.v {
            match oc.src {
                Src::Kept(b) => {
                    if open.is_some() || b > expected {
                        let (start, new, ops) = open.take().unwrap_or((expected, String::new(), Vec::new()));
                        edits.push(self.edit(start..b.max(start), new, ops));
                    }
                    expected = expected.max(b + oc.c.len_utf8());
                }
                Src::New(n) => {
                    let o = open.get_or_insert_with(|| (expected, String::new(), Vec::new()));
                    o.1.push(oc.c);
                    if !o.2.contains(&n) {
                        o.2.push(n);
                    }
                }
                Src::Tidy(b) => {
                    open.get_or_insert_with(|| (expected.min(b), String::new(), Vec::new())).1.push(oc.c);
                }
            }
        }
        let end = self.text.len();
        if open.is_some() || expected < end {
            let (start, new, ops) = open.take().unwrap_or((expected, String::new(), Vec::new()));
            edits.push(self.edit(start..end.max(start), new, ops));
        }
        edits.retain(|e| e.old != e.new);
        Rendered { text, edits, origins }
    }

    /// An edit of the original `span`, attributed to the first operation it touches.
    fn edit(&self, span: std::ops::Range<usize>, new: String, mut ops: Vec<usize>) -> Edit {
        for (n, op) in self.ops.iter().enumerate() {
            let overlaps = op.range.start < span.end && span.start < op.range.end;
            let inside = op.range.is_empty() && span.contains(&op.range.start);
            if (overlaps || inside) && !ops.contains(&n) {
                ops.push(n);
            }
        }
        let first = ops.iter().min().map(|&n| &self.ops[n]);
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
