#!/bin/sh
# Regenerate po/zh_CN.po from the sources, keeping every translation.
# Entries carry no source locations and are sorted, so that several people
# adding strings at once merge cleanly (see .gitattributes).
# Usage: po/update-po.sh   (from anywhere); then translate the empty msgstr.
set -eu
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
grep -v '^#' po/POTFILES.in | grep -v '^$' > "$tmp/files"
xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --add-comments=Translators --no-location --sort-output \
  --package-name=dabiao --files-from="$tmp/files" -o "$tmp/dabiao.pot"
msguniq --use-first -o "$tmp/old.po" po/zh_CN.po
msgmerge --quiet --no-fuzzy-matching --no-location --sort-output --no-wrap \
  -o po/zh_CN.po "$tmp/old.po" "$tmp/dabiao.pot"
msgattrib --no-obsolete --no-wrap -o po/zh_CN.po po/zh_CN.po
echo "untranslated:"
msgattrib --untranslated --no-wrap po/zh_CN.po | grep '^msgid ' | grep -v '^msgid ""$' || true
