//! Writes a deterministic benchmark corpus as JSONL for `phi-guard scan`.
//!
//!     cargo run --release --example gen_corpus -- 1000000 > corpus.jsonl
//!     cargo run --release -- scan corpus.jsonl > /dev/null
//!
//! Arguments: number of messages (default 100000), seed (default 42), and the mix
//! (`realistic`, `clean`, `dense`; default `realistic`).

#[path = "../benches/corpus.rs"]
mod corpus;

use std::io::Write;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let n = args.first().and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let seed: u64 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(42);
    let mix = match args.get(2).map(String::as_str) {
        Some("clean") => corpus::Mix::CleanAscii,
        Some("dense") => corpus::Mix::Dense,
        _ => corpus::Mix::Realistic,
    };
    let out = std::io::stdout();
    let mut out = std::io::BufWriter::new(out.lock());
    // Write in chunks so that large corpora do not need to fit in memory.
    let chunk = 10_000;
    let mut done = 0;
    while done < n {
        let k = chunk.min(n - done);
        let msgs = corpus::messages(seed.wrapping_add(done as u64), k, mix);
        let text = corpus::jsonl(&msgs);
        // Renumber ids to be global.
        for (i, line) in text.lines().enumerate() {
            let rest = line.split_once(',').map_or("", |(_, r)| r);
            if writeln!(out, "{{\"id\":{},{rest}", done + i).is_err() {
                return;
            }
        }
        done += k;
    }
}
