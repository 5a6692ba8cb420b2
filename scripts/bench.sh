#!/bin/sh
# bench.sh: the quality-bar benchmarks on the five-year demonstration home.
#
#   scripts/bench.sh           five years, about a million administrations
#   scripts/bench.sh --quick   a 60-day home and fewer repetitions
#
# Builds what it needs, makes the dataset once (build/bench/five-year.db;
# delete it to make it again), then runs care-bench on a copy of it and
# writes the table to build/bench/results.md as well as the terminal.
set -eu

cd "$(dirname "$0")/.."
build=build
quick=
if [ "${1:-}" = "--quick" ]; then
  quick=--quick
fi

# Slot times are wall-clock times in the home's zone.
export TZ=Europe/London

if [ ! -f "$build/build.ninja" ]; then
  meson setup "$build"
fi
meson compile -C "$build" care-demo-gen care-bench

mkdir -p "$build/bench"
if [ -n "$quick" ]; then
  db="$build/bench/sixty-day.db"
  days="--days 60"
else
  db="$build/bench/five-year.db"
  days=
fi

if [ ! -f "$db" ]; then
  # Made under another name and moved when complete, so an interrupted run
  # never leaves a partial dataset to be measured.
  rm -f "$db.partial" "$db.partial-wal" "$db.partial-shm"
  echo "Generating $db (this takes a while; progress below)"
  # The figures go to a file first: a pipe into tee would hide a failure
  # (POSIX sh has no pipefail), and a failed run must not be renamed.
  stats="$build/bench/$(basename "$db" .db)-generation.md"
  # shellcheck disable=SC2086 # $days is two words or none
  "$build/src/tools/care-demo-gen" --seed 42 --end-date 2026-11-01 $days "$db.partial" > "$stats"
  cat "$stats"
  mv "$db.partial" "$db"
fi

"$build/src/tools/care-bench" "$db" $quick > "$build/bench/results.md"
cat "$build/bench/results.md"
