//! Identifiers of every kind, as people type them, framed by their context words or bare:
//! each is one finding covering the whole value, and redaction leaves none of its digits.
//!
//! The check characters are computed here from the public definitions, independently of
//! the library's own code, so a wrong check on either side fails these tests.

use phi_guard::{Category, Engine, Operator, Verdict};
use proptest::prelude::*;

/// Bytes that the generators turn into digits and letters.
struct Draw<'a>(&'a [u8], usize);

impl Draw<'_> {
    fn below(&mut self, n: u32) -> u32 {
        let b = self.0[self.1 % self.0.len()];
        self.1 += 1;
        u32::from(b) % n
    }
    fn digit(&mut self) -> char {
        char::from(b'0' + self.below(10) as u8)
    }
    fn digits(&mut self, n: usize) -> String {
        (0..n).map(|_| self.digit()).collect()
    }
    fn letter(&mut self) -> char {
        char::from(b'A' + self.below(26) as u8)
    }
    fn pick<'s>(&mut self, options: &[&'s str]) -> &'s str {
        options[self.below(options.len() as u32) as usize]
    }
}

/// Groups `value` by `sizes` with `sep` between them.
fn grouped(value: &str, sizes: &[usize], sep: &str) -> String {
    let mut out = Vec::new();
    let mut at = 0;
    for &n in sizes {
        out.push(&value[at..at + n]);
        at += n;
    }
    out.join(sep)
}

fn num(s: &str) -> u64 {
    s.parse().unwrap()
}

/// A value and the context phrases that may stand before it; `bare`: it is flagged
/// without one too.
struct Sample {
    value: String,
    frames: &'static [&'static str],
    bare: bool,
}

