//! What a check finds: categories, rules, severities and findings.

use std::fmt;
use std::ops::Range;
use std::str::FromStr;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::lang::Lang;

/// The kind of health information a finding reveals.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Category {
    /// A disease, diagnosis or symptom that reveals one.
    Condition,
    /// A drug, by generic or brand name.
    Medication,
    /// A dose or quantity of a drug (`500mg`, `2 tablets`).
    Dosage,
    /// A lab test, imaging study, procedure, therapy or care device.
    Procedure,
    /// A measured value (`220 mg/dL`, `A1C of 8.2`).
    ResultValue,
    /// A specialty, department, specialist or facility type that reveals care.
    Specialty,
    /// Mental health or substance use (the most protected category).
    BehavioralHealth,
    /// A diagnosis code (ICD-10).
    DiagnosisCode,
    /// Amounts owed, claims, explanation of benefits.
    Billing,
    /// SSN, Medicare number, member ID, medical record number, date of birth.
    Identifier,
    /// A template placeholder whose name is clinical (`{{diagnosis}}`).
    Placeholder,
    /// A marketing requirement (opt-out).
    Marketing,
}

impl Category {
    /// Every category, in a fixed order.
    pub const ALL: [Category; 12] = [
        Category::Condition,
        Category::Medication,
        Category::Dosage,
        Category::Procedure,
        Category::ResultValue,
        Category::Specialty,
        Category::BehavioralHealth,
        Category::DiagnosisCode,
        Category::Billing,
        Category::Identifier,
        Category::Placeholder,
        Category::Marketing,
    ];

    /// The snake_case name used in JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Condition => "condition",
            Category::Medication => "medication",
            Category::Dosage => "dosage",
            Category::Procedure => "procedure",
            Category::ResultValue => "result_value",
            Category::Specialty => "specialty",
            Category::BehavioralHealth => "behavioral_health",
            Category::DiagnosisCode => "diagnosis_code",
            Category::Billing => "billing",
            Category::Identifier => "identifier",
            Category::Placeholder => "placeholder",
            Category::Marketing => "marketing",
        }
    }

    /// Whether this category is clinical content (as opposed to identifiers, billing,
    /// template or marketing findings).
    pub fn is_clinical(self) -> bool {
        matches!(
            self,
            Category::Condition
                | Category::Medication
                | Category::Dosage
                | Category::Procedure
                | Category::ResultValue
                | Category::Specialty
                | Category::BehavioralHealth
                | Category::DiagnosisCode
        )
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How serious a finding is under the active policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Severity {
    /// Worth a look; does not change the verdict.
    Info,
    /// Needs a human decision: the verdict is at least [`Verdict::Review`](crate::Verdict::Review).
    Warning,
    /// Must not be sent on an insecure channel: the verdict is
    /// [`Verdict::NonCompliant`](crate::Verdict::NonCompliant).
    Error,
}

impl Severity {
    /// The lower-case name (`info`, `warning`, `error`).
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        match s.trim().to_ascii_lowercase().as_str() {
            "info" | "note" => Ok(Severity::Info),
            "warning" | "warn" => Ok(Severity::Warning),
            "error" => Ok(Severity::Error),
            _ => Err(Error::unknown_name("severity", s)),
        }
    }
}

/// A rule: the stable, kebab-case identity of a kind of finding.
///
/// The id (`phi/condition`, …) is used in every output format, in SARIF `ruleId`, in
/// configuration keys and by `phi-guard explain`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Rule {
    /// `phi/condition`
    Condition,
    /// `phi/medication`
    Medication,
    /// `phi/dosage`
    Dosage,
    /// `phi/procedure`
    Procedure,
    /// `phi/result-value`
    ResultValue,
    /// `phi/specialty`
    Specialty,
    /// `phi/behavioral-health`
    BehavioralHealth,
    /// `phi/icd10-code`
    Icd10Code,
    /// `phi/billing`
    Billing,
    /// `phi/identifier`
    Identifier,
    /// `template/clinical-placeholder`
    ClinicalPlaceholder,
    /// `marketing/opt-out-missing`
    OptOutMissing,
}

