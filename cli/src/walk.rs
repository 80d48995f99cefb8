//! The files a `check` run looks at: the paths named on the command line, folders
//! walked in name order (respecting `.gitignore`, `.ignore` and hidden files), each file
//! with the configuration that governs it. In a folder, only template-like files are
//! checked (text, Markdown, JSON, message catalogs) unless `include` names others.
//!
//! Symbolic links in a walked folder are followed, to files and to folders alike: a
//! linked template is checked like any other. A link back to a folder above it (a loop)
//! is noted and not entered again, so a walk always ends; a dangling link, or one to
//! something that is neither a file nor a folder (a device, a pipe), is an error.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use ignore::WalkBuilder;

use crate::args::CheckArgs;
use crate::config::{Configs, FILE_NAME, Setup};

/// Where a text comes from.
#[derive(Clone, Debug)]
pub enum Source {
    /// Standard input, reported under `--stdin-filename` or `<stdin>`.
    Stdin(Option<PathBuf>),
    /// A file, as named or as found in a folder.
    File(PathBuf),
}

/// One input to check, with its settings.
pub struct Item {
    pub source: Source,
    pub setup: Arc<Setup>,
}

/// The inputs in a deterministic order: command-line order, folders sorted by name.
/// Problems (a missing path, a broken configuration) come back as `error: …` lines.
/// Notes (a symbolic link loop, not followed again) come back as `note: …` lines.
pub fn collect(args: &CheckArgs, configs: &mut Configs) -> Collected {
    let mut items = Vec::new();
    let mut failed = Vec::new();
    let mut notes = Vec::new();
    let mut seen = HashSet::new();
    let default = [PathBuf::from(".")];
    let paths = if args.paths.is_empty() { &default[..] } else { &args.paths[..] };
    let mut stdin_done = false;

    for path in paths {
        if path.as_os_str() == "-" {
            if stdin_done {
                continue;
            }
            stdin_done = true;
            match configs.for_path(args.stdin_filename.as_deref()) {
                Ok(setup) => items.push(Item { source: Source::Stdin(args.stdin_filename.clone()), setup }),
                Err(e) => report_config(e, &mut failed),
            }
        } else if path.is_file() {
            // `--force-exclude`: a named file is picked as if found in a folder.
            let pick = if args.force_exclude { Pick::Walk } else { Pick::Always };
            add(path, pick, configs, &mut seen, &mut items, &mut failed);
        } else if path.is_dir() {
            let mut walk = WalkBuilder::new(path);
            walk.require_git(false).follow_links(true).sort_by_file_name(|a, b| a.cmp(b));
            for entry in walk.build() {
                match entry {
                    Ok(e) if e.file_type().is_some_and(|t| t.is_file()) => {
                        if e.file_name() == FILE_NAME {
                            continue; // configuration, not a template
                        }
                        // `./templates/a.txt` is shown as `templates/a.txt`.
                        let path = e.path().strip_prefix(".").unwrap_or(e.path());
                        add(path, Pick::Walk, configs, &mut seen, &mut items, &mut failed);
                    }
                    // A link to a device, a socket or a pipe: never read (a pipe could
                    // block the run), an error unless excluded.
                    Ok(e) if e.file_type().is_some_and(|t| !t.is_dir()) => {
                        let path = e.path().strip_prefix(".").unwrap_or(e.path());
                        let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
                        match configs.for_path(Some(path)) {
                            Ok(setup) if setup.selects_in_walk(&abs) => {
                                failed.push(format!("error: {}: not a regular file", path.display()));
                            }
                            Ok(_) => {}
                            Err(e) => report_config(e, &mut failed),
                        }
                    }
                    Ok(_) => {}
                    // Everything a loop leads to is walked already.
                    Err(e) if is_loop(&e) => notes.push(format!("note: {}", clean_walk_error(&e))),
                    Err(e) => failed.push(format!("error: {}", clean_walk_error(&e))),
                }
            }
        } else if path.exists() {
            failed.push(format!("error: {}: not a regular file or folder", path.display()));
        } else {
            failed.push(format!("error: {}: no such file or folder", path.display()));
        }
    }
    Collected { items, failed, notes }
}

/// What [`collect`] found.
pub struct Collected {
    pub items: Vec<Item>,
    /// `error: …` lines: the run fails.
    pub failed: Vec<String>,
    /// `note: …` lines.
    pub notes: Vec<String>,
}

fn is_loop(e: &ignore::Error) -> bool {
    match e {
        ignore::Error::Loop { .. } => true,
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => is_loop(err),
        _ => false,
    }
}

/// Which files named or found are checked.
#[derive(Clone, Copy)]
enum Pick {
    /// Named on the command line.
    Always,
    /// Found in a folder, or named with `--force-exclude`: `include` and `exclude`, and
    /// without `include` only template-like files.
    Walk,
}

fn add(
    path: &Path,
    pick: Pick,
    configs: &mut Configs,
    seen: &mut HashSet<PathBuf>,
    items: &mut Vec<Item>,
    failed: &mut Vec<String>,
) {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    if seen.contains(&abs) {
        return;
    }
    match configs.for_path(Some(path)) {
        Ok(setup) => {
            let picked = match pick {
                Pick::Always => true,
                Pick::Walk => setup.selects_in_walk(&abs),
            };
            // A file passed over in a folder is still checked when named too.
            if picked && seen.insert(abs) {
                items.push(Item { source: Source::File(path.to_path_buf()), setup });
            }
        }
        Err(e) => report_config(e, failed),
    }
}

/// A configuration error, the first time it is seen (files under a broken
/// configuration are skipped).
fn report_config(e: Option<crate::config::ConfigError>, failed: &mut Vec<String>) {
    if let Some(e) = e {
        failed.push(format!("error: {e}"));
    }
}

/// The walker's errors name paths and OS errors, never file contents.
fn clean_walk_error(e: &ignore::Error) -> String {
    e.to_string().chars().filter(|c| !c.is_control()).collect()
}
