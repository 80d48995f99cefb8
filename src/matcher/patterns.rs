//! Pattern rules on the original text: dosages, result values, diagnosis codes,
//! identifiers and amounts owed.
//!
//! All patterns form one multi-pattern regex (leftmost-first, so earlier patterns win at
//! the same position: a result value "120 mg/dL" before a dosage). Every pattern needs a
//! digit, so texts without one skip the regex entirely. Character classes are ASCII
//! (`(?-u:\b)`, `[0-9]`): Unicode word boundaries are far slower on European text.

use std::ops::Range;
use std::sync::Arc;

use regex_automata::Input;
use regex_automata::meta::Regex;
use regex_automata::util::captures::Captures;

use crate::error::{Error, Result};
use crate::finding::Rule;

/// An extra test a match must pass.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Check {
    /// Nothing beyond the end-of-word test.
    None,
    /// The reported span contains a digit.
    Digit,
    /// A US SSN that the SSA could issue (no 000/666/9xx area, 00 group, 0000 serial).
    Ssn,
    /// A real ICD-10 code, when the code list is built in.
    Icd10,
}

struct PatternRule {
    rule: Rule,
    label: Arc<str>,
    confidence: f32,
    check: Check,
    pattern: String,
}

const RESULT_UNITS: &str = r"mg/dl|mg/l|mmol/l|mmol/mol|mm ?hg|g/dl|g/l|ng/ml|ng/dl|pg/ml|[uµ]g/l|mcg/ml|m?iu/l|miu/ml|u/l|meq/l|[uµ]mol/l|cells/mm3|cells/[uµ]l|copies/ml|bpm";
const DOSE_UNITS: &str = r"mg|mcg|[uµ]g|ml|cc|iu|units?|tablets?|tabs?|capsules?|caps|pills?|puffs?|drops?|sprays?|patch(?:es)?|injections?|compresse|compressa|capsule|gocce|fiale|fiala|bustine|bustina|tabletten|tablette|kapseln|kapsel|tropfen|comprim[ée]s?|g[ée]lules?|gouttes|sachets?|comprimidos?|c[áa]psulas?|gotas|sobres?|ampollas?";
const NUMBER: &str = r"(?-u:\b)[0-9]+(?:[.,][0-9]+)?";
const ID: &str = r"([A-Za-z0-9][A-Za-z0-9-]{3,24})";

