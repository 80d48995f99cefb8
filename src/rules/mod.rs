//! From raw matches to findings: case and word boundaries (already enforced by the
//! matcher), ambiguous terms gated on clinical context, result values after test names,
//! the allow list, overlap resolution, and the policy's severities.

use std::ops::Range;
use std::sync::Arc;

use regex_automata::util::captures::Captures;

use crate::finding::{Category, Finding, Rule, Severity};
use crate::lang::Lang;
use crate::matcher::{Candidate, Layer, MatchScratch, Matcher, PatternMatch, Role, lang_bit};
use crate::normalize::Tokens;
use crate::policy::Policy;

mod docs;

pub use docs::{RuleDoc, docs};

/// How many words around an ambiguous term are searched for clinical context.
const CONTEXT_WINDOW: usize = 6;
/// Longest term, in words, that context gating looks back over.
const MAX_TERM_WORDS: usize = 64;
/// How many connector words may stand between a test name and its value.
const MAX_CONNECTORS: usize = 4;
/// The term reported for a social security number (the secure-channel policy keeps only
/// these identifiers).
pub(crate) const SSN_LABEL: &str = "social security number";

/// The confidence of a word that only looks clinical (its ending); a text whose only
/// clinical findings are such words is a warning (`review`), not an error.
pub(crate) const SHAPE_CONFIDENCE: f32 = 0.6;

/// A finding before the policy gives it a severity.
#[derive(Clone, Debug)]
pub(crate) struct Raw {
    pub rule: Rule,
    pub span: Range<usize>,
    pub term: Arc<str>,
    pub concept: Option<Arc<str>>,
    pub confidence: f32,
    pub lang: Option<Lang>,
    /// Sentence of the first token (for second-person escalation).
    pub sentence: u32,
    /// Found by the shape of a word alone (its clinical ending), not by a lexicon.
    pub guess: bool,
    /// A low-sensitivity service (see [`Policy::low_tier`]).
    pub low: bool,
}

/// Reusable buffers for one check; no allocation once warmed up on clean text.
#[derive(Default)]
pub(crate) struct Workspace {
    pub tokens: Tokens,
    pub cands: Vec<Candidate>,
    pub patterns: Vec<PatternMatch>,
    pub scratch: MatchScratch,
    pub caps: Option<(u64, Captures)>,
    pub masked: String,
    pub name: String,
    pub name_tokens: Tokens,
    pub name_cands: Vec<Candidate>,
    context: Vec<(usize, usize)>,
    /// Unambiguous clinical matches, `(first, last)` word, sorted by last word.
    anchors: Vec<(usize, usize)>,
    clinical: Vec<usize>,
    connectors: Vec<usize>,
    second_person: Vec<u32>,
    /// Last token of each second-person word ("your", "Ihre").
    second_person_at: Vec<usize>,
    /// Last token of each visit-purpose phrase ("appointment for", *Termin wegen*).
    purpose_at: Vec<usize>,
    /// First token of each visit noun ("appointment", "session").
    visit_noun_at: Vec<usize>,
    allow: Vec<Range<usize>>,
    /// Result subjects ("results") and readings ("normal"), `(first, last)` word.
    subjects: Vec<(usize, usize)>,
    readings: Vec<(usize, usize)>,
    /// Parts of the body ("kidney", *rene*), `(first, last)` word: complements of heads
    /// flagged `anatomy`.
    anatomy: Vec<(usize, usize)>,
    /// Byte ranges of redacted text (category tokens, masks), sorted: context does not
    /// reach across them. Category tokens are added by the engine before `evaluate`.
    pub barriers: Vec<Range<usize>>,
    raw: Vec<Raw>,
}

impl std::fmt::Debug for Workspace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Workspace").finish_non_exhaustive()
    }
}

