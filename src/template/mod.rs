//! Template placeholders in the syntaxes of messaging platforms, template engines and
//! i18n catalogs:
//!
//! | syntax | where |
//! | --- | --- |
//! | `{{1}}`, `{{ name }}`, `{{ name\|upper }}`, `{% if … %}` | WhatsApp, Mustache, Jinja, Django, Liquid |
//! | `{{ $name }}`, `@if(…)` … `@endif`, `:name` | Laravel Blade and translations |
//! | `%{name}`, `{{- name }}`, `{{& name}}` | Rails i18n, i18next, Mustache |
//! | `((first_name))` | GOV.UK Notify |
//! | `<%= name %>`, `<%- name %>`, `#{@visit.starts_at}` | ERB, EJS, Ruby |
//! | `{name}`, `{0}`, `${name}`, `{date, date, short}`, `{count, plural, one {…} other {…}}` | ICU MessageFormat, .NET, Java, JavaScript |
//! | `%s`, `%d`, `%@`, `%1$@`, `%(name)s` | printf, iOS, Python |
//! | `[Name]`, `***NAME***`, `<name>`, `<dd/mm/yyyy>` | plain-text forms, OpenEMR |
//!
//! Each branch of an ICU plural or select is text and is checked as such; the argument,
//! its selectors and braces are placeholders.
//!
//! Placeholders are masked (replaced by spaces, so byte offsets stay valid) before
//! matching, and their *names* are checked on their own: `{{diagnosis}}` leaks health
//! information at send time, `{{first_name}}` does not.
//!
//! WhatsApp Business template JSON (texts, example values, categories) is read by
//! [`whatsapp`].

use std::ops::Range;

pub mod catalog;
pub(crate) mod json;
pub mod whatsapp;

/// Longest placeholder body that is recognised; anything longer is text.
const MAX_NAME: usize = 64;

/// Longest expression inside a tag or an interpolation (`{% if visit.kind == "x" %}`,
/// `#{@visit.starts_at}`, `@if($reminder)`); anything longer is text.
const MAX_EXPR: usize = 160;

/// A byte a placeholder can start with (`}` ends an ICU branch).
#[inline(always)]
fn is_opener(c: u8) -> bool {
    matches!(c, b'{' | b'}' | b'%' | b'[' | b'$' | b':' | b'(' | b'@' | b'<' | b'#' | b'*' | b'"' | b'\'')
}

/// One placeholder in a template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placeholder {
    /// Byte range of the whole placeholder, delimiters included.
    pub span: Range<usize>,
    /// Byte range of its name (empty for `%s`, `@endif`, the delimiters of an ICU
    /// branch); for a tag or an expression, the expression (`if diagnosis`).
    pub name: Range<usize>,
}

/// True when `text` may contain a placeholder (cheap pre-check: a byte or a pair that
/// every placeholder starts with occurs: `{ % [ @ <`, `((`, `***`, or `:` after a blank
/// or `(`; `}`, `$` and `#` only matter with `{`).
#[inline]
pub fn may_contain_placeholders(text: &str) -> bool {
    let b = text.as_bytes();
    // Each test is a pass over the text that stops at its first hit: the common ones first.
    memchr::memchr3(b'{', b'%', b'[', b).is_some()
        || memchr::memchr_iter(b':', b).any(|i| i == 0 || matches!(b[i - 1], b' ' | b'(' | b'\t' | b'\n'))
        || memchr::memchr2(b'@', b'<', b).is_some()
        || memchr::memmem::find(b, b"((").is_some()
        || memchr::memmem::find(b, b"***").is_some()
        || (memchr::memchr(b'+', b).is_some() && memchr::memchr2(b'"', b'\'', b).is_some())
}

/// Every placeholder in `text`, left to right, not overlapping.
pub fn placeholders(text: &str) -> Vec<Placeholder> {
    let mut out = Vec::new();
    for_each_placeholder(text, |p| out.push(p));
    out
}