fn rules() -> Vec<PatternRule> {
    let p = |rule, label: &str, confidence, check, pattern: String| PatternRule {
        rule,
        label: Arc::from(label),
        confidence,
        check,
        pattern,
    };
    vec![
        p(Rule::ResultValue, "value with a lab unit", 0.95, Check::None, format!(r"(?i){NUMBER}[ ]?(?:{RESULT_UNITS})")),
        p(Rule::Dosage, "dose", 0.9, Check::None, format!(r"(?i){NUMBER}[ ]?(?:{DOSE_UNITS})")),
        p(
            Rule::Identifier,
            "social security number",
            0.95,
            Check::Digit,
            r"(?i:(?-u:\b)(?:ssn|social security(?: number| no\.?| #)?|soc\.? sec\.?)[ ]?[:#]?[ ]?)([0-9]{3}-[0-9]{2}-[0-9]{4}|[0-9]{3} [0-9]{2} [0-9]{4}|[0-9]{9})".into(),
        ),
        p(Rule::Identifier, "social security number", 0.9, Check::Ssn, r"(?-u:\b)[0-9]{3}-[0-9]{2}-[0-9]{4}(?-u:\b)".into()),
        p(
            Rule::Identifier,
            "Medicare beneficiary identifier",
            0.9,
            Check::None,
            r"(?-u:\b)[1-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9][0-9]-?[AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9][0-9]-?[AC-HJKMNP-RT-Y]{2}[0-9]{2}(?-u:\b)".into(),
        ),
        p(
            Rule::Identifier,
            "insurance member ID",
            0.9,
            Check::Digit,
            format!(r"(?i:(?-u:\b)(?:member|policy|subscriber|insurance|medicaid|medicare|group|beneficiary|tessera sanitaria|versicherten)[ -]?(?:id|#|no\.?|nr\.?|number|num|nummer|numero|n[uú]mero)[ ]?[:#]?[ ]?){ID}"),
        ),
        p(
            Rule::Identifier,
            "medical record number",
            0.9,
            Check::Digit,
            format!(r"(?i:(?-u:\b)(?:mrn|medical record(?: number| no\.?| #)?|patient (?:id|number|no\.?|#)|chart (?:number|no\.?|#)|health record (?:number|no\.?)|patienten-?(?:id|nummer)|cartella clinica(?: n\.?)?|dossier m[ée]dical)[ ]?[:#]?[ ]?){ID}"),
        ),
        p(
            Rule::Identifier,
            "date of birth",
            0.9,
            Check::None,
            r"(?i:(?-u:\b)(?:dob|d\.o\.b\.?|date of birth|birth ?date|born(?: on)?|geburtsdatum|geboren am|data di nascita|nat[oa] il|date de naissance|n[ée]e? le|fecha de nacimiento|nacid[oa] el)[ ]?:?[ ]?)([0-9]{1,4}[-/.][0-9]{1,2}[-/.][0-9]{2,4}|[A-Za-z]{3,9}\.? [0-9]{1,2}(?:st|nd|rd|th)?,? [0-9]{4}|[0-9]{1,2}(?:st|nd|rd|th)?\.? [A-Za-zäéû]{3,9}\.? [0-9]{4})".into(),
        ),
        p(
            Rule::Icd10Code,
            "ICD-10 code",
            0.9,
            Check::Icd10,
            r"(?i:(?-u:\b)(?:icd(?:[- ]?10)?(?:[- ]?cm)?|diagnosis|diagnostic|dx|diagnose|diagnosi|diagn[oó]stico)(?:[ ]?(?:code|codice|kode|schl[üu]ssel|c[oó]digo))?[ ]?[:#]?[ ]?)([A-TV-Z][0-9][0-9AB](?:\.?[0-9A-TV-Z]{1,4})?)(?-u:\b)".into(),
        ),
        p(Rule::Icd10Code, "ICD-10 code", 0.8, Check::Icd10, r"(?-u:\b)[A-TV-Z][0-9][0-9AB]\.[0-9A-TV-Z]{1,4}(?-u:\b)".into()),
        p(
            Rule::Billing,
            "amount owed",
            0.85,
            Check::None,
            r"(?i:(?-u:\b)(?:balance|amount due|amount owed|past due|overdue|outstanding|you owe|owe|owing|copay|co-pay|deductible|coinsurance|payment of|amount of|saldo|importo dovuto|importo di|da pagare|offener betrag|betrag von|zuzahlung|solde|montant d[uû]|montant de|facture de|reste [àa] charge|adeudo|importe pendiente|importe de|pago de)[^0-9$€£\n\x01]{0,24})(?:(?:[$€£]|rs\.?)[ ]?[0-9][0-9,.]*[0-9]|[$€£][ ]?[0-9]|[0-9][0-9,.]*[ ]?(?:€|eur|usd|dollars|euros?)(?-u:\b)|(?:[$€£]|rs\.?)?[ ]?\x01+)".into(),
        ),
        p(
            Rule::Billing,
            "claim number",
            0.85,
            Check::Digit,
            r"(?i:(?-u:\b)(?:claim|pratica|sinistro|reclamaci[oó]n)[ ]?(?:#|no\.?|nr\.?|number|id)?[ ]?[:#]?[ ]?)(#?[A-Za-z0-9][A-Za-z0-9-]{3,24})".into(),
        ),
        p(
            Rule::ClinicalPlaceholder,
            "medication placeholder",
            0.85,
            Check::None,
            // "Dose of {name} postponed", "Assunzione di {name}": the placeholder will be
            // filled with the name of a drug.
            r"(?i:(?-u:\b)(?:dose of|extra dose of|time to take|dose di|dose extra di|assunzione di|einnahme von|zus[äa]tzliche einnahme von|dosis von|toma de|toma extra de|dosis de|prise de|prise suppl[ée]mentaire de|dose de)[ ]?)(\x01+)".into(),
        ),
    ]
}

