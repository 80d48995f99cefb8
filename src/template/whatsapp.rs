//! WhatsApp Business message templates, as JSON.
//!
//! Teams keep their templates in the shape the WhatsApp Business Management API uses:
//! a single template object, an array of them, or the API's listing (`{"data": […]}`).
//! [`parse`] reads any of the three and keeps, for every text, the way back to the
//! JSON source, so that a finding points at the right line and column even when the
//! text contains escapes (`\n`, `\u00e9`, surrogate pairs).
//!
//! ```json
//! {
//!   "name": "appointment_reminder",
//!   "language": "en_US",
//!   "category": "UTILITY",
//!   "components": [
//!     {"type": "BODY",
//!      "text": "Hi {{1}}, your {{2}} appointment is tomorrow.",
//!      "example": {"body_text": [["Maria", "cardiology"]]}},
//!     {"type": "FOOTER", "text": "Main Street Clinic"}
//!   ]
//! }
//! ```
//!
//! Texts are read from `HEADER` (format `TEXT`), `BODY`, `FOOTER`, `BUTTONS` (each
//! button's `text`, and the `url` of URL buttons), `LIMITED_TIME_OFFER` and the cards
//! of a `CAROUSEL`. The `example` values — positional (`header_text`, `body_text`) and
//! named (`header_text_named_params`, `body_text_named_params`) — are substituted into
//! the text and the result is checked too, because it shows what will be sent: in the
//! template above, `{{2}}` is harmless as a placeholder, but its example says it will be
//! filled with a specialty.
//!
//! [`Template::check`] checks every text, maps the findings back to the source and
//! handles the marketing opt-out for the template as a whole (an opt-out in the footer
//! or a `Stop` quick-reply button covers the body). The policy is the caller's: the
//! template's [`TemplateCategory::policy`] says which one fits.
//!
//! ```
//! use phi_guard::template::whatsapp;
//! use phi_guard::{Engine, Policy, PolicyKind, Rule};
//!
//! let src = r#"{"name": "reminder", "category": "UTILITY", "components": [
//!   {"type": "BODY", "text": "Hi {{1}}, your {{2}} appointment is tomorrow.",
//!    "example": {"body_text": [["Maria", "cardiology"]]}}]}"#;
//! let templates = whatsapp::parse(src)?;
//! let template = &templates[0];
//! let policy = template.category.map_or(PolicyKind::Outbound, |c| c.policy());
//! let report = template.check(&Engine::default().with_policy(Policy::of(policy)));
//! let f = &report.findings[0];
//! assert_eq!(f.finding.rule, Rule::Specialty);
//! assert!(f.with_examples);
//! assert_eq!(&src[f.source.clone()], "cardiology"); // the example value in the JSON
//! # Ok::<(), phi_guard::Error>(())
//! ```

use std::fmt;
use std::ops::Range;

pub use super::json::JsonStr;
use super::json::{self, Node, Value};
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::finding::{Finding, Rule};
use crate::policy::PolicyKind;
use crate::report::{Verdict, risk_score};

/// A template's category, which decides the policy it is checked under.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TemplateCategory {
    /// Promotions: checked under the `marketing` policy (clinical content and a missing
    /// opt-out are errors).
    Marketing,
    /// Transactional messages (reminders, confirmations): the `outbound` policy.
    Utility,
    /// One-time passwords: must contain no health content at all (`outbound`).
    Authentication,
}

impl TemplateCategory {
    /// The category of an API name, case-insensitive. The pre-2023 categories map to
    /// their successors (`APPOINTMENT_UPDATE`, `TRANSACTIONAL`, … → `UTILITY`; `OTP` →
    /// `AUTHENTICATION`); anything else is `None`.
    pub fn from_api(name: &str) -> Option<TemplateCategory> {
        let name = name.trim().to_ascii_uppercase();
        Some(match name.as_str() {
            "MARKETING" => TemplateCategory::Marketing,
            "AUTHENTICATION" | "OTP" => TemplateCategory::Authentication,
            "UTILITY"
            | "TRANSACTIONAL"
            | "ACCOUNT_UPDATE"
            | "ALERT_UPDATE"
            | "APPOINTMENT_UPDATE"
            | "AUTO_REPLY"
            | "ISSUE_RESOLUTION"
            | "PAYMENT_UPDATE"
            | "PERSONAL_FINANCE_UPDATE"
            | "RESERVATION_UPDATE"
            | "SHIPPING_UPDATE"
            | "TICKET_UPDATE"
            | "TRANSPORTATION_UPDATE" => TemplateCategory::Utility,
            _ => return None,
        })
    }

