//! `check_arrow`'s output: one struct row per input row, built column by column.

use std::sync::Arc;

use arrow_array::builder::{ListBuilder, StringBuilder, UInt8Builder};
use arrow_array::{Array, ArrayRef, Int64Array, ListArray, StringArray, StructArray};
use arrow_buffer::{NullBuffer, OffsetBuffer};
use arrow_schema::{DataType, Field, Fields};
use phi_guard::{Engine, Operator, PseudonymKey, Scratch};

use crate::arrow::Texts;
use crate::char_index;

/// The optional columns.
pub struct Options {
    pub rewrite: bool,
    pub redact: Option<Operator>,
    pub audit: Option<AuditHash>,
}

/// The text hash of the audit column: `hmac_sha256` under a key, or a plain `sha256`.
pub enum AuditHash {
    Plain,
    Keyed(PseudonymKey),
}

impl AuditHash {
    fn column(&self) -> &'static str {
        match self {
            AuditHash::Plain => "sha256",
            AuditHash::Keyed(_) => "hmac_sha256",
        }
    }

    fn of(&self, text: &str) -> String {
        match self {
            AuditHash::Plain => phi_guard::audit::sha256_hex(text),
            AuditHash::Keyed(key) => phi_guard::audit::hmac_sha256_hex(key, text),
        }
    }
}

/// The fields of one element of the `findings` list.
fn finding_fields() -> Fields {
    Fields::from(vec![
        Field::new("rule", DataType::Utf8, false),
        Field::new("category", DataType::Utf8, false),
        Field::new("severity", DataType::Utf8, false),
        Field::new("start", DataType::Int64, false),
        Field::new("end", DataType::Int64, false),
        Field::new("byte_start", DataType::Int64, false),
        Field::new("byte_end", DataType::Int64, false),
    ])
}

/// The findings of every row, flattened, with list offsets.
#[derive(Default)]
struct FindingColumns {
    rule: Vec<&'static str>,
    category: Vec<&'static str>,
    severity: Vec<&'static str>,
    start: Vec<i64>,
    end: Vec<i64>,
    byte_start: Vec<i64>,
    byte_end: Vec<i64>,
    offsets: Vec<i32>,
}

impl FindingColumns {
    fn finish(self, valid: &Option<NullBuffer>) -> ListArray {
        let fields = finding_fields();
        let columns: Vec<ArrayRef> = vec![
            Arc::new(StringArray::from(self.rule)),
            Arc::new(StringArray::from(self.category)),
            Arc::new(StringArray::from(self.severity)),
            Arc::new(Int64Array::from(self.start)),
            Arc::new(Int64Array::from(self.end)),
            Arc::new(Int64Array::from(self.byte_start)),
            Arc::new(Int64Array::from(self.byte_end)),
        ];
        let items = StructArray::new(fields.clone(), columns, None);
        let item = Arc::new(Field::new("item", DataType::Struct(fields), false));
        ListArray::new(item, OffsetBuffer::new(self.offsets.into()), Arc::new(items), valid.clone())
    }
}

/// Checks every row. Null rows give null results.
pub fn check(engine: &Engine, texts: &Texts, options: &Options) -> ArrayRef {
    let n = texts.len();
    let mut scratch = Scratch::new();
    let mut valid: Vec<bool> = Vec::with_capacity(n);
    let mut verdict = StringBuilder::with_capacity(n, n * 10);
    let mut score = UInt8Builder::with_capacity(n);
    let mut rules = ListBuilder::new(StringBuilder::new());
    let mut findings = FindingColumns { offsets: vec![0], ..Default::default() };
    let mut rewrite = options.rewrite.then(|| StringBuilder::with_capacity(n, n * 32));
    let mut redacted = options.redact.as_ref().map(|_| StringBuilder::with_capacity(n, n * 32));
    let mut hash = options.audit.as_ref().map(|_| StringBuilder::with_capacity(n, n * 64));
    let mut row_rules: Vec<&'static str> = Vec::new();

    for i in 0..n {
        let Some(text) = texts.get(i) else {
            valid.push(false);
            verdict.append_null();
            score.append_null();
            rules.append_null();
            findings.offsets.push(findings.rule.len() as i32);
            rewrite.iter_mut().for_each(|b| b.append_null());
            redacted.iter_mut().for_each(|b| b.append_null());
            hash.iter_mut().for_each(|b| b.append_null());
            continue;
        };
        valid.push(true);
        let report = engine.check_with(&mut scratch, text);
        verdict.append_value(report.verdict.as_str());
        score.append_value(report.score);
        row_rules.clear();
        for f in &report.findings {
            let c = &mut findings;
            c.rule.push(f.rule.id());
            c.category.push(f.category.as_str());
            c.severity.push(f.severity.as_str());
            c.start.push(char_index(text, f.span.start) as i64);
            c.end.push(char_index(text, f.span.end) as i64);
            c.byte_start.push(f.span.start as i64);
            c.byte_end.push(f.span.end as i64);
            row_rules.push(f.rule.id());
        }
        findings.offsets.push(findings.rule.len() as i32);
        row_rules.sort_unstable();
        row_rules.dedup();
        for r in &row_rules {
            rules.values().append_value(r);
        }
        rules.append(true);
        if let Some(b) = &mut rewrite {
            b.append_value(engine.rewrite_report(text, &report).text);
        }
        if let (Some(b), Some(op)) = (&mut redacted, &options.redact) {
            b.append_value(engine.redact_report(text, &report, op).text);
        }
        if let (Some(b), Some(h)) = (&mut hash, &options.audit) {
            b.append_value(h.of(text));
        }
    }

    let nulls = if valid.iter().all(|v| *v) { None } else { Some(NullBuffer::from(valid)) };
    let findings = findings.finish(&nulls);
    let mut fields = vec![
        Field::new("verdict", DataType::Utf8, true),
        Field::new("score", DataType::UInt8, true),
        Field::new("rules", DataType::List(Arc::new(Field::new("item", DataType::Utf8, true))), true),
        Field::new("findings", findings.data_type().clone(), true),
    ];
    let mut columns: Vec<ArrayRef> =
        vec![Arc::new(verdict.finish()), Arc::new(score.finish()), Arc::new(rules.finish()), Arc::new(findings)];
    let hash_column = options.audit.as_ref().map_or("sha256", AuditHash::column);
    for (name, builder) in [("rewrite", rewrite), ("redacted", redacted), (hash_column, hash)] {
        if let Some(mut b) = builder {
            fields.push(Field::new(name, DataType::Utf8, true));
            columns.push(Arc::new(b.finish()));
        }
    }
    Arc::new(StructArray::new(Fields::from(fields), columns, nulls))
}
