//! Android `res/values*/strings.xml`: `<string>`, `<plurals>` with `<item quantity>`,
//! `<string-array>` with `<item>`; XML entities and CDATA, the resource escapes (`\'`,
//! `\"`, `\n`, `\t`, `\@`, `\?`, `\\`, `\uXXXX`) and the double quotes that keep
//! blanks, all mapped back to the file. Markup inside a string (`<b>`,
//! `<xliff:g>`) is left out, its text kept. `translatable="false"` strings are still
//! checked: they are sent all the same.

use std::ops::Range;

use super::xml::{self, Event, Xml, XmlError};
use super::{Mapped, Reader};

pub(super) fn read(r: &mut Reader<'_>) {
    let src = r.src;
    let mut x = Xml::new(src);
    match x.next() {
        Ok(Event::Start { name: "resources", empty: false, .. }) => {}
        Ok(Event::Start { name: "resources", empty: true, .. }) => return,
        Ok(_) => return r.error(x.pos.min(src.len()), "expected a <resources> root element"),
        Err((pos, msg)) => return r.error(pos, msg),
    }
    if let Err((pos, msg)) = resources(r, &mut x) {
        r.error(pos, msg);
    }
}

fn resources(r: &mut Reader<'_>, x: &mut Xml<'_>) -> Result<(), XmlError> {
    let src = x.src;
    loop {
        match x.next()? {
            Event::Start { name, attrs, empty, at } => {
                let key = xml::attr_value(src, &attrs, "name");
                match (name, key) {
                    (_, _) if empty => {}
                    ("string", Some(key)) => string(r, x, key)?,
                    ("plurals" | "string-array", Some(key)) => {
                        let plural = name == "plurals";
                        let mut index = 0;
                        loop {
                            match x.next()? {
                                Event::Start { name: "item", attrs, empty: false, .. } => {
                                    let which = if plural {
                                        xml::attr_value(src, &attrs, "quantity").unwrap_or_default()
                                    } else {
                                        index.to_string()
                                    };
                                    index += 1;
                                    string(r, x, format!("{key}[{which}]"))?;
                                }
                                Event::Start { empty: false, .. } => x.skip_element()?,
                                Event::End { .. } => break,
                                Event::Eof => return Err((x.pos, "unexpected end of the document")),
                                _ => {}
                            }
                        }
                    }
                    ("string" | "plurals" | "string-array", None) => {
                        r.error(at, "a resource without a name");
                        x.skip_element()?;
                    }
                    _ => x.skip_element()?,
                }
            }
            Event::End { .. } | Event::Eof => return Ok(()),
            Event::Text(_) | Event::CData(_) => {}
        }
    }
}

/// One string resource, its start tag just read.
fn string(r: &mut Reader<'_>, x: &mut Xml<'_>, key: String) -> Result<(), XmlError> {
    let mut text = Mapped::at(x.pos);
    let mut problem: Option<XmlError> = None;
    x.content(&mut text, &[], |src, range, cdata, out| {
        if let Err(e) = decode(src, range, cdata, out) {
            problem.get_or_insert(e);
        }
        Ok(())
    })?;
    match problem {
        Some((pos, msg)) => r.error(pos, msg),
        None => {
            let lang = r.lang;
            r.entry(key, text.trim(), lang);
        }
    }
    Ok(())
}

/// Resource text: entities (not in CDATA), backslash escapes, quotes dropped.
fn decode(src: &str, range: Range<usize>, cdata: bool, out: &mut Mapped) -> Result<(), XmlError> {
    let b = src.as_bytes();
    let mut run = range.start;
    let mut i = range.start;
    while i < range.end {
        match b[i] {
            b'&' if !cdata => {
                out.push_plain(&src[run..i], run);
                let (c, len) = xml::entity(src, i)?;
                let mut buf = [0; 4];
                out.push_atom(c.encode_utf8(&mut buf), i..i + len);
                i += len;
                run = i;
            }
            b'\\' => {
                out.push_plain(&src[run..i], run);
                let (c, len) = escape(&src[i + 1..range.end]).ok_or((i, "invalid escape in a string resource"))?;
                let mut buf = [0; 4];
                out.push_atom(c.encode_utf8(&mut buf), i..i + 1 + len);
                i += 1 + len;
                run = i;
            }
            b'"' => {
                out.push_plain(&src[run..i], run);
                out.push_atom("", i..i + 1);
                i += 1;
                run = i;
            }
            _ => i += 1,
        }
    }
    out.push_plain(&src[run..range.end], run);
    Ok(())
}

fn escape(rest: &str) -> Option<(char, usize)> {
    let c = rest.chars().next()?;
    Some(match c {
        'n' => ('\n', 1),
        't' => ('\t', 1),
        '\'' | '"' | '@' | '?' | '\\' => (c, 1),
        'u' => {
            let hex = rest.get(1..5)?;
            (char::from_u32(u32::from_str_radix(hex, 16).ok()?)?, 5)
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
    fn reads_strings_plurals_and_arrays() {
        let src = r#"<?xml version="1.0" encoding="utf-8"?>
<resources xmlns:xliff="urn:oasis:names:tc:xliff:document:1.2">
    <!-- reminders -->
    <string name="reminder">Don\'t miss your <b>visit</b> with <xliff:g id="doctor">%1$s</xliff:g> &amp; co</string>
    <string name="quoted">"  Ihr \"Termin\"  "</string>
    <string name="cdata"><![CDATA[<i>Hi</i> %s]]></string>
    <color name="accent">#ff0000</color>
    <plurals name="visits">
        <item quantity="one">%d visit</item>
        <item quantity="other">%d visits</item>
    </plurals>
    <string-array name="days"><item>Mon</item><item>Tue</item></string-array>
</resources>
"#;
        let c = read(Format::Android, Path::new("res/values-de/strings.xml"), src);
        assert!(c.errors.is_empty(), "{:?}", c.errors);
        let got: Vec<(&str, &str)> = c.entries.iter().map(|e| (e.key.as_str(), e.text.as_str())).collect();
        assert_eq!(
            got,
            [
                ("reminder", "Don't miss your visit with %1$s & co"),
                ("quoted", "Ihr \"Termin\""),
                ("cdata", "<i>Hi</i> %s"),
                ("visits[one]", "%d visit"),
                ("visits[other]", "%d visits"),
                ("days[0]", "Mon"),
                ("days[1]", "Tue"),
            ]
        );
        assert!(c.entries.iter().all(|e| e.lang == Some(Lang::De)));
        let e = &c.entries[0];
        let v = e.text.find("visit").unwrap();
        assert_eq!(&src[e.text.to_source_range(v..v + 5)], "visit");
        assert_eq!(&src[e.text.to_source_range(3..4)], "\\'");
    }

    #[test]
    fn a_bad_string_is_an_error_and_the_others_are_read() {
        let src = "<resources>\n  <string name=\"a\">bad \\x escape</string>\n  <string name=\"b\">ok</string>\n  <string>no name</string>\n</resources>";
        let c = read(Format::Android, Path::new("strings.xml"), src);
        let errors: Vec<String> = c.errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            errors,
            [
                "line 2, column 24: invalid input: invalid escape in a string resource",
                "line 4, column 3: invalid input: a resource without a name"
            ]
        );
        assert_eq!(c.entries.len(), 1);
        let c = read(Format::Android, Path::new("strings.xml"), "<resources>\n<string name=\"a\">x</strin");
        assert_eq!(c.errors[0].to_string(), "line 2, column 19: invalid input: unterminated end tag");
    }
}
