//! A small JSON reader that keeps positions: every value knows its byte range in the
//! source, and every string can map an offset in its decoded text back to the source,
//! escapes (`\n`, `\u00e9`, surrogate pairs) included.
//!
//! `serde_json` forgets where values were; a linter has to point at them.

use std::ops::Range;

/// Nesting deeper than this is rejected (keeps the recursive reader off the stack limit).
const MAX_DEPTH: usize = 128;

/// A JSON value with its byte range in the source.
#[derive(Clone, Debug)]
pub(crate) struct Node {
    pub value: Value,
    pub span: Range<usize>,
}

#[derive(Clone, Debug)]
pub(crate) enum Value {
    Null,
    Bool,
    Number,
    String(JsonStr),
    Array(Vec<Node>),
    Object(Vec<(JsonStr, Node)>),
}

/// A decoded JSON string and the way back to its source.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct JsonStr {
    /// The decoded text.
    pub value: String,
    /// Byte range of the contents in the source (between the quotes).
    pub span: Range<usize>,
    /// Escapes, in order: where they are in the decoded text and in the source.
    escapes: Vec<Escape>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Escape {
    /// Start in the decoded text.
    dec: usize,
    /// Length of what it decodes to, in bytes.
    dec_len: usize,
    /// Start in the source (the backslash).
    src: usize,
    /// Length in the source (`\n` is 2, `\u00e9` is 6, a surrogate pair is 12).
    src_len: usize,
}

impl JsonStr {
    /// A string that is not escaped and starts at `start` in its source.
    #[cfg(test)]
    pub(crate) fn plain(value: &str, start: usize) -> JsonStr {
        JsonStr { value: value.to_string(), span: start..start + value.len(), escapes: Vec::new() }
    }

    /// The source offset of a byte offset in the decoded text. An offset inside what an
    /// escape decodes to maps to the start of the escape.
    pub fn to_source(&self, decoded: usize) -> usize {
        let decoded = decoded.min(self.value.len());
        let i = self.escapes.partition_point(|e| e.dec <= decoded);
        match i.checked_sub(1).map(|i| self.escapes[i]) {
            None => self.span.start + decoded,
            Some(e) if decoded == e.dec => e.src,
            Some(e) if decoded < e.dec + e.dec_len => e.src,
            Some(e) => e.src + e.src_len + (decoded - e.dec - e.dec_len),
        }
    }

    /// The decoded text with its map back to the source, for the catalog readers.
    pub(crate) fn to_mapped(&self) -> super::catalog::Mapped {
        let atoms = self.escapes.iter().map(|e| (e.dec, e.dec_len, e.src, e.src_len));
        super::catalog::Mapped::from_parts(self.value.clone(), self.span.start, atoms)
    }

    /// The source range of a range of the decoded text. A range that ends inside what an
    /// escape decodes to extends over the whole escape.
    pub fn to_source_range(&self, decoded: Range<usize>) -> Range<usize> {
        let start = self.to_source(decoded.start);
        let end = decoded.end.min(self.value.len());
        let i = self.escapes.partition_point(|e| e.dec < end);
        let end = match i.checked_sub(1).map(|i| self.escapes[i]) {
            Some(e) if end <= e.dec + e.dec_len => e.src + e.src_len,
            _ => self.to_source(end),
        };
        start..end.max(start)
    }
}

/// A syntax error: what was expected and where (a byte offset into the source).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    pub pos: usize,
    pub msg: &'static str,
}

/// Parses a whole document (a UTF-8 byte-order mark at the start is skipped).
pub(crate) fn parse(src: &str) -> Result<Node, SyntaxError> {
    let mut p = Reader { b: src.as_bytes(), src, pos: 0 };
    if src.starts_with('\u{feff}') {
        p.pos = 3;
    }
    p.ws();
    let node = p.value(0)?;
    p.ws();
    if p.pos < p.b.len() {
        return Err(p.err("trailing characters after the JSON value"));
    }
    Ok(node)
}

