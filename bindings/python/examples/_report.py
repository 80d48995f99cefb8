"""What every recipe prints: counts per verdict and per rule, never message text."""

import json


def summary(rows: int, verdicts: dict, rules: dict) -> str:
    return json.dumps(
        {
            "rows": int(rows),
            "verdicts": {str(k): int(v) for k, v in sorted(verdicts.items())},
            "rules": {str(k): int(v) for k, v in sorted(rules.items())},
        },
        sort_keys=True,
    )
