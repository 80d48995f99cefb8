"""Rows per second of `Engine.check_arrow` against `phi-guard scan` on the same rows.

    python bench.py                 # 1,000,000 generated messages, 3 runs each
    python bench.py --rows 200000 --runs 5

The corpus comes from `examples/gen_corpus.rs` (deterministic). Both sides run on one
core: `scan --threads 1` reads the JSONL file and writes its results to /dev/null;
`check_arrow` gets the text column as Arrow record batches of 64k rows (the size Spark
and Ray hand over) already in memory, as a worker does. `check_batch` over a Python list
is shown for reference. Prints a Markdown table of medians and the ratio to scan.
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

from phi_guard import Engine

REPO = Path(__file__).resolve().parents[2]
BATCH = 65_536


def release_binaries() -> tuple[Path, Path]:
    subprocess.run(["cargo", "build", "--quiet", "--release", "-p", "phi-guard-cli"], cwd=REPO, check=True)
    subprocess.run(["cargo", "build", "--quiet", "--release", "--example", "gen_corpus"], cwd=REPO, check=True)
    target = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target")) / "release"
    return target / "phi-guard", target / "examples" / "gen_corpus"


def time_scan(bin_: Path, corpus: Path) -> float:
    start = time.perf_counter()
    proc = subprocess.run(
        [str(bin_), "scan", str(corpus), "--threads", "1"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        sys.exit(f"phi-guard scan failed: {proc.stderr.decode(errors='replace')[-500:]}")
    return elapsed


def time_arrow(engine: Engine, batches: list[pa.Array]) -> float:
    start = time.perf_counter()
    for b in batches:
        engine.check_arrow(b)
    return time.perf_counter() - start


def time_list(engine: Engine, chunks: list[list[str]]) -> float:
    start = time.perf_counter()
    for c in chunks:
        engine.check_batch(c)
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=42)
    args = ap.parse_args()

    bin_, gen = release_binaries()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        with corpus.open("wb") as f:
            subprocess.run([str(gen), str(args.rows), str(args.seed)], stdout=f, check=True)
        table = pj.read_json(corpus, read_options=pj.ReadOptions(block_size=64 << 20))
        texts = table.column("text").combine_chunks()
        assert len(texts) == args.rows
        batches = [texts.slice(i, BATCH) for i in range(0, len(texts), BATCH)]
        chunks = [b.to_pylist() for b in batches]
        megabytes = corpus.stat().st_size / 1e6

        engine = Engine()
        engine.check("warm up the compiled engine")
        # The binding and scan agree on every row (checked in full by the test suite);
        # here the verdict counts of one batch are compared as a guard.
        first = engine.check_arrow(batches[0]).field("verdict").to_pylist()
        assert first == [r.verdict for r in engine.check_batch(chunks[0])]

        results: dict[str, list[float]] = {"scan": [], "check_arrow": [], "check_batch": []}
        for _ in range(args.runs):
            results["scan"].append(time_scan(bin_, corpus))
            results["check_arrow"].append(time_arrow(engine, batches))
            results["check_batch"].append(time_list(engine, chunks))

    med = {k: statistics.median(v) for k, v in results.items()}
    base = args.rows / med["scan"]
    print(f"{args.rows:,} messages ({megabytes:.0f} MB of JSONL), one core, medians of {args.runs} runs\n")
    print("| path | rows/s | ratio to scan |")
    print("| --- | ---: | ---: |")
    names = {
        "scan": "`phi-guard scan --threads 1` (JSONL in, JSONL out)",
        "check_arrow": "`Engine.check_arrow` (Arrow batches of 64k rows)",
        "check_batch": "`Engine.check_batch` (Python lists of 64k str)",
    }
    for k in ["scan", "check_arrow", "check_batch"]:
        rate = args.rows / med[k]
        print(f"| {names[k]} | {rate:,.0f} | {rate / base:.2f} |")
    print("\n" + json.dumps({k: [round(t, 3) for t in v] for k, v in results.items()}))


if __name__ == "__main__":
    main()
