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
use crate::rules::SSN_LABEL;

const ITIN_LABEL: &str = "individual taxpayer identification number";
const MBI_LABEL: &str = "Medicare beneficiary identifier";
/// How much a failing check lowers the confidence of an identifier after a context word.
const FAILED_CHECK_PENALTY: f32 = 0.25;

/// An extra test a match must pass.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Check {
    /// Nothing beyond the end-of-word test.
    None,
    /// The reported span contains a digit.
    Digit,
    /// A US SSN that the SSA could issue (no 000/666/9xx area, 00 group, 0000 serial).
    Ssn,
    /// A US ITIN: a 9xx area and a group of 50–65, 70–88, 90–92 or 94–99.
    Itin,
    /// An identifier after a context word that has no check of its own (member IDs,
    /// MRNs, MBIs): at least four digits, not one digit repeated, not masked (`XXXX`).
    Framed,
    /// A date of birth: a day, a month (number or name) and a year that can exist.
    Date,
    /// A month and year of birth (`03/1980`, `March 1980`, `1980-03`): a month that exists
    /// and a year from 1900 to 2099.
    MonthYear,
    /// An identifier with a check character or digits ([`National`]); `framed`: after a
    /// context word, where a failing check lowers the confidence instead of rejecting.
    National(National, bool),
    /// An ICD-10 code, when the code list is built in.
    Icd10,
}

/// Identifiers whose last characters check the others.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum National {
    /// Italian *codice fiscale*: check letter over odd and even positions.
    CodiceFiscale,
    /// Italian *tessera sanitaria* card number (ISO/IEC 7812): Luhn.
    TesseraSanitaria,
    /// German *Krankenversichertennummer*: letter + 8 digits, weighted 1-2 check digit.
    Kvnr,
    /// Spanish DNI or NIE: letter from the number mod 23.
    DniNie,
    /// Spanish social security number (NUSS): 2-digit key, mod 97.
    Nuss,
    /// French NIR: 2-digit key 97 − (n mod 97), Corsica 2A/2B.
    Nir,
    /// UK NHS number: weighted mod 11.
    Nhs,
}

struct PatternRule {
    rule: Rule,
    label: Arc<str>,
    confidence: f32,
    check: Check,
    pattern: String,
    /// Reveals less than the rule's other matches (a month and year of birth): rated like
    /// a low-sensitivity service, a warning under `outbound`.
    low: bool,
}

const RESULT_UNITS: &str = r"mg/dl|mg/l|mmol/l|mmol/mol|mm ?hg|g/dl|g/l|ng/ml|ng/dl|pg/ml|[uµ]g/l|mcg/ml|m?iu/l|miu/ml|u/l|meq/l|[uµ]mol/l|cells/mm3|cells/[uµ]l|copies/ml|bpm";
const DOSE_UNITS: &str = r"mg|mcg|[uµ]g|ml|cc|iu|units?|tablets?|tabs?|capsules?|caps|pills?|puffs?|drops?|sprays?|patch(?:es)?|injections?|compresse|compressa|capsule|gocce|fiale|fiala|bustine|bustina|tabletten|tablette|kapseln|kapsel|tropfen|comprim[ée]s?|g[ée]lules?|gouttes|sachets?|comprimidos?|c[áa]psulas?|gotas|sobres?|ampollas?";
const NUMBER: &str = r"(?-u:\b)[0-9]+(?:[.,][0-9]+)?";
/// A member ID or record number: letters, digits and dashes, or groups of digits with
/// blanks between them as people type them ("1234 567 893"), kept whole.
const ID: &str = r"([0-9]{2,6}(?: [0-9]{3,6}){1,4}|[A-Za-z0-9][A-Za-z0-9-]{3,24})";

/// Between a context word and its value: a few blanks, a colon, hash, equals sign or
/// dash, and one line break (templates put the value on the next line).
const GAP: &str = r"[ \t]{0,3}(?:[:#=]|--?|–)?[ \t]{0,3}(?:\r?\n[ \t]{0,3})?";
/// Words that may stand between a context word and its value ("your DOB **is**", "SSN
/// **on file**:", "Versichertennummer **lautet**", "date de naissance **est le**"), at
/// most two: copulas, articles and "on", "number" and its abbreviations, "on file". Words
/// ending in a letter need a word boundary after them; the others end in a sign.
const FILLER: &str = r"(?:(?:is|was|are|reads|shows|on file|on record|of record|we have|listed as|as|on|the|le|el|il|am|number|no|nr|num|numero|número|numéro|nummer|risulta|ist|lautet|lautete|war|es|era|est|était|sera)(?-u:\b)|è|é|e'|n°|nº|n\.º|no\.|nr\.|n\.|núm\.|#)";

