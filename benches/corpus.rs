//! A deterministic generator of realistic patient-message corpora for benchmarks.
//!
//! Short reminders (100–300 bytes), longer e-mails and templates with placeholders, in
//! English, Italian, German, Spanish and French; about 30% carry a clinical mention and
//! about 35% are non-ASCII. The same seed always gives the same corpus.
#![allow(dead_code)]

/// SplitMix64: small, fast, and identical on every platform.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }
}

const NAMES: &[&str] = &["Maria", "James", "Giulia", "Lukas", "Sofía", "Chloé", "Ahmed", "Wei", "Anna", "José"];
const CLINICS: &[&str] = &[
    "Lakeside Clinic",
    "Main Street Health",
    "Centro Medico San Luca",
    "Praxis am Markt",
    "Clínica Norte",
    "Cabinet Voltaire",
];
const DAYS: &[&str] = &["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "tomorrow"];

/// Per language: clean reminder frames (`{name}`, `{clinic}`, `{day}`, `{time}`) and
/// clinical frames with a `{term}`.
struct LangFrames {
    clean: &'static [&'static str],
    clinical: &'static [&'static str],
    terms: &'static [&'static str],
}

const EN: LangFrames = LangFrames {
    clean: &[
        "Hi {name}, this is {clinic}. Reminder: you have an appointment {day} at {time}. Reply 1 to confirm, 2 to reschedule, or call us at 414-209-8830.",
        "Hello {name}, your prescription is ready for pickup at {clinic}. Our pharmacy is open until 7 PM. Bring a photo ID.",
        "{clinic}: your lab results are available. Please log in to the patient portal to view them. Do not reply to this message.",
        "Hi {name}! Please complete your intake form before your visit on {day}. Parking is free in the garage behind the building.",
        "Reminder from {clinic}: your telehealth session starts {day} at {time}. Click the link in the portal to join.",
    ],
    clinical: &[
        "Hi {name}, reminder: your {term} appointment is {day} at {time} at {clinic}. Reply 1 to confirm.",
        "Hello {name}, your {term} results are ready. Please call {clinic} to discuss.",
        "{clinic}: your {term} prescription is ready for pickup {day} after {time}.",
    ],
    terms: &[
        "diabetes",
        "metformin",
        "MRI",
        "chemotherapy",
        "cardiology",
        "HIV test",
        "depression",
        "colonoscopy",
        "asthma",
        "Zoloft",
    ],
};

const IT: LangFrames = LangFrames {
    clean: &[
        "Gentile {name}, le ricordiamo l'appuntamento di {day} alle {time} presso {clinic}. Risponda 1 per confermare, 2 per spostarlo.",
        "Buongiorno {name}, la sua ricetta è pronta per il ritiro presso {clinic}. Orari: lunedì–venerdì, 8:30–19:00.",
        "{clinic}: i suoi referti sono disponibili nel fascicolo sanitario elettronico. Acceda al portale per consultarli.",
    ],
    clinical: &[
        "Gentile {name}, le ricordiamo la visita per {term} di {day} alle {time} presso {clinic}.",
        "Buongiorno {name}, il referto della {term} è pronto. Può ritirarlo presso {clinic}.",
    ],
    terms: &["diabete", "mammografia", "chemioterapia", "cardiologia", "Tachipirina", "depressione", "colonscopia"],
};

const DE: LangFrames = LangFrames {
    clean: &[
        "Hallo {name}, Erinnerung: Sie haben {day} um {time} Uhr einen Termin in der {clinic}. Antworten Sie mit 1 zur Bestätigung.",
        "Guten Tag {name}, Ihr Rezept liegt zur Abholung bereit. Die Apotheke ist bis 18 Uhr geöffnet. Bitte bringen Sie Ihre Gesundheitskarte mit.",
        "{clinic}: Ihre Ergebnisse sind im Patientenportal verfügbar. Bitte antworten Sie nicht auf diese Nachricht.",
    ],
    clinical: &[
        "Hallo {name}, Ihr {term} ist {day} um {time} Uhr in der {clinic}.",
        "Guten Tag {name}, bitte bringen Sie zum Termin Ihre {term} mit.",
    ],
    terms: &["Kardiologietermin", "Cholesterinwerte", "Dialyse", "Chemotherapie", "Diabetesberatung", "MRT"],
};

