//! Lexicon-file parsing (`Lexicon::parse`): the first two bytes pick the kind and the
//! language, the rest (up to a NUL) is the file. No panic; an error names the source and
//! a line of the file; what parses has no more entries than the file has lines.
//! `lexicon_engine` compiles what parses.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use phi_guard::Lexicon;

fuzz_target!(|data: &[u8]| {
    if data.len() < 2 {
        return;
    }
    let (kind, lang) = common::lexicon_kind_and_lang(data[0], data[1]);
    let rest = &data[2..];
    let file = rest.split(|&b| b == 0).next().unwrap_or_default();
    let file = common::text(file);
    let lexicon = match Lexicon::parse(&file, lang, kind, "fuzz.tsv") {
        Ok(l) => l,
        Err(e) => {
            let line = e.line().expect("a lexicon error names its line");
            assert!(line >= 1 && line <= file.lines().count().max(1), "line {line}");
            assert_eq!(e.file(), Some(std::path::Path::new("fuzz.tsv")));
            return;
        }
    };
    assert!(lexicon.len() <= file.lines().count());
});
