//! Message catalogs: the i18n files where an application keeps its patient messages.
//!
//! Each reader turns one file into [`Entry`] values: the entry's key, its decoded text,
//! its language when the catalog states one, and a [`Mapped`] text that maps every
//! offset of the decoded text back to the file (escapes, entities, joined lines and
//! continuation lines included), so that a finding points at the right line and column.
//!
//! | format | files | language from |
//! | --- | --- | --- |
//! | [`Format::Gettext`] | `*.po`, `*.pot` | the `Language:` header, the path |
//! | [`Format::Android`] | `strings.xml` in `res/values*/` | `values-de/` |
//! | [`Format::I18nJson`] | i18next, vue-i18n `*.json` | `it.json`, `locales/it/` |
//! | [`Format::RailsYaml`] | `*.yml`, `*.yaml` | the top-level key (`it:`), the path |
//! | [`Format::Properties`] | `*.properties` | `messages_es.properties` |
//! | [`Format::AppleStrings`] | `*.strings` | `fr.lproj/` |
//! | [`Format::XcStrings`] | `*.xcstrings` | each localization |
//! | [`Format::Arb`] | `*.arb` | `@@locale`, `app_fr.arb` |
//! | [`Format::Xliff`] | `*.xlf`, `*.xliff` | `target-language`, `trgLang` (or the source's) |
//!
//! A malformed part of a file is an [`Error`] with its line and column (never the text
//! it holds); the readers of line-based formats go on with the next entry, so one typo
//! does not hide the rest of the catalog.
//!
//! ```
//! use std::path::Path;
//! use phi_guard::template::catalog::{self, Format};
//! use phi_guard::Lang;
//!
//! let src = "msgid \"\"\nmsgstr \"Language: it\\n\"\n\nmsgid \"Your visit\"\nmsgstr \"La tua visita\"\n";
//! let path = Path::new("locale/messages.po");
//! let format = Format::detect(path, src).unwrap();
//! let catalog = catalog::read(format, path, src);
//! assert!(catalog.errors.is_empty());
//! let entry = &catalog.entries[0];
//! assert_eq!((entry.text.as_str(), entry.lang), ("La tua visita", Some(Lang::It)));
//! assert_eq!(entry.text.source_start(), src.find("La tua").unwrap());
//! ```

use std::ops::Range;
use std::path::Path;

use crate::Lang;
use crate::error::Error;

mod android;
mod apple;
mod gettext;
mod jsonish;
mod properties;
mod xliff;
mod xml;
mod yaml;

/// A catalog format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// gettext `.po` / `.pot`.
    Gettext,
    /// Android `res/values*/strings.xml`.
    Android,
    /// i18next / vue-i18n JSON: nested objects of strings.
    I18nJson,
    /// Rails (and other i18n) YAML locales.
    RailsYaml,
    /// Java `.properties` resource bundles.
    Properties,
    /// iOS / macOS `.strings`.
    AppleStrings,
    /// Xcode string catalogs (`.xcstrings`, JSON).
    XcStrings,
    /// Flutter Application Resource Bundles (`.arb`, JSON with ICU messages).
    Arb,
    /// XLIFF 1.2 and 2.0.
    Xliff,
}

impl Format {
    /// Every format, in a fixed order.
    pub const ALL: [Format; 9] = [
        Format::Gettext,
        Format::Android,
        Format::I18nJson,
        Format::RailsYaml,
        Format::Properties,
        Format::AppleStrings,
        Format::XcStrings,
        Format::Arb,
        Format::Xliff,
    ];

    /// A short stable name (`gettext`, `android`, …).
    pub fn name(self) -> &'static str {
        match self {
            Format::Gettext => "gettext",
            Format::Android => "android",
            Format::I18nJson => "i18n-json",
            Format::RailsYaml => "yaml",
            Format::Properties => "properties",
            Format::AppleStrings => "strings",
            Format::XcStrings => "xcstrings",
            Format::Arb => "arb",
            Format::Xliff => "xliff",
        }
    }

    /// The format of a file from its extension, and its content where the extension
    /// is shared (`.xml` is Android resources only when its root is `<resources>`).
    /// `.json` is not decided here: WhatsApp template JSON and i18n JSON share it (see
    /// [`Format::I18nJson`] and [`looks_like_locale_path`]).
    pub fn detect(path: &Path, content: &str) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "po" | "pot" => Format::Gettext,
            "yml" | "yaml" => Format::RailsYaml,
            "properties" => Format::Properties,
            "strings" => Format::AppleStrings,
            "xcstrings" => Format::XcStrings,
            "arb" => Format::Arb,
            "xlf" | "xliff" => Format::Xliff,
            "xml" if xml::root_is(content, "resources") => Format::Android,
            "xml" if xml::root_is(content, "xliff") => Format::Xliff,
            _ => return None,
        })
    }

    /// Whether a path names a file of this format by its extension alone (`.xml` and
    /// `.json` need their content).
    pub fn has_extension(path: &Path) -> bool {
        let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        matches!(
            ext.as_deref(),
            Some("po" | "pot" | "yml" | "yaml" | "properties" | "strings" | "xcstrings" | "arb" | "xlf" | "xliff")
        )
    }
}

