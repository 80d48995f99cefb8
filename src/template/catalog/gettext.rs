//! gettext `.po` / `.pot`: `msgctxt`, `msgid`, `msgid_plural`, `msgstr`, `msgstr[n]`,
//! strings continued on the next lines, C escapes, the `Language:` header.
//!
//! A translated entry is checked in the catalog's language (its `msgstr` forms); an
//! untranslated one (a template `.pot`, a missing translation) by its `msgid`, which is
//! what gets sent.

use super::{Mapped, Reader, lang_from_code};

/// The entry being read.
#[derive(Default)]
struct Pending {
    context: Option<Mapped>,
    ids: Vec<(&'static str, Mapped)>,
    strs: Vec<(String, Mapped)>,
    /// Skipping to the next entry after a malformed line.
    broken: bool,
    any: bool,
}

/// Which field the continuation lines belong to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    None,
    Context,
    Id,
    Str,
}

pub(super) fn read(r: &mut Reader<'_>) {
    let src = r.src;
    let mut pending = Pending::default();
    let mut field = Field::None;
    let mut pos = if src.starts_with('\u{feff}') { 3 } else { 0 };
    while pos < src.len() {
        let end = src[pos..].find('\n').map_or(src.len(), |i| pos + i);
        let line = &src[pos..end];
        let trimmed = line.trim_start();
        let at = pos + (line.len() - trimmed.len());
        let trimmed = trimmed.trim_end();
        pos = end + 1;
        if trimmed.is_empty() {
            flush(r, &mut pending);
            field = Field::None;
            continue;
        }
        if trimmed.starts_with('#') {
            continue;
        }
        if pending.broken {
            continue;
        }
        let (keyword, rest_at) = match trimmed.find(|c: char| c.is_whitespace() || c == '"') {
            Some(i) => (&trimmed[..i], at + i),
            None => (trimmed, at + trimmed.len()),
        };
        let value_at = rest_at + (src[rest_at..end].len() - src[rest_at..end].trim_start().len());
        let parsed = match keyword {
            "" => match field {
                Field::None => Err((at, "a string outside of a msgid, msgstr or msgctxt")),
                f => {
                    let target = match f {
                        Field::Context => pending.context.as_mut(),
                        Field::Id => pending.ids.last_mut().map(|(_, m)| m),
                        _ => pending.strs.last_mut().map(|(_, m)| m),
                    };
                    match target {
                        Some(m) => string(src, value_at, end, m),
                        None => Err((at, "a string outside of a msgid, msgstr or msgctxt")),
                    }
                }
            },
            "msgctxt" | "msgid" | "msgid_plural" | "msgstr" => {
                if matches!(keyword, "msgctxt" | "msgid") && !pending.strs.is_empty() {
                    // A new entry without a blank line before it.
                    flush(r, &mut pending);
                }
                let mut m = Mapped::at(value_at + 1);
                let result = string(src, value_at, end, &mut m);
                pending.any = true;
                match keyword {
                    "msgctxt" => {
                        pending.context = Some(m);
                        field = Field::Context;
                    }
                    "msgid" => {
                        pending.ids.push(("msgid", m));
                        field = Field::Id;
                    }
                    "msgid_plural" => {
                        pending.ids.push(("msgid_plural", m));
                        field = Field::Id;
                    }
                    _ => {
                        pending.strs.push(("msgstr".to_string(), m));
                        field = Field::Str;
                    }
                }
                result
            }
            k if k.starts_with("msgstr[")
                && k.ends_with(']')
                && k[7..k.len() - 1].bytes().all(|b| b.is_ascii_digit())
                && k.len() > 8 =>
            {
                let mut m = Mapped::at(value_at + 1);
                let result = string(src, value_at, end, &mut m);
                pending.strs.push((k.to_string(), m));
                pending.any = true;
                field = Field::Str;
                result
            }
            _ => Err((at, "expected msgid, msgid_plural, msgstr, msgctxt, a string or a comment")),
        };
        if let Err((at, msg)) = parsed {
            r.error(at, msg);
            pending = Pending { broken: true, ..Pending::default() };
            field = Field::None;
        }
    }
    flush(r, &mut pending);
}

/// Emits the entry read so far.
fn flush(r: &mut Reader<'_>, pending: &mut Pending) {
    let p = std::mem::take(pending);
    if p.broken || !p.any {
        return;
    }
    let msgid_empty = p.ids.first().is_none_or(|(_, m)| m.is_empty());
    if msgid_empty && p.context.is_none() {
        // The header: `Language: it`.
        if let Some((_, header)) = p.strs.first() {
            for line in header.lines() {
                if let Some(code) = line.strip_prefix("Language:") {
                    if let Some(lang) = lang_from_code(code.trim()) {
                        r.lang = Some(lang);
                    }
                }
            }
        }
        return;
    }
    let prefix = p.context.as_ref().map(|c| format!("{}/", c.as_str())).unwrap_or_default();
    if p.strs.iter().any(|(_, m)| !m.is_empty()) {
        let lang = r.lang;
        for (key, m) in p.strs.into_iter().filter(|(_, m)| !m.is_empty()) {
            r.entry(format!("{prefix}{key}"), m, lang);
        }
    } else {
        for (key, m) in p.ids.into_iter().filter(|(_, m)| !m.is_empty()) {
            r.entry(format!("{prefix}{key}"), m, None);
        }
    }
}

