//! From findings to edit operations: groups of adjacent findings ("chunks"), the role each
//! plays in its sentence, and the mildest action that removes it.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::ops::Range;

use super::analysis::Analysis;
use super::phrasebook::{DetKind, NounKind, Phrasebook, PointerKind};
use super::{Action, Op, probe, search};
use crate::finding::{Category, Finding, Rule};

/// What a group of findings is, for the rewrite; later variants win when a group mixes
/// kinds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Identifier,
    Specialty,
    Procedure,
    Medication,
    Placeholder,
    Billing,
    Condition,
    Result,
}

fn kind_of(f: &Finding) -> Kind {
    match f.category {
        Category::ResultValue => Kind::Result,
        Category::Condition | Category::DiagnosisCode => Kind::Condition,
        // Diagnoses carry an ICD-10 code; therapies and programmes do not.
        Category::BehavioralHealth if f.concept.as_deref().is_some_and(|c| c.starts_with("ICD10:")) => Kind::Condition,
        Category::BehavioralHealth | Category::Procedure => Kind::Procedure,
        Category::Billing => Kind::Billing,
        Category::Placeholder => Kind::Placeholder,
        Category::Medication | Category::Dosage => Kind::Medication,
        Category::Specialty => Kind::Specialty,
        Category::Identifier | Category::Marketing => Kind::Identifier,
    }
}

/// Adjacent findings (joined by blanks, hyphens or a conjunction) in one clause.
#[derive(Clone, Debug)]
struct Chunk {
    first: usize,
    last: usize,
    start: usize,
    end: usize,
    kind: Kind,
    rule: Rule,
    /// Holds a diagnosis code.
    record: bool,
    /// Holds a specialty.
    specialty: bool,
}

enum Decision {
    Ops(Vec<Op>),
    Pointer(PointerKind),
}

fn op(range: Range<usize>, new: impl Into<String>, rule: Rule, action: Action) -> Op {
    Op { range, new: new.into(), rule: Some(rule), action }
}