const ES: LangFrames = LangFrames {
    clean: &[
        "Hola {name}, le recordamos su cita de {day} a las {time} en {clinic}. Responda 1 para confirmar o 2 para cambiarla.",
        "Estimado/a {name}, su receta está lista para recoger en {clinic}. Horario: de lunes a viernes, de 9:00 a 20:00.",
    ],
    clinical: &[
        "Hola {name}, su cita de {term} es {day} a las {time} en {clinic}.",
        "Estimado/a {name}, sus resultados de {term} ya están disponibles en {clinic}.",
    ],
    terms: &["oncología", "diabetes", "quimioterapia", "mamografía", "Sintrom", "depresión"],
};

const FR: LangFrames = LangFrames {
    clean: &[
        "Bonjour {name}, rappel : vous avez rendez-vous {day} à {time} au {clinic}. Répondez 1 pour confirmer, 2 pour décaler.",
        "Bonjour {name}, votre ordonnance est prête au {clinic}. Pensez à apporter votre carte Vitale. Bonne journée !",
    ],
    clinical: &[
        "Bonjour {name}, votre rendez-vous en {term} est confirmé pour {day} à {time}.",
        "Bonjour {name}, vos résultats de {term} sont disponibles au {clinic}.",
    ],
    terms: &["cardiologie", "diabète", "chimiothérapie", "mammographie", "Doliprane", "dépression"],
};

const LONG_EN: &[&str] = &[
    "Thank you for choosing our practice. We look forward to seeing you at your next visit.",
    "Please arrive fifteen minutes early to complete any paperwork and bring a list of your current questions.",
    "If you need to cancel or reschedule, please let us know at least twenty-four hours in advance so that we can offer the time to another patient.",
    "Our office is located on the second floor; the elevator is to the left of the main entrance.",
    "Parking validation is available at the front desk, and the bus stops right outside the building.",
    "You can also manage your appointments, pay your bill and message your care team in the patient portal.",
];

fn fill(frame: &str, rng: &mut Rng, term: &str) -> String {
    let time = format!("{}:{:02}", 8 + rng.below(10), rng.below(4) * 15);
    frame
        .replace("{name}", rng.pick(NAMES))
        .replace("{clinic}", rng.pick(CLINICS))
        .replace("{day}", rng.pick(DAYS))
        .replace("{time}", &time)
        .replace("{term}", term)
}

/// The kinds of message a corpus mixes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mix {
    /// ~30% clinical, ~35% non-ASCII, some long e-mails and placeholder templates.
    Realistic,
    /// Clean English reminders only (ASCII).
    CleanAscii,
    /// Every message carries a clinical term.
    Dense,
}

/// `n` messages from `seed`.
pub fn messages(seed: u64, n: usize, mix: Mix) -> Vec<String> {
    let mut rng = Rng::new(seed);
    (0..n).map(|_| message(&mut rng, mix)).collect()
}

fn message(rng: &mut Rng, mix: Mix) -> String {
    let lang = match mix {
        Mix::CleanAscii => &EN,
        // 65% English, 35% the other languages (non-ASCII).
        _ => {
            if rng.chance(65) {
                &EN
            } else {
                [&IT, &DE, &ES, &FR][rng.below(4)]
            }
        }
    };
    let clinical = match mix {
        Mix::CleanAscii => false,
        Mix::Dense => true,
        Mix::Realistic => rng.chance(30),
    };
    let mut text = if clinical {
        let term = rng.pick(lang.terms);
        fill(rng.pick(lang.clinical), rng, term)
    } else {
        fill(rng.pick(lang.clean), rng, "")
    };
    if mix == Mix::Realistic && rng.chance(10) {
        for _ in 0..3 + rng.below(4) {
            text.push(' ');
            text.push_str(rng.pick(LONG_EN));
        }
    }
    if mix == Mix::Realistic && rng.chance(10) {
        text = text.replacen(rng.pick(NAMES), "{{1}}", 1);
    }
    text
}

/// Clean English prose of about `bytes` bytes (for MB/s figures).
pub fn prose(seed: u64, bytes: usize) -> String {
    let mut rng = Rng::new(seed);
    let mut s = String::with_capacity(bytes + 256);
    while s.len() < bytes {
        s.push_str(rng.pick(LONG_EN));
        s.push(' ');
        if rng.chance(20) {
            s.push_str(&fill(rng.pick(EN.clean), &mut rng, ""));
            s.push('\n');
        }
    }
    s
}

