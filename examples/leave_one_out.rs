//! Leave-one-source-out recall: for each built-in lexicon file S, builds an engine
//! without S (and without what was derived from S) and checks S's terms in message frames
//! of their language. This is recall on vocabulary the engine has not seen; the same terms
//! checked with the full engine give the in-vocabulary figure beside it.
//!
//!     cargo run --release --example leave_one_out            # table per language × category
//!     cargo run --release --example leave_one_out -- --json  # one JSON object
//!     cargo run --release --example leave_one_out -- --misses it/condition  # missed terms
//!
//! A hand-curated file is held out by generating the lexicons again as if it did not exist
//! (`tools/lexicons/generate.py --leave-out FILE --out DIR`, needs python3): the generated
//! lists leave out terms a curated file already has, so without that step a held-out curated
//! term could not be found in the public sources even when they have it. A generated English
//! file is held out together with the files of its kind derived from it for the other
//! languages, so a derived spelling never stands in for the English term it came from. Each
//! file contributes at most `PER_FILE` terms, taken at an even stride so that the sample
//! spans the whole file.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use phi_guard::lexicon::Kind;
use phi_guard::{Category, Engine, Lang, Lexicon, Verdict};

const PER_FILE: usize = 400;

/// Frames with no clinical word in them: a flagged message is flagged because of the term.
fn frames(lang: Lang) -> [&'static str; 2] {
    match lang {
        Lang::It => [
            "Promemoria: il suo appuntamento per {} è lunedì alle 10:00.",
            "Aggiornamento: {}. Risponda 1 per confermare.",
        ],
        Lang::De => {
            ["Erinnerung: Ihr Termin wegen {} ist am Montag um 10:00 Uhr.", "Hinweis: {}. Antworten Sie mit 1."]
        }
        Lang::Es => ["Recordatorio: su cita por {} es el lunes a las 10:00.", "Aviso: {}. Responda 1 para confirmar."],
        Lang::Fr => {
            ["Rappel : votre rendez-vous pour {} est lundi à 10h00.", "Information : {}. Répondez 1 pour confirmer."]
        }
        _ => ["Reminder: your {} appointment is on Monday at 10:00.", "Update: {}. Reply 1 to confirm."],
    }
}

/// Files that `tools/lexicons/derive.py` writes from the English lexicons.
fn is_derived(path: &str) -> bool {
    ["it", "de", "es", "fr"].iter().any(|l| path.starts_with(&format!("lexicons/generated/{l}/")))
}

/// The generated term lists (not the code list, nor the ordinary and function words).
fn is_generated_terms(path: &str) -> bool {
    path.starts_with("lexicons/generated/")
        && ["condition", "medication", "procedure", "specialty", "behavioral"]
            .iter()
            .any(|k| path.ends_with(&format!("/{k}.tsv")))
}