/// Checks `masked` (the text with placeholders blanked; same length as `text`) and
/// returns its findings in text order. `extra` holds findings made before matching
/// (clinical placeholders).
pub(crate) fn evaluate(
    matcher: &Matcher,
    engine_id: u64,
    policy: &Policy,
    masked: &str,
    ws: &mut Workspace,
    extra: &mut Vec<Raw>,
) -> Vec<Finding> {
    ws.tokens.fill(masked);
    ws.cands.clear();
    matcher.candidates(masked, &ws.tokens, &mut ws.scratch, &mut ws.cands);

    ws.patterns.clear();
    if ws.caps.as_ref().is_none_or(|(id, _)| *id != engine_id) {
        ws.caps = Some((engine_id, matcher.patterns.create_captures()));
    }
    if let Some((_, caps)) = ws.caps.as_mut() {
        let patterns = &mut ws.patterns;
        matcher.patterns.find(masked, caps, |m| patterns.push(m));
    }

    if ws.cands.is_empty() && ws.patterns.is_empty() && extra.is_empty() && policy.level(Rule::OptOutMissing).is_none()
    {
        return Vec::new();
    }

    // Sort the word matches by role.
    ws.context.clear();
    ws.anchors.clear();
    ws.clinical.clear();
    ws.connectors.clear();
    ws.second_person.clear();
    ws.second_person_at.clear();
    ws.purpose_at.clear();
    ws.visit_noun_at.clear();
    ws.allow.clear();
    ws.subjects.clear();
    ws.readings.clear();
    ws.anatomy.clear();
    let mut opt_out = false;
    for (i, c) in ws.cands.iter().enumerate() {
        match matcher.terms[c.pattern as usize].role {
            Role::Clinical(_) => {
                ws.clinical.push(i);
                let flags = matcher.terms[c.pattern as usize].flags;
                // A low-sensitivity service is no clinical context ("flu shots" for "flu").
                if !flags.ctx && !flags.needs_before && !flags.needs_after && !flags.low {
                    ws.anchors.push((c.first, c.last));
                }
            }
            Role::Context => ws.context.push((c.first, c.last)),
            Role::Allow => {
                let span = ws.tokens.tokens[c.first].start..ws.tokens.tokens[c.last].end;
                // A placeholder inside is a value between the words, not part of the
                // phrase: "ready {{diagnosis}} for pickup" is not "ready for pickup".
                if !masked[span.clone()].contains(crate::template::MASK) {
                    ws.allow.push(span);
                }
            }
            Role::SecondPerson => {
                ws.second_person.push(ws.tokens.tokens[c.first].sentence);
                ws.second_person_at.push(c.last);
            }
            Role::OptOut => opt_out = true,
            Role::ResultConnector => ws.connectors.extend(c.first..=c.last),
            Role::PlaceholderName => {}
            Role::ResultSubject => ws.subjects.push((c.first, c.last)),
            Role::ResultReading => ws.readings.push((c.first, c.last)),
            Role::VisitPurpose => ws.purpose_at.push(c.last),
            Role::VisitNoun => ws.visit_noun_at.push(c.first),
            Role::Anatomy => ws.anatomy.push((c.first, c.last)),
        }
    }
    ws.connectors.sort_unstable();
    // Sorted for the binary searches of context gating and second-person escalation.
    ws.context.sort_unstable_by_key(|&(first, last)| (last, first));
    ws.anchors.sort_unstable_by_key(|&(first, last)| (last, first));
    ws.second_person.sort_unstable();
    ws.second_person_at.sort_unstable();
    ws.purpose_at.sort_unstable();
    ws.visit_noun_at.sort_unstable();

    if ws.clinical.iter().any(|&ci| matcher.terms[ws.cands[ci].pattern as usize].flags.ctx) {
        add_masks(masked, &mut ws.barriers);
    }

    ws.raw.clear();
    ws.raw.append(extra);
    let tokens = &ws.tokens.tokens;
    // The message's language, guessed from its function words when first needed.
    let mut message_lang: Option<Option<Lang>> = None;
    for &ci in &ws.clinical {
        let c = ws.cands[ci];
        let info = &matcher.terms[c.pattern as usize];
        let Role::Clinical(category) = info.role else { continue };
        // Ambiguous in some language; not in the message's own, when that one lists it
        // plainly ("cura" is ordinary Italian, but a message in English lists no "cura").
        let plain_here = info.flags.ctx && info.plain_langs != 0 && {
            let lang = *message_lang.get_or_insert_with(|| guess_lang(matcher, &ws.scratch));
            lang.is_some_and(|l| info.plain_langs & lang_bit(l) != 0)
        };
        if info.flags.ctx && !plain_here && !has_context(matcher, ws, c) {
            continue;
        }
        if is_name_after_title(masked, &ws.tokens, c.first) {
            continue;
        }
        let composed = info.flags.needs_before || info.flags.needs_after;
        // A generic head noun or a clinical ending of another language than the message's
        // says nothing ("trouble" in English, "-ite" in German "Hauptseite").
        if composed || c.layer == Layer::Shape {
            let lang = *message_lang.get_or_insert_with(|| guess_lang(matcher, &ws.scratch));
            if lang.is_some_and(|l| info.langs & lang_bit(l) == 0) {
                continue;
            }
        }
        let span = if composed {
            if c.layer == Layer::Compound {
                // The rest of the compound word is the complement ("Herzchirurgie").
                if !matcher.compound_complement_ok(c.pattern, ws.tokens.word_bytes(c.first)) {
                    continue;
                }
                tokens[c.first].start..tokens[c.last].end
            } else {
                match composed_span(matcher, &ws.tokens, &ws.scratch, &ws.anatomy, c, info.flags) {
                    Some(span) => span,
                    None => continue,
                }
            }
        } else {
            tokens[c.first].start..tokens[c.last].end
        };
        let sentence = tokens[c.first].sentence;
        if matches!(category, Category::Procedure | Category::Condition) && c.layer == Layer::Exact {
            if let Some(end) = value_after(masked, &ws.tokens, c.last, &ws.connectors) {
                ws.raw.push(Raw {
                    rule: Rule::ResultValue,
                    span: span.start..end,
                    term: info.term.clone(),
                    concept: info.concept.clone(),
                    confidence: 0.9,
                    lang: Some(info.lang),
                    sentence,
                    guess: false,
                    low: false,
                });
            }
        }
        let confidence = match c.layer {
            Layer::Shape => SHAPE_CONFIDENCE,
            _ if composed => 0.75,
            _ if info.flags.ctx => 0.7,
            Layer::Compound => 0.8,
            Layer::Exact => 0.9,
        };
        ws.raw.push(Raw {
            rule: Rule::for_category(category),
            span,
            term: info.term.clone(),
            concept: info.concept.clone(),
            confidence,
            lang: Some(info.lang),
            sentence,
            guess: c.layer == Layer::Shape,
            low: info.flags.low,
        });
    }
    result_readings(ws);
    let tokens = &ws.tokens.tokens;
    for m in &ws.patterns {
        let t = tokens.partition_point(|t| t.end <= m.span.start).min(tokens.len().saturating_sub(1));
        ws.raw.push(Raw {
            rule: m.rule,
            span: m.span.clone(),
            term: m.label.clone(),
            concept: None,
            confidence: m.confidence,
            lang: None,
            sentence: tokens.get(t).map_or(0, |t| t.sentence),
            guess: false,
            low: m.low,
        });
    }

    // Allow list: whatever lies inside an allowed phrase is not a finding.
    if !ws.allow.is_empty() {
        let allow = &ws.allow;
        ws.raw.retain(|r| !allow.iter().any(|a| a.start <= r.span.start && r.span.end <= a.end));
    }

    // Keep the most specific finding: drop any finding inside a longer (or equal,
    // higher-ranked) one.
    ws.raw.sort_by(|a, b| {
        a.span.start.cmp(&b.span.start).then(b.span.end.cmp(&a.span.end)).then(rank(b.rule).cmp(&rank(a.rule)))
    });
    // A word that only looks clinical needs a look, unless the text says more.
    let only_guesses = ws.raw.iter().filter(|r| r.rule.category().is_clinical()).all(|r| r.guess);
    let mut findings = Vec::new();
    let mut max_end = 0;
    for (k, r) in ws.raw.iter().enumerate() {
        if k > 0 && r.span.end <= max_end {
            continue;
        }
        max_end = max_end.max(r.span.end);
        let Some(mut severity) = policy.level(r.rule) else { continue };
        if policy.escalates_second_person()
            && r.rule.category().is_clinical()
            && ws.second_person.binary_search(&r.sentence).is_ok()
        {
            severity = Severity::Error;
        }
        if r.low {
            severity = policy.low_tier(severity, ws.second_person.binary_search(&r.sentence).is_ok());
        }
        if r.guess && only_guesses && severity == Severity::Error && policy.softens_guesses() {
            severity = Severity::Warning;
        }
        if policy.only_ssn_identifiers() && r.rule == Rule::Identifier && &*r.term != SSN_LABEL {
            severity = Severity::Info;
        }
        findings.push(Finding {
            rule: r.rule,
            category: r.rule.category(),
            severity,
            span: r.span.clone(),
            term: r.term.clone(),
            concept: r.concept.clone(),
            confidence: r.confidence,
            lang: r.lang,
        });
    }
    if !opt_out {
        if let Some(severity) = policy.level(Rule::OptOutMissing) {
            findings.push(Finding {
                rule: Rule::OptOutMissing,
                category: Category::Marketing,
                severity,
                span: masked.len()..masked.len(),
                term: Arc::from("opt-out"),
                concept: None,
                confidence: 1.0,
                lang: None,
            });
        }
    }
    findings
        .sort_by(|a, b| a.span.start.cmp(&b.span.start).then(a.span.end.cmp(&b.span.end)).then(a.rule.cmp(&b.rule)));
    findings
}

