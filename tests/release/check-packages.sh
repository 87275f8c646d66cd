#!/usr/bin/env bash
# Builds the release packages and checks what they hold.
#   .deb  (cpack -G DEB in the Linux build dir), unpacked into a scratch root
#         with dpkg-deb -x: exactly the binary, the manual page, the
#         copyright file and the two documents the manual page refers to
#         (bundle-format.md, findings.md), all under /usr; the binary runs; the manual page is
#         gzip -9n, renders without a warning and documents every command,
#         option and environment variable that --help and the sources know;
#         the control fields, Depends naming the package of every shared
#         library the binary needs; cmake --install puts the same files in
#         the same places.
#   .zip  (cpack -G ZIP in the Windows build dir, when it holds enrolldoc.exe):
#         exactly enrolldoc.exe, README.md and LICENSE, at the top; the
#         executable needs no DLL beyond Windows' own.
# Usage: bash tests/release/check-packages.sh [BUILD_DIR [WINDOWS_BUILD_DIR]]
#   defaults: ./build and ./build-windows. Needs dpkg-deb, dpkg-shlibdeps
#   (dpkg-dev), groff, readelf; man is used when present.
# "A && B || fail" is meant: fail when either test fails.
# shellcheck disable=SC2015
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
winbuild=${2:-$root/build-windows}
scratch=$(mktemp -d "${TMPDIR:-/tmp}/enrolldoc-packages.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
t0=$(date +%s)
checks=0

fail() {
  echo "check-packages: FAIL: $*" >&2
  exit 1
}
ok() { checks=$((checks + 1)); }

# ---------------------------------------------------------------- the .deb
# (building also re-runs CMake when the build dir predates the packaging)
cmake --build "$build" --target enrolldoc >/dev/null
[ -f "$build/CPackConfig.cmake" ] || fail "$build/CPackConfig.cmake is missing"
version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")
[ -n "$version" ] || fail "no project version in $build/CMakeCache.txt"
if ! cpack -G DEB --config "$build/CPackConfig.cmake" -B "$scratch/deb" >"$scratch/cpack-deb.log" 2>&1; then
  cat "$scratch/cpack-deb.log" >&2
  fail "cpack -G DEB"
fi
debs=("$scratch"/deb/*.deb)
[ ${#debs[@]} -eq 1 ] && [ -f "${debs[0]}" ] || fail "expected one .deb, got: ${debs[*]}"
deb=${debs[0]}
arch=$(dpkg --print-architecture)
[ "$(basename "$deb")" = "enrolldoc_${version}_${arch}.deb" ] || fail "file name $(basename "$deb")"
ok

# control fields
field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = enrolldoc ] || fail "Package: $(field Package)"
[ "$(field Version)" = "$version" ] || fail "Version: $(field Version), project $version"
[ "$(field Architecture)" = "$arch" ] || fail "Architecture: $(field Architecture)"
[ -n "$(field Maintainer)" ] || fail "no Maintainer"
[ -n "$(field Description)" ] || fail "no Description"
[ -n "$(field Section)" ] && [ -n "$(field Priority)" ] || fail "no Section or Priority"
ok

# the contents: every entry under ./usr, owned by root, exactly these files
dpkg-deb -c "$deb" >"$scratch/list"
awk '$6 != "./" && $6 !~ /^\.\/usr\// { print; bad = 1 } END { exit bad }' "$scratch/list" ||
  fail "entries outside /usr (above)"
awk '$2 != "root/root" { print; bad = 1 } END { exit bad }' "$scratch/list" ||
  fail "entries not owned by root/root (above)"
awk '$1 ~ /^-/ { print $6 }' "$scratch/list" | sort >"$scratch/files"
printf '%s\n' ./usr/bin/enrolldoc ./usr/share/doc/enrolldoc/copyright \
  ./usr/share/doc/enrolldoc/bundle-format.md ./usr/share/doc/enrolldoc/findings.md \
  ./usr/share/man/man1/enrolldoc.1.gz | sort >"$scratch/files.expected"
diff -u "$scratch/files.expected" "$scratch/files" >&2 || fail "the .deb's files differ (above)"
awk '$1 ~ /^-/ && $6 == "./usr/bin/enrolldoc" && $1 != "-rwxr-xr-x" { bad = 1 }
     $1 ~ /^-/ && $6 != "./usr/bin/enrolldoc" && $1 != "-rw-r--r--" { bad = 1 }
     END { exit bad }' "$scratch/list" || fail "file modes: $(awk '$1 ~ /^-/' "$scratch/list")"
ok

dest=$scratch/root
dpkg-deb -x "$deb" "$dest"
bin=$dest/usr/bin/enrolldoc

# Depends: the package of every shared library the binary needs, nothing else
depends=$(field Depends)
[ -n "$depends" ] || fail "no Depends"
needed_pkgs=()
while read -r soname; do
  pkg=$(dpkg -S "*/$soname" 2>/dev/null | awk -v so="/$soname" '
          { split($0, a, ": "); path = a[2]; n = length(so)
            if (substr(path, length(path) - n + 1) == so) { split(a[1], p, ","); sub(/:.*/, "", p[1]); print p[1]; exit } }')
  [ -n "$pkg" ] || fail "no installed package holds $soname"
  needed_pkgs+=("$pkg")
done < <(readelf -d "$bin" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
[ ${#needed_pkgs[@]} -gt 0 ] || fail "readelf found no NEEDED library"
! readelf -d "$bin" | grep -qE '\((RPATH|RUNPATH)\)' || fail "the packaged binary carries an RPATH"
dep_names=$(tr ',' '\n' <<<"$depends" | sed 's/^ *//; s/[ (].*//' | sort -u)
want_names=$(printf '%s\n' "${needed_pkgs[@]}" | sort -u)
[ "$dep_names" = "$want_names" ] ||
  fail "Depends: $depends; the binary needs the packages: $(tr '\n' ' ' <<<"$want_names")"
for p in libc6 libcjson1 libncursesw6 libtinfo6; do
  grep -qx "$p" <<<"$dep_names" || fail "Depends lacks $p: $depends"
done
if grep -q 'libldap' <<<"$want_names"; then
  grep -q '^libldap' <<<"$dep_names" || fail "Depends lacks libldap: $depends"
fi
ok

# the binary from the package runs and speaks the chosen language
[ "$("$bin" --version)" = "enrolldoc $version" ] || fail "--version says: $("$bin" --version)"
help_en=$(LC_ALL=C "$bin" --help --lang en)
help_de=$(LC_ALL=C "$bin" --help --lang de)
help_env=$(LC_ALL=de_DE.UTF-8 "$bin" --help)
[ -n "$help_en" ] && [ "$help_en" != "$help_de" ] || fail "--help --lang de is not German"
[ "$help_env" = "$help_de" ] || fail "--help under LC_ALL=de_DE.UTF-8 is not the German help"
"$bin" explain 0x800706BA >/dev/null || fail "explain 0x800706BA in the unpacked root"
ok

# the manual page: gzip -9n (no name, no time stamp), renders without warnings
man_gz=$dest/usr/share/man/man1/enrolldoc.1.gz
gzip -t "$man_gz" || fail "the manual page is not valid gzip"
read -r -a hdr < <(od -An -tu1 -N8 "$man_gz")
[ "${hdr[0]}" = 31 ] && [ "${hdr[1]}" = 139 ] || fail "the manual page is not gzip"
[ $((hdr[3] & 8)) -eq 0 ] || fail "the gzip header of the manual page holds a file name (use gzip -n)"
[ "${hdr[4]}${hdr[5]}${hdr[6]}${hdr[7]}" = 0000 ] || fail "the gzip header holds a time stamp (use gzip -n)"
zcat "$man_gz" >"$scratch/enrolldoc.1"
grep -q '@[A-Z_]*@' "$scratch/enrolldoc.1" && fail "unfilled @VARIABLE@ in the manual page"
grep -q "^\.TH ENROLLDOC 1 .*\"enrolldoc $version\"" "$scratch/enrolldoc.1" ||
  fail ".TH does not name enrolldoc $version"
groff -man -Tutf8 -ww -z "$scratch/enrolldoc.1" 2>"$scratch/groff.err" || fail "groff failed"
[ ! -s "$scratch/groff.err" ] || { cat "$scratch/groff.err" >&2; fail "groff warns (above)"; }
# plain text as a reader sees it (no overstriking; long lines and no
# hyphenation, so that every word stays whole)
groff -man -Tutf8 -P-cbou -rHY=0 -rLL=250n "$scratch/enrolldoc.1" 2>/dev/null >"$scratch/man.txt"
if command -v man >/dev/null 2>&1; then
  MANPAGER=cat MANWIDTH=80 man -l "$man_gz" >"$scratch/man-l.txt" 2>"$scratch/man-l.err" ||
    { cat "$scratch/man-l.err" >&2; fail "man -l cannot render the page"; }
  grep -q 'EXIT STATUS' "$scratch/man-l.txt" || fail "man -l rendered no EXIT STATUS"
fi
for s in NAME SYNOPSIS DESCRIPTION COMMANDS OPTIONS WIZARD OUTPUT 'EXIT STATUS' ENVIRONMENT \
         FILES EXAMPLES 'SEE ALSO'; do
  grep -q "^$s\$" "$scratch/man.txt" || fail "the manual page has no section $s"
done
ok
# the words as a list, one a line, each option also without its "=VALUE"
man_words=$(tr -s ' \t[]|(),;:.' '\n' <"$scratch/man.txt")
has_word() { grep -qxF -- "$1" <<<"$man_words"; }
# every option that --help (both languages) or src/cli.c names
opts=$( { printf '%s\n%s\n' "$help_en" "$help_de" |
            grep -oE '(^|[[:space:][(|,])--?[A-Za-z][A-Za-z-]*' | sed 's/^[^-]*//'
          grep -oE '"--?[a-z][a-z-]*=?"' "$root/src/cli.c" | tr -d '"='; } | sort -u)
for o in $opts; do
  has_word "$o" || fail "the manual page does not document $o"
done
# every command --help names, and each form of cli.md's contract
cmds=$(sed -n 's/^ *enrolldoc \([a-z][a-z-]*\).*/\1/p' <<<"$help_en" | sort -u)
for c in $cmds diagnose explain collect events; do
  grep -q "enrolldoc $c" "$scratch/man.txt" || fail "the manual page does not show 'enrolldoc $c'"
done
# every environment variable the sources read (benchmark hooks aside)
envs=$(grep -rhoE '(getenv\(|GetEnvironmentVariable[AW]?\(L?)"[A-Z_]+"' "$root/src" "$root/ui" |
         sed 's/.*"\(.*\)"/\1/' | grep -v '^ENROLLDOC_BENCH_' | sort -u)
for v in $envs LC_ALL LC_MESSAGES LANG NO_COLOR XDG_STATE_HOME LOCALAPPDATA TERM; do
  has_word "$v" || fail "the manual page does not document the environment variable $v"
done
# every key that a key bar of the wizard shows
sed -n '/^WIZARD$/,/^[A-Z]/p' "$scratch/man.txt" | tr -s ' \t,' '\n' >"$scratch/wizard.words"
# (the arrays hold pairs: the key as shown, then its label's catalog key)
awk '/const char \*const keys[A-Za-z_]*\[\] *= *\{/ { on = 1; i = 0 }
     on { line = $0
          while (match(line, /"[^"]*"/)) {
            if (i++ % 2 == 0) print substr(line, RSTART + 1, RLENGTH - 2)
            line = substr(line, RSTART + RLENGTH) } }
     on && /\};/ { on = 0 }' "$root"/ui/*.c | sort -u >"$scratch/keys"
[ -s "$scratch/keys" ] || fail "found no key bar in ui/*.c"
while read -r k; do
  grep -qxF -- "$k" "$scratch/wizard.words" || fail "WIZARD does not explain the key $k"
done <"$scratch/keys"
# the exit statuses, the files
sed -n '/^EXIT STATUS$/,/^[A-Z]/p' "$scratch/man.txt" >"$scratch/exit.txt"
for n in 0 1 2 3; do
  grep -qE "^ +$n\$|^ +$n  " "$scratch/exit.txt" || fail "EXIT STATUS does not explain $n"
done
for f in HOST_enrolldoc.json HOST_ClientEvents.csv .local/state/enrolldoc '%LOCALAPPDATA%\enrolldoc'; do
  grep -qF -- "$f" "$scratch/man.txt" || fail "FILES does not name $f"
done
ok

# the copyright file: DEP-5, naming the license, with its whole text
copyright=$dest/usr/share/doc/enrolldoc/copyright
[ "$(head -1 "$copyright")" = "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/" ] ||
  fail "copyright is not in the DEP-5 format"
grep -qx 'License: Expat' "$copyright" || fail "copyright does not name the license (Expat)"
grep -qx 'Files: \*' "$copyright" || fail "copyright has no 'Files: *' paragraph"
sed -n '/^Permission is hereby granted/,$p' "$root/LICENSE" | sed 's/^$/./; s/^/ /' >"$scratch/terms"
grep -qF -f "$scratch/terms" "$copyright" || fail "copyright lacks the license text"
[ "$(grep -cF -x -f "$scratch/terms" "$copyright")" -ge "$(wc -l <"$scratch/terms")" ] ||
  fail "copyright does not hold LICENSE's text whole"
ok

# cmake --install with Debian's prefix: the same files in the same places
DESTDIR="$scratch/inst" cmake --install "$build" --prefix /usr >/dev/null
(cd "$scratch/inst" && find . -type f | sort) >"$scratch/inst.files"
diff -u "$scratch/files.expected" "$scratch/inst.files" >&2 || fail "cmake --install differs from the .deb (above)"
cmp -s "$scratch/inst/usr/share/man/man1/enrolldoc.1.gz" "$man_gz" || fail "installed manual page differs"
ok
echo "check-packages: $(basename "$deb"): $(field Depends)"

# ---------------------------------------------------------------- the .zip
if [ -f "$winbuild/enrolldoc.exe" ]; then
  winbuild=$(cd "$winbuild" && pwd)
  cmake --build "$winbuild" --target enrolldoc >/dev/null
  [ -f "$winbuild/CPackConfig.cmake" ] || fail "$winbuild/CPackConfig.cmake is missing"
  if ! cpack -G ZIP --config "$winbuild/CPackConfig.cmake" -B "$scratch/zip" >"$scratch/cpack-zip.log" 2>&1; then
    cat "$scratch/cpack-zip.log" >&2
    fail "cpack -G ZIP"
  fi
  zips=("$scratch"/zip/*.zip)
  [ ${#zips[@]} -eq 1 ] && [ -f "${zips[0]}" ] || fail "expected one .zip, got: ${zips[*]}"
  zip=${zips[0]}
  [ "$(basename "$zip")" = "enrolldoc-$version-win64.zip" ] || fail "file name $(basename "$zip")"
  (cd "$scratch" && cmake -E tar tf "$zip") | sed 's|/$||' | sort >"$scratch/zip.list"
  printf '%s\n' LICENSE README.md enrolldoc.exe doc doc/bundle-format.md doc/findings.md | sort >"$scratch/zip.expected"
  diff -u "$scratch/zip.expected" "$scratch/zip.list" >&2 || fail "the .zip's entries differ (above)"
  mkdir "$scratch/unzip"
  (cd "$scratch/unzip" && cmake -E tar xf "$zip")
  cmp -s "$scratch/unzip/README.md" "$root/README.md" || fail "README.md in the .zip differs"
  cmp -s "$scratch/unzip/LICENSE" "$root/LICENSE" || fail "LICENSE in the .zip differs"
  [ "$(head -c 2 "$scratch/unzip/enrolldoc.exe")" = MZ ] || fail "enrolldoc.exe is not a Windows executable"
  objdump=$(command -v x86_64-w64-mingw32-objdump || command -v objdump || true)
  if [ -n "$objdump" ]; then
    # one self-contained .exe: no DLL beyond Windows' own (libgcc, winpthread,
    # ncurses and cJSON are linked in)
    dlls=$("$objdump" -p "$scratch/unzip/enrolldoc.exe" | sed -n 's/.*DLL Name: //p' | sort -u)
    [ -n "$dlls" ] || fail "objdump found no imported DLL in enrolldoc.exe"
    if grep -viE '^(kernel32|user32|advapi32|ole32|oleaut32|crypt32|ncrypt|taskschd|wevtapi|netapi32|secur32|wtsapi32|shell32|wldap32|msvcrt|ucrtbase|ws2_32|rpcrt4|bcrypt|gdi32|api-ms-win-.*)\.dll$' <<<"$dlls"; then
      fail "enrolldoc.exe needs the DLLs above, which the .zip does not ship"
    fi
  fi
  ok
  echo "check-packages: $(basename "$zip"): $(tr '\n' ' ' <"$scratch/zip.list")"
else
  echo "check-packages: Windows .zip skipped ($winbuild/enrolldoc.exe does not exist)"
fi

echo "check-packages: $checks groups of checks passed in $(($(date +%s) - t0)) s"
