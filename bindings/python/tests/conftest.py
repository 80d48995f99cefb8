"""Shared fixtures: the `phi-guard` command and a corpus, both built from this repository.

`PHI_GUARD_BIN` and `PHI_GUARD_GEN_CORPUS` name a built `phi-guard` binary and corpus
generator (`examples/gen_corpus.rs`); without them the fixtures build both with cargo
(debug profile) from the repository root. A missing binary or corpus is an error,
never a skipped test.
"""

import json
import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
HERE = Path(__file__).resolve().parent

# Hand-written rows the generated corpus lacks: non-ASCII text before and inside
# findings, placeholders, several languages, empty and blank text.
EXTRA = [
    "Reminder: your diabetes checkup is tomorrow at 2 PM",
    "Your prescription is ready for pickup",
    "Ihre Überweisung zur Kardiologie ist bestätigt, Metformin 500mg bitte mitbringen",
    "🙂 Ciao! La sua visita di cardiologia è confermata per giovedì",
    "Résultats: cholestérol 220 mg/dL, merci de rappeler",
    "Hola, su cita de oncología es el 3 de mayo",
    "Hi {{first_name}}, your {{diagnosis}} results are in",
    "日本語のテキスト and then asthma",
    "",
    "   ",
    "Free flu shots this Saturday! Reply STOP to opt out",
]


def target_dir() -> Path:
    return Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))


def cargo(*args: str) -> None:
    subprocess.run(["cargo", *args], cwd=REPO, check=True)


@pytest.fixture(scope="session")
def phi_guard_bin() -> Path:
    env = os.environ.get("PHI_GUARD_BIN")
    if env:
        path = Path(env)
    else:
        cargo("build", "--quiet", "-p", "phi-guard-cli")
        path = target_dir() / "debug" / "phi-guard"
    assert path.is_file(), f"no phi-guard binary at {path}"
    return path


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> list[str]:
    """About 2,000 generated messages plus the hand-written rows."""
    env = os.environ.get("PHI_GUARD_GEN_CORPUS")
    if env:
        gen = Path(env)
    else:
        cargo("build", "--quiet", "--example", "gen_corpus")
        gen = target_dir() / "debug" / "examples" / "gen_corpus"
    out = subprocess.run(
        [str(gen), "2000", "11"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    texts = [json.loads(line)["text"] for line in out.splitlines() if line.strip()]
    assert len(texts) == 2000
    return texts + EXTRA


def scan(phi_guard_bin: Path, texts: list[str], *args: str) -> list[dict]:
    """`phi-guard scan` over the texts, one result per text, in order."""
    lines = "".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in enumerate(texts))
    proc = subprocess.run(
        [str(phi_guard_bin), "scan", "-", "--threads", "2", *args],
        input=lines,
        capture_output=True,
        text=True,
    )
    assert proc.returncode in (0, 1), proc.stderr
    results = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["id"] for r in results] == list(range(len(texts)))
    return results