struct Reader<'a> {
    src: &'a str,
    b: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn err(&self, msg: &'static str) -> SyntaxError {
        SyntaxError { pos: self.pos, msg }
    }

    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.b.get(self.pos) {
            self.pos += 1;
        }
    }

    fn value(&mut self, depth: usize) -> Result<Node, SyntaxError> {
        if depth > MAX_DEPTH {
            return Err(self.err("nesting too deep"));
        }
        let start = self.pos;
        let value = match self.b.get(self.pos) {
            None => return Err(self.err("unexpected end of input, expected a value")),
            Some(b'{') => self.object(depth)?,
            Some(b'[') => self.array(depth)?,
            Some(b'"') => Value::String(self.string()?),
            Some(b't') => self.literal(b"true", Value::Bool)?,
            Some(b'f') => self.literal(b"false", Value::Bool)?,
            Some(b'n') => self.literal(b"null", Value::Null)?,
            Some(b'-' | b'0'..=b'9') => self.number()?,
            Some(_) => return Err(self.err("expected a value")),
        };
        Ok(Node { value, span: start..self.pos })
    }

    fn literal(&mut self, word: &[u8], value: Value) -> Result<Value, SyntaxError> {
        if self.b[self.pos..].starts_with(word) {
            self.pos += word.len();
            Ok(value)
        } else {
            Err(self.err("expected a value"))
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while self.b.get(self.pos).is_some_and(u8::is_ascii_digit) {
            self.pos += 1;
        }
        self.pos - start
    }

    fn number(&mut self) -> Result<Value, SyntaxError> {
        if self.b[self.pos] == b'-' {
            self.pos += 1;
        }
        match self.b.get(self.pos) {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(self.err("invalid number")),
        }
        if self.b.get(self.pos) == Some(&b'.') {
            self.pos += 1;
            if self.digits() == 0 {
                return Err(self.err("invalid number"));
            }
        }
        if let Some(b'e' | b'E') = self.b.get(self.pos) {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.b.get(self.pos) {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return Err(self.err("invalid number"));
            }
        }
        Ok(Value::Number)
    }

    fn array(&mut self, depth: usize) -> Result<Value, SyntaxError> {
        self.pos += 1;
        let mut items = Vec::new();
        self.ws();
        if self.b.get(self.pos) == Some(&b']') {
            self.pos += 1;
            return Ok(Value::Array(items));
        }
        loop {
            self.ws();
            items.push(self.value(depth + 1)?);
            self.ws();
            match self.b.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Value::Array(items));
                }
                _ => return Err(self.err("expected `,` or `]`")),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, SyntaxError> {
        self.pos += 1;
        let mut members = Vec::new();
        self.ws();
        if self.b.get(self.pos) == Some(&b'}') {
            self.pos += 1;
            return Ok(Value::Object(members));
        }
        loop {
            self.ws();
            if self.b.get(self.pos) != Some(&b'"') {
                return Err(self.err("expected a string key"));
            }
            let key = self.string()?;
            self.ws();
            if self.b.get(self.pos) != Some(&b':') {
                return Err(self.err("expected `:`"));
            }
            self.pos += 1;
            self.ws();
            let value = self.value(depth + 1)?;
            members.push((key, value));
            self.ws();
            match self.b.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Value::Object(members));
                }
                _ => return Err(self.err("expected `,` or `}`")),
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        let digits = self.b.get(self.pos..self.pos + 4).ok_or_else(|| self.err("invalid unicode escape"))?;
        let mut v = 0u32;
        for &d in digits {
            let x = (d as char).to_digit(16).ok_or_else(|| self.err("invalid unicode escape"))?;
            v = v * 16 + x;
        }
        self.pos += 4;
        Ok(v)
    }

    fn string(&mut self) -> Result<JsonStr, SyntaxError> {
        self.pos += 1; // the opening quote
        let start = self.pos;
        let mut value = String::new();
        let mut escapes = Vec::new();
        let mut run = self.pos;
        loop {
            match self.b.get(self.pos) {
                None => return Err(self.err("unterminated string")),
                Some(b'"') => {
                    value.push_str(&self.src[run..self.pos]);
                    let span = start..self.pos;
                    self.pos += 1;
                    return Ok(JsonStr { value, span, escapes });
                }
                Some(b'\\') => {
                    value.push_str(&self.src[run..self.pos]);
                    let src = self.pos;
                    let dec = value.len();
                    self.pos += 1;
                    let c = match self.b.get(self.pos) {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            self.pos += 1;
                            let hi = self.hex4()?;
                            self.pos -= 1; // stays on the last hex digit, like the other arms
                            let cp = if (0xD800..0xDC00).contains(&hi) {
                                if !self.b[self.pos + 1..].starts_with(b"\\u") {
                                    self.pos += 1;
                                    return Err(self.err("unpaired surrogate in unicode escape"));
                                }
                                self.pos += 3;
                                let lo = self.hex4()?;
                                self.pos -= 1;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return Err(self.err("unpaired surrogate in unicode escape"));
                                }
                                0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                            } else {
                                hi
                            };
                            char::from_u32(cp).ok_or_else(|| self.err("unpaired surrogate in unicode escape"))?
                        }
                        _ => return Err(self.err("invalid escape")),
                    };
                    self.pos += 1;
                    value.push(c);
                    escapes.push(Escape { dec, dec_len: c.len_utf8(), src, src_len: self.pos - src });
                    run = self.pos;
                }
                Some(&c) if c < 0x20 => return Err(self.err("control character in string")),
                Some(_) => self.pos += 1,
            }
        }
    }
}