    /// The API name (`MARKETING`, `UTILITY`, `AUTHENTICATION`).
    pub fn as_str(self) -> &'static str {
        match self {
            TemplateCategory::Marketing => "MARKETING",
            TemplateCategory::Utility => "UTILITY",
            TemplateCategory::Authentication => "AUTHENTICATION",
        }
    }

    /// The policy a template of this category is checked under.
    pub fn policy(self) -> PolicyKind {
        match self {
            TemplateCategory::Marketing => PolicyKind::Marketing,
            TemplateCategory::Utility | TemplateCategory::Authentication => PolicyKind::Outbound,
        }
    }
}

impl fmt::Display for TemplateCategory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which text of a template: the component, and the card and button it belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Part {
    /// The kind of text.
    pub kind: PartKind,
    /// The 0-based carousel card, for texts inside a `CAROUSEL`.
    pub card: Option<usize>,
    /// The 0-based button, for button texts and URLs.
    pub button: Option<usize>,
}

/// The kinds of text a template holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PartKind {
    /// A `HEADER` of format `TEXT`.
    Header,
    /// The `BODY`.
    Body,
    /// The `FOOTER`.
    Footer,
    /// A button's label.
    ButtonText,
    /// A URL button's `url`.
    ButtonUrl,
    /// The text of a `LIMITED_TIME_OFFER`.
    LimitedTimeOffer,
}

impl fmt::Display for Part {
    /// `BODY`, `HEADER`, `BUTTONS[1].text`, `CAROUSEL[0].BODY`, …
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(card) = self.card {
            write!(f, "CAROUSEL[{card}].")?;
        }
        match (self.kind, self.button) {
            (PartKind::Header, _) => f.write_str("HEADER"),
            (PartKind::Body, _) => f.write_str("BODY"),
            (PartKind::Footer, _) => f.write_str("FOOTER"),
            (PartKind::LimitedTimeOffer, _) => f.write_str("LIMITED_TIME_OFFER"),
            (PartKind::ButtonText, b) => write!(f, "BUTTONS[{}].text", b.unwrap_or(0)),
            (PartKind::ButtonUrl, b) => write!(f, "BUTTONS[{}].url", b.unwrap_or(0)),
        }
    }
}

/// Which placeholder an example value fills.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ParamKey {
    /// `{{1}}`, `{{2}}`, … (1-based).
    Position(usize),
    /// `{{first_name}}`.
    Name(String),
}

/// One example value for a placeholder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExampleValue {
    /// The placeholder it fills.
    pub key: ParamKey,
    /// The value, decoded, with its place in the source.
    pub value: JsonStr,
}

/// One text of a template, with its example values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Text {
    /// Which text it is.
    pub part: Part,
    /// The text as decoded from JSON, with the way back to the source.
    pub text: JsonStr,
    /// Sets of example values (the API allows several sets for `body_text`); each set is
    /// substituted into the text and checked.
    pub examples: Vec<Vec<ExampleValue>>,
    /// For URL buttons: example values that are already complete URLs; each is checked
    /// as it is.
    pub full_examples: Vec<JsonStr>,
}

/// One WhatsApp Business message template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template {
    /// The template's `name`, if it has one.
    pub name: Option<String>,
    /// Its `language` code (`en_US`), if given.
    pub language: Option<String>,
    /// Its `category`, when it is one phi-guard knows.
    pub category: Option<TemplateCategory>,
    /// Byte range of the `category` value in the source (where a missing opt-out is
    /// reported), else of the template object's opening brace.
    pub anchor: Range<usize>,
    /// Byte range of the whole template object in the source.
    pub span: Range<usize>,
    /// Its texts, in source order.
    pub texts: Vec<Text>,
}

