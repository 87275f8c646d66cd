#!/usr/bin/env bash
# fleet_browser.sh: the page of `fleet --report` in a real browser
# (Debian's chromium, headless). It renders: the screenshot is a PNG with
# the page's ink and the red of its bars, and the DOM holds both SVG charts.
# It fetches nothing: chromium is pointed at a proxy on 127.0.0.1 that
# records every connection; a control page with an image on another host
# must reach it (so the recording works), the report must not. Printed to
# a PDF it gives pages. What the
# browser asks for itself whatever the page (component updates, its account
# and time services at Google's hosts: *.google.com, *.googleapis.com,
# *.gstatic.com, *.gvt1.com) is left aside; the page itself names no URL
# at all (tests/cli/fleet.sh). Chromium is
# required: without it this test fails (CI installs it, tests/run.sh).
# Usage: bash tests/cli/fleet_browser.sh BINARY SOURCE_DIR SHARED_DIR
set -uo pipefail
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1"); src=$(cd "$2" && pwd)
pass=0; fail=0
tmp=$(mktemp -d)
listener=
cleanup() { [ -n "$listener" ] && kill "$listener" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
export LC_ALL=C LANG=C
NAME=fleet_browser
. "$src/tests/cli/lib/common.sh"

browser=$(command -v chromium || true)
if [ -z "$browser" ]; then
  echo "FAIL $NAME: chromium is not installed (apt-get install chromium); the report page cannot be checked in a browser"
  exit 1
fi

cd "$src/tests/inputs" || exit 1
"$bin" fleet fleet --report "$tmp/report.html" >/dev/null 2>"$tmp/err"
[ -s "$tmp/report.html" ] && ok || no "no report: $(cat "$tmp/err")"
cmp -s "$tmp/report.html" "$src/tests/golden/fleet-report.en.html" && ok || no "the report is not the golden page"
printf '<!DOCTYPE html>\n<html><body><p>control</p><img src="http://example.invalid/x.png" alt=""></body></html>\n' \
  >"$tmp/control.html"

# The proxy: counts the connections it accepts (a line each in the log),
# answers 502. It picks a free port and writes it into a file.
cat >"$tmp/listener.py" <<'EOF'
import socket, sys
log, portfile = sys.argv[1], sys.argv[2]
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(16)
with open(portfile + ".tmp", "w") as f:
    f.write(str(s.getsockname()[1]))
import os
os.rename(portfile + ".tmp", portfile)
while True:
    c, _ = s.accept()
    c.settimeout(2)
    try:
        first = c.recv(4096).split(b"\r\n", 1)[0].decode("latin-1")
    except OSError:
        first = "?"
    with open(log, "a") as f:
        f.write(first + "\n")
    try:
        c.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
    except OSError:
        pass
    c.close()
EOF
: >"$tmp/connections"
python3 "$tmp/listener.py" "$tmp/connections" "$tmp/port" &
listener=$!
for _ in $(seq 300); do [ -s "$tmp/port" ] && break; sleep 0.1; done
port=$(cat "$tmp/port" 2>/dev/null)
[ -n "$port" ] || { no "the listener did not start"; echo "$NAME: $pass passed, $fail failed"; exit 1; }

# chromium PAGE ARGS...: headless, its own profile, everything through the proxy
run_browser() {
  local page=$1; shift
  env -u ASAN_OPTIONS -u UBSAN_OPTIONS -u LSAN_OPTIONS timeout 90 "$browser" --headless --no-sandbox \
    --disable-gpu --no-first-run --no-default-browser-check --disable-background-networking \
    --disable-component-update --disable-sync --disable-extensions --disable-default-apps \
    --disable-features=NetworkTimeServiceQuerying,OptimizationHints,MediaRouter,Translate \
    --disable-client-side-phishing-detection --disable-domain-reliability --no-pings \
    --user-data-dir="$tmp/profile" --proxy-server="http://127.0.0.1:$port" \
    --proxy-bypass-list='<-loopback>' \
    "$@" "file://$page" 2>>"$tmp/browser.log"
}

# The requests from pages: those to the browser's own services left aside.
page_requests() {
  grep -vE '^[A-Z]+ (https?://)?[^ /]*\.(google\.com|googleapis\.com|gstatic\.com|gvt1\.com)(:[0-9]+)?[/ ]' \
    "$tmp/connections"
}

# the control page: the image's request reaches the proxy
run_browser "$tmp/control.html" --screenshot="$tmp/control.png" --window-size=400,300 >/dev/null
page_requests | grep -q 'example\.invalid' && ok ||
  no "the control page's image was not asked for through the proxy: the detector does not work ($(cat "$tmp/connections"))"

# the report: no request at all
: >"$tmp/connections"
run_browser "$tmp/report.html" --screenshot="$tmp/report.png" --window-size=1200,2000 >/dev/null
[ -s "$tmp/report.png" ] && ok || no "no screenshot of the report ($(tail -3 "$tmp/browser.log"))"
run_browser "$tmp/report.html" --dump-dom >"$tmp/dom.html"
sleep 0.5
[ -z "$(page_requests)" ] && ok || no "the report made requests: $(page_requests)"

# printed (as a PDF): pages come out, and "what to do" begins a page of its
# own (print CSS), so the report has more than the overview's pages
run_browser "$tmp/report.html" --no-pdf-header-footer --print-to-pdf="$tmp/report.pdf" >/dev/null
pages=$(grep -a -o '/Count [0-9]*' "$tmp/report.pdf" 2>/dev/null | awk '{print $2}' | sort -n | tail -1)
head -c 5 "$tmp/report.pdf" 2>/dev/null | grep -q '%PDF-' && [ "${pages:-0}" -ge 2 ] && ok ||
  no "the report does not print: ${pages:-no} pages ($(tail -3 "$tmp/browser.log"))"
[ -z "$(page_requests)" ] && ok || no "printing the report made requests: $(page_requests)"

# the DOM: both charts with their bars, the table
[ "$(grep -o '<svg class="chart"' "$tmp/dom.html" | wc -l)" = 2 ] && ok || no "the DOM has not two charts"
[ "$(grep -o '<rect' "$tmp/dom.html" | wc -l)" -ge 10 ] && has "$tmp/dom.html" '<table class="findings">' &&
  ok || no "the DOM lacks the bars or the table"

# the screenshot: a PNG, mostly white, with ink and the bars' red
cat >"$tmp/png.py" <<'EOF'
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
if data[:8] != b"\x89PNG\r\n\x1a\n":
    sys.exit("not a PNG")
pos, idat, ihdr = 8, b"", None
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR":
        ihdr = struct.unpack(">IIBBBBB", body)
    elif kind == b"IDAT":
        idat += body
    pos += 12 + n
w, h, depth, color = ihdr[:4]
if depth != 8 or color not in (2, 6):
    sys.exit("unexpected PNG format: depth %d, colour type %d" % (depth, color))
bpp = 3 if color == 2 else 4
raw, stride = zlib.decompress(idat), w * bpp
prev, out, i = bytearray(stride), [], 0
for _ in range(h):
    f, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
    i += 1 + stride
    for x in range(stride):
        a = line[x - bpp] if x >= bpp else 0
        b, c = prev[x], prev[x - bpp] if x >= bpp else 0
        if f == 1: line[x] = (line[x] + a) & 255
        elif f == 2: line[x] = (line[x] + b) & 255
        elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    out.append(line)
    prev = line
ink = red = 0
for line in out:
    for x in range(0, stride, bpp):
        r, g, b = line[x], line[x + 1], line[x + 2]
        if r < 200 or g < 200 or b < 200:
            ink += 1
        if abs(r - 0xa4) < 12 and abs(g - 0x16) < 12 and abs(b - 0x1a) < 12:
            red += 1
print(w, h, ink, red)
EOF
read -r w h ink red < <(python3 "$tmp/png.py" "$tmp/report.png" 2>"$tmp/png.err")
[ "${w:-0}" = 1200 ] && [ "${h:-0}" = 2000 ] && ok || no "the screenshot is no 1200x2000 PNG: $w $h $(cat "$tmp/png.err")"
[ "${ink:-0}" -gt 20000 ] && ok || no "the screenshot is blank: ${ink:-0} pixels with ink"
[ "${red:-0}" -gt 1000 ] && ok || no "the screenshot shows no bars: ${red:-0} red pixels"

echo "$NAME: $pass passed, $fail failed"
[ "$fail" = 0 ]
