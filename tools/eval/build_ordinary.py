#!/usr/bin/env python3
"""Build the false-positive corpus tools/eval/data/ordinary.jsonl.

Ordinary, non-medical messages in en, it, de, es, fr, taken from permissively licensed packages on
PyPI (pinned in tools/eval/requirements.txt). Two registers:

chat (what people write to each other):
  chatterbot-corpus 1.3.3  (BSD-3-Clause)  multilingual dialog corpus, YAML conversations in
                                           english/ italian/ german/ spanish/ french/
  chitchat-dataset  0.9.0  (MIT)           BYU PCC lab Chit-Chat Challenge: 7,168 real English
                                           chat conversations between people (258k messages)

notifications (what services send: account, order, registration and reminder texts), the
gettext message catalogs (.po) shipped in
  Django 5.2.19 (BSD-3-Clause), django-allauth 65.21.1 (MIT), django-oscar 4.2.1 (BSD-3-Clause),
  Indico 3.2.9 (MIT)
English uses the catalogs' msgids (the English source strings), the other languages the
translations (msgstr; fuzzy and obsolete entries skipped).

No package reachable here ships Tatoeba sentences or SMS ham in these languages, and the chat
sources are small outside English (chatterbot has about 950 Italian, 750 Spanish, 180 German and
110 French usable lines), so the catalogs fill each language up to PER_LANG messages. run.py
reports the rate per source, so the chat-only figure stays visible.

A candidate message is kept when

  1. it has at least MIN_WORDS words (MIN_WORDS_UI for catalog strings, which are often bare
     labels) and at most MAX_CHARS characters (one-word replies such as "Hi" test nothing), and a
     catalog string carries no placeholder or markup (UI_REJECT: %, {, }, <, >, _, backslash, a
     line break, a URL, an HTML entity);
  2. it does not genuinely talk about health: HEALTH_PATTERNS below, matched per language on the
     lower-cased, accent-folded text as whole words; a chatterbot file whose category is health
     (english/health.yml, italian/health.yml, german/health.yml) is dropped whole for the same
     reason;
  3. it is not a duplicate (after whitespace normalisation and case folding) of a kept message.

Sampling is deterministic: per language all chatterbot messages are kept, then catalog strings
(English: EN_UI messages) in order of sha256(source + ":" + text), then, for English, chitchat
messages in the same order up to PER_LANG. Rebuilding gives byte-identical output.

    python3 -m venv /tmp/evalvenv
    /tmp/evalvenv/bin/pip install --no-deps -r tools/eval/requirements.txt
    /tmp/evalvenv/bin/python tools/eval/build_ordinary.py
"""

import ast
import glob
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import re
import sys
import unicodedata

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "data", "ordinary.jsonl")

PER_LANG = 4000
EN_UI = 1000
MIN_WORDS = 3
MIN_WORDS_UI = 4
MAX_CHARS = 400
UI_REJECT = re.compile(r"[%{}<>_\\\n]|https?:|&\w+;")

# gettext catalogs: (distribution, module, glob of .po files under the module, language dirs).
CATALOGS = [
    ("Django", "django", "**/locale/{d}/LC_MESSAGES/django*.po"),
    ("django-allauth", "allauth", "locale/{d}/LC_MESSAGES/django.po"),
    ("django-oscar", "oscar", "locale/{d}/LC_MESSAGES/django.po"),
    ("indico", "indico", "translations/{d}/LC_MESSAGES/messages*.po"),
]
CATALOG_DIRS = {"it": ("it", "it_IT"), "de": ("de", "de_DE"), "es": ("es", "es_ES"),
                "fr": ("fr", "fr_FR")}

CHATTERBOT_DIRS = {"en": "english", "it": "italian", "de": "german", "es": "spanish", "fr": "french"}
CHATTERBOT_HEALTH_FILES = {"health.yml"}

