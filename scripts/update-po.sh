#!/bin/sh
# Regenerates the translation template from the files in po/POTFILES.in and
# merges every language in po/LINGUAS with it.
#
#   scripts/update-po.sh              merge into po/<lang>.po in the source tree
#   scripts/update-po.sh --check DIR  merge into copies in DIR and fail, naming
#                                     the strings, if any language has an
#                                     untranslated or fuzzy message or does not
#                                     pass msgfmt --check; the tree is unchanged
#
# The xgettext options are those of Meson's i18n.gettext 'glib' preset, so
# the template is the one the care-delegation-pot target would write.
set -eu

usage() {
  echo "usage: $0 [--check WORKDIR]" >&2
  exit 2
}

mode=update
workdir=
case $# in
  0) ;;
  2) [ "$1" = --check ] || usage; mode=check; workdir=$2 ;;
  *) usage ;;
esac

root=$(cd "$(dirname "$0")/.." && pwd)
package=care-delegation

if [ "$mode" = check ]; then
  mkdir -p "$workdir"
  workdir=$(cd "$workdir" && pwd)
  pot="$workdir/$package.pot"
else
  scratch=$(mktemp -d)
  trap 'rm -rf "$scratch"' EXIT
  pot="$scratch/$package.pot"
fi

cd "$root"
xgettext_log="${workdir:-$scratch}/xgettext.log"
xgettext --package-name="$package" -D "$root" -f po/POTFILES.in -o "$pot" \
  --from-code=UTF-8 --add-comments \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
  --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
  --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format \
  --flag=g_string_printf:2:c-format --flag=g_string_append_printf:2:c-format \
  --flag=g_error_new:3:c-format --flag=g_set_error:4:c-format \
  --flag=g_markup_printf_escaped:1:c-format --flag=g_log:3:c-format \
  --flag=g_print:1:c-format --flag=g_printerr:1:c-format --flag=g_printf:1:c-format \
  --flag=g_fprintf:2:c-format --flag=g_sprintf:2:c-format --flag=g_snprintf:3:c-format \
  2> "$xgettext_log" || { cat "$xgettext_log" >&2; exit 1; }
[ "$mode" = check ] || cat "$xgettext_log" >&2

languages=$(grep -v -e '^#' -e '^[[:space:]]*$' po/LINGUAS)

if [ "$mode" = update ]; then
  for lang in $languages; do
    msgmerge --quiet --update --backup=none --previous "po/$lang.po" "$pot"
    printf '%s: ' "$lang"
    msgfmt --check --statistics -o /dev/null "po/$lang.po" 2>&1
  done
  exit 0
fi

# Prints each msgid of a PO file on one line (the header's empty one left out).
msgids() {
  awk 'function unquote(s) { sub(/^(msgid )?"/, "", s); sub(/"$/, "", s); return s }
       /^msgid / { id = unquote($0); inid = 1; next }
       /^"/ && inid { id = id unquote($0); next }
       inid { inid = 0; if (id != "") print id }
       END { if (inid && id != "") print id }'
}

status=0
# A msgid that xgettext cut short (a G_GINT64_FORMAT-style macro inside _())
# or that is both singular and plural never matches at run time.
if grep -q 'warning:' "$xgettext_log"; then
  echo "xgettext: these strings cannot be translated as written. Inside _() use %lld and a"
  echo "(long long) cast, not G_GINT64_FORMAT and its kin, which xgettext cannot expand;"
  echo "give a msgid used both with and without a plural one form:"
  grep 'warning:' "$xgettext_log" | sed 's/^/  /'
  status=1
fi
# xgettext only warns where it knows the call takes a format; any msgid that
# ends in a lone % was cut short all the same.
cut=$(msgids < "$pot" | grep -E '(^|[^%])(%%)*%$' || true)
if [ -n "$cut" ]; then
  echo "xgettext cut these msgids short at a format macro; they can never be translated:"
  printf '%s\n' "$cut" | sed 's/^/  /'
  status=1
fi
for lang in $languages; do
  merged="$workdir/$lang.po"
  msgmerge --quiet -o "$merged" "po/$lang.po" "$pot"
  printf '%s: ' "$lang"
  if ! msgfmt --check --statistics -o /dev/null "$merged" 2>&1; then
    echo "po/$lang.po does not pass msgfmt --check"
    status=1
  fi
  for kind in untranslated only-fuzzy; do
    missing=$(msgattrib --$kind --no-obsolete --no-wrap "$merged" | msgids)
    if [ -n "$missing" ]; then
      echo "po/$lang.po: ${kind#only-} messages (run scripts/update-po.sh and translate them):"
      printf '%s\n' "$missing" | sed 's/^/  /'
      status=1
    fi
  done
done
exit $status