/// Calls `f` for every placeholder in `text`, left to right, not overlapping.
///
/// One pass: only opener bytes are looked at. ICU MessageFormat plurals and selects
/// (`{count, plural, one {…} other {…}}`) come as several placeholders, the argument
/// with its first selector and the delimiters between branches, so that the text of
/// each branch stays text.
pub fn for_each_placeholder(text: &str, mut f: impl FnMut(Placeholder)) {
    let b = text.as_bytes();
    // Open ICU branches (nested plurals and selects).
    let mut icu_depth = 0usize;
    let mut i = 0;
    while i < b.len() {
        match b[i..].iter().position(|&c| is_opener(c)) {
            Some(k) => i += k,
            None => break,
        }
        let found = match b[i] {
            b'}' if icu_depth > 0 => {
                let (p, closed) = icu_branch_end(b, i);
                if closed {
                    icu_depth -= 1;
                }
                Some(p)
            }
            b'{' => match b.get(i + 1) {
                Some(b'{') => double_curly(b, i),
                Some(b'%') => tag(b, i, b"%}"),
                _ => match icu_plural(b, i) {
                    Some(p) => {
                        icu_depth += 1;
                        Some(p)
                    }
                    None => icu_simple(b, i).or_else(|| delimited(b, i, 1, b"}")),
                },
            },
            b'$' if b.get(i + 1) == Some(&b'{') => delimited(b, i, 2, b"}"),
            b'#' if b.get(i + 1) == Some(&b'{') => interpolation(b, i),
            b'%' => printf(b, i),
            b'[' => bracketed(b, i),
            b':' => colon_name(b, i),
            b'(' if b.get(i + 1) == Some(&b'(') => double_paren(b, i),
            b'<' if b.get(i + 1) == Some(&b'%') => tag(b, i, b"%>"),
            b'<' => angle(b, i),
            b'@' => blade(b, i),
            b'*' => starred(b, i),
            b'"' | b'\'' => concatenation(b, i),
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

fn skip_blanks(b: &[u8], mut j: usize) -> usize {
    while j < b.len() && matches!(b[j], b' ' | b'\t') {
        j += 1;
    }
    j
}

/// The end of an identifier-like name (letters, digits, `_`, `-`, `.`) starting at `j`.
fn name_end(b: &[u8], j: usize) -> usize {
    j + b[j..].iter().take(MAX_NAME + 1).take_while(|&&c| is_name_byte(c)).count()
}

/// `open` delimiter bytes at `start`, a name, then `close`.
fn delimited(b: &[u8], start: usize, open: usize, close: &[u8]) -> Option<Placeholder> {
    let ns = start + open;
    let ne = name_end(b, ns);
    (ne > ns && ne - ns <= MAX_NAME && b[ne..].starts_with(close))
        .then(|| Placeholder { span: start..ne + close.len(), name: ns..ne })
}

/// `{{1}}`, `{{ name }}`, `{{ name|upper }}` (Jinja, Liquid, Django filters, their
/// arguments included), `{{ $name }}` (Blade), `{{- name }}` (i18next unescaped),
/// `{{& name}}` (Mustache unescaped).
fn double_curly(b: &[u8], start: usize) -> Option<Placeholder> {
    let mut ns = skip_blanks(b, start + 2);
    if matches!(b.get(ns), Some(b'$' | b'-' | b'&')) {
        ns = skip_blanks(b, ns + 1);
    }
    let ne = name_end(b, ns);
    if ne == ns || ne - ns > MAX_NAME {
        return None;
    }
    let mut j = skip_blanks(b, ne);
    if b.get(j) == Some(&b'|') {
        // Filters: anything up to the closing braces on the same line.
        let rest = b[j..].iter().take(MAX_EXPR).position(|&c| matches!(c, b'}' | b'\n' | b'{'))?;
        j += rest;
    }
    b[j..].starts_with(b"}}").then(|| Placeholder { span: start..j + 2, name: ns..ne })
}

/// A template tag: `{% if … %}` (Jinja, Django, Liquid) or `<%= name %>`, `<%- name %>`,
/// `<% code %>` (ERB, EJS), up to `close`, on one line. Its name is the expression.
fn tag(b: &[u8], start: usize, close: &[u8]) -> Option<Placeholder> {
    let mut body = start + 2;
    if matches!(b.get(body), Some(b'=' | b'-' | b'#')) {
        body += 1;
    }
    let len = b[body..].windows(close.len()).take(MAX_EXPR).position(|w| w == close || w[0] == b'\n')?;
    let end = body + len;
    if b[end] == b'\n' {
        return None;
    }
    let name = trim_expr(b, body..end);
    Some(Placeholder { span: start..end + close.len(), name })
}

/// An expression's range without blanks around it, `-`/`~` trim markers
/// (`{%- if x -%}`) and a leading `@` or `$` (`@visit.starts_at`).
fn trim_expr(b: &[u8], mut r: Range<usize>) -> Range<usize> {
    while r.start < r.end && matches!(b[r.start], b' ' | b'\t' | b'-' | b'~' | b'@' | b'$') {
        r.start += 1;
    }
    while r.end > r.start && matches!(b[r.end - 1], b' ' | b'\t' | b'-' | b'~') {
        r.end -= 1;
    }
    r
}

/// `" + esito + "`, `' + visit.date + '`: a value joined into a string literal in code,
/// copied out as it stands. The expression is a name with `.`, `->`, `[…]` or a call,
/// never words with blanks between them.
fn concatenation(b: &[u8], start: usize) -> Option<Placeholder> {
    let quote = b[start];
    let plus = skip_blanks(b, start + 1);
    if b.get(plus) != Some(&b'+') {
        return None;
    }
    let es = skip_blanks(b, plus + 1);
    let len = b[es..].iter().take(MAX_EXPR + 1).position(|&c| matches!(c, b'+' | b'\n' | b'"' | b'\''))?;
    let ee = es + len;
    let close = skip_blanks(b, ee + 1);
    if len > MAX_EXPR || b.get(ee) != Some(&b'+') || b.get(close) != Some(&quote) {
        return None;
    }
    let name = trim_expr(b, es..ee);
    let expression = |c: &u8| is_name_byte(*c) || matches!(c, b'>' | b'(' | b')' | b'[' | b']' | b'$');
    (!name.is_empty() && b[name.clone()].iter().all(expression)).then(|| Placeholder { span: start..close + 1, name })
}

/// `#{@visit.starts_at}`, `#{name}` (Ruby and CoffeeScript interpolation).
fn interpolation(b: &[u8], start: usize) -> Option<Placeholder> {
    let body = start + 2;
    let len = b[body..].iter().take(MAX_EXPR).position(|&c| matches!(c, b'}' | b'{' | b'\n'))?;
    let end = body + len;
    let name = trim_expr(b, body..end);
    (b[end] == b'}' && !name.is_empty()).then(|| Placeholder { span: start..end + 1, name })
}

/// `((first_name))` (GOV.UK Notify), `((name??fallback))` conditionals excluded.
fn double_paren(b: &[u8], start: usize) -> Option<Placeholder> {
    let ns = skip_blanks(b, start + 2);
    let ne = name_end(b, ns);
    let j = skip_blanks(b, ne);
    (ne > ns && ne - ns <= MAX_NAME && b[j..].starts_with(b"))"))
        .then(|| Placeholder { span: start..j + 2, name: ns..ne })
}

/// HTML elements that are markup in a message, never a form field.
const HTML_TAGS: &[&[u8]] = &[
    b"a",
    b"abbr",
    b"b",
    b"big",
    b"blockquote",
    b"body",
    b"br",
    b"center",
    b"code",
    b"div",
    b"em",
    b"font",
    b"footer",
    b"h1",
    b"h2",
    b"h3",
    b"h4",
    b"h5",
    b"h6",
    b"head",
    b"header",
    b"hr",
    b"html",
    b"i",
    b"img",
    b"li",
    b"main",
    b"mark",
    b"nav",
    b"ol",
    b"p",
    b"pre",
    b"q",
    b"s",
    b"section",
    b"small",
    b"span",
    b"strike",
    b"strong",
    b"sub",
    b"sup",
    b"table",
    b"tbody",
    b"td",
    b"th",
    b"thead",
    b"title",
    b"tr",
    b"tt",
    b"u",
    b"ul",
    b"wbr",
];

/// `<name>`, `<first-name>` and date or time masks (`<dd/mm/yyyy>`, `<hh:mm>`): the
/// fields of plain-text forms. An HTML element (`<b>`, `<br>`) or a tag with
/// attributes is markup, not a field.
fn angle(b: &[u8], start: usize) -> Option<Placeholder> {
    let ns = start + 1;
    let len = b[ns..].iter().take(MAX_NAME + 1).position(|&c| c == b'>')?;
    let ne = ns + len;
    let body = &b[ns..ne];
    if body.is_empty() || len > MAX_NAME || !body[0].is_ascii_alphabetic() {
        return None;
    }
    let field = body.iter().all(|&c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-' || c == b'.')
        && !HTML_TAGS.iter().any(|t| t.eq_ignore_ascii_case(body));
    let date_mask = body.iter().any(|&c| matches!(c, b'/' | b':' | b'-' | b'.'))
        && body.iter().all(|c| b"dDmMyYhHsS/:-. ".contains(c))
        && body.iter().filter(|c| c.is_ascii_alphabetic()).count() >= 2;
    if !(field || date_mask) {
        return None;
    }
    let name = if date_mask { ne..ne } else { ns..ne };
    Some(Placeholder { span: start..ne + 1, name })
}

/// Blade directives that take an expression or end a block.
const BLADE_DIRECTIVES: &[&[u8]] = &[
    b"if",
    b"elseif",
    b"else",
    b"endif",
    b"unless",
    b"endunless",
    b"isset",
    b"endisset",
    b"empty",
    b"endempty",
    b"foreach",
    b"endforeach",
    b"forelse",
    b"endforelse",
    b"for",
    b"endfor",
    b"while",
    b"endwhile",
    b"switch",
    b"case",
    b"break",
    b"default",
    b"endswitch",
    b"lang",
    b"choice",
    b"php",
    b"endphp",
    b"auth",
    b"endauth",
    b"guest",
    b"endguest",
    b"include",
    b"section",
    b"endsection",
    b"yield",
];

/// `@if($reminder)`, `@endif`, `@lang('x')` (Laravel Blade); not an e-mail address or a
/// mention (`@name`).
fn blade(b: &[u8], start: usize) -> Option<Placeholder> {
    if start > 0 && (b[start - 1].is_ascii_alphanumeric() || matches!(b[start - 1], b'.' | b'_' | b'@')) {
        return None;
    }
    let ws = start + 1;
    let we = ws + b[ws..].iter().take(16).take_while(|c| c.is_ascii_alphabetic()).count();
    if !BLADE_DIRECTIVES.contains(&&b[ws..we]) || b.get(we).is_some_and(|&c| is_name_byte(c)) {
        return None;
    }
    if b.get(we) != Some(&b'(') {
        return Some(Placeholder { span: start..we, name: we..we });
    }
    // The expression, parentheses balanced, on one line.
    let mut depth = 0usize;
    for (k, &c) in b[we..].iter().enumerate().take(MAX_EXPR) {
        match c {
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    let end = we + k;
                    return Some(Placeholder { span: start..end + 1, name: trim_expr(b, we + 1..end) });
                }
            }
            b'\n' => return None,
            _ => {}
        }
    }
    None
}

/// `***NAME***` (OpenEMR-style notification fields).
fn starred(b: &[u8], start: usize) -> Option<Placeholder> {
    if !b[start..].starts_with(b"***") {
        return None;
    }
    let ns = start + 3;
    let ne = ns + b[ns..].iter().take(MAX_NAME + 1).take_while(|&&c| c.is_ascii_alphanumeric() || c == b'_').count();
    (ne > ns && ne - ns <= MAX_NAME && b[ns].is_ascii_alphabetic() && b[ne..].starts_with(b"***"))
        .then(|| Placeholder { span: start..ne + 3, name: ns..ne })
}

/// The argument of an ICU plural or select and its first selector:
/// `{count, plural, one {`, `{n, plural, offset:1 =0 {`, `{gender, select, female {`.
fn icu_plural(b: &[u8], start: usize) -> Option<Placeholder> {
    let ns = skip_blanks(b, start + 1);
    let ne = name_end(b, ns);
    if ne == ns || ne - ns > MAX_NAME {
        return None;
    }
    let mut j = skip_blanks(b, ne);
    if b.get(j) != Some(&b',') {
        return None;
    }
    j = skip_blanks(b, j + 1);
    let kind = [&b"plural"[..], b"selectordinal", b"select"].into_iter().find(|k| b[j..].starts_with(k))?;
    j = skip_blanks(b, j + kind.len());
    if b.get(j) != Some(&b',') {
        return None;
    }
    j = skip_blanks_lines(b, j + 1);
    if b[j..].starts_with(b"offset:") {
        j += 7;
        j += b[j..].iter().take_while(|c| c.is_ascii_digit()).count();
        j = skip_blanks_lines(b, j);
    }
    let open = selector(b, j)?;
    Some(Placeholder { span: start..open + 1, name: ns..ne })
}

fn skip_blanks_lines(b: &[u8], mut j: usize) -> usize {
    while j < b.len() && b[j].is_ascii_whitespace() {
        j += 1;
    }
    j
}

/// A selector (`one`, `other`, `=0`, `female`) at `j`, then blanks and `{`: the offset
/// of that `{`.
fn selector(b: &[u8], j: usize) -> Option<usize> {
    let s = if b.get(j) == Some(&b'=') { j + 1 } else { j };
    let e = s + b[s..].iter().take(MAX_NAME).take_while(|c| c.is_ascii_alphanumeric() || **c == b'_').count();
    if e == s {
        return None;
    }
    let open = skip_blanks_lines(b, e);
    (b.get(open) == Some(&b'{')).then_some(open)
}

/// The `}` that ends an ICU branch at `start`, with the next selector and its `{`
/// (`} other {`), or with the `}` that closes the argument (`}}`); `true` when the
/// argument is closed.
fn icu_branch_end(b: &[u8], start: usize) -> (Placeholder, bool) {
    let j = skip_blanks_lines(b, start + 1);
    if let Some(open) = selector(b, j) {
        return (Placeholder { span: start..open + 1, name: open + 1..open + 1 }, false);
    }
    let end = if b.get(j) == Some(&b'}') { j + 1 } else { start + 1 };
    (Placeholder { span: start..end, name: end..end }, true)
}

/// A simple ICU argument with a type: `{date, date, short}`, `{amount, number}`,
/// `{0,number,#.##}`.
fn icu_simple(b: &[u8], start: usize) -> Option<Placeholder> {
    let ns = skip_blanks(b, start + 1);
    let ne = name_end(b, ns);
    if ne == ns || ne - ns > MAX_NAME {
        return None;
    }
    let j = skip_blanks(b, ne);
    if b.get(j) != Some(&b',') {
        return None;
    }
    let t = skip_blanks(b, j + 1);
    let kinds = [&b"number"[..], b"date", b"time", b"spellout", b"ordinal", b"duration"];
    let kind = kinds.into_iter().find(|k| b[t..].starts_with(k))?;
    let rest = b[t + kind.len()..].iter().take(MAX_NAME).position(|&c| matches!(c, b'}' | b'{' | b'\n'))?;
    let end = t + kind.len() + rest;
    (b[end] == b'}').then(|| Placeholder { span: start..end + 1, name: ns..ne })
}

/// `%s`, `%d`, `%@`, `%1$s`, `%1$@`, `%(name)s`, `%{name}` (Ruby, Rails i18n).
fn printf(b: &[u8], start: usize) -> Option<Placeholder> {
    let conversion = |c: Option<&u8>| matches!(c, Some(b's' | b'd' | b'@' | b'i' | b'f' | b'u'));
    match b.get(start + 1)? {
        b's' | b'd' | b'@' => Some(Placeholder { span: start..start + 2, name: start + 2..start + 2 }),
        b'{' => delimited(b, start, 2, b"}"),
        b'1'..=b'9' => {
            let digits = b[start + 1..].iter().take(3).take_while(|c| c.is_ascii_digit()).count();
            let dollar = start + 1 + digits;
            (b.get(dollar) == Some(&b'$') && conversion(b.get(dollar + 1)))
                .then(|| Placeholder { span: start..dollar + 2, name: dollar + 2..dollar + 2 })
        }
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

    /// The placeholders of a text, each with its name.
    fn found(text: &str) -> Vec<(&str, &str)> {
        placeholders(text).into_iter().map(|p| (&text[p.span], &text[p.name])).collect()
    }

    /// Per syntax: a text, and the placeholders (whole, name) found in it.
    const SYNTAXES: &[(&str, &[(&str, &str)])] = &[
        ("Hi {{1}}, {{ first_name }}!", &[("{{1}}", "1"), ("{{ first_name }}", "first_name")]),
        (
            "Hi {{ name|upper }} {{name | default('you') }}",
            &[("{{ name|upper }}", "name"), ("{{name | default('you') }}", "name")],
        ),
        ("{% if reminder %}See you{% endif %}", &[("{% if reminder %}", "if reminder"), ("{% endif %}", "endif")]),
        ("{%- if x -%}a{%- endif -%}", &[("{%- if x -%}", "if x"), ("{%- endif -%}", "endif")]),
        ("Hi {{ $name }}", &[("{{ $name }}", "name")]),
        ("Hi {{- name}} {{& clinic}}", &[("{{- name}}", "name"), ("{{& clinic}}", "clinic")]),
        ("Hola %{name}, a las %{time}", &[("%{name}", "name"), ("%{time}", "time")]),
        ("@if($reminder)See you @endif", &[("@if($reminder)", "reminder"), ("@endif", "")]),
        ("Your visit with :doctor_name (:time)", &[(":doctor_name", "doctor_name"), (":time", "time")]),
        ("Dear ((first_name)), ((clinic name))", &[("((first_name))", "first_name")]),
        (
            "Hi <%= name %> <%- clinic %> <% if x %>",
            &[("<%= name %>", "name"), ("<%- clinic %>", "clinic"), ("<% if x %>", "if x")],
        ),
        ("On #{@visit.starts_at} at #{clinic}", &[("#{@visit.starts_at}", "visit.starts_at"), ("#{clinic}", "clinic")]),
        ("Dear ***NAME***, ***Date Time***", &[("***NAME***", "NAME")]),
        (
            "Name: <first_name> born <dd/mm/yyyy> at <hh:mm>",
            &[("<first_name>", "first_name"), ("<dd/mm/yyyy>", ""), ("<hh:mm>", "")],
        ),
        (
            "{count, plural, one {# visit} other {# visits}}",
            &[("{count, plural, one {", "count"), ("} other {", ""), ("}}", "")],
        ),
        (
            "{n, plural, offset:1 =0 {none} other {{n} left}}",
            &[("{n, plural, offset:1 =0 {", "n"), ("} other {", ""), ("{n}", "n"), ("}}", "")],
        ),
        (
            "{g, select, female {{a, plural, one {x} other {y}}} other {z}}",
            &[
                ("{g, select, female {", "g"),
                ("{a, plural, one {", "a"),
                ("} other {", ""),
                ("}}", ""),
                ("} other {", ""),
                ("}}", ""),
            ],
        ),
        (
            "On {date, date, short} for {amount, number}",
            &[("{date, date, short}", "date"), ("{amount, number}", "amount")],
        ),
        ("Hi %@, %1$@ and %2$s at %d", &[("%@", ""), ("%1$@", ""), ("%2$s", ""), ("%d", "")]),
        ("On {0} at {1}", &[("{0}", "0"), ("{1}", "1")]),
        ("e l'esito è: \" + esito + \" Clicca qui", &[("\" + esito + \"", "esito")]),
        ("Hi ' + user.first_name + ', see you", &[("' + user.first_name + '", "user.first_name")]),
        (
            "Hi {name} ${clinic} %(date)s [Name]",
            &[("{name}", "name"), ("${clinic}", "clinic"), ("%(date)s", "date"), ("[Name]", "Name")],
        ),
        ("[CONDITION:kzbtrqmdfw] [Note: x] [A:b:c]", &[("[CONDITION:kzbtrqmdfw]", "CONDITION:kzbtrqmdfw")]),
    ];

    #[test]
    fn quotes_and_plus_signs_in_prose_are_no_concatenation() {
        for text in ["It's 2 + 2, isn't it?", "Call '+39 06 1234' or \"+41 22\"", "a ' + b c + ' d", "\" + \""] {
            assert!(found(text).is_empty(), "{text:?}: {:?}", found(text));
        }
    }

    #[test]
    fn the_pre_check_sees_every_colon_name() {
        // Found by fuzzing: `:name` at the very start was found but not pre-checked.
        for text in [":akut", "(:name)", "a\t:name", "a\n:name", "a :name"] {
            assert_eq!(found(text).len(), 1, "{text:?}");
            assert!(may_contain_placeholders(text), "{text:?}");
        }
        assert!(!may_contain_placeholders("Monday at 10:30, see you"));
    }

    #[test]
    fn recognises_every_syntax() {
        for &(text, expected) in SYNTAXES {
            assert_eq!(found(text), expected, "in {text:?}");
            assert!(may_contain_placeholders(text), "{text:?}");
        }
    }

    #[test]
    fn ignores_what_is_not_a_placeholder() {
        let texts = [
            "20% off {not closed [link](https://x) {a b}",
            "{{{{{{{{",
            // Times, French spacing before a colon, URLs, emoticons and words glued to a colon.
            "at 10 :30, Rappel : demain, see http://x :) :D Note:this :a :été",
            // Markup, comparisons, e-mail addresses, mentions, emphasis.
            "<b>Bold</b> <br> <a href=\"x\">link</a> a < b > c",
            "write to care@if.org or @maria, **soon** * note *",
            "(see (this)) #tag #{ } {% unclosed",
            "{count, plural} {x, y}",
        ];
        for text in texts {
            assert_eq!(found(text), [], "in {text:?}");
        }
        assert!(found(&format!("{{{}}}", "x".repeat(100))).is_empty());
        assert!(!may_contain_placeholders("Your appointment is tomorrow."));
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