/// Everyday English words that make up about half of running text.
const FUNCTION_WORDS: &[&str] = &[
    "the", "of", "and", "to", "a", "in", "is", "that", "for", "it", "as", "was", "with", "be", "by", "on", "not", "he",
    "this", "are", "or", "his", "from", "at", "which", "but", "have", "an", "had", "they", "you", "were", "their",
    "one", "all", "we", "can", "her", "has", "there", "been", "if", "more", "when", "will", "would", "who", "so", "no",
    "she", "other", "its", "may", "these", "what", "them", "than", "some", "him", "time", "into", "only", "do",
    "could", "new", "about", "two", "first", "then", "also", "after", "our", "your", "should", "any", "most", "over",
    "very", "where", "such", "through", "just", "before", "each", "many", "well", "because", "between", "same",
    "under", "while", "here", "those", "both", "how", "during", "without",
];

/// A made-up vocabulary of `n` English-looking words (syllables of common spellings),
/// so that a text can have a vocabulary as large as real prose without a word list.
fn made_up_words(rng: &mut Rng, n: usize) -> Vec<String> {
    const ONSETS: &[&str] = &[
        "b", "c", "d", "f", "g", "h", "j", "l", "m", "n", "p", "r", "s", "t", "v", "w", "st", "tr", "pl", "ch", "sh",
        "th", "br", "gr", "cl", "fl", "sp", "wh", "qu", "",
    ];
    const VOWELS: &[&str] = &["a", "e", "i", "o", "u", "ea", "ou", "ai", "ee", "y", "io", "oa"];
    const CODAS: &[&str] =
        &["", "", "", "", "n", "r", "s", "t", "l", "nd", "st", "ng", "m", "ck", "rt", "ll", "ss", "nt"];
    let mut words = Vec::with_capacity(n);
    let mut seen = std::collections::HashSet::new();
    while words.len() < n {
        let mut w = String::new();
        let syllables = 1 + usize::from(rng.chance(45)) + usize::from(rng.chance(15));
        for _ in 0..syllables {
            w.push_str(rng.pick(ONSETS));
            w.push_str(rng.pick(VOWELS));
            w.push_str(rng.pick(CODAS));
        }
        if w.len() > 1 && seen.insert(w.clone()) {
            words.push(w);
        }
    }
    words
}

/// English-like prose of about `bytes` bytes with a large vocabulary: half the words from
/// the commonest English words, half from 20,000 made-up words drawn with a Zipf-like
/// skew; sentences of 6–24 words with commas. Unlike [`prose`], which repeats a few
/// dozen sentences, this text does not let a byte automaton stay in cache.
pub fn varied_prose(seed: u64, bytes: usize) -> String {
    let mut rng = Rng::new(seed);
    let vocabulary = made_up_words(&mut rng, 20_000);
    let mut s = String::with_capacity(bytes + 256);
    while s.len() < bytes {
        let words = 6 + rng.below(19);
        for k in 0..words {
            let w: &str = if rng.chance(50) {
                rng.pick(FUNCTION_WORDS)
            } else {
                // Zipf-like: the square of a uniform number favours the first words.
                let u = rng.below(1 << 16) as u64;
                &vocabulary[((u * u * vocabulary.len() as u64) >> 32) as usize]
            };
            if k == 0 {
                let mut c = w.chars();
                if let Some(first) = c.next() {
                    s.extend(first.to_uppercase());
                    s.push_str(c.as_str());
                }
            } else {
                s.push_str(w);
            }
            if k + 1 < words {
                s.push_str(if rng.chance(8) { ", " } else { " " });
            }
        }
        s.push_str(if rng.chance(10) { ".\n" } else { ". " });
    }
    s
}

/// The corpus as `phi-guard scan` input: one `{"id":N,"text":"…"}` per line.
pub fn jsonl(messages: &[String]) -> String {
    let mut out = String::new();
    for (i, m) in messages.iter().enumerate() {
        out.push_str(&format!("{{\"id\":{i},\"text\":{}}}\n", json_string(m)));
    }
    out
}

fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
