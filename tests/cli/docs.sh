#!/usr/bin/env bash
# The documents shipped with the program against the code:
#   doc/findings.md: every finding id the checks define (and the catalogs
#     name) has a row, with the same severity and the same actions, and the
#     page names no id that the code does not know;
#   doc/bundle-format.md: the field names in its tables are exactly the keys
#     that the loader (src/bundle.c) reads, and its example loads;
#   README.md and the manual page point at both and not at ../shared/spec.
# Usage: bash tests/cli/docs.sh BINARY SOURCE_DIR SHARED_DIR
set -uo pipefail
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1"); src=$(cd "$2" && pwd)
pass=0; fail=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C LANG=C
cd "$src" || exit 1

bad() { echo "FAIL $*"; fail=$((fail + 1)); }
ok() { pass=$((pass + 1)); }
# same WHAT A B: the sorted lists in files A and B are equal.
same() {
  if diff -u "$2" "$3" >"$tmp/diff"; then ok; else bad "$1 (- code, + document):"; sed -n '3,$p' "$tmp/diff"; fi
}

# ---- findings: the code's definitions {"id", SEV_X, {"action", ..., NULL}}
# (one definition may span lines), as "id severity action,action".
cat checks/*.c src/*.c | tr '\n' ' ' |
  grep -oE '\{ *"[a-z0-9-]+\.[a-z0-9.-]+", *SEV_[A-Z]+, *\{[^}]*\} *\}' |
  sed -E 's/^\{ *"([^"]+)", *SEV_([A-Z]+), *\{([^}]*)\}.*/\1 \2 \3/' |
  awk '{ id = $1; sev = tolower($2); $1 = $2 = ""; gsub(/[" ]|NULL/, ""); sub(/,+$/, "")
         n = split($0, a, ","); acts = ""
         for (i = 1; i <= n; i++) if (a[i] != "") acts = acts (acts ? "," : "") a[i]
         print id, sev, (acts ? acts : "-") }' | sort -u >"$tmp/code"
[ "$(wc -l <"$tmp/code")" -ge 30 ] || bad "found only $(wc -l <"$tmp/code") finding definitions in checks/*.c"
# the catalogs' finding.<id>.title keys
grep -oE '"finding\.[a-z0-9.-]+\.title"' locale/en.json | sed -E 's/^"finding\.//; s/\.title"$//' |
  sort -u >"$tmp/catalog"
cut -d' ' -f1 "$tmp/code" >"$tmp/code.ids"
same "finding ids of the code and of the English catalog differ" "$tmp/code.ids" "$tmp/catalog"
# the document's rows: | `id` | severity | meaning | `action`, `action` |
grep -E '^\| `[a-z0-9-]+\.[a-z0-9.-]+` \|' doc/findings.md |
  awk -F'|' '{ id = $2; gsub(/[ `]/, "", id); sev = $3; gsub(/ /, "", sev)
               acts = $(NF - 1); gsub(/[ `]/, "", acts); if (acts == "—") acts = "-"
               print id, sev, acts }' | sort -u >"$tmp/doc"
cut -d' ' -f1 "$tmp/doc" >"$tmp/doc.ids"
same "finding ids of the code and of doc/findings.md differ" "$tmp/code.ids" "$tmp/doc.ids"
# severity and actions (in the code's order) per id
same "severity or actions differ between the code and doc/findings.md" "$tmp/code" "$tmp/doc"

# ---- the bundle: every key the loader reads, and every field named in the
# document's tables (first column).
grep -oE '(rd_[a-z_]+|field|jpath_key)\((L, )?[a-z]+, "[a-z_]+"' src/bundle.c |
  sed -E 's/.*"([a-z_]+)"$/\1/' | sort -u >"$tmp/loader"
[ "$(wc -l <"$tmp/loader")" -ge 40 ] || bad "found only $(wc -l <"$tmp/loader") keys in src/bundle.c"
grep -E '^\| `[a-z_]+` \|' doc/bundle-format.md | awk -F'`' '{ print $2 }' | sort -u >"$tmp/bdoc"
same "the fields the loader reads and the ones doc/bundle-format.md names differ" "$tmp/loader" "$tmp/bdoc"
# the groups: each group of facts has a row in the facts table.
awk '/^## `facts`/ { on = 1; next } /^#/ { on = 0 } on' doc/bundle-format.md |
  grep -oE '^\| `[a-z_]+`' | tr -d '|` ' | sort -u >"$tmp/groups.doc"
sed -n '/^static int rd_facts/,/^}/p' src/bundle.c |
  grep -oE '(rd_[a-z_]+|field)\((L, )?fo, "[a-z_]+"' | sed -E 's/.*"([a-z_]+)"$/\1/' | sort -u >"$tmp/groups.code"
[ -s "$tmp/groups.code" ] || bad "no groups found in rd_facts (src/bundle.c)"
same "the groups of facts differ between rd_facts and doc/bundle-format.md" "$tmp/groups.code" "$tmp/groups.doc"
# the example loads
awk '/^```json/ { on = 1; next } /^```/ { on = 0 } on' doc/bundle-format.md >"$tmp/example.json"
"$bin" diagnose --bundle "$tmp/example.json" >/dev/null 2>"$tmp/err"; st=$?
if [ "$st" = 0 ] || [ "$st" = 1 ]; then ok; else bad "the example in doc/bundle-format.md does not load: $(cat "$tmp/err")"; fi

# ---- pointers: README and the manual page name both documents, and the
# README sends nobody to ../shared/spec.
for d in doc/findings.md doc/bundle-format.md; do
  grep -qF "$d" README.md && ok || bad "README.md does not point at $d"
  sed 's/\\//g' doc/enrolldoc.1 | grep -qF "$(basename "$d")" && ok || bad "doc/enrolldoc.1 does not name $(basename "$d")"
done
if grep -n 'shared/spec' README.md; then bad "README.md still points at ../shared/spec (above)"; else ok; fi

echo "docs: $pass passed, $fail failed"
[ "$fail" = 0 ]
