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

# The settings schema is compiled into the build folder, so a run from the
# build folder finds it without installing.
export GSETTINGS_SCHEMA_DIR="$PWD/build/data${GSETTINGS_SCHEMA_DIR:+:$GSETTINGS_SCHEMA_DIR}"
# Likewise the compiled translations (LANGUAGE=cy for Welsh).
export CARE_DELEGATION_LOCALEDIR="$PWD/build/po"
exec ./build/src/gui/care-delegation "$@"
