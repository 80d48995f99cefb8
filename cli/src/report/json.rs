//! One JSON object per finding, one per line:
//!
//! `{"file","line","column","end_line","end_column","start","end","rule","category",
//! "severity","explanation","verdict","template","name","part","key","with_examples","match"}`
//!
//! Lines and columns are 1-based (columns count characters, the end is exclusive);
//! `start` and `end` are byte offsets into the file. `template` is the 0-based index of
//! the template in its file; `name` and `part` are set for WhatsApp templates, `key`
//! for catalog entries. `match` is left out under `--redact`, and so is a `key` that holds
//! it.

use std::io::{self, Write};

use serde_json::{Value, json};

use super::Options;
use crate::check::Outcome;

pub fn write(out: &mut impl Write, o: &Outcome, opts: &Options) -> io::Result<()> {
    for d in &o.diags {
        let (line, column) = o.position(d.range.start);
        let (end_line, end_column) = o.position(d.range.end);
        let mut v = json!({
            "file": o.name,
            "line": line,
            "column": column,
            "end_line": end_line,
            "end_column": end_column,
            "start": d.range.start,
            "end": d.range.end,
            "rule": d.rule.id(),
            "category": d.category.as_str(),
            "severity": d.severity.as_str(),
            "explanation": d.rule.explanation(),
            "verdict": d.verdict.as_str(),
            "template": d.template,
            "name": d.name,
            "part": d.part,
            "key": super::key(d, opts.redact),
            "with_examples": d.with_examples,
        });
        if !opts.redact {
            v["match"] = Value::from(d.matched.as_str());
        }
        serde_json::to_writer(&mut *out, &v)?;
        writeln!(out)?;
    }
    Ok(())
}