impl Rule {
    /// Every rule, in a fixed order.
    pub const ALL: [Rule; 12] = [
        Rule::Condition,
        Rule::Medication,
        Rule::Dosage,
        Rule::Procedure,
        Rule::ResultValue,
        Rule::Specialty,
        Rule::BehavioralHealth,
        Rule::Icd10Code,
        Rule::Billing,
        Rule::Identifier,
        Rule::ClinicalPlaceholder,
        Rule::OptOutMissing,
    ];

    /// The stable id (`phi/condition`, …).
    pub fn id(self) -> &'static str {
        match self {
            Rule::Condition => "phi/condition",
            Rule::Medication => "phi/medication",
            Rule::Dosage => "phi/dosage",
            Rule::Procedure => "phi/procedure",
            Rule::ResultValue => "phi/result-value",
            Rule::Specialty => "phi/specialty",
            Rule::BehavioralHealth => "phi/behavioral-health",
            Rule::Icd10Code => "phi/icd10-code",
            Rule::Billing => "phi/billing",
            Rule::Identifier => "phi/identifier",
            Rule::ClinicalPlaceholder => "template/clinical-placeholder",
            Rule::OptOutMissing => "marketing/opt-out-missing",
        }
    }

    /// The category of the findings this rule reports.
    pub fn category(self) -> Category {
        match self {
            Rule::Condition => Category::Condition,
            Rule::Medication => Category::Medication,
            Rule::Dosage => Category::Dosage,
            Rule::Procedure => Category::Procedure,
            Rule::ResultValue => Category::ResultValue,
            Rule::Specialty => Category::Specialty,
            Rule::BehavioralHealth => Category::BehavioralHealth,
            Rule::Icd10Code => Category::DiagnosisCode,
            Rule::Billing => Category::Billing,
            Rule::Identifier => Category::Identifier,
            Rule::ClinicalPlaceholder => Category::Placeholder,
            Rule::OptOutMissing => Category::Marketing,
        }
    }

    /// The rule that reports lexicon terms of a category.
    pub(crate) fn for_category(category: Category) -> Rule {
        match category {
            Category::Condition => Rule::Condition,
            Category::Medication => Rule::Medication,
            Category::Dosage => Rule::Dosage,
            Category::Procedure => Rule::Procedure,
            Category::ResultValue => Rule::ResultValue,
            Category::Specialty => Rule::Specialty,
            Category::BehavioralHealth => Rule::BehavioralHealth,
            Category::DiagnosisCode => Rule::Icd10Code,
            Category::Billing => Rule::Billing,
            Category::Identifier => Rule::Identifier,
            Category::Placeholder => Rule::ClinicalPlaceholder,
            Category::Marketing => Rule::OptOutMissing,
        }
    }

    /// One line saying why a finding of this rule is a problem (never quotes the text).
    pub fn explanation(self) -> &'static str {
        crate::rules::docs(self).summary
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl FromStr for Rule {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        let s = s.trim();
        Rule::ALL
            .into_iter()
            .find(|r| r.id() == s || r.id().split('/').nth(1) == Some(s))
            .ok_or_else(|| Error::unknown_name("rule", s))
    }
}

impl Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

/// One piece of health information found in a text.
///
/// A finding does not copy the text: [`Finding::span`] points into the string that was
/// checked, and [`Finding::matched`] slices it when the caller asks for the evidence.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// The rule that fired.
    pub rule: Rule,
    /// What kind of information it is.
    pub category: Category,
    /// How serious it is under the active policy.
    pub severity: Severity,
    /// Byte range in the checked text (always on `char` boundaries).
    pub span: Range<usize>,
    /// The lexicon entry or pattern that matched (the entry as listed, not the text).
    pub term: Arc<str>,
    /// Concept code from the lexicon (`ICD10:E11`, `INN:metformin`), if any.
    pub concept: Option<Arc<str>>,
    /// How sure the engine is, from 0 to 1.
    pub confidence: f32,
    /// The language of the lexicon entry (none for patterns).
    pub lang: Option<Lang>,
}

impl Finding {
    /// The matched text: a slice of the text that was checked.
    ///
    /// Returns an empty string if `text` is not the string the finding came from.
    pub fn matched<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.span.clone()).unwrap_or("")
    }

    /// One line saying why this finding matters (never quotes the text).
    pub fn explanation(&self) -> &'static str {
        self.rule.explanation()
    }
}
