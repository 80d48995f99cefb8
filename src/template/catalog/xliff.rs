//! XLIFF 1.2 (`<file target-language>`, `<trans-unit>`) and 2.0 (`<xliff trgLang>`,
//! `<unit>`, `<segment>`): a unit's `<target>` in the target language, or its
//! `<source>` in the source language when it has no translation. Inline codes
//! (`<ph>`, `<bpt>`, `<ept>`, `<it>`, `<x/>`) are left out; the text of `<g>`, `<pc>`,
//! `<mrk>` is kept.

use super::xml::{self, Event, Xml, XmlError};
use super::{Mapped, Reader, lang_from_code};
use crate::Lang;

/// Elements whose contents are native code, not text.
const CODE: &[&str] = &["ph", "bpt", "ept", "it", "sub", "originalData"];

pub(super) fn read(r: &mut Reader<'_>) {
    let mut x = Xml::new(r.src);
    if let Err((pos, msg)) = document(r, &mut x) {
        r.error(pos, msg);
    }
}

struct Langs {
    source: Option<Lang>,
    target: Option<Lang>,
}

fn document(r: &mut Reader<'_>, x: &mut Xml<'_>) -> Result<(), XmlError> {
    let src = x.src;
    let mut langs = Langs { source: None, target: None };
    // The unit being read: its id, source and target.
    let mut unit: Option<(String, Option<Mapped>, Option<Mapped>)> = None;
    let mut segment = 0usize;
    loop {
        match x.next()? {
            Event::Start { name, attrs, empty, .. } => match xml::local(name) {
                "xliff" | "file" => {
                    let code = |a| xml::attr_value(src, &attrs, a).and_then(|c| lang_from_code(&c));
                    langs.source = code("srcLang").or(code("source-language")).or(langs.source);
                    langs.target = code("trgLang").or(code("target-language")).or(langs.target);
                }
                "trans-unit" | "unit" if !empty => {
                    let id = xml::attr_value(src, &attrs, "id").unwrap_or_default();
                    unit = Some((id, None, None));
                    segment = 0;
                }
                "segment" if !empty => segment += 1,
                part @ ("source" | "target") if !empty => {
                    let mut text = Mapped::at(x.pos);
                    x.content(&mut text, CODE, |s, range, cdata, out| {
                        if cdata {
                            out.push_plain(&s[range.clone()], range.start);
                            Ok(())
                        } else {
                            xml::decode(s, range, out)
                        }
                    })?;
                    if let Some((_, source, target)) = unit.as_mut() {
                        let slot = if part == "source" { source } else { target };
                        *slot = Some(text.trim());
                    }
                }
                _ => {}
            },
            Event::End { name } => match xml::local(name) {
                // XLIFF 2.0: each segment is a text of its own.
                "segment" => {
                    if let Some((id, source, target)) = unit.as_mut() {
                        let key = segment_key(id, segment);
                        emit(r, key, source.take(), target.take(), &langs);
                    }
                }
                "trans-unit" | "unit" => {
                    if let Some((id, source, target)) = unit.take() {
                        emit(r, id, source, target, &langs);
                    }
                }
                _ => {}
            },
            Event::Eof => return Ok(()),
            Event::Text(_) | Event::CData(_) => {}
        }
    }
}

/// `u1` for a unit's first segment, `u1#2` for the second.
fn segment_key(id: &str, segment: usize) -> String {
    if segment > 1 { format!("{id}#{segment}") } else { id.to_string() }
}

fn emit(r: &mut Reader<'_>, key: String, source: Option<Mapped>, target: Option<Mapped>, langs: &Langs) {
    match (target.filter(|t| !t.is_empty()), source) {
        (Some(t), _) => r.entry(key, t, langs.target.or(r.lang)),
        (None, Some(s)) if !s.is_empty() => r.entry(key, s, langs.source),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Format, read};
    use crate::Lang;
    use std::path::Path;

    #[test]
    fn reads_xliff_1_2_targets_else_sources() {
        let src = r#"<?xml version="1.0"?>
<xliff version="1.2"><file source-language="en" target-language="it" datatype="plaintext"><body>
<trans-unit id="reminder"><source>Your visit</source><target>La tua <g id="1">visita</g> <ph id="2">%s</ph></target></trans-unit>
<trans-unit id="new"><source>Hello &amp; welcome</source></trans-unit>
</body></file></xliff>"#;
        let c = read(Format::Xliff, Path::new("messages.xlf"), src);
        assert!(c.errors.is_empty(), "{:?}", c.errors);
        let got: Vec<(&str, &str, Option<Lang>)> =
            c.entries.iter().map(|e| (e.key.as_str(), e.text.as_str(), e.lang)).collect();
        assert_eq!(got, [("reminder", "La tua visita", Some(Lang::It)), ("new", "Hello & welcome", Some(Lang::En))]);
        let e = &c.entries[0];
        assert_eq!(&src[e.text.to_source_range(7..13)], "visita");
    }

    #[test]
    fn reads_xliff_2_segments() {
        let src = r#"<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="de">
<file id="f"><unit id="u1"><segment><source>Your visit</source><target>Ihr Termin</target></segment></unit>
<unit id="u2"><segment><source>One</source></segment><segment><source>Two</source><target>Zwei</target></segment></unit>
</file></xliff>"#;
        let c = read(Format::Xliff, Path::new("m.xliff"), src);
        assert!(c.errors.is_empty(), "{:?}", c.errors);
        let got: Vec<(&str, &str, Option<Lang>)> =
            c.entries.iter().map(|e| (e.key.as_str(), e.text.as_str(), e.lang)).collect();
        assert_eq!(
            got,
            [("u1", "Ihr Termin", Some(Lang::De)), ("u2", "One", Some(Lang::En)), ("u2#2", "Zwei", Some(Lang::De))]
        );
    }

    #[test]
    fn malformed_xliff_is_an_error_after_the_units_before_it() {
        let src = "<xliff version=\"1.2\"><file><body>\n<trans-unit id=\"a\"><source>ok</source></trans-unit>\n<trans-unit id=\"b\"><source>x &bogus; y</source></trans-unit></body></file></xliff>";
        let c = read(Format::Xliff, Path::new("m.xlf"), src);
        assert_eq!(c.entries.len(), 1);
        assert_eq!(c.errors[0].to_string(), "line 3, column 30: invalid input: invalid entity reference");
    }
}
