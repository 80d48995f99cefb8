//! An outbound guard: every message a clinic system wants to send on an insecure channel
//! (SMS, WhatsApp, plain e-mail) passes through it first.
//!
//! - a compliant message goes out unchanged;
//! - otherwise the neutral rewrite goes out (or, with `--block`, nothing goes out and the
//!   message waits for a person);
//! - every decision is logged as a PHI-free audit record, its text hash keyed with
//!   `PHI_GUARD_KEY` (a demo key when unset).
//!
//! The guard never prints the original text of a blocked or rewritten message: it is the
//! health information the guard exists to keep out of logs.
//!
//! ```text
//! cargo run --example outbound_guard                       # a few demo messages
//! cargo run --example outbound_guard -- --block < out.txt  # one message per line
//! ```

use std::io::{self, BufRead, IsTerminal, Write};

use phi_guard::{Engine, PseudonymKey, RewriteLevel};

const DEMO: &[&str] = &[
    "Reminder: You have an appointment tomorrow at 2 PM. Reply 1 to confirm.",
    "Reminder: Your diabetes checkup is tomorrow at 2 PM",
    "Hi {{1}}, your metformin 500mg prescription is ready for pickup at {{2}}.",
    "Your cholesterol is 220 mg/dL. Please call us to discuss.",
    "Gentile {{nome}}, le ricordiamo la visita cardiologica di domani alle 10:30 con ECG.",
    "Morgen um 10:30 Uhr Kardiologietermin mit EKG. Bitte bringen Sie Ihre Cholesterinwerte mit.",
];

fn main() -> io::Result<()> {
    let block = std::env::args().any(|a| a == "--block");
    let engine = Engine::default();
    let key = std::env::var("PHI_GUARD_KEY").unwrap_or_else(|_| {
        eprintln!("(demo key: set PHI_GUARD_KEY to your own secret)");
        "demo-key-not-for-production".to_string()
    });
    let audit_key = PseudonymKey::new(key).map_err(io::Error::other)?;
    // One message per line of standard input, or the demo when there is none.
    let mut messages: Vec<String> = Vec::new();
    if !io::stdin().is_terminal() {
        for line in io::stdin().lock().lines() {
            let line = line?;
            if !line.trim().is_empty() {
                messages.push(line);
            }
        }
    }
    if messages.is_empty() {
        messages = DEMO.iter().map(|s| s.to_string()).collect();
    }
    let mut out = io::stdout().lock();
    for (n, text) in messages.iter().enumerate() {
        let report = engine.check(text);
        let audit =
            serde_json::to_string(&engine.audit_record_keyed(text, &report, &audit_key)).map_err(io::Error::other)?;
        let rules: Vec<&str> = report.findings.iter().map(|f| f.rule.id()).collect();
        if report.is_compliant() {
            writeln!(out, "#{n} send as is: {text}")?;
        } else if block {
            writeln!(out, "#{n} held for review ({})", rules.join(", "))?;
        } else {
            let rw = engine.rewrite_report(text, &report);
            if rw.level == RewriteLevel::Withheld {
                writeln!(out, "#{n} held: no compliant rewrite ({})", rules.join(", "))?;
            } else {
                writeln!(
                    out,
                    "#{n} send rewrite ({}; {} edit(s), {}): {}",
                    rules.join(", "),
                    rw.edits.len(),
                    rw.level.as_str(),
                    rw.text
                )?;
            }
        }
        writeln!(out, "   audit {audit}")?;
    }
    Ok(())
}