/// How many words after a result subject its reading may stand ("your results from
/// Monday are normal"), and how many before it ("negative test").
const READING_AFTER: usize = 6;
const READING_BEFORE: usize = 2;

/// "Your results are normal", *esiti nella norma*, "negative test": a reading of a result
/// says that a test was done and how it came out, like a value.
fn result_readings(ws: &mut Workspace) {
    if ws.subjects.is_empty() || ws.readings.is_empty() {
        return;
    }
    let toks = &ws.tokens.tokens;
    ws.subjects.sort_unstable();
    ws.readings.sort_unstable();
    let mut from = 0;
    for &(s_first, s_last) in &ws.subjects {
        // Readings are sorted: skip those too far before this subject.
        while from < ws.readings.len() && ws.readings[from].1 + READING_BEFORE < s_first {
            from += 1;
        }
        let sentence = toks[s_first].sentence;
        let found = ws.readings[from..].iter().take_while(|&&(first, _)| first <= s_last + READING_AFTER).find(
            |&&(first, last)| {
                let same = toks[first].sentence == sentence && toks[last].sentence == sentence;
                same && (first > s_last || last < s_first)
            },
        );
        if let Some(&(r_first, r_last)) = found {
            let (first, last) = (s_first.min(r_first), s_last.max(r_last));
            ws.raw.push(Raw {
                rule: Rule::ResultValue,
                span: toks[first].start..toks[last].end,
                term: Arc::from("result reading"),
                concept: None,
                confidence: 0.8,
                lang: None,
                sentence,
                guess: false,
                low: false,
            });
        }
    }
}

