#!/usr/bin/env bash
# Installs what is missing, builds CareDelegation and opens it.
# Arguments go to the application: scripts/run.sh --demo opens the
# demonstration home.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh

if [ ! -f build/build.ninja ]; then
  meson setup build
fi
meson compile -C build

exec ./build/src/gui/care-delegation "$@"
