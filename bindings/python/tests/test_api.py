"""The Python API: reports, offsets, rewrites, redaction, audit, triage, errors, pickling."""

import concurrent.futures
import multiprocessing
import pickle

import pytest

import phi_guard
from phi_guard import Engine, PhiGuardError


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine()


def test_check_reports_verdict_score_and_findings(engine):
    r = engine.check("Your metformin 500mg prescription is ready")
    assert r.verdict == "non_compliant"
    assert not r.compliant
    assert r.policy == "outbound"
    assert 0 < r.score <= 100
    assert [(f.rule, f.category, f.severity) for f in r.findings] == [
        ("phi/medication", "medication", "error"),
        ("phi/dosage", "dosage", "error"),
    ]
    assert r.rules == ["phi/dosage", "phi/medication"]
    assert len(r) == 2 and bool(r)
    assert r.findings[0].explanation

    clean = engine.check("Your prescription is ready for pickup")
    assert clean.verdict == "compliant" and clean.compliant
    assert clean.score == 0 and clean.findings == [] and not clean


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Ihre Überweisung zur Kardiologie: Metformin 500mg", ["Kardiologie", "Metformin", "500mg"]),
        ("🙂🙂 your diabetes checkup", ["diabetes"]),
        ("日本語 and then asthma", ["asthma"]),
        ("Résultats: cholestérol 220 mg/dL", None),
    ],
)
def test_offsets_index_python_strings_and_utf8_bytes(engine, text, expected):
    r = engine.check(text)
    assert r.findings
    data = text.encode("utf-8")
    for f in r.findings:
        # Character offsets slice the str, byte offsets its UTF-8 encoding, to the same text.
        assert text[f.start : f.end] == data[f.byte_start : f.byte_end].decode("utf-8")
        assert f.start <= f.byte_start
    if expected is not None:
        assert [text[f.start : f.end] for f in r.findings] == expected
    # Every case has a non-ASCII character before its last finding: the two offsets differ.
    assert r.findings[-1].start < r.findings[-1].byte_start


def test_check_batch_equals_check(engine):
    texts = ["Your diabetes checkup", "", "hello", "Ihre Kardiologie 🙂 Metformin"]
    batch = engine.check_batch(texts)
    assert len(batch) == len(texts)
    for text, r in zip(texts, batch):
        one = engine.check(text)
        assert (r.verdict, r.score, [(f.rule, f.start, f.end) for f in r.findings]) == (
            one.verdict,
            one.score,
            [(f.rule, f.start, f.end) for f in one.findings],
        )


def test_policies_languages_and_allow():
    text = "Free diabetes screening this Saturday at the library."
    assert Engine(policy="broadcast").check(text).verdict == "review"
    assert Engine().check(text).verdict == "non_compliant"
    assert Engine(policy="secure_channel").policy == "secure-channel"

    italian = "La sua visita di cardiologia è confermata"
    assert Engine(languages=["it"]).check(italian).findings
    en_only = Engine(languages=["en"])
    assert en_only.languages == ["en"]

    clinic = "Welcome to Main Street Cardiology Clinic"
    assert Engine().check(clinic).findings
    allowed = Engine(allow=["Main Street Cardiology Clinic"])
    assert allowed.allow == ["Main Street Cardiology Clinic"]
    assert allowed.check(clinic).findings == []


def test_own_lexicon_file(tmp_path):
    path = tmp_path / "specialty.tsv"
    path.write_text("#! kind: specialty\nZorblax Wing\n", encoding="utf-8")
    engine = Engine(lexicons=[path])
    r = engine.check("Your visit to the Zorblax Wing is confirmed")
    assert [f.rule for f in r.findings] == ["phi/specialty"]
    assert Engine().check("Your visit to the Zorblax Wing is confirmed").compliant


def test_cache_sees_a_changed_lexicon_file(tmp_path):
    path = tmp_path / "condition.tsv"
    path.write_text("#! kind: condition\nzorblax\n", encoding="utf-8")
    assert Engine().check("zorblax").compliant
    assert not Engine(lexicons=[path]).check("zorblax").compliant
    # Same configuration, new file contents (and size): the cached engine is not reused.
    path.write_text("#! kind: condition\nquintalvex flubber\n", encoding="utf-8")
    fresh = Engine(lexicons=[path])
    assert fresh.check("zorblax").compliant
    assert not fresh.check("quintalvex flubber").compliant


def test_rewrite_is_compliant(engine):
    rw = engine.rewrite("Your metformin 500mg prescription is ready")
    assert rw.text == "Your prescription is ready"
    assert rw.changed and rw.level == "terms" and rw.lang == "en"
    assert rw.edits and all(e.rule is None or e.rule.startswith("phi/") for e in rw.edits)
    assert engine.check(rw.text).compliant
    text = "Ihre Überweisung zur Kardiologie ist bestätigt"
    rw = engine.rewrite(text)
    assert engine.check(rw.text).compliant
    for e in rw.edits:
        assert text[e.start : e.end] == e.old
    same = engine.rewrite("Your prescription is ready")
    assert not same.changed and same.edits == []


