#!/usr/bin/env bash
# template.sh: no template named (neither --template nor the bundle's
# "template"). diagnose evaluates every candidate template (src/candidates.h),
# the main diagnosis for the most likely one, and lists how each fared (text;
# "candidates" in JSON); a bundle that names one is diagnosed as before,
# without candidates. The line mode asks "Which template?" at the first check
# that needs one: the candidates numbered, most likely first (the default),
# and "another name…", whose name is read from the next line.
# Usage: bash tests/cli/template.sh BINARY SOURCE_DIR SHARED_DIR
set -uo pipefail
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1"); src=$(cd "$2" && pwd); shared=$3
pass=0; fail=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/enrolldoc-template.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C.UTF-8 LANG=C.UTF-8 XDG_STATE_HOME=$tmp/state
unset TERM
NAME=template
. "$src/tests/cli/lib/common.sh"
jqe() { jq -e "$@" >/dev/null; }
# has_flat FILE TEXT: TEXT in FILE read as one line (the output is wrapped)
has_flat() { tr '\n' ' ' <"$1" | tr -s ' ' | grep -qF -- "$2"; }

healthy=$shared/scenarios/healthy.json
jq 'del(.template)' "$healthy" >"$tmp/notmpl.json"
# a second candidate the account may autoenroll, with a failing story:
# published nowhere, so it ranks after ContosoUser
jq 'del(.template) | .facts.templates += [(.facts.templates[] | select(.name == "ContosoUser")
    | .name = "ContosoVPN" | .display_name = "Contoso VPN")]' "$healthy" >"$tmp/two.json"

# diagnose --json: the candidates beside the main document
"$bin" diagnose --bundle "$tmp/notmpl.json" --json >"$tmp/d.json"; rc=$?
check "diagnose without template exits 0 (got $rc)" [ "$rc" = 0 ]
check "main diagnosis is for the most likely candidate" \
  [ "$(jq -r .template "$tmp/d.json")" = ContosoUser ]
check "candidates listed, most likely first" \
  [ "$(jq -r '[.candidates[].template] | join(",")' "$tmp/d.json")" = "ContosoUser,Machine" ]
check "each candidate has template, finding, status" \
  jqe '.candidates | all(has("template") and has("finding") and has("status"))' "$tmp/d.json"
"$bin" diagnose --bundle "$tmp/two.json" --json >"$tmp/d2.json"
check "ContosoVPN: autoenroll right, not published: second" \
  [ "$(jq -r '.candidates[1].template' "$tmp/d2.json")" = ContosoVPN ]
check "ContosoVPN fails on template.not-published" \
  [ "$(jq -r '.candidates[1] | .finding + " " + .status' "$tmp/d2.json")" = "template.not-published fail" ]
check "exit status stays the main diagnosis's" \
  bash -c '"$0" diagnose --bundle "$1" >/dev/null; [ $? = 0 ]' "$bin" "$tmp/two.json"

# a bundle that names its template: no candidates, the document as before
"$bin" diagnose --bundle "$healthy" --json >"$tmp/named.json"
check "named template: no candidates" jqe 'has("candidates") | not' "$tmp/named.json"
"$bin" diagnose --bundle "$tmp/notmpl.json" --template ContosoUser --json >"$tmp/opt.json"
check "--template: no candidates" jqe 'has("candidates") | not' "$tmp/opt.json"

# text: how each candidate fared, in both languages
for l in en de; do
  "$bin" diagnose --bundle "$tmp/two.json" --lang "$l" >"$tmp/t-$l.txt"
  check "$l: candidates title" has "$tmp/t-$l.txt" "$(msg "$l" diagnose.candidates.title)"
  check "$l: ContosoVPN's deciding finding" has_flat "$tmp/t-$l.txt" "ContosoVPN: $(msg "$l" diagnose.candidates.deciding) $(msg "$l" finding.template.not-published.title) (template.not-published)"
done

# the line mode asks: Enter x4 to a.store, then the question
enters() { local i; for ((i = 0; i < $1; i++)); do printf '\n'; done; }
for l in en de; do
  { enters 4; printf '2\n'; enters 30; } | "$bin" --plain --bundle "$tmp/two.json" --lang "$l" >"$tmp/p-$l.out" 2>&1
  check "$l: plain asks which template" has "$tmp/p-$l.out" "$(msg "$l" ui.template.question)"
  check "$l: most likely first, the default" has_flat "$tmp/p-$l.out" "1) ContosoUser ($(msg "$l" ui.template.why.autoenroll), $(msg "$l" ui.template.why.published)) $(msg "$l" plain.default)"
  check "$l: another name offered" has "$tmp/p-$l.out" "4) $(msg "$l" ui.template.other)"
  check "$l: the choice decides the walk (ContosoVPN not published)" has "$tmp/p-$l.out" "$(msg "$l" finding.template.not-published.title)"
  check "$l: asked once" [ "$(grep -cF "$(msg "$l" ui.template.question)" "$tmp/p-$l.out")" = 1 ]
done
# another name: typed on the next line
{ enters 4; printf '4\nNoSuchTemplate\n'; enters 30; } | "$bin" --plain --bundle "$tmp/two.json" --lang en >"$tmp/other.out" 2>&1
check "another name: asked for" has "$tmp/other.out" "$(msg en plain.template.ask)NoSuchTemplate"
check "another name: used by the checks" has "$tmp/other.out" "facts.templates[name=NoSuchTemplate]"

echo "template: $pass passed, $fail failed"
[ "$fail" = 0 ]
