#!/usr/bin/env python3
"""Build the recall corpus tools/eval/data/recall.jsonl from tools/eval/terms.tsv.

Every clinical term is embedded in each realistic message frame written for its language and
kind (FRAMES below). The frames are the kind of SMS / e-mail text a clinic, pharmacy or care team
sends; on their own (with a neutral word in place of the term) they carry no health information,
which run.py checks ("frame controls"), so a flagged message is flagged because of the term.

The terms are hand-curated (see the header of terms.tsv): no package reachable from this
workplace ships a permissively licensed clinical vocabulary that the lexicon generator does not
already read (checked: @cspell/dict-medicalterms is GPL-3.0; drugstandards is DrugBank-derived;
medterm4ds needs UMLS).

Kinds map to categories: condition, medication, procedure, behavioral, and department /
specialist -> specialty (they only differ in how a frame names them).

    python3 tools/eval/build_recall.py
"""

import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
TERMS = os.path.join(HERE, "terms.tsv")
OUT = os.path.join(HERE, "data", "recall.jsonl")
SOURCE = "hand-curated (tools/eval/terms.tsv)"

CATEGORY = {
    "condition": "condition",
    "medication": "medication",
    "procedure": "procedure",
    "behavioral": "behavioral",
    "department": "specialty",
    "specialist": "specialty",
}