/// The operations that rewrite `a.text`. `forced` names sentences (with byte positions
/// inside them) that must become pointers.
pub(crate) fn plan(
    a: &Analysis<'_>,
    book: &Phrasebook,
    findings: &[&Finding],
    forced: &BTreeMap<u32, BTreeSet<usize>>,
) -> Vec<Op> {
    let spans = Spans::new(findings);
    let mut ops: Vec<Op> = Vec::new();
    let mut fs: Vec<&Finding> = findings.iter().copied().filter(|f| f.rule != Rule::OptOutMissing).collect();
    fs.sort_by_key(|f| (f.span.start, f.span.end));
    let conj = book.list("conj");
    let mut chunks: Vec<Chunk> = Vec::new();
    for f in fs {
        let Some((first, last)) = a.words_of(&f.span) else {
            // Nothing but symbols: remove it.
            ops.push(op(f.span.clone(), "", f.rule, Action::Drop));
            continue;
        };
        let kind = kind_of(f);
        let start = f.span.start.min(a.toks[first].start);
        let end = f.span.end.max(a.toks[last].end);
        if let Some(c) = chunks.last_mut() {
            let joined = first <= c.last
                || (first == c.last + 1 && a.tight(first))
                || (first == c.last + 2
                    && a.tight(c.last + 1)
                    && a.tight(first)
                    && a.word(c.last + 1).is_some_and(|w| conj.has(w)));
            if joined {
                c.last = c.last.max(last);
                c.start = c.start.min(start);
                c.end = c.end.max(end);
                if kind > c.kind {
                    c.kind = kind;
                    c.rule = f.rule;
                }
                c.record |= f.category == Category::DiagnosisCode;
                c.specialty |= f.category == Category::Specialty;
                continue;
            }
        }
        chunks.push(Chunk {
            first,
            last,
            start,
            end,
            kind,
            rule: f.rule,
            record: f.category == Category::DiagnosisCode,
            specialty: f.category == Category::Specialty,
        });
    }

    // The chunks of each sentence, grouped once rather than searched for per sentence.
    let mut by_sentence: BTreeMap<u32, Vec<&Chunk>> = BTreeMap::new();
    for c in &chunks {
        by_sentence.entry(a.sent[c.first]).or_default().push(c);
    }
    let mut sentences: BTreeSet<u32> = by_sentence.keys().copied().collect();
    sentences.extend(forced.keys().copied());
    for s in sentences {
        let cs: &[&Chunk] = by_sentence.get(&s).map_or(&[], Vec::as_slice);
        let words = a.sentence_words(s);
        let outcome = matches_in(a, book, "outcome", words.clone());
        let recommend = matches_in(a, book, "recommend", words.clone());
        let has = |k: Kind| cs.iter().any(|c| c.kind == k);
        let mut anchors: Vec<usize> = cs.iter().flat_map(|c| [c.first, c.last]).collect();
        let mut pointer: Option<PointerKind> = None;
        if let Some(positions) = forced.get(&s) {
            pointer = Some(if has(Kind::Result) {
                PointerKind::Results
            } else if cs.iter().any(|c| c.record) {
                PointerKind::Record
            } else if has(Kind::Billing) && !has(Kind::Condition) {
                PointerKind::Billing
            } else {
                PointerKind::Message
            });
            for &pos in positions {
                if let Some((w, _)) = a.words_of(&(pos..pos + 1)) {
                    anchors.push(w);
                }
            }
        } else if has(Kind::Result) {
            pointer = Some(PointerKind::Results);
        } else if !outcome.is_empty() && (has(Kind::Procedure) || has(Kind::Condition)) {
            pointer = Some(PointerKind::Results);
            anchors.extend(outcome);
        } else if !recommend.is_empty() && !cs.is_empty() {
            pointer = Some(PointerKind::Message);
            anchors.extend(recommend);
        } else if has(Kind::Billing) {
            pointer = Some(PointerKind::Billing);
        }
        let mut chunk_ops = Vec::new();
        if pointer.is_none() {
            for c in cs {
                match decide(a, book, c) {
                    Decision::Ops(v) => chunk_ops.extend(v),
                    Decision::Pointer(k) => pointer = Some(pointer.map_or(k, |p| p.max(k))),
                }
            }
        }
        match pointer {
            None => ops.extend(chunk_ops),
            Some(kind) if !anchors.is_empty() => {
                let rule = cs.first().map(|c| c.rule).or_else(|| findings.first().map(|f| f.rule));
                ops.push(sentence_op(a, book, &spans, &anchors, kind, rule));
            }
            Some(_) => {}
        }
    }

    if findings.iter().any(|f| f.rule == Rule::OptOutMissing) {
        let body = a.text.trim_end();
        let sep = if body.is_empty() {
            ""
        } else if body.ends_with(['.', '!', '?']) {
            " "
        } else {
            ". "
        };
        ops.push(Op {
            range: body.len()..body.len(),
            new: format!("{sep}{}", book.phrase("opt-out-line")),
            rule: Some(Rule::OptOutMissing),
            action: Action::Append,
        });
    }

    // Disjoint, in text order; a sentence pointer wins over what lies inside it.
    ops.sort_by(|x, y| x.range.start.cmp(&y.range.start).then(y.range.end.cmp(&x.range.end)));
    let mut out: Vec<Op> = Vec::with_capacity(ops.len());
    for o in ops {
        if let Some(last) = out.last_mut() {
            if o.range.start < last.range.end {
                continue;
            }
            // Two identical pointers in a row become one.
            let between = &a.text[last.range.end..o.range.start];
            if last.action == Action::Sentence
                && o.action == Action::Sentence
                && last.new == o.new
                && between.trim().is_empty()
            {
                last.range.end = o.range.end;
                continue;
            }
        }
        out.push(o);
    }
    out
}

/// Word positions in `words` where an entry of list `key` starts.
fn matches_in(a: &Analysis<'_>, book: &Phrasebook, key: &str, words: Range<usize>) -> Vec<usize> {
    let list = book.list(key);
    let end = words.end;
    words.filter(|&i| list.match_at(|k| if i + k < end { a.word(i + k) } else { None }).is_some()).collect()
}

