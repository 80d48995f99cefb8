//! Term lists: the file format, its parser and the built-in lexicons.
//!
//! The built-in lexicons are part of the crate. An organisation adds its own terms from
//! files ([`Lexicon::from_file`], [`EngineBuilder::lexicon_file`]), from text
//! ([`Lexicon::parse`]) or one at a time ([`EngineBuilder::term`]), in the format the
//! built-in files use. Every parse error names the source (file), the 1-based line and the
//! problem, and never quotes the entries: only a header directive's name, kind or language
//! that was wrong is quoted, with control characters removed.
//!
//! # File format
//!
//! A lexicon file is UTF-8 text with one entry per line. Blank lines and lines whose first
//! non-blank character is `#` are ignored, and lines may end in CRLF. An entry has up to
//! three columns, separated by one TAB each; the last ones may be left out:
//!
//! ```text
//! term<TAB>flags<TAB>concept
//! ```
//!
//! - **term**: the term as people write it; it needs at least one letter or digit.
//!   Matching works on words (runs of letters and digits, compared in lower case without
//!   diacritics unless the term is `cs`; `'` and `’` inside a word are dropped), so `x-ray`
//!   also matches `X ray` and `Ménière's` matches `menieres`: list each wording once,
//!   spacing, hyphen and apostrophe variants come for free.
//! - **flags**: a comma-separated list, or empty, or `-` (see [`Flags`]):
//!   - `ctx`: the term is also an ordinary word and counts only with clinical context
//!     nearby (a context word or another clinical term);
//!   - `cs`: case-sensitive, matches only exactly as written (`ALL`, `MS`);
//!   - `abbr`: an abbreviation;
//!   - `head`: may also match at the start of a longer compound word (`Kardiologie` in
//!     `Kardiologietermin`);
//!   - `tail`: may also match at the end of a compound word (`krebs` in `Brustkrebs`).
//!
//!   Any other flag is an error, which names its position in the column but does not
//!   quote it (a term written in the wrong column must not end up in a log).
//! - **concept**: an optional code that groups synonyms (`ICD10:E11`, `INN:metformin`), or
//!   `-`; findings carry it ([`Finding::concept`]).
//!
//! A fourth column is an error. Files of the kinds `phrases` and `rewrite` have two
//! columns instead, `key<TAB>text`, and both are required.
//!
//! ```
//! use phi_guard::lexicon::{Kind, Lexicon};
//! use phi_guard::{Category, Lang};
//!
//! let text = "# Conditions our clinic names\nMS\tcs,abbr\tICD10:G35\ncold\tctx\nMénière's disease\n";
//! let lexicon = Lexicon::parse(text, Lang::En, Kind::Terms(Category::Condition), "ours.tsv")?;
//! assert_eq!(lexicon.len(), 3);
//! let ms = &lexicon.entries()[0];
//! assert!(ms.flags.cs && ms.flags.abbr);
//! assert_eq!(ms.concept.as_deref(), Some("ICD10:G35"));
//!
//! let err = Lexicon::parse("cold\tctx,weird\n", Lang::En, Kind::Context, "ours.tsv").unwrap_err();
//! assert_eq!(
//!     err.to_string(),
//!     "ours.tsv:1: invalid lexicon entry: unknown flag (the 2nd in column 2); \
//!      the flags are ctx, cs, abbr, head, tail, needs-before, needs-after, anatomy, low"
//! );
//! # Ok::<(), phi_guard::Error>(())
//! ```
//!
//! ## Kinds
//!
//! What a file holds is its [`Kind`], named as follows (in a header directive, or as the
//! file name: `specialty.tsv`):
//!
//! | name | [`Kind`] | holds |
//! | --- | --- | --- |
//! | `condition` | `Terms(Category::Condition)` | diseases, diagnoses, symptoms that reveal a condition |
//! | `medication` | `Terms(Category::Medication)` | drugs: generic and brand names, drug classes that reveal a condition |
//! | `procedure` | `Terms(Category::Procedure)` | lab tests, imaging, procedures, therapies, devices |
//! | `specialty` | `Terms(Category::Specialty)` | departments, specialties, specialists, facility types |
//! | `behavioral` | `Terms(Category::BehavioralHealth)` | mental health and substance use |
//! | `billing` | `Terms(Category::Billing)` | amounts owed, collections, claims |
//! | `context` | [`Kind::Context`] | words that signal clinical context for `ctx` terms (flags and concept unused) |
//! | `safe` | [`Kind::Safe`] | generic words that are never findings; equal lexicon terms are dropped |
//! | `phrases`, `rewrite` | [`Kind::Phrases`] | `key<TAB>text`: `second-person`, `opt-out`, `result-connector`, `clinical-placeholder`, `result-subject`, `result-reading`, `visit-purpose`, `visit-noun`; the phrases of rewrites |
//!
//! ## Header directives
//!
//! [`Lexicon::from_file`] also has to know the kind and the language of a file. The lines
//! before its first entry (comments and blank lines) may say so in directives, comment
//! lines that start with `#!`:
//!
//! ```text
//! #! kind: specialty
//! #! lang: de
//! # Our own programmes
//! Kinderwunschsprechstunde<TAB>head
//! ```
//!
//! - `#! kind: NAME` names the kind (table above). Without it the kind is the file name's
//!   (`specialty.tsv`); a file whose name is no kind and that has no `kind` directive is an
//!   error ("cannot tell the kind").
//! - `#! lang: CODE` names the language: `en`, `it`, `de`, `es` or `fr`, in any case.
//!   Without it the language is the name of the file's folder (`…/de/specialty.tsv`), and
//!   English when that is no language either.
//! - Any other name after `#!`, or an unknown kind or language, is an error on that line.
//!   After the first entry, `#!` lines are ordinary comments; so they are everywhere for
//!   [`Lexicon::parse`], which is given the kind and the language.
//!
//! ```
//! use phi_guard::{Engine, Lexicon};
//!
//! let path = std::env::temp_dir().join(format!("phi-guard-doc-{}.tsv", std::process::id()));
//! std::fs::write(&path, "#! kind: specialty\n#! lang: en\n# Our own programmes\nWeight Journey Programme\n")?;
//! let ours = Lexicon::from_file(&path);
//! std::fs::remove_file(&path)?;
//!
//! let engine = Engine::builder().builtin_lexicons(false).lexicon(ours?).build()?;
//! let text = "Your Weight Journey Programme starts on Monday.";
//! let report = engine.check(text);
//! assert_eq!(report.findings[0].rule.id(), "phi/specialty");
//! assert_eq!(report.findings[0].matched(text), "Weight Journey Programme");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! [`EngineBuilder::lexicon_file`]: crate::EngineBuilder::lexicon_file
//! [`EngineBuilder::term`]: crate::EngineBuilder::term
//! [`Finding::concept`]: crate::Finding::concept

