//! rustc-style diagnostics:
//!
//! ```text
//! error[phi/condition]: names a medical condition of the recipient
//!  --> templates/reminder.txt:1:16
//!   |
//! 1 | Reminder: Your diabetes checkup is tomorrow at 2 PM
//!   |                ^^^^^^^^ condition
//! ```
//!
//! Colour (ANSI) only when asked for. Under `--redact` every matched text on a shown
//! line is replaced by `*`, not only the finding's own.

use std::io::{self, Write};
use std::ops::Range;

use phi_guard::Severity;

use super::Options;
use crate::check::Outcome;

struct Style {
    on: bool,
}

impl Style {
    fn paint(&self, code: &str, s: &str) -> String {
        if self.on { format!("\x1b[{code}m{s}\x1b[0m") } else { s.to_string() }
    }

    fn severity_code(severity: Severity) -> &'static str {
        match severity {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
            Severity::Info => "1;36",
            // A severity added to the library later is coloured as an error.
            _ => "1;31",
        }
    }
}

pub fn write(out: &mut impl Write, o: &Outcome, opts: &Options) -> io::Result<()> {
    let style = Style { on: opts.color };
    // Everything that is matched text in this file (masked under --redact).
    let mut secret: Vec<Range<usize>> = o.diags.iter().flat_map(|d| d.pieces.iter().cloned()).collect();
    secret.sort_by_key(|r| (r.start, r.end));

    for d in &o.diags {
        let (line, col) = o.position(d.range.start);
        let line_range = o.line(line);
        let full = &o.text[line_range.clone()];
        let start = d.range.start.clamp(line_range.start, line_range.end) - line_range.start;
        let end = d.range.end.clamp(line_range.start + start, line_range.end) - line_range.start;
        // A long line is shown as a window around the finding.
        let (shown_range, cut_before, cut_after) = window(full, start, end);
        let text = &full[shown_range.clone()];
        let (start, end) = (start - shown_range.start, end.min(shown_range.end) - shown_range.start);
        let offset = line_range.start + shown_range.start;
        let masks: &[Range<usize>] = if opts.redact {
            // Only the masks that reach into the window.
            let from = secret.partition_point(|m| m.end <= offset);
            let to = secret.partition_point(|m| m.start < offset + text.len());
            &secret[from..to.max(from)]
        } else {
            &[]
        };
        let ellipsis = if cut_before { "\u{2026}" } else { "" };
        let shown = format!("{ellipsis}{}{}", render(text, offset, masks), if cut_after { "\u{2026}" } else { "" });
        let pad = " ".repeat(text[..start].chars().count() + usize::from(cut_before));
        let carets = "^".repeat(text[start..end].chars().count().max(1));
        let gutter = " ".repeat(line.to_string().len());
        let sev = Style::severity_code(d.severity);

        writeln!(
            out,
            "{}{}",
            style.paint(sev, &format!("{}[{}]", d.severity, d.rule)),
            style.paint("1", &format!(": {}", d.rule.explanation()))
        )?;
        writeln!(out, "{gutter}{} {}:{line}:{col}", style.paint("1;34", "-->"), crate::term::escape(&o.name))?;
        writeln!(out, "{gutter} {}", style.paint("1;34", "|"))?;
        writeln!(out, "{} {} {shown}", style.paint("1;34", &line.to_string()), style.paint("1;34", "|"))?;
        writeln!(
            out,
            "{gutter} {} {pad}{}",
            style.paint("1;34", "|"),
            style.paint(sev, &format!("{carets} {}", d.category))
        )?;
        let context = super::context(d, opts.redact);
        let help = if opts.redact { None } else { help(o, d) };
        if context.is_some() || help.is_some() {
            writeln!(out, "{gutter} {}", style.paint("1;34", "|"))?;
        }
        if let Some(context) = context {
            writeln!(out, "{gutter} {} {context}", style.paint("1;34", "= note:"))?;
        }
        if let Some(help) = help {
            writeln!(out, "{gutter} {} {help}", style.paint("1;34", "= help:"))?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// The compliant rewrite's edit of a finding: its template's fix (carried by the
/// template's first finding) where an edit replaces the finding's text.
fn help(o: &Outcome, d: &crate::check::Diag) -> Option<String> {
    let mut edits = o.diags.iter().filter(|e| e.template == d.template && e.part == d.part).flat_map(|e| &e.fix);
    let own = edits.find(|e| e.range.start < d.range.end && d.range.start < e.range.end)?;
    let flat = |s: &str| -> String { s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect() };
    let (old, new) = (flat(o.text.get(own.range.clone())?), flat(&own.text));
    Some(if new.trim().is_empty() {
        format!("remove `{}`", crate::term::escape(old.trim()))
    } else {
        format!("replace `{}` with `{}`", crate::term::escape(old.trim()), crate::term::escape(new.trim()))
    })
}

/// Characters of a long line shown on each side of a finding, and of the finding itself.
const CONTEXT_CHARS: usize = 60;
const FINDING_CHARS: usize = 120;

/// The byte range of `line` to show for a finding at `start..end`: the whole line when
/// it is short, else the finding (cut after [`FINDING_CHARS`]) with [`CONTEXT_CHARS`]
/// on each side. Also whether text was cut before and after.
fn window(line: &str, start: usize, end: usize) -> (Range<usize>, bool, bool) {
    if line.len() <= 2 * CONTEXT_CHARS + FINDING_CHARS {
        return (0..line.len(), false, false);
    }
    let from = line[..start].char_indices().rev().nth(CONTEXT_CHARS - 1).map_or(0, |(i, _)| i);
    let cut = line[start..].char_indices().nth(FINDING_CHARS).map_or(line.len(), |(i, _)| start + i);
    let end = end.min(cut).max(start);
    let to = line[end..].char_indices().nth(CONTEXT_CHARS).map_or(line.len(), |(i, _)| end + i);
    (from..to, from > 0, to < line.len())
}

/// A source line for display: control characters (tabs included) become spaces, so the
/// carets line up, and masked byte ranges become one `*` per character.
fn render(line: &str, offset: usize, masks: &[Range<usize>]) -> String {
    line.char_indices()
        .map(|(i, c)| {
            let at = offset + i;
            if masks.iter().any(|m| m.start <= at && at < m.end) {
                '*'
            } else if c.is_control() {
                ' '
            } else {
                c
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_are_windowed() {
        let line = format!("{}diabetes{}", "a ".repeat(500), " b".repeat(500));
        let at = line.find("diabetes").unwrap();
        let (w, before, after) = window(&line, at, at + 8);
        assert!(before && after && w.len() <= 2 * CONTEXT_CHARS + 8, "{w:?}");
        assert_eq!(&line[w.start + CONTEXT_CHARS..w.start + CONTEXT_CHARS + 8], "diabetes");
        assert_eq!(window("short diabetes line", 6, 14), (0..19, false, false));
        let start = format!("diabetes{}", "é".repeat(400));
        let (w, before, after) = window(&start, 0, 8);
        assert!(!before && after && start.is_char_boundary(w.end));
    }

    #[test]
    fn renders_masks_and_controls() {
        assert_eq!(render("a\tbcé d", 10, &[12..13, 14..16]), "a *c* d");
    }
}
