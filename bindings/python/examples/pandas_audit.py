"""Audit a Parquet table of messages with pandas.

    python pandas_audit.py messages.parquet verdicts.parquet

The text column goes to phi-guard as one Arrow array; the output keeps `id` and adds
`verdict`, `score` and `rules`; a PHI-free summary goes to stdout.
"""

import sys

import pandas as pd
import pyarrow as pa

from _report import summary
from phi_guard import Engine

engine = Engine()


def main(src: str, dst: str) -> None:
    df = pd.read_parquet(src)
    phi = engine.check_arrow(pa.array(df["text"], pa.large_string()))
    out = pd.DataFrame(
        {
            "id": df["id"],
            "verdict": phi.field("verdict").to_pandas(),
            "score": phi.field("score").to_pandas(),
            "rules": phi.field("rules").to_pandas(),
        }
    )
    out.to_parquet(dst, index=False)
    verdicts = out["verdict"].value_counts().to_dict()
    rules = out["rules"].explode().dropna().value_counts().to_dict()
    print(summary(len(out), verdicts, rules))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