/// Parses a WhatsApp template file: one template object, an array of them, or the
/// API's listing `{"data": […]}`.
///
/// Valid JSON of another shape (a `package.json`, say) gives an empty list. Errors
/// carry the 1-based line and say the column; they never quote the file's text.
pub fn parse(src: &str) -> Result<Vec<Template>> {
    let root = json::parse(src).map_err(|e| at(src, e.pos, e.msg))?;
    let items: Vec<&Node> = if let Some(data) = root.get("data") {
        let items = data.as_array().ok_or_else(|| at(src, data.span.start, "`data` must be an array"))?;
        items.iter().collect()
    } else if root.get("components").is_some() {
        vec![&root]
    } else if let Some(items) = root.as_array() {
        if items.iter().any(|t| t.get("components").is_some()) { items.iter().collect() } else { Vec::new() }
    } else {
        Vec::new()
    };
    items.into_iter().map(|node| template(src, node)).collect()
}

/// An input error at a byte offset: the line goes into the error, the column into the
/// message.
fn at(src: &str, pos: usize, msg: &str) -> Error {
    let pos = pos.min(src.len());
    let before = src.get(..pos).unwrap_or(src);
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    Error::input(format!("{msg} (column {col})")).with_line(before.matches('\n').count() + 1)
}

fn string_field<'n>(src: &str, node: &'n Node, key: &str) -> Result<Option<&'n JsonStr>> {
    match node.get(key) {
        None => Ok(None),
        Some(Node { value: Value::Null, .. }) => Ok(None),
        Some(n) => n.as_str().map(Some).ok_or_else(|| at(src, n.span.start, must_be(key, "a string"))),
    }
}

fn array_field<'n>(src: &str, node: &'n Node, key: &str) -> Result<&'n [Node]> {
    match node.get(key) {
        None => Ok(&[]),
        Some(n) => n.as_array().ok_or_else(|| at(src, n.span.start, must_be(key, "an array"))),
    }
}

fn must_be(key: &str, what: &str) -> &'static str {
    // A fixed set of messages: keys come from this module, never from the input.
    match (key, what) {
        ("components", _) => "`components` must be an array",
        ("buttons", _) => "`buttons` must be an array",
        ("cards", _) => "`cards` must be an array",
        ("body_text", _) => "`body_text` must be an array of arrays of strings",
        ("header_text", _) => "`header_text` must be an array of strings",
        ("example", _) => "`example` has an unexpected shape",
        ("text", _) => "`text` must be a string",
        ("url", _) => "`url` must be a string",
        ("type", _) => "`type` must be a string",
        ("name", _) => "`name` must be a string",
        ("language", _) => "`language` must be a string",
        ("category", _) => "`category` must be a string",
        ("format", _) => "`format` must be a string",
        ("param_name", _) => "`param_name` must be a string",
        _ => "unexpected value",
    }
}

fn template(src: &str, node: &Node) -> Result<Template> {
    if !node.is_object() {
        return Err(at(src, node.span.start, "a template must be an object"));
    }
    if node.get("components").is_none() {
        return Err(at(src, node.span.start, "a template must have `components`"));
    }
    let name = string_field(src, node, "name")?.map(|s| s.value.clone());
    let language = string_field(src, node, "language")?.map(|s| s.value.clone());
    let category_str = string_field(src, node, "category")?;
    let category = category_str.and_then(|c| TemplateCategory::from_api(&c.value));
    let anchor = match category_str {
        Some(c) => c.span.clone(),
        None => node.span.start..node.span.start + 1,
    };
    let mut texts = Vec::new();
    components(src, array_field(src, node, "components")?, None, &mut texts)?;
    Ok(Template { name, language, category, anchor, span: node.span.clone(), texts })
}

