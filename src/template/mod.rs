//! Template placeholders: `{{1}}`, `{{ name }}`, `{name}`, `${name}`, `%s`, `%(name)s`,
//! `[Name]`, `:name` (Laravel translations).
//!
//! Placeholders are masked (replaced by spaces, so byte offsets stay valid) before
//! matching, and their *names* are checked on their own: `{{diagnosis}}` leaks health
//! information at send time, `{{first_name}}` does not.
//!
//! WhatsApp Business template JSON (texts, example values, categories) is read by
//! [`whatsapp`].

use std::ops::Range;

mod json;
pub mod whatsapp;

/// Longest placeholder body that is recognised; anything longer is text.
const MAX_NAME: usize = 64;

/// One placeholder in a template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placeholder {
    /// Byte range of the whole placeholder, delimiters included.
    pub span: Range<usize>,
    /// Byte range of its name (empty for `%s`).
    pub name: Range<usize>,
}

/// True when `text` may contain a placeholder (cheap pre-check).
#[inline]
pub fn may_contain_placeholders(text: &str) -> bool {
    let b = text.as_bytes();
    memchr::memchr3(b'{', b'%', b'[', b).is_some()
        // `:name` where `colon_name` may take it: at the start or after a blank or `(`.
        || memchr::memchr_iter(b':', b).any(|i| i == 0 || matches!(b[i - 1], b' ' | b'(' | b'\t' | b'\n'))
}

/// Every placeholder in `text`, left to right, not overlapping.
pub fn placeholders(text: &str) -> Vec<Placeholder> {
    let mut out = Vec::new();
    for_each_placeholder(text, |p| out.push(p));
    out
}

/// Calls `f` for every placeholder in `text`, left to right, not overlapping.
pub fn for_each_placeholder(text: &str, mut f: impl FnMut(Placeholder)) {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let found = match b[i] {
            b'{' if b.get(i + 1) == Some(&b'{') => delimited(b, i, 2, b"}}", true),
            b'{' => delimited(b, i, 1, b"}", false),
            b'$' if b.get(i + 1) == Some(&b'{') => delimited(b, i, 2, b"}", false),
            b'%' => printf(b, i),
            b'[' => bracketed(b, i),
            b':' => colon_name(b, i),
            _ => None,
        };
        match found {
            Some(p) => {
                i = p.span.end;
                f(p);
            }
            None => i += 1,
        }
    }
}

/// `open` delimiter bytes at `start`, a name, then `close`. Names are identifier-like;
/// `spaces` allows blanks around the name (`{{ name }}`).
fn delimited(b: &[u8], start: usize, open: usize, close: &[u8], spaces: bool) -> Option<Placeholder> {
    let body_start = start + open;
    let mut j = body_start;
    while j < b.len() && j - body_start <= MAX_NAME {
        if b[j..].starts_with(close) {
            let (mut ns, mut ne) = (body_start, j);
            if spaces {
                while ns < ne && b[ns] == b' ' {
                    ns += 1;
                }
                while ne > ns && b[ne - 1] == b' ' {
                    ne -= 1;
                }
            }
            if ns == ne || !b[ns..ne].iter().all(|&c| is_name_byte(c)) {
                return None;
            }
            return Some(Placeholder { span: start..j + close.len(), name: ns..ne });
        }
        if !(is_name_byte(b[j]) || (spaces && b[j] == b' ')) {
            return None;
        }
        j += 1;
    }
    None
}

/// `%s`, `%d`, `%1$s`, `%(name)s`.
fn printf(b: &[u8], start: usize) -> Option<Placeholder> {
    match b.get(start + 1)? {
        b's' | b'd' | b'@' => Some(Placeholder { span: start..start + 2, name: start + 2..start + 2 }),
        b'(' => {
            let close = b[start + 2..].iter().take(MAX_NAME).position(|&c| c == b')')? + start + 2;
            let name = start + 2..close;
            let ok = !name.is_empty() && b[name.clone()].iter().all(|&c| is_name_byte(c));
            (ok && matches!(b.get(close + 1), Some(b's' | b'd'))).then(|| Placeholder { span: start..close + 2, name })
        }
        _ => None,
    }
}

/// `:name` after a blank or `(` at the start of a word (Laravel translations:
/// "Appointment for :speciality"), not a time (`10 :30`), a URL or an emoticon.
fn colon_name(b: &[u8], start: usize) -> Option<Placeholder> {
    if start > 0 && !matches!(b[start - 1], b' ' | b'(' | b'\t' | b'\n') {
        return None;
    }
    let first = *b.get(start + 1)?;
    if !(first.is_ascii_lowercase() || first == b'_') {
        return None;
    }
    let len = b[start + 1..].iter().take(MAX_NAME + 1).take_while(|&&c| c.is_ascii_alphanumeric() || c == b'_').count();
    let end = start + 1 + len;
    if !(2..=MAX_NAME).contains(&len) || b.get(end).is_some_and(|&c| c == b':' || c == b'/' || c >= 0x80) {
        return None;
    }
    Some(Placeholder { span: start..end, name: start + 1..end })
}

