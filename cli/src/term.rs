//! Strings that come from the user (file names, configuration values, lexicon fields,
//! directive names, ids) made safe to print: on one line, without terminal control
//! sequences, and never able to start a GitHub Actions workflow command (`::error …`).
//!
//! Every line the command writes to standard error goes through [`line()`], and file
//! names in human output through [`escape`].

use std::borrow::Cow;

/// Whether a character must not reach a terminal or a log as it is: control characters
/// (C0, DEL, C1: newlines, escape sequences), the Unicode line and paragraph separators,
/// and the bidirectional overrides and isolates that reorder what a reader sees.
fn unsafe_char(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `s` with each unsafe character written as `\u{1b}`.
pub fn escape(s: &str) -> Cow<'_, str> {
    if !s.chars().any(unsafe_char) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if unsafe_char(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A whole line for standard error: escaped, and with a leading `::` (after any spaces)
/// written as `\u{3a}:` so that no runner reads it as a workflow command.
pub fn line(s: &str) -> String {
    let escaped = escape(s);
    let body = escaped.trim_start();
    if body.starts_with("::") {
        let indent = escaped.len() - body.len();
        format!("{}\\u{{3a}}{}", &escaped[..indent], &body[1..])
    } else {
        escaped.into_owned()
    }
}

/// Prints a line on standard error through [`line()`].
macro_rules! eprint_line {
    ($($arg:tt)*) => {
        eprintln!("{}", $crate::term::line(&format!($($arg)*)))
    };
}
pub(crate) use eprint_line;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_and_annotation_starts_are_escaped() {
        assert_eq!(escape("templates/a.txt"), "templates/a.txt");
        assert_eq!(escape("a\n::error file=README.md::x\x1b[31m"), "a\\u{a}::error file=README.md::x\\u{1b}[31m");
        assert_eq!(escape("é\u{202e}txt.exe\u{85}"), "é\\u{202e}txt.exe\\u{85}");
        assert_eq!(line("::error::spoofed"), "\\u{3a}:error::spoofed");
        assert_eq!(line("  ::warning::x"), "  \\u{3a}:warning::x");
        assert_eq!(line("error: a.txt: x ::y"), "error: a.txt: x ::y");
        assert!(!line("\r::error::x").contains(['\r', '\n']));
    }
}
