"""Type stubs of phi_guard (the classes live in phi_guard._native)."""

import os
from collections.abc import Sequence
from typing import Any, Literal

__version__: str

Verdict = Literal["compliant", "review", "non_compliant"]
Severity = Literal["info", "warning", "error"]
PolicyName = Literal["outbound", "broadcast", "marketing", "secure-channel", "strict"]
OperatorName = Literal["category", "mask", "remove", "pseudonym"]

class PhiGuardError(ValueError):
    """An invalid configuration or input (unknown policy, language or operator; a lexicon
    file that cannot be read or parsed). The message names the file and line, never
    message text."""

class Finding:
    """One piece of health information found in a text."""

    @property
    def rule(self) -> str:
        """The rule id (``phi/condition``, ``phi/medication``, ...)."""
    @property
    def category(self) -> str:
        """The category (``condition``, ``medication``, ``dosage``, ...)."""
    @property
    def severity(self) -> Severity:
        """How serious it is under the engine's policy."""
    @property
    def start(self) -> int:
        """Character offset of the start: ``text[f.start:f.end]`` is the match."""
    @property
    def end(self) -> int:
        """Character offset of the end."""
    @property
    def byte_start(self) -> int:
        """Byte offset of the start in the UTF-8 encoding of the text."""
    @property
    def byte_end(self) -> int:
        """Byte offset of the end in the UTF-8 encoding of the text."""
    @property
    def concept(self) -> str | None:
        """Concept code from the lexicon (``ICD10:E11``, ``INN:metformin``), if any."""
    @property
    def confidence(self) -> float:
        """How sure the engine is, from 0 to 1."""
    @property
    def lang(self) -> str | None:
        """The language of the lexicon entry (``None`` for patterns)."""
    @property
    def explanation(self) -> str:
        """One line saying why the finding matters (never quotes the text)."""

class Report:
    """The outcome of a check."""

    @property
    def verdict(self) -> Verdict: ...
    @property
    def score(self) -> int:
        """Risk from 0 (nothing found) to 100."""
    @property
    def findings(self) -> list[Finding]:
        """Findings in text order."""
    @property
    def policy(self) -> PolicyName: ...
    @property
    def compliant(self) -> bool:
        """True when the verdict is ``compliant``."""
    @property
    def rules(self) -> list[str]:
        """The distinct rule ids of the findings, sorted."""
    def __bool__(self) -> bool:
        """True when something was found."""
    def __len__(self) -> int:
        """The number of findings."""

class Edit:
    """One edit of a rewrite (offsets into the original text)."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def byte_start(self) -> int: ...
    @property
    def byte_end(self) -> int: ...
    @property
    def old(self) -> str:
        """The original text of the span (health information)."""
    @property
    def new(self) -> str: ...
    @property
    def rule(self) -> str | None: ...
    @property
    def action(self) -> str: ...

class Rewrite:
    """A compliant version of a text."""

    @property
    def text(self) -> str:
        """The rewritten text (empty when ``level`` is ``withheld``)."""
    @property
    def level(self) -> Literal["unchanged", "terms", "sentences", "message", "withheld"]: ...
    @property
    def lang(self) -> str: ...
    @property
    def edits(self) -> list[Edit]: ...
    @property
    def changed(self) -> bool: ...

class Redacted:
    """One replaced span: character offsets in the redacted and in the original text."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def original_start(self) -> int: ...
    @property
    def original_end(self) -> int: ...
    @property
    def category(self) -> str: ...
    @property
    def rule(self) -> str: ...

class Redaction:
    """A text with every finding replaced."""

    @property
    def text(self) -> str: ...
    @property
    def redacted(self) -> list[Redacted]: ...

