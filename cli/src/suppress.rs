//! What in a plain-text or Markdown template is not message text, and the inline
//! suppressions written there and in the comments of message catalogs.
//!
//! A suppression is an HTML comment that holds a directive:
//!
//! ```text
//! <!-- phi-guard: ignore[phi/specialty] the practice's legal name -->
//! Visit Lakeside Dermatology Group on Monday.
//! ```
//!
//! It silences findings of the named rules (comma-separated ids) that start on the
//! comment's lines or on the line right after it. The reason is required, as for the
//! configuration's allow list. In Markdown every HTML comment and a YAML front matter
//! block (`---` … `---` at the very start) are not message text; in plain text only the
//! comments that hold a directive are left out, the rest is checked as written.
//!
//! Messages about directives name the file, line and column, and the rule ids; never the
//! reason or any other text of the file.

use std::ops::Range;

use phi_guard::Rule;

/// The word that starts a directive inside a comment.
const MARKER: &str = "phi-guard:";

/// A parsed directive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// Byte range of the comment that holds it.
    pub comment: Range<usize>,
    /// Byte offset of the marker, for messages.
    pub at: usize,
    pub rules: Vec<Rule>,
}

/// A directive that could not be read: where, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectiveError {
    pub at: usize,
    pub message: String,
}

/// What a template file holds besides its message text.
#[derive(Debug, Default)]
pub struct Layout {
    /// Byte ranges that are not message text (masked before checking).
    pub hidden: Vec<Range<usize>>,
    /// Where the templates start: after a Markdown front matter block, else 0.
    pub body_start: usize,
    pub directives: Vec<Directive>,
    pub errors: Vec<DirectiveError>,
}

/// Reads a plain-text (`markdown: false`) or Markdown template's layout.
pub fn layout(text: &str, markdown: bool) -> Layout {
    let mut layout = Layout::default();
    if let Some(end) = front_matter_end(text).filter(|_| markdown) {
        layout.hidden.push(0..end);
        layout.body_start = end;
    }
    for comment in html_comments(text, layout.body_start) {
        let body = &text[comment.start + 4..comment.end - 3];
        let has_directive = body.contains(MARKER);
        if has_directive {
            match parse(body, comment.start + 4) {
                Ok((at, rules)) => layout.directives.push(Directive { comment: comment.clone(), at, rules }),
                Err(e) => layout.errors.push(e),
            }
        }
        if markdown || has_directive {
            layout.hidden.push(comment);
        }
    }
    layout
}

/// The comment syntax of a message catalog, for its suppressions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CatalogComments {
    /// Whole-line comments that start with one of these (`#` in gettext, YAML and
    /// `.properties`; `//` in `.strings`).
    Line(&'static [&'static str]),
    /// `<!-- … -->` (Android resources, XLIFF).
    Html,
    /// No comments (JSON catalogs).
    None,
}

/// The directives in a catalog's comments: a directive silences the findings of the
/// entries on its lines and on the line after it, as in a template. Comments are not
/// entries, so nothing is hidden.
pub fn catalog_layout(text: &str, comments: CatalogComments) -> Layout {
    let mut layout = Layout::default();
    let mut read = |comment: Range<usize>, body: Range<usize>| {
        let body_text = &text[body.clone()];
        if body_text.contains(MARKER) {
            match parse(body_text, body.start) {
                Ok((at, rules)) => layout.directives.push(Directive { comment, at, rules }),
                Err(e) => layout.errors.push(e),
            }
        }
    };
    match comments {
        CatalogComments::None => {}
        CatalogComments::Html => {
            for c in html_comments(text, 0) {
                let body = c.start + 4..c.end - 3;
                read(c, body);
            }
        }
        CatalogComments::Line(prefixes) => {
            let mut pos = 0;
            for line in text.split_inclusive('\n') {
                let content = line.trim_end_matches(['\n', '\r']);
                let indent = content.len() - content.trim_start().len();
                if let Some(prefix) = prefixes.iter().find(|p| content[indent..].starts_with(**p)) {
                    let start = pos + indent;
                    read(start..pos + content.len(), start + prefix.len()..pos + content.len());
                }
                pos += line.len();
            }
        }
    }
    layout
}

/// `text` with the hidden ranges blanked: every byte a space, line breaks kept, so that
/// offsets, lines and columns stay those of the file.
pub fn mask(text: &str, hidden: &[Range<usize>]) -> String {
    if hidden.is_empty() {
        return text.to_string();
    }
    let mut bytes = text.as_bytes().to_vec();
    for range in hidden {
        for b in &mut bytes[range.clone()] {
            if *b != b'\n' && *b != b'\r' {
                *b = b' ';
            }
        }
    }
    // Whole characters were replaced by ASCII spaces: still UTF-8.
    String::from_utf8(bytes).unwrap_or_default()
}