/// The action for one chunk, or the pointer its sentence needs.
fn decide(a: &Analysis<'_>, book: &Phrasebook, c: &Chunk) -> Decision {
    let n = c.last + 1;
    // 1. A modifier before a generic noun: "your diabetes checkup" → "your appointment".
    if n < a.toks.len() && a.tight(n) {
        if let Some(h) = book.head_at(|k| a.word(n + k)) {
            let h_last = n + h.words.len() - 1;
            if (n..=h_last).all(|w| a.clause[w] == a.clause[c.first]) {
                let mut v = vec![op(c.start..a.toks[n].start, "", c.rule, Action::Drop)];
                if let Some(r) = &h.rename {
                    let old = &a.text[a.toks[n].start..a.toks[h_last].end];
                    // A facility without a determiner becomes "the clinic", not "clinic".
                    let bare_facility = h.words.len() == 1
                        && book.list("facility").has(&h.words[0])
                        && !(c.first >= 1 && a.tight(c.first) && a.word(c.first - 1).is_some_and(|w| is_det(book, w)));
                    let new =
                        if bare_facility { book.noun_phrase(NounKind::Facility, DetKind::None, false) } else { r };
                    if !old.eq_ignore_ascii_case(new) {
                        v.push(op(a.toks[n].start..a.toks[h_last].end, new, c.rule, Action::Replace));
                    }
                }
                return Decision::Ops(v);
            }
        }
    }
    if c.kind == Kind::Identifier {
        return Decision::Ops(vec![op(drop_range(a, c.start, c.end), "", c.rule, Action::Drop)]);
    }
    let last_word = a.word(c.last).unwrap_or_default();
    let facility = book.list("facility");
    if c.kind != Kind::Placeholder {
        // 2. A compound that ends in a generic noun keeps it: "Kardiologietermin" →
        // "Termin" (not where adjectives follow nouns: "psicoterapia" is no compound).
        if !book.adjective_after_noun() {
            if let Some(h) = book.compound_tail(last_word) {
                let new = h.rename.clone().unwrap_or_else(|| h.text.clone());
                return Decision::Ops(vec![op(c.start..c.end, new, c.rule, Action::Replace)]);
            }
        }
        // A facility becomes "the clinic".
        let first_word = a.word(c.first).unwrap_or_default();
        let is_facility = facility.has(last_word)
            || (c.first == c.last && facility.suffix_of(last_word))
            || (book.adjective_after_noun() && facility.has(first_word));
        if is_facility {
            return Decision::Ops(np_ops(a, book, c, NounKind::Facility));
        }
    }
    // 3. After a generic noun, the term goes with its preposition: "appointment for
    // cardiology", "visita cardiologica", "results for the HIV test".
    if let Some(v) = post_modifier(a, book, c) {
        return Decision::Ops(v);
    }
    if c.kind != Kind::Placeholder {
        // 4. A term that ends (or, where adjectives follow, starts) with a generic noun
        // keeps the noun: "HIV test" → "test", "visita oncologica" → "visita".
        for s in c.first + 1..=c.last {
            if let Some(h) = book.head_at(|k| if s + k <= c.last { a.word(s + k) } else { None }) {
                if s + h.words.len() - 1 == c.last {
                    let new =
                        h.rename.clone().unwrap_or_else(|| a.text[a.toks[s].start..a.toks[c.last].end].to_string());
                    return Decision::Ops(vec![op(c.start..c.end, new, c.rule, Action::Replace)]);
                }
            }
        }
        if book.adjective_after_noun() && c.last > c.first {
            if let Some(h) = book.head_at(|k| if c.first + k < c.last { a.word(c.first + k) } else { None }) {
                let h_end = a.toks[c.first + h.words.len() - 1].end;
                let new = h.rename.clone().unwrap_or_else(|| a.text[c.start..h_end].to_string());
                return Decision::Ops(vec![op(c.start..c.end, new, c.rule, Action::Replace)]);
            }
        }
        // A specialist becomes "your provider".
        if c.specialty && book.list("person-suffix").suffix_of(last_word) {
            return Decision::Ops(np_ops(a, book, c, NounKind::Person));
        }
    }
    // 5. After a preposition, the term goes with it: "with ECG", "for depression".
    if let Some(v) = prepositional(a, book, c) {
        return Decision::Ops(v);
    }
    // 6. The kind decides.
    match c.kind {
        Kind::Condition => Decision::Pointer(if c.record { PointerKind::Record } else { PointerKind::Message }),
        Kind::Placeholder => Decision::Pointer(PointerKind::Message),
        Kind::Billing => Decision::Pointer(PointerKind::Billing),
        Kind::Result => Decision::Pointer(PointerKind::Results),
        Kind::Medication => Decision::Ops(np_ops(a, book, c, NounKind::Medication)),
        Kind::Procedure if instruction_clause(a, book, c) => Decision::Pointer(PointerKind::Instructions),
        Kind::Procedure => Decision::Ops(np_ops(a, book, c, NounKind::Appointment)),
        Kind::Specialty => Decision::Ops(np_ops(a, book, c, NounKind::Facility)),
        Kind::Identifier => Decision::Ops(vec![op(drop_range(a, c.start, c.end), "", c.rule, Action::Drop)]),
    }
}

