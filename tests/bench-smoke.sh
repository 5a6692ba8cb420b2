#!/bin/sh
# bench-smoke.sh CARE_DEMO_GEN CARE_BENCH [CARE_GUI_BENCH]: a small home made
# through the core, then every benchmark once, quickly, on it. It checks that
# the generator and the benchmarks run and print sane figures, not how fast
# they are.
set -eu

gen=$1
bench=$2
gui_bench=${3:-}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

"$gen" --quiet --days 10 --people 10 --staff 14 --end-date 2026-11-01 "$dir/smoke.db"
# A second run must refuse to overwrite the home without --force.
if "$gen" --quiet --days 2 "$dir/smoke.db" 2>/dev/null; then
  echo "care-demo-gen overwrote an existing home" >&2
  exit 1
fi
"$bench" --quick "$dir/smoke.db"

# The GUI benchmark needs a display (CI runs the tests under Xvfb).
if [ -z "$gui_bench" ]; then
  exit 0
fi
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "care-gui-bench not run: no display (run the tests under xvfb-run)"
  exit 0
fi
# As the GUI tests run: the cairo renderer, X11, no accessibility bus.
export GSK_RENDERER="${GSK_RENDERER:-cairo}" GDK_BACKEND="${GDK_BACKEND:-x11}"
export GSETTINGS_BACKEND=memory GTK_A11Y=none NO_AT_BRIDGE=1
"$gui_bench" --quick "$dir/smoke.db" > "$dir/gui.md"
cat "$dir/gui.md"

# Every figure is there and plausible: start-up medians between 1 ms and
# 10 minutes, each scenario's peak between 10 MB and 10 GB.
awk -F'|' '
  /^\| (Minimal GTK 4 window|Minimal libadwaita window|CareDelegation, Today page ready)/ {
    n_start++
    if ($4 + 0 < 1 || $4 + 0 > 600000) { print "implausible start-up: " $0; bad = 1 }
  }
  /^\| (A person|Every change|The person.s chart)/ {
    n_rss++
    if ($10 + 0 < 10 || $10 + 0 > 10000) { print "implausible peak RSS: " $0; bad = 1 }
  }
  /^Target: Today page ready/ { ratio = 1 }
  END {
    if (n_start != 4 || n_rss != 3 || !ratio) { print "missing rows: " n_start " start-up, " n_rss " memory"; bad = 1 }
    exit bad
  }' "$dir/gui.md"