use std::io::Read;
use std::path::Path;
use std::str::FromStr;

use crate::error::{Error, Result};
use crate::finding::Category;
use crate::lang::Lang;

mod builtin;

/// The largest lexicon file [`Lexicon::from_file`] reads: 256 MiB. A larger file is an
/// error ([`ErrorKind::TooLarge`](crate::ErrorKind::TooLarge)) and nothing past the limit
/// is read, so that a path such as `/dev/zero` ends quickly. Raise or lower it with
/// [`Lexicon::from_file_with_limit`] or
/// [`EngineBuilder::max_lexicon_file_size`](crate::EngineBuilder::max_lexicon_file_size).
pub const MAX_FILE_SIZE: u64 = 256 * 1024 * 1024;

/// What a lexicon file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Kind {
    /// Clinical terms of one category: each match is a finding.
    Terms(Category),
    /// Words that signal clinical context, so that nearby ambiguous (`ctx`) terms count.
    Context,
    /// Generic words that are never findings; lexicon terms equal to one are dropped.
    Safe,
    /// Keyed phrases (`second-person`, `opt-out`, `result-connector`, rewrite phrases).
    Phrases,
    /// A clinical word ending (`itis`, `ectomy`, `mab`, `statin`): a word that is in no
    /// lexicon and no ordinary-word list but ends in one is a finding of the category, at
    /// lower confidence. Lines are `suffix<TAB>min_stem<TAB>category`; the entry's
    /// `concept` holds the minimum number of letters before the suffix.
    Shape(Category),
    /// Ordinary words of the language that a clinical ending does not make clinical
    /// (`diploma`, `suite`): one word a line.
    Ordinary,
    /// Function words of the language (articles, prepositions, pronouns): they tell a
    /// message's language and are never the complement of a composed term. One a line.
    Function,
    /// Parts of the body and organ systems ("kidney", "renal", *rene*, *Niere*): not
    /// findings themselves, but the complement a composed head flagged `anatomy` needs
    /// ("kidney clinic", *centro renale*). Lines as for context words.
    Anatomy,
    /// Inflection rules of the language, `ending<TAB>replacement` (`o<TAB>i`: *calcolo* →
    /// *calcoli*): every word of a term of that language also matches in the inflected
    /// forms the rules make. The entry's `term` is the replacement, `concept` the ending.
    Inflection,
}

