//! Throughput of phi-guard against reference points measured in the same run: `memchr`
//! over the same bytes (the memory-bandwidth ceiling), the byte-level `aho-corasick`
//! automaton over the same terms, and a naive baseline (one big case-insensitive regex
//! alternation).
//!
//!     cargo bench --bench throughput
//!
//! Every group reports throughput (bytes or messages per second), so each figure is also
//! a ratio to the references.

mod corpus;

use std::hint::black_box;
use std::time::Duration;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use phi_guard::lexicon::Kind;
use phi_guard::{Engine, Lang, Lexicon, Scratch};

use corpus::Mix;

const PROSE_BYTES: usize = 4 << 20;
const MESSAGES: usize = 20_000;

fn terms() -> Vec<String> {
    let lexicon = Lexicon::builtin(&Lang::ALL).expect("built-in lexicons");
    let mut terms: Vec<String> =
        lexicon.entries().iter().filter(|e| matches!(e.kind, Kind::Terms(_))).map(|e| e.term.clone()).collect();
    terms.sort();
    terms.dedup();
    terms
}

fn engine_build(c: &mut Criterion) {
    let mut g = c.benchmark_group("build");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    g.bench_function("default engine (all languages)", |b| b.iter(|| black_box(Engine::builder().build().unwrap())));
    g.finish();
}

fn check_messages(c: &mut Criterion) {
    let engine = Engine::default();
    let mut g = c.benchmark_group("check/messages");
    g.sample_size(20).measurement_time(Duration::from_secs(5));
    for (name, mix) in
        [("clean ascii reminders", Mix::CleanAscii), ("realistic mix", Mix::Realistic), ("dense", Mix::Dense)]
    {
        let msgs = corpus::messages(42, MESSAGES, mix);
        g.throughput(Throughput::Elements(msgs.len() as u64));
        g.bench_with_input(BenchmarkId::new("phi-guard", name), &msgs, |b, msgs| {
            let mut scratch = Scratch::new();
            b.iter(|| {
                let mut flagged = 0usize;
                for m in msgs {
                    flagged += usize::from(!engine.check_with(&mut scratch, m).is_compliant());
                }
                black_box(flagged)
            })
        });
    }
    g.finish();
}

fn check_bytes(c: &mut Criterion) {
    let engine = Engine::default();
    let terms = terms();
    let prose = corpus::prose(7, PROSE_BYTES);
    let varied = corpus::varied_prose(7, PROSE_BYTES);
    let mixed: String = corpus::messages(42, MESSAGES, Mix::Realistic).join("\n");
    let ascii: String = corpus::messages(42, MESSAGES, Mix::CleanAscii).join("\n");

    let ac = AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .kind(Some(AhoCorasickKind::ContiguousNFA))
        .build(&terms)
        .expect("aho-corasick builds");
    let alternation = terms.iter().map(|t| regex::escape(t)).collect::<Vec<_>>().join("|");
    let naive = regex::RegexBuilder::new(&format!(r"(?i)\b(?:{alternation})\b"))
        .size_limit(1 << 30)
        .dfa_size_limit(1 << 30)
        .build()
        .expect("naive regex builds");

    let mut g = c.benchmark_group("check/bytes");
    g.sample_size(10).measurement_time(Duration::from_secs(8));
    for (name, text) in [
        ("clean english prose", &prose),
        ("varied-vocabulary prose", &varied),
        ("realistic mix", &mixed),
        ("clean ascii reminders", &ascii),
    ] {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::new("phi-guard", name), text, |b, t| {
            b.iter(|| black_box(engine.check(t).findings.len()))
        });
        g.bench_with_input(BenchmarkId::new("memchr (ceiling)", name), text, |b, t| {
            b.iter(|| black_box(memchr::memchr_iter(b'\0', t.as_bytes()).count()))
        });
        g.bench_with_input(BenchmarkId::new("aho-corasick contiguous NFA", name), text, |b, t| {
            b.iter(|| black_box(ac.find_iter(t.as_str()).count()))
        });
        if name == "clean english prose" {
            // The naive baseline is so slow (a Unicode-aware alternation of every term) that
            // a 16 KiB slice of the same prose is enough for a MB/s figure.
            let mut end = (16 << 10).min(text.len());
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            let slice = &text[..end];
            g.throughput(Throughput::Bytes(slice.len() as u64));
            g.bench_with_input(BenchmarkId::new("naive regex alternation", name), slice, |b, t| {
                b.iter(|| black_box(naive.find_iter(t).count()))
            });
        }
    }
    g.finish();
}

criterion_group!(benches, engine_build, check_messages, check_bytes);
criterion_main!(benches);
