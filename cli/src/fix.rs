//! `check --fix` and `check --diff`: the compliant rewrite of each text written into its
//! file (plain text, Markdown, WhatsApp JSON with escapes and placeholders kept), or shown
//! as a unified diff.
//!
//! A file's new text is checked again, in memory, before anything is written: the edits
//! of a template that would still be non-compliant are dropped (a WhatsApp template whose
//! example values carry a term, a rewrite that was withheld), and a file whose new text
//! does not parse is left alone. Edits never touch a comment, front matter, a silenced
//! finding or a placeholder (a template whose rewrite would is not fixed). A fixed file
//! has nothing left to fix, so running `--fix` twice changes nothing.

use std::collections::BTreeMap;
use std::ops::Range;

use phi_guard::Verdict;

use crate::check::{Outcome, Replacement, check_text};
use crate::walk::{Item, Source};

/// Whether fixes are written or shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Write,
    Diff,
}

/// What a fix run did.
#[derive(Debug, Default)]
pub struct Fixed {
    /// Templates whose rewrite was written (or shown).
    pub templates: usize,
    pub files: usize,
    /// Unified diffs, in input order (`--diff`).
    pub diffs: Vec<String>,
}

/// Fixes every outcome that has edits. Under [`Mode::Write`] a fixed file's outcome is
/// replaced by the check of its new text, so that the report shows what is left.
pub fn run(items: &[Item], outcomes: &mut [Outcome], mode: Mode) -> Fixed {
    let mut fixed = Fixed::default();
    for (item, o) in items.iter().zip(outcomes.iter_mut()) {
        if o.failed {
            continue;
        }
        let Some((text, again, templates)) = fix_text(item, o) else { continue };
        match (mode, &item.source) {
            (Mode::Diff, _) => fixed.diffs.push(unified_diff(&o.name, &o.text, &text)),
            (Mode::Write, Source::Stdin(_)) => {
                o.messages
                    .push(format!("note: {}: standard input is not fixed in place; --diff shows the fix", o.name));
                continue;
            }
            (Mode::Write, Source::File(path)) => {
                // The file must still hold what was checked (and be UTF-8: a decoded UTF-16
                // file would change its encoding).
                if std::fs::read(path).ok().as_deref() != Some(o.text.as_bytes()) {
                    o.messages.push(format!("note: {}: not fixed: it is not UTF-8 or changed while checked", o.name));
                    continue;
                }
                if let Err(e) = std::fs::write(path, &text) {
                    o.messages.push(format!("error: {}: cannot write: {}", o.name, e.kind()));
                    o.failed = true;
                    continue;
                }
                let messages = std::mem::take(&mut o.messages);
                *o = again;
                o.messages.splice(0..0, messages);
            }
        }
        fixed.templates += templates;
        fixed.files += 1;
    }
    fixed
}

/// The new text of an input, its check, and how many templates changed; `None` when
/// nothing can be fixed.
fn fix_text(item: &Item, o: &Outcome) -> Option<(String, Outcome, usize)> {
    // Each template's edits (a finding carries those of its whole text).
    let mut by_template: BTreeMap<usize, Vec<Replacement>> = BTreeMap::new();
    for d in &o.diags {
        by_template.entry(d.template).or_default().extend(d.fix.iter().cloned());
    }
    // Comments, front matter, silenced findings and placeholders are kept as written.
    let placeholders: Vec<Range<usize>> =
        phi_guard::template::placeholders(&o.text).into_iter().map(|p| p.span).collect();
    by_template.retain(|_, edits| {
        !edits.is_empty()
            && !edits.iter().any(|e| touches_any(&e.range, &o.hidden) || touches_any(&e.range, &placeholders))
    });
    // Templates are independent: drop those whose new text is still non-compliant, and
    // try again with the rest.
    while !by_template.is_empty() {
        let text = apply(&o.text, by_template.values().flatten())?;
        let mut again = Outcome::new(o.name.clone(), o.uri.clone(), o.fail_on);
        again.reading = o.reading;
        check_text(&mut again, text.clone(), &item.setup);
        if again.failed {
            return None;
        }
        let before = by_template.len();
        by_template.retain(|t, _| !again.diags.iter().any(|d| d.template == *t && d.verdict == Verdict::NonCompliant));
        if by_template.len() == before {
            return Some((text, again, before));
        }
    }
    None
}

fn touches_any(range: &Range<usize>, hidden: &[Range<usize>]) -> bool {
    hidden.iter().any(|h| range.start < h.end && h.start < range.end.max(range.start + 1))
}

/// `text` with the edits applied; `None` if two of them overlap.
fn apply<'a>(text: &str, edits: impl Iterator<Item = &'a Replacement>) -> Option<String> {
    let mut edits: Vec<&Replacement> = edits.collect();
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for e in edits {
        if e.range.start < pos || e.range.end > text.len() {
            return None;
        }
        out.push_str(text.get(pos..e.range.start)?);
        out.push_str(&e.text);
        pos = e.range.end;
    }
    out.push_str(text.get(pos..)?);
    Some(out)
}

/// A unified diff of one file, `a/NAME` → `b/NAME`.
fn unified_diff(name: &str, old: &str, new: &str) -> String {
    let name = crate::term::escape(name);
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(2)
        .header(&format!("a/{name}"), &format!("b/{name}"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(range: Range<usize>, text: &str) -> Replacement {
        Replacement { range, text: text.to_string() }
    }

    #[test]
    fn edits_apply_in_order_and_overlaps_are_refused() {
        let edits = [edit(10..13, "X"), edit(0..2, ""), edit(5..5, "+")];
        assert_eq!(apply("ab cd efgh ijk", edits.iter()).as_deref(), Some(" cd+ efghXk"));
        assert_eq!(apply("abcdef", [edit(0..3, "x"), edit(2..4, "y")].iter()), None);
        assert_eq!(apply("abc", [edit(2..9, "x")].iter()), None);
    }

    #[test]
    fn diffs_name_the_file() {
        let diff = unified_diff("t.txt", "a\nYour asthma visit\nb\n", "a\nYour visit\nb\n");
        assert!(diff.starts_with("--- a/t.txt\n+++ b/t.txt\n@@ -1,3 +1,3 @@\n"), "{diff}");
        assert!(diff.contains("\n-Your asthma visit\n+Your visit\n"), "{diff}");
    }
}
