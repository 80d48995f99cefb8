//! Rails (and other i18n) YAML locales: the subset of YAML catalogs are written in.
//!
//! Nested mappings (keys joined with `.`), plain, single- and double-quoted scalars
//! (continued on more indented lines), block scalars (`|`, `>`, with `-`/`+` and an
//! indentation indicator), sequences of scalars (`- x`, `[a, b]`), comments. Anchors,
//! aliases, tags, sequences of mappings and flow mappings are rejected with a clear
//! error: a catalog that needs them is not read wrongly. The top-level key names the
//! language (`it:`) when it is a language code.

use super::{Mapped, Reader, lang_from_code};
use crate::Lang;

type Problem = (usize, &'static str);

struct Line {
    start: usize,
    /// End, without the line break (and a `\r` before it).
    end: usize,
    indent: usize,
}

fn lines(src: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut pos = if src.starts_with('\u{feff}') { 3 } else { 0 };
    while pos <= src.len() {
        let end = src[pos..].find('\n').map_or(src.len(), |i| pos + i);
        let content_end = if src[..end].ends_with('\r') { end - 1 } else { end };
        let indent = src[pos..content_end].bytes().take_while(|&b| b == b' ').count();
        out.push(Line { start: pos, end: content_end, indent });
        pos = end + 1;
    }
    out
}

/// Blank or only a comment.
fn is_blank(src: &str, l: &Line) -> bool {
    let t = src[l.start..l.end].trim_start();
    t.is_empty() || t.starts_with('#')
}

struct Parser<'s, 'r, 'a> {
    r: &'r mut Reader<'a>,
    src: &'s str,
    lines: Vec<Line>,
    i: usize,
    /// Open mappings: (indent of their keys, key).
    path: Vec<(usize, String)>,
    /// Next index of the sequence under each open key (by depth).
    seq: Vec<usize>,
}

pub(super) fn read(r: &mut Reader<'_>) {
    let src = r.src;
    let mut p = Parser { src, lines: lines(src), i: 0, path: Vec::new(), seq: Vec::new(), r };
    while p.i < p.lines.len() {
        let at = p.lines[p.i].start;
        if let Err((pos, msg)) = p.line() {
            p.r.error(pos.max(at), msg);
            p.i += 1;
        }
    }
}