/// `context` (an alternation, case-insensitive), up to two filler words, then `value`
/// (one capture group: the reported span).
fn framed(context: &str, value: &str) -> String {
    format!(r"(?i:(?-u:\b)(?:{context})(?:{GAP}{FILLER}){{0,2}}{GAP}){value}")
}

/// A US SSN or ITIN as typed: dashes, blanks, dots or nothing between the groups.
const SSN_VALUE: &str =
    r"([0-9]{3}-[0-9]{2}-[0-9]{4}|[0-9]{3} [0-9]{2} [0-9]{4}|[0-9]{3}\.[0-9]{2}\.[0-9]{4}|[0-9]{9})";
/// Words that announce a date of birth, in the five languages.
const DOB_CONTEXT: &str = r"dob|d\.o\.b\.?|date of birth|birth ?date|born(?: on)?|geburtsdatum|geb\.|geboren(?: am)?|data di nascita|nat[oa] il|date de naissance|n[ée]e? le|fecha de nacimiento|fecha de nac\.?|f\. ?nac\.?|nacid[oa] el";

/// Month names and their abbreviations in the five languages (longest first).
const MONTHS: &str = r"january|february|march|april|june|july|august|september|october|november|december|gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|dicembre|januar|jänner|februar|märz|maerz|juni|juli|oktober|dezember|enero|febrero|abril|mayo|junio|julio|septiembre|setiembre|octubre|noviembre|diciembre|janvier|février|fevrier|mars|avril|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre|janv|févr|fevr|sept|juil|may|mai|jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec|gen|mag|giu|lug|ago|set|ott|dic|mär|okt|dez|ene|abr|avr|déc|fév";
/// Letters of a DNI/NIE check.
const DNI_LETTERS: &str = "TRWAGMYFPDXBNJZSQVHLCKE";

