#!/usr/bin/env bash
# Installs what is missing, builds CareDelegation with warnings as errors and
# runs every test suite. The GUI tests need a display and a session bus (the
# accessibility bus is started from it), so the whole run sits under a
# virtual X server and a private D-Bus session.
# Arguments go to meson test: scripts/test.sh --suite unit
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh

builddir=build-test
if [ ! -f "$builddir/build.ninja" ]; then
  meson setup "$builddir" --werror
fi
meson compile -C "$builddir"

xvfb-run -a -s '-screen 0 1280x800x24' \
  dbus-run-session -- \
  meson test -C "$builddir" --print-errorlogs --num-processes 2 "$@"
