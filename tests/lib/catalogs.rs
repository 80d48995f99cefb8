//! Catalog readers over damaged input: the CLI's fixtures (`cli/tests/cmd/catalogs/`)
//! with pieces inserted and cut out. Reading never panics, errors stay inside the input
//! and quote nothing of it, and every entry maps back inside its file.

use std::path::Path;

use phi_guard::Engine;
use phi_guard::template::catalog::{self, Format};
use proptest::prelude::*;

const FIXTURES: &[(Format, &str, &str)] = &[
    (Format::Gettext, "it/messages.po", include_str!("../../cli/tests/cmd/catalogs/locale/it/LC_MESSAGES/messages.po")),
    (Format::Android, "values-de/strings.xml", include_str!("../../cli/tests/cmd/catalogs/res/values-de/strings.xml")),
    (Format::I18nJson, "locales/fr.json", include_str!("../../cli/tests/cmd/catalogs/locales/fr.json")),
    (Format::RailsYaml, "es.yml", include_str!("../../cli/tests/cmd/catalogs/config/locales/es.yml")),
    (
        Format::Properties,
        "messages_it.properties",
        include_str!("../../cli/tests/cmd/catalogs/i18n/messages_it.properties"),
    ),
    (
        Format::AppleStrings,
        "fr.lproj/Localizable.strings",
        include_str!("../../cli/tests/cmd/catalogs/fr.lproj/Localizable.strings"),
    ),
    (
        Format::XcStrings,
        "Localizable.xcstrings",
        include_str!("../../cli/tests/cmd/catalogs/ios/Localizable.xcstrings"),
    ),
    (Format::Arb, "app_de.arb", include_str!("../../cli/tests/cmd/catalogs/l10n/app_de.arb")),
    (Format::Xliff, "messages.xlf", include_str!("../../cli/tests/cmd/catalogs/xliff/messages.xlf")),
];

/// Pieces that matter to some reader's syntax.
fn piece() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "\"",
        "'",
        "\\",
        "\\u00",
        "\\n",
        "\n",
        "\r\n",
        " ",
        "  ",
        "\t",
        ":",
        "=",
        ";",
        ",",
        "#",
        "&",
        "&amp;",
        "&#",
        "<",
        ">",
        "</",
        "/>",
        "<![CDATA[",
        "]]>",
        "<!--",
        "-->",
        "{",
        "}",
        "[",
        "]",
        "|",
        ">-",
        "- ",
        "*",
        "!",
        "msgid ",
        "msgstr ",
        "msgstr[0] ",
        "é",
        "😀",
        "\u{301}",
        "diabete",
    ]);
    prop_oneof![pieces.prop_map(str::to_string), "[ -~]{0,4}"]
}

fn char_floor(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 384, ..ProptestConfig::default() })]

    #[test]
    fn damaged_catalogs_are_read_without_panics_and_map_inside(
        which in 0..FIXTURES.len(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0usize..4, piece()), 1..4),
    ) {
        let (format, path, original) = FIXTURES[which];
        let mut src = original.to_string();
        for (at, cut, insert) in edits {
            let start = char_floor(&src, at.index(src.len() + 1));
            let end = char_floor(&src, start + cut).max(start);
            src.replace_range(start..end, &insert);
        }
        let c = catalog::read(format, Path::new(path), &src);
        let lines = src.matches('\n').count() + 1;
        for e in &c.errors {
            let (line, column) = (e.line().unwrap(), e.column().unwrap());
            prop_assert!(line >= 1 && line <= lines && column >= 1);
            let msg = e.to_string();
            prop_assert!(msg.is_ascii() && !msg.contains("diabete"), "{}", msg);
        }
        let engine = Engine::default();
        for entry in &c.entries {
            let text = entry.text.as_str();
            for (i, _) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
                let (s, e) = (entry.text.to_source_start(i), entry.text.to_source_end(i));
                prop_assert!(s <= src.len() && e <= src.len() && src.is_char_boundary(s) && src.is_char_boundary(e));
            }
            for f in &engine.check(text).findings {
                let r = entry.text.to_source_range(f.span.clone());
                prop_assert!(r.start <= r.end && r.end <= src.len());
            }
        }
    }
}

#[test]
fn every_fixture_reads_cleanly() {
    for &(format, path, src) in FIXTURES {
        let c = catalog::read(format, Path::new(path), src);
        assert!(c.errors.is_empty(), "{path}: {:?}", c.errors);
        assert!(c.entries.len() >= 2, "{path}");
        // Each entry's first word is in the file where its map says.
        for e in &c.entries {
            let text = e.text.as_str();
            let start = text.find(char::is_alphabetic).unwrap();
            let end = text[start..].find(|c: char| !c.is_alphabetic()).map_or(text.len(), |i| start + i);
            assert_eq!(&src[e.text.to_source_range(start..end)], &text[start..end], "{path}: {}", e.key);
        }
    }
}