impl FromStr for Kind {
    type Err = Error;

    fn from_str(s: &str) -> Result<Kind> {
        // `composed-condition.tsv`: composed heads of a category, kept apart from its terms.
        let s = s.trim();
        let s = s.strip_prefix("composed-").unwrap_or(s);
        Ok(match s {
            "condition" => Kind::Terms(Category::Condition),
            "medication" => Kind::Terms(Category::Medication),
            "procedure" => Kind::Terms(Category::Procedure),
            "specialty" => Kind::Terms(Category::Specialty),
            "behavioral" => Kind::Terms(Category::BehavioralHealth),
            "billing" => Kind::Terms(Category::Billing),
            "context" => Kind::Context,
            "safe" => Kind::Safe,
            // `rewrite.tsv` holds the rewrite phrases, in the same `key<TAB>text` format.
            "phrases" | "rewrite" => Kind::Phrases,
            // The category of a shape file is given per line.
            "shape" => Kind::Shape(Category::Condition),
            "ordinary" => Kind::Ordinary,
            "function" => Kind::Function,
            "inflection" => Kind::Inflection,
            "anatomy" => Kind::Anatomy,
            other => return Err(Error::unknown_name("lexicon kind", other)),
        })
    }
}

/// Per-term flags (the second column).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Flags {
    /// Ambiguous: counts only with clinical context nearby.
    pub ctx: bool,
    /// Case-sensitive: matches only exactly as written.
    pub cs: bool,
    /// An abbreviation.
    pub abbr: bool,
    /// May match at the start of a longer compound word.
    pub head: bool,
    /// May match at the end of a longer compound word.
    pub tail: bool,
    /// A generic clinical head noun that counts only with a content word right before it,
    /// which becomes part of the finding ("X disorder", "X pain").
    pub needs_before: bool,
    /// A generic clinical head noun that counts only with a content word right after it
    /// (*disturbo di X*, *trastorno de X*, *trouble X*, *medicina X*).
    pub needs_after: bool,
    /// With `needs-before` or `needs-after`: the word next to the head must be a part of
    /// the body or an organ system (an `anatomy` entry), not any content word: "clinic"
    /// finds "kidney clinic", not "downtown clinic".
    pub anatomy: bool,
    /// A low-sensitivity service (a vaccination, a blood draw, a dental cleaning): it
    /// names a kind of care but reveals little, so most policies rate it a warning.
    pub low: bool,
}

impl Flags {
    fn parse(field: &str) -> Result<Flags> {
        let mut flags = Flags::default();
        for (n, flag) in field.split(',').map(str::trim).filter(|f| !f.is_empty() && *f != "-").enumerate() {
            match flag {
                "ctx" => flags.ctx = true,
                "cs" => flags.cs = true,
                "abbr" => flags.abbr = true,
                "head" => flags.head = true,
                "tail" => flags.tail = true,
                "needs-before" => flags.needs_before = true,
                "needs-after" => flags.needs_after = true,
                "low" => flags.low = true,
                "anatomy" => flags.anatomy = true,
                // Not quoted: a term in the wrong column would be printed.
                _ => {
                    return Err(Error::lexicon(format!(
                        "unknown flag (the {} in column 2); the flags are {}",
                        ordinal(n + 1),
                        "ctx, cs, abbr, head, tail, needs-before, needs-after, anatomy, low"
                    )));
                }
            }
        }
        Ok(flags)
    }
}

/// `1st`, `2nd`, `3rd`, `4th`, …
fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// One lexicon line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The term as listed (for phrases: the phrase text).
    pub term: String,
    /// What the file holds.
    pub kind: Kind,
    /// The language of the file.
    pub lang: Lang,
    /// Flags from the second column.
    pub flags: Flags,
    /// Concept code from the third column (for phrases: the key).
    pub concept: Option<String>,
}

