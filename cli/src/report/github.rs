//! GitHub Actions workflow commands, one per finding:
//!
//! `::error file=templates/a.txt,line=1,col=16,endLine=1,endColumn=24,title=phi/condition::names …`
//!
//! Severities map to `error`, `warning` and `notice`. Columns are 1-based and count
//! characters (`endColumn` is exclusive). Values are escaped as the runner expects:
//! `%` → `%25`, CR → `%0D`, LF → `%0A`, and in properties also `:` → `%3A`, `,` → `%2C`.

use std::io::{self, Write};

use phi_guard::Severity;

use super::Options;
use crate::check::Outcome;

/// Escapes a message.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a property value (`file=`, `title=`).
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn write(out: &mut impl Write, o: &Outcome, opts: &Options) -> io::Result<()> {
    for d in &o.diags {
        let (line, col) = o.position(d.range.start);
        let (end_line, end_col) = o.position(d.range.end);
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
            // A severity added to the library later is reported at the strictest level.
            _ => "error",
        };
        writeln!(
            out,
            "::{level} file={},line={line},col={col},endLine={end_line},endColumn={end_col},title={}::{}",
            escape_property(&crate::term::escape(&o.name)),
            escape_property(d.rule.id()),
            escape_data(&super::message(d, opts.redact)),
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_the_runner_expects() {
        assert_eq!(escape_data("50% off\r\nnow: a,b"), "50%25 off%0D%0Anow: a,b");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}