fn rules() -> Vec<PatternRule> {
    let p = |rule, label: &str, confidence, check, pattern: String| PatternRule {
        rule,
        label: Arc::from(label),
        confidence,
        check,
        pattern,
        low: false,
    };
    let id = |label: &str, confidence, check, pattern: String| p(Rule::Identifier, label, confidence, check, pattern);
    let nat = |n| Check::National(n, false);
    let framed_nat = |n| Check::National(n, true);
    let date = format!(
        r"((?i:[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}(?:[T ][0-9]{{2}}:[0-9]{{2}}(?::[0-9]{{2}}(?:\.[0-9]{{1,6}})?)?(?:Z|[+-][0-9]{{2}}:?[0-9]{{2}})?)?|[0-9]{{4}}/[0-9]{{2}}/[0-9]{{2}}|[0-9]{{1,2}}[-/.][0-9]{{1,2}}[-/.](?:[0-9]{{4}}|[0-9]{{2}})|[0-9]{{1,2}}[- ](?:{MONTHS})\.?[- ](?:[0-9]{{4}}|[0-9]{{2}})|[0-9]{{1,2}}(?:st|nd|rd|th|er|º|°|\.)? (?:de )?(?:{MONTHS})\.?,? (?:de )?[0-9]{{4}}|(?:{MONTHS})\.? [0-9]{{1,2}}(?:st|nd|rd|th)?,? [0-9]{{4}}))"
    );
    let nir_value = r"([1-478] ?[0-9]{2} ?[0-9]{2} ?(?:[0-9]{2}|2[ABab]) ?[0-9]{3} ?[0-9]{3} ?[0-9]{2})";
    vec![
        p(Rule::ResultValue, "value with a lab unit", 0.95, Check::None, format!(r"(?i){NUMBER}[ ]?(?:{RESULT_UNITS})")),
        p(Rule::Dosage, "dose", 0.9, Check::None, format!(r"(?i){NUMBER}[ ]?(?:{DOSE_UNITS})")),
        // Identifiers after a context word come first: they start before any bare shape
        // inside them.
        id(
            SSN_LABEL,
            0.95,
            Check::Ssn,
            framed(r"ssn|ss#|social security(?: number| no\.?| #| num)?|soc\.? ?sec\.?(?: number| no\.?| #)?", SSN_VALUE),
        ),
        id(
            ITIN_LABEL,
            0.95,
            Check::Itin,
            framed(r"itin|individual taxpayer identification number|taxpayer identification number|taxpayer id", SSN_VALUE),
        ),
        id(
            MBI_LABEL,
            0.9,
            Check::Framed,
            framed(
                r"mbi|medicare beneficiary identifier|medicare beneficiary id|medicare (?:id|number|no\.?|#)|medicare card(?: number| no\.?)?",
                r"((?i-u:[1-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9][0-9][- ]?[AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9][0-9][- ]?[AC-HJKMNP-RT-Y]{2}[0-9]{2}))",
            ),
        ),
        id(
            "NHS number",
            0.9,
            framed_nat(National::Nhs),
            framed(r"nhs(?: number| no\.?| #| num)?", r"([0-9]{3}[ -]?[0-9]{3}[ -]?[0-9]{4})"),
        ),
        id(
            "Krankenversichertennummer",
            0.9,
            framed_nat(National::Kvnr),
            framed(
                r"kvnr|kv-nummer|krankenversichertennummer|krankenversicherungsnummer|versichertennummer|versicherten-nr\.?|versicherten-nummer|versicherten nr\.?|egk(?:-nummer)?|health insurance number",
                r"([A-Za-z] ?[0-9]{9})",
            ),
        ),
        id(
            "tessera sanitaria number",
            0.9,
            framed_nat(National::TesseraSanitaria),
            framed(
                r"tessera sanitaria|tessera team|tessera europea(?: di assicurazione malattia)?|tesserino sanitario|numero di identificazione della tessera",
                r"([0-9]{20}|[0-9]{5}(?: [0-9]{5}){3})",
            ),
        ),
        id(
            "codice fiscale",
            0.95,
            framed_nat(National::CodiceFiscale),
            framed(
                r"codice fiscale|cod\.? ?fisc\.?|c\.f\.|cf",
                r"([A-Za-z]{6}[0-9][0-9LMNPQRSTUVlmnpqrstuv][ABCDEHLMPRSTabcdehlmprst][0-9LMNPQRSTUVlmnpqrstuv]{2}[A-Za-z][0-9LMNPQRSTUVlmnpqrstuv]{3}[A-Za-z])",
            ),
        ),
        id(
            "DNI/NIE",
            0.9,
            framed_nat(National::DniNie),
            framed(
                r"dni|nie|nif|d\.n\.i\.|documento nacional de identidad|documento de identidad|n[uú]mero de identidad de extranjero|n[uú]mero de identificaci[oó]n fiscal",
                r"([0-9]{8}[- ]?[A-Za-z]|[XYZxyz][- ]?[0-9]{7}[- ]?[A-Za-z])",
            ),
        ),
        id(
            "Spanish social security number (NUSS)",
            0.9,
            framed_nat(National::Nuss),
            framed(
                r"nuss|naf|n[uú]mero de afiliaci[oó]n(?: a la seguridad social)?|n[uú]mero de (?:la )?seguridad social|seguridad social",
                r"([0-9]{2}[ /-]?[0-9]{8}[ /-]?[0-9]{2})",
            ),
        ),
        id(
            "French social security number (NIR)",
            0.95,
            framed_nat(National::Nir),
            framed(
                r"num[ée]ro de s[ée]curit[ée] sociale|n° de s[ée]curit[ée] sociale|s[ée]curit[ée] sociale|nir|num[ée]ro d['’]inscription au r[ée]pertoire|num[ée]ro insee|num[ée]ro de carte vitale|carte vitale|num[ée]ro d['’]assur[ée](?: social)?",
                nir_value,
            ),
        ),
        id(
            "insurance member ID",
            0.9,
            Check::Framed,
            framed(
                r"(?:member|policy|subscriber|insurance|medicaid|medicare|group|beneficiary|tessera sanitaria|versicherten|afiliado|adh[ée]rent|assur[ée])[ -]?(?:id|#|no\.?|nr\.?|number|num|nummer|numero|n[uú]mero|num[ée]ro)|tarjeta sanitaria|tarjeta individual sanitaria|cip|c[oó]digo de identificaci[oó]n personal|n[uú]mero de afiliado|num[ée]ro d['’]adh[ée]rent|mitgliedsnummer",
                ID,
            ),
        ),
        id(
            "medical record number",
            0.9,
            Check::Framed,
            framed(
                r"mrn|medical record(?: number| no\.?| #)?|patient (?:id|number|no\.?|#)|chart (?:number|no\.?|#)|health record (?:number|no\.?)|patienten-?(?:id|nummer)|fallnummer|cartella clinica(?: n\.?)?|numero (?:di )?cartella(?: clinica)?|dossier m[ée]dical|num[ée]ro de dossier|n° de dossier|ipp|historia cl[ií]nica|n[uú]mero de historia(?: cl[ií]nica)?|nhc",
                ID,
            ),
        ),
        id(
            "date of birth",
            0.9,
            Check::Date,
            framed(
                DOB_CONTEXT,
                &date,
            ),
        ),
        // After the whole dates, so that a whole date is never reported as a partial one.
        PatternRule {
            low: true,
            ..id(
                "month and year of birth",
                0.8,
                Check::MonthYear,
                framed(
                    DOB_CONTEXT,
                    &format!(r"((?i:(?:{MONTHS})\.? (?:de |del )?[0-9]{{4}}|[0-9]{{1,2}}[/.-][0-9]{{4}}|[0-9]{{4}}-[0-9]{{2}}))"),
                ),
            )
        },
        // Bare shapes: only where the shape is unambiguous and the value checks out.
        id(SSN_LABEL, 0.9, Check::Ssn, r"(?-u:\b)[0-8][0-9]{2}-[0-9]{2}-[0-9]{4}(?-u:\b)".into()),
        id(ITIN_LABEL, 0.9, Check::Itin, r"(?-u:\b)9[0-9]{2}-[0-9]{2}-[0-9]{4}(?-u:\b)".into()),
        id(
            MBI_LABEL,
            0.9,
            Check::None,
            r"(?-u:\b)[1-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9][0-9]-?[AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9][0-9]-?[AC-HJKMNP-RT-Y]{2}[0-9]{2}(?-u:\b)".into(),
        ),
        id(
            "codice fiscale",
            0.95,
            nat(National::CodiceFiscale),
            r"(?-u:\b)[A-Za-z]{6}[0-9][0-9LMNPQRSTUVlmnpqrstuv][ABCDEHLMPRSTabcdehlmprst][0-9LMNPQRSTUVlmnpqrstuv]{2}[A-Za-z][0-9LMNPQRSTUVlmnpqrstuv]{3}[A-Za-z](?-u:\b)".into(),
        ),
        id("tessera sanitaria number", 0.9, nat(National::TesseraSanitaria), r"(?-u:\b)80380[0-9]{15}(?-u:\b)".into()),
        id(
            "DNI/NIE",
            0.9,
            nat(National::DniNie),
            format!(r"(?-u:\b)(?:[0-9]{{8}}|[XYZ]-?[0-9]{{7}})-?[{DNI_LETTERS}](?-u:\b)"),
        ),
        // Written whole or in its printed groups ("1 85 05 78 006 084 91"), not with blanks
        // anywhere: a 15-digit run split at random is more likely two numbers. Alone only
        // with a sex digit of 1 or 2 (7 and 8, temporary numbers, need context), which
        // leaves out most device numbers (IMEIs start 35 or 86).
        id(
            "French social security number (NIR)",
            0.9,
            nat(National::Nir),
            r"(?-u:\b)([12][0-9]{2}(?:0[1-9]|1[0-2]|[2-9][0-9])(?:[0-9]{2}|2[ABab])[0-9]{8}|[12] [0-9]{2} (?:0[1-9]|1[0-2]|[2-9][0-9]) (?:[0-9]{2}|2[ABab]) [0-9]{3} [0-9]{3} [0-9]{2})(?-u:\b)".into(),
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
            r"(?i:(?-u:\b)(?:balance|amount due|amount owed|past due|overdue|outstanding|you owe|owe|owing|copay|co-pay|deductible|coinsurance|payment of|amount of|saldo|importo dovuto|importo di|da pagare|offener betrag|betrag von|zuzahlung|solde|montant d[uû]|montant de|facture de|reste [àa] charge|adeudo|importe pendiente|importe de|pago de|(?:amount|payment|fees?|charges?|costs?|refund(?:ed)?|paid|importo|costo|tariffa|pagat[oa]|betrag|kosten|geb[üu]hr(?:en)?|wert von|bezahlt|importe|coste|tarifa|pagad[oa]|valor|montant|co[uû]t|tarif|pay[ée]e?|frais)(?-u:\b))[^0-9$€£₱\n\x01]{0,24})(?:(?:[$€£₱]|rs\.?)[ ]?[0-9][0-9,.]*[0-9]|[$€£₱][ ]?[0-9]|[0-9][0-9,.]*[ ]?(?:€|(?:eur|usd|dollars|euros?|egp|chf|gbp)(?-u:\b))|(?:[$€£₱]|rs\.?)?[ ]?\x01+)".into(),
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
    /// See [`PatternRule::low`].
    pub low: bool,
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
            if let Some(penalty) = self.accepts(rule.check, text, &span) {
                let confidence = rule.confidence - penalty;
                emit(PatternMatch { rule: rule.rule, span, label: rule.label.clone(), confidence, low: rule.low });
                at = whole.end().max(whole.start() + 1);
            } else {
                at = whole.start() + 1;
            }
            while !text.is_char_boundary(at) {
                at += 1;
            }
        }
    }

    /// Whether a match passes its check: `None` when it does not, else how much its
    /// confidence drops (a framed identifier whose check fails).
    fn accepts(&self, check: Check, text: &str, span: &Range<usize>) -> Option<f32> {
        let s = &text[span.clone()];
        // The match must end at the end of a word ("500mgx" is not a dose).
        if text[span.end..].chars().next().is_some_and(char::is_alphanumeric) {
            return None;
        }
        let ok = match check {
            Check::None => true,
            Check::Digit => s.bytes().any(|b| b.is_ascii_digit()),
            Check::Ssn => ssn_issuable(&digits(s)),
            Check::Itin => itin(&digits(s)),
            Check::Framed => plausible_id(s),
            Check::Date => date(s),
            Check::MonthYear => month_year(s),
            Check::National(kind, framed) => {
                let value: Vec<u8> =
                    s.bytes().filter(u8::is_ascii_alphanumeric).map(|b| b.to_ascii_uppercase()).collect();
                return match national(kind, &value) {
                    Some(true) => Some(0.0),
                    Some(false) if framed && !one_digit_repeated(&value) => Some(FAILED_CHECK_PENALTY),
                    _ => None,
                };
            }
            Check::Icd10 => match &self.icd10 {
                None => true,
                Some(codes) => {
                    pack_code(s.bytes().filter(|&b| b != b'.')).is_some_and(|c| codes.binary_search(&c).is_ok())
                }
            },
        };
        ok.then_some(0.0)
    }
}