FRAMES = {
    "en": {
        "condition": [
            "Reminder: your {term} follow-up with Dr. Patel is tomorrow at 3:00 PM.",
            "Hi Sam, this is Riverside Medical. We'd like to schedule a visit to review your {term}.",
            "Your {term} care plan was updated this morning. Log in to the portal to see the changes.",
        ],
        "medication": [
            "Your {term} prescription is ready for pickup at Main Street Pharmacy.",
            "Reminder: it's time to refill your {term}. Reply YES to request a refill.",
            "Dr. Adams approved your {term} refill. It will be ready after 4 PM.",
        ],
        "procedure": [
            "Reminder: your {term} is scheduled for Monday at 8:00 AM. Please arrive 15 minutes early.",
            "Your {term} on June 3 at 9:15 AM is confirmed. Reply C to confirm or R to reschedule.",
            "Your {term} appointment has been moved to Friday at 2:30 PM.",
        ],
        "behavioral": [
            "Reminder: your {term} appointment is tomorrow at 4 PM.",
            "Hi Alex, Dr. Rivera would like to check in about your {term} this week.",
            "Your {term} treatment plan has been updated. Call us with any questions.",
        ],
        "department": [
            "Your {term} appointment is on Tuesday at 11:00 AM.",
            "You have a new message from the {term} team at Lakeview. Log in to read it.",
            "Please confirm your {term} visit on June 3 by replying C.",
        ],
        "specialist": [
            "Reminder: you have an appointment with your {term} on Tuesday at 11:00 AM.",
            "Your {term} sent you a new message. Log in to the portal to read it.",
            "Dr. Kim, your {term}, has an opening tomorrow at 9 AM. Reply 1 to book it.",
        ],
    },
    "it": {
        "condition": [
            "Promemoria: controllo per {term} domani alle 10:00 con il dott. Rossi.",
            "Gentile paziente, la visita di controllo per {term} è confermata per lunedì alle 9:30.",
            "Il suo piano di cura per {term} è stato aggiornato. Acceda al portale per i dettagli.",
        ],
        "medication": [
            "La sua ricetta per {term} è pronta: può ritirarla in farmacia da domani.",
            "Promemoria: si ricordi di ritirare {term} in farmacia entro venerdì.",
            "Il dott. Rossi ha rinnovato la prescrizione di {term}.",
        ],
        "procedure": [
            "Promemoria: appuntamento per {term} lunedì alle 8:00. Si presenti 15 minuti prima.",
            "Confermato: {term} il 3 giugno alle 9:15. Risponda C per confermare.",
            "Il suo appuntamento per {term} è stato spostato a venerdì alle 14:30.",
        ],
        "behavioral": [
            "Promemoria: appuntamento per {term} domani alle 16:00.",
            "Il suo percorso per {term} riprende martedì alle 17:00.",
            "La dott.ssa Bianchi vorrebbe sentirla riguardo a {term} questa settimana.",
        ],
        "department": [
            "Promemoria: appuntamento presso {term} martedì alle 11:00.",
            "Nuovo messaggio da {term}: la preghiamo di richiamare.",
            "Confermi la visita presso {term} di giovedì rispondendo SI.",
        ],
        "specialist": [
            "Promemoria: appuntamento con {term} dott. Verdi martedì alle 11:00.",
            "Il suo {term} le ha inviato un nuovo messaggio.",
            "Il dott. Verdi ({term}) ha un posto libero domani alle 9: risponda 1 per prenotare.",
        ],
    },
    "de": {
        "condition": [
            "Erinnerung: Ihr Kontrolltermin wegen {term} ist morgen um 10:00 Uhr.",
            "Hallo Frau Weber, Dr. Braun möchte beim nächsten Termin mit Ihnen über {term} sprechen.",
            "Ihr Behandlungsplan für {term} wurde aktualisiert. Details finden Sie im Portal.",
        ],
        "medication": [
            "Ihr Rezept für {term} liegt zur Abholung in der Apotheke bereit.",
            "Erinnerung: Bitte holen Sie {term} bis Freitag in der Apotheke ab.",
            "Dr. Braun hat das Folgerezept für {term} ausgestellt.",
        ],
        "procedure": [
            "Erinnerung: Ihr Termin für {term} ist am Montag um 8:00 Uhr. Bitte kommen Sie 15 Minuten früher.",
            "Bestätigt: {term} am 3. Juni um 9:15 Uhr. Antworten Sie mit 1 zum Bestätigen.",
            "Ihr Termin für {term} wurde auf Freitag, 14:30 Uhr verschoben.",
        ],
        "behavioral": [
            "Erinnerung: Ihr Termin wegen {term} ist morgen um 16:00 Uhr.",
            "Frau Dr. Schulz möchte diese Woche mit Ihnen über {term} sprechen.",
            "Ihr Behandlungsplan ({term}) wurde aktualisiert. Bei Fragen rufen Sie uns an.",
        ],
        "department": [
            "Ihr Termin: {term}, Dienstag 11:00 Uhr. Bitte kommen Sie 15 Minuten früher.",
            "Neue Nachricht ({term}): Bitte rufen Sie uns zurück.",
            "Bitte bestätigen Sie Ihren Termin ({term}) am Donnerstag mit JA.",
        ],
        "specialist": [
            "Ihr {term}, Dr. Braun, hat morgen um 9 Uhr einen Termin frei.",
            "Dr. Braun ({term}) hat Ihnen eine neue Nachricht gesendet.",
            "Terminbestätigung: Dr. Braun, {term}, Dienstag 11:00 Uhr.",
        ],
    },
    "es": {
        "condition": [
            "Recordatorio: su cita de control de {term} es mañana a las 10:00.",
            "Hola Ana, la Dra. López quiere revisar su {term} en la próxima visita.",
            "Su plan de cuidados para {term} se ha actualizado. Consulte el portal del paciente.",
        ],
        "medication": [
            "Su receta de {term} ya está lista para recoger en la farmacia.",
            "Recordatorio: recoja su {term} en la farmacia antes del viernes.",
            "La Dra. López ha renovado su receta de {term}.",
        ],
        "procedure": [
            "Recordatorio: su cita para {term} es el lunes a las 8:00. Llegue 15 minutos antes.",
            "Confirmado: {term} el 3 de junio a las 9:15. Responda C para confirmar.",
            "Su cita para {term} se ha cambiado al viernes a las 14:30.",
        ],
        "behavioral": [
            "Recordatorio: su sesión de seguimiento ({term}) es mañana a las 16:00.",
            "La Dra. Ruiz quiere hablar con usted sobre su {term} esta semana.",
            "Su plan de cuidados ({term}) se ha actualizado. Llámenos si tiene dudas.",
        ],
        "department": [
            "Recordatorio: cita en {term} el martes a las 11:00.",
            "Nuevo mensaje de {term}: por favor, llámenos.",
            "Confirme su cita en {term} del jueves respondiendo SI.",
        ],
        "specialist": [
            "Recordatorio: cita con el {term} el martes a las 11:00.",
            "Su {term} le ha enviado un nuevo mensaje.",
            "El Dr. Gómez ({term}) tiene un hueco mañana a las 9. Responda 1 para reservar.",
        ],
    },
    "fr": {
        "condition": [
            "Rappel : votre consultation de suivi pour {term} est demain à 10h.",
            "Bonjour, le Dr Martin souhaite faire le point sur votre {term} lors du prochain rendez-vous.",
            "Votre plan de soins pour {term} a été modifié. Consultez votre espace patient.",
        ],
        "medication": [
            "Votre ordonnance de {term} est prête à la pharmacie.",
            "Rappel : pensez à récupérer votre {term} à la pharmacie avant vendredi.",
            "Le Dr Martin a renouvelé votre ordonnance de {term}.",
        ],
        "procedure": [
            "Rappel : votre rendez-vous pour {term} est lundi à 8h. Merci d'arriver 15 minutes en avance.",
            "Confirmé : {term} le 3 juin à 9h15. Répondez C pour confirmer.",
            "Votre rendez-vous pour {term} est déplacé à vendredi 14h30.",
        ],
        "behavioral": [
            "Rappel : votre séance de suivi ({term}) est demain à 16h.",
            "Le Dr Bernard souhaite faire le point avec vous sur votre {term} cette semaine.",
            "Votre plan de soins ({term}) a été modifié. Appelez-nous pour toute question.",
        ],
        "department": [
            "Rappel : rendez-vous en {term} mardi à 11h.",
            "Nouveau message ({term}) : merci de nous rappeler.",
            "Merci de confirmer votre rendez-vous ({term}) de jeudi en répondant OUI.",
        ],
        "specialist": [
            "Rappel : rendez-vous avec votre {term} mardi à 11h.",
            "Votre {term} vous a envoyé un nouveau message.",
            "Le Dr Petit ({term}) a une disponibilité demain à 9h. Répondez 1 pour réserver.",
        ],
    },
}