/// A set of lexicon entries, from built-in data, files or single terms.
#[derive(Clone, Debug, Default)]
pub struct Lexicon {
    entries: Vec<Entry>,
}

impl Lexicon {
    /// An empty lexicon.
    pub fn new() -> Lexicon {
        Lexicon::default()
    }

    /// The built-in lexicons of the given languages.
    ///
    /// The built-in data is validated by the test suite, so this only fails if the crate
    /// was built from modified data.
    pub fn builtin(langs: &[Lang]) -> Result<Lexicon> {
        Lexicon::builtin_where(langs, |_| true)
    }

    /// The built-in lexicons of the given languages, leaving out the files for which `keep`
    /// returns false (it is given each file's path, as [`Lexicon::builtin_paths`] lists
    /// them). Evaluations use it to build an engine without one source and measure recall
    /// on that source's terms.
    ///
    /// ```
    /// use phi_guard::{Lang, Lexicon};
    ///
    /// let all = Lexicon::builtin(&[Lang::It])?;
    /// let without = Lexicon::builtin_where(&[Lang::It], |path| !path.ends_with("it/medication.tsv"))?;
    /// assert!(without.len() < all.len());
    /// # Ok::<(), phi_guard::Error>(())
    /// ```
    pub fn builtin_where(langs: &[Lang], keep: impl Fn(&str) -> bool) -> Result<Lexicon> {
        let mut lexicon = Lexicon::new();
        for file in builtin::files() {
            let lang: Lang = file.lang.parse()?;
            if !langs.contains(&lang) || !keep(file.path) {
                continue;
            }
            let kind: Kind = file.kind.parse().map_err(|e: Error| e.with_file(file.path))?;
            lexicon.parse_into(file.contents, lang, kind, file.path)?;
        }
        Ok(lexicon)
    }

