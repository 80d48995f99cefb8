//! Lexicon-file parsing (`Lexicon::parse`): the first two bytes pick the kind and the
//! language, the rest (up to a NUL) is the file. No panic; an error names the source and
//! a line of the file; what parses has no more entries than the file has lines.
//! `lexicon_engine` compiles what parses.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use phi_guard::lexicon::Kind;
use phi_guard::{Category, Lang, Lexicon};

const KINDS: [Kind; 9] = [
    Kind::Terms(Category::Condition),
    Kind::Terms(Category::Medication),
    Kind::Terms(Category::Procedure),
    Kind::Terms(Category::Specialty),
    Kind::Terms(Category::BehavioralHealth),
    Kind::Terms(Category::Billing),
    Kind::Context,
    Kind::Safe,
    Kind::Phrases,
];

fuzz_target!(|data: &[u8]| {
    if data.len() < 2 {
        return;
    }
    let kind = KINDS[data[0] as usize % KINDS.len()];
    let lang = Lang::ALL[data[1] as usize % Lang::ALL.len()];
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
