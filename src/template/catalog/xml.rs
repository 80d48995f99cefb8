//! The part of XML that Android resources and XLIFF use: elements, attributes,
//! character and entity references, CDATA, comments, processing instructions and a
//! doctype (skipped). No DTD expansion, no namespaces beyond the prefix in a name.

use std::ops::Range;

use super::Mapped;

/// Nesting deeper than this is rejected.
const MAX_DEPTH: usize = 256;

pub(super) type XmlError = (usize, &'static str);

#[derive(Debug)]
pub(super) struct Attr<'a> {
    pub name: &'a str,
    /// The raw value between the quotes.
    pub value: Range<usize>,
}

#[derive(Debug)]
pub(super) enum Event<'a> {
    Start {
        name: &'a str,
        attrs: Vec<Attr<'a>>,
        empty: bool,
        at: usize,
    },
    End {
        name: &'a str,
    },
    Text(Range<usize>),
    /// The contents of a CDATA section.
    CData(Range<usize>),
    Eof,
}

pub(super) struct Xml<'a> {
    pub src: &'a str,
    pub pos: usize,
    depth: usize,
}

/// Whether the document's root element is `name` (after a declaration, comments and
/// a doctype).
pub(super) fn root_is(src: &str, name: &str) -> bool {
    let mut x = Xml::new(src);
    matches!(x.next(), Ok(Event::Start { name: n, .. }) if n == name || n.rsplit(':').next() == Some(name))
}

impl<'a> Xml<'a> {
    pub fn new(src: &'a str) -> Xml<'a> {
        Xml { src, pos: if src.starts_with('\u{feff}') { 3 } else { 0 }, depth: 0 }
    }

    fn rest(&self) -> &'a str {
        &self.src[self.pos..]
    }

    /// The next event; blank text between elements at the top level is skipped.
    pub fn next(&mut self) -> Result<Event<'a>, XmlError> {
        loop {
            let rest = self.rest();
            if rest.is_empty() {
                return Ok(Event::Eof);
            }
            if let Some(after) = rest.strip_prefix("<!--") {
                let len = after.find("-->").ok_or((self.pos, "unterminated comment"))?;
                self.pos += 4 + len + 3;
            } else if let Some(after) = rest.strip_prefix("<![CDATA[") {
                let len = after.find("]]>").ok_or((self.pos, "unterminated CDATA section"))?;
                let start = self.pos + 9;
                self.pos = start + len + 3;
                return Ok(Event::CData(start..start + len));
            } else if rest.starts_with("<?") {
                let len = rest.find("?>").ok_or((self.pos, "unterminated processing instruction"))?;
                self.pos += len + 2;
            } else if rest.starts_with("<!") {
                // A doctype; an internal subset (`[...]`) is skipped whole.
                let close = match (rest.find('['), rest.find('>')) {
                    (Some(o), Some(c)) if o < c => rest[o..].find("]>").map(|i| o + i + 2),
                    (_, c) => c.map(|c| c + 1),
                };
                self.pos += close.ok_or((self.pos, "unterminated declaration"))?;
            } else if let Some(after) = rest.strip_prefix("</") {
                let len = after.find('>').ok_or((self.pos, "unterminated end tag"))?;
                let name = after[..len].trim_end();
                if !is_name(name) {
                    return Err((self.pos + 2, "invalid element name"));
                }
                self.depth = self.depth.saturating_sub(1);
                self.pos += 2 + len + 1;
                return Ok(Event::End { name });
            } else if rest.starts_with('<') {
                return self.start_tag();
            } else {
                let len = rest.find('<').unwrap_or(rest.len());
                let range = self.pos..self.pos + len;
                self.pos += len;
                if self.depth == 0 && self.src[range.clone()].trim().is_empty() {
                    continue;
                }
                if self.depth == 0 {
                    return Err((range.start, "text outside of the root element"));
                }
                return Ok(Event::Text(range));
            }
        }
    }

    fn start_tag(&mut self) -> Result<Event<'a>, XmlError> {
        let at = self.pos;
        let b = self.src.as_bytes();
        let mut i = at + 1;
        let name_len = self.src[i..].find(|c: char| c.is_whitespace() || c == '>' || c == '/').unwrap_or(0);
        let name = &self.src[i..i + name_len];
        if !is_name(name) {
            return Err((i, "invalid element name"));
        }
        i += name_len;
        let mut attrs = Vec::new();
        loop {
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            match b.get(i) {
                None => return Err((at, "unterminated start tag")),
                Some(b'>') => {
                    self.pos = i + 1;
                    self.depth += 1;
                    if self.depth > MAX_DEPTH {
                        return Err((at, "nesting too deep"));
                    }
                    return Ok(Event::Start { name, attrs, empty: false, at });
                }
                Some(b'/') if b.get(i + 1) == Some(&b'>') => {
                    self.pos = i + 2;
                    return Ok(Event::Start { name, attrs, empty: true, at });
                }
                Some(_) => {
                    let len = self.src[i..]
                        .find(|c: char| c.is_whitespace() || c == '=' || c == '>' || c == '/')
                        .unwrap_or(0);
                    let attr = &self.src[i..i + len];
                    if !is_name(attr) {
                        return Err((i, "invalid attribute name"));
                    }
                    i += len;
                    while i < b.len() && b[i].is_ascii_whitespace() {
                        i += 1;
                    }
                    if b.get(i) != Some(&b'=') {
                        return Err((i, "expected `=` after an attribute name"));
                    }
                    i += 1;
                    while i < b.len() && b[i].is_ascii_whitespace() {
                        i += 1;
                    }
                    let quote = match b.get(i) {
                        Some(&q @ (b'"' | b'\'')) => q,
                        _ => return Err((i, "expected a quoted attribute value")),
                    };
                    let len = b[i + 1..].iter().position(|&c| c == quote).ok_or((i, "unterminated attribute value"))?;
                    attrs.push(Attr { name: attr, value: i + 1..i + 1 + len });
                    i += len + 2;
                }
            }
        }
    }

    /// Skips the rest of an element whose start tag was just read.
    pub fn skip_element(&mut self) -> Result<(), XmlError> {
        let mut depth = 1usize;
        loop {
            match self.next()? {
                Event::Start { empty: false, .. } => depth += 1,
                Event::End { .. } => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(());
                    }
                }
                Event::Eof => return Err((self.pos, "unexpected end of the document")),
                _ => {}
            }
        }
    }

    /// The text of the element whose start tag was just read, up to its end tag: text
    /// and CDATA decoded by `text`, markup inside left out, and the contents of the
    /// elements named in `code` (XLIFF's native code) left out too.
    pub fn content(
        &mut self,
        out: &mut Mapped,
        code: &[&str],
        mut text: impl FnMut(&str, Range<usize>, bool, &mut Mapped) -> Result<(), XmlError>,
    ) -> Result<(), XmlError> {
        let mut depth = 1usize;
        loop {
            match self.next()? {
                Event::Start { name, empty, .. } => {
                    if !empty {
                        if code.contains(&local(name)) {
                            self.skip_element()?;
                        } else {
                            depth += 1;
                        }
                    }
                }
                Event::End { .. } => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(());
                    }
                }
                Event::Text(r) => text(self.src, r, false, out)?,
                Event::CData(r) => text(self.src, r, true, out)?,
                Event::Eof => return Err((self.pos, "unexpected end of the document")),
            }
        }
    }
}