/// The ASCII digits of `s`, as numbers.
fn digits(s: &str) -> Vec<u8> {
    s.bytes().filter(u8::is_ascii_digit).map(|b| b - b'0').collect()
}

/// ASCII digits read as a decimal number (at most 19 of them).
fn number(ascii: &[u8]) -> u64 {
    ascii.iter().fold(0, |n, &c| n * 10 + u64::from(c - b'0'))
}

/// Every digit of `value` is the same one (`00000000`, `1111111111`): a placeholder, not
/// an identifier.
fn one_digit_repeated(value: &[u8]) -> bool {
    let mut d = value.iter().filter(|b| b.is_ascii_digit());
    d.next().is_some_and(|&first| d.all(|&b| b == first))
}

/// A US SSN the SSA could issue: no 000, 666 or 9xx area, no 00 group, no 0000 serial.
fn ssn_issuable(d: &[u8]) -> bool {
    d.len() == 9 && d[..3] != [0, 0, 0] && d[..3] != [6, 6, 6] && d[0] != 9 && d[3..5] != [0, 0] && d[5..] != [0; 4]
}

/// A US ITIN: a 9xx area and a group of 50–65, 70–88, 90–92 or 94–99.
fn itin(d: &[u8]) -> bool {
    d.len() == 9 && d[0] == 9 && matches!(d[3] * 10 + d[4], 50..=65 | 70..=88 | 90..=92 | 94..=99)
}