/// The language most of the message's function words belong to, if one leads.
fn guess_lang(matcher: &Matcher, scratch: &MatchScratch) -> Option<Lang> {
    let mut counts = [0u32; Lang::ALL.len()];
    for &id in matcher.token_ids(scratch) {
        let mask = matcher.function_langs(id);
        if mask != 0 {
            for (k, c) in counts.iter_mut().enumerate() {
                *c += u32::from(mask >> k & 1);
            }
        }
    }
    let best = *counts.iter().max()?;
    let mut leaders = counts.iter().enumerate().filter(|&(_, &c)| c == best);
    match (leaders.next(), leaders.next()) {
        (Some((k, _)), None) if best > 0 => Some(Lang::ALL[k]),
        _ => None,
    }
}

/// The span of a composed term: the generic head noun and the content word it needs
/// before or after it ("hoarding disorder", *disturbo bipolare*), in the same phrase.
fn composed_span(
    matcher: &Matcher,
    tokens: &Tokens,
    scratch: &MatchScratch,
    anatomy: &[(usize, usize)],
    c: Candidate,
    flags: crate::lexicon::Flags,
) -> Option<Range<usize>> {
    let toks = &tokens.tokens;
    let ids = matcher.token_ids(scratch);
    // A content word: letters, three or more, and no function word of any language.
    let content = |j: usize| {
        let w = tokens.word_bytes(j);
        w.len() >= 3
            && !w.iter().any(u8::is_ascii_digit)
            && ids.get(j).is_some_and(|&id| matcher.function_langs(id) == 0)
    };
    let mut span = toks[c.first].start..toks[c.last].end;
    if flags.needs_before {
        let j = c.first.checked_sub(1)?;
        if toks[c.first].phrase_break || toks[j].sentence != toks[c.first].sentence {
            return None;
        }
        // An `anatomy` head takes the whole body-part term that ends right before it
        // ("small intestine transplant"); another head one content word.
        let first = if flags.anatomy {
            anatomy.iter().filter(|&&(_, last)| last == j).map(|&(first, _)| first).min()?
        } else if content(j) {
            j
        } else {
            return None;
        };
        span.start = toks[first].start;
    }
    if flags.needs_after {
        let mut j = c.last + 1;
        let joins = |j: usize| toks.get(j).is_some_and(|t| !t.phrase_break && t.sentence == toks[c.last].sentence);
        if !joins(j) {
            return None;
        }
        // A body part may follow a preposition and an article (*tumore della mammella*,
        // *greffe du rein*): up to two function words are passed over.
        if flags.anatomy {
            for _ in 0..2 {
                if ids.get(j).is_some_and(|&id| matcher.function_langs(id) != 0) && joins(j + 1) {
                    j += 1;
                }
            }
        } else if c.last > c.first && ids.get(j).is_some_and(|&id| matcher.function_langs(id) != 0) && joins(j + 1) {
            // A head that ends in its preposition takes an article after it (*troubles de
            // l'alimentation*, *trastorno de la conducta*).
            j += 1;
        }
        let last = if flags.anatomy {
            anatomy.iter().filter(|&&(first, _)| first == j).map(|&(_, last)| last).max()?
        } else if content(j) {
            j
        } else {
            return None;
        };
        span.end = toks[last].end;
    }
    Some(span)
}

