//! The lexicon files embedded at build time (see `build.rs`).

include!(concat!(env!("OUT_DIR"), "/builtin_lexicons.rs"));

/// One embedded lexicon file.
pub(crate) struct BuiltinFile {
    pub lang: &'static str,
    pub kind: &'static str,
    pub path: &'static str,
    pub contents: &'static str,
}

/// Every embedded lexicon file, in path order.
pub(crate) fn files() -> impl Iterator<Item = BuiltinFile> {
    BUILTIN_FILES.iter().map(|&(lang, kind, path, contents)| BuiltinFile { lang, kind, path, contents })
}

/// The embedded list of valid ICD-10 codes, if it was generated.
pub(crate) fn icd10_codes() -> Option<&'static str> {
    ICD10_CODES
}
