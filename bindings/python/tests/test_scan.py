"""The binding gives what `phi-guard scan` gives, row for row, on the same corpus."""

import pyarrow as pa
import pytest

from conftest import scan
from phi_guard import Engine


def findings_of_scan(result: dict) -> list[tuple]:
    return [(f["rule"], f["category"], f["severity"], f["start"], f["end"]) for f in result["findings"]]


CONFIGS = [
    ({}, []),
    ({"policy": "broadcast", "languages": ["en", "de"]}, ["--policy", "broadcast", "--lang", "en,de"]),
    ({"policy": "marketing"}, ["--policy", "marketing"]),
]


@pytest.mark.parametrize("kwargs, args", CONFIGS, ids=["outbound", "broadcast-en-de", "marketing"])
def test_check_batch_and_check_arrow_agree_with_scan(phi_guard_bin, corpus, kwargs, args):
    expected = scan(phi_guard_bin, corpus, *args)
    engine = Engine(**kwargs)

    batch = engine.check_batch(corpus)
    got = [(r.verdict, r.score, [(f.rule, f.category, f.severity, f.byte_start, f.byte_end) for f in r.findings]) for r in batch]
    want = [(e["verdict"], e["score"], findings_of_scan(e)) for e in expected]
    assert got == want

    rows = engine.check_arrow(pa.array(corpus, pa.large_string())).to_pylist()
    got = [
        (r["verdict"], r["score"], [(f["rule"], f["category"], f["severity"], f["byte_start"], f["byte_end"]) for f in r["findings"]])
        for r in rows
    ]
    assert got == want
    # The corpus has findings and clean rows (the marketing policy finds a missing opt-out
    # in almost every row).
    assert sum(1 for w in want if w[2]) > len(want) // 10
    assert "non_compliant" in {w[0] for w in want}


def test_optional_columns_agree_with_scan(phi_guard_bin, corpus):
    expected = scan(phi_guard_bin, corpus, "--rewrite", "--redact-text", "--operator", "mask")
    rows = Engine().check_arrow(pa.array(corpus), rewrite=True, redact="mask").to_pylist()
    assert [(r["rewrite"], r["redacted"]) for r in rows] == [(e["rewrite"], e["redacted"]) for e in expected]


def test_audit_records_agree_with_scan(phi_guard_bin, corpus, tmp_path):
    expected = scan(phi_guard_bin, corpus, "--audit", "--unkeyed-audit-hash")
    engine = Engine()
    for text, want in zip(corpus, expected):
        want.pop("id")
        assert engine.audit(text).to_dict() == want
    sha = engine.check_arrow(pa.array(corpus), audit=True).field("sha256").to_pylist()
    assert sha == [e["sha256"] for e in expected]

    # Keyed: the same key through --key-file gives the same HMACs.
    key = b"an audit key of sixteen bytes"
    (tmp_path / "audit.key").write_bytes(key)
    keyed = scan(phi_guard_bin, corpus[:200], "--audit", "--key-file", str(tmp_path / "audit.key"))
    for text, want in zip(corpus, keyed):
        want.pop("id")
        assert engine.audit(text, key).to_dict() == want
        assert "sha256" not in want
    hmacs = engine.check_arrow(pa.array(corpus[:200]), audit=True, audit_key=key).field("hmac_sha256").to_pylist()
    assert hmacs == [e["hmac_sha256"] for e in keyed]
