"""Audit a Parquet table of messages with PySpark (local mode here; the same code runs on
a cluster).

    python spark_audit.py messages.parquet verdicts.parquet

`mapInArrow` hands each partition's Arrow record batches to phi-guard, one call per
batch; the engine is pickled with the function and compiled once per worker process.
The output (a Parquet folder) keeps `id` and adds `verdict`, `score` and `rules`; the
summary, aggregated by Spark, has no message text in it. An `arrow_udf` gives the same
verdicts inside a `select`.
"""

import os
import sys

import pyarrow as pa
import pyarrow.compute as pc
from pyspark.sql import SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import StringType

from _report import summary
from phi_guard import Engine

engine = Engine()
SCHEMA = "id long, verdict string, score int, rules array<string>"


def audit(batches):
    for batch in batches:
        phi = engine.check_arrow(batch.column("text"))
        yield pa.RecordBatch.from_arrays(
            [batch.column("id"), phi.field("verdict"), pc.cast(phi.field("score"), pa.int32()), phi.field("rules")],
            names=["id", "verdict", "score", "rules"],
        )


@F.arrow_udf(StringType())
def phi_verdict(texts: pa.Array) -> pa.Array:
    return engine.check_arrow(texts).field("verdict")


def main(src: str, dst: str) -> None:
    # Local workers run the interpreter that has phi_guard installed (a cluster sets this
    # in its own configuration).
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = (
        SparkSession.builder.master("local[2]")
        .appName("phi-guard audit")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    try:
        messages = spark.read.parquet(src)
        messages.mapInArrow(audit, SCHEMA).write.mode("overwrite").parquet(dst)
        results = spark.read.parquet(dst)
        verdicts = {r["verdict"]: r["count"] for r in results.groupBy("verdict").count().collect()}
        rules = {
            r["rule"]: r["count"]
            for r in results.select(F.explode("rules").alias("rule")).groupBy("rule").count().collect()
        }
        mismatches = (
            messages.join(results, "id").where(phi_verdict(messages["text"]) != results["verdict"]).count()
        )
        if mismatches:
            raise SystemExit(f"the arrow_udf and mapInArrow disagree on {mismatches} row(s)")
        print(summary(sum(verdicts.values()), verdicts, rules))
    finally:
        spark.stop()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