/// A decoded text and the way back to its source: every byte offset of the text
/// has a byte offset in the file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Mapped {
    text: String,
    /// Where the text starts in the source.
    start: usize,
    /// The pieces that are not copied one to one, in order: escapes, entities, joins of
    /// lines (empty in the text), markup left out.
    atoms: Vec<Atom>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Atom {
    /// Start in the decoded text.
    dec: usize,
    /// Length of what it decodes to.
    dec_len: usize,
    /// Start in the source.
    src: usize,
    /// Length in the source.
    src_len: usize,
}

impl Mapped {
    /// An empty text that starts at `start` in the source.
    pub(crate) fn at(start: usize) -> Mapped {
        Mapped { text: String::new(), start, atoms: Vec::new() }
    }

    /// A decoded text from `start` with its escapes as `(decoded start, decoded
    /// length, source start, source length)`, in order.
    pub(crate) fn from_parts(
        text: String,
        start: usize,
        escapes: impl Iterator<Item = (usize, usize, usize, usize)>,
    ) -> Mapped {
        let atoms = escapes.map(|(dec, dec_len, src, src_len)| Atom { dec, dec_len, src, src_len }).collect();
        Mapped { text, start, atoms }
    }

    /// The source offset just past what was appended so far.
    fn src_end(&self) -> usize {
        match self.atoms.last() {
            None => self.start + self.text.len(),
            Some(a) => a.src + a.src_len + (self.text.len() - a.dec - a.dec_len),
        }
    }

    /// Appends source text copied as is, from `src` on.
    pub(crate) fn push_plain(&mut self, s: &str, src: usize) {
        if s.is_empty() {
            return;
        }
        if src != self.src_end() {
            self.push_atom("", self.src_end()..src);
        }
        self.text.push_str(s);
    }

    /// Appends `decoded` for the source range `src` (an escape, an entity, a line join,
    /// left-out markup when `decoded` is empty).
    pub(crate) fn push_atom(&mut self, decoded: &str, src: Range<usize>) {
        let gap = self.src_end();
        if src.start > gap {
            self.atoms.push(Atom { dec: self.text.len(), dec_len: 0, src: gap, src_len: src.start - gap });
        }
        self.atoms.push(Atom { dec: self.text.len(), dec_len: decoded.len(), src: src.start, src_len: src.len() });
        self.text.push_str(decoded);
    }

    /// The decoded text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The source offset where the text starts.
    pub fn source_start(&self) -> usize {
        self.to_source_start(0)
    }

    /// The source offset of a decoded offset taken as the start of a range: inside an
    /// escape, its start; at a join, after it.
    pub fn to_source_start(&self, decoded: usize) -> usize {
        let d = decoded.min(self.text.len());
        let i = self.atoms.partition_point(|a| a.dec <= d);
        match i.checked_sub(1).map(|i| self.atoms[i]) {
            None => self.start + d,
            Some(a) if d < a.dec + a.dec_len => a.src,
            Some(a) => a.src + a.src_len + (d - a.dec - a.dec_len),
        }
    }

    /// The source offset of a decoded offset taken as the end of a range: inside an
    /// escape, its end; at a join, before it.
    pub fn to_source_end(&self, decoded: usize) -> usize {
        let d = decoded.min(self.text.len());
        let i = self.atoms.partition_point(|a| a.dec < d);
        match i.checked_sub(1).map(|i| self.atoms[i]) {
            None => self.start + d,
            Some(a) if d <= a.dec + a.dec_len => a.src + a.src_len,
            Some(a) => a.src + a.src_len + (d - a.dec - a.dec_len),
        }
    }

