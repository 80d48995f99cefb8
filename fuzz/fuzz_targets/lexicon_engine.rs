//! An engine built from a fuzzed lexicon file: the first two bytes pick the kind and the
//! language, the rest up to the first NUL is the file, and what follows the NUL is a text
//! to check with the new engine. Whatever `Lexicon::parse` accepts must compile, and the
//! engine must check any text (and the terms themselves) with valid reports.
//!
//! Compiling an engine costs far more than parsing (the pattern rules are compiled each
//! time): this target runs at tens of inputs per second, `lexicon` at thousands.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use phi_guard::{Engine, Lexicon};

fuzz_target!(|data: &[u8]| {
    if data.len() < 2 {
        return;
    }
    let (kind, lang) = common::lexicon_kind_and_lang(data[0], data[1]);
    let rest = &data[2..];
    let (file, text) = match rest.iter().position(|&b| b == 0) {
        Some(i) => (&rest[..i], &rest[i + 1..]),
        None => (rest, &[][..]),
    };
    let file = common::text(file);
    let lexicon = match Lexicon::parse(&file, lang, kind, "fuzz.tsv") {
        Ok(l) => l,
        Err(_) => return,
    };
    let terms: Vec<String> = lexicon.entries().iter().map(|e| e.term.clone()).collect();
    let engine = Engine::builder().builtin_lexicons(false).languages([lang]).lexicon(lexicon).build();
    let engine = match engine {
        Ok(e) => e,
        Err(e) => panic!("a lexicon that parsed must compile: {e}"),
    };
    let text = common::text(text);
    let report = engine.check(&text);
    common::check_report(&text, &report);
    // The terms themselves, one per line.
    let joined = terms.join("\n");
    let report = engine.check(&joined);
    common::check_report(&joined, &report);
});