/// For a curated file: the generated term lists made again without it. `None` for a
/// generated file, or when the generator cannot be run (then the committed lists are used,
/// which under-counts what the public sources would have found).
fn regenerated_without(path: &str) -> Result<Option<Lexicon>, phi_guard::Error> {
    if path.starts_with("lexicons/generated/") {
        return Ok(None);
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = std::env::temp_dir().join(format!("phi-guard-loso-{}", std::process::id())).join(path.replace('/', "_"));
    let status = std::process::Command::new("python3")
        .arg(root.join("tools/lexicons/generate.py"))
        .args(["--leave-out", path, "--out"])
        .arg(&out)
        .stdout(std::process::Stdio::null())
        .status();
    if !status.is_ok_and(|s| s.success()) {
        eprintln!("note: could not regenerate without {path}; using the committed generated lists");
        return Ok(None);
    }
    let mut lexicon = Lexicon::new();
    for lang in Lang::ALL {
        for kind in ["condition", "medication", "procedure", "specialty", "behavioral"] {
            let file = out.join(lang.code()).join(format!("{kind}.tsv"));
            if file.exists() {
                lexicon.extend(Lexicon::from_file(&file)?);
            }
        }
    }
    let _ = std::fs::remove_dir_all(&out);
    Ok(Some(lexicon))
}

/// Files that hold the engine's own mechanisms (composed heads), not vocabulary.
fn is_mechanism(path: &str) -> bool {
    path.rsplit('/').next().is_some_and(|name| name.starts_with("composed-") || name == "anatomy.tsv")
}

/// The files held out together with `path`.
fn held_out_with(path: &str, all: &[&'static str]) -> Vec<&'static str> {
    let kind = path.rsplit('/').next().unwrap_or_default();
    let english = path.starts_with("lexicons/en/") || path.starts_with("lexicons/generated/en/");
    all.iter()
        .copied()
        .filter(|p| {
            *p == path || (english && p.starts_with("lexicons/generated/") && p.rsplit('/').next() == Some(kind))
        })
        .collect()
}

#[derive(Default, Clone, Copy)]
struct Count {
    n: usize,
    unseen: usize,
    seen: usize,
}

fn main() -> Result<(), phi_guard::Error> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let json = args.iter().any(|a| a == "--json");
    let misses_for = args.iter().position(|a| a == "--misses").and_then(|i| args.get(i + 1)).cloned();

    let full = Engine::default();
    let paths: Vec<&'static str> = Lexicon::builtin_paths().collect();
    let mut table: BTreeMap<(Lang, Category), Count> = BTreeMap::new();
    let mut per_file: Vec<(&str, Count)> = Vec::new();
    let mut missed = String::new();

    for &path in &paths {
        // The non-English generated files are derived from the English lexicons: they are
        // a layer under test, not a source of vocabulary of their own.
        if is_derived(path) || is_mechanism(path) {
            continue;
        }
        let short = path.trim_start_matches("lexicons/").trim_start_matches("generated/");
        // With `--misses`, only the files asked about are measured (a quicker look).
        if misses_for.as_deref().is_some_and(|m| !short.starts_with(m)) {
            continue;
        }
        let held = held_out_with(path, &paths);
        let source = Lexicon::builtin_where(&Lang::ALL, |p| p == path)?;
        let terms: Vec<(Lang, Category, &str)> = source
            .entries()
            .iter()
            .filter_map(|e| match e.kind {
                Kind::Terms(c) if !e.flags.ctx && !e.flags.cs => Some((e.lang, c, e.term.as_str())),
                _ => None,
            })
            .collect();
        if terms.is_empty() {
            continue;
        }
        let without = match regenerated_without(path)? {
            Some(generated) => {
                let mut lexicon = Lexicon::builtin_where(&Lang::ALL, |p| p != path && !is_generated_terms(p))?;
                lexicon.extend(generated);
                Engine::builder().builtin_lexicons(false).lexicon(lexicon).build()?
            }
            None => Engine::builder()
                .builtin_lexicons(false)
                .lexicon(Lexicon::builtin_where(&Lang::ALL, |p| !held.contains(&p))?)
                .build()?,
        };
        let stride = terms.len().div_ceil(PER_FILE);
        let mut file = Count::default();
        for &(lang, category, term) in terms.iter().step_by(stride) {
            for frame in frames(lang) {
                let text = frame.replacen("{}", term, 1);
                let unseen = without.check(&text).verdict != Verdict::Compliant;
                let seen = full.check(&text).verdict != Verdict::Compliant;
                for c in [&mut file, table.entry((lang, category)).or_default()] {
                    c.n += 1;
                    c.unseen += usize::from(unseen);
                    c.seen += usize::from(seen);
                }
                if !unseen && misses_for.as_deref().is_some_and(|m| short.starts_with(m)) {
                    let _ = writeln!(missed, "  {text}");
                }
            }
        }
        per_file.push((path, file));
    }

    let ratio = |a: usize, n: usize| if n == 0 { 0.0 } else { a as f64 / n as f64 };
    if json {
        // One `"name":{"n":…,"unseen":…,"seen":…}` member per row.
        let member = |name: &str, c: Count| {
            format!(
                "\"{name}\":{{\"n\":{},\"unseen\":{:.4},\"seen\":{:.4}}}",
                c.n,
                ratio(c.unseen, c.n),
                ratio(c.seen, c.n)
            )
        };
        let files: Vec<String> = per_file.iter().map(|(path, c)| member(path, *c)).collect();
        let langs: Vec<String> =
            Lang::ALL.iter().map(|&lang| member(lang.code(), sum(&table, |l, _| l == lang))).collect();
        let out = format!("{{\"files\":{{{}}},\"languages\":{{{}}}}}", files.join(","), langs.join(","));
        println!("{out}");
        return Ok(());
    }

    println!("leave-one-source-out recall (unseen) and in-vocabulary recall (seen), messages flagged");
    println!("{:<44} {:>6} {:>8} {:>8}", "held-out file", "msgs", "unseen", "seen");
    for (path, c) in &per_file {
        println!("{path:<44} {:>6} {:>8.3} {:>8.3}", c.n, ratio(c.unseen, c.n), ratio(c.seen, c.n));
    }
    println!();
    let cats: Vec<Category> =
        table.keys().map(|&(_, c)| c).collect::<std::collections::BTreeSet<_>>().into_iter().collect();
    print!("{:<6}", "lang");
    for c in &cats {
        print!(" {:>12}", c.as_str());
    }
    println!(" {:>12}", "all");
    for lang in Lang::ALL {
        print!("{:<6}", lang.code());
        for &cat in &cats {
            let c = table.get(&(lang, cat)).copied().unwrap_or_default();
            if c.n == 0 {
                print!(" {:>12}", "-");
            } else {
                print!(" {:>5.2} / {:<4.2}", ratio(c.unseen, c.n), ratio(c.seen, c.n));
            }
        }
        let c = sum(&table, |l, _| l == lang);
        println!(" {:>5.2} / {:<4.2}", ratio(c.unseen, c.n), ratio(c.seen, c.n));
    }
    let c = sum(&table, |_, _| true);
    println!("all   unseen {:.3}  seen {:.3}  ({} messages)", ratio(c.unseen, c.n), ratio(c.seen, c.n), c.n);
    if !missed.is_empty() {
        println!("\nmissed:\n{missed}");
    }
    Ok(())
}

fn sum(table: &BTreeMap<(Lang, Category), Count>, pick: impl Fn(Lang, Category) -> bool) -> Count {
    table.iter().filter(|((l, c), _)| pick(*l, *c)).fold(Count::default(), |mut acc, (_, c)| {
        acc.n += c.n;
        acc.unseen += c.unseen;
        acc.seen += c.seen;
        acc
    })
}