fn is_det(book: &Phrasebook, w: &str) -> bool {
    ["det-your", "det-the", "det-a", "det"].iter().any(|k| book.list(k).has(w))
}

/// True when a generic noun ends at word `w`.
fn head_ends_at(a: &Analysis<'_>, book: &Phrasebook, w: usize) -> bool {
    (1..=3).any(|n| {
        w + 1 >= n && {
            let s = w + 1 - n;
            (s + 1..=w).all(|i| a.tight(i))
                && book.head_at(|k| if s + k <= w { a.word(s + k) } else { None }).is_some_and(|h| h.words.len() == n)
        }
    })
}

/// The preposition (if any, with determiners) before a chunk: `(first word of the
/// preposition, true when it is a governing one)`.
fn preposition_before(a: &Analysis<'_>, book: &Phrasebook, c: &Chunk) -> Option<(usize, bool)> {
    let mut k = c.first;
    while k >= 1 && c.first - k < 2 && a.tight(k) && a.word(k - 1).is_some_and(|w| is_det(book, w)) {
        k -= 1;
    }
    if k == 0 || !a.tight(k) {
        return None;
    }
    let w = a.word(k - 1).unwrap_or_default();
    let gov = book.list("gov-prep").has(w);
    (gov || book.list("trailing-prep").has(w)).then_some((k - 1, gov))
}

/// A chunk after a generic noun, directly where adjectives follow nouns ("visita
/// cardiologica") or through a preposition ("appointment for cardiology"): drop it with
/// the preposition.
fn post_modifier(a: &Analysis<'_>, book: &Phrasebook, c: &Chunk) -> Option<Vec<Op>> {
    if c.first == 0 || !a.tight(c.first) {
        return None;
    }
    let p = c.first - 1;
    if book.adjective_after_noun() && head_ends_at(a, book, p) {
        return Some(vec![op(a.toks[p].end..c.end, "", c.rule, Action::Drop)]);
    }
    let (prep, _) = preposition_before(a, book, c)?;
    (prep >= 1 && a.tight(prep) && head_ends_at(a, book, prep - 1))
        .then(|| vec![op(a.toks[prep - 1].end..c.end, "", c.rule, Action::Drop)])
}

/// A chunk after a governing preposition ("with ECG", "for depression"): drop both.
fn prepositional(a: &Analysis<'_>, book: &Phrasebook, c: &Chunk) -> Option<Vec<Op>> {
    let (prep, gov) = preposition_before(a, book, c)?;
    gov.then(|| vec![op(drop_range(a, a.toks[prep].start, c.end), "", c.rule, Action::Drop)])
}