/// One pattern match, before policy and overlap resolution.
#[derive(Clone, Debug)]
pub(crate) struct PatternMatch {
    pub rule: Rule,
    pub span: Range<usize>,
    pub label: Arc<str>,
    pub confidence: f32,
}

/// The compiled pattern rules.
pub(crate) struct Patterns {
    re: Regex,
    rules: Vec<PatternRule>,
    /// Valid codes packed into integers (see [`pack_code`]), sorted.
    icd10: Option<Vec<u64>>,
}

impl std::fmt::Debug for Patterns {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Patterns").field("rules", &self.rules.len()).finish()
    }
}

impl Patterns {
    /// Compiles the pattern rules; `icd10_codes` is the list of valid codes (one per line,
    /// no dot), if known.
    pub fn new(icd10_codes: Option<&str>) -> Result<Patterns> {
        let rules = rules();
        let re = Regex::new_many(&rules.iter().map(|r| r.pattern.as_str()).collect::<Vec<_>>())
            .map_err(|e| Error::pattern(e.to_string()))?;
        let icd10 = icd10_codes.map(|codes| {
            let mut packed: Vec<u64> = codes
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .filter_map(|l| pack_code(l.bytes()))
                .collect();
            packed.sort_unstable();
            packed.dedup();
            packed
        });
        Ok(Patterns { re, rules, icd10 })
    }

    /// Scratch space for [`Patterns::find`].
    pub fn create_captures(&self) -> Captures {
        self.re.create_captures()
    }

    /// Reports every pattern match in `text`, in text order.
    ///
    /// Every match the rules accept holds a digit (or a placeholder's mask) and starts at most [`MAX_LEAD`] bytes
    /// before its first digit and ends at most [`MAX_LEAD`] bytes after its last, so
    /// only windows around the digits are searched: digits closer than `2 × MAX_LEAD`
    /// share a window, and no match can span two windows. Rejected matches move the
    /// search on by one position, so windowing finds exactly what one search over the
    /// whole text finds (a property test compares the two).
    pub fn find(&self, text: &str, caps: &mut Captures, mut emit: impl FnMut(PatternMatch)) {
        let bytes = text.as_bytes();
        let Some(mut first) = next_digit(bytes, 0) else { return };
        let mut last = first;
        loop {
            // Past the rest of this run of digits, then to the next digit.
            while bytes.get(last + 1).is_some_and(u8::is_ascii_digit) {
                last += 1;
            }
            // Close to the end (a short message): the window reaches the end whatever
            // digits follow, so there is no need to look for them.
            let next = if text.len() - last <= MAX_LEAD { None } else { next_digit(bytes, last + 1) };
            if let Some(d) = next.filter(|&d| d - last <= 2 * MAX_LEAD) {
                last = d;
                continue;
            }
            let mut start = first.saturating_sub(MAX_LEAD);
            while !text.is_char_boundary(start) {
                start -= 1;
            }
            let mut end = (last + MAX_LEAD).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            self.find_in(text, start..end, caps, &mut emit);
            match next {
                Some(d) => (first, last) = (d, d),
                None => return,
            }
        }
    }

    /// [`Patterns::find`] within `window` (char boundaries) of `text`.
    fn find_in(&self, text: &str, window: Range<usize>, caps: &mut Captures, emit: &mut impl FnMut(PatternMatch)) {
        let mut at = window.start;
        while at < window.end {
            self.re.search_captures(&Input::new(text).range(at..window.end), caps);
            let (Some(pid), Some(whole)) = (caps.pattern(), caps.get_match()) else { break };
            let rule = &self.rules[pid.as_usize()];
            let span = caps.get_group(1).map_or(whole.range(), |s| s.range());
            if self.accepts(rule.check, text, &span) {
                emit(PatternMatch { rule: rule.rule, span, label: rule.label.clone(), confidence: rule.confidence });
                at = whole.end().max(whole.start() + 1);
            } else {
                at = whole.start() + 1;
            }
            while !text.is_char_boundary(at) {
                at += 1;
            }
        }
    }