/// A name without its namespace prefix.
pub(super) fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

fn is_name(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_' || c == ':')
        && s.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | ':' | '-' | '.'))
}

/// An entity or character reference at `at` (the `&`): what it stands for and its
/// length.
pub(super) fn entity(src: &str, at: usize) -> Result<(char, usize), XmlError> {
    let rest = &src[at + 1..];
    let len = rest.bytes().take(12).position(|c| c == b';').ok_or((at, "invalid entity reference"))?;
    let name = &rest[..len];
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        _ => {
            let code = if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                u32::from_str_radix(hex, 16).ok()
            } else if let Some(dec) = name.strip_prefix('#') {
                dec.parse().ok()
            } else {
                None
            };
            code.and_then(char::from_u32).filter(|&c| c != '\0').ok_or((at, "invalid entity reference"))?
        }
    };
    Ok((c, len + 2))
}

/// Decodes character data (entities) into `out`.
pub(super) fn decode(src: &str, range: Range<usize>, out: &mut Mapped) -> Result<(), XmlError> {
    let mut run = range.start;
    let mut i = range.start;
    while let Some(k) = src[i..range.end].find('&') {
        let at = i + k;
        out.push_plain(&src[run..at], run);
        let (c, len) = entity(src, at)?;
        let mut buf = [0; 4];
        out.push_atom(c.encode_utf8(&mut buf), at..at + len);
        i = at + len;
        run = i;
    }
    out.push_plain(&src[run..range.end], run);
    Ok(())
}

/// An attribute's value, decoded (for names and language codes, not message text).
pub(super) fn attr_value(src: &str, attrs: &[Attr<'_>], name: &str) -> Option<String> {
    let a = attrs.iter().find(|a| a.name == name || local(a.name) == name)?;
    let mut m = Mapped::at(a.value.start);
    decode(src, a.value.clone(), &mut m).ok()?;
    Some(m.as_str().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_roots_and_decodes_entities() {
        assert!(root_is("<?xml version=\"1.0\"?>\n<!-- x -->\n<resources>", "resources"));
        assert!(!root_is("<manifest>", "resources"));
        let src = "<a>x &amp; &#233;&#x1F600; y</a>";
        let mut x = Xml::new(src);
        assert!(matches!(x.next(), Ok(Event::Start { name: "a", .. })));
        let mut m = Mapped::at(3);
        x.content(&mut m, &[], |s, r, _, m| decode(s, r, m)).unwrap();
        assert_eq!(m.as_str(), "x & é😀 y");
        let e = m.find('é').unwrap();
        assert_eq!(&src[m.to_source_range(e..e + 2)], "&#233;");
        assert_eq!(entity("&nope;", 0), Err((0, "invalid entity reference")));
    }
}