fn sample(kind: u32, d: &mut Draw) -> Sample {
    match kind {
        // US SSN: an area the SSA issues, group and serial not zero.
        0 => {
            let area = 1 + d.below(899);
            let area = if area == 666 { 667 } else { area };
            let (group, serial) = (1 + d.below(99), 1 + d.below(9999));
            let sep = d.pick(&["-", " ", ".", ""]);
            Sample {
                value: format!("{area:03}{sep}{group:02}{sep}{serial:04}"),
                frames: &["SSN", "my social security number is", "We have your SSN on file:", "SSN\n"],
                bare: sep == "-",
            }
        }
        // UK NHS number: weights 10..2, 11 − sum mod 11, never 10.
        1 => loop {
            let body = d.digits(9);
            let sum: u32 = body.bytes().zip((2..=10).rev()).map(|(c, w)| u32::from(c - b'0') * w).sum();
            let check = match 11 - sum % 11 {
                10 => continue,
                11 => 0,
                c => c,
            };
            let sep = d.pick(&[" ", "-", ""]);
            break Sample {
                value: grouped(&format!("{body}{check}"), &[3, 3, 4], sep),
                frames: &["Your NHS number is", "NHS no.", "NHS number:"],
                bare: false,
            };
        },
        // Member IDs and record numbers: digits, spaced as people type them.
        2 => {
            let value = format!("{}{}", 1 + d.below(9), d.digits(9));
            let sep = d.pick(&[" ", ""]);
            Sample {
                value: grouped(&value, &[4, 3, 3], sep),
                frames: &[
                    "Member ID",
                    "Your member ID is",
                    "Patient ID",
                    "Your MRN is",
                    "Your Medicare number is",
                    "Numero di cartella clinica:",
                    "Patientennummer:",
                ],
                bare: false,
            }
        }
        // Codice fiscale: odd positions through the fixed table, even ones by value.
        3 => {
            const ODD: [u32; 26] =
                [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];
            let letters: String = (0..6).map(|_| d.letter()).collect();
            let month = d.pick(&["A", "B", "C", "D", "E", "H", "L", "M", "P", "R", "S", "T"]);
            let day = 1 + d.below(31) + if d.below(2) == 0 { 0 } else { 40 };
            let body = format!("{letters}{}{month}{day:02}{}{}", d.digits(2), d.letter(), d.digits(3));
            let sum: u32 = body
                .bytes()
                .enumerate()
                .map(|(i, c)| {
                    let v = if c.is_ascii_digit() { u32::from(c - b'0') } else { u32::from(c - b'A') };
                    if i % 2 == 0 { ODD[v as usize] } else { v }
                })
                .sum();
            let value = format!("{body}{}", char::from(b'A' + (sum % 26) as u8));
            let value = if d.below(3) == 0 { value.to_lowercase() } else { value };
            Sample { value, frames: &["il suo codice fiscale è", "Codice fiscale:", "C.F."], bare: true }
        }
        // KVNR: letter as 01–26, then 8 digits, weights 1, 2, … with cross sums.
        4 => {
            let letter = d.letter();
            let body = d.digits(8);
            let n = letter as u32 - 'A' as u32 + 1;
            let ten: Vec<u32> = [n / 10, n % 10].into_iter().chain(body.bytes().map(|c| u32::from(c - b'0'))).collect();
            let sum: u32 =
                ten.iter().enumerate().map(|(i, &x)| x * (1 + (i as u32 % 2))).map(|p| p / 10 + p % 10).sum();
            Sample {
                value: format!("{letter}{body}{}", sum % 10),
                frames: &["Ihre Versichertennummer lautet", "KVNR:", "Krankenversichertennummer"],
                bare: false,
            }
        }
        // DNI and NIE: the letter at n mod 23.
        5 => {
            const LETTERS: &[u8] = b"TRWAGMYFPDXBNJZSQVHLCKE";
            let nie = d.below(2) == 0;
            let (lead, n) = if nie {
                let k = d.below(3);
                let body = d.digits(7);
                (["X", "Y", "Z"][k as usize].to_string() + &body, u64::from(k) * 10_000_000 + num(&body))
            } else {
                let body = d.digits(8);
                (body.clone(), num(&body))
            };
            let letter = char::from(LETTERS[(n % 23) as usize]);
            let sep = d.pick(&["", "-"]);
            Sample { value: format!("{lead}{sep}{letter}"), frames: &["Su DNI es", "NIE:", "DNI"], bare: true }
        }
        // NUSS: province and number, key mod 97.
        6 => {
            let province = 1 + d.below(52);
            let serial = 10_000_000 + u64::from(d.below(90)) * 1_000_000 + num(&d.digits(6));
            let key = (u64::from(province) * 100_000_000 + serial) % 97;
            let sep = d.pick(&[" ", "/", ""]);
            Sample {
                value: format!("{province:02}{sep}{serial:08}{sep}{key:02}"),
                frames: &["su número de afiliación es", "NUSS:", "Número de la Seguridad Social:"],
                bare: false,
            }
        }
        // NIR: key 97 − (n mod 97); Corsica 2A/2B count as 19/18.
        7 => {
            let dept = d.pick(&["75", "13", "2A", "2B", "69", "01"]);
            let body = format!(
                "{}{}{:02}{dept}{:03}{:03}",
                1 + d.below(2),
                d.digits(2),
                1 + d.below(12),
                1 + d.below(999),
                1 + d.below(999)
            );
            let n = num(&body.replace("2A", "19").replace("2B", "18"));
            let value = format!("{body}{:02}", 97 - n % 97);
            let value = if d.below(2) == 0 { grouped(&value, &[1, 2, 2, 2, 3, 3, 2], " ") } else { value };
            Sample {
                value,
                frames: &["votre numéro de sécurité sociale est", "N° de sécurité sociale :", "NIR"],
                bare: true,
            }
        }
        // Dates of birth in the forms clinical systems print.
        _ => {
            let (day, month, year) = (1 + d.below(28), 1 + d.below(12), 1930 + d.below(80));
            let names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
            let mon = names[month as usize - 1];
            let value = match d.below(7) {
                0 => format!("{day:02}/{month:02}/{year}"),
                1 => format!("{year}-{month:02}-{day:02}"),
                2 => format!("{year}-{month:02}-{day:02}T00:00:00"),
                3 => format!("{day}-{}-{year}", mon.to_uppercase()),
                4 => format!("{day}.{month}.{year}"),
                5 => format!("{day} {mon} {year}"),
                _ => format!("{mon} {day}, {year}"),
            };
            Sample {
                value,
                frames: &[
                    "Your DOB is",
                    "date of birth:",
                    "Geburtsdatum:",
                    "data di nascita",
                    "fecha de nacimiento:",
                    "date de naissance :",
                ],
                bare: false,
            }
        }
    }
}

