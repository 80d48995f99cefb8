//! The JSON catalogs: i18next / vue-i18n (nested objects of strings), Flutter `.arb`
//! (ICU messages, `@key` metadata, `@@locale`) and Xcode `.xcstrings`.

use super::{Mapped, Reader, lang_from_code};
use crate::template::json::{self, Node, Value};

/// Nesting of message objects deeper than this is not read (the JSON reader has its
/// own limit; this one keeps keys short).
const MAX_KEY_DEPTH: usize = 32;

fn parse(r: &mut Reader<'_>) -> Option<Node> {
    match json::parse(r.src) {
        Ok(node) if node.is_object() => Some(node),
        Ok(node) => {
            r.error(node.span.start, "expected an object of messages");
            None
        }
        Err(e) => {
            r.error(e.pos, e.msg);
            None
        }
    }
}

fn members(node: &Node) -> &[(json::JsonStr, Node)] {
    match &node.value {
        Value::Object(m) => m,
        _ => &[],
    }
}

/// i18next and vue-i18n: `{"appointments": {"reminder": "…", "reminder_one": "…"}}`;
/// keys joined with `.`, array items by index.
pub(super) fn read_i18n(r: &mut Reader<'_>) {
    let Some(root) = parse(r) else { return };
    let mut out = Vec::new();
    leaves(&root, String::new(), 0, &mut out);
    let lang = r.lang;
    for (key, text) in out {
        r.entry(key, text, lang);
    }
}

fn leaves(node: &Node, key: String, depth: usize, out: &mut Vec<(String, Mapped)>) {
    if depth > MAX_KEY_DEPTH {
        return;
    }
    let join = |k: &str| if key.is_empty() { k.to_string() } else { format!("{key}.{k}") };
    match &node.value {
        Value::String(s) => out.push((key, s.to_mapped())),
        Value::Object(members) => {
            for (k, v) in members {
                leaves(v, join(&k.value), depth + 1, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                leaves(v, join(&i.to_string()), depth + 1, out);
            }
        }
        Value::Null | Value::Bool | Value::Number => {}
    }
}

/// Flutter `.arb`: top-level messages; `@key` metadata and `@@locale` are not messages.
pub(super) fn read_arb(r: &mut Reader<'_>) {
    let Some(root) = parse(r) else { return };
    if let Some(lang) = root.get("@@locale").and_then(Node::as_str).and_then(|s| lang_from_code(&s.value)) {
        r.lang = Some(lang);
    }
    let lang = r.lang;
    for (k, v) in members(&root) {
        if k.value.starts_with('@') {
            continue;
        }
        match v.as_str() {
            Some(s) => r.entry(k.value.clone(), s.to_mapped(), lang),
            None => r.error(v.span.start, "a message must be a string"),
        }
    }
}

/// Xcode string catalogs: every `stringUnit` value of every localization (plural and
/// device variations, substitutions), in its language; a key without a localization in
/// the source language is itself the source text.
pub(super) fn read_xcstrings(r: &mut Reader<'_>) {
    let Some(root) = parse(r) else { return };
    let source = root.get("sourceLanguage").and_then(Node::as_str).map(|s| s.value.clone()).unwrap_or_default();
    let Some(strings) = root.get("strings") else { return };
    for (key, unit) in members(strings) {
        let localizations = unit.get("localizations");
        let has_source = localizations.is_some_and(|l| l.get(&source).is_some());
        if !has_source && !key.value.trim().is_empty() {
            r.entry(key.value.clone(), key.to_mapped(), lang_from_code(&source));
        }
        for (code, loc) in localizations.map(members).unwrap_or_default() {
            let mut out = Vec::new();
            units(loc, format!("{}[{}]", key.value, code.value), 0, &mut out);
            let lang = lang_from_code(&code.value);
            for (k, text) in out {
                r.entry(k, text, lang);
            }
        }
    }
}

fn units(node: &Node, key: String, depth: usize, out: &mut Vec<(String, Mapped)>) {
    if depth > MAX_KEY_DEPTH {
        return;
    }
    for (k, v) in members(node) {
        if k.value == "stringUnit" {
            if let Some(s) = v.get("value").and_then(Node::as_str) {
                out.push((key.clone(), s.to_mapped()));
            }
        } else if v.is_object() {
            let sub = if matches!(k.value.as_str(), "variations" | "substitutions") {
                key.clone()
            } else {
                format!("{key}.{}", k.value)
            };
            units(v, sub, depth + 1, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Format, read};
    use crate::Lang;
    use std::path::Path;

    fn entries(format: Format, path: &str, src: &str) -> Vec<(String, String, Option<Lang>)> {
        let c = read(format, Path::new(path), src);
        assert!(c.errors.is_empty(), "{:?}", c.errors);
        c.entries.into_iter().map(|e| (e.key, e.text.as_str().to_string(), e.lang)).collect()
    }

    #[test]
    fn reads_nested_i18n_json() {
        let src = r#"{"visit": {"reminder": "Hi {{name}}", "reminder_other": "caf\u00e9", "n": 3}, "days": ["Mo"]}"#;
        let got = entries(Format::I18nJson, "locales/it.json", src);
        let it = Some(Lang::It);
        assert_eq!(
            got,
            [
                ("visit.reminder".into(), "Hi {{name}}".into(), it),
                ("visit.reminder_other".into(), "café".into(), it),
                ("days.0".into(), "Mo".into(), it)
            ]
        );
        let c = read(Format::I18nJson, Path::new("it.json"), src);
        let e = &c.entries[1];
        assert_eq!(&src[e.text.to_source_range(3..5)], "\\u00e9");
    }

    #[test]
    fn reads_arb_without_metadata() {
        let src = r#"{"@@locale": "fr", "visit": "{count, plural, one {visite} other {visites}}", "@visit": {"description": "x"}}"#;
        let got = entries(Format::Arb, "lib/l10n/intl.arb", src);
        assert_eq!(got, [("visit".into(), "{count, plural, one {visite} other {visites}}".into(), Some(Lang::Fr))]);
    }

    #[test]
    fn reads_xcstrings_localizations_and_variations() {
        let src = r#"{"sourceLanguage": "en", "strings": {
            "Your visit": {"localizations": {"de": {"stringUnit": {"state": "translated", "value": "Ihr Termin"}}}},
            "visits": {"localizations": {"en": {"variations": {"plural": {
                "one": {"stringUnit": {"value": "%lld visit"}}, "other": {"stringUnit": {"value": "%lld visits"}}}}}}}
        }, "version": "1.0"}"#;
        let got = entries(Format::XcStrings, "Localizable.xcstrings", src);
        assert_eq!(
            got,
            [
                ("Your visit".into(), "Your visit".into(), Some(Lang::En)),
                ("Your visit[de]".into(), "Ihr Termin".into(), Some(Lang::De)),
                ("visits[en].plural.one".into(), "%lld visit".into(), Some(Lang::En)),
                ("visits[en].plural.other".into(), "%lld visits".into(), Some(Lang::En)),
            ]
        );
    }

    #[test]
    fn malformed_json_is_an_error_with_a_position() {
        let c = read(Format::I18nJson, Path::new("it.json"), "{\n  \"a\": \"x\",\n  \"b\" \"y\"\n}");
        assert_eq!(c.errors[0].to_string(), "line 3, column 7: invalid input: expected `:`");
        let c = read(Format::Arb, Path::new("a.arb"), "[1]");
        assert_eq!(c.errors[0].to_string(), "line 1, column 1: invalid input: expected an object of messages");
    }
}