# Messages that genuinely talk about health are not "ordinary" for this corpus. Patterns are
# matched on lower-cased text without diacritics, as whole words; `*` at the end is a prefix
# match, at the start a suffix match ("*itis": arthritis, gastritis), alone any one word; a space
# inside a pattern matches any run of spaces. Deliberately absent: words that are
# mostly non-medical in chat ("cold" as weather, "stroke" of luck, "addicted" to a game,
# "depressing" news, "psychology" as a school subject, "stress", "tired", "diet", "ill" (which
# also matches "I'll"), Italian "cura" / "ricetta" / "influenza" (influence), German "Sucht" /
# "sucht" (seeks), Spanish / German / French words for "recipe").
HEALTH_PATTERNS = {
    "en": [
        "doctor*", "doc", "physician*", "nurse*", "hospital*", "clinic*", "medic*", "pill", "pills",
        "prescription*", "pharmac*", "drugstore", "sick*", "illness*", "disease*",
        "infection*", "infected", "virus*", "flu", "fever*", "cough*", "headache*", "head ache*",
        "ache", "aches", "aching", "pain", "pains", "painful", "hurt*", "injur*", "wounded", "bleed*",
        "blood", "surgery", "surgeries", "surgeon*", "therap*", "psychiatr*", "psychologist*",
        "depression*", "depressed", "anxiety", "anxious", "panic attack*", "mental health", "cancer*", "tumor*",
        "tumour*", "diabet*", "asthma*", "allerg*", "pregnan*", "vaccin*", "dentist*", "dental",
        "health*", "diagnos*", "symptom*", "treatment*", "cure", "cured", "heal", "healed",
        "healing", "rehab*", "addiction*", "overdose*", "have a cold", "had a cold", "caught a cold",
        "got a cold", "feel sick", "feeling sick", "not feeling well", "throw up", "threw up",
        "throwing up", "vomit*", "nause*", "cholesterol", "insulin", "heart attack*", "had a stroke",
        "covid*", "coronavirus", "quarantin*", "fractur*", "broke my", "broken arm", "broken leg",
        "emergency room", "ambulance*", "side effect*", "dose", "doses", "blood pressure",
        "migraine*", "concussion*", "disorder*", "adhd", "autis*", "insomnia", "antibiotic*",
        "std", "stds", "hiv", "aids", "suicid*", "get well soon", "*itis", "ptsd", "obes*",
        "epidemic*", "pandemic*", "sore throat", "sores",
    ],
    "it": [
        "medic*", "dottor*", "infermier*", "ospedal*", "clinic*", "farmac*", "pillol*", "malat*",
        "sto male", "stai male", "sta male", "mi sento male", "ti senti male", "febbre", "tosse",
        "raffreddor*", "mal di *", "dolor*", "ferit*", "sangue", "chirurg*", "terapi*",
        "psicologo", "psicologa", "psicologi", "psichiatr*", "depress*", "ansia", "cancro", "tumor*", "diabet*", "asma",
        "allergi*", "incinta", "gravidanz*", "vaccin*", "dentist*", "salute", "diagnos*",
        "sintom*", "guari*", "virus", "covid*", "ricover*", "pronto soccorso", "ambulanz*",
        "antibiotic*", "disturb* alimentar*", "suicid*", "obes*", "epidemi*",
        "pandemi*",
    ],
    "de": [
        "arzt", "arzte", "arztin", "arztes", "doktor*", "krankenhaus*", "klinik*",
        "krankenschwester*", "pfleger*", "apothek*", "medizin*", "medikament*", "tablette*",
        "pille*", "krank*", "fieber", "husten", "erkaltung*", "grippe", "schmerz*",
        "kopfschmerz*", "verletz*", "wunde*", "blut", "chirurg*", "operation*", "therapie*",
        "therapeut*", "psychologe*", "psychologin*", "psychiat*", "depression*", "krebs", "diabet*", "asthma",
        "allergi*", "schwanger*", "impf*", "zahnarzt*", "gesundheit*", "gesund", "diagnose*",
        "symptom*", "behandlung*", "virus", "corona*", "covid*", "mir ist schlecht", "ubel",
        "notaufnahme", "krankenwagen", "antibiotik*", "suizid*", "*itis", "adipos*",
        "epidemie*", "pandemie*", "gute besserung",
    ],
    "es": [
        "medic*", "doctor*", "enferm*", "hospital*", "clinic*", "farmaci*", "pastilla*", "fiebre",
        "tos", "resfriad*", "gripe", "dolor*", "herid*", "sangre", "cirug*", "cirujan*",
        "terapia*", "terapeut*", "psicologo*", "psicologa*", "psiquiatr*", "depresi*", "deprimid*", "ansiedad",
        "cancer", "tumor*", "diabet*", "asma", "alergi*", "embarazad*", "embarazo", "vacun*",
        "dentista*", "salud", "diagnos*", "sintoma*", "tratamiento*", "curar*", "virus",
        "covid*", "me siento mal", "te sientes mal", "estoy malo", "estoy mala", "urgencias",
        "ambulancia*", "antibiotic*", "adiccion*", "suicid*", "mejorate", "*itis", "obes*",
        "epidemi*", "pandemi*",
    ],
    "fr": [
        "medecin*", "docteur*", "infirmi*", "hopita*", "clinique*", "pharmaci*", "medicament*",
        "medecine*", "pilule*", "comprime*", "ordonnance*", "malad*", "fievre", "toux", "rhume*",
        "grippe", "douleur*", "mal a la tete", "mal au ventre", "mal au dos", "mal aux dents",
        "bless*", "sang", "chirurg*", "therap*", "psychologue*", "psychiatr*", "depress*",
        "anxiete", "cancer*", "tumeur*", "diabet*", "asthme", "allergi*", "enceinte", "grossesse",
        "vaccin*", "dentiste*", "sante", "diagnostic*", "symptome*", "traitement*", "gueri*",
        "virus", "covid*", "je me sens mal", "urgences", "ambulance*", "antibiotique*",
        "addiction*", "suicid*", "obes*", "epidemi*", "pandemi*",
    ],
}


