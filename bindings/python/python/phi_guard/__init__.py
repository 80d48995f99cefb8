"""Find protected health information (PHI) in patient messages.

phi-guard compiles clinical lexicons (English, Italian, German, Spanish, French) into a
word automaton plus pattern rules, and gives every text a verdict (``compliant``,
``review``, ``non_compliant``), a 0-100 risk score and findings that explain themselves.

>>> from phi_guard import Engine
>>> engine = Engine()
>>> report = engine.check("Your metformin 500mg prescription is ready")
>>> report.verdict
'non_compliant'
>>> [(f.rule, f.start, f.end) for f in report.findings]
[('phi/medication', 5, 14), ('phi/dosage', 15, 20)]
>>> engine.rewrite("Your metformin 500mg prescription is ready").text
'Your prescription is ready'

``Engine.check_arrow`` checks a whole Arrow string array (a record batch's column) in one
call, without copying it and with the GIL released, and returns an Arrow struct array.
Engines pickle as their configuration, so Spark and Ray can ship them to workers, where
each configuration is compiled once per process.
"""

from phi_guard._native import (
    ArrowArray,
    AuditRecord,
    Edit,
    Engine,
    Finding,
    PhiGuardError,
    Redacted,
    Redaction,
    Report,
    Rewrite,
    Triage,
    __version__,
)

__all__ = [
    "ArrowArray",
    "AuditRecord",
    "Edit",
    "Engine",
    "Finding",
    "PhiGuardError",
    "Redacted",
    "Redaction",
    "Report",
    "Rewrite",
    "Triage",
    "__version__",
]