/// Which rule wins when two findings cover the same text.
fn rank(rule: Rule) -> u8 {
    match rule {
        Rule::ResultValue => 12,
        Rule::Identifier => 11,
        Rule::ClinicalPlaceholder => 10,
        Rule::BehavioralHealth => 9,
        Rule::Icd10Code => 8,
        Rule::Dosage => 7,
        Rule::Condition => 6,
        Rule::Medication => 5,
        Rule::Procedure => 4,
        Rule::Specialty => 3,
        Rule::Billing => 2,
        Rule::OptOutMissing => 1,
    }
}

/// Clinical context near an ambiguous term: a context word, an unambiguous clinical term
/// or a dose / value / code within `CONTEXT_WINDOW` words.
fn has_context(matcher: &Matcher, ws: &Workspace, c: Candidate) -> bool {
    // "your depression", "votre tension": a condition that belongs to the reader. Not for
    // drugs (brand names that are everyday words) nor case-sensitive acronyms.
    let info = &matcher.terms[c.pattern as usize];
    let toks = &ws.tokens.tokens;
    if matches!(info.role, Role::Clinical(Category::Condition | Category::BehavioralHealth))
        && !info.flags.cs
        && c.first > 0
        && ws.second_person_at.binary_search(&(c.first - 1)).is_ok()
        && open_between(&ws.barriers, toks[c.first - 1].end, toks[c.first].start)
        && !modifies_next_word(matcher, ws, c.last)
    {
        return true;
    }
    if after_visit_purpose(matcher, ws, c) {
        return true;
    }
    let lo = c.first.saturating_sub(CONTEXT_WINDOW);
    let hi = c.last + CONTEXT_WINDOW;
    // Byte range of the ambiguous term, and whether the words `first..=last` are
    // clinical context for it: near and no redaction between.
    let term = toks[c.first].start..toks[c.last].end;
    let reaches = |first: usize, last: usize| {
        first <= hi
            && if last < c.first {
                open_between(&ws.barriers, toks[last].end, term.start)
            } else {
                first > c.last && open_between(&ws.barriers, term.end, toks[first].start)
            }
    };
    if any_near(&ws.context, lo, hi, reaches) || any_near(&ws.anchors, lo, hi, reaches) {
        return true;
    }
    let (lo_byte, hi_byte) = (toks[lo].start, toks[hi.min(toks.len() - 1)].end);
    // Pattern matches come in text order and do not overlap.
    let from = ws.patterns.partition_point(|m| m.span.end < lo_byte);
    ws.patterns[from..].iter().take_while(|m| m.span.start <= hi_byte).any(|m| {
        matches!(m.rule, Rule::Dosage | Rule::ResultValue | Rule::Icd10Code)
            && open_between(&ws.barriers, m.span.end.min(term.end), m.span.start.max(term.start))
    })
}

