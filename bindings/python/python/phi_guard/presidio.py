"""A Presidio recognizer for clinical content: phi-guard's findings as Presidio results.

Presidio finds names, phone numbers and other identifiers; it has no vocabulary of
conditions, drugs or procedures. Add this recognizer to an existing ``AnalyzerEngine`` and
the same ``analyze`` call reports those too, one entity type per phi-guard category::

    from presidio_analyzer import AnalyzerEngine
    from phi_guard.presidio import PhiGuardRecognizer

    analyzer = AnalyzerEngine()
    analyzer.registry.add_recognizer(PhiGuardRecognizer())
    analyzer.analyze("Your metformin refill is ready", language="en")

It needs ``presidio-analyzer`` (``pip install presidio-analyzer``); phi-guard itself does
not depend on it. One recognizer serves every language phi-guard knows: pass
``supported_language`` to register it for another one (Presidio keeps one recognizer per
language). Scores are the findings' confidences. The explanation names the phi-guard rule,
never the matched text.
"""

from __future__ import annotations

from typing import Optional

from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult

from phi_guard._native import Engine

#: phi-guard category -> Presidio entity type.
ENTITIES: dict[str, str] = {
    "condition": "MEDICAL_CONDITION",
    "medication": "MEDICATION",
    "dosage": "MEDICATION_DOSAGE",
    "procedure": "MEDICAL_PROCEDURE",
    "result_value": "MEDICAL_TEST_RESULT",
    "specialty": "MEDICAL_SPECIALTY",
    "behavioral_health": "BEHAVIORAL_HEALTH",
    "diagnosis_code": "ICD10_CODE",
    "billing": "MEDICAL_BILLING",
    "identifier": "HEALTH_IDENTIFIER",
    "placeholder": "CLINICAL_PLACEHOLDER",
}


class PhiGuardRecognizer(EntityRecognizer):
    """Reports phi-guard's findings as Presidio ``RecognizerResult`` objects.

    ``engine`` is the phi-guard engine to use (default: ``Engine()``, every built-in lexicon
    and language, the outbound policy); ``supported_entities`` narrows the entity types.
    """

    def __init__(
        self,
        engine: Optional[Engine] = None,
        supported_entities: Optional[list[str]] = None,
        supported_language: str = "en",
    ) -> None:
        self.engine = engine if engine is not None else Engine()
        super().__init__(
            supported_entities=supported_entities or sorted(set(ENTITIES.values())),
            supported_language=supported_language,
            name="PhiGuardRecognizer",
        )

    def load(self) -> None:
        """Nothing to load: the engine is compiled when the recognizer is made."""

    def analyze(self, text: str, entities: list[str], nlp_artifacts=None) -> list[RecognizerResult]:
        """The findings of ``text`` whose entity type is asked for (all when ``entities``
        is empty), with character offsets as Presidio uses them."""
        wanted = set(entities or self.supported_entities) & set(self.supported_entities)
        results = []
        for f in self.engine.check(text).findings:
            entity = ENTITIES.get(f.category)
            if entity is None or entity not in wanted:
                continue
            explanation = AnalysisExplanation(
                recognizer=self.name,
                original_score=f.confidence,
                textual_explanation=f"phi-guard rule {f.rule}: {f.explanation}",
            )
            results.append(
                RecognizerResult(
                    entity_type=entity,
                    start=f.start,
                    end=f.end,
                    score=f.confidence,
                    analysis_explanation=explanation,
                    recognition_metadata={
                        RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                        RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                    },
                )
            )
        return results
