"""check_arrow: Arrow string arrays in, one struct row per input row out."""

import sys

import pyarrow as pa
import pytest

from phi_guard import ArrowArray, Engine, PhiGuardError

TEXTS = [
    "Your metformin 500mg prescription is ready",
    None,
    "Ihre Überweisung zur Kardiologie 🙂 ist bestätigt",
    "",
    "Your prescription is ready for pickup",
    "日本語 and then asthma",
]


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine()


def expected_row(engine: Engine, text):
    if text is None:
        return None
    r = engine.check(text)
    return {
        "verdict": r.verdict,
        "score": r.score,
        "rules": r.rules,
        "findings": [
            {
                "rule": f.rule,
                "category": f.category,
                "severity": f.severity,
                "start": f.start,
                "end": f.end,
                "byte_start": f.byte_start,
                "byte_end": f.byte_end,
            }
            for f in r.findings
        ],
    }


@pytest.mark.parametrize("type_", [pa.string(), pa.large_string(), pa.string_view()], ids=str)
def test_rows_match_check(engine, type_):
    arr = pa.array(TEXTS, type_)
    out = engine.check_arrow(arr)
    assert isinstance(out, pa.StructArray)
    assert len(out) == len(TEXTS)
    assert out.null_count == 1 and not out[1].is_valid
    assert out.type.names == ["verdict", "score", "rules", "findings"]
    assert out.to_pylist() == [expected_row(engine, t) for t in TEXTS]
    # Character offsets slice the Python strings.
    row = out.to_pylist()[2]
    assert [TEXTS[2][f["start"] : f["end"]] for f in row["findings"]] == ["Kardiologie"]


def test_sliced_and_chunk_arrays(engine):
    arr = pa.array(TEXTS * 3, pa.large_string())
    part = arr.slice(4, 7)
    assert engine.check_arrow(part).to_pylist() == [expected_row(engine, t) for t in (TEXTS * 3)[4:11]]
    chunked = pa.chunked_array([TEXTS[:3], TEXTS[3:]])
    rows = [row for chunk in chunked.chunks for row in engine.check_arrow(chunk).to_pylist()]
    assert rows == [expected_row(engine, t) for t in TEXTS]


def test_optional_columns(engine):
    arr = pa.array(TEXTS)
    key = b"a secret key of 16+ bytes"
    out = engine.check_arrow(arr, rewrite=True, redact="pseudonym", key=key, audit=True)
    assert out.type.names == ["verdict", "score", "rules", "findings", "rewrite", "redacted", "sha256"]
    rows = out.to_pylist()
    for text, row in zip(TEXTS, rows):
        if text is None:
            assert row is None
            continue
        assert row["rewrite"] == engine.rewrite(text).text
        assert row["redacted"] == engine.redact(text, "pseudonym", key).text
        assert row["sha256"] == engine.audit(text).sha256
        assert engine.check(row["rewrite"]).compliant
    plain = engine.check_arrow(arr, redact="mask")
    assert plain.field("redacted").to_pylist()[0] == engine.redact(TEXTS[0], "mask").text


def test_empty_array(engine):
    out = engine.check_arrow(pa.array([], pa.string()))
    assert len(out) == 0 and out.type.names == ["verdict", "score", "rules", "findings"]


def test_non_string_input_is_a_type_error(engine):
    with pytest.raises(TypeError, match="string array"):
        engine.check_arrow(pa.array([1, 2, 3]))
    with pytest.raises(TypeError, match="__arrow_c_array__"):
        engine.check_arrow(["a list is not an Arrow array"])
    with pytest.raises(PhiGuardError, match="redact=\"pseudonym\""):
        engine.check_arrow(pa.array(["x"]), key=b"0123456789abcdef")


def test_invalid_utf8_is_rejected_not_read(engine):
    # A producer can hand over bytes that are not UTF-8 under the string type.
    data = pa.py_buffer(b"ok\xff\xfe")
    offsets = pa.py_buffer(pa.array([0, 2, 4], pa.int32()).buffers()[1])
    bad = pa.Array.from_buffers(pa.string(), 2, [None, offsets, data])
    with pytest.raises(ValueError, match="UTF-8"):
        engine.check_arrow(bad)


def test_capsule_holder_without_pyarrow(engine, monkeypatch):
    arr = pa.array(TEXTS)
    # Without pyarrow the result is the capsule holder, which any Arrow consumer imports.
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    holder = engine.check_arrow(arr)
    monkeypatch.undo()
    assert isinstance(holder, ArrowArray) and len(holder) == len(TEXTS)
    first = pa.array(holder)
    again = pa.array(holder)
    assert first.equals(again)
    assert first.to_pylist() == [expected_row(engine, t) for t in TEXTS]


def test_checks_release_the_gil(engine):
    import threading

    texts = pa.array(["Your metformin 500mg prescription is ready, see you at the cardiology clinic"] * 100_000)
    state = {"done": False, "count": 0}
    seen = {}

    def worker():
        before = state["count"]
        engine.check_arrow(texts)
        seen["arrow"] = state["count"] - before
        before = state["count"]
        engine.check_batch(texts.to_pylist()[:50_000])
        seen["batch"] = state["count"] - before
        state["done"] = True

    # With a long switch interval, the main thread runs while the worker is inside a check
    # only if the check released the GIL.
    old = sys.getswitchinterval()
    sys.setswitchinterval(1.0)
    try:
        t = threading.Thread(target=worker)
        t.start()
        while not state["done"]:
            state["count"] += 1
        t.join()
    finally:
        sys.setswitchinterval(old)
    assert seen["arrow"] > 0 and seen["batch"] > 0