/// "Appointment for your infusion", *Termin wegen Depression*, *cita para fisioterapia*:
/// the term names the reason for the visit, with at most two function words ("your", *la*,
/// *une*) between; or it stands right before a visit noun ("your therapy session"). Not for drugs (brand names that are first names: "appointment for
/// Amanda") and not when an English term modifies the next, unknown word.
fn after_visit_purpose(matcher: &Matcher, ws: &Workspace, c: Candidate) -> bool {
    let info = &matcher.terms[c.pattern as usize];
    if matches!(info.role, Role::Clinical(Category::Medication)) {
        return false;
    }
    let toks = &ws.tokens.tokens;
    // "Your therapy session", "your infusion appointment": the term names the kind of
    // visit right before the visit noun.
    let next = c.last + 1;
    if ws.visit_noun_at.binary_search(&next).is_ok()
        && toks.get(next).is_some_and(|t| !t.phrase_break && t.sentence == toks[c.last].sentence)
        && open_between(&ws.barriers, toks[c.last].end, toks[next].start)
    {
        return true;
    }
    if ws.purpose_at.is_empty() {
        return false;
    }
    let ids = matcher.token_ids(&ws.scratch);
    let mut j = c.first;
    for _ in 0..3 {
        let Some(prev) = j.checked_sub(1) else { return false };
        if toks[j].phrase_break
            || toks[prev].sentence != toks[j].sentence
            || !open_between(&ws.barriers, toks[prev].end, toks[j].start)
        {
            return false;
        }
        if ws.purpose_at.binary_search(&prev).is_ok() {
            // Only English puts a modifier before its noun ("cold brew"); *depressione
            // domani* is the term and the next word.
            return info.langs & lang_bit(Lang::En) == 0 || !modifies_next_word(matcher, ws, c.last);
        }
        if ids.get(prev).is_none_or(|&id| matcher.function_langs(id) == 0) {
            return false;
        }
        j = prev;
    }
    false
}

/// "Your cold brew", *su zona horaria*: the ambiguous word is followed, in the same
/// phrase, by a word that no lexicon knows, so it is most likely an adjective or the first
/// half of a compound noun, or the noun an adjective follows, not the reader's condition.
fn modifies_next_word(matcher: &Matcher, ws: &Workspace, last: usize) -> bool {
    let toks = &ws.tokens.tokens;
    let next = last + 1;
    toks.get(next).is_some_and(|t| !t.phrase_break && t.sentence == toks[last].sentence)
        && matcher.token_ids(&ws.scratch).get(next) == Some(&crate::matcher::NO_WORD)
        && ws.tokens.word_bytes(next).iter().all(u8::is_ascii_alphabetic)
}

/// Whether some word range of `ranges` (sorted by last word) ending within `lo..=hi`
/// passes `reaches`. Only ranges ending near the window are visited, so checking every
/// ambiguous term of a text stays linear.
fn any_near(ranges: &[(usize, usize)], lo: usize, hi: usize, reaches: impl Fn(usize, usize) -> bool) -> bool {
    let from = ranges.partition_point(|&(_, last)| last < lo);
    ranges[from..]
        .iter()
        .take_while(|&&(_, last)| last <= hi + MAX_TERM_WORDS)
        .any(|&(first, last)| reaches(first, last))
}

/// True when no barrier lies within the byte range `from..to`.
fn open_between(barriers: &[Range<usize>], from: usize, to: usize) -> bool {
    let k = barriers.partition_point(|b| b.end <= from);
    barriers.get(k).is_none_or(|b| b.start >= to)
}

/// Adds the masks of a redacted text to `barriers` (kept sorted): runs of two or more
/// `*` with no letter or digit on either side, so Markdown emphasis (`**bold**`) is no
/// mask.
fn add_masks(text: &str, barriers: &mut Vec<Range<usize>>) {
    let b = text.as_bytes();
    let before = barriers.len();
    let mut at = 0;
    while let Some(k) = memchr::memchr(b'*', &b[at..]) {
        let start = at + k;
        let end = start + b[start..].iter().take_while(|&&c| c == b'*').count();
        let word_next = |c: Option<&u8>| c.is_some_and(u8::is_ascii_alphanumeric);
        if end - start >= 2 && !word_next(start.checked_sub(1).and_then(|p| b.get(p))) && !word_next(b.get(end)) {
            barriers.push(start..end);
        }
        at = end;
    }
    if barriers.len() > before {
        barriers.sort_unstable_by_key(|r| r.start);
    }
}

