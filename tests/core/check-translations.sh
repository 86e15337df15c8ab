#!/bin/sh
# Fails when a translatable string has no zh_CN translation, or a translation
# is fuzzy or does not compile.  Users read Chinese: the translation is
# complete, always.
set -eu
src="$1"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$src"
grep -v '^#' po/POTFILES.in | grep -v '^$' > "$tmp/files"
xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --add-comments=Translators --files-from="$tmp/files" -o "$tmp/dabiao.pot" 2> "$tmp/xgettext.err" || {
  cat "$tmp/xgettext.err"; exit 1; }
msgmerge --quiet --no-fuzzy-matching -o "$tmp/zh_CN.po" po/zh_CN.po "$tmp/dabiao.pot"
msgfmt --check -o /dev/null po/zh_CN.po
untranslated=$(msgattrib --untranslated --no-obsolete "$tmp/zh_CN.po" | grep -c '^msgid ' || true)
fuzzy=$(msgattrib --only-fuzzy --no-obsolete "$tmp/zh_CN.po" | grep -c '^msgid ' || true)
if [ "$untranslated" -gt 0 ] || [ "$fuzzy" -gt 0 ]; then
  echo "po/zh_CN.po is incomplete ($untranslated untranslated, $fuzzy fuzzy, the header counts as one):"
  msgattrib --untranslated --no-obsolete "$tmp/zh_CN.po" | grep -A1 '^msgid ' | grep -v '^msgid ""$' || true
  msgattrib --only-fuzzy --no-obsolete "$tmp/zh_CN.po" | grep '^msgid ' || true
  # The PO header is an entry with an empty msgid, which msgattrib lists as
  # untranslated only when it is empty; a real header never is.
  exit 1
fi
echo "zh_CN: all strings translated"
