//! Embeds every built-in lexicon file found under `lexicons/` into the library.
//!
//! Layout: `lexicons/<lang>/<kind>.tsv` (hand-curated) and
//! `lexicons/generated/<lang>/<kind>.tsv` (generated). The list is generated here so that
//! adding a file needs no code change; the files themselves are read by `include_str!`.

use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

const LANGS: [&str; 5] = ["en", "it", "de", "es", "fr"];

fn main() {
    let root = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let lexicons = root.join("lexicons");
    println!("cargo:rerun-if-changed=lexicons");

    let mut entries = Vec::new();
    for dir in [lexicons.clone(), lexicons.join("generated")] {
        for lang in LANGS {
            let lang_dir = dir.join(lang);
            println!("cargo:rerun-if-changed={}", lang_dir.display());
            for path in tsv_files(&lang_dir) {
                let kind = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_string();
                entries.push((lang, kind, path));
            }
        }
    }

    let mut code =
        String::from("/// Built-in lexicon files: (language, kind, path relative to the crate, contents).\n");
    code.push_str("pub(crate) static BUILTIN_FILES: &[(&str, &str, &str, &str)] = &[\n");
    for (lang, kind, path) in &entries {
        let rel = path.strip_prefix(&root).unwrap_or(path).to_string_lossy().replace('\\', "/");
        let _ = writeln!(code, "    ({lang:?}, {kind:?}, {rel:?}, include_str!({:?})),", path.display().to_string());
    }
    code.push_str("];\n");

    let codes = lexicons.join("generated").join("icd10_codes.txt");
    println!("cargo:rerun-if-changed={}", codes.display());
    if codes.exists() {
        let _ = writeln!(
            code,
            "/// Valid ICD-10 / ICD-10-CM codes, one per line, without the dot.\npub(crate) static ICD10_CODES: Option<&str> = Some(include_str!({:?}));",
            codes.display().to_string()
        );
    } else {
        code.push_str("/// Valid ICD-10 / ICD-10-CM codes (not generated in this build).\npub(crate) static ICD10_CODES: Option<&str> = None;\n");
    }

    let out = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("builtin_lexicons.rs");
    fs::write(out, code).expect("OUT_DIR is writable");
}

fn tsv_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> =
        fs::read_dir(dir).map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect()).unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "tsv"));
    files.sort();
    files
}