def fold(text):
    """Lower-case and strip diacritics (ä -> a, é -> e), as the health patterns are written."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def compile_patterns(patterns):
    parts = []
    for p in patterns:
        words = []
        for w in p.split(" "):
            if w == "*":
                words.append(r"\w+")
            elif w.startswith("*"):
                words.append(r"\w+" + re.escape(w[1:]))
            elif w.endswith("*"):
                words.append(re.escape(w[:-1]) + r"\w*")
            else:
                words.append(re.escape(w))
        parts.append(r"\s+".join(words))
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)")


HEALTH_RE = {lang: compile_patterns(p) for lang, p in HEALTH_PATTERNS.items()}


def is_health(lang, text):
    return HEALTH_RE[lang].search(fold(text)) is not None


def normalise(text):
    return " ".join(text.split())


def usable(text):
    return len(text.split()) >= MIN_WORDS and len(text) <= MAX_CHARS


def usable_ui(text):
    return (len(text.split()) >= MIN_WORDS_UI and len(text) <= MAX_CHARS
            and not UI_REJECT.search(text))


_PO_LINE = re.compile(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[0\])?|msgstr\[\d+\])\s+(".*")$')


def _po_string(literal):
    """A PO string literal: C-style escapes, which are a subset of Python's."""
    return ast.literal_eval(literal)


def parse_po(path):
    """(msgid, msgstr) pairs of a .po file; fuzzy, obsolete and untranslated entries skipped."""
    entries = []
    cur, field, fuzzy = {}, None, False

    def flush():
        nonlocal cur, fuzzy
        if cur.get("msgid") and cur.get("msgstr") and not fuzzy:
            entries.append((cur["msgid"], cur["msgstr"]))
        cur, fuzzy = {}, False

    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip():
                flush()
                field = None
            elif line.startswith("#,"):
                fuzzy = fuzzy or "fuzzy" in line
            elif line.startswith("#"):
                field = None
            elif line.startswith('"'):
                if field:
                    cur[field] += _po_string(line)
            else:
                m = _PO_LINE.match(line)
                if not m:
                    field = None
                    continue
                name = m.group(1)
                if name == "msgstr[0]":
                    name = "msgstr"
                if name in ("msgctxt", "msgid") and "msgstr" in cur:
                    flush()
                field = name if name in ("msgctxt", "msgid", "msgid_plural", "msgstr") else None
                if field:
                    cur[field] = _po_string(m.group(2))
    flush()
    return entries


