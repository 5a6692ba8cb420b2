#!/bin/sh
# Fails when a source file with translatable strings is missing from
# po/POTFILES.in, when POTFILES.in lists a file that does not exist, or when
# it is not sorted. Usage: check-potfiles.sh <source root>
set -eu
cd "$1"

status=0
list=$(mktemp)
trap 'rm -f "$list"' EXIT
grep -v -e '^#' -e '^[[:space:]]*$' po/POTFILES.in > "$list"

# C files that call _(), N_(), C_(), NC_() or a plural gettext function.
c_files=$(grep -rlE '(^|[^A-Za-z0-9_])(N?C?_|g_dn?gettext|g_dpgettext2?|ngettext)[[:space:]]*\(' \
            --include='*.c' src || true)
# Interface files with strings marked for translation.
ui_files=$(grep -rl 'translatable="yes"' --include='*.ui' ui || true)
# Settings schemas whose summaries GSettings translates at run time.
schema_files=$(grep -rl 'gettext-domain=' --include='*.gschema.xml' data || true)

for f in $c_files $ui_files $schema_files; do
  if ! grep -qxF "$f" "$list"; then
    echo "po/POTFILES.in does not list $f, which has translatable strings"
    status=1
  fi
done

while read -r f; do
  if [ ! -f "$f" ]; then
    echo "po/POTFILES.in lists $f, which does not exist"
    status=1
  fi
done < "$list"

if ! LC_ALL=C sort -c "$list" 2>/dev/null; then
  echo "po/POTFILES.in is not sorted (LC_ALL=C sort)"
  status=1
fi

exit $status
