//! Table-driven `check` cases kept as data: `tests/cases/*.tsv`.
//!
//! Each line is `verdict<TAB>text<TAB>unlisted`: the verdict the default engine must give
//! (`compliant`, `review`, `non_compliant`), the message, and optionally the words or
//! phrases (comma separated) that the case relies on being in no built-in lexicon. A case
//! about generalisation (a plural, a composed term, a clinical-looking unknown word) then
//! fails loudly when someone adds its term to a lexicon, instead of silently testing the
//! lexicon rather than the mechanism. `#` starts a comment line; a `## NAME` line names the
//! group the following cases belong to.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::Path;

use phi_guard::lexicon::Kind;
use phi_guard::{Engine, Lang, Lexicon, Verdict};

/// Lower case, diacritics of the five languages stripped, words joined by one space: close
/// enough to the engine's folding to tell whether a phrase is a lexicon term.
fn fold(s: &str) -> String {
    let mapped: String = s
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ä' => 'a',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ò' | 'ó' | 'ô' | 'ö' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            'ñ' => 'n',
            '\'' | '’' => '\u{0}',
            c if c.is_alphanumeric() => c,
            _ => ' ',
        })
        .filter(|&c| c != '\u{0}')
        .collect();
    mapped.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn cases() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "tsv"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no case files in {}", dir.display());

    let lexicon = Lexicon::builtin(&Lang::ALL).unwrap();
    let listed: HashSet<String> =
        lexicon.entries().iter().filter(|e| matches!(e.kind, Kind::Terms(_))).map(|e| fold(&e.term)).collect();

    let engine = Engine::default();
    let (mut total, mut failures) = (0, String::new());
    for file in &files {
        let name = file.file_name().unwrap_or_default().to_string_lossy().into_owned();
        let data = std::fs::read_to_string(file).unwrap();
        let mut group = String::new();
        for (n, line) in data.lines().enumerate() {
            if let Some(g) = line.strip_prefix("## ") {
                group = g.trim().to_string();
                continue;
            }
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let mut cols = line.split('\t');
            let (expected, text, unlisted) =
                (cols.next().unwrap_or_default(), cols.next().unwrap_or_default(), cols.next().unwrap_or_default());
            let expected = match expected {
                "compliant" => Verdict::Compliant,
                "review" => Verdict::Review,
                "non_compliant" => Verdict::NonCompliant,
                other => panic!("{name}:{}: unknown verdict `{other}`", n + 1),
            };
            assert!(!text.is_empty(), "{name}:{}: no text", n + 1);
            total += 1;
            for term in unlisted.split(',').map(str::trim).filter(|t| !t.is_empty()) {
                if listed.contains(&fold(term)) {
                    let _ =
                        writeln!(failures, "{name}:{} [{group}] `{term}` is a lexicon term now: pick another", n + 1);
                }
            }
            let report = engine.check(text);
            if report.verdict != expected {
                let found: Vec<String> =
                    report.findings.iter().map(|f| format!("{} {:?}", f.rule, f.matched(text))).collect();
                let _ = writeln!(
                    failures,
                    "{name}:{} [{group}] expected {expected:?}, got {:?}: {text}  <- {}",
                    n + 1,
                    report.verdict,
                    found.join(", ")
                );
            }
        }
    }
    assert!(total > 0, "no cases read");
    assert!(failures.is_empty(), "{} case(s) failed:\n{failures}", failures.lines().count());
}