def catalog_messages(lang):
    """(source, text): translations for it/de/es/fr, the English msgids for en."""
    dirs = CATALOG_DIRS["it"] if lang == "en" else CATALOG_DIRS[lang]
    for dist, module, pattern in CATALOGS:
        source = f"{dist}-{importlib.metadata.version(dist)}"
        base = package_dir(module)
        paths = sorted({p for d in dirs for p in glob.glob(os.path.join(base, pattern.format(d=d)),
                                                             recursive=True)})
        for path in paths:
            for msgid, msgstr in parse_po(path):
                yield source, normalise(msgid if lang == "en" else msgstr)


def key(source, text):
    return hashlib.sha256(f"{source}:{text}".encode("utf-8")).hexdigest()


def package_dir(module):
    return os.path.dirname(importlib.util.find_spec(module).origin)


def chatterbot_messages(lang):
    base = os.path.join(package_dir("chatterbot_corpus"), "data", CHATTERBOT_DIRS[lang])
    for name in sorted(os.listdir(base)):
        if not name.endswith(".yml") or name in CHATTERBOT_HEALTH_FILES:
            continue
        with open(os.path.join(base, name), encoding="utf-8") as f:
            doc = yaml.safe_load(f)
        for conversation in doc.get("conversations") or []:
            for utterance in conversation:
                if isinstance(utterance, str):
                    yield normalise(utterance)


def chitchat_messages():
    with open(os.path.join(package_dir("chitchat_dataset"), "dataset.json"), encoding="utf-8") as f:
        data = json.load(f)
    for conv_id in sorted(data):
        for turn in data[conv_id]["messages"]:
            for message in turn:
                yield normalise(message["text"])


def main():
    versions = {
        "chatterbot-corpus": importlib.metadata.version("chatterbot-corpus"),
        "chitchat-dataset": importlib.metadata.version("chitchat-dataset"),
    }
    rows = []
    stats = {}
    for lang in ("en", "it", "de", "es", "fr"):
        seen = set()
        kept = []
        dropped = {}

        def take(pairs, limit, ok):
            """Keep up to `limit` usable, health-free, new messages of (source, text) pairs."""
            candidates = []
            for source, text in pairs:
                if not ok(text):
                    continue
                folded = text.casefold()
                if folded in seen:
                    continue
                seen.add(folded)
                if is_health(lang, text):
                    dropped[source] = dropped.get(source, 0) + 1
                    continue
                candidates.append((key(source, text), source, text))
            candidates.sort()
            kept.extend(candidates[:max(limit, 0)])

        chatterbot = f"chatterbot-corpus-{versions['chatterbot-corpus']}"
        take(((chatterbot, t) for t in chatterbot_messages(lang)), PER_LANG, usable)
        take(catalog_messages(lang), EN_UI if lang == "en" else PER_LANG - len(kept), usable_ui)
        if lang == "en":
            chitchat = f"chitchat-dataset-{versions['chitchat-dataset']}"
            take(((chitchat, t) for t in chitchat_messages()), PER_LANG - len(kept), usable)
        stats[lang] = (len(kept), dropped)
        rows.extend((lang, source, h, text) for h, source, text in kept)

    rows.sort()
    counters = {}
    with open(OUT, "w", encoding="utf-8") as f:
        for lang, source, _, text in rows:
            counters[lang] = counters.get(lang, 0) + 1
            rec = {"id": f"ord-{lang}-{counters[lang]:05d}", "lang": lang, "source": source,
                   "text": text}
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    for lang, (n, dropped) in stats.items():
        print(f"{lang}: {n} messages kept; dropped by the health rule (of all scanned): {dropped}",
              file=sys.stderr)


if __name__ == "__main__":
    main()
