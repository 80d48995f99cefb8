//! Hostile input: each shape at growing sizes, reported as throughput, so that linear
//! time shows as the same MB/s at every size and anything worse as throughput falling
//! with size.
//!
//!     cargo bench --bench adversarial                 # everything (about 10 minutes)
//!     cargo bench --bench adversarial -- 'check/'     # one group
//!     PHI_GUARD_BENCH_SKIP_100MB=1 cargo bench --bench adversarial
//!
//! Shapes: long runs of one character (letters, blanks, digits, `{`, `[`, `%(`, `${`),
//! thousands of overlapping lexicon terms, ambiguous terms that need context, deeply
//! nested placeholders, 1,000 to 100,000 placeholders, "your" before every term under
//! the broadcast policy, very long words (a German compound
//! head repeated, combining marks), WhatsApp JSON with long escaped strings and many
//! templates, rewrites and redactions of dense text, and a 100 MB single line through
//! the library and through the release binary (`check` and `scan`).
//!
//! Before the criterion groups, a scaling table is printed: for each shape, ns per byte
//! at 16 KiB and at 1 MiB (best of up to three runs) and their ratio: 1.0 is linear,
//! 64 would be quadratic; a shape whose ratio passes 3 is marked `SUPERLINEAR`.

use std::hint::black_box;
use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use phi_guard::lexicon::Kind;
use phi_guard::template::whatsapp;
use phi_guard::{Engine, Lang, Lexicon, Operator, Policy, PolicyKind};

const KIB: usize = 1 << 10;
const MIB: usize = 1 << 20;

/// `unit` repeated to `n` bytes (whole units, at least one).
fn repeat_to(unit: &str, n: usize) -> String {
    unit.repeat((n / unit.len()).max(1))
}

/// Built-in terms of several words, joined with blanks: neighbours overlap (one term's
/// last words are the next one's first), and many share prefixes.
fn overlapping_terms() -> String {
    let lexicon = Lexicon::builtin(&Lang::ALL).expect("built-in lexicons");
    let mut terms: Vec<&str> = lexicon
        .entries()
        .iter()
        .filter(|e| matches!(e.kind, Kind::Terms(_)) && e.term.contains(' ') && !e.flags.cs)
        .map(|e| e.term.as_str())
        .collect();
    terms.sort_unstable();
    terms.dedup();
    terms.truncate(5000);
    terms.join(" ") + " "
}

