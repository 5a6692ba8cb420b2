#!/usr/bin/env bash
# Makes a throwaway certificate authority and a server certificate for
# 127.0.0.1 and localhost, for testing the commissioner server over HTTPS.
#
#   scripts/gen-test-cert.sh DIR
#
# writes DIR/ca.pem (give it to the client as its CA file), DIR/server.pem
# and DIR/server-key.pem (care-commissioner serve --tls-cert/--tls-key).
# The CA key is deleted at the end: nothing else can ever be signed with it.
# Never use these files for a real server.
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 DIR" >&2
  exit 2
fi
dir=$1
mkdir -p "$dir"
cd "$dir"
umask 077

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
  -keyout "$work/ca-key.pem" -out ca.pem -days 30 -sha256 \
  -subj "/CN=CareDelegation test CA" \
  -addext "basicConstraints=critical,CA:TRUE" \
  -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null

openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
  -keyout server-key.pem -out "$work/server.csr" -sha256 \
  -subj "/CN=localhost" 2>/dev/null

cat > "$work/server.ext" <<'EXT'
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost
EXT

openssl x509 -req -in "$work/server.csr" -CA ca.pem -CAkey "$work/ca-key.pem" \
  -CAcreateserial -CAserial "$work/ca.srl" -out server.pem -days 30 -sha256 \
  -extfile "$work/server.ext" 2>/dev/null

chmod 644 ca.pem server.pem
echo "wrote $dir/ca.pem, $dir/server.pem and $dir/server-key.pem"