impl Parser<'_, '_, '_> {
    fn line(&mut self) -> Result<(), Problem> {
        let src = self.src;
        let l = &self.lines[self.i];
        let (start, end, indent) = (l.start, l.end, l.indent);
        let text = &src[start..end];
        if is_blank(src, l) || text == "---" || text.starts_with("--- ") || text == "..." || text.starts_with('%') {
            self.i += 1;
            return Ok(());
        }
        if text[indent..].starts_with('\t') {
            return Err((start + indent, "tabs are not allowed in indentation"));
        }
        let body = start + indent;
        if text[indent..].starts_with("- ") || &text[indent..] == "-" {
            // A sequence item: under the open key at a lower indent, or at the same
            // indent right after it (`days:\n- Mon`).
            while self.path.last().is_some_and(|(k, _)| *k > indent) {
                self.path.pop();
            }
            self.seq.resize(self.path.len(), 0);
            let prefix = self.key_path();
            let Some(index) = self.seq.last_mut() else { return Err((body, "a sequence item outside of a key")) };
            let key = format!("{prefix}.{index}");
            *index += 1;
            let value_at = body + 1 + src[body + 1..end].len() - src[body + 1..end].trim_start().len();
            if value_at >= end {
                self.i += 1;
                return Ok(());
            }
            if is_key_line(&src[value_at..end]) {
                return Err((value_at, "sequences of mappings are not supported"));
            }
            return self.value(key, value_at, indent);
        }
        while self.path.last().is_some_and(|(k, _)| *k >= indent) {
            self.path.pop();
        }
        let (key, after) = self.key(body, end)?;
        let value_at = after + src[after..end].len() - src[after..end].trim_start().len();
        let full = if self.path.is_empty() { key.clone() } else { format!("{}.{key}", self.key_path()) };
        if value_at >= end || src[value_at..end].starts_with('#') {
            // A nested mapping or sequence follows.
            self.path.push((indent, key));
            self.seq.resize(self.path.len() - 1, 0);
            self.seq.push(0);
            self.i += 1;
            return Ok(());
        }
        self.value(full, value_at, indent)
    }

    fn key_path(&self) -> String {
        self.path.iter().map(|(_, k)| k.as_str()).collect::<Vec<_>>().join(".")
    }

    /// The language of the entries: the top-level key when it is a language code.
    fn lang(&self) -> Option<Lang> {
        self.path.first().and_then(|(_, k)| lang_from_code(k)).or(self.r.lang)
    }

    /// A mapping key at `at`: the key and the offset after its `:`.
    fn key(&self, at: usize, end: usize) -> Result<(String, usize), Problem> {
        let src = self.src;
        let b = src.as_bytes();
        if matches!(b[at], b'"' | b'\'') {
            let mut m = Mapped::at(at + 1);
            let close = quoted(src, at, end, &mut m)?;
            if b.get(close) != Some(&b':') {
                return Err((close, "expected `:` after a key"));
            }
            return Ok((m.as_str().to_string(), close + 1));
        }
        if matches!(b[at], b'&' | b'*' | b'!' | b'{' | b'[' | b'?') {
            return Err((at, "anchors, aliases, tags, flow mappings and complex keys are not supported"));
        }
        let line = &src[at..end];
        let colon = line
            .match_indices(':')
            .map(|(i, _)| i)
            .find(|&i| line[i + 1..].is_empty() || line[i + 1..].starts_with([' ', '\t']))
            .ok_or((at, "expected `key: value`"))?;
        Ok((line[..colon].trim_end().to_string(), at + colon + 1))
    }

    /// A scalar value at `at` on the current line, for a key at `indent`.
    fn value(&mut self, key: String, at: usize, indent: usize) -> Result<(), Problem> {
        let src = self.src;
        let end = self.lines[self.i].end;
        let b = src.as_bytes();
        match b[at] {
            b'&' | b'*' | b'!' => Err((at, "anchors, aliases and tags are not supported")),
            b'{' => Err((at, "flow mappings are not supported")),
            b'[' => {
                let items = flow_sequence(src, at, end)?;
                let lang = self.lang();
                for (k, m) in items.into_iter().enumerate() {
                    self.r.entry(format!("{key}.{k}"), m, lang);
                }
                self.i += 1;
                Ok(())
            }
            b'|' | b'>' => self.block(key, at, end, indent),
            b'"' | b'\'' => {
                let mut m = Mapped::at(at + 1);
                let close = self.multi_line_quoted(at, &mut m)?;
                let line_end = self.lines[self.i].end;
                let rest = src[close..line_end].trim();
                if !rest.is_empty() && !rest.starts_with('#') {
                    return Err((close, "unexpected characters after a quoted value"));
                }
                self.i += 1;
                self.emit(key, m);
                Ok(())
            }
            _ => {
                let mut m = Mapped::at(at);
                m.push_plain(plain_part(&src[at..end]), at);
                self.i += 1;
                // Continued on more indented lines, folded with a space.
                while let Some(l) = self.lines.get(self.i) {
                    if is_blank(src, l) || l.indent <= indent {
                        break;
                    }
                    let part = plain_part(&src[l.start + l.indent..l.end]);
                    m.push_atom(" ", m_src_end(&m)..l.start + l.indent);
                    m.push_plain(part, l.start + l.indent);
                    self.i += 1;
                }
                if !is_non_text(m.as_str()) {
                    self.emit(key, m);
                }
                Ok(())
            }
        }
    }

    fn emit(&mut self, key: String, m: Mapped) {
        if !m.trim_matches(char::is_whitespace).is_empty() {
            let lang = self.lang();
            self.r.entry(key, m, lang);
        }
    }

    /// A quoted scalar that may go on over several lines (line breaks folded into a
    /// space); returns the offset after the closing quote, on the line it ends on.
    fn multi_line_quoted(&mut self, at: usize, m: &mut Mapped) -> Result<usize, Problem> {
        let src = self.src;
        let mut from = at;
        let mut open = true;
        loop {
            let end = self.lines[self.i].end;
            match quoted_from(src, at, from, end, m, open) {
                Ok(close) => return Ok(close),
                Err((_, "unterminated string")) if self.i + 1 < self.lines.len() => {
                    self.i += 1;
                    let l = &self.lines[self.i];
                    let next = l.start + (src[l.start..l.end].len() - src[l.start..l.end].trim_start().len());
                    m.push_atom(" ", end..next);
                    from = next;
                    open = false;
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// `|`, `|-`, `|+`, `>`, `>-`, `|2`: the lines more indented than the key.
    fn block(&mut self, key: String, at: usize, end: usize, indent: usize) -> Result<(), Problem> {
        let src = self.src;
        let header = src[at..end].split('#').next().unwrap_or("").trim_end();
        let folded = header.starts_with('>');
        let explicit = header[1..].bytes().find(u8::is_ascii_digit).map(|d| usize::from(d - b'0'));
        if !header[1..].bytes().all(|c| matches!(c, b'-' | b'+' | b'1'..=b'9')) {
            return Err((at, "invalid block scalar header"));
        }
        let keep = header.contains('+');
        self.i += 1;
        let first = self.i;
        let block_indent = match explicit {
            Some(n) => indent + n,
            None => self.lines[first..]
                .iter()
                .find(|l| !src[l.start..l.end].trim().is_empty())
                .map_or(indent + 1, |l| l.indent),
        };
        let mut m = Mapped::at(self.lines.get(first).map_or(src.len(), |l| l.start + block_indent));
        let mut pending_breaks = 0usize;
        let mut last_end: Option<usize> = None;
        while let Some(l) = self.lines.get(self.i) {
            let blank = src[l.start..l.end].trim().is_empty();
            if !blank && l.indent < block_indent.max(indent + 1) {
                break;
            }
            if blank {
                pending_breaks += 1;
            } else {
                let content = l.start + block_indent;
                if let Some(prev) = last_end {
                    let sep = if folded && pending_breaks == 0 {
                        " ".to_string()
                    } else {
                        "\n".repeat(pending_breaks + usize::from(!folded))
                    };
                    m.push_atom(&sep, prev..content);
                }
                m.push_plain(&src[content..l.end], content);
                last_end = Some(l.end);
                pending_breaks = 0;
            }
            self.i += 1;
        }
        if keep {
            if let Some(prev) = last_end {
                m.push_atom("\n", prev..prev);
            }
        }
        self.emit(key, m);
        Ok(())
    }
}

/// The source end of what a mapped text holds so far.
fn m_src_end(m: &Mapped) -> usize {
    m.to_source_end(m.len())
}

/// A line starts with `key:` (a mapping inside a sequence item).
fn is_key_line(s: &str) -> bool {
    let s = s.split(" #").next().unwrap_or(s);
    s.match_indices(':').any(|(i, _)| s[i + 1..].is_empty() || s[i + 1..].starts_with(' '))
        && !s.starts_with(['"', '\''])
}

/// A plain scalar's text on one line: up to a ` #` comment, blanks trimmed.
fn plain_part(s: &str) -> &str {
    let s = match s.find(" #") {
        Some(i) => &s[..i],
        None => s,
    };
    s.trim_end()
}

/// Plain scalars that are not text: null, booleans, numbers.
fn is_non_text(s: &str) -> bool {
    matches!(s, "~" | "null" | "Null" | "NULL" | "true" | "True" | "TRUE" | "false" | "False" | "FALSE")
        || s.parse::<f64>().is_ok()
}

/// `[a, "b", 'c']` on one line.
fn flow_sequence(src: &str, at: usize, end: usize) -> Result<Vec<Mapped>, Problem> {
    let b = src.as_bytes();
    let mut items = Vec::new();
    let mut i = at + 1;
    loop {
        while i < end && b[i] == b' ' {
            i += 1;
        }
        if i >= end {
            return Err((at, "unterminated flow sequence"));
        }
        match b[i] {
            b']' => return Ok(items),
            b'"' | b'\'' => {
                let mut m = Mapped::at(i + 1);
                i = quoted(src, i, end, &mut m)?;
                items.push(m);
            }
            b'[' | b'{' | b'&' | b'*' | b'!' => {
                return Err((i, "nested flow collections, anchors, aliases and tags are not supported"));
            }
            _ => {
                let len = src[i..end].find([',', ']']).ok_or((at, "unterminated flow sequence"))?;
                let text = src[i..i + len].trim_end();
                let mut m = Mapped::at(i);
                m.push_plain(text, i);
                if !is_non_text(text) {
                    items.push(m);
                }
                i += len;
            }
        }
        while i < end && b[i] == b' ' {
            i += 1;
        }
        match b.get(i) {
            Some(b',') => i += 1,
            Some(b']') => return Ok(items),
            _ => return Err((i, "expected `,` or `]` in a flow sequence")),
        }
    }
}

/// A quoted scalar on one line; returns the offset after the closing quote.
fn quoted(src: &str, at: usize, end: usize, m: &mut Mapped) -> Result<usize, Problem> {
    quoted_from(src, at, at, end, m, true)
}

/// Reads a quoted scalar opened at `at` from `from` (the quote itself when `open`, a
/// continuation line otherwise) to the closing quote before `end`.
fn quoted_from(src: &str, at: usize, from: usize, end: usize, m: &mut Mapped, open: bool) -> Result<usize, Problem> {
    let b = src.as_bytes();
    let quote = b[at];
    let mut i = if open { from + 1 } else { from };
    let mut run = i;
    while i < end {
        match b[i] {
            c if c == quote && quote == b'\'' && b.get(i + 1) == Some(&b'\'') => {
                m.push_plain(&src[run..i], run);
                m.push_atom("'", i..i + 2);
                i += 2;
                run = i;
            }
            c if c == quote => {
                m.push_plain(&src[run..i], run);
                return Ok(i + 1);
            }
            b'\\' if quote == b'"' => {
                m.push_plain(&src[run..i], run);
                let (c, len) = escape(&src[i + 1..end]).ok_or((i, "invalid escape"))?;
                let mut buf = [0; 4];
                m.push_atom(c.encode_utf8(&mut buf), i..i + 1 + len);
                i += 1 + len;
                run = i;
            }
            _ => i += 1,
        }
    }
    m.push_plain(&src[run..end], run);
    Err((at, "unterminated string"))
}

fn escape(rest: &str) -> Option<(char, usize)> {
    let c = rest.chars().next()?;
    let hex = |n: usize| rest.get(1..1 + n).and_then(|h| u32::from_str_radix(h, 16).ok()).and_then(char::from_u32);
    Some(match c {
        'n' => ('\n', 1),
        't' | '\t' => ('\t', 1),
        'r' => ('\r', 1),
        '0' => ('\0', 1),
        'a' => ('\u{7}', 1),
        'b' => ('\u{8}', 1),
        'e' => ('\u{1b}', 1),
        'N' => ('\u{85}', 1),
        '_' => ('\u{a0}', 1),
        'L' => ('\u{2028}', 1),
        'P' => ('\u{2029}', 1),
        '"' | '\\' | '/' | ' ' => (c, 1),
        'x' => (hex(2)?, 3),
        'u' => (hex(4)?, 5),
        'U' => (hex(8)?, 9),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::super::{Format, read};
    use crate::Lang;
    use std::path::Path;

    fn entries(src: &str) -> Vec<(String, String, Option<Lang>)> {
        let c = read(Format::RailsYaml, Path::new("config/locales/x.yml"), src);
        assert!(c.errors.is_empty(), "{:?}", c.errors);
        c.entries.into_iter().map(|e| (e.key, e.text.as_str().to_string(), e.lang)).collect()
    }

    #[test]
    fn reads_nested_keys_and_every_scalar_style() {
        let src = "# comment\n---\nit:\n  visit:\n    plain: Ciao %{name} # note\n    single: 'l''appuntamento'\n    double: \"Riga\\tuno\\u00e8\"\n    literal: |\n      uno\n        due\n\n      tre\n    folded: >-\n      uno\n      due\n    wrapped: questo va\n      a capo\n    count: 3\n    flag: true\n  days: [Lun, \"Mar\"]\n  months:\n  - Gen\n  - Feb\n";
        let it = Some(Lang::It);
        let got = entries(src);
        let want: Vec<(String, String, Option<Lang>)> = [
            ("it.visit.plain", "Ciao %{name}"),
            ("it.visit.single", "l'appuntamento"),
            ("it.visit.double", "Riga\tunoè"),
            ("it.visit.literal", "uno\n  due\n\ntre"),
            ("it.visit.folded", "uno due"),
            ("it.visit.wrapped", "questo va a capo"),
            ("it.days.0", "Lun"),
            ("it.days.1", "Mar"),
            ("it.months.0", "Gen"),
            ("it.months.1", "Feb"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string(), it))
        .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn maps_every_style_back_to_the_file() {
        let src = "en:\n  a: \"x \\\"visit\\\" y\"\n  b: |\n    one\n    visit\n  c: plain\n    visit\n";
        let c = read(Format::RailsYaml, Path::new("en.yml"), src);
        for e in &c.entries {
            let v = e.text.find("visit").unwrap();
            assert_eq!(&src[e.text.to_source_range(v..v + 5)], "visit", "{}", e.key);
        }
        assert_eq!(c.entries.len(), 3);
    }

    #[test]
    fn rejects_what_it_does_not_read_with_positions() {
        let src =
            "en:\n  a: &x hello\n  b: *x\n  c: !!str x\n  d: {x: 1}\n  e: \"bad \\q\"\n  f:\n  - g: 1\n  ok: fine\n";
        let c = read(Format::RailsYaml, Path::new("en.yml"), src);
        let errors: Vec<String> = c.errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            errors,
            [
                "line 2, column 6: invalid input: anchors, aliases and tags are not supported",
                "line 3, column 6: invalid input: anchors, aliases and tags are not supported",
                "line 4, column 6: invalid input: anchors, aliases and tags are not supported",
                "line 5, column 6: invalid input: flow mappings are not supported",
                "line 6, column 11: invalid input: invalid escape",
                "line 8, column 5: invalid input: sequences of mappings are not supported",
            ]
        );
        assert_eq!(c.entries.len(), 1);
        assert_eq!(c.entries[0].key, "en.ok");
    }
}
