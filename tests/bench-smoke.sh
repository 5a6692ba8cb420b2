#!/bin/sh
# bench-smoke.sh CARE_DEMO_GEN CARE_BENCH: a small home made through the
# core, then every benchmark once, quickly, on it. It checks that the
# generator and the benchmarks run, not how fast they are.
set -eu

gen=$1
bench=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

"$gen" --quiet --days 10 --people 10 --staff 14 --end-date 2026-11-01 "$dir/smoke.db"
# A second run must refuse to overwrite the home without --force.
if "$gen" --quiet --days 2 "$dir/smoke.db" 2>/dev/null; then
  echo "care-demo-gen overwrote an existing home" >&2
  exit 1
fi
"$bench" --quick "$dir/smoke.db"