/// A member ID or record number after its context word: at least four digits, not a
/// placeholder (one digit repeated), not masked ("XXXX-1234": two X in a row), and not a
/// date ("bring your member ID on 2026-03-14") or a phone number with its country code
/// ("the Medicare number is 1-800-633-4227").
fn plausible_id(s: &str) -> bool {
    let value = s.as_bytes();
    let shape: Vec<u8> = value.iter().map(|&b| if b.is_ascii_digit() { b'9' } else { b }).collect();
    value.iter().filter(|b| b.is_ascii_digit()).count() >= 4
        && !one_digit_repeated(value)
        && !value.windows(2).any(|w| w.eq_ignore_ascii_case(b"xx"))
        && !matches!(shape.as_slice(), b"9999-99-99" | b"99-99-9999" | b"9-999-999-9999")
}

/// A date that can exist: numbers for day, month (or a month name) and year, the day
/// 1–31 and the month 1–12; day and month may come in either order.
/// `03/1980`, `1980-03`, `March 1980`: a month that exists (names are checked by the
/// pattern) and a plausible year of birth.
fn month_year(s: &str) -> bool {
    let groups: Vec<u32> = s
        .split(|c: char| !c.is_ascii_digit())
        .filter(|g| !g.is_empty())
        .map(|g| g.bytes().fold(0u32, |n, b| n.saturating_mul(10).saturating_add(u32::from(b - b'0'))))
        .collect();
    let year = |y: u32| (1900..2100).contains(&y);
    match groups.as_slice() {
        [y] => year(*y),
        [a, b] if *a >= 1900 => year(*a) && (1..=12).contains(b),
        [m, y] => (1..=12).contains(m) && year(*y),
        _ => false,
    }
}

fn date(s: &str) -> bool {
    let groups: Vec<u32> = s
        .split(|c: char| !c.is_ascii_digit())
        .filter(|g| !g.is_empty())
        .map(|g| g.bytes().fold(0, |n, b| n * 10 + u32::from(b - b'0')))
        .collect();
    let day = |d: u32| (1..=31).contains(&d);
    let month = |m: u32| (1..=12).contains(&m);
    let year_first = s.bytes().take_while(u8::is_ascii_digit).count() == 4;
    match groups.as_slice() {
        // 1980-03-14, 1980/03/14 (and a time after it).
        [_, m, d, ..] if year_first => month(*m) && day(*d),
        // 14/03/1980 or 03/14/1980.
        [a, b, _] => (day(*a) && month(*b)) || (month(*a) && day(*b)),
        // 14 March 1980, March 14, 1980, 14-MAR-1980.
        [d, _] => day(*d),
        _ => false,
    }
}