/// `start..end` widened over the blanks on one side, so that removing it leaves one blank.
fn drop_range(a: &Analysis<'_>, start: usize, end: usize) -> Range<usize> {
    let text = a.text;
    let after = text[end..].len() - text[end..].trim_start_matches([' ', '\t']).len();
    let next = text[end + after..].chars().next();
    if after > 0 && next.is_some_and(|c| c.is_alphanumeric() || matches!(c, '{' | '[' | '%' | '$' | '(')) {
        return start..end + after;
    }
    let before = text[..start].len() - text[..start].trim_end_matches([' ', '\t']).len();
    start - before..end
}

/// Replaces the chunk (with the determiner before it) by a neutral noun phrase, and drops
/// a short phrase it governed ("MRI of the lumbar spine").
fn np_ops(a: &Analysis<'_>, book: &Phrasebook, c: &Chunk, kind: NounKind) -> Vec<Op> {
    let premods = book.list("premod");
    let mut j = c.first;
    while j >= 1 && c.first - j < 3 && a.tight(j) && a.word(j - 1).is_some_and(|w| premods.has(w)) {
        j -= 1;
    }
    let premod = j < c.first;
    let (mut your, mut the, mut an, mut other) = (false, false, false, false);
    let mut k = j;
    while k >= 1 && j - k < 2 && a.tight(k) {
        let w = a.word(k - 1).unwrap_or_default();
        if book.list("det-your").has(w) {
            your = true;
        } else if book.list("det-the").has(w) {
            the = true;
        } else if book.list("det-a").has(w) {
            an = true;
        } else if book.list("det").has(w) || book.list("det-prep").has(w) {
            // "this", "our", or a preposition fused with an article ("au", "im"): keep it.
            other = true;
        } else {
            break;
        }
        k -= 1;
    }
    let det = if premod || other {
        DetKind::Other
    } else if your {
        DetKind::Your
    } else if the {
        DetKind::The
    } else if an {
        DetKind::A
    } else {
        DetKind::None
    };
    let start = if matches!(det, DetKind::Other | DetKind::None) { c.start } else { a.toks[k].start };
    // Gender: a feminine determiner before the term, or the ending of its noun (the first
    // word where adjectives follow the noun, else the last).
    let noun = if book.adjective_after_noun() { c.first } else { c.last };
    let feminine = (k..c.first).any(|i| a.word(i).is_some_and(|w| book.list("det-f").has(w)))
        || a.word(noun).is_some_and(|w| book.feminine(w));
    let mut v = vec![op(start..c.end, book.noun_phrase(kind, det, feminine), c.rule, Action::Replace)];
    v.extend(trailing(a, book, c));
    v
}

/// A short phrase after a replaced term that only it governed: `of` plus at most five
/// words up to a stop word or the end of the clause, with no number and nothing that must
/// survive.
fn trailing(a: &Analysis<'_>, book: &Phrasebook, c: &Chunk) -> Option<Op> {
    let t = c.last + 1;
    if t >= a.toks.len() || !a.tight(t) || !a.word(t).is_some_and(|w| book.list("trailing-prep").has(w)) {
        return None;
    }
    let stop = book.list("stop");
    let mut j = t + 1;
    loop {
        let clause_end = j >= a.toks.len() || !a.tight(j);
        if clause_end || a.word(j).is_some_and(|w| stop.has(w)) {
            break;
        }
        let tok = &a.toks[j];
        if j > t + 5 || tok.word.bytes().any(|b| b.is_ascii_digit()) || a.is_protected(&(tok.start..tok.end)) {
            return None;
        }
        j += 1;
    }
    (j > t + 1).then(|| op(a.toks[c.last].end..a.toks[j - 1].end, "", c.rule, Action::Drop))
}

/// True when the chunk's clause starts with a clinical instruction ("Start the bowel
/// prep …").
fn instruction_clause(a: &Analysis<'_>, book: &Phrasebook, c: &Chunk) -> bool {
    let words = a.clause_words(a.clause[c.first]);
    let list = book.list("instruction");
    let end = words.end;
    words.take(2).any(|i| i < c.first && list.match_at(|k| if i + k < end { a.word(i + k) } else { None }).is_some())
}

