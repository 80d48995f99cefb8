#!/usr/bin/env bash
# The Python binding's CI: a fresh virtualenv with pinned packages, the abi3 wheel built
# by maturin, installed like a user would, then pytest (the API, Arrow input, agreement
# with `phi-guard scan`, and every recipe in examples/ including PySpark and Ray Data).
#
# Downloads (PyPI, crates.io, Debian) are retried, so a network hiccup costs time, not
# the run. Set PHI_GUARD_PY_WORK to keep the virtualenv and wheel somewhere known.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
work="${PHI_GUARD_PY_WORK:-$(mktemp -d)}"
mkdir -p "$work"

retry() {
  local n
  for n in 1 2 3; do
    if "$@"; then return 0; fi
    echo "ci.sh: attempt $n failed: $*" >&2
    sleep $((n * 15))
  done
  return 1
}

start=$(date +%s)
step() { echo "-- [$(($(date +%s) - start))s] $*"; }

# PySpark needs a Java runtime; the machine image has one, else Debian's.
if ! command -v java >/dev/null 2>&1; then
  step "installing a Java runtime"
  retry apt-get update -qq
  retry apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless
fi

step "virtualenv and pinned packages"
python3 -m venv "$work/venv"
py="$work/venv/bin/python"
retry "$py" -m pip install -q --retries 10 --timeout 60 -r "$here/requirements-ci.txt"

step "maturin build --release"
rm -rf "$work/dist"
(cd "$here" && retry "$work/venv/bin/maturin" build --release --quiet -o "$work/dist")

step "install the wheel"
"$py" -m pip install -q --no-index --no-deps --force-reinstall "$work"/dist/*.whl

step "phi-guard and the corpus generator (debug, as cargo test built them)"
(cd "$repo" && cargo build -q -p phi-guard-cli && cargo build -q --example gen_corpus)
target="${CARGO_TARGET_DIR:-$repo/target}"
export PHI_GUARD_BIN="$target/debug/phi-guard" PHI_GUARD_GEN_CORPUS="$target/debug/examples/gen_corpus"

step "pytest"
# Run from the tests folder so that `import phi_guard` finds the installed wheel, not
# the source tree.
(cd "$here/tests" && "$py" -m pytest -q -p no:cacheprovider .)
step "done"
