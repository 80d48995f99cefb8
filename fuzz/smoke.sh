#!/usr/bin/env bash
# Fuzz smoke run: every target for SECONDS seconds (default 60), one after the other,
# one job each, starting from the seeds in fuzz/seeds/ and the repository's example
# templates, with the dictionaries in fuzz/dict/. New inputs go to fuzz/corpus/<target>
# (git-ignored), crashes to fuzz/artifacts/<target>/ (git-ignored): turn each one into a
# regression test in tests/lib/robustness.rs.
#
#   fuzz/smoke.sh [SECONDS] [TARGET...]
#
# cargo-fuzz drives rustc with -Z flags (sanitizer, coverage instrumentation); on a
# stable toolchain RUSTC_BOOTSTRAP=1 lets it do so. An input that takes more than 10 s
# counts as a finding (a slow path), and so does one that needs more than 2 GiB.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(check rewrite placeholders whatsapp lexicon lexicon_engine config
    catalog_gettext catalog_android catalog_i18n_json catalog_yaml catalog_properties
    catalog_strings catalog_xcstrings catalog_arb catalog_xliff)
fi
export RUSTC_BOOTSTRAP=1
target_dir=${CARGO_TARGET_DIR:-fuzz/target}

for t in "${targets[@]}"; do
  case $t in
    check|rewrite|placeholders) seeds=(fuzz/seeds/text examples/templates); dict=fuzz/dict/text.dict ;;
    whatsapp) seeds=(fuzz/seeds/whatsapp); dict=fuzz/dict/json.dict ;;
    lexicon|lexicon_engine) seeds=(fuzz/seeds/lexicon); dict=fuzz/dict/text.dict ;;
    config) seeds=(fuzz/seeds/config); dict=fuzz/dict/toml.dict ;;
    catalog_*) seeds=(fuzz/seeds/catalog); dict=fuzz/dict/text.dict ;;
    *) echo "unknown target $t" >&2; exit 2 ;;
  esac
  mkdir -p "fuzz/corpus/$t"
  echo "== $t: ${secs}s"
  start=$(date +%s)
  cargo fuzz run "$t" --target-dir "$target_dir" "fuzz/corpus/$t" "${seeds[@]}" -- \
    -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=4096 -dict="$dict" -print_final_stats=1
  echo "== $t: done in $(( $(date +%s) - start ))s, corpus $(ls "fuzz/corpus/$t" | wc -l) inputs"
done