/// A pointer sentence over the clauses of the anchors' sentence that hold them.
fn sentence_op(
    a: &Analysis<'_>,
    book: &Phrasebook,
    spans: &Spans,
    anchors: &[usize],
    kind: PointerKind,
    rule: Option<Rule>,
) -> Op {
    let first_clause = anchors.iter().map(|&w| a.clause[w]).min().unwrap_or(0);
    let last_clause = anchors.iter().map(|&w| a.clause[w]).max().unwrap_or(0);
    let sentence = a.sent[anchors[0]];
    let first_word = a.clause_words(first_clause).start;
    let last_word = a.clause_words(last_clause).end - 1;
    // A finding may reach beyond its words ("8.2 %", "[MEDICATION]").
    let Range { mut start, mut end } = spans.grow(a.toks[first_word].start..a.toks[last_word].end);
    // Words inside a placeholder ("date" in `{{date}}`) end or start short of it: the
    // placeholder goes whole, into the pointer's items.
    let i = search(&a.protected, |p| p.end <= start);
    if let Some(p) = a.protected.get(i).filter(|p| p.start < start) {
        start = p.start;
    }
    let i = search(&a.protected, |p| p.end <= end);
    if let Some(p) = a.protected.get(i).filter(|p| p.start < end) {
        end = p.end;
    }
    if a.sentence_words(sentence).end == last_word + 1 {
        // The last clause of the sentence: its final punctuation goes too.
        let rest = &a.text[end..];
        let tail = rest.trim_start_matches(['.', '!', '?', '\u{2026}', ')', '"', '\u{201D}', '\u{BB}', '%', ' ']);
        end += rest[..rest.len() - tail.len()].trim_end().len();
    }
    let items = kept_items(a, spans, start..end);
    Op { range: start..end, new: with_items(book.pointer(kind), &items), rule, action: Action::Sentence }
}

/// The texts of the spans in `range` that must survive, and are not findings themselves.
pub(crate) fn kept_items(a: &Analysis<'_>, spans: &Spans, range: Range<usize>) -> Vec<String> {
    // The protected spans are sorted and disjoint, so those inside `range` are adjacent.
    let from = search(&a.protected, |p| p.start < range.start);
    let mut seen: HashSet<&str> = HashSet::new();
    let mut items: Vec<String> = Vec::new();
    for p in a.protected[from..].iter().take_while(|p| p.end <= range.end) {
        probe();
        if spans.overlapping(p).is_empty() {
            let s = &a.text[p.clone()];
            if seen.insert(s) {
                items.push(s.to_string());
            }
        }
    }
    items
}

/// A pointer with the items that must survive in brackets before its final punctuation.
pub(crate) fn with_items(pointer: &str, items: &[String]) -> String {
    if items.is_empty() {
        return pointer.to_string();
    }
    let list = items.join(", ");
    match pointer.strip_suffix(['.', '!', '?']) {
        Some(body) => format!("{body} ({list}){}", &pointer[body.len()..]),
        None => format!("{pointer} ({list})"),
    }
}

/// The spans of a plan's findings, under a tree of their furthest ends, so that the
/// findings that overlap a range are found without looking at all of them (a plan asks
/// once per pointer sentence and once per span that must survive).
pub(crate) struct Spans {
    /// The spans, in the findings' order.
    spans: Vec<Range<usize>>,
    /// Finding indices by span start.
    by_start: Vec<usize>,
    /// A complete binary tree over `by_start` (leaves from `leaves` on): each node holds
    /// the largest end of the spans under it.
    reach: Vec<usize>,
    leaves: usize,
}

impl Spans {
    pub fn new(findings: &[&Finding]) -> Spans {
        let spans: Vec<Range<usize>> = findings.iter().map(|f| f.span.clone()).collect();
        let mut by_start: Vec<usize> = (0..spans.len()).collect();
        by_start.sort_by_key(|&i| spans[i].start);
        let leaves = by_start.len().next_power_of_two();
        let mut reach = vec![0; 2 * leaves];
        for (k, &i) in by_start.iter().enumerate() {
            reach[leaves + k] = spans[i].end;
        }
        for n in (1..leaves).rev() {
            reach[n] = reach[2 * n].max(reach[2 * n + 1]);
        }
        Spans { spans, by_start, reach, leaves }
    }

