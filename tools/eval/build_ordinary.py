#!/usr/bin/env python3
"""Build the false-positive corpus tools/eval/data/ordinary.jsonl.

Ordinary, non-medical chat messages in en, it, de, es, fr, taken from two permissively licensed
packages on PyPI (pinned in tools/eval/requirements.txt):

  chatterbot-corpus 1.3.3  (BSD-3-Clause)  multilingual dialog corpus, YAML conversations in
                                           english/ italian/ german/ spanish/ french/
  chitchat-dataset  0.9.0  (MIT)           BYU PCC lab Chit-Chat Challenge: 7,168 real English
                                           chat conversations between people (258k messages)

Every utterance is one candidate message. A candidate is kept when

  1. it has at least MIN_WORDS words and at most MAX_CHARS characters (one-word replies such as
     "Hi" or "ok" are realistic but test nothing);
  2. it does not genuinely talk about health: HEALTH_PATTERNS below, matched per language on the
     lower-cased, accent-folded text as whole words (a trailing `*` is a prefix); a chatterbot file
     whose category is health (english/health.yml, italian/health.yml, german/health.yml) is
     dropped whole for the same reason;
  3. it is not a duplicate (after whitespace normalisation and case folding) of a kept message.

Sampling is deterministic: per language all chatterbot messages are kept; English is filled up
to PER_LANG messages with chitchat messages in order of sha256("chitchat:" + text). The output is
sorted by language, source and that hash, so rebuilding gives byte-identical output.

    python3 -m venv /tmp/evalvenv
    /tmp/evalvenv/bin/pip install --no-deps -r tools/eval/requirements.txt
    /tmp/evalvenv/bin/python tools/eval/build_ordinary.py
"""

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
MIN_WORDS = 3
MAX_CHARS = 400

CHATTERBOT_DIRS = {"en": "english", "it": "italian", "de": "german", "es": "spanish", "fr": "french"}
CHATTERBOT_HEALTH_FILES = {"health.yml"}

# Messages that genuinely talk about health are not "ordinary" for this corpus. Patterns are
# matched on lower-cased text without diacritics, as whole words; `*` at the end is a prefix
# match; a space inside a pattern matches any run of spaces. Deliberately absent: words that are
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
        "std", "stds", "hiv", "aids", "suicid*", "get well soon",
    ],
    "it": [
        "medic*", "dottor*", "infermier*", "ospedal*", "clinic*", "farmac*", "pillol*", "malat*",
        "sto male", "stai male", "sta male", "mi sento male", "ti senti male", "febbre", "tosse",
        "raffreddor*", "mal di *", "dolor*", "ferit*", "sangue", "chirurg*", "terapi*",
        "psicologo", "psicologa", "psicologi", "psichiatr*", "depress*", "ansia", "cancro", "tumor*", "diabet*", "asma",
        "allergi*", "incinta", "gravidanz*", "vaccin*", "dentist*", "salute", "diagnos*",
        "sintom*", "guari*", "virus", "covid*", "ricover*", "pronto soccorso", "ambulanz*",
        "antibiotic*", "disturb* alimentar*", "suicid*",
    ],
    "de": [
        "arzt", "arzte", "arztin", "arztes", "doktor*", "krankenhaus*", "klinik*",
        "krankenschwester*", "pfleger*", "apothek*", "medizin*", "medikament*", "tablette*",
        "pille*", "krank*", "fieber", "husten", "erkaltung*", "grippe", "schmerz*",
        "kopfschmerz*", "verletz*", "wunde*", "blut", "chirurg*", "operation*", "therapie*",
        "therapeut*", "psychologe*", "psychologin*", "psychiat*", "depression*", "krebs", "diabet*", "asthma",
        "allergi*", "schwanger*", "impf*", "zahnarzt*", "gesundheit*", "gesund", "diagnose*",
        "symptom*", "behandlung*", "virus", "corona*", "covid*", "mir ist schlecht", "ubel",
        "notaufnahme", "krankenwagen", "antibiotik*", "suizid*", "gute besserung",
    ],
    "es": [
        "medic*", "doctor*", "enferm*", "hospital*", "clinic*", "farmaci*", "pastilla*", "fiebre",
        "tos", "resfriad*", "gripe", "dolor*", "herid*", "sangre", "cirug*", "cirujan*",
        "terapia*", "terapeut*", "psicologo*", "psicologa*", "psiquiatr*", "depresi*", "deprimid*", "ansiedad",
        "cancer", "tumor*", "diabet*", "asma", "alergi*", "embarazad*", "embarazo", "vacun*",
        "dentista*", "salud", "diagnos*", "sintoma*", "tratamiento*", "curar*", "virus",
        "covid*", "me siento mal", "te sientes mal", "estoy malo", "estoy mala", "urgencias",
        "ambulancia*", "antibiotic*", "adiccion*", "suicid*", "mejorate",
    ],
    "fr": [
        "medecin*", "docteur*", "infirmi*", "hopita*", "clinique*", "pharmaci*", "medicament*",
        "medecine*", "pilule*", "comprime*", "ordonnance*", "malad*", "fievre", "toux", "rhume*",
        "grippe", "douleur*", "mal a la tete", "mal au ventre", "mal au dos", "mal aux dents",
        "bless*", "sang", "chirurg*", "therap*", "psychologue*", "psychiatr*", "depress*",
        "anxiete", "cancer*", "tumeur*", "diabet*", "asthme", "allergi*", "enceinte", "grossesse",
        "vaccin*", "dentiste*", "sante", "diagnostic*", "symptome*", "traitement*", "gueri*",
        "virus", "covid*", "je me sens mal", "urgences", "ambulance*", "antibiotique*",
        "addiction*", "suicid*",
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
        dropped_health = 0

        def take(source, texts, limit):
            nonlocal dropped_health
            candidates = []
            for text in texts:
                if not usable(text):
                    continue
                folded = text.casefold()
                if folded in seen:
                    continue
                seen.add(folded)
                if is_health(lang, text):
                    dropped_health += 1
                    continue
                candidates.append((key(source, text), source, text))
            candidates.sort()
            kept.extend(candidates[:limit])

        take(f"chatterbot-corpus-{versions['chatterbot-corpus']}", chatterbot_messages(lang), PER_LANG)
        if lang == "en":
            take(f"chitchat-dataset-{versions['chitchat-dataset']}", chitchat_messages(),
                 PER_LANG - len(kept))
        stats[lang] = (len(kept), dropped_health)
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
        print(f"{lang}: {n} messages kept, {dropped} dropped by the health rule", file=sys.stderr)


if __name__ == "__main__":
    main()
