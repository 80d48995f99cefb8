//! Prints the size of the default engine and how long it takes to build.
//!
//!     cargo run --release --example engine_stats

use std::time::Instant;

use phi_guard::{Engine, Lang, Lexicon};

fn main() -> Result<(), phi_guard::Error> {
    let t = Instant::now();
    let lexicon = Lexicon::builtin(&Lang::ALL)?;
    let parsed = t.elapsed();

    let t = Instant::now();
    let engine = Engine::builder().build()?;
    let built = t.elapsed();

    let stats = engine.stats();
    println!("lexicon entries: {}", lexicon.len());
    println!("automaton: {} patterns, {} distinct words, {} states", stats.patterns, stats.words, stats.states);
    println!("parse built-in lexicons: {:.1} ms", parsed.as_secs_f64() * 1e3);
    println!("build default engine:    {:.1} ms", built.as_secs_f64() * 1e3);
    Ok(())
}