    /// The findings (indices, ascending) whose spans overlap `range`.
    pub fn overlapping(&self, range: &Range<usize>) -> Vec<usize> {
        let mut out = Vec::new();
        // Of the spans that start before the range ends, those that end after it starts.
        let starts_before = search(&self.by_start, |&i| self.spans[i].start < range.end);
        self.collect(1, 0..self.leaves, starts_before, range.start, &mut out);
        out.sort_unstable();
        out
    }

    /// Pushes the findings under `node` (which covers `cover` of `by_start`) that come
    /// before `limit` and end after `after`, skipping subtrees that cannot hold one.
    fn collect(&self, node: usize, cover: Range<usize>, limit: usize, after: usize, out: &mut Vec<usize>) {
        probe();
        if cover.start >= limit || self.reach[node] <= after {
            return;
        }
        if node >= self.leaves {
            out.push(self.by_start[cover.start]);
            return;
        }
        let mid = cover.start + (cover.end - cover.start) / 2;
        self.collect(2 * node, cover.start..mid, limit, after, out);
        self.collect(2 * node + 1, mid..cover.end, limit, after, out);
    }

    /// `range` widened over each finding that overlaps it, in the findings' order (a
    /// finding passed before the range grew to reach it does not count).
    pub fn grow(&self, range: Range<usize>) -> Range<usize> {
        // Only findings linked to `range` by a chain of overlaps can be met: gather them,
        // asking only about the parts each widening adds, then go over them in order.
        let mut hull = range.clone();
        let mut met = self.overlapping(&hull);
        let mut fresh = met.clone();
        loop {
            let wide =
                fresh.iter().fold(hull.clone(), |h, &i| h.start.min(self.spans[i].start)..h.end.max(self.spans[i].end));
            if wide == hull {
                break;
            }
            fresh.clear();
            for part in [wide.start..hull.start, hull.end..wide.end] {
                if !part.is_empty() {
                    fresh.extend(self.overlapping(&part));
                }
            }
            met.extend(&fresh);
            hull = wide;
        }
        met.sort_unstable();
        met.dedup();
        let mut out = range;
        for i in met {
            let span = &self.spans[i];
            if span.start < out.end && span.end > out.start {
                out = out.start.min(span.start)..out.end.max(span.end);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Severity;

    fn finding(span: Range<usize>) -> Finding {
        Finding {
            rule: Rule::Condition,
            category: Category::Condition,
            severity: Severity::Error,
            span,
            term: "t".into(),
            concept: None,
            confidence: 1.0,
            lang: None,
        }
    }

    /// The index answers as a scan over the findings would, for findings in any order,
    /// empty, nested, overlapping and long.
    #[test]
    fn spans_answer_like_a_scan() {
        let mut seed = 7u64;
        let mut next = |n: usize| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) as usize % n
        };
        for round in 0..300 {
            let count = next(40);
            let fs: Vec<Finding> = (0..count)
                .map(|_| {
                    let start = next(200);
                    let len = if next(10) == 0 { next(120) } else { next(6) };
                    finding(start..start + len)
                })
                .collect();
            let refs: Vec<&Finding> = fs.iter().collect();
            let spans = Spans::new(&refs);
            for _ in 0..20 {
                let start = next(220);
                let range = start..start + next(30);
                let scan: Vec<usize> =
                    (0..fs.len()).filter(|&i| fs[i].span.start < range.end && range.start < fs[i].span.end).collect();
                assert_eq!(spans.overlapping(&range), scan, "round {round}, {range:?}");
                let (mut s, mut e) = (range.start, range.end);
                for f in &fs {
                    if f.span.start < e && f.span.end > s {
                        s = s.min(f.span.start);
                        e = e.max(f.span.end);
                    }
                }
                assert_eq!(spans.grow(range.clone()), s..e, "round {round}, {range:?}");
            }
        }
    }
}
