//! Example messages shared by the library and CLI tests.
#![allow(dead_code)]

/// The compliant / non-compliant pairs of the source documents (REQUIREMENTS.md), plus
/// the German ones of the German translation.
pub const SEED_PAIRS: &[(&str, &str)] = &[
    ("Reminder: You have an appointment tomorrow at 2 PM", "Reminder: Your diabetes checkup is tomorrow at 2 PM"),
    ("Your prescription is ready for pickup", "Your metformin 500mg prescription is ready"),
    ("Lab results available -- log in to portal to view", "Your cholesterol is 220 mg/dL"),
    ("Click here to join your telehealth session", "Dr. Smith wants to discuss your MRI results via video"),
    ("Please complete your intake form before your visit", "Please complete your psychiatric evaluation form"),
    ("Your provider has a message for you in the portal", "Your oncologist recommends starting chemotherapy"),
    (
        "Reminder: You have an appointment tomorrow at 10:30. Reply 1 to confirm, 2 to reschedule.",
        "Tomorrow at 10:30 a.m., cardiology appointment with ECG. Bring your cholesterol tests.",
    ),
    ("Reminder: Take your evening medication as prescribed.", "take 500mg metformin twice daily"),
    (
        "Erinnerung: Sie haben morgen um 10:30 Uhr einen Termin. Antworten Sie mit 1, um ihn zu bestätigen, oder mit 2, um ihn zu verschieben.",
        "Morgen um 10:30 Uhr Kardiologietermin mit EKG. Bitte bringen Sie Ihre Cholesterinwerte mit.",
    ),
];

/// Non-compliant seed examples without a compliant twin.
pub const SEED_NON_COMPLIANT: &[&str] = &[
    "We confirm your visit to the Fertility Center",
    "Wir bestätigen Ihren Besuch im Kinderwunschzentrum",
    "Ihr Onkologiebesuch ist am Montag.",
    "Ihr HIV-Test ist fertig.",
];

/// Ordinary, compliant messages from the seeds (logistics, surveys, chatbot notices).
pub const SEED_COMPLIANT: &[&str] = &[
    "Bestätigen / Verschieben / Mit dem Mitarbeiter sprechen",
    "Wie zufrieden sind Sie mit dem Besuch auf einer Skala von 1 bis 5?",
    "Möchten Sie Informationen zu Standorten und Verfügbarkeit? Bitte geben Sie Ihren Bereich und Ihr Zeitfenster an.",
    "Bitte senden Sie keine medizinischen Berichte oder sensible Informationen an diesen Chat. Für klinische Informationen nutzen Sie bitte den dafür vorgesehenen Kanal.",
    "Hi Maria, this is Lakeside Clinic confirming your appointment on 6/14 at 3:15 PM. Call 414-209-8830 to reschedule.",
    "Hi James, your prescription is ready for pickup at Main Street Pharmacy.",
    "Your appointment with Dr. Smith at Lakeview Dental is confirmed for Monday.",
    "How satisfied were you with your visit today? Reply 1-5.",
    "Your results are available. Log in to your patient portal to view them.",
];

/// The messages of the development set `tests/data/smoke_pairs.jsonl` (minimal pairs of a
/// message that reveals health information and its neutral twin; see
/// `tests/data/README.md`). The file is part of the test binary, so a missing file fails
/// the build; an empty one fails the test.
pub fn smoke_pairs() -> Vec<serde_json::Value> {
    const NAME: &str = "tests/data/smoke_pairs.jsonl";
    let lines: Vec<serde_json::Value> = include_str!("../data/smoke_pairs.jsonl")
        .lines()
        .enumerate()
        .map(|(i, line)| serde_json::from_str(line).unwrap_or_else(|e| panic!("{NAME}:{}: {e}", i + 1)))
        .collect();
    assert!(!lines.is_empty(), "{NAME}: no messages");
    lines
}