impl Node {
    /// The member `key` of an object (the last one if it is repeated).
    pub(crate) fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Object(members) => members.iter().rev().find(|(k, _)| k.value == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub(crate) fn as_str(&self) -> Option<&JsonStr> {
        match &self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub(crate) fn as_array(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    pub(crate) fn is_object(&self) -> bool {
        matches!(self.value, Value::Object(_))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn string(src: &str) -> JsonStr {
        match parse(src).unwrap().value {
            Value::String(s) => s,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn decodes_escapes_and_maps_offsets_back() {
        let src = r#""a\nb\u00e9c\ud83d\ude00d\"""#;
        let s = string(src);
        assert_eq!(s.value, "a\nbéc😀d\"");
        assert_eq!(s.span, 1..src.len() - 1);
        // Every decoded char boundary maps to the start of its source form.
        let starts: Vec<usize> = s.value.char_indices().map(|(i, _)| s.to_source(i)).collect();
        assert_eq!(starts, [1, 2, 4, 5, 11, 12, 24, 25]);
        assert_eq!(s.to_source(s.value.len()), src.len() - 1);
        // "é" in the source is the six bytes `\u00e9`.
        let e = s.value.find('é').unwrap();
        assert_eq!(&src[s.to_source_range(e..e + 2)], r"\u00e9");
        assert_eq!(&src[s.to_source_range(0..s.value.len())], &src[1..src.len() - 1]);
    }

    #[test]
    fn plain_strings_map_one_to_one() {
        let s = string(r#"  "hello""#);
        assert_eq!(s.to_source_range(1..3), 4..6);
    }

    #[test]
    fn reports_syntax_errors_with_positions() {
        for (src, pos, msg) in [
            ("{\"a\" 1}", 5, "expected `:`"),
            ("[1, 2", 5, "expected `,` or `]`"),
            ("{\"a\": \"x\u{1}\"}", 8, "control character in string"),
            ("\"\\ud800x\"", 7, "unpaired surrogate in unicode escape"),
            ("[01]", 2, "expected `,` or `]`"),
            ("{} x", 3, "trailing characters after the JSON value"),
            ("", 0, "unexpected end of input, expected a value"),
        ] {
            assert_eq!(parse(src).unwrap_err(), SyntaxError { pos, msg }, "{src:?}");
        }
        let deep = "[".repeat(1000);
        assert_eq!(parse(&deep).unwrap_err().msg, "nesting too deep");
    }

    #[test]
    fn agrees_with_serde_json_on_values() {
        let src = r#"{"a": [1, -2.5e3, true, null, "x\ty"], "b": {"c": "\u20ac"}}"#;
        let node = parse(src).unwrap();
        let a = node.get("a").unwrap().as_array().unwrap();
        assert_eq!(a.len(), 5);
        assert_eq!(a[4].as_str().unwrap().value, "x\ty");
        assert_eq!(node.get("b").unwrap().get("c").unwrap().as_str().unwrap().value, "€");
        assert_eq!(&src[a[1].span.clone()], "-2.5e3");
        let _: serde_json::Value = serde_json::from_str(src).unwrap();
    }
}
