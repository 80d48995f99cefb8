"""phi_guard.presidio: phi-guard's findings inside a Presidio AnalyzerEngine."""

import spacy
from presidio_analyzer import AnalyzerEngine
from presidio_analyzer.nlp_engine import NlpEngineProvider

from phi_guard import Engine
from phi_guard.presidio import ENTITIES, PhiGuardRecognizer


def analyzer(tmp_path, languages):
    # Blank spaCy pipelines: no model download, only Presidio's pattern recognizers run
    # next to phi-guard's.
    models = []
    for lang in languages:
        path = tmp_path / f"blank_{lang}"
        spacy.blank(lang).to_disk(path)
        models.append({"lang_code": lang, "model_name": str(path)})
    nlp = NlpEngineProvider(nlp_configuration={"nlp_engine_name": "spacy", "models": models}).create_engine()
    return AnalyzerEngine(nlp_engine=nlp, supported_languages=languages)


def test_findings_become_presidio_results_next_to_its_own(tmp_path):
    a = analyzer(tmp_path, ["en"])
    a.registry.add_recognizer(PhiGuardRecognizer())
    text = "Your metformin 500mg refill for your diabetes is ready, call 555-123-4567"
    results = sorted(a.analyze(text=text, language="en"), key=lambda r: r.start)
    got = [(r.entity_type, text[r.start : r.end]) for r in results]
    assert ("MEDICATION", "metformin") in got
    assert ("MEDICATION_DOSAGE", "500mg") in got
    assert ("MEDICAL_CONDITION", "diabetes") in got
    assert ("PHONE_NUMBER", "555-123-4567") in got, "Presidio's own recognizers still run"
    # Offsets are phi-guard's character offsets.
    ours = [(ENTITIES[f.category], f.start, f.end) for f in Engine().check(text).findings]
    theirs = [(r.entity_type, r.start, r.end) for r in results if r.entity_type in ENTITIES.values()]
    assert sorted(theirs) == sorted(ours)
    # The explanation names the rule, never the text.
    explained = a.analyze(text=text, language="en", return_decision_process=True)
    for r in explained:
        if r.entity_type in ENTITIES.values():
            assert "metformin" not in r.analysis_explanation.textual_explanation
            assert r.analysis_explanation.textual_explanation.startswith("phi-guard rule phi/")


def test_entities_narrow_and_other_languages(tmp_path):
    a = analyzer(tmp_path, ["en", "de"])
    a.registry.add_recognizer(PhiGuardRecognizer())
    a.registry.add_recognizer(PhiGuardRecognizer(supported_language="de"))
    text = "Ihr Termin in der Kardiologie wegen Ihrer Diabetes-Kontrolle ist am Montag"
    only = a.analyze(text=text, language="de", entities=["MEDICAL_SPECIALTY"])
    assert [(r.entity_type, text[r.start : r.end]) for r in only] == [("MEDICAL_SPECIALTY", "Kardiologie")]
    assert a.analyze(text="See you on Monday at 10", language="en", entities=list(ENTITIES.values())) == []
    # Non-ASCII text before a finding: character offsets, not bytes.
    text = "Größe égal: Ihr Metformin ist fertig"
    r = [r for r in a.analyze(text=text, language="de") if r.entity_type == "MEDICATION"]
    assert [text[x.start : x.end] for x in r] == ["Metformin"]
