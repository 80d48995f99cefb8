"""Audit a Parquet table of messages with DuckDB, two ways.

    python duckdb_audit.py messages.parquet verdicts.parquet

1. Record batches: DuckDB streams the table as Arrow record batches, phi-guard checks
   each batch in one call, and DuckDB aggregates the results with SQL.
2. An Arrow-typed scalar UDF, `phi_verdict(text)`, for use inside any query.

The output keeps `id` and adds `verdict`, `score` and `rules`; a PHI-free summary goes
to stdout.
"""

import sys

import duckdb
import pyarrow as pa

from _report import summary
from phi_guard import Engine

engine = Engine()


def checked_batches(con: duckdb.DuckDBPyConnection, src: str):
    reader = con.sql("SELECT id, text FROM read_parquet(?)", params=[src]).to_arrow_reader(10_000)
    for batch in reader:
        phi = engine.check_arrow(batch.column("text"))
        yield pa.RecordBatch.from_arrays(
            [batch.column("id"), phi.field("verdict"), phi.field("score"), phi.field("rules")],
            names=["id", "verdict", "score", "rules"],
        )


def phi_verdict(texts):
    if isinstance(texts, pa.ChunkedArray):
        texts = texts.combine_chunks()
    return engine.check_arrow(texts).field("verdict")


def main(src: str, dst: str) -> None:
    con = duckdb.connect()
    # The reader streams from its own cursor while the results go in on the connection.
    source = con.cursor()
    schema = pa.schema([("id", pa.int64()), ("verdict", pa.string()), ("score", pa.uint8()), ("rules", pa.list_(pa.string()))])
    results = pa.RecordBatchReader.from_batches(schema, checked_batches(source, src))
    con.register("results", results.read_all())
    con.execute("COPY (SELECT * FROM results ORDER BY id) TO ? (FORMAT parquet)", [dst])
    verdicts = dict(con.execute("SELECT verdict, count(*) FROM results GROUP BY verdict").fetchall())
    rules = dict(con.execute("SELECT rule, count(*) FROM (SELECT unnest(rules) AS rule FROM results) GROUP BY rule").fetchall())

    # The same verdicts from a UDF inside SQL.
    con.create_function("phi_verdict", phi_verdict, [duckdb.sqltype("VARCHAR")], duckdb.sqltype("VARCHAR"), type="arrow")
    mismatches = con.execute(
        "SELECT count(*) FROM read_parquet(?) m JOIN results r USING (id) WHERE phi_verdict(m.text) <> r.verdict", [src]
    ).fetchone()[0]
    if mismatches:
        raise SystemExit(f"the UDF and the batch scan disagree on {mismatches} row(s)")
    print(summary(sum(verdicts.values()), verdicts, rules))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