    /// The paths of the built-in lexicon files, relative to the crate
    /// (`lexicons/en/condition.tsv`, `lexicons/generated/en/medication.tsv`, …), in the
    /// order they are loaded.
    pub fn builtin_paths() -> impl Iterator<Item = &'static str> {
        builtin::files().map(|f| f.path)
    }

    /// Valid ICD-10 codes (without the dot), when the generated code list is built in.
    pub(crate) fn builtin_icd10_codes() -> Option<&'static str> {
        builtin::icd10_codes()
    }

    /// Parses lexicon text of a known language and kind. `source` names it in errors.
    pub fn parse(text: &str, lang: Lang, kind: Kind, source: &str) -> Result<Lexicon> {
        let mut lexicon = Lexicon::new();
        lexicon.parse_into(text, lang, kind, source)?;
        Ok(lexicon)
    }

    /// Reads a lexicon file. Its kind and language come from header directives
    /// (`#! kind: specialty` and `#! lang: en`), or else from its name
    /// (`…/en/specialty.tsv`); the language defaults to English. A file larger than
    /// [`MAX_FILE_SIZE`] is an error.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Lexicon> {
        Lexicon::from_file_with_limit(path, MAX_FILE_SIZE)
    }

    /// [`Lexicon::from_file`] with another size limit, in bytes: a larger file is an error
    /// ([`ErrorKind::TooLarge`](crate::ErrorKind::TooLarge)), found without reading more
    /// than `max_bytes + 1` bytes of it.
    ///
    /// ```
    /// use phi_guard::{ErrorKind, Lexicon};
    ///
    /// let path = std::env::temp_dir().join(format!("phi-guard-doc-limit-{}.tsv", std::process::id()));
    /// std::fs::write(&path, "#! kind: condition\nasthma\n")?;
    /// let err = Lexicon::from_file_with_limit(&path, 8).unwrap_err();
    /// std::fs::remove_file(&path)?;
    /// assert_eq!(err.kind(), &ErrorKind::TooLarge { limit: 8 });
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_file_with_limit(path: impl AsRef<Path>, max_bytes: u64) -> Result<Lexicon> {
        let path = path.as_ref();
        let text = read_limited(path, max_bytes)?;
        let text = String::from_utf8(text).map_err(|e| {
            Error::input(format!("not valid UTF-8 at byte {}", e.utf8_error().valid_up_to())).with_file(path)
        })?;
        let (mut kind, mut lang) = (None, None);
        for (n, line) in text.lines().enumerate().take_while(|(_, l)| l.starts_with('#') || l.trim().is_empty()) {
            let Some(directive) = line.strip_prefix("#!") else { continue };
            let (key, value) = directive.split_once(':').unwrap_or((directive, ""));
            let at = |e: Error| e.with_file(path).with_line(n + 1);
            match key.trim() {
                "kind" => kind = Some(value.parse::<Kind>().map_err(at)?),
                "lang" => lang = Some(value.parse::<Lang>().map_err(at)?),
                other => return Err(at(Error::unknown_name("directive", other))),
            }
        }
        let kind = match kind {
            Some(k) => k,
            None => path.file_stem().and_then(|s| s.to_str()).unwrap_or_default().parse::<Kind>().map_err(|_| {
                Error::lexicon("cannot tell the kind: add a `#! kind: condition` line or name the file after its kind")
                    .with_file(path)
            })?,
        };
        let lang = lang.or_else(|| path.parent()?.file_name()?.to_str()?.parse().ok()).unwrap_or(Lang::En);
        let mut lexicon = Lexicon::new();
        lexicon.parse_into(&text, lang, kind, &path.display().to_string())?;
        Ok(lexicon)
    }

    fn parse_into(&mut self, text: &str, lang: Lang, kind: Kind, source: &str) -> Result<()> {
        for (n, line) in text.lines().enumerate() {
            let at = |e: Error| e.with_file(source).with_line(n + 1);
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            let mut cols = line.split('\t');
            let first = cols.next().unwrap_or_default().trim();
            let second = cols.next().unwrap_or_default().trim();
            let third = cols.next().unwrap_or_default().trim();
            if cols.next().is_some() {
                return Err(at(Error::lexicon("more than 3 tab-separated columns")));
            }
            let entry = if let Kind::Shape(_) = kind {
                let category = match third.parse::<Kind>() {
                    Ok(Kind::Terms(c)) if c.is_clinical() => c,
                    _ => {
                        return Err(at(Error::lexicon(
                            "a shape line needs `suffix<TAB>min_stem<TAB>category` with a clinical category",
                        )));
                    }
                };
                let min_stem: u8 = second.parse().map_err(|_| at(Error::lexicon("min_stem is not a small number")))?;
                if first.is_empty() || !first.chars().all(char::is_alphabetic) {
                    return Err(at(Error::lexicon("a shape suffix is letters only")));
                }
                Entry {
                    term: first.to_string(),
                    kind: Kind::Shape(category),
                    lang,
                    flags: Flags::default(),
                    concept: Some(min_stem.to_string()),
                }
            } else if kind == Kind::Inflection {
                let replacement = if second == "-" { "" } else { second };
                if first.is_empty() && replacement.is_empty() {
                    return Err(at(Error::lexicon("an inflection line needs `ending<TAB>replacement`")));
                }
                let ending = if first == "-" { "" } else { first };
                Entry {
                    term: replacement.to_string(),
                    kind,
                    lang,
                    flags: Flags::default(),
                    concept: Some(ending.to_string()),
                }
            } else if kind == Kind::Phrases {
                if first.is_empty() || second.is_empty() {
                    return Err(at(Error::lexicon("a phrase line needs `key<TAB>text`")));
                }
                Entry {
                    term: second.to_string(),
                    kind,
                    lang,
                    flags: Flags::default(),
                    concept: Some(first.to_string()),
                }
            } else {
                if !first.chars().any(char::is_alphanumeric) {
                    return Err(at(Error::lexicon("the term has no letters or digits")));
                }
                let flags = Flags::parse(second).map_err(at)?;
                let concept = (!third.is_empty() && third != "-").then(|| third.to_string());
                Entry { term: first.to_string(), kind, lang, flags, concept }
            };
            self.entries.push(entry);
        }
        Ok(())
    }

    /// Adds one term.
    pub fn push(&mut self, entry: Entry) {
        self.entries.push(entry);
    }

    /// Adds every entry of `other`.
    pub fn extend(&mut self, other: Lexicon) {
        self.entries.extend(other.entries);
    }

    /// The entries, in load order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when there are no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Phrases of one key in one language (`second-person`, `opt-out`, …).
    pub fn phrases<'a>(&'a self, key: &'a str, lang: Lang) -> impl Iterator<Item = &'a str> + 'a {
        self.entries
            .iter()
            .filter(move |e| e.kind == Kind::Phrases && e.lang == lang && e.concept.as_deref() == Some(key))
            .map(|e| e.term.as_str())
    }
}

