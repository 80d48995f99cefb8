//! iOS / macOS `.strings`: `"key" = "value";` pairs (unquoted keys too), `/* */` and
//! `//` comments, escapes `\"`, `\\`, `\n`, `\t`, `\r`, `\0`, `\uXXXX`, `\UXXXX`.

use super::{Mapped, Reader};

type Problem = (usize, &'static str);

pub(super) fn read_strings(r: &mut Reader<'_>) {
    let src = r.src;
    let mut pos = if src.starts_with('\u{feff}') { 3 } else { 0 };
    loop {
        let start = pos;
        match pair(src, &mut pos) {
            Ok(None) => return,
            Ok(Some((key, value))) => {
                let lang = r.lang;
                r.entry(key, value, lang);
            }
            Err((at, msg)) => {
                r.error(at, msg);
                // Go on with the next line, or with this one when the problem is at its
                // start (a pair whose `;` is missing is followed by the next pair).
                let line_start = src[..at].rfind('\n').map_or(0, |i| i + 1);
                let at_line_start = src[line_start..at].trim().is_empty() && at > start;
                pos = if at_line_start {
                    at
                } else {
                    match src[at..].find('\n') {
                        Some(i) => at + i + 1,
                        None => return,
                    }
                };
            }
        }
    }
}

/// Skips blanks and comments.
fn skip(src: &str, pos: &mut usize) -> Result<(), Problem> {
    loop {
        let rest = &src[*pos..];
        let trimmed = rest.trim_start();
        *pos += rest.len() - trimmed.len();
        if trimmed.starts_with("/*") {
            let len = trimmed.find("*/").ok_or((*pos, "unterminated comment"))?;
            *pos += len + 2;
        } else if trimmed.starts_with("//") {
            *pos += trimmed.find('\n').unwrap_or(trimmed.len());
        } else {
            return Ok(());
        }
    }
}

fn pair(src: &str, pos: &mut usize) -> Result<Option<(String, Mapped)>, Problem> {
    skip(src, pos)?;
    if *pos >= src.len() {
        return Ok(None);
    }
    let key = token(src, pos)?;
    skip(src, pos)?;
    if !src[*pos..].starts_with('=') {
        return Err((*pos, "expected `=` after a key"));
    }
    *pos += 1;
    skip(src, pos)?;
    let value = token(src, pos)?;
    skip(src, pos)?;
    if !src[*pos..].starts_with(';') {
        return Err((*pos, "expected `;` after a value"));
    }
    *pos += 1;
    Ok(Some((key.as_str().to_string(), value)))
}

/// A quoted string, or an unquoted word (letters, digits, `_`, `.`, `-`).
fn token(src: &str, pos: &mut usize) -> Result<Mapped, Problem> {
    let b = src.as_bytes();
    let start = *pos;
    if b.get(start) != Some(&b'"') {
        let len = src[start..]
            .find(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '.' | '-')))
            .unwrap_or(src.len() - start);
        if len == 0 {
            return Err((start, "expected a string in double quotes"));
        }
        let mut m = Mapped::at(start);
        m.push_plain(&src[start..start + len], start);
        *pos += len;
        return Ok(m);
    }
    let mut out = Mapped::at(start + 1);
    let mut i = start + 1;
    let mut run = i;
    loop {
        match b.get(i) {
            None => return Err((start, "unterminated string")),
            Some(b'"') => {
                out.push_plain(&src[run..i], run);
                *pos = i + 1;
                return Ok(out);
            }
            Some(b'\\') => {
                out.push_plain(&src[run..i], run);
                let (c, len) = escape(&src[i + 1..]).ok_or((i, "invalid escape"))?;
                let mut buf = [0; 4];
                out.push_atom(c.encode_utf8(&mut buf), i..i + 1 + len);
                i += 1 + len;
                run = i;
            }
            Some(_) => i += 1,
        }
    }
}

fn escape(rest: &str) -> Option<(char, usize)> {
    let c = rest.chars().next()?;
    Some(match c {
        'n' => ('\n', 1),
        't' => ('\t', 1),
        'r' => ('\r', 1),
        '0' => (' ', 1),
        '"' | '\\' | '\'' => (c, 1),
        'u' | 'U' => (char::from_u32(u32::from_str_radix(rest.get(1..5)?, 16).ok()?)?, 5),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::super::{Format, read};
    use crate::Lang;
    use std::path::Path;

    #[test]
    fn reads_pairs_comments_and_escapes() {
        let src =
            "/* Reminder */\n\"reminder\" = \"Votre \\\"rendez-vous\\\" %@\";\n// x\nplain_key = \"caf\\U00E9\";\n";
        let c = read(Format::AppleStrings, Path::new("fr.lproj/Localizable.strings"), src);
        assert!(c.errors.is_empty(), "{:?}", c.errors);
        let got: Vec<(&str, &str)> = c.entries.iter().map(|e| (e.key.as_str(), e.text.as_str())).collect();
        assert_eq!(got, [("reminder", "Votre \"rendez-vous\" %@"), ("plain_key", "café")]);
        assert_eq!(c.entries[0].lang, Some(Lang::Fr));
        let e = &c.entries[0];
        let v = e.text.find("rendez").unwrap();
        assert_eq!(&src[e.text.to_source_range(v..v + 6)], "rendez");
    }

    #[test]
    fn a_bad_pair_is_an_error_and_the_rest_is_read() {
        let src = "\"a\" = \"x\"\n\"b\" = \"y\";\n\"c\" = \"ok\";\n";
        let c = read(Format::AppleStrings, Path::new("x.strings"), src);
        assert_eq!(c.errors[0].to_string(), "line 2, column 1: invalid input: expected `;` after a value");
        let keys: Vec<&str> = c.entries.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["b", "c"]);
    }
}
