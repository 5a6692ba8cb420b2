#!/bin/sh
# prism-proxy-test.sh: real sync traffic checked against docs/api/openapi.yaml
#
# Stoplight Prism (a third-party OpenAPI validator) runs as a proxy in front
# of the reference server with --errors, so any request or answer that
# breaks the published contract fails instead of passing through. A small
# care home is synced through it (upload, feed with a proposal, a status
# change) and the test passes only if the client drained and Prism
# reported no violation.
#
#   prism-proxy-test.sh SOURCE_ROOT
#
# Needs CARE_COMMISSIONER and CARE_SYNC_RUN (set by meson) and npx; exits
# 77 (skipped) only when npx is missing.
set -eu

src=${1:?source root}
spec="$src/docs/api/openapi.yaml"
commissioner=${CARE_COMMISSIONER:?}
sync_run=${CARE_SYNC_RUN:?}

if ! command -v npx >/dev/null 2>&1; then
  echo "1..0 # SKIP npx is not installed"
  exit 77
fi
if [ ! -f "$spec" ]; then
  echo "prism-proxy-test: $spec is missing" >&2
  exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/care-prism-XXXXXX")
server_pid=""
prism_pid=""
cleanup() {
  # Prism runs as node under npx: end its whole process group.
  [ -n "$prism_pid" ] && kill -- "-$prism_pid" 2>/dev/null || true
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

# A free loopback port for Prism: bind port 0, read it, close.
free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();});'
}

# The server, with a provider and its token.
db="$work/commissioner.db"
token="prism-test-token-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
"$commissioner" add-provider --db "$db" --id oak-lodge --name "Oak Lodge" >/dev/null
"$commissioner" add-token --db "$db" --provider oak-lodge --token "$token" >/dev/null
umask 077
printf '%s\n' "$token" > "$work/token"
"$commissioner" serve --db "$db" --port 0 > "$work/serve.log" 2>&1 &
server_pid=$!
i=0
until grep -q 'listening on ' "$work/serve.log" 2>/dev/null; do
  i=$((i + 1)); [ $i -lt 200 ] || { cat "$work/serve.log" >&2; exit 1; }
  sleep 0.05
done
server_url=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$work/serve.log" | head -n 1)
server_url=${server_url%/}

# Prism in front of it. The first run fetches Prism from the npm registry.
proxy_port=$(free_port)
setsid npx --yes @stoplight/prism-cli@5 proxy "$spec" "$server_url" --errors \
  --host 127.0.0.1 --port "$proxy_port" > "$work/prism.log" 2>&1 &
prism_pid=$!
i=0
until grep -q 'Prism is listening' "$work/prism.log" 2>/dev/null; do
  if ! kill -0 "$prism_pid" 2>/dev/null; then cat "$work/prism.log" >&2; exit 1; fi
  i=$((i + 1)); [ $i -lt 3000 ] || { echo "Prism did not start" >&2; cat "$work/prism.log" >&2; exit 1; }
  sleep 0.1
done
proxy_url="http://127.0.0.1:$proxy_port"

# A small home with records, and one proposal on its feed.
"$CARE_SYNC_TEST_HOME" --make-home "$work/care.db" > "$work/home.txt"
person=$(sed -n 's/^person //p' "$work/home.txt")
type=$(sed -n 's/^type //p' "$work/home.txt")
cat > "$work/proposal.json" <<EOF
{ "fields": { "person_uuid": "$person", "task_type_uuid": "$type",
  "practitioner_name": "Jo Evans", "practitioner_profession": "District nurse",
  "practitioner_number": "98B7654C", "practitioner_org": "Leicestershire Partnership NHS Trust",
  "delegated_on": "2026-03-05", "instructions": "Apply emollient to both shins.",
  "schedule_kind": "times", "schedule_times": "09:00", "start_date": "2026-03-06",
  "review_interval_days": 14, "consent_basis": "consent" } }
EOF
"$commissioner" propose --db "$db" --provider oak-lodge --json "$work/proposal.json" >/dev/null

# The sync, through Prism.
status=0
# Prism cannot read gzip request bodies (it answers 400), so the client is
# told not to compress; everything else is as in production.
"$sync_run" --db "$work/care.db" --url "$proxy_url" --token-file "$work/token" \
  --until-drained 120 --timeout 20 --backoff-cap 1 --no-gzip > "$work/sync.txt" 2>&1 || status=$?
"$CARE_SYNC_TEST_HOME" --transition "$work/care.db" "$proxy_url" "$work/token" >> "$work/sync.txt" 2>&1 || status=$?
cat "$work/sync.txt"

# With --errors Prism turns a violation into an error answer and logs
# "Request terminated with error" (marked with a cross); other violations
# it only warns about are logged as "Violation".
pattern='Request terminated with error|✖|[Vv]iolation'
violations=$(grep -c -E "$pattern" "$work/prism.log" || true)
requests=$(grep -c 'Request received' "$work/prism.log" || true)
echo "prism: $requests requests checked, $violations violations"
if [ "$violations" -ne 0 ]; then
  grep -E -B2 -A8 "$pattern" "$work/prism.log" >&2 || true
  exit 1
fi
# status, uploads, feed pages, a 412 and a 200 transition at least
if [ "$requests" -lt 6 ]; then
  echo "too few requests went through Prism" >&2
  cat "$work/prism.log" >&2
  exit 1
fi
if [ "$status" -ne 0 ]; then
  echo "the sync through Prism failed (status $status)" >&2
  cat "$work/prism.log" >&2
  exit 1
fi
echo "1 passed, 0 failed"
