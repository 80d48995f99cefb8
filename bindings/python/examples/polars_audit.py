"""Audit a Parquet table of messages with Polars: verdicts and rules as new columns.

    python polars_audit.py messages.parquet verdicts.parquet

`messages.parquet` has an `id` and a `text` column. The output keeps `id` and adds
`verdict`, `score` and `rules` (a list of rule ids); a PHI-free summary goes to stdout.
"""

import sys

import polars as pl
import pyarrow as pa

from _report import summary
from phi_guard import Engine

engine = Engine()


def check(texts: pl.Series) -> pl.Series:
    # One call per batch: the column crosses into phi-guard as Arrow, without copying.
    return pl.Series(engine.check_arrow(texts.to_arrow()))


# The struct type of the results, read off one checked row.
RESULT = pl.Series(engine.check_arrow(pa.array([""]))).dtype


def main(src: str, dst: str) -> None:
    out = (
        pl.scan_parquet(src)
        .with_columns(pl.col("text").map_batches(check, return_dtype=RESULT).alias("phi"))
        .select("id", pl.col("phi").struct.field("verdict", "score", "rules"))
        .collect()
    )
    out.write_parquet(dst)
    verdicts = dict(out.group_by("verdict").len().iter_rows())
    rules = dict(out.select(pl.col("rules").explode().drop_nulls()).group_by("rules").len().iter_rows())
    print(summary(out.height, verdicts, rules))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
