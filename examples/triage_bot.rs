//! An inbound triage bot loop: patients write to a chatbot or a shared inbox; the bot must
//! not carry on a conversation about their health in an insecure chat.
//!
//! For each message the bot
//! - answers normally when it holds no health information, else with the neutral reply in
//!   the patient's language that moves the conversation to the secure channel;
//! - hands the conversation to a person when the triage says so (urgent wording, mental
//!   health, identifiers, values, doses);
//! - stores the message redacted, with keyed pseudonyms (the same term gives the same
//!   token, so conversations can still be counted and grouped);
//! - logs a PHI-free audit record.
//!
//! ```text
//! cargo run --example triage_bot                      # a demo conversation
//! PHI_GUARD_PSEUDONYM_KEY=… cargo run --example triage_bot < inbox.txt
//! ```

use std::io::{self, BufRead, IsTerminal, Write};

use phi_guard::{Engine, Operator, PseudonymKey};

const DEMO: &[&str] = &[
    "Hi, can I move my appointment to Thursday?",
    "My metformin makes me dizzy, should I stop taking it?",
    "I have chest pain and can't breathe",
    "Buongiorno, ho il diabete e vorrei sapere quando posso venire.",
    "Hola, quería saber el resultado de mi prueba de VIH.",
];

fn main() -> io::Result<()> {
    let engine = Engine::default();
    let key = std::env::var("PHI_GUARD_PSEUDONYM_KEY").unwrap_or_else(|_| {
        eprintln!("(demo key: set PHI_GUARD_PSEUDONYM_KEY to your own secret)");
        "demo-key-not-for-production".to_string()
    });
    let pseudonyms = Operator::pseudonym(&key).map_err(io::Error::other)?;
    // The same secret keys the audit records' text hashes (a plain hash of a short
    // message can be reversed by guessing).
    let audit_key = PseudonymKey::new(&key).map_err(io::Error::other)?;
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
    for text in &messages {
        let triage = engine.triage(text);
        let stored = engine.redact_report(text, &triage.report, &pseudonyms).text;
        let audit = serde_json::to_string(&engine.audit_record_keyed(text, &triage.report, &audit_key))
            .map_err(io::Error::other)?;
        writeln!(out, "stored:  {stored}")?;
        match &triage.reply {
            Some(reply) => writeln!(out, "bot:     {reply}")?,
            None => writeln!(out, "bot:     (carries on: no health information)")?,
        }
        if triage.escalate {
            let categories: Vec<&str> = triage.categories.iter().map(|c| c.as_str()).collect();
            writeln!(out, "handoff: to a person (urgent: {}, categories: {})", triage.urgent, categories.join(", "))?;
        }
        writeln!(out, "audit:   {audit}\n")?;
    }
    Ok(())
}