type Make = Box<dyn Fn(usize) -> String>;
type Shape = (&'static str, PolicyKind, Make);

/// The shapes: a name, the policy to check under, and the text as a function of its size
/// in bytes.
fn shapes() -> Vec<Shape> {
    let terms = overlapping_terms();
    let shapes: Vec<(&'static str, Make)> = vec![
        ("run of 'a'", Box::new(|n| "a".repeat(n))),
        ("run of blanks", Box::new(|n| " ".repeat(n))),
        ("run of digits", Box::new(|n| "9".repeat(n))),
        ("run of '1.'", Box::new(|n| repeat_to("1.", n))),
        ("run of '{'", Box::new(|n| "{".repeat(n))),
        ("run of '['", Box::new(|n| "[".repeat(n))),
        ("run of '%('", Box::new(|n| repeat_to("%(", n))),
        ("run of '${'", Box::new(|n| repeat_to("${", n))),
        ("overlapping terms", Box::new(move |n| repeat_to(&terms, n))),
        ("one term repeated", Box::new(|n| repeat_to("diabetes ", n))),
        ("nested terms", Box::new(|n| repeat_to("chronic back pain type 2 diabetes mellitus HIV test ", n))),
        ("ambiguous terms", Box::new(|n| repeat_to("cold stroke depression MS ALL Focus Today gel ", n))),
        (
            "nested placeholders",
            Box::new(|n| {
                let d = n / 4;
                "{{".repeat(d) + "diagnosis" + &"}}".repeat(d)
            }),
        ),
        ("many placeholders", Box::new(|n| repeat_to("{{diagnosis}} ", n))),
        ("long word (compound head)", Box::new(|n| repeat_to("Kardiologie", n))),
        ("long word (combining marks)", Box::new(|n| repeat_to("e\u{301}", n))),
        ("identifiers and values", Box::new(|n| repeat_to("536-22-8471 E11.9 220 mg/dL $1,245.60 ", n))),
        (
            "realistic single line",
            Box::new(|n| repeat_to("Please call the office to confirm the time of your visit next week. ", n)),
        ),
    ];
    let mut shapes: Vec<Shape> = shapes.into_iter().map(|(name, make)| (name, PolicyKind::Outbound, make)).collect();
    shapes.push(("'your' + term (broadcast)", PolicyKind::Broadcast, Box::new(|n| repeat_to("your diabetes ", n))));
    shapes.push(("'Your' term. (broadcast)", PolicyKind::Broadcast, Box::new(|n| repeat_to("Your diabetes. ", n))));
    shapes
}

/// ns per byte: the best of three runs, or of one when a run takes over a second.
fn ns_per_byte(engine: &Engine, text: &str) -> f64 {
    let mut best = Duration::MAX;
    for _ in 0..3 {
        let t = Instant::now();
        black_box(engine.check(black_box(text)));
        best = best.min(t.elapsed());
        if best > Duration::from_secs(1) {
            break;
        }
    }
    best.as_nanos() as f64 / text.len() as f64
}

fn scaling_table() {
    let engine = Engine::default();
    eprintln!("\nscaling of check: ns/byte at 16 KiB and 1 MiB, and their ratio (1.0 linear, 64 quadratic)");
    eprintln!("{:<30} {:>10} {:>10} {:>7}", "shape", "16 KiB", "1 MiB", "ratio");
    for (name, policy, make) in shapes() {
        let engine = engine.with_policy(Policy::of(policy));
        let small = ns_per_byte(&engine, &make(16 * KIB));
        let large = ns_per_byte(&engine, &make(MIB));
        let ratio = large / small;
        let flag = if ratio > 3.0 { "  SUPERLINEAR" } else { "" };
        eprintln!("{name:<30} {small:>10.2} {large:>10.2} {ratio:>7.2}{flag}");
    }
    eprintln!();
}

fn check_shapes(c: &mut Criterion) {
    scaling_table();
    let engine = Engine::default();
    let mut g = c.benchmark_group("check");
    g.sample_size(10).warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(2));
    for (name, policy, make) in shapes() {
        let engine = engine.with_policy(Policy::of(policy));
        // Up to 256 KiB: a quadratic shape at megabytes would take hours of samples.
        for size in [16 * KIB, 64 * KIB, 256 * KIB] {
            let text = make(size);
            g.throughput(Throughput::Bytes(text.len() as u64));
            g.bench_with_input(BenchmarkId::new(name, size), &text, |b, t| {
                b.iter(|| black_box(engine.check(t).findings.len()))
            });
        }
    }
    g.finish();
}

fn placeholder_counts(c: &mut Criterion) {
    let engine = Engine::default();
    let mut g = c.benchmark_group("placeholders");
    g.sample_size(10).warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(2));
    for count in [1_000, 10_000, 100_000] {
        let text = "Hi {{1}}, your {{2}} visit: ".to_string() + &"{{diagnosis}} %(name)s [Name] ".repeat(count / 3);
        g.throughput(Throughput::Elements(count as u64));
        g.bench_with_input(BenchmarkId::new("check", count), &text, |b, t| {
            b.iter(|| black_box(engine.check(t).findings.len()))
        });
        g.bench_with_input(BenchmarkId::new("placeholders()", count), &text, |b, t| {
            b.iter(|| black_box(phi_guard::template::placeholders(t).len()))
        });
    }
    g.finish();
}

fn rewrite_and_redact(c: &mut Criterion) {
    let engine = Engine::default();
    let mut g = c.benchmark_group("rewrite");
    g.sample_size(10).warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(3));
    let shapes: [(&str, &str); 3] = [
        ("one term repeated", "diabetes "),
        ("clinical sentences", "Your metformin 500mg refill is ready. Your A1C of 8.2 is high. "),
        ("placeholders", "{{diagnosis}} "),
    ];
    for (name, unit) in shapes {
        for size in [4 * KIB, 32 * KIB, 256 * KIB] {
            let text = repeat_to(unit, size);
            g.throughput(Throughput::Bytes(text.len() as u64));
            g.bench_with_input(BenchmarkId::new(format!("rewrite/{name}"), size), &text, |b, t| {
                b.iter(|| black_box(engine.rewrite(t).text.len()))
            });
            g.bench_with_input(BenchmarkId::new(format!("redact/{name}"), size), &text, |b, t| {
                b.iter(|| black_box(engine.redact(t, &Operator::Mask).text.len()))
            });
        }
    }
    g.finish();
}