    fn accepts(&self, check: Check, text: &str, span: &Range<usize>) -> bool {
        let s = &text[span.clone()];
        // The match must end at the end of a word ("500mgx" is not a dose).
        if text[span.end..].chars().next().is_some_and(char::is_alphanumeric) {
            return false;
        }
        match check {
            Check::None => true,
            Check::Digit => s.bytes().any(|b| b.is_ascii_digit()),
            Check::Ssn => {
                let (area, rest) = s.split_at(3);
                let (group, serial) = (&rest[1..3], &rest[4..]);
                area != "000" && area != "666" && !area.starts_with('9') && group != "00" && serial != "0000"
            }
            Check::Icd10 => match &self.icd10 {
                None => true,
                Some(codes) => {
                    pack_code(s.bytes().filter(|&b| b != b'.')).is_some_and(|c| codes.binary_search(&c).is_ok())
                }
            },
        }
    }
}

/// How far a match reaches from its digits, in bytes, with a wide margin: the longest
/// lead-in is an amount owed ("importe pendiente" and up to 24 characters before the
/// currency sign, under 160 bytes even when case folding turns letters into 3-byte
/// characters such as the Kelvin sign); after the last digit come at most an
/// identifier's 24 characters or a unit.
const MAX_LEAD: usize = 256;

/// The position of the first ASCII digit at or after `from`; 32 bytes at a time without
/// branches, which the compiler turns into vector instructions (long texts have few
/// digits).
fn next_digit(bytes: &[u8], from: usize) -> Option<usize> {
    let rest = bytes.get(from..)?;
    // A placeholder's mask (`template::MASK`) stands for a value, as a digit does.
    let is_digit = |b: &u8| b.wrapping_sub(b'0') < 10 || *b == 1;
    let mut chunks = rest.chunks_exact(32);
    let mut offset = from;
    for chunk in &mut chunks {
        if chunk.iter().fold(false, |acc, b| acc | is_digit(b)) {
            return chunk.iter().position(is_digit).map(|k| offset + k);
        }
        offset += 32;
    }
    chunks.remainder().iter().position(is_digit).map(|k| offset + k)
}

