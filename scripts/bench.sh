#!/bin/sh
# bench.sh: the quality-bar benchmarks on the five-year demonstration home.
#
#   scripts/bench.sh           five years, about a million administrations
#   scripts/bench.sh --quick   a 60-day home and fewer repetitions
#
# Builds what it needs, makes the dataset once (build/bench/five-year.db;
# delete it to make it again), then runs care-bench on a copy of it and
# writes the table to build/bench/results.md as well as the terminal; then
# care-gui-bench (start-up and memory of the GUI) under Xvfb, to
# build/bench/gui-results.md. CARE_BENCH_BUILD names another build folder.
set -eu

cd "$(dirname "$0")/.."
build=${CARE_BENCH_BUILD:-build}
quick=
if [ "${1:-}" = "--quick" ]; then
  quick=--quick
fi

# Slot times are wall-clock times in the home's zone.
export TZ=Europe/London

if [ ! -f "$build/build.ninja" ]; then
  meson setup "$build"
fi
meson compile -C "$build" care-demo-gen care-bench care-gui-bench care-gui-bench-minimal

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

# The GUI: start-up against a minimal GTK window measured in the same run,
# and peak RSS while scrolling the longest lists (docs/BENCHMARKS.md, "The
# GUI"). Always under Xvfb and a private session bus, with the cairo renderer
# the GUI tests use, so that the figures do not depend on the desktop the
# script is started from.
for tool in xvfb-run dbus-run-session; do
  if ! command -v "$tool" > /dev/null; then
    echo "bench.sh: $tool is needed for the GUI benchmark (apt install xvfb dbus)" >&2
    exit 1
  fi
done
# shellcheck disable=SC2086 # $quick is one word or none
GSK_RENDERER="${GSK_RENDERER:-cairo}" GDK_BACKEND=x11 GSETTINGS_BACKEND=memory GTK_A11Y=none NO_AT_BRIDGE=1 \
  xvfb-run -a -s '-screen 0 1280x800x24' dbus-run-session -- \
  "$build/src/tools/care-gui-bench" $quick "$db" > "$build/bench/gui-results.md"
cat "$build/bench/gui-results.md"