/// A capitalised word right after a title is a person's name: "Dr. Krebs", "Frau Zucker".
fn is_name_after_title(text: &str, tokens: &Tokens, first: usize) -> bool {
    if first == 0 || !text[tokens.tokens[first].start..].starts_with(|c: char| c.is_uppercase()) {
        return false;
    }
    // A title is written "Ms" or "Dr", not "MS" (which is an abbreviation of its own).
    let title = &tokens.tokens[first - 1];
    if !text[title.start..title.end].chars().any(char::is_lowercase) {
        return false;
    }
    matches!(
        tokens.word(first - 1),
        "dr" | "dott"
            | "dottssa"
            | "dra"
            | "prof"
            | "mr"
            | "mrs"
            | "ms"
            | "herr"
            | "frau"
            | "mme"
            | "mlle"
            | "sig"
            | "sra"
            | "sr"
            | "signor"
            | "signora"
            | "monsieur"
            | "madame"
            | "senor"
            | "senora"
    )
}

/// If a number follows token `last` (after at most `MAX_CONNECTORS` connector words, in
/// the same sentence) and it is not a time or a date, the end of that value.
fn value_after(text: &str, tokens: &Tokens, last: usize, connectors: &[usize]) -> Option<usize> {
    let toks = &tokens.tokens;
    let sentence = toks[last].sentence;
    let mut j = last + 1;
    while j < toks.len() && j - last <= MAX_CONNECTORS && connectors.binary_search(&j).is_ok() {
        j += 1;
    }
    let t = toks.get(j)?;
    if t.sentence != sentence || !tokens.word(j).bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    value_end(text, t.start)
}

/// The end of a measured value starting at `start` (`7.4`, `150/95`, `8.2%`, `220 mg/dL`),
/// or `None` for a time (`10:30`, `2 PM`) or a date (`6/14`, `14.06.`).
fn value_end(text: &str, start: usize) -> Option<usize> {
    let b = text.as_bytes();
    let mut groups: [u32; 3] = [0; 3];
    let mut seps: [u8; 2] = [0; 2];
    let mut n = 0;
    let mut i = start;
    loop {
        let s = i;
        let mut v: u32 = 0;
        while i < b.len() && b[i].is_ascii_digit() {
            v = v.saturating_mul(10).saturating_add(u32::from(b[i] - b'0'));
            i += 1;
        }
        if i == s {
            return None;
        }
        groups[n] = v;
        n += 1;
        if n == 3 || i + 1 >= b.len() || !matches!(b[i], b'.' | b',' | b'/' | b':' | b'-') || !b[i + 1].is_ascii_digit()
        {
            break;
        }
        seps[n - 1] = b[i];
        i += 1;
    }
    let rest = &text[i..];
    // A short lower-cased look-ahead is enough for units and time words.
    let after: String = rest.trim_start_matches(' ').chars().take(8).collect::<String>().to_ascii_lowercase();
    let time = seps[0] == b':'
        || ["am", "pm", "a.m", "p.m", "h ", "uhr", "o'clock", "hours", "hrs", "min"]
            .iter()
            .any(|w| after.starts_with(w));
    let date = (n >= 2 && matches!(seps[0], b'/' | b'-') && groups[0] <= 31 && groups[1] <= 31)
        || (n == 3 && seps[0] == b'.')
        || (n == 2 && seps[0] == b'.' && rest.starts_with('.'))
        || (n == 1 && groups[0] > 1900 && groups[0] < 2100);
    if time || date {
        return None;
    }
    let unit_len = ["%", "mg/dl", "mmol/l", "mmhg", "mm hg", "g/dl", "ng/ml", "bpm", "kg", "lbs"]
        .iter()
        .find(|u| after.starts_with(*u))
        .map_or(0, |u| u.len() + (rest.len() - rest.trim_start_matches(' ').len()));
    Some(i + unit_len)
}

#[cfg(test)]
mod tests {
    use super::value_end;

    #[test]
    fn values_times_and_dates() {
        fn v(t: &str) -> Option<&str> {
            value_end(t, 0).map(|e| &t[..e])
        }
        assert_eq!(v("7.4 and"), Some("7.4"));
        assert_eq!(v("150/95 were"), Some("150/95"));
        assert_eq!(v("8.2% is"), Some("8.2%"));
        assert_eq!(v("220 mg/dL"), Some("220 mg/dL"));
        assert_eq!(v("10:30 tomorrow"), None);
        assert_eq!(v("2 PM"), None);
        assert_eq!(v("6/14 at"), None);
        assert_eq!(v("14.06.2026"), None);
        assert_eq!(v("2026"), None);
    }
}