def test_redact_operators(engine):
    text = "I take metformin for my diabetes 🙂"
    r = engine.redact(text)
    assert r.text == "I take [MEDICATION] for my [CONDITION] 🙂"
    assert [(x.category, r.text[x.start : x.end], text[x.original_start : x.original_end]) for x in r.redacted] == [
        ("medication", "[MEDICATION]", "metformin"),
        ("condition", "[CONDITION]", "diabetes"),
    ]
    assert engine.redact(text, "mask").text == "I take ********* for my ******** 🙂"
    key = b"a secret key of 16+ bytes"
    a = engine.redact("metformin twice a day", "pseudonym", key).text
    b = engine.redact("Metformin again?", "pseudonym", key).text
    assert a.split(" ")[0] == b.split(" ")[0] and a.startswith("[MEDICATION:")
    assert engine.redact("metformin", "pseudonym", b"another key, 16 bytes").text != a.split(" ")[0]


def test_audit_record_has_no_text(engine):
    text = "Your metformin 500mg prescription is ready"
    a = engine.audit(text)
    assert a.verdict == "non_compliant"
    assert a.rules == {"phi/dosage": 1, "phi/medication": 1}
    assert len(a.sha256) == 64 and a.hmac_sha256 is None and a.lexicon == engine.lexicon_fingerprint
    assert a.version == phi_guard.__version__
    d = a.to_dict()
    assert list(d) == ["sha256", "verdict", "score", "rules", "policy", "version", "lexicon"]
    assert "metformin" not in repr(d)
    k = engine.audit(text, b"an audit key, 16 bytes")
    assert k.sha256 is None and len(k.hmac_sha256) == 64
    assert k.hmac_sha256 != engine.audit(text, b"another key, 16 bytes").hmac_sha256
    assert list(k.to_dict())[0] == "hmac_sha256"
    with pytest.raises(phi_guard.PhiGuardError):
        engine.audit(text, b"short")


def test_triage(engine):
    t = engine.triage("Hi, my metformin makes me dizzy, should I stop taking it?")
    assert t.health_information and t.categories == ["medication"]
    assert "patient portal" in t.reply
    assert t.report.findings[0].rule == "phi/medication"
    t = engine.triage("Buongiorno, posso spostare l'appuntamento a giovedì?")
    assert not t.health_information and t.lang == "it" and t.reply is None


@pytest.mark.parametrize(
    "kwargs, words",
    [
        ({"policy": "nightly"}, "unknown policy"),
        ({"languages": ["en", "xx"]}, "unknown language"),
    ],
)
def test_bad_configuration_raises(kwargs, words):
    with pytest.raises(PhiGuardError, match=words):
        Engine(**kwargs)


def test_lexicon_errors_name_file_and_line_not_content(tmp_path):
    missing = tmp_path / "nowhere" / "condition.tsv"
    with pytest.raises(PhiGuardError) as e:
        Engine(lexicons=[missing])
    assert str(missing) in str(e.value) and "cannot read" in str(e.value)

    bad = tmp_path / "condition.tsv"
    bad.write_text("#! kind: condition\nzorblax\tnot-a-flag\n", encoding="utf-8")
    with pytest.raises(PhiGuardError) as e:
        Engine(lexicons=[bad])
    assert f"{bad}:2:" in str(e.value)
    assert "zorblax" not in str(e.value)
    assert isinstance(e.value, ValueError)


def test_bad_operator_and_key(engine):
    with pytest.raises(PhiGuardError, match="unknown operator"):
        engine.redact("x", "shred")
    with pytest.raises(PhiGuardError, match="needs a key"):
        engine.redact("x", "pseudonym")
    with pytest.raises(PhiGuardError, match="16 bytes"):
        engine.redact("x", "pseudonym", b"short")
    with pytest.raises(PhiGuardError, match="only used by the pseudonym"):
        engine.redact("x", "mask", b"0123456789abcdef")
    with pytest.raises(TypeError):
        engine.check(42)


def test_pickle_round_trip_keeps_configuration(tmp_path):
    path = tmp_path / "specialty.tsv"
    path.write_text("#! kind: specialty\nZorblax Wing\n", encoding="utf-8")
    engine = Engine(policy="broadcast", languages=["en", "de"], allow=["Main Street Clinic"], lexicons=[path])
    clone = pickle.loads(pickle.dumps(engine))
    assert (clone.policy, clone.languages, clone.allow, [str(p) for p in clone.lexicons]) == (
        "broadcast",
        ["en", "de"],
        ["Main Street Clinic"],
        [str(path)],
    )
    assert clone.lexicon_fingerprint == engine.lexicon_fingerprint
    text = "Your visit to the Zorblax Wing is confirmed"
    assert clone.check(text).rules == engine.check(text).rules == ["phi/specialty"]


def _verdicts(engine: Engine, texts: list[str]) -> list[str]:
    return [r.verdict for r in engine.check_batch(texts)]


def test_engine_ships_to_other_processes():
    engine = Engine(policy="broadcast", languages=["en"])
    texts = ["Free diabetes screening this Saturday", "Your diabetes screening is on Saturday", "hello"]
    ctx = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(max_workers=2, mp_context=ctx) as pool:
        remote = list(pool.map(_verdicts, [engine, engine], [texts, texts]))
    assert remote == [_verdicts(engine, texts)] * 2 == [["review", "non_compliant", "compliant"]] * 2
