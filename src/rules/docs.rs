//! What every rule does, why, an example and what to write instead. This text feeds
//! `phi-guard explain`, SARIF `rules[]` and the README's rule table.

use crate::finding::Rule;

/// The documentation of one rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RuleDoc {
    /// The stable rule id.
    pub id: &'static str,
    /// One line: why a finding matters.
    pub summary: &'static str,
    /// What the rule detects.
    pub what: &'static str,
    /// Why it matters.
    pub why: &'static str,
    /// A message that triggers it.
    pub example: &'static str,
    /// A compliant version of the example.
    pub use_instead: &'static str,
}

const CHANNEL: &str = "the recipient is identified by the channel (their phone number or address), so any specific health fact in the text becomes protected health information";

static DOCS: [RuleDoc; Rule::ALL.len()] = [
    RuleDoc {
        id: "phi/condition",
        summary: "names a medical condition of the recipient",
        what: "Diseases, diagnoses, symptoms that reveal one, lay terms (\"sugar\", \"high blood pressure\") and clinical abbreviations, in English, Italian, German, Spanish and French.",
        why: CHANNEL,
        example: "Reminder: Your diabetes checkup is tomorrow at 2 PM",
        use_instead: "Reminder: You have an appointment tomorrow at 2 PM",
    },
    RuleDoc {
        id: "phi/medication",
        summary: "names a medication, which reveals a condition",
        what: "Drugs by generic (INN) or brand name, including local brands (Tachipirina, Doliprane) and drug classes.",
        why: "a drug name reveals the condition it treats; the recipient is identified by the channel",
        example: "Your metformin 500mg prescription is ready",
        use_instead: "Your prescription is ready for pickup",
    },
    RuleDoc {
        id: "phi/dosage",
        summary: "states a dose, which reveals a treatment",
        what: "Doses and quantities of a drug: `500mg`, `0.5 ml`, `2 tablets`, `10 gocce`.",
        why: "a dose describes a treatment plan; together with the channel it identifies the patient's therapy",
        example: "take 500mg metformin twice daily",
        use_instead: "Reminder: Take your evening medication as prescribed.",
    },
    RuleDoc {
        id: "phi/procedure",
        summary: "names a test, imaging study or procedure",
        what: "Lab tests, imaging, procedures, therapies and care devices: ECG, MRI, colonoscopy, dialysis, chemotherapy, insulin pump.",
        why: "even a routine test reveals what is being examined or treated",
        example: "Dr. Smith wants to discuss your MRI results via video",
        use_instead: "Click here to join your telehealth session",
    },
    RuleDoc {
        id: "phi/result-value",
        summary: "states a result value",
        what: "Measured values: a number with a lab unit (`220 mg/dL`, `150/95 mmHg`) or a test name followed by a number (`A1C of 7.4`, `HbA1c 7%`).",
        why: "a result is clinical information; even a normal result reveals that a test was done",
        example: "Your cholesterol is 220 mg/dL",
        use_instead: "Lab results available -- log in to portal to view",
    },
    RuleDoc {
        id: "phi/specialty",
        summary: "names a specialty, department or facility that reveals care",
        what: "Specialties, departments, specialists and facility types whose name reveals the kind of care: cardiology, oncologist, Fertility Center, dialysis unit.",
        why: "\"your oncology visit\" tells whoever sees the phone that the recipient sees an oncologist",
        example: "We confirm your visit to the Fertility Center",
        use_instead: "We confirm your visit to the clinic",
    },
    RuleDoc {
        id: "phi/behavioral-health",
        summary: "reveals mental health or substance-use care (highest protection)",
        what: "Mental-health diagnoses, psychiatric and psychological care, substance use and its treatment (methadone programmes, detox, recovery groups).",
        why: "mental health and substance-use records carry extra legal protection (42 CFR Part 2) and the highest risk of harm",
        example: "Please complete your psychiatric evaluation form",
        use_instead: "Please complete your intake form before your visit",
    },
    RuleDoc {
        id: "phi/icd10-code",
        summary: "contains a diagnosis code",
        what: "ICD-10 and ICD-10-CM codes: dotted codes by shape (`E11.9`), undotted ones (`E119`) after a word such as ICD, diagnosis or dx; checked against the list of valid codes.",
        why: "a diagnosis code is a diagnosis",
        example: "Diagnosis code E11.9 has been added to your chart",
        use_instead: "Your chart has been updated. View details in the portal.",
    },
    RuleDoc {
        id: "phi/billing",
        summary: "reveals billing or claim information",
        what: "Amounts owed, claim numbers, explanation of benefits, collections and similar billing details.",
        why: "payment for health care is protected health information",
        example: "Your balance of $1,245.60 for claim #CLM-88213 is past due.",
        use_instead: "You have a new billing statement. Please log in to view it.",
    },
    RuleDoc {
        id: "phi/identifier",
        summary: "contains a personal identifier",
        what: "Personal identifiers, one rule with the kind as its label. \
Flagged alone when the shape is unambiguous and the check holds: US SSN (dashed; no 000/666/9xx area, 00 group or 0000 serial), US ITIN (9xx area, group 50-65, 70-88, 90-92, 94-99), Medicare MBI (upper case), Italian codice fiscale (check letter), Italian tessera sanitaria card number (20 digits from 80380, Luhn), Spanish DNI/NIE (letter = number mod 23; NIE X/Y/Z), French NIR (13 digits and key 97 - n mod 97; Corsica 2A/2B; whole or in its printed groups, sex digit 1 or 2). \
Only after a context word: German KVNR (letter and 9 digits, weighted check digit), UK NHS number (mod 11), Spanish NUSS (mod 97), insurance member and policy IDs, medical record numbers, lower-case MBIs, dates of birth. \
The context may stand a few words before the value (\"your DOB is\", \"SSN on file:\", \"il suo codice fiscale è\", \"Ihre Versichertennummer lautet\", \"su número de afiliación es\", \"votre numéro de sécurité sociale est\", a line break); values are kept whole as typed: dashed, spaced or dotted groups, any case. \
Dates of birth: 03/14/1980, 4.3.1980, 1980-03-14 (with a time too), 14-MAR-1980, month names in the five languages; a month and year after a birth-date context (03/1980, March 1980) is a warning. \
After a context word a value whose check fails is still reported, at a lower confidence (a mistyped identifier still identifies), unless it is invalid by construction: an SSN the SSA never issues (000/666/9xx area, 00 group, 0000 serial), an NHS number no check digit fits, one digit repeated (000000000), an impossible date. \
Masked and partial values (\"ending in 1234\", ***-**-6789, XXX-XX-1234) are not identifiers.",
        why: "full identifiers must never travel on an insecure channel, least of all next to clinical information",
        example: "We have your SSN 536-22-8471 on file.",
        use_instead: "We have your information on file.",
    },
    RuleDoc {
        id: "template/clinical-placeholder",
        summary: "a template placeholder will be filled with clinical data",
        what: "Placeholders whose name is clinical: `{{diagnosis}}`, `{{medication_name}}`, `{{lab_value}}`, `{{ssn}}`. Names are split on `_`, `-` and camelCase and checked against the lexicons.",
        why: "the template looks clean, but every message sent from it carries the filled-in value",
        example: "Your {{medication_name}} is ready for pickup",
        use_instead: "Your prescription is ready for pickup",
    },
    RuleDoc {
        id: "marketing/opt-out-missing",
        summary: "a marketing message has no opt-out",
        what: "Under the marketing policy, a message without an opt-out instruction (\"Reply STOP\", \"unsubscribe\", \"abmelden\", \"disiscriviti\").",
        why: "every marketing message needs a simple way to opt out",
        example: "Spring wellness days at our clinic: book now!",
        use_instead: "Spring wellness days at our clinic: book now! Reply STOP to opt out.",
    },
];

/// The documentation of a rule.
pub fn docs(rule: Rule) -> &'static RuleDoc {
    &DOCS[rule as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docs_line_up_with_rules() {
        for rule in Rule::ALL {
            assert_eq!(docs(rule).id, rule.id());
        }
    }
}
