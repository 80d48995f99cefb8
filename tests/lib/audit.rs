//! Audit records: deterministic, PHI-free, tied to the lexicons and the policy.

use phi_guard::{AuditRecord, Category, Engine, Policy, PolicyKind, PseudonymKey, Verdict};

#[test]
fn a_record_holds_no_text_and_counts_rules() {
    let engine = Engine::default();
    let text = "Your metformin 500mg prescription is ready. Your metformin refill too.";
    let record = engine.audit(text);
    assert_eq!(record.verdict, Verdict::NonCompliant);
    assert_eq!(record.policy, PolicyKind::Outbound);
    assert_eq!(record.rules.get("phi/medication"), Some(&2));
    assert_eq!(record.rules.get("phi/dosage"), Some(&1));
    assert_eq!(record.sha256.as_deref().map(str::len), Some(64));
    assert_eq!(record.version, env!("CARGO_PKG_VERSION"));
    assert_eq!(record.lexicon, engine.lexicon_fingerprint());
    let json = serde_json::to_string(&record).unwrap();
    for word in ["metformin", "500mg", "prescription", "ready", "refill"] {
        assert!(!json.to_lowercase().contains(word), "{word} in {json}");
    }
    // Rule ids come out sorted.
    let keys: Vec<&String> = record.rules.keys().collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
}

#[test]
fn records_are_deterministic_and_round_trip() {
    let a = Engine::default().audit("Reminder: Your diabetes checkup is tomorrow at 2 PM");
    let b = Engine::builder().build().unwrap().audit("Reminder: Your diabetes checkup is tomorrow at 2 PM");
    assert_eq!(a, b);
    let json = serde_json::to_string(&a).unwrap();
    assert_eq!(serde_json::to_string(&b).unwrap(), json);
    let back: AuditRecord = serde_json::from_str(&json).unwrap();
    assert_eq!(back, a);
    assert!(json.starts_with(r#"{"sha256":""#), "{json}");

    let key = PseudonymKey::new(b"the audit key of this test").unwrap();
    let keyed = Engine::default().audit_keyed("Reminder: Your diabetes checkup is tomorrow at 2 PM", &key);
    let json = serde_json::to_string(&keyed).unwrap();
    assert!(json.starts_with(r#"{"hmac_sha256":""#), "{json}");
    assert_eq!(serde_json::from_str::<AuditRecord>(&json).unwrap(), keyed);
}

#[test]
fn a_keyed_hash_cannot_be_tested_without_the_key() {
    // The attack a plain hash allows: hash every lexicon term in a frame and compare.
    let engine = Engine::default();
    let key = PseudonymKey::new(b"a secret the auditor keeps").unwrap();
    let text = "I take gabapentin";
    let record = engine.audit_keyed(text, &key);
    let guess = phi_guard::audit::sha256_hex(text);
    assert_ne!(record.hmac_sha256.as_deref(), Some(guess.as_str()));
    let other = PseudonymKey::new(b"a key the attacker guessed").unwrap();
    assert_ne!(record.hmac_sha256, engine.audit_keyed(text, &other).hmac_sha256);
    assert_eq!(record.hmac_sha256, engine.audit_keyed(text, &key).hmac_sha256);
}

#[test]
fn the_hash_is_the_sha256_of_the_text() {
    let record = Engine::default().audit("abc");
    assert_eq!(record.sha256.as_deref(), Some("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    assert_eq!(record.verdict, Verdict::Compliant);
    assert!(record.rules.is_empty());
    assert_eq!(record.score, 0);
}

#[test]
fn the_fingerprint_follows_the_lexicons_and_the_policy_is_recorded() {
    let default = Engine::default();
    let same = Engine::builder().build().unwrap();
    assert_eq!(default.lexicon_fingerprint(), same.lexicon_fingerprint());
    assert_eq!(default.lexicon_fingerprint().len(), 64);

    let mut b = Engine::builder();
    b.term("Lakeside Transplant Unit", Category::Specialty);
    assert_ne!(b.build().unwrap().lexicon_fingerprint(), default.lexicon_fingerprint());
    let mut b = Engine::builder();
    b.allow(["Main Street Clinic"]);
    assert_ne!(b.build().unwrap().lexicon_fingerprint(), default.lexicon_fingerprint());

    // Another policy: same fingerprint (nothing recompiled), other record.
    let secure = default.with_policy(Policy::secure_channel());
    assert_eq!(secure.lexicon_fingerprint(), default.lexicon_fingerprint());
    let text = "Your colonoscopy is on Monday";
    let (a, b) = (default.audit(text), secure.audit(text));
    assert_eq!(a.sha256, b.sha256);
    assert_eq!((a.policy, b.policy), (PolicyKind::Outbound, PolicyKind::SecureChannel));
    assert_eq!((a.verdict, b.verdict), (Verdict::NonCompliant, Verdict::Compliant));
}

#[test]
fn audit_record_matches_a_report_made_earlier() {
    let engine = Engine::default();
    let text = "Your cholesterol is 220 mg/dL";
    let report = engine.check(text);
    assert_eq!(engine.audit_record(text, &report), engine.audit(text));
}
