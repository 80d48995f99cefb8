//! What `check` and `scan` share around their results: where they go (`--output-file`),
//! the per-rule statistics (`--statistics`), and the exit status (`--exit-zero`).

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use phi_guard::Rule;

use crate::args::Everyday;
use crate::term::eprint_line;
use crate::{EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS};

/// Where results are written: standard output, or the `--output-file`.
pub fn output(everyday: &Everyday) -> Result<Box<dyn Write + Send>, String> {
    match &everyday.output_file {
        None => Ok(Box::new(BufWriter::with_capacity(1 << 16, io::stdout()))),
        Some(path) => File::create(path)
            .map(|f| Box::new(BufWriter::with_capacity(1 << 16, f)) as Box<dyn Write + Send>)
            .map_err(|e| cannot_write(path, &e)),
    }
}

/// The error line of a failed write to `--output-file`.
pub fn cannot_write(path: &Path, e: &io::Error) -> String {
    format!("{}: cannot write: {}", path.display(), e.kind())
}

/// Findings per rule.
#[derive(Debug, Default, Clone)]
pub struct RuleCounts(BTreeMap<Rule, usize>);

impl RuleCounts {
    pub fn add(&mut self, rule: Rule) {
        *self.0.entry(rule).or_default() += 1;
    }

    pub fn merge(&mut self, other: &RuleCounts) {
        for (&rule, &n) in &other.0 {
            *self.0.entry(rule).or_default() += n;
        }
    }

    pub fn total(&self) -> usize {
        self.0.values().sum()
    }

    /// One line per rule that reported something, most findings first (then by id), and
    /// the total: the `--statistics` table.
    pub fn table(&self) -> Vec<String> {
        let mut rows: Vec<(&Rule, &usize)> = self.0.iter().collect();
        rows.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.id().cmp(b.0.id())));
        let mut lines: Vec<String> = rows.iter().map(|(rule, n)| format!("{n:>6}  {}", rule.id())).collect();
        lines.push(format!("{:>6}  finding(s) in all", self.total()));
        lines
    }

    /// Prints [`RuleCounts::table`] on standard error.
    pub fn print(&self) {
        for line in self.table() {
            eprint_line!("{line}");
        }
    }
}

/// The exit status: 2 on errors, 1 on failing findings unless `--exit-zero`, else 0.
pub fn exit_status(everyday: &Everyday, errors: bool, failing: bool) -> u8 {
    if errors {
        EXIT_ERROR
    } else if failing && !everyday.exit_zero {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statistics_sort_by_count_then_id() {
        let mut counts = RuleCounts::default();
        for rule in [Rule::Specialty, Rule::Condition, Rule::Medication, Rule::Condition] {
            counts.add(rule);
        }
        let mut more = RuleCounts::default();
        more.add(Rule::Medication);
        counts.merge(&more);
        let table: Vec<String> =
            counts.table().iter().map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")).collect();
        assert_eq!(table, ["2 phi/condition", "2 phi/medication", "1 phi/specialty", "5 finding(s) in all"]);
    }
}