fn components(src: &str, list: &[Node], card: Option<usize>, out: &mut Vec<Text>) -> Result<()> {
    for c in list {
        if !c.is_object() {
            return Err(at(src, c.span.start, "a component must be an object"));
        }
        let kind = string_field(src, c, "type")?.map(|t| t.value.to_ascii_uppercase()).unwrap_or_default();
        let part = |kind| Part { kind, card, button: None };
        match kind.as_str() {
            "HEADER" => {
                let format = string_field(src, c, "format")?.map(|f| f.value.to_ascii_uppercase());
                if format.as_deref().is_none_or(|f| f == "TEXT") {
                    if let Some(text) = string_field(src, c, "text")? {
                        let examples = examples(src, c.get("example"), "header_text", "header_text_named_params")?;
                        out.push(Text {
                            part: part(PartKind::Header),
                            text: text.clone(),
                            examples,
                            full_examples: vec![],
                        });
                    }
                }
            }
            "BODY" => {
                if let Some(text) = string_field(src, c, "text")? {
                    let examples = examples(src, c.get("example"), "body_text", "body_text_named_params")?;
                    out.push(Text { part: part(PartKind::Body), text: text.clone(), examples, full_examples: vec![] });
                }
            }
            "FOOTER" => {
                if let Some(text) = string_field(src, c, "text")? {
                    out.push(Text {
                        part: part(PartKind::Footer),
                        text: text.clone(),
                        examples: vec![],
                        full_examples: vec![],
                    });
                }
            }
            "LIMITED_TIME_OFFER" => {
                if let Some(offer) = c.get("limited_time_offer") {
                    if let Some(text) = string_field(src, offer, "text")? {
                        let p = part(PartKind::LimitedTimeOffer);
                        out.push(Text { part: p, text: text.clone(), examples: vec![], full_examples: vec![] });
                    }
                }
            }
            "BUTTONS" => {
                for (i, b) in array_field(src, c, "buttons")?.iter().enumerate() {
                    if !b.is_object() {
                        return Err(at(src, b.span.start, "a button must be an object"));
                    }
                    if let Some(text) = string_field(src, b, "text")? {
                        let p = Part { kind: PartKind::ButtonText, card, button: Some(i) };
                        out.push(Text { part: p, text: text.clone(), examples: vec![], full_examples: vec![] });
                    }
                    if let Some(url) = string_field(src, b, "url")? {
                        let (set, full) = url_examples(src, b.get("example"))?;
                        let p = Part { kind: PartKind::ButtonUrl, card, button: Some(i) };
                        let examples = if set.is_empty() { vec![] } else { vec![set] };
                        out.push(Text { part: p, text: url.clone(), examples, full_examples: full });
                    }
                }
            }
            "CAROUSEL" => {
                for (i, card_node) in array_field(src, c, "cards")?.iter().enumerate() {
                    components(src, array_field(src, card_node, "components")?, Some(i), out)?;
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// The example sets of a header or body: positional (`header_text: ["a"]`,
/// `body_text: [["a", "b"]]`) and named (`…_named_params: [{"param_name", "example"}]`).
fn examples(src: &str, example: Option<&Node>, positional: &str, named: &str) -> Result<Vec<Vec<ExampleValue>>> {
    let Some(example) = example else { return Ok(vec![]) };
    if !example.is_object() {
        return Err(at(src, example.span.start, must_be("example", "")));
    }
    let mut sets = Vec::new();
    if let Some(p) = example.get(positional) {
        let bad = || at(src, p.span.start, must_be(positional, ""));
        let items = p.as_array().ok_or_else(bad)?;
        // `header_text` is one set of strings; `body_text` a list of sets.
        let nested = items.iter().any(|i| i.as_array().is_some());
        let groups: Vec<&[Node]> = if nested {
            items.iter().map(|i| i.as_array().ok_or_else(bad)).collect::<Result<_>>()?
        } else {
            vec![items]
        };
        for group in groups {
            let set = group
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    let value = v.as_str().ok_or_else(bad)?.clone();
                    Ok(ExampleValue { key: ParamKey::Position(i + 1), value })
                })
                .collect::<Result<Vec<_>>>()?;
            sets.push(set);
        }
    }
    if let Some(n) = example.get(named) {
        let bad = || at(src, n.span.start, "named example parameters must be objects with `param_name` and `example`");
        let mut set = Vec::new();
        for item in n.as_array().ok_or_else(bad)? {
            let name = string_field(src, item, "param_name")?.ok_or_else(bad)?;
            let value = item.get("example").and_then(Node::as_str).ok_or_else(bad)?;
            set.push(ExampleValue { key: ParamKey::Name(name.value.clone()), value: value.clone() });
        }
        sets.push(set);
    }
    Ok(sets)
}

/// A URL button's examples: values for `{{1}}`, or complete URLs.
fn url_examples(src: &str, example: Option<&Node>) -> Result<(Vec<ExampleValue>, Vec<JsonStr>)> {
    let Some(example) = example else { return Ok((vec![], vec![])) };
    let bad = || at(src, example.span.start, "a URL button's `example` must be a string or an array of strings");
    let items: Vec<&JsonStr> = match &example.value {
        Value::String(s) => vec![s],
        Value::Array(items) => items.iter().map(|i| i.as_str().ok_or_else(bad)).collect::<Result<_>>()?,
        _ => return Err(bad()),
    };
    let (mut set, mut full) = (Vec::new(), Vec::new());
    for s in items {
        let v = s.value.trim_start().to_ascii_lowercase();
        if v.starts_with("http://") || v.starts_with("https://") {
            full.push(s.clone());
        } else {
            set.push(ExampleValue { key: ParamKey::Position(set.len() + 1), value: s.clone() });
        }
    }
    Ok((set, full))
}

/// A finding in a template, located in the JSON source.
#[derive(Clone, Debug, PartialEq)]
pub struct TemplateFinding {
    /// The finding; its span points into the text that was checked (a [`Text`]'s
    /// decoded text, or that text with example values substituted).
    pub finding: Finding,
    /// Index into [`Template::texts`] of the text it was found in; `None` for a finding
    /// about the whole template (a missing opt-out).
    pub text: Option<usize>,
    /// Byte range in the source where it is reported: the matched text (or, when it
    /// runs from the template text into an example value, its first part).
    pub source: Range<usize>,
    /// Every byte range in the source the matched text comes from (for redaction).
    pub pieces: Vec<Range<usize>>,
    /// The matched text, decoded.
    pub matched: String,
    /// True when the finding shows only with the example values substituted.
    pub with_examples: bool,
}

/// The outcome of [`Template::check`].
#[derive(Clone, Debug, PartialEq)]
pub struct TemplateReport {
    /// The worst severity, as a verdict.
    pub verdict: Verdict,
    /// The 0–100 risk score of all findings (see [`risk_score`]).
    pub score: u8,
    /// Findings ordered by their place in the source.
    pub findings: Vec<TemplateFinding>,
}

/// Where a byte of a substituted text comes from.
#[derive(Clone, Copy)]
struct Segment {
    /// Start in the substituted text.
    out: usize,
    len: usize,
    /// `None`: the template text; `Some(i)`: example value `i` of the set.
    from: Option<usize>,
    /// Start in the decoded string it comes from.
    at: usize,
}

impl Template {
    /// Checks every text of the template with the engine's policy, with and without the
    /// example values, and the opt-out over the whole template.
    pub fn check(&self, engine: &Engine) -> TemplateReport {
        let policy = engine.policy().clone();
        let wants_opt_out = policy.level(Rule::OptOutMissing).is_some();
        let parts = engine.with_policy(policy.with_level(Rule::OptOutMissing, None));
        let mut findings: Vec<TemplateFinding> = Vec::new();

        for (ti, t) in self.texts.iter().enumerate() {
            let report = parts.check(&t.text.value);
            for f in report.findings {
                let source = t.text.to_source_range(f.span.clone());
                findings.push(TemplateFinding {
                    matched: f.matched(&t.text.value).to_string(),
                    finding: f,
                    text: Some(ti),
                    pieces: vec![source.clone()],
                    source,
                    with_examples: false,
                });
            }
            for set in &t.examples {
                let (filled, segments) = substitute(&t.text.value, set);
                if segments.iter().all(|s| s.from.is_none()) {
                    continue; // nothing was substituted
                }
                for f in parts.check(&filled).findings {
                    let pieces = map_back(&segments, f.span.clone(), &t.text, set);
                    let Some(source) = pieces.first().cloned() else { continue };
                    findings.push(TemplateFinding {
                        matched: f.matched(&filled).to_string(),
                        finding: f,
                        text: Some(ti),
                        source,
                        pieces,
                        with_examples: true,
                    });
                }
            }
            for full in &t.full_examples {
                for f in parts.check(&full.value).findings {
                    let source = full.to_source_range(f.span.clone());
                    findings.push(TemplateFinding {
                        matched: f.matched(&full.value).to_string(),
                        finding: f,
                        text: Some(ti),
                        pieces: vec![source.clone()],
                        source,
                        with_examples: true,
                    });
                }
            }
        }

        if wants_opt_out && !self.has_opt_out(engine) {
            let whole = engine.check("");
            if let Some(f) = whole.findings.into_iter().find(|f| f.rule == Rule::OptOutMissing) {
                findings.push(TemplateFinding {
                    finding: f,
                    text: None,
                    source: self.anchor.clone(),
                    pieces: Vec::new(),
                    matched: String::new(),
                    with_examples: false,
                });
            }
        }

        findings.sort_by(|a, b| {
            (a.source.start, a.source.end, a.finding.rule, a.with_examples).cmp(&(
                b.source.start,
                b.source.end,
                b.finding.rule,
                b.with_examples,
            ))
        });
        // The same finding seen with and without examples is reported once.
        findings.dedup_by(|b, a| a.source == b.source && a.finding.rule == b.finding.rule);
        let plain: Vec<Finding> = findings.iter().map(|f| f.finding.clone()).collect();
        TemplateReport { verdict: Verdict::from_findings(&plain), score: risk_score(&plain), findings }
    }

    /// Whether any text of the template, or a `Stop …` quick-reply button, lets the
    /// recipient opt out.
    fn has_opt_out(&self, engine: &Engine) -> bool {
        let stop_button = self.texts.iter().any(|t| {
            t.part.kind == PartKind::ButtonText
                && t.text.value.split(|c: char| !c.is_alphanumeric()).any(|w| w.eq_ignore_ascii_case("stop"))
        });
        if stop_button {
            return true;
        }
        let mut all = String::new();
        for t in &self.texts {
            all.push_str(&t.text.value);
            all.push_str("\n\n");
        }
        !engine.check(&all).findings.iter().any(|f| f.rule == Rule::OptOutMissing)
    }
}

/// The text with the `{{…}}` placeholders that have an example value replaced by it.
fn substitute(text: &str, set: &[ExampleValue]) -> (String, Vec<Segment>) {
    let mut out = String::with_capacity(text.len() + 32);
    let mut segments = Vec::new();
    let mut prev = 0;
    for p in super::placeholders(text) {
        if !text[p.span.clone()].starts_with("{{") {
            continue;
        }
        let name = &text[p.name.clone()];
        let key = match name.parse::<usize>() {
            Ok(n) => ParamKey::Position(n),
            Err(_) => ParamKey::Name(name.to_string()),
        };
        let Some((i, v)) = set.iter().enumerate().find(|(_, v)| v.key == key) else { continue };
        if prev < p.span.start {
            segments.push(Segment { out: out.len(), len: p.span.start - prev, from: None, at: prev });
            out.push_str(&text[prev..p.span.start]);
        }
        segments.push(Segment { out: out.len(), len: v.value.value.len(), from: Some(i), at: 0 });
        out.push_str(&v.value.value);
        prev = p.span.end;
    }
    if prev < text.len() {
        segments.push(Segment { out: out.len(), len: text.len() - prev, from: None, at: prev });
        out.push_str(&text[prev..]);
    }
    (out, segments)
}

/// The source ranges a range of a substituted text comes from.
fn map_back(segments: &[Segment], span: Range<usize>, text: &JsonStr, set: &[ExampleValue]) -> Vec<Range<usize>> {
    let mut pieces = Vec::new();
    for s in segments {
        let (start, end) = (span.start.max(s.out), span.end.min(s.out + s.len));
        if start >= end && !(span.is_empty() && span.start == s.out) {
            continue;
        }
        let local = s.at + (start - s.out)..s.at + (end.max(start) - s.out);
        let string = match s.from {
            None => text,
            Some(i) => &set[i].value,
        };
        pieces.push(string.to_source_range(local));
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(src: &str) -> Template {
        parse(src).unwrap().remove(0)
    }

    #[test]
    fn reads_the_three_shapes() {
        let one = r#"{"name": "a", "category": "MARKETING", "components": [{"type": "BODY", "text": "x"}]}"#;
        assert_eq!(parse(one).unwrap().len(), 1);
        let many = format!("[{one}, {one}]");
        assert_eq!(parse(&many).unwrap().len(), 2);
        let listing = format!(r#"{{"data": [{one}], "paging": {{"cursors": {{}}}}}}"#);
        let t = &parse(&listing).unwrap()[0];
        assert_eq!((t.name.as_deref(), t.category), (Some("a"), Some(TemplateCategory::Marketing)));
        assert!(parse(r#"{"name": "my-package", "version": "1.0.0"}"#).unwrap().is_empty());
        assert!(parse("[1, 2]").unwrap().is_empty());
    }

    #[test]
    fn reads_every_text_with_its_part() {
        let t = body(
            r#"{"components": [
              {"type": "HEADER", "format": "TEXT", "text": "H {{1}}", "example": {"header_text": ["x"]}},
              {"type": "HEADER", "format": "IMAGE", "example": {"header_handle": ["4::aW"]}},
              {"type": "BODY", "text": "B", "example": {"body_text_named_params": [{"param_name": "n", "example": "v"}]}},
              {"type": "FOOTER", "text": "F"},
              {"type": "BUTTONS", "buttons": [
                {"type": "QUICK_REPLY", "text": "Q"},
                {"type": "URL", "text": "U", "url": "https://x.test/{{1}}", "example": ["https://x.test/a"]}]},
              {"type": "CAROUSEL", "cards": [{"components": [{"type": "BODY", "text": "C"}]}]}]}"#,
        );
        let parts: Vec<String> = t.texts.iter().map(|t| t.part.to_string()).collect();
        assert_eq!(
            parts,
            ["HEADER", "BODY", "FOOTER", "BUTTONS[0].text", "BUTTONS[1].text", "BUTTONS[1].url", "CAROUSEL[0].BODY"]
        );
        assert_eq!(t.texts[0].examples[0][0].key, ParamKey::Position(1));
        assert_eq!(t.texts[1].examples[0][0].key, ParamKey::Name("n".into()));
        assert_eq!(t.texts[5].full_examples[0].value, "https://x.test/a");
    }

    #[test]
    fn errors_name_line_and_column_but_not_the_text() {
        let err = parse("{\"components\": [\n  {\"type\": \"BODY\", \"text\": 5}]}").unwrap_err();
        assert_eq!(err.line(), Some(2));
        assert_eq!(err.to_string(), "line 2: invalid input: `text` must be a string (column 28)");
        let err = parse("{\"data\": [{\"name\": \"diabetes_reminder\"}]}").unwrap_err();
        assert!(!err.to_string().contains("diabetes"), "{err}");
        let err = parse("{\"components\": [\"Your diabetes\" 1]}").unwrap_err();
        assert_eq!(err.to_string(), "line 1: invalid input: expected `,` or `]` (column 33)");
    }

    #[test]
    fn substitutes_examples_and_maps_them_back() {
        let src = r#"{"components": [{"type": "BODY",
  "text": "Hi {{1}},\nyour {{2}} visit is on {{3}}.",
  "example": {"body_text": [["Ana", "cardiology", "Monday"]]}}]}"#;
        let t = body(src);
        let (filled, _) = substitute(&t.texts[0].text.value, &t.texts[0].examples[0]);
        assert_eq!(filled, "Hi Ana,\nyour cardiology visit is on Monday.");
        let report = t.check(&Engine::default());
        assert_eq!(report.verdict, Verdict::NonCompliant);
        assert_eq!(report.findings.len(), 1);
        let f = &report.findings[0];
        assert_eq!((f.finding.rule, f.with_examples, f.matched.as_str()), (Rule::Specialty, true, "cardiology"));
        assert_eq!(&src[f.source.clone()], "cardiology");
    }

    #[test]
    fn escapes_map_to_exact_columns() {
        let src = r#"{"components": [{"type": "BODY", "text": "Caf\u00e9 \"news\":\nyour diabetes check"}]}"#;
        let report = body(src).check(&Engine::default());
        let f = &report.findings[0];
        assert_eq!((f.finding.rule, f.with_examples), (Rule::Condition, false));
        assert_eq!(&src[f.source.clone()], "diabetes");
    }

    #[test]
    fn clinical_placeholders_are_found_in_the_template_text() {
        let src = r#"{"components": [{"type": "BODY", "text": "Your {{hiv_status}} result and {{item}} are ready",
          "example": {"body_text_named_params": [{"param_name": "hiv_status", "example": "negative"},
                                                 {"param_name": "item", "example": "metformin"}]}}]}"#;
        let report = body(src).check(&Engine::default());
        let got: Vec<(Rule, &str, bool)> =
            report.findings.iter().map(|f| (f.finding.rule, &src[f.source.clone()], f.with_examples)).collect();
        // "negative result" once the example is filled in: a reading of a result.
        assert_eq!(
            got,
            [
                (Rule::ClinicalPlaceholder, "{{hiv_status}}", false),
                (Rule::ResultValue, "negative", true),
                (Rule::Medication, "metformin", true)
            ]
        );
    }

    #[test]
    fn findings_in_template_text_are_not_repeated_with_examples() {
        let src = r#"{"components": [{"type": "BODY", "text": "Your MRI with {{1}}", "example": {"body_text": [["Dr. Lee"]]}}]}"#;
        let report = body(src).check(&Engine::default());
        assert_eq!(report.findings.len(), 1);
        assert!(!report.findings[0].with_examples);
    }

    #[test]
    fn marketing_opt_out_covers_the_whole_template() {
        let marketing = Engine::default().with_policy(crate::Policy::marketing());
        let without =
            r#"{"category": "MARKETING", "components": [{"type": "BODY", "text": "Spring open day: book now!"}]}"#;
        let report = body(without).check(&marketing);
        assert_eq!(report.findings.len(), 1);
        assert_eq!(report.findings[0].finding.rule, Rule::OptOutMissing);
        assert_eq!(&without[report.findings[0].source.clone()], "MARKETING");

        let footer = r#"{"category": "MARKETING", "components": [{"type": "BODY", "text": "Spring open day: book now!"},
          {"type": "FOOTER", "text": "Reply STOP to unsubscribe"}]}"#;
        assert!(body(footer).check(&marketing).findings.is_empty());
        let button = r#"{"category": "MARKETING", "components": [{"type": "BODY", "text": "Spring open day: book now!"},
          {"type": "BUTTONS", "buttons": [{"type": "QUICK_REPLY", "text": "Stop promotions"}]}]}"#;
        assert!(body(button).check(&marketing).findings.is_empty());
    }

    #[test]
    fn categories_decide_policies() {
        assert_eq!(TemplateCategory::from_api("marketing").map(TemplateCategory::policy), Some(PolicyKind::Marketing));
        assert_eq!(TemplateCategory::from_api("APPOINTMENT_UPDATE"), Some(TemplateCategory::Utility));
        assert_eq!(
            TemplateCategory::from_api("AUTHENTICATION").map(TemplateCategory::policy),
            Some(PolicyKind::Outbound)
        );
        assert_eq!(TemplateCategory::from_api("SOMETHING"), None);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]

        /// Any edit of a valid file parses or fails cleanly, and whatever parses maps
        /// back inside the source on character boundaries.
        #[test]
        fn never_panics_and_stays_in_bounds(pos in 0usize..400, insert in "[\\\"{}\\[\\],:a-z0-9é😀 \\n]{0,6}", cut in 0usize..6) {
            let base = r#"{"data": [{"name": "t", "category": "MARKETING", "components": [
  {"type": "HEADER", "format": "TEXT", "text": "Hi {{1}}", "example": {"header_text": ["Ana"]}},
  {"type": "BODY", "text": "Caf\u00e9 \"x\"\nyour {{2}} on {{day}} \ud83d\ude00 asthma",
   "example": {"body_text": [["Ana", "dermatology"]], "body_text_named_params": [{"param_name": "day", "example": "MRI"}]}},
  {"type": "BUTTONS", "buttons": [{"type": "URL", "text": "Go", "url": "https://x.test/{{1}}", "example": ["oncology"]}]}]}]}"#;
            let mut src = base.to_string();
            let mut at = pos.min(src.len());
            while !src.is_char_boundary(at) { at -= 1; }
            let mut end = (at + cut).min(src.len());
            while !src.is_char_boundary(end) { end += 1; }
            src.replace_range(at..end, &insert);
            let Ok(templates) = parse(&src) else { return Ok(()) };
            let engine = Engine::default().with_policy(crate::Policy::marketing());
            for t in &templates {
                for f in t.check(&engine).findings {
                    for r in std::iter::once(&f.source).chain(&f.pieces) {
                        proptest::prop_assert!(src.get(r.clone()).is_some(), "{r:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn the_sample_for_the_property_test_has_findings() {
        let src = r#"{"components": [{"type": "BODY", "text": "your {{2}} visit", "example": {"body_text": [["Ana", "dermatology"]]}}]}"#;
        assert_eq!(body(src).check(&Engine::default()).findings.len(), 1);
    }

    #[test]
    fn map_back_splits_across_template_and_example() {
        let text = JsonStr::plain("A1C of {{1}} today", 100);
        let set = vec![ExampleValue { key: ParamKey::Position(1), value: JsonStr::plain("7.4", 500) }];
        let (filled, segments) = substitute(&text.value, &set);
        assert_eq!(filled, "A1C of 7.4 today");
        assert_eq!(map_back(&segments, 0..10, &text, &set), [100..107, 500..503]);
    }
}