/// Whether the check characters of `value` (upper-case ASCII letters and digits, no
/// separators) hold; `None` when the value has the wrong length for its kind.
fn national(kind: National, value: &[u8]) -> Option<bool> {
    match kind {
        National::CodiceFiscale => codice_fiscale(value),
        National::TesseraSanitaria => (value.len() == 20).then(|| luhn(value)),
        National::Kvnr => kvnr(value),
        National::DniNie => dni_nie(value),
        National::Nuss => nuss(value),
        National::Nir => nir(value),
        National::Nhs => nhs(value),
    }
}

/// Italian codice fiscale: the 16th character is the sum of the first 15, each mapped
/// by its position's table (odd positions, 1-based, use a fixed permutation; even
/// positions the character's value 0–25 / 0–9), mod 26, as a letter.
fn codice_fiscale(value: &[u8]) -> Option<bool> {
    // Values of A–Z (and 0–9, which take the values of A–J) at odd positions.
    const ODD: [u32; 26] =
        [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];
    if value.len() != 16 || !value.iter().all(u8::is_ascii_alphanumeric) {
        return None;
    }
    let index = |c: u8| u32::from(if c.is_ascii_digit() { c - b'0' } else { c - b'A' });
    let sum: u32 =
        value[..15].iter().enumerate().map(|(i, &c)| if i % 2 == 0 { ODD[index(c) as usize] } else { index(c) }).sum();
    Some(u32::from(value[15] - b'A') == sum % 26)
}