/// The end of a YAML front matter block: a first line `---` and a later line `---` or
/// `...`. Without the closing line there is no front matter.
fn front_matter_end(text: &str) -> Option<usize> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next()?;
    if first.trim_end_matches(['\n', '\r']) != "---" {
        return None;
    }
    let mut pos = first.len();
    for line in lines {
        pos += line.len();
        if matches!(line.trim_end_matches(['\n', '\r']), "---" | "...") {
            return Some(pos);
        }
    }
    None
}

/// Every complete `<!-- … -->` from `from` on. An unterminated comment is not one: its
/// text is checked.
fn html_comments(text: &str, from: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut pos = from;
    while let Some(open) = text[pos..].find("<!--").map(|i| pos + i) {
        let Some(close) = text[open + 4..].find("-->").map(|i| open + 4 + i + 3) else { break };
        out.push(open..close);
        pos = close;
    }
    out
}

/// Parses `phi-guard: ignore[rule, …] reason` in a comment's body (which starts at byte
/// `offset` of the file).
fn parse(body: &str, offset: usize) -> Result<(usize, Vec<Rule>), DirectiveError> {
    let marker = body.find(MARKER).unwrap_or(0);
    let at = offset + marker;
    let err = |message: &str| DirectiveError { at, message: message.to_string() };
    let rest = body[marker + MARKER.len()..].trim_start();
    let Some(rest) = rest.strip_prefix("ignore[") else {
        return Err(err("expected `phi-guard: ignore[rule-id] reason`"));
    };
    let Some((ids, reason)) = rest.split_once(']') else {
        return Err(err("expected `]` after the rule ids"));
    };
    let mut rules = Vec::new();
    for id in ids.split(',').map(str::trim) {
        match Rule::ALL.into_iter().find(|r| r.id() == id) {
            Some(rule) => rules.push(rule),
            None => {
                // Only what looks like a rule id is echoed: a comment may hold anything.
                let looks_like_id = id.len() <= 64
                    && !id.is_empty()
                    && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"/-_".contains(&b));
                let shown = if looks_like_id { format!(" `{id}`") } else { String::new() };
                return Err(DirectiveError {
                    at,
                    message: format!("unknown rule{shown} (`phi-guard rules` lists them)"),
                });
            }
        }
    }
    if reason.trim().is_empty() {
        return Err(err("a suppression needs a reason after the rule ids"));
    }
    Ok((at, rules))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_hides_front_matter_and_every_comment() {
        let text = "---\ntitle: diabetes\n---\nHi <!-- note: asthma --> there\n";
        let l = layout(text, true);
        assert_eq!(l.body_start, 24);
        assert_eq!(l.hidden, [0..24, 27..48]);
        let masked = mask(text, &l.hidden);
        assert_eq!(masked.len(), text.len());
        assert!(!masked.contains("diabetes") && !masked.contains("asthma"));
        assert!(masked.ends_with("Hi                       there\n"), "{masked:?}");
    }

    #[test]
    fn plain_text_hides_only_directive_comments() {
        let text = "<!-- asthma -->\n<!-- phi-guard: ignore[phi/condition] our wording -->\n";
        let l = layout(text, false);
        assert_eq!(l.hidden, vec![16..text.len() - 1]);
        assert_eq!(l.directives[0].rules, [Rule::Condition]);
        // No front matter in plain text: `---` separates templates there.
        assert_eq!(layout("---\na\n---\n", false).body_start, 0);
    }

    #[test]
    fn unterminated_comments_and_front_matter_are_text() {
        assert!(layout("<!-- asthma", true).hidden.is_empty());
        assert!(layout("---\nasthma\n", true).hidden.is_empty());
    }

    #[test]
    fn directives_parse_ids_and_need_a_reason() {
        let ok = |body: &str| parse(body, 0).map(|(_, r)| r);
        assert_eq!(
            ok(" phi-guard: ignore[phi/condition, phi/specialty] why "),
            Ok(vec![Rule::Condition, Rule::Specialty])
        );
        let e = |body: &str| parse(body, 10).unwrap_err();
        assert_eq!(e(" phi-guard: ignore[phi/condition]  ").message, "a suppression needs a reason after the rule ids");
        assert_eq!(
            e(" phi-guard: ignore[phi/nope] x").message,
            "unknown rule `phi/nope` (`phi-guard rules` lists them)"
        );
        assert_eq!(e(" phi-guard: ignore[her Diabetes] x").message, "unknown rule (`phi-guard rules` lists them)");
        assert_eq!(e(" phi-guard: skip[phi/condition] x").message, "expected `phi-guard: ignore[rule-id] reason`");
        assert_eq!(e(" phi-guard: ignore[phi/condition x").message, "expected `]` after the rule ids");
        assert_eq!(e("  phi-guard: x").at, 12);
    }
}