fn whatsapp_json(c: &mut Criterion) {
    let engine = Engine::default();
    let mut g = c.benchmark_group("whatsapp");
    g.sample_size(10).warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(2));
    for size in [16 * KIB, 256 * KIB, 4 * MIB] {
        // One body text of escapes (each decoded character maps back to the source).
        let escaped = format!(
            r#"{{"name": "t", "components": [{{"type": "BODY", "text": "{}"}}]}}"#,
            repeat_to(r"Your \u00e9 diabetes \n\ud83d\ude42 ", size)
        );
        // Many small templates in one listing.
        let one = r#"{"name": "r", "category": "UTILITY", "components": [{"type": "BODY", "text": "Hi {{1}}, your {{2}} visit", "example": {"body_text": [["Maria", "cardiology"]]}}]}"#;
        let many = format!(r#"{{"data": [{}]}}"#, vec![one; (size / one.len()).max(1)].join(","));
        for (name, src) in [("escaped text", escaped), ("many templates", many)] {
            g.throughput(Throughput::Bytes(src.len() as u64));
            g.bench_with_input(BenchmarkId::new(name, size), &src, |b, s| {
                b.iter(|| {
                    let templates = whatsapp::parse(s).expect("valid");
                    black_box(templates.iter().map(|t| t.check(&engine).findings.len()).sum::<usize>())
                })
            });
        }
    }
    g.finish();
}

/// The 100 MB single line, through the library and through the release binary.
fn single_line_100mb(c: &mut Criterion) {
    if std::env::var_os("PHI_GUARD_BENCH_SKIP_100MB").is_some() {
        return;
    }
    let engine = Engine::default();
    let unit = "Please call the office to confirm the time of your visit next week. ";
    let mut g = c.benchmark_group("single line");
    g.sample_size(10).warm_up_time(Duration::from_millis(100)).measurement_time(Duration::from_secs(20));
    let dir = std::env::temp_dir().join(format!("phi-guard-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    for size in [MIB, 10 * MIB, 100 * MIB] {
        let text = format!("Your HIV test {}and your mammogram.", repeat_to(unit, size));
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::new("library check", size), &text, |b, t| {
            b.iter(|| black_box(engine.check(t).findings.len()))
        });

        let file = dir.join(format!("line-{size}.txt"));
        std::fs::write(&file, &text).expect("write the file");
        let exe = env!("CARGO_BIN_EXE_phi-guard");
        g.bench_with_input(BenchmarkId::new("phi-guard check --format json", size), &file, |b, f| {
            b.iter(|| {
                let out = Command::new(exe)
                    .args(["check", "--no-config", "--format", "json"])
                    .arg(f)
                    .output()
                    .expect("the binary runs");
                assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
                black_box(out.stdout.len())
            })
        });

        let line = serde_json::json!({"id": 1, "text": text}).to_string() + "\n";
        g.bench_with_input(BenchmarkId::new("phi-guard scan --redact", size), &line, |b, l| {
            b.iter(|| {
                let mut child = Command::new(exe)
                    .args(["scan", "--redact"])
                    .stdin(Stdio::piped())
                    .stdout(Stdio::piped())
                    .stderr(Stdio::null())
                    .spawn()
                    .expect("the binary runs");
                let mut stdin = child.stdin.take().expect("piped");
                let input = l.clone();
                let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
                let out = child.wait_with_output().expect("it finishes");
                writer.join().expect("written").expect("written");
                assert_eq!(out.status.code(), Some(1));
                black_box(out.stdout.len())
            })
        });
        let _ = std::fs::remove_file(&file);
    }
    let _ = std::fs::remove_dir_all(&dir);
    g.finish();
}

criterion_group!(benches, check_shapes, placeholder_counts, rewrite_and_redact, whatsapp_json, single_line_100mb);
criterion_main!(benches);