# A neutral stand-in for the term, per language, for the frame controls in run.py.
NEUTRAL = {"en": "Tuesday", "it": "martedì", "de": "Dienstag", "es": "martes", "fr": "mardi"}


def read_terms():
    terms = []
    with open(TERMS, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            lang, kind, term = line.split("\t")
            if kind not in CATEGORY or lang not in FRAMES:
                raise SystemExit(f"terms.tsv: bad line {line!r}")
            terms.append((lang, kind, term))
    return terms


def frame_controls():
    """(lang, kind, frame index, text) with a neutral word in place of the term."""
    for lang, kinds in FRAMES.items():
        for kind, frames in kinds.items():
            for i, frame in enumerate(frames):
                yield lang, kind, i, frame.format(term=NEUTRAL[lang])


def main():
    rows = []
    for lang, kind, term in read_terms():
        for i, frame in enumerate(FRAMES[lang][kind]):
            rows.append((lang, CATEGORY[kind], kind, term, i, frame.format(term=term)))
    counters = {}
    with open(OUT, "w", encoding="utf-8") as f:
        for lang, category, kind, term, i, text in rows:
            counters[lang] = counters.get(lang, 0) + 1
            rec = {"id": f"rec-{lang}-{counters[lang]:05d}", "lang": lang, "category": category,
                   "kind": kind, "term": term, "frame": i, "source": SOURCE, "text": text}
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(f"{len(rows)} messages for {len({(r[0], r[3], r[2]) for r in rows})} terms")


if __name__ == "__main__":
    main()
