"""Audit a Parquet table of messages with Ray Data (a local cluster here).

    python ray_audit.py messages.parquet verdicts.parquet

`map_batches(batch_format="pyarrow")` hands Arrow tables to phi-guard, one call per
batch; the engine is pickled with the function and compiled once per worker. The output
(a Parquet folder) keeps `id` and adds `verdict`, `score` and `rules`; a PHI-free summary
goes to stdout.
"""

import sys
from collections import Counter

import pyarrow as pa
import pyarrow.parquet as pq
import ray

from _report import summary
from phi_guard import Engine

engine = Engine()


def audit(table: pa.Table) -> pa.Table:
    phi = engine.check_arrow(table.column("text").combine_chunks())
    return pa.table(
        {"id": table.column("id"), "verdict": phi.field("verdict"), "score": phi.field("score"), "rules": phi.field("rules")}
    )


def main(src: str, dst: str) -> None:
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    try:
        ray.data.read_parquet(src).map_batches(audit, batch_format="pyarrow", batch_size=4096).write_parquet(dst)
    finally:
        ray.shutdown()
    results = pq.read_table(dst)
    verdicts = Counter(results.column("verdict").to_pylist())
    rules = Counter(r for rs in results.column("rules").to_pylist() for r in rs)
    print(summary(results.num_rows, verdicts, rules))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
