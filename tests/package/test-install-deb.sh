#!/bin/sh
# Build the Debian packages from a clean copy of the source tree and install
# them into a clean Debian 12 root (debootstrap minbase), as a school's
# machine would get them:
#   1. dpkg-buildpackage -b -us -uc; lintian reports no error (its warnings
#      are printed);
#   2. dabiao-cli alone: no GTK comes with it; `standards list`, scoring a
#      small sheet (the same cells as the tested build tree gives), Chinese
#      messages by default, manual pages (en, zh_CN), bash completion, and a
#      font that draws 𠮷 (an exported PDF holds it in an embedded CJK font);
#   3. then dabiao: `dabiao --help`, its schema compiled in, desktop entry and
#      metainfo that validate, icons, MIME type, manual pages.
# Suite `package` (not in a plain `meson test`: it builds the whole project a
# second time; see tests/meson.build).  Needs root, dpkg-dev, debhelper,
# lintian, debootstrap (or the clean root cached by clean-room-ci) and the
# Debian archive.  Downloaded packages are kept in $cache/apt-archives.
set -u
now () { date +%s; }
T0=$(now)
elapsed () { echo $(($(now) - $1)); }
say () { printf '%s  %s\n' "$(date -u +%H:%M:%S)" "$*"; }
fail () { echo "FAIL: $*"; exit 1; }
skip () { echo "SKIP: $*"; exit 77; }

[ "$(id -u)" = 0 ] || skip "needs root (chroot)"
for tool in dpkg-buildpackage dh lintian chroot; do
  command -v $tool >/dev/null || skip "$tool is not installed (apt-get install dpkg-dev debhelper lintian)"
done
src=${DABIAO_SOURCE_ROOT:?}
cache=${DABIAO_PACKAGE_TEST_CACHE:-/var/cache/dabiao-package-test}
base=${CLEAN_ROOM_CACHE:-/var/cache/clean-room-ci}/bookworm-minbase
[ -x "$base/bin/bash" ] || base=$cache/bookworm-minbase
work=$(mktemp -d "${TMPDIR:-/tmp}/dabiao-package.XXXXXX")
root=$work/root
mkdir -p "$cache/apt-archives/partial"

cleanup () {
  for m in tmp/.X11-unix dev/pts var/cache/apt/archives proc; do
    umount -l "$root/$m" 2>/dev/null
  done
  # never delete through a mount that is still there
  if mountpoint -q "$root/proc" || mountpoint -q "$root/var/cache/apt/archives" \
     || mountpoint -q "$root/tmp/.X11-unix" || mountpoint -q "$root/dev/pts"; then
    echo "left $work (still mounted)"
  elif [ -n "${DABIAO_PACKAGE_TEST_KEEP:-}" ]; then
    echo "kept $work"
  else
    rm -rf --one-file-system "$work"
  fi
}
trap cleanup EXIT INT TERM

# ---- 1. build ----------------------------------------------------------------
say "copying the source tree (what git tracks, plus new files not ignored)"
mkdir "$work/dabiao"
if git -C "$src" rev-parse --git-dir >/dev/null 2>&1; then
  (cd "$src" && git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf -) \
    | tar -xf - -C "$work/dabiao" || fail "copying the source"
else
  (cd "$src" && tar --exclude='./_build*' --exclude=./obj-* -cf - .) | tar -xf - -C "$work/dabiao"
fi

say "dpkg-buildpackage -b -us -uc (nocheck: the suite is this test's caller)"
start=$(now)
(cd "$work/dabiao" && env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME="$work" LANG=C.UTF-8 \
   DEB_BUILD_OPTIONS="nocheck parallel=2" dpkg-buildpackage -b -us -uc) > "$work/build.log" 2>&1 \
  || { tail -40 "$work/build.log"; fail "dpkg-buildpackage failed (log above)"; }
grep -i "help-docs: WARNING" "$work/build.log" && fail "the manual pages missed commands (above)"
say "built in $(elapsed $start) s: $(cd "$work" && ls ./*.deb | tr '\n' ' ')"
ls "$work"/dabiao_*.deb "$work"/dabiao-cli_*.deb >/dev/null || fail "dabiao and dabiao-cli .deb expected"