    /// The source range of a range of the decoded text.
    pub fn to_source_range(&self, decoded: Range<usize>) -> Range<usize> {
        let start = self.to_source_start(decoded.start);
        if decoded.is_empty() {
            return start..start;
        }
        start..self.to_source_end(decoded.end).max(start)
    }

    /// Trims blanks at both ends (the map follows).
    pub(crate) fn trim(mut self) -> Mapped {
        let lead = self.text.len() - self.text.trim_start().len();
        let keep = self.text.trim().len();
        if lead == 0 && keep == self.text.len() {
            return self;
        }
        let new_start = self.to_source_start(lead);
        let atoms = self
            .atoms
            .iter()
            .filter(|a| a.dec >= lead && a.dec + a.dec_len <= lead + keep && !(a.dec == lead && a.dec_len == 0))
            .map(|a| Atom { dec: a.dec - lead, ..*a })
            .collect();
        self.text = self.text[lead..lead + keep].to_string();
        self.atoms = atoms;
        self.start = new_start;
        self
    }
}

impl std::ops::Deref for Mapped {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text
    }
}

/// One message of a catalog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Its key, as the application names it: `appointments.reminder` (nested keys
    /// joined with `.`), `reminder[one]` (a plural form), an XLIFF unit's id; for
    /// gettext, the `msgctxt` (when there is one) and the field (`msgstr[1]`).
    pub key: String,
    /// The decoded text and its map back to the file.
    pub text: Mapped,
    /// The language the catalog gives for it, if it names a supported one.
    pub lang: Option<Lang>,
}

/// What a reader found in one file.
#[derive(Debug, Default)]
pub struct Catalog {
    /// The entries, in file order.
    pub entries: Vec<Entry>,
    /// The malformed parts, with their line and column.
    pub errors: Vec<Error>,
}

/// Reads a catalog. `path` gives the language where the file does not.
pub fn read(format: Format, path: &Path, src: &str) -> Catalog {
    let mut r = Reader { src, catalog: Catalog::default(), lang: lang_from_path(path) };
    match format {
        Format::Gettext => gettext::read(&mut r),
        Format::Android => android::read(&mut r),
        Format::I18nJson => jsonish::read_i18n(&mut r),
        Format::RailsYaml => yaml::read(&mut r),
        Format::Properties => properties::read(&mut r),
        Format::AppleStrings => apple::read_strings(&mut r),
        Format::XcStrings => jsonish::read_xcstrings(&mut r),
        Format::Arb => jsonish::read_arb(&mut r),
        Format::Xliff => xliff::read(&mut r),
    }
    r.catalog
}

/// The shared state of a reader.
pub(crate) struct Reader<'a> {
    pub src: &'a str,
    pub catalog: Catalog,
    /// The language from the path, until the file states its own.
    pub lang: Option<Lang>,
}

impl Reader<'_> {
    /// A malformed part at byte `pos`: the line and column are kept, never the text.
    pub(crate) fn error(&mut self, pos: usize, msg: &str) {
        let (line, column) = line_col(self.src, pos);
        self.catalog.errors.push(Error::input(msg).with_line(line).with_column(column));
    }

    pub(crate) fn entry(&mut self, key: String, text: Mapped, lang: Option<Lang>) {
        self.catalog.entries.push(Entry { key, text, lang });
    }
}

/// 1-based line and character column of a byte offset.
pub(crate) fn line_col(src: &str, pos: usize) -> (usize, usize) {
    let mut pos = pos.min(src.len());
    while !src.is_char_boundary(pos) {
        pos -= 1;
    }
    let before = &src[..pos];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (before.matches('\n').count() + 1, before[line_start..].chars().count() + 1)
}

/// A supported language from a locale code: `it`, `it-IT`, `it_IT`, `de-rDE`.
pub fn lang_from_code(code: &str) -> Option<Lang> {
    let primary = code.split(['-', '_', '@', '.']).next()?;
    if primary.len() != 2 || !primary.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    primary.parse().ok()
}

