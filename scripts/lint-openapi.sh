#!/usr/bin/env bash
# Lints docs/api/openapi.yaml with Redocly CLI (its "recommended" rules).
# Needs Node.js with npx; the first run fetches Redocly from the npm
# registry. Exits non-zero on any error.
#
#   scripts/lint-openapi.sh
#
# REDOCLY_CLI picks another release. The default is pinned because the
# latest 1.x release has at times named a dependency version the registry
# did not (yet) serve, which broke "@redocly/cli@1".
set -euo pipefail

cd "$(dirname "$0")/.."
cli=${REDOCLY_CLI:-@redocly/cli@1.34.20}

if ! command -v npx >/dev/null 2>&1; then
  echo "lint-openapi: npx (Node.js) is needed" >&2
  exit 1
fi
exec npx --yes "$cli" lint docs/api/openapi.yaml