say "lintian"
lintian --fail-on error --tag-display-limit 0 --info "$work"/*.changes > "$work/lintian.txt" 2>&1
lintian_status=$?
sed 's/^/  lintian: /' "$work/lintian.txt"
grep -q '^E: ' "$work/lintian.txt" && fail "lintian reports errors"
[ $lintian_status = 0 ] || fail "lintian exit $lintian_status"
echo "lintian: $(grep -c '^W: ' "$work/lintian.txt") warnings, no error"

deps=$(dpkg-deb -f "$work"/dabiao-cli_*.deb Depends)
recommends=$(dpkg-deb -f "$work"/dabiao-cli_*.deb Recommends)
echo "dabiao-cli Depends: $deps"
echo "dabiao-cli Recommends: $recommends"
echo "$deps" | grep -q "libgtk\|libadwaita" && fail "dabiao-cli depends on GTK: $deps"
echo "$recommends" | grep -q "libreoffice-calc" || fail "dabiao-cli does not recommend LibreOffice Calc (.xls export)"
echo "dabiao Depends: $(dpkg-deb -f "$work"/dabiao_*.deb Depends)"

# ---- 2. a clean Debian 12 root -------------------------------------------------
if [ ! -x "$base/bin/bash" ]; then
  command -v debootstrap >/dev/null || skip "no clean root cached and debootstrap is not installed"
  say "debootstrap --variant=minbase bookworm (once, cached in $base)"
  rm -rf "$base.tmp"; mkdir -p "$(dirname "$base")"
  debootstrap --variant=minbase bookworm "$base.tmp" > "$work/debootstrap.log" 2>&1 \
    || { tail -5 "$work/debootstrap.log"; fail "debootstrap failed"; }
  if [ -f /etc/apt/sources.list ]; then cp /etc/apt/sources.list "$base.tmp/etc/apt/sources.list"
  else rm -f "$base.tmp/etc/apt/sources.list"; fi
  [ -d /etc/apt/sources.list.d ] && cp -r /etc/apt/sources.list.d/. "$base.tmp/etc/apt/sources.list.d/"
  [ -d /etc/apt/apt.conf.d ] && cp -r /etc/apt/apt.conf.d/. "$base.tmp/etc/apt/apt.conf.d/"
  mv "$base.tmp" "$base"
fi
say "copying the clean root $base"
cp -a "$base/." "$root/" || fail "copying the clean root"
cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null
mount -t proc proc "$root/proc" || fail "mounting /proc"
mount --bind "$cache/apt-archives" "$root/var/cache/apt/archives" || fail "mounting the package cache"
mkdir -p "$root/tmp/debs"
cp "$work"/*.deb "$root/tmp/debs/"
in_root () {   # a bare environment: no LANG, as on a fresh install
  chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
    DEBIAN_FRONTEND=noninteractive "$@"
}
say "apt-get update"
in_root apt-get update -q > "$work/apt.log" 2>&1 || { tail -5 "$work/apt.log"; fail "apt-get update in the clean root"; }

installed_mb () {
  in_root dpkg-query -W -f='${Installed-Size}\n' | awk '{ s += $1 } END { printf "%d", s / 1024 }'
}
size0=$(installed_mb)

# ---- 3. dabiao-cli alone ---------------------------------------------------------
# Recommends (LibreOffice for .xls) left out: several hundred MB, and checked above.
say "apt-get install ./dabiao-cli_*.deb"
start=$(now)
in_root sh -c 'cd /tmp/debs && apt-get install -y -q --no-install-recommends ./dabiao-cli_*.deb' \
  > "$work/apt.log" 2>&1 || { tail -20 "$work/apt.log"; fail "installing dabiao-cli"; }
size1=$(installed_mb)
say "installed in $(elapsed $start) s: +$((size1 - size0)) MB with its dependencies"
in_root dpkg-query -W -f='${Status}' libgtk-4-1 2>/dev/null | grep -q "install ok installed" \
  && fail "installing dabiao-cli brought GTK"
in_root sh -c 'ldd /usr/bin/dabiao-cli /usr/bin/dabiao-sim' | grep -q "libgtk\|libadwaita" \
  && fail "dabiao-cli or dabiao-sim links GTK"

out=$(in_root dabiao-cli standards list) || fail "dabiao-cli standards list: $out"
echo "$out" | grep -q "^student-2014	" || fail "standards list has no student-2014: $out"
echo "$out" | grep -q "^natfit-2003	" || fail "standards list has no natfit-2003: $out"
in_root dabiao-cli --help | grep -q "用法" || fail "dabiao-cli does not speak Chinese by default"

# A small sheet, scored by the installed program and by the tested build tree.
cat > "$root/tmp/成绩.csv" <<'CSV'
年级编号,班级编号,班级名称,学籍号,民族代码,姓名,性别,出生日期,家庭住址,身高,体重,肺活量,50米跑,坐位体前屈,一分钟跳绳,一分钟仰卧起坐,50米×8往返跑,立定跳远,800米跑,1000米跑,引体向上
41,4101,大一1班,G001,01,张三,1,2005/1/1,北京,175,65,5040,6.7,24.9,,,,273,,2.00,40
21,2101,初一1班,G003,01,王五,女,2010/1/1,北京,160,50,2500,9.0,10,,40,,170,3.75,,
11,1101,一1班,G004,01,吉𠮷,男,2018/1/1,北京,120,22,1000,10.5,10,120,,,,,,
CSV
in_root dabiao-cli score --standard student-2014 /tmp/成绩.csv -o /tmp/评分.csv > "$work/score.log" 2>&1 \
  || fail "scoring in the clean root: $(cat "$work/score.log")"
"${DABIAO_CLI:?}" score --standard student-2014 "$root/tmp/成绩.csv" -o "$work/评分.csv" 2>/dev/null \
  || fail "scoring with the build tree"
cmp -s "$root/tmp/评分.csv" "$work/评分.csv" || fail "the installed program scores differently: $(diff "$root/tmp/评分.csv" "$work/评分.csv" | head)"
grep -q "学年总分" "$root/tmp/评分.csv" || fail "no 学年总分 column"
echo "scored: $(cat "$work/score.log")"

# A font that draws 𠮷: record cards of an event whose participant is 吉𠮷.
cat > "$root/tmp/名单.csv" <<'CSV'
年级编号,班级编号,班级名称,学籍号,民族代码,姓名,性别,出生日期,家庭住址,身份证号
11,1101,一1班,G004,01,吉𠮷,1,2018-01-01,北京,
CSV
in_root sh -c 'cd /tmp && dabiao-cli event new e.dabiao --name 安装测试 --standard student-2014 &&
  dabiao-cli roster import e.dabiao 名单.csv && dabiao-cli export cards e.dabiao -o cards.pdf' \
  > "$work/cards.log" 2>&1 || fail "record cards in the clean root: $(cat "$work/cards.log"; od -c "$root/tmp/名单.csv" | head -5)"
if command -v pdftotext >/dev/null && command -v pdffonts >/dev/null; then
  pdftotext "$root/tmp/cards.pdf" - | grep -q "吉𠮷" || fail "the record card PDF has no 吉𠮷 as text"
  pdffonts "$root/tmp/cards.pdf" > "$work/fonts.txt"
  grep -Eq "Noto|HanaMin|BabelStone" "$work/fonts.txt" || fail "no CJK font embedded: $(cat "$work/fonts.txt")"
  # the glyph itself: the font that holds U+20BB7 is embedded (fc-query on the installed files)
  in_root sh -c 'for f in $(dpkg -L fonts-noto-cjk fonts-hanazono fonts-babelstone-han | grep -E "\.(ttc|ttf|otf)$"); do echo $f; done' > "$work/fontfiles.txt"
  [ -s "$work/fontfiles.txt" ] || fail "no font files installed"
  if command -v fc-query >/dev/null; then
    have=""
    for f in $(cat "$work/fontfiles.txt"); do
      fc-query --format='%{charset}\n' "$root$f" 2>/dev/null | grep -q '20bb' && have="$have $(basename "$f")"
    done
    [ -n "$have" ] || fail "no installed font has U+20BB7 (𠮷)"
    echo "fonts with 𠮷:$have"
  fi
else
  echo "poppler-utils not installed: the PDF's text and fonts not checked"
fi

# dabiao-sim on a pseudo-terminal, read by dabiao-cli listen
mount --bind /dev/pts "$root/dev/pts" || fail "mounting /dev/pts"
out=$(in_root sh -c 'dabiao-sim --profile height-weight-line --values 175.6/70.5 --rate 5 --linger 5 \
        --link /tmp/port > /tmp/sim.out 2>&1 &
      for i in 1 2 3 4 5 6 7 8 9 10; do [ -e /tmp/port ] && break; sleep 0.5; done
      dabiao-cli listen --port /tmp/port --profile height-weight-line --count 2 --timeout 15' 2>&1) \
  || fail "dabiao-sim + dabiao-cli listen: $out $(cat "$root/tmp/sim.out")"
echo "$out" | grep -q "175.6" && echo "$out" | grep -q "70.5" || fail "listen did not read the simulator's values: $out"
echo "dabiao-sim → dabiao-cli listen: $(echo "$out" | tr '\n' ' ')"

# manual pages, completion
for page in man1/dabiao-cli.1.gz man1/dabiao-sim.1.gz zh_CN/man1/dabiao-cli.1.gz zh_CN/man1/dabiao-sim.1.gz; do
  [ -f "$root/usr/share/man/$page" ] || fail "no manual page $page"
done
zcat "$root/usr/share/man/zh_CN/man1/dabiao-cli.1.gz" | grep -q "名称" || fail "the zh_CN page is not Chinese"
zcat "$root/usr/share/man/man1/dabiao-cli.1.gz" | grep -q 'SS "dabiao\\-cli score"' || fail "the page has no score command"
in_root bash -c '. /usr/share/bash-completion/completions/dabiao-cli && complete -p dabiao-cli' >/dev/null \
  || fail "the bash completion does not load"
say "dabiao-cli alone: ok"

# ---- 4. dabiao ---------------------------------------------------------------------
say "apt-get install ./*.deb"
start=$(now)
in_root sh -c 'cd /tmp/debs && apt-get install -y -q --no-install-recommends ./*.deb' > "$work/apt.log" 2>&1 \
  || { tail -20 "$work/apt.log"; fail "installing dabiao"; }
say "installed in $(elapsed $start) s: +$(($(installed_mb) - size1)) MB more for dabiao"
out=$(in_root dabiao --help 2>&1) || fail "dabiao --help: $out"
echo "$out" | grep -q -- "--demo" || fail "dabiao --help does not list --demo: $out"
echo "$out" | grep -q "测试站程序" || fail "dabiao --help is not in Chinese: $out"
in_root dabiao --version | grep -q "^dabiao " || fail "dabiao --version"
# Without a display it gets past its schema check and stops at the display.
out=$(in_root dabiao 2>&1) && fail "dabiao started without a display?"
echo "$out" | grep -q "cn.dabiao.Station" && fail "the installed app does not find its schema: $out"
grep -q "cn.dabiao.Station" "$root/usr/share/glib-2.0/schemas/gschemas.compiled" || fail "schema not compiled in"
[ -f "$root/usr/share/locale/zh_CN/LC_MESSAGES/dabiao.mo" ] || fail "no zh_CN translation"
[ -f "$root/usr/share/icons/hicolor/scalable/apps/cn.dabiao.Station.svg" ] || fail "no icon"
[ -f "$root/usr/share/mime/packages/cn.dabiao.Station.xml" ] || fail "no MIME type"
[ -f "$root/usr/share/mime/application/x-dabiao-event.xml" ] || fail "the MIME type was not registered (trigger)"
for page in man1/dabiao.1.gz zh_CN/man1/dabiao.1.gz; do
  [ -f "$root/usr/share/man/$page" ] || fail "no manual page $page"
done
desktop=$root/usr/share/applications/cn.dabiao.Station.desktop
metainfo=$root/usr/share/metainfo/cn.dabiao.Station.metainfo.xml
[ -f "$desktop" ] || fail "no desktop entry"
grep -q "^Name\[zh_CN\]=" "$desktop" || fail "the desktop entry is not translated"
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$desktop" || fail "desktop-file-validate"
fi
if command -v appstreamcli >/dev/null; then
  appstreamcli validate --no-net "$metainfo" || fail "appstreamcli validate"
fi
# The installed app on a display (this machine's Xvfb, its socket bound into
# the root): the demo event with the installed simulator, for 20 s.
if command -v xvfb-run >/dev/null; then
  mkdir -p "$root/tmp/.X11-unix"
  export root
  xvfb-run -a -s "-screen 0 1280x1024x24" sh -c '
    mount --bind /tmp/.X11-unix "$root/tmp/.X11-unix" || exit 3
    cp "$XAUTHORITY" "$root/tmp/xauthority"
    chroot "$root" /usr/bin/env -i PATH=/usr/bin:/bin HOME=/root DISPLAY="$DISPLAY" XAUTHORITY=/tmp/xauthority \
      GTK_A11Y=none NO_AT_BRIDGE=1 timeout 20 dabiao --demo > "$root/tmp/app.log" 2>&1
    status=$?
    umount "$root/tmp/.X11-unix"
    exit $status' 
  status=$?
  [ $status = 124 ] || fail "the installed app did not keep running on a display (exit $status): $(cat "$root/tmp/app.log")"
  grep -E "CRITICAL|cannot open display|cn.dabiao.Station|Segmentation" "$root/tmp/app.log" \
    && fail "the installed app complained (above)"
  ls "$root"/root/.local/share/dabiao/*.dabiao >/dev/null 2>&1 || fail "the demo event was not created: $(ls -R "$root/root/.local/share" 2>&1 | head)"
  say "dabiao ran 20 s on the demo event"
else
  echo "xvfb-run is not installed: the app was not started on a display"
fi
say "dabiao: ok; everything in $(elapsed $T0) s"
