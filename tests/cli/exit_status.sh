#!/usr/bin/env bash
# The exit statuses as the README's table promises them: every example
# command in its "for example" column (`enrolldoc ...`, run from the source
# dir, on Linux) ends with the status of its row. The manual page and
# --help say the same about the two cases that differ between Windows and
# other systems: diagnose without --bundle is an input error (2), collect
# cannot probe (3).
# Usage: bash tests/cli/exit_status.sh BINARY SOURCE_DIR SHARED_DIR
set -uo pipefail
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1"); src=$(cd "$2" && pwd)
pass=0; fail=0
export LC_ALL=C LANG=C
cd "$src" || exit 1

bad() { echo "FAIL $*"; fail=$((fail + 1)); }

# The table rows: | `N` | meaning | `enrolldoc ...`, `enrolldoc ...` |
rows=$(grep -E '^\| `[0-9]` \|' README.md)
[ "$(printf '%s\n' "$rows" | grep -c .)" = 5 ] || bad "README: expected 5 exit-status rows, got: $rows"
while IFS= read -r row; do
  want=$(printf '%s' "$row" | sed -E 's/^\| `([0-9])` \|.*/\1/')
  examples=$(printf '%s' "$row" | awk -F'|' '{ print $(NF - 1) }' | grep -oE '`enrolldoc [^`]*`' | tr -d '`')
  [ -n "$examples" ] || { bad "README: row $want has no example"; continue; }
  while IFS= read -r ex; do
    read -r -a args <<<"${ex#enrolldoc }"
    "$bin" "${args[@]}" </dev/null >/dev/null 2>&1
    got=$?
    if [ "$got" = "$want" ]; then pass=$((pass + 1)); else bad "README says $want for '$ex', the binary gives $got"; fi
  done <<<"$examples"
done <<<"$rows"

# The manual page's EXIT STATUS: the paragraph of 2 names diagnose without
# --bundle, the one of 3 names collect.
para() { # STATUS: the man page paragraph after ".B STATUS" in EXIT STATUS
  awk -v s="$1" '/^\.SH / { sec = $0 } sec == ".SH EXIT STATUS" && $0 == ".B " s { on = 1; next }
                 on && /^\.(TP|SH)/ { exit } on { print }' doc/enrolldoc.1 | tr '\n' ' '
}
if para 2 | grep -q 'diagnose .*\\-\\-bundle .*other than Windows'; then pass=$((pass + 1))
else bad "enrolldoc.1: EXIT STATUS 2 does not name diagnose without --bundle: $(para 2)"; fi
if para 3 | grep -q 'collect .*other than Windows'; then pass=$((pass + 1))
else bad "enrolldoc.1: EXIT STATUS 3 does not name collect: $(para 3)"; fi
if para 3 | grep -qi 'not Windows'; then bad "enrolldoc.1: EXIT STATUS 3 still claims 'not Windows'"; else pass=$((pass + 1)); fi

# --help in both languages: status 2 names diagnose without --bundle, 3 collect.
for l in en de; do
  help=$("$bin" --help --lang "$l" | sed -n '/^Exit/,$p' | tr '\n' ' ')
  if printf '%s' "$help" | grep -q '2 .*diagnose .*--bundle.*3 .*collect'; then pass=$((pass + 1))
  else bad "--help --lang $l: the exit statuses do not name diagnose (2) and collect (3): $help"; fi
done

echo "exit_status: $pass passed, $fail failed"
[ "$fail" = 0 ]