/// A C-quoted string at `at` (up to the end of the line), appended to `out`.
fn string(src: &str, at: usize, line_end: usize, out: &mut Mapped) -> Result<(), (usize, &'static str)> {
    let b = src.as_bytes();
    if b.get(at) != Some(&b'"') {
        return Err((at, "expected a string in double quotes"));
    }
    let mut i = at + 1;
    let mut run = i;
    loop {
        if i >= line_end {
            return Err((at, "unterminated string"));
        }
        match b[i] {
            b'"' => {
                out.push_plain(&src[run..i], run);
                let rest = src[i + 1..line_end].trim();
                if !rest.is_empty() && !rest.starts_with('#') {
                    return Err((i + 1, "unexpected characters after the string"));
                }
                return Ok(());
            }
            b'\\' => {
                out.push_plain(&src[run..i], run);
                let (decoded, len) = escape(&b[i + 1..line_end]).ok_or((i, "invalid escape"))?;
                let mut buf = [0; 4];
                out.push_atom(decoded.encode_utf8(&mut buf), i..i + 1 + len);
                i += 1 + len;
                run = i;
            }
            _ => i += 1,
        }
    }
}

/// A C escape after the backslash: the character and the escape's length.
fn escape(b: &[u8]) -> Option<(char, usize)> {
    Some(match *b.first()? {
        b'n' => ('\n', 1),
        b't' => ('\t', 1),
        b'r' => ('\r', 1),
        b'a' => ('\u{7}', 1),
        b'b' => ('\u{8}', 1),
        b'f' => ('\u{c}', 1),
        b'v' => ('\u{b}', 1),
        c @ (b'"' | b'\\' | b'\'' | b'?') => (c as char, 1),
        b'0'..=b'7' => {
            let len = b.iter().take(3).take_while(|c| (b'0'..=b'7').contains(c)).count();
            let v = b[..len].iter().fold(0u32, |v, &c| v * 8 + u32::from(c - b'0'));
            (char::from_u32(v).filter(|c| c.is_ascii())?, len)
        }
        b'x' => {
            let len = b[1..].iter().take(2).take_while(|c| c.is_ascii_hexdigit()).count();
            let v = u32::from_str_radix(std::str::from_utf8(&b[1..1 + len]).ok()?, 16).ok()?;
            (char::from_u32(v).filter(|c| c.is_ascii())?, 1 + len)
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::super::{Format, read};
    use crate::Lang;
    use std::path::Path;

    #[test]
    fn reads_entries_plurals_contexts_and_continued_strings() {
        let src = "# comment\nmsgid \"\"\nmsgstr \"\"\n\"Language: de\\n\"\n\n\
                   msgctxt \"sms\"\nmsgid \"Your visit\"\nmsgstr \"Ihr \\\"Termin\\\"\"\n\"\\nmorgen\"\n\n\
                   msgid \"One\"\nmsgid_plural \"Many\"\nmsgstr[0] \"Ein\"\nmsgstr[1] \"Viele\"\n\
                   msgid \"untranslated\"\nmsgstr \"\"\n";
        let c = read(Format::Gettext, Path::new("x.po"), src);
        assert!(c.errors.is_empty(), "{:?}", c.errors);
        let got: Vec<(&str, &str, Option<Lang>)> =
            c.entries.iter().map(|e| (e.key.as_str(), e.text.as_str(), e.lang)).collect();
        assert_eq!(
            got,
            [
                ("sms/msgstr", "Ihr \"Termin\"\nmorgen", Some(Lang::De)),
                ("msgstr[0]", "Ein", Some(Lang::De)),
                ("msgstr[1]", "Viele", Some(Lang::De)),
                ("msgid", "untranslated", None),
            ]
        );
        // Escapes and the join of the two lines map back into the file.
        let e = &c.entries[0];
        let t = e.text.find("Termin").unwrap();
        assert_eq!(&src[e.text.to_source_range(t..t + 6)], "Termin");
        let m = e.text.find("morgen").unwrap();
        assert_eq!(&src[e.text.to_source_range(m..m + 6)], "morgen");
        assert_eq!(&src[e.text.to_source_range(m - 1..m)], "\\n");
    }

    #[test]
    fn errors_have_positions_and_the_rest_is_read() {
        let src = "msgid \"a\"\nmsgstr \"secret\n\nmsgid \"b\"\nmsgtxt \"x\"\n\nmsgid \"c\"\nmsgstr \"ok\"\n";
        let c = read(Format::Gettext, Path::new("x.po"), src);
        let errors: Vec<String> = c.errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            errors,
            [
                "line 2, column 8: invalid input: unterminated string",
                "line 5, column 1: invalid input: expected msgid, msgid_plural, msgstr, msgctxt, a string or a comment",
            ]
        );
        assert_eq!(c.entries.len(), 1);
        assert_eq!(c.entries[0].text.as_str(), "ok");
    }
}
