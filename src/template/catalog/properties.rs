//! Java `.properties`: `key = value`, `key: value` or `key value`; `#` and `!`
//! comments; escapes (`\t`, `\n`, `\uXXXX`, `\=`, …); a line ending in an odd number of
//! backslashes continues on the next, whose leading blanks are dropped.

use super::{Mapped, Reader};

pub(super) fn read(r: &mut Reader<'_>) {
    let src = r.src;
    let b = src.as_bytes();
    let mut pos = if src.starts_with('\u{feff}') { 3 } else { 0 };
    while pos < b.len() {
        // Leading blanks, then a comment or a blank line.
        while pos < b.len() && matches!(b[pos], b' ' | b'\t' | b'\x0c') {
            pos += 1;
        }
        if pos >= b.len() {
            break;
        }
        if matches!(b[pos], b'\n' | b'\r') {
            pos += 1;
            continue;
        }
        if matches!(b[pos], b'#' | b'!') {
            pos = src[pos..].find('\n').map_or(b.len(), |i| pos + i + 1);
            continue;
        }
        let mut key = Mapped::at(pos);
        let mut value = Mapped::at(pos);
        let mut problem = None;
        let mut in_key = true;
        let mut i = pos;
        // Between the key and the value: blanks and at most one `=` or `:`.
        let mut separator_seen = false;
        let mut value_started = false;
        while let Some(&c) = b.get(i) {
            if c == b'\n' || c == b'\r' {
                break;
            }
            if in_key {
                match c {
                    b'=' | b':' | b' ' | b'\t' | b'\x0c' => {
                        in_key = false;
                        separator_seen = c == b'=' || c == b':';
                        i += 1;
                        continue;
                    }
                    _ => {}
                }
            } else if !value_started {
                match c {
                    b' ' | b'\t' | b'\x0c' => {
                        i += 1;
                        continue;
                    }
                    b'=' | b':' if !separator_seen => {
                        separator_seen = true;
                        i += 1;
                        continue;
                    }
                    _ => {
                        value_started = true;
                        value = Mapped::at(i);
                    }
                }
            }
            let out = if in_key { &mut key } else { &mut value };
            if c == b'\\' {
                match b.get(i + 1) {
                    None => {
                        out.push_atom("", i..i + 1);
                        i += 1;
                    }
                    Some(b'\n' | b'\r') => {
                        // A continuation: the line break and the next line's blanks.
                        let mut j = i + 1;
                        if b[j] == b'\r' && b.get(j + 1) == Some(&b'\n') {
                            j += 1;
                        }
                        j += 1;
                        while j < b.len() && matches!(b[j], b' ' | b'\t' | b'\x0c') {
                            j += 1;
                        }
                        out.push_atom("", i..j);
                        i = j;
                    }
                    Some(b'u') => match src.get(i + 2..i + 6).and_then(|h| u32::from_str_radix(h, 16).ok()) {
                        Some(u) => {
                            let c = char::from_u32(u).unwrap_or('\u{fffd}');
                            let mut buf = [0; 4];
                            out.push_atom(c.encode_utf8(&mut buf), i..i + 6);
                            i += 6;
                        }
                        None => {
                            problem.get_or_insert(i);
                            i += 2;
                        }
                    },
                    Some(_) => {
                        let next = src[i + 1..].chars().next().unwrap_or(' ');
                        let decoded = match next {
                            't' => '\t',
                            'n' => '\n',
                            'r' => '\r',
                            'f' => '\x0c',
                            c => c,
                        };
                        let len = 1 + next.len_utf8();
                        let mut buf = [0; 4];
                        out.push_atom(decoded.encode_utf8(&mut buf), i..i + len);
                        i += len;
                    }
                }
            } else {
                let len = src[i..].chars().next().map_or(1, char::len_utf8);
                out.push_plain(&src[i..i + len], i);
                i += len;
            }
        }
        pos = i;
        match problem {
            Some(at) => r.error(at, "invalid unicode escape"),
            None if !value.is_empty() => {
                let lang = r.lang;
                r.entry(key.as_str().to_string(), value, lang);
            }
            None => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Format, read};
    use crate::Lang;
    use std::path::Path;

    #[test]
    fn reads_keys_escapes_and_continuations() {
        let src = "# c\n! c\nvisit.reminder = Hi {0}, caff\\u00e8 \\\n    domani\nkey\\ with\\=odd:value\nplain value here\nempty=\n";
        let c = read(Format::Properties, Path::new("messages_it.properties"), src);
        assert!(c.errors.is_empty());
        let got: Vec<(&str, &str)> = c.entries.iter().map(|e| (e.key.as_str(), e.text.as_str())).collect();
        assert_eq!(
            got,
            [("visit.reminder", "Hi {0}, caffè domani"), ("key with=odd", "value"), ("plain", "value here")]
        );
        assert_eq!(c.entries[0].lang, Some(Lang::It));
        let e = &c.entries[0];
        let d = e.text.find("domani").unwrap();
        assert_eq!(&src[e.text.to_source_range(d..d + 6)], "domani");
        let t = e.text.find('è').unwrap();
        assert_eq!(&src[e.text.to_source_range(t..t + 2)], "\\u00e8");
    }

    #[test]
    fn a_bad_escape_is_an_error_and_the_rest_is_read() {
        let c = read(Format::Properties, Path::new("m.properties"), "a=\\u12x4 z\nb=ok\n");
        assert_eq!(c.errors[0].to_string(), "line 1, column 3: invalid input: invalid unicode escape");
        assert_eq!(c.entries.len(), 1);
    }
}