/// The language a catalog's path names, from its file name (`it.yml`, `models.it.yml`,
/// `messages_es.properties`, `app_fr.arb`, `de-DE.json`) or a folder (`values-de/`,
/// `fr.lproj/`, `locales/it/`).
pub fn lang_from_path(path: &Path) -> Option<Lang> {
    let stem = path.file_stem()?.to_str()?;
    // The file name: the whole stem, its last dotted part, or what follows `_` / `-`
    // when that is a language code (`messages_es`, `app_pt_BR` is not supported).
    let from_stem = lang_from_code(stem)
        .or_else(|| stem.rsplit('.').next().and_then(lang_from_code))
        .or_else(|| locale_suffix(stem));
    if from_stem.is_some() {
        return from_stem;
    }
    for dir in path.parent()?.iter().rev().filter_map(|d| d.to_str()) {
        if let Some(rest) = dir.strip_prefix("values-") {
            return lang_from_code(rest);
        }
        if let Some(code) = dir.strip_suffix(".lproj") {
            return lang_from_code(code);
        }
        if let Some(lang) =
            lang_from_code(dir).filter(|_| dir.len() == 2 || dir.as_bytes()[2] == b'-' || dir.as_bytes()[2] == b'_')
        {
            return Some(lang);
        }
    }
    None
}

/// `messages_es` → es, `app_it_IT` → it, `strings-de` → de.
fn locale_suffix(stem: &str) -> Option<Lang> {
    let parts: Vec<&str> = stem.split(['_', '-']).collect();
    match parts.as_slice() {
        [.., lang, region] if region.len() == 2 && region.bytes().all(|b| b.is_ascii_uppercase()) => {
            lang_from_code(lang)
        }
        [_, .., lang] => lang_from_code(lang),
        _ => None,
    }
}

/// Whether a `.json` path is laid out like an i18n catalog: its name or a folder is a
/// language code, or a folder is named `locales`, `locale`, `i18n`, `lang` or
/// `translations`.
pub fn looks_like_locale_path(path: &Path) -> bool {
    lang_from_path(path).is_some()
        || path.parent().is_some_and(|p| {
            p.iter().filter_map(|d| d.to_str()).any(|d| {
                matches!(
                    d.to_ascii_lowercase().as_str(),
                    "locales" | "locale" | "i18n" | "lang" | "langs" | "translations"
                )
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_come_from_paths() {
        for (path, lang) in [
            ("config/locales/it.yml", Some(Lang::It)),
            ("config/locales/models.de.yml", Some(Lang::De)),
            ("app/src/main/res/values-de/strings.xml", Some(Lang::De)),
            ("app/src/main/res/values-es-rMX/strings.xml", Some(Lang::Es)),
            ("app/src/main/res/values/strings.xml", None),
            ("public/locales/it/translation.json", Some(Lang::It)),
            ("src/i18n/fr-FR.json", Some(Lang::Fr)),
            ("Base.lproj/Localizable.strings", None),
            ("fr.lproj/Localizable.strings", Some(Lang::Fr)),
            ("src/main/resources/messages_es.properties", Some(Lang::Es)),
            ("src/main/resources/messages_it_IT.properties", Some(Lang::It)),
            ("src/main/resources/messages.properties", None),
            ("lib/l10n/app_fr.arb", Some(Lang::Fr)),
            ("locale/pt/LC_MESSAGES/django.po", None),
            ("locale/de/LC_MESSAGES/django.po", Some(Lang::De)),
        ] {
            assert_eq!(lang_from_path(Path::new(path)), lang, "{path}");
        }
        assert!(looks_like_locale_path(Path::new("src/locales/common.json")));
        assert!(!looks_like_locale_path(Path::new("package.json")));
    }

    #[test]
    fn maps_escapes_joins_and_trims() {
        // `a\nb` + join + `cd`: the source `"a\\nb"\n"cd"`.
        let src = "\"a\\nb\"\n\"cd\"";
        let mut m = Mapped::at(1);
        m.push_plain("a", 1);
        m.push_atom("\n", 2..4);
        m.push_plain("b", 4);
        m.push_plain("cd", 8);
        assert_eq!(m.as_str(), "a\nbcd");
        assert_eq!(&src[m.to_source_range(0..5)], "a\\nb\"\n\"cd");
        assert_eq!(&src[m.to_source_range(1..2)], "\\n");
        assert_eq!(&src[m.to_source_range(3..5)], "cd");
        assert_eq!(&src[m.to_source_range(2..3)], "b");
        let t = {
            let mut m = Mapped::at(0);
            m.push_plain("  x y ", 10);
            m.trim()
        };
        assert_eq!((t.as_str(), t.source_start(), t.to_source_range(2..3)), ("x y", 12, 14..15));
    }
}