/// `[Name]` or `[First Name]`, not a Markdown link text (`[text](url)`); also the
/// pseudonyms of redaction (`[CONDITION:kzbtrqmdfw]`).
fn bracketed(b: &[u8], start: usize) -> Option<Placeholder> {
    let close = b[start + 1..].iter().take(MAX_NAME).position(|&c| c == b']')? + start + 1;
    let name = start + 1..close;
    let body = &b[name.clone()];
    let ok = body.first().is_some_and(u8::is_ascii_alphabetic)
        && (body.iter().all(|&c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b' ' | b'-' | b'.'))
            || is_pseudonym(body))
        && b.get(close + 1) != Some(&b'(');
    ok.then(|| Placeholder { span: start..close + 1, name })
}

/// `CONDITION:kzbtrqmdfw`: an upper-case name, a colon, lower-case letters.
fn is_pseudonym(body: &[u8]) -> bool {
    let Some(colon) = body.iter().position(|&c| c == b':') else { return false };
    let (name, token) = (&body[..colon], &body[colon + 1..]);
    !name.is_empty()
        && !token.is_empty()
        && name.iter().all(|&c| c.is_ascii_uppercase() || c == b'_')
        && token.iter().all(u8::is_ascii_lowercase)
}

#[inline]
fn is_name_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.')
}

/// Writes the words of a placeholder name, split on `_`, `-`, `.`, spaces, camelCase and
/// digits, separated by spaces: `medicationName` → `medication Name`.
/// The byte that stands for each byte of a placeholder in the text the rules read: no
/// letter, digit or blank, so it joins no word and a pattern rule can match it as "a value
/// filled in at send time".
pub(crate) const MASK: char = '\u{1}';

pub(crate) fn name_words(name: &str, out: &mut String) {
    out.clear();
    let mut prev: Option<char> = None;
    for c in name.chars() {
        if matches!(c, '_' | '-' | '.' | ' ') {
            out.push(' ');
            prev = None;
            continue;
        }
        if let Some(p) = prev {
            let camel = p.is_ascii_lowercase() && c.is_ascii_uppercase();
            let digit_edge = p.is_ascii_digit() != c.is_ascii_digit();
            if camel || digit_edge {
                out.push(' ');
            }
        }
        out.push(c);
        prev = Some(c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<&str> {
        placeholders(text).into_iter().map(|p| &text[p.span]).collect()
    }

    #[test]
    fn the_pre_check_sees_every_colon_name() {
        // Found by fuzzing: `:name` at the very start was found but not pre-checked.
        for text in [":akut", "(:name)", "a\t:name", "a\n:name", "a :name"] {
            assert_eq!(names(text).len(), 1, "{text:?}");
            assert!(may_contain_placeholders(text), "{text:?}");
        }
        assert!(!may_contain_placeholders("Monday at 10:30, see you"));
    }

    #[test]
    fn recognises_every_syntax() {
        assert_eq!(
            names("Hi {{1}}, {{ first_name }} {name} ${clinic} %s %(date)s [Name]."),
            ["{{1}}", "{{ first_name }}", "{name}", "${clinic}", "%s", "%(date)s", "[Name]"]
        );
        assert_eq!(names("[CONDITION:kzbtrqmdfw] [Note: x] [A:b:c]"), ["[CONDITION:kzbtrqmdfw]"]);
        assert_eq!(names("Time to take your :medication (:dosage) at :time."), [":medication", ":dosage", ":time"]);
    }

    #[test]
    fn ignores_what_is_not_a_placeholder() {
        assert!(names("20% off {not closed [link](https://x) {a b}").is_empty());
        assert!(names(&format!("{{{}}}", "x".repeat(100))).is_empty());
        assert!(names("{{{{{{{{").is_empty());
        // Times, French spacing before a colon, URLs, emoticons and words glued to a colon.
        assert!(names("at 10 :30, Rappel : demain, see http://x :) :D Note:this :a :été").is_empty());
    }

    #[test]
    fn splits_names_into_words() {
        let mut s = String::new();
        name_words("medicationName", &mut s);
        assert_eq!(s, "medication Name");
        name_words("lab_value2", &mut s);
        assert_eq!(s, "lab value 2");
    }
}