class AuditRecord:
    """A PHI-free record of one check: a hash of the text, never the text."""

    @property
    def hmac_sha256(self) -> str | None:
        """HMAC-SHA-256 of the text under the audit key (records made with a key)."""
    @property
    def sha256(self) -> str | None:
        """Plain SHA-256 of the text (records made without a key)."""
    @property
    def verdict(self) -> Verdict: ...
    @property
    def score(self) -> int: ...
    @property
    def rules(self) -> dict[str, int]:
        """Number of findings per rule id."""
    @property
    def policy(self) -> PolicyName: ...
    @property
    def version(self) -> str: ...
    @property
    def lexicon(self) -> str:
        """The engine's lexicon fingerprint."""
    def to_dict(self) -> dict[str, Any]:
        """The record as ``phi-guard scan --audit`` writes it."""

class Triage:
    """What to do with a message a patient sent."""

    @property
    def health_information(self) -> bool: ...
    @property
    def categories(self) -> list[str]: ...
    @property
    def urgent(self) -> bool: ...
    @property
    def escalate(self) -> bool: ...
    @property
    def lang(self) -> str: ...
    @property
    def reply(self) -> str | None:
        """A neutral reply pointing to the secure channel, or ``None``."""
    @property
    def report(self) -> Report: ...

class ArrowArray:
    """An Arrow array owned by phi-guard, exported through ``__arrow_c_array__``
    (returned by ``check_arrow`` when pyarrow is not installed)."""

    def __arrow_c_array__(self, requested_schema: object | None = None) -> tuple[object, object]: ...
    def __len__(self) -> int: ...

class Engine:
    """Checks texts for protected health information.

    ``policy`` is one of ``outbound`` (default), ``broadcast``, ``marketing``,
    ``secure-channel``, ``strict``; ``languages`` a list of codes (``en``, ``it``, ``de``,
    ``es``, ``fr``; default all); ``allow`` phrases that are never findings; ``lexicons``
    paths of an organisation's own lexicon files. Engines with the same configuration
    share one compiled engine per process; an engine pickles as its configuration (the
    lexicon files must be readable where it is unpickled).
    """

    def __init__(
        self,
        policy: PolicyName = "outbound",
        languages: Sequence[str] | None = None,
        allow: Sequence[str] | None = None,
        lexicons: Sequence[str | os.PathLike[str]] | None = None,
    ) -> None: ...
    @property
    def policy(self) -> PolicyName: ...
    @property
    def languages(self) -> list[str]: ...
    @property
    def allow(self) -> list[str]: ...
    @property
    def lexicons(self) -> list[os.PathLike[str]]: ...
    @property
    def lexicon_fingerprint(self) -> str: ...
    def check(self, text: str) -> Report:
        """Checks one text."""
    def check_batch(self, texts: Sequence[str]) -> list[Report]:
        """Checks texts in order, one report each."""
    def check_arrow(
        self,
        array: Any,
        *,
        rewrite: bool = False,
        redact: OperatorName | None = None,
        key: bytes | None = None,
        audit: bool = False,
        audit_key: bytes | None = None,
    ) -> Any:
        """Checks every row of an Arrow string array (``string``, ``large_string`` or
        ``string_view``; anything with ``__arrow_c_array__``) without copying it.

        Returns a struct array with one row per input row (null for a null row):
        ``verdict`` (string), ``score`` (uint8), ``rules`` (list of distinct rule ids),
        ``findings`` (list of structs: ``rule``, ``category``, ``severity``, ``start``,
        ``end`` in characters, ``byte_start``, ``byte_end``), and, when asked for,
        ``rewrite``, ``redacted`` (with the ``redact`` operator) and, with ``audit``,
        ``hmac_sha256`` under ``audit_key`` or, without one, a plain ``sha256``. A
        ``pyarrow.StructArray`` when pyarrow is installed, else an
        :class:`ArrowArray`.
        """
    def rewrite(self, text: str) -> Rewrite:
        """A compliant version of the text."""
    def redact(self, text: str, operator: OperatorName = "category", key: bytes | None = None) -> Redaction:
        """The text with every finding replaced (``pseudonym`` needs a key of 16+ bytes)."""
    def audit(self, text: str, key: bytes | None = None) -> AuditRecord:
        """The PHI-free audit record of a check of the text: with ``key`` (16 bytes or
        more) its HMAC-SHA-256 under the key, else its plain SHA-256."""
    def triage(self, text: str) -> Triage:
        """Triage of an inbound message."""
