//! Prints the size of the default engine and how long it takes to build.
//!
//!     cargo run --release --example engine_stats

use std::time::Instant;

use phi_guard::{Engine, Lang, Lexicon};

/// Resident memory of this process in KiB (Linux; 0 elsewhere).
fn resident_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmRSS:"))?.split_whitespace().nth(1)?.parse().ok())
        .unwrap_or(0)
}

fn main() -> Result<(), phi_guard::Error> {
    let rss_before = resident_kib();
    let t = Instant::now();
    let lexicon = Lexicon::builtin(&Lang::ALL)?;
    let parsed = t.elapsed();

    let t = Instant::now();
    let engine = Engine::builder().build()?;
    let built = t.elapsed();

    let entries = lexicon.len();
    drop(lexicon);
    let stats = engine.stats();
    let rss_after = resident_kib();
    println!("lexicon entries: {entries}");
    println!(
        "automaton: {} patterns, {} distinct words, {} aliases, {} states",
        stats.patterns, stats.words, stats.aliases, stats.states
    );
    println!("parse built-in lexicons: {:.1} ms", parsed.as_secs_f64() * 1e3);
    println!("build default engine:    {:.1} ms", built.as_secs_f64() * 1e3);
    println!(
        "resident memory: {:.1} MiB before, {:.1} MiB with the engine (+{:.1} MiB)",
        rss_before as f64 / 1024.0,
        rss_after as f64 / 1024.0,
        rss_after.saturating_sub(rss_before) as f64 / 1024.0
    );
    Ok(())
}