/// The Luhn check (ISO/IEC 7812): from the right, every second digit doubled (its
/// digits added), the total a multiple of 10.
fn luhn(value: &[u8]) -> bool {
    let mut sum = 0;
    for (i, &c) in value.iter().rev().enumerate() {
        if !c.is_ascii_digit() {
            return false;
        }
        let mut d = u32::from(c - b'0');
        if i % 2 == 1 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    sum % 10 == 0
}

/// German KVNR: a letter (A = 01 … Z = 26) and 8 digits, the ten digits weighted 1, 2,
/// 1, 2, … with the digits of each product added; the sum mod 10 is the 10th digit.
fn kvnr(value: &[u8]) -> Option<bool> {
    if value.len() != 10 || !value[0].is_ascii_uppercase() || !value[1..].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let letter = u32::from(value[0] - b'A' + 1);
    let mut ten = vec![letter / 10, letter % 10];
    ten.extend(value[1..9].iter().map(|&c| u32::from(c - b'0')));
    let sum: u32 = ten
        .iter()
        .enumerate()
        .map(|(i, &d)| {
            let p = d * if i % 2 == 0 { 1 } else { 2 };
            p / 10 + p % 10
        })
        .sum();
    Some(sum % 10 == u32::from(value[9] - b'0'))
}

/// Spanish DNI (8 digits) or NIE (X, Y, Z for 0, 1, 2, then 7 digits): the letter is
/// `TRWAGMYFPDXBNJZSQVHLCKE` at the number mod 23.
fn dni_nie(value: &[u8]) -> Option<bool> {
    let (&letter, body) = value.split_last()?;
    let lead = match body.first()? {
        b'X' => Some(0u64),
        b'Y' => Some(1),
        b'Z' => Some(2),
        _ => None,
    };
    let numeric = if lead.is_some() { &body[1..] } else { body };
    if body.len() != 8 || !numeric.iter().all(u8::is_ascii_digit) || !letter.is_ascii_uppercase() {
        return None;
    }
    let n = lead.unwrap_or(0) * 10_000_000 + number(numeric);
    Some(DNI_LETTERS.as_bytes()[(n % 23) as usize] == letter)
}

/// Spanish NUSS: a 2-digit province, an 8-digit number and a 2-digit key, the remainder
/// mod 97 of the province and number read together (a number under 10 000 000 joined to
/// the province without its leading zero).
fn nuss(value: &[u8]) -> Option<bool> {
    if value.len() != 12 || !value.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let (province, serial, key) = (number(&value[..2]), number(&value[2..10]), number(&value[10..]));
    let n = if serial < 10_000_000 { province * 10_000_000 + serial } else { province * 100_000_000 + serial };
    Some(n % 97 == key)
}

/// French NIR: 13 characters and a 2-digit key, 97 − (n mod 97); a Corsican department
/// 2A or 2B counts as 19 or 18.
fn nir(value: &[u8]) -> Option<bool> {
    if value.len() != 15 {
        return None;
    }
    let mut body = value[..13].to_vec();
    let corsica = match &body[5..7] {
        b"2A" => Some(b"19"),
        b"2B" => Some(b"18"),
        _ => None,
    };
    if let Some(code) = corsica {
        body[5..7].copy_from_slice(code);
    }
    if !body.iter().chain(&value[13..]).all(u8::is_ascii_digit) {
        return None;
    }
    let (n, key) = (number(&body), number(&value[13..]));
    Some(97 - n % 97 == key)
}

/// UK NHS number: the first nine digits weighted 10 down to 2; 11 minus the sum mod 11
/// is the tenth digit (11 counts as 0). A result of 10 is never issued: no check digit
/// fits it, so the number is invalid whatever the context (`None`).
fn nhs(value: &[u8]) -> Option<bool> {
    if value.len() != 10 || !value.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let sum: u32 = value[..9].iter().zip((2..=10).rev()).map(|(&c, w)| u32::from(c - b'0') * w).sum();
    match 11 - sum % 11 {
        10 => None,
        11 => Some(value[9] == b'0'),
        check => Some(u32::from(value[9] - b'0') == check),
    }
}

/// How far a match reaches from its digits, in bytes, with a wide margin: the longest
/// lead-ins are an identifier's context phrase ("número de afiliación a la seguridad
/// social", 42 characters), two filler words with their gaps (under 40) and a month
/// name before the day, or an amount owed ("importe pendiente" and up to 24 characters
/// before the currency sign); under 200 characters, and under 384 bytes even when case
/// folding turns letters into 3-byte characters such as the Kelvin sign. After the last
/// digit come at most an identifier's 24 characters or a unit.
const MAX_LEAD: usize = 384;

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
                "Your DOB is ",
                "14-MAR-1980 ",
                "1980-03-14T00:00:00 ",
                "NHS number ",
                "943 476 5919 ",
                "codice fiscale è ",
                "RSSMRA85T10A562S ",
                "Versichertennummer lautet ",
                "A123456780 ",
                "su número de afiliación es ",
                "28 12345678 40 ",
                "12345678Z ",
                "1 85 05 78 006 084 91 ",
                "on file ",
                "is ",
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

    fn labelled(text: &str) -> Vec<(String, &str)> {
        let p = Patterns::new(None).unwrap();
        let mut caps = p.create_captures();
        let mut out = Vec::new();
        p.find(text, &mut caps, |m| out.push((m.label.to_string(), &text[m.span])));
        out
    }

    #[test]
    fn context_reaches_over_a_few_words() {
        for (text, value) in [
            ("Your DOB is 03/14/1980.", "03/14/1980"),
            ("my social security number is 078051121", "078051121"),
            ("Your member ID is 12345678.", "12345678"),
            ("Your MRN is 00482913.", "00482913"),
            ("Your Medicare number is 2123456701.", "2123456701"),
            ("We have your SSN on file: 078-05-1121.", "078-05-1121"),
            ("SSN\n078.05.1121", "078.05.1121"),
            ("Member ID 1234 567 893", "1234 567 893"),
            ("MRN 221 395 1837", "221 395 1837"),
            ("mbi 1eg4-te5-mk73", "1eg4-te5-mk73"),
            ("il suo codice fiscale è RSSMRA85T10A562S", "RSSMRA85T10A562S"),
            ("Ihre Versichertennummer lautet A123456780.", "A123456780"),
            ("su número de afiliación es 28 12345678 40", "28 12345678 40"),
            ("votre numéro de sécurité sociale est 1 85 05 78 006 084 91", "1 85 05 78 006 084 91"),
            ("Your NHS number is 943 476 5919", "943 476 5919"),
        ] {
            let got = labelled(text);
            assert_eq!(got.iter().map(|(_, v)| *v).collect::<Vec<_>>(), [value], "{text}: {got:?}");
        }
    }

    #[test]
    fn dates_of_birth_as_systems_print_them() {
        for (text, value) in [
            ("DOB 5-May-2021", "5-May-2021"),
            ("DOB: 14-MAR-1980", "14-MAR-1980"),
            ("date of birth 1980-03-14", "1980-03-14"),
            ("DOB 1980-03-14T00:00:00 on file", "1980-03-14T00:00:00"),
            ("Geburtsdatum: 4.3.1980", "4.3.1980"),
            ("geboren am 14. März 1980", "14. März 1980"),
            ("data di nascita 14 marzo 1980", "14 marzo 1980"),
            ("fecha de nacimiento: 14 de marzo de 1980", "14 de marzo de 1980"),
            ("née le 1er mars 1980", "1er mars 1980"),
            ("born on March 14th, 1980", "March 14th, 1980"),
        ] {
            let got = labelled(text);
            assert_eq!(got, [("date of birth".to_string(), value)], "{text}");
        }
        // Not a date that can exist; a date without a birth context.
        assert!(labelled("DOB 31/31/1980").is_empty());
        assert!(labelled("your appointment on 14-MAR-2026 at 10:30").is_empty());
    }

    #[test]
    fn bare_national_identifiers_need_their_check() {
        for (text, label) in [
            ("RSSMRA85T10A562S", "codice fiscale"),
            ("80380000012345678902", "tessera sanitaria number"),
            ("12345678Z", "DNI/NIE"),
            ("X1234567L", "DNI/NIE"),
            ("185057800608491", "French social security number (NIR)"),
            ("1 85 05 78 006 084 91", "French social security number (NIR)"),
            ("185022A00412308", "French social security number (NIR)"),
            ("912-70-1234", ITIN_LABEL),
        ] {
            assert_eq!(labelled(text), [(label.to_string(), text)], "{text}");
        }
        for wrong in [
            "RSSMRA85T10A562T",
            "80380000012345678901",
            "12345678A",
            "X1234567M",
            "185057800608492",
            "185022A00412309",
            "1100499 53433788",
            "912-40-1234",
            // Ambiguous shapes are never flagged alone, whatever their check.
            "A123456780",
            "9434765919",
            "281234567840",
        ] {
            assert!(labelled(wrong).is_empty(), "{wrong}");
        }
    }

    #[test]
    fn a_failing_check_after_context_lowers_the_confidence() {
        let p = Patterns::new(None).unwrap();
        let mut caps = p.create_captures();
        let mut confidence = |text: &str| {
            let mut out = Vec::new();
            p.find(text, &mut caps, |m| out.push(m.confidence));
            out
        };
        assert_eq!(confidence("NHS number 943 476 5919"), [0.9]);
        assert_eq!(confidence("NHS number 943 476 5918"), [0.9 - FAILED_CHECK_PENALTY]);
        assert_eq!(confidence("KVNR A123456781"), [0.9 - FAILED_CHECK_PENALTY]);
        // Invalid by construction: no check digit fits, one digit repeated, an SSN area
        // the SSA never issues.
        assert!(confidence("NHS number 123 456 7890").is_empty());
        assert!(confidence("KVNR A000000000").is_empty());
        assert!(confidence("SSN: 000-00-0000").is_empty());
        assert!(confidence("SSN: 666-12-3456").is_empty());
        assert!(confidence("MRN 00000000").is_empty());
    }

    #[test]
    fn masked_partial_and_lookalike_values_are_not_identifiers() {
        for text in [
            "member ID ending in 1234",
            "SSN ***-**-6789",
            "XXX-XX-1234",
            "SSN XXX-XX-1234",
            "Member ID XXXX-1234",
            "last four digits of your SSN: 6789",
            "Please bring your member ID on 2026-03-14.",
            "The Medicare number is 1-800-633-4227.",
        ] {
            assert!(labelled(text).is_empty(), "{text}: {:?}", labelled(text));
        }
    }

    #[test]
    fn checksums() {
        assert_eq!(codice_fiscale(b"BNCGPP70A41H501G"), Some(true));
        assert_eq!(codice_fiscale(b"BNCGPP70A41H501"), None);
        assert!(luhn(b"79927398713") && !luhn(b"79927398710"));
        assert_eq!(kvnr(b"T440251652"), Some(true));
        assert_eq!(kvnr(b"1234567890"), None);
        assert_eq!(dni_nie(b"Y7654321G"), Some(true));
        assert_eq!(dni_nie(b"48213579J"), Some(true));
        assert_eq!(dni_nie(b"4821357J"), None);
        assert_eq!(nuss(b"281234567840"), Some(true));
        assert_eq!(nuss(b"080123456774"), Some(true));
        assert_eq!(nuss(b"080123456775"), Some(false));
        assert_eq!(nir(b"269029934173285"), Some(true));
        assert_eq!(nir(b"2690299341732"), None);
        assert_eq!(nhs(b"4010232137"), Some(true));
        assert_eq!(nhs(b"4010232138"), Some(false));
        assert_eq!(nhs(b"1234567890"), None);
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
        // An amount for care after the word that says what it is, also as a placeholder.
        assert_eq!(found("Amount: ₱1,500.00"), [(Rule::Billing, "Amount: ₱1,500.00")]);
        assert_eq!(found("Il costo della seduta è di 60 €."), [(Rule::Billing, "costo della seduta è di 60 €")]);
        assert!(found("Your feedback matters: 5 stars").is_empty());
        assert!(found("Free parking for 2 hours").is_empty());
    }
}
