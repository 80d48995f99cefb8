"""Every recipe in examples/ runs on a small Parquet table and agrees with `phi-guard scan`."""

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from conftest import scan

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
RECIPES = ["polars_audit", "duckdb_audit", "pandas_audit", "spark_audit", "ray_audit"]


@pytest.fixture(scope="module")
def table(tmp_path_factory, corpus, phi_guard_bin):
    texts = corpus[:1200] + corpus[-11:]
    path = tmp_path_factory.mktemp("recipes") / "messages.parquet"
    pq.write_table(pa.table({"id": pa.array(range(len(texts)), pa.int64()), "text": texts}), path)
    expected = scan(phi_guard_bin, texts)
    return path, expected


@pytest.mark.parametrize("recipe", RECIPES)
def test_recipe_agrees_with_scan(recipe, table, tmp_path):
    src, expected = table
    dst = tmp_path / "verdicts.parquet"
    env = dict(os.environ, PYTHONPATH=str(EXAMPLES))
    proc = subprocess.run(
        [sys.executable, str(EXAMPLES / f"{recipe}.py"), str(src), str(dst)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-4000:]
    out = pq.read_table(dst).sort_by("id").to_pylist()
    want = [(e["id"], e["verdict"], e["score"], sorted({f["rule"] for f in e["findings"]})) for e in expected]
    assert [(r["id"], r["verdict"], r["score"], r["rules"]) for r in out] == want

    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert report == {
        "rows": len(expected),
        "verdicts": dict(sorted(Counter(e["verdict"] for e in expected).items())),
        "rules": dict(sorted(Counter(r for w in want for r in w[3]).items())),
    }


def test_spark_benchmark_runs(tmp_path):
    """bench_spark.py on a tiny table: every path runs, and the verdicts it counts are those
    of the corpus generator's rows (its timings are not checked)."""
    bench = Path(__file__).resolve().parents[1] / "bench_spark.py"
    proc = subprocess.run(
        [sys.executable, str(bench), "--rows", "3000", "--presidio-rows", "50", "--runs", "1", "--cores", "2"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-4000:]
    assert "| phi-guard `mapInArrow` (verdict, score, rules) |" in proc.stdout
    assert "native `LIKE` filter" in proc.stdout
    last = json.loads(proc.stdout.strip().splitlines()[-1])
    assert set(last["seconds"]) >= {"like", "map_in_arrow", "arrow_udf"}
    assert sum(last["verdicts"].values()) == 3000
    assert last["verdicts"].get("non_compliant", 0) > 0
