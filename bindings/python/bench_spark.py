"""Rows per second of a Spark audit: phi-guard against a native keyword filter and Presidio.

    python bench_spark.py                          # 400,000 rows, local[*], 3 runs each
    python bench_spark.py --rows 1000000 --presidio-rows 20000 --cores 2

The corpus comes from `examples/gen_corpus.rs` (deterministic) and is written once as a
Parquet file with `id` and `text`. Every path reads that file and materialises its output
with Spark's `noop` sink, so reading Parquet is in every figure and writing is in none:

- `LIKE filter`: `lower(text) LIKE '%term%'` over 50 terms of the English curated
  lexicons, OR-ed: the keyword filter a team writes first; no verdicts, no
  explanations, no languages other than the list's.
- `mapInArrow`: `Engine.check_arrow` on each Arrow batch, writing `id`, `verdict`,
  `score`, `rules` (the recipe in examples/spark_audit.py).
- `arrow_udf`: the verdict column through `F.arrow_udf`.
- `Presidio pandas_udf` (when `presidio-analyzer` is installed): `AnalyzerEngine.analyze`
  per row in a pandas UDF, with a blank spaCy pipeline, so only Presidio's pattern
  recognisers run (its fastest configuration; named-entity models would be slower). It runs
  on `--presidio-rows` rows, since it is three orders of magnitude slower.

Prints a Markdown table of medians and each path's ratio to `mapInArrow`.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.json as pj
import pyarrow.parquet as pq
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

REPO = Path(__file__).resolve().parents[2]
# The recipe's own functions, so that the benchmark measures what users run; Spark's Python
# workers import them from there too.
EXAMPLES = str(Path(__file__).resolve().parent / "examples")
sys.path.insert(0, EXAMPLES)
os.environ["PYTHONPATH"] = os.pathsep.join(p for p in [EXAMPLES, os.environ.get("PYTHONPATH")] if p)
from spark_audit import SCHEMA, audit, phi_verdict  # noqa: E402


def keyword_terms(n: int) -> list[str]:
    """The first `n` plain (not `ctx`) one- or two-word terms of the English curated
    condition, medication and procedure lexicons, in file order."""
    terms: list[str] = []
    for kind in ("condition", "medication", "procedure"):
        for line in (REPO / "lexicons" / "en" / f"{kind}.tsv").read_text(encoding="utf-8").splitlines():
            if not line or line.startswith("#"):
                continue
            term, flags = (line.split("\t") + ["-"])[:2]
            if "ctx" in flags.split(",") or "'" in term or len(term.split()) > 2:
                continue
            terms.append(term.lower())
            if len(terms) == n:
                return terms
    return terms


def corpus(rows: int, seed: int, out: Path) -> Path:
    # PHI_GUARD_GEN_CORPUS names a generator already built (the test suite's debug one).
    gen = os.environ.get("PHI_GUARD_GEN_CORPUS")
    if gen is None:
        subprocess.run(["cargo", "build", "--quiet", "--release", "--example", "gen_corpus"], cwd=REPO, check=True)
        gen = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target")) / "release" / "examples" / "gen_corpus"
    jsonl = out / "corpus.jsonl"
    with jsonl.open("wb") as f:
        subprocess.run([str(gen), str(rows), str(seed)], stdout=f, check=True)
    table = pj.read_json(jsonl, read_options=pj.ReadOptions(block_size=64 << 20))
    table = pa.table({"id": pa.array(range(table.num_rows), pa.int64()), "text": table.column("text")})
    parquet = out / "corpus.parquet"
    pq.write_table(table, parquet, row_group_size=65_536)
    jsonl.unlink()
    return parquet


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=400_000)
    ap.add_argument("--presidio-rows", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--cores", default="*", help="Spark local[N] (default: every core)")
    ap.add_argument("--seed", type=int, default=42)
    args = ap.parse_args()

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)

    try:
        import presidio_analyzer  # noqa: F401

        have_presidio = True
    except ImportError:
        have_presidio = False

    with tempfile.TemporaryDirectory() as tmp:
        parquet = corpus(args.rows, args.seed, Path(tmp))
        spark = (
            SparkSession.builder.master(f"local[{args.cores}]")
            .appName("phi-guard bench")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.execution.arrow.maxRecordsPerBatch", "65536")
            .getOrCreate()
        )
        spark.sparkContext.setLogLevel("ERROR")
        cores = spark.sparkContext.defaultParallelism
        try:
            df = spark.read.parquet(str(parquet))
            text = F.lower(F.col("text"))
            terms = keyword_terms(50)
            hit = F.lit(False)
            for t in terms:
                hit = hit | text.like(f"%{t}%")
            paths = {
                "like": (args.rows, lambda: df.where(hit).write.format("noop").mode("overwrite").save()),
                "map_in_arrow": (
                    args.rows,
                    lambda: df.mapInArrow(audit, SCHEMA).write.format("noop").mode("overwrite").save(),
                ),
                "arrow_udf": (
                    args.rows,
                    lambda: df.select("id", phi_verdict("text").alias("verdict"))
                    .write.format("noop")
                    .mode("overwrite")
                    .save(),
                ),
            }
            if have_presidio:
                small = df.limit(args.presidio_rows).repartition(cores).cache()
                small.count()
                blank = Path(tmp) / "blank_en"

                import pandas as pd
                import spacy

                spacy.blank("en").to_disk(blank)
                analyzers = {}

                @F.pandas_udf("int")
                def presidio_hits(texts: pd.Series) -> pd.Series:
                    from presidio_analyzer import AnalyzerEngine
                    from presidio_analyzer.nlp_engine import NlpEngineProvider

                    if "a" not in analyzers:
                        conf = {"nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": str(blank)}]}
                        nlp = NlpEngineProvider(nlp_configuration=conf).create_engine()
                        analyzers["a"] = AnalyzerEngine(nlp_engine=nlp, supported_languages=["en"])
                    a = analyzers["a"]
                    return texts.map(lambda t: len(a.analyze(text=t, language="en")))

                paths["presidio"] = (
                    args.presidio_rows,
                    lambda: small.select("id", presidio_hits("text").alias("n")).write.format("noop").mode("overwrite").save(),
                )

            # One untimed pass each: JIT, Python workers, the engine's compilation.
            for _, run in paths.values():
                run()
            times: dict[str, list[float]] = {k: [] for k in paths}
            for _ in range(args.runs):
                for k, (_, run) in paths.items():
                    times[k].append(timed(run))
            flagged = df.where(hit).count()
            verdicts = {
                r["verdict"]: r["count"] for r in df.mapInArrow(audit, SCHEMA).groupBy("verdict").count().collect()
            }
        finally:
            spark.stop()

    rate = {k: paths[k][0] / statistics.median(v) for k, v in times.items()}
    base = rate["map_in_arrow"]
    names = {
        "like": f"native `LIKE` filter ({len(terms)} English terms)",
        "map_in_arrow": "phi-guard `mapInArrow` (verdict, score, rules)",
        "arrow_udf": "phi-guard `arrow_udf` (verdict)",
        "presidio": f"Presidio `pandas_udf`, pattern recognisers only ({args.presidio_rows:,} rows)",
    }
    print(f"{args.rows:,} messages, Spark local[{cores}], medians of {args.runs} runs\n")
    print("| path | rows/s | ratio to mapInArrow |")
    print("| --- | ---: | ---: |")
    for k in paths:
        print(f"| {names[k]} | {rate[k]:,.0f} | {rate[k] / base:.3g} |")
    if not have_presidio:
        print("\n(presidio-analyzer is not installed: its row is left out)")
    print(f"\nLIKE filter flagged {flagged:,} rows; phi-guard verdicts {json.dumps(verdicts, sort_keys=True)}")
    # Last line: the raw timings and the verdict counts, for scripts.
    print(json.dumps({"seconds": {k: [round(t, 3) for t in v] for k, v in times.items()}, "verdicts": verdicts}))


if __name__ == "__main__":
    main()