const KINDS: u32 = 9;

/// A text with one identifier and no other digit, and the byte range of the identifier.
fn framed_text() -> impl Strategy<Value = (String, std::ops::Range<usize>)> {
    (0..KINDS, prop::collection::vec(any::<u8>(), 24), 0..4usize, 0..4usize, any::<u8>()).prop_map(
        |(kind, bytes, pre, post, frame)| {
            let mut d = Draw(&bytes, 0);
            let s = sample(kind, &mut d);
            let prefix = ["", "Hello Anna. ", "Ciao, ", "Bonjour,\n"][pre];
            let suffix = ["", ".", " on file.", "\nThanks"][post];
            // Bare values that are flagged alone come without a frame now and then.
            let frame = if s.bare && frame % 4 == 0 { "" } else { s.frames[frame as usize % s.frames.len()] };
            let gap = if frame.is_empty() || frame.ends_with('\n') { "" } else { " " };
            let start = prefix.len() + frame.len() + gap.len();
            let text = format!("{prefix}{frame}{gap}{}{suffix}", s.value);
            (text, start..start + s.value.len())
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, failure_persistence: None, ..ProptestConfig::default() })]

    /// One identifier finding covers the whole value, the message is non-compliant, and
    /// every redaction operator leaves none of its digits.
    #[test]
    fn redaction_leaves_no_digit_of_an_identifier((text, value) in framed_text()) {
        let engine = Engine::default();
        let report = engine.check(&text);
        prop_assert_eq!(report.verdict, Verdict::NonCompliant, "{:?}", text);
        let covering = report
            .findings
            .iter()
            .filter(|f| f.category == Category::Identifier)
            .filter(|f| f.span.start <= value.start && value.end <= f.span.end)
            .count();
        prop_assert_eq!(covering, 1, "{:?}: {:?} not covered by one finding: {:?}", text, &text[value.clone()], report.findings);
        let key = Operator::pseudonym(b"identifier test key 0123456789").unwrap();
        for op in [Operator::Category, Operator::Mask, Operator::Remove, key] {
            let red = engine.redact(&text, &op);
            prop_assert!(!red.text.bytes().any(|b| b.is_ascii_digit()), "{:?}: {:?} redacted to {:?}", op, text, red.text);
        }
    }
}

/// The examples of the issue, with the value each must report.
#[test]
fn examples_report_the_whole_value() {
    let engine = Engine::default();
    for (text, value) in [
        ("Your DOB is 03/14/1980.", "03/14/1980"),
        ("Your date of birth is 03/14/1980.", "03/14/1980"),
        ("my social security number is 078051121", "078051121"),
        ("Your member ID is 12345678.", "12345678"),
        ("Your MRN is 00482913.", "00482913"),
        ("Your Medicare number is 2123456701.", "2123456701"),
        ("Member ID 1234 567 893", "1234 567 893"),
        ("MRN 221 395 1837", "221 395 1837"),
        ("Patient ID 401 023 2137", "401 023 2137"),
        ("DOB 1980-03-14T00:00:00", "1980-03-14T00:00:00"),
        ("DOB 5-May-2021", "5-May-2021"),
        ("DOB: 14-MAR-1980", "14-MAR-1980"),
        ("SSN 078.05.1121", "078.05.1121"),
        ("MBI 1eg4-te5-mk73", "1eg4-te5-mk73"),
    ] {
        let report = engine.check(text);
        let found: Vec<&str> =
            report.findings.iter().filter(|f| f.category == Category::Identifier).map(|f| f.matched(text)).collect();
        assert_eq!(found, [value], "{text}");
    }
    let red = engine.redact("Member ID 1234 567 893", &Operator::Category);
    assert_eq!(red.text, "Member ID [IDENTIFIER]");
}
