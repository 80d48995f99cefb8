//! Prints the number of built-in terms per language and category (the README's lexicon
//! table).
//!
//!     cargo run --release --example lexicon_counts

use std::collections::BTreeMap;

use phi_guard::lexicon::Kind;
use phi_guard::{Lang, Lexicon};

fn main() -> Result<(), phi_guard::Error> {
    let lexicon = Lexicon::builtin(&Lang::ALL)?;
    let mut counts: BTreeMap<(&str, Lang), usize> = BTreeMap::new();
    for e in lexicon.entries() {
        if let Kind::Terms(c) = e.kind {
            *counts.entry((c.as_str(), e.lang)).or_default() += 1;
        }
    }
    let cats: Vec<&str> =
        counts.keys().map(|(c, _)| *c).collect::<std::collections::BTreeSet<_>>().into_iter().collect();
    println!("| | {} |", Lang::ALL.map(|l| l.code()).join(" | "));
    println!("| --- |{}", " ---: |".repeat(Lang::ALL.len()));
    for c in cats {
        let row: Vec<String> =
            Lang::ALL.iter().map(|&l| counts.get(&(c, l)).copied().unwrap_or(0).to_string()).collect();
        println!("| {c} | {} |", row.join(" | "));
    }
    Ok(())
}