/// Packs a code of at most 8 ASCII letters/digits into an integer (upper-cased), so the
/// ~10⁵ valid codes take one sorted vector instead of a set of strings.
fn pack_code(bytes: impl Iterator<Item = u8>) -> Option<u64> {
    let mut packed = 0u64;
    for (n, b) in bytes.enumerate() {
        if n == 8 || !b.is_ascii_alphanumeric() {
            return None;
        }
        packed = (packed << 8) | u64::from(b.to_ascii_uppercase());
    }
    Some(packed)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Windows around the digits find what one search over the whole text finds.
    mod windows {
        use super::*;
        use proptest::prelude::*;

        fn piece() -> impl Strategy<Value = String> {
            let fixed = prop::sample::select(vec![
                "balance ",
                "importe pendiente ",
                "reste à charge ",
                "member id: ",
                "MRN ",
                "DOB: ",
                "born on March ",
                "ICD-10 ",
                "dx ",
                "claim # ",
                "SSN ",
                "social security number ",
                "$",
                "€ ",
                "mg ",
                "mmol/L ",
                "E11.9 ",
                "123-45-6789 ",
                "1EG4-TE5-MK73 ",
                "-",
                "/",
                ". ",
                "\n",
                "é",
                "K",
                "ſ",
            ])
            .prop_map(str::to_string);
            prop_oneof![
                4 => fixed,
                3 => "[0-9]{1,9}",
                2 => "[a-zA-Z]{1,12} ",
                1 => " {200,700}",
                1 => "[a-z ]{100,400}",
            ]
        }

        proptest! {
            #![proptest_config(ProptestConfig { cases: 400, failure_persistence: None, ..ProptestConfig::default() })]
            #[test]
            fn agree_with_a_whole_text_search(pieces in prop::collection::vec(piece(), 0..40)) {
                let text = pieces.concat();
                let p = Patterns::new(Some("E119\nA000\n")).unwrap();
                let mut caps = p.create_captures();
                let mut windowed = Vec::new();
                p.find(&text, &mut caps, |m| windowed.push((m.rule, m.span)));
                let mut whole = Vec::new();
                p.find_in(&text, 0..text.len(), &mut caps, &mut |m| whole.push((m.rule, m.span)));
                prop_assert_eq!(windowed, whole);
            }
        }
    }

    #[test]
    fn digits_are_found_anywhere() {
        for len in [0, 1, 31, 32, 33, 64, 100] {
            let mut text = vec![b'a'; len];
            assert_eq!(next_digit(&text, 0), None);
            for at in 0..len {
                text[at] = b'7';
                assert_eq!(next_digit(&text, 0), Some(at), "{len} {at}");
                assert_eq!(next_digit(&text, at), Some(at));
                assert_eq!(next_digit(&text, at + 1), None);
                text[at] = if at % 2 == 0 { b'/' } else { b':' };
                assert_eq!(next_digit(&text, 0), None);
            }
        }
        assert_eq!(next_digit(b"12", 5), None);
    }

    fn found(text: &str) -> Vec<(Rule, &str)> {
        let p = Patterns::new(Some("E11\nE119\nF32\nF329\n")).unwrap();
        let mut caps = p.create_captures();
        let mut out = Vec::new();
        p.find(text, &mut caps, |m| out.push((m.rule, &text[m.span])));
        out
    }

    #[test]
    fn doses_and_values() {
        assert_eq!(found("take 500mg metformin"), [(Rule::Dosage, "500mg")]);
        assert_eq!(found("2 tablets, 0.5 ml"), [(Rule::Dosage, "2 tablets"), (Rule::Dosage, "0.5 ml")]);
        assert_eq!(found("cholesterol is 220 mg/dL"), [(Rule::ResultValue, "220 mg/dL")]);
        assert!(found("a 5G phone, 500mgx, 20% off").is_empty());
    }

    #[test]
    fn identifiers() {
        assert_eq!(found("SSN 536-22-8471"), [(Rule::Identifier, "536-22-8471")]);
        assert!(found("call 414-209-8830 or 666-12-3456").is_empty());
        assert_eq!(found("your member ID XKJ482913557 was"), [(Rule::Identifier, "XKJ482913557")]);
        assert_eq!(found("Patient MRN 00482913: ready"), [(Rule::Identifier, "00482913")]);
        assert_eq!(found("DOB: 03/14/1980"), [(Rule::Identifier, "03/14/1980")]);
        assert_eq!(found("MBI 1EG4-TE5-MK73"), [(Rule::Identifier, "1EG4-TE5-MK73")]);
        assert!(found("your member benefits in 2025").is_empty());
    }

    #[test]
    fn diagnosis_codes_are_checked_against_the_code_list() {
        assert_eq!(found("Diagnosis code E11.9 added"), [(Rule::Icd10Code, "E11.9")]);
        assert_eq!(found("ICD-10: F329"), [(Rule::Icd10Code, "F329")]);
        assert!(found("version V12.3 and E99.9").is_empty());
        assert!(found("code E119").is_empty());
    }

    #[test]
    fn billing() {
        assert_eq!(
            found("Your balance of $1,245.60 for claim #CLM-88213 is past due."),
            [(Rule::Billing, "balance of $1,245.60"), (Rule::Billing, "CLM-88213")]
        );
        assert!(found("20% off your next order of $50").is_empty());
    }
}