/// Reads a whole file, or fails once more than `limit` bytes have come.
fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, &e))?;
    let known = file.metadata().map(|m| m.len()).unwrap_or(0);
    if known > limit {
        return Err(Error::too_large(path, limit));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(known).unwrap_or(0).saturating_add(1));
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes).map_err(|e| Error::io(path, &e))?;
    if bytes.len() as u64 > limit {
        return Err(Error::too_large(path, limit));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_columns_and_flags() {
        let lex = Lexicon::parse(
            "# c\n\nMS\tcs,abbr\tICD10:G35\ncold\tctx\n",
            Lang::En,
            Kind::Terms(Category::Condition),
            "t.tsv",
        )
        .unwrap();
        assert_eq!(lex.len(), 2);
        assert!(lex.entries()[0].flags.cs && lex.entries()[0].flags.abbr);
        assert_eq!(lex.entries()[0].concept.as_deref(), Some("ICD10:G35"));
        assert!(lex.entries()[1].flags.ctx);
    }

    #[test]
    fn errors_name_file_and_line() {
        let err =
            Lexicon::parse("ok\t\n\nbad\tweird\n", Lang::En, Kind::Terms(Category::Condition), "x.tsv").unwrap_err();
        assert_eq!(err.line(), Some(3));
        assert_eq!(
            err.to_string(),
            "x.tsv:3: invalid lexicon entry: unknown flag (the 1st in column 2); \
             the flags are ctx, cs, abbr, head, tail, needs-before, needs-after, anatomy, low"
        );
        // A term in the flag column (a missing tab before it) is not quoted back.
        let err = Lexicon::parse("gabapentin\tmetformin\n", Lang::En, Kind::Terms(Category::Medication), "m.tsv")
            .unwrap_err();
        assert!(!err.to_string().contains("metformin") && err.to_string().starts_with("m.tsv:1: "), "{err}");
        assert_eq!(ordinal(2), "2nd");
        assert_eq!(ordinal(11), "11th");
        assert_eq!(ordinal(23), "23rd");
        let err = Lexicon::parse("a\tb\tc\td\n", Lang::En, Kind::Context, "y.tsv").unwrap_err();
        assert_eq!(err.to_string(), "y.tsv:1: invalid lexicon entry: more than 3 tab-separated columns");
        let err = Lexicon::parse("--\n", Lang::En, Kind::Safe, "z.tsv").unwrap_err();
        assert_eq!(err.line(), Some(1));
    }

    #[test]
    fn every_builtin_file_parses() {
        let lex = Lexicon::builtin(&Lang::ALL).unwrap();
        assert!(!lex.is_empty());
    }

    #[test]
    fn files_over_the_limit_are_refused_without_reading_them_whole() {
        let path = std::env::temp_dir().join(format!("phi-guard-limit-{}.tsv", std::process::id()));
        std::fs::write(&path, "#! kind: condition\nasthma\n").unwrap();
        let len = std::fs::metadata(&path).unwrap().len();
        assert_eq!(Lexicon::from_file_with_limit(&path, len).unwrap().len(), 1);
        let err = Lexicon::from_file_with_limit(&path, len - 1).unwrap_err();
        std::fs::remove_file(&path).unwrap();
        assert_eq!(err.kind(), &crate::ErrorKind::TooLarge { limit: len - 1 });
        assert_eq!(err.to_string(), format!("{}: larger than the limit of {} bytes", path.display(), len - 1));
        // A file without a known size and without an end.
        #[cfg(unix)]
        {
            let started = std::time::Instant::now();
            let err = Lexicon::from_file_with_limit("/dev/zero", 1 << 20).unwrap_err();
            assert_eq!(err.kind(), &crate::ErrorKind::TooLarge { limit: 1 << 20 });
            assert!(started.elapsed().as_secs() < 10);
        }
        assert_eq!(MAX_FILE_SIZE, 256 << 20);
    }
}
