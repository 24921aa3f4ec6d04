#!/usr/bin/env bash
# Load benchmark of the consultation portal (`sop serve`), with wrk against 127.0.0.1:
#  - the proposal page: GET /rounds/night-1 signed in as TT, on the round with SEED comments
#    (default 200, imported from the participants' offline forms), by Benchmarks/portal.lua;
#  - posting comments: POST /rounds/night-1/comments signed in as TT, JM, BZ and IOM at once (wrk
#    thread n speaks for the nth of them, round robin), so that writers of four participants race
#    on the round's ref; every post is valid and has a text of its own
#    (Benchmarks/portal.lua too).
# Prints requests per second and p99 latency for both. Then reads the comments in the repository
# (`sop comment list --json`, `sop round status --json`) and fails if one the portal accepted
# (answered 303) is not there: nothing may be lost under load. It also fails on any answer other
# than 200 (page) or 303 (post), on wrk's socket errors and timeouts, and on two comments with the
# same number or text.
# Usage: Benchmarks/portal.sh [SOP_BINARY]   (default .build/release/sop)
# DURATION=10s per measurement; SEED=200 comments before measuring; PAGE_THREADS=2 PAGE_CONNECTIONS=16; COMMENT_CONNECTIONS=8 (one
# wrk thread each, so that every thread knows which of its posts were accepted); PORT (a free
# one by default); KEEP=1 keeps the temporary folder (the workspace in ws/, the portal's log in
# serve.log, wrk's output in page.txt and comments.txt).
set -euo pipefail
export LC_ALL=C
here="$(cd "$(dirname "$0")" && pwd)"
sop="$(realpath -m "${1:-$here/../.build/release/sop}")"
duration="${DURATION:-10s}"
writers="${COMMENT_CONNECTIONS:-8}"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
command -v curl >/dev/null || { echo "curl is missing: apt-get install curl" >&2; exit 1; }
[ -x "$sop" ] || { echo "no sop binary at $sop (build it with: swift build -c release)" >&2; exit 1; }

work="$(mktemp -d)"
# Stops the portal: SIGTERM lets it finish the requests in flight (SIGKILL after 10 s).
stop_portal() {
  local pid
  pid="$(sed -n 's/^PID=//p' "$work/portal.env" 2>/dev/null || true)"
  if [ -n "$pid" ] && kill "$pid" 2>/dev/null; then
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
}
trap 'stop_portal; if [ -n "${KEEP:-}" ]; then echo "kept $work" >&2; else rm -rf "$work"; fi' EXIT

# The portal: the sample workspace with round night-1 (TT, JM, BZ and the observer IOM), its
# accounts, and `sop serve` on 127.0.0.1:PORT.
port="${PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
"$here/../Scripts/portal-workspace.sh" "$sop" "$work" "$port"
. "$work/portal.env"
export SOP_KEY_DIR="$work/keys"
base="http://127.0.0.1:$port"
round="$ROUND"

# Sets an official's password with its one-time link, signs in as a browser would
# (Scripts/portal-sign-in.sh) and prints CODE:SESSION_TOKEN:CSRF:REVISION:FINGERPRINTS.   sign_in CODE EMAIL LINK
sign_in() {
  local tokens
  tokens="$("$here/../Scripts/portal-sign-in.sh" "$base" "$round" "$2" "benchmark password of $1" "$3")" || return 1
  echo "$1:$tokens"
}
sessions=()
sessions+=("$(sign_in TT ana.ruiz@immigration.gov.tt "$LINK_TT")")
sessions+=("$(sign_in JM paul.brown@pica.gov.jm "$LINK_JM")")
sessions+=("$(sign_in BZ maria.chen@immigration.gov.bz "$LINK_BZ")")
sessions+=("$(sign_in IOM lee.santos@iom.example.org "$LINK_IOM")")
tt_session="$(echo "${sessions[0]}" | cut -d: -f2)"

# A round as it looks mid-consultation: SEED comments (default 200), a quarter from each
# participant's offline comment form, imported with the CLI while the portal runs.
seed="${SEED:-200}"
for code in TT JM BZ IOM; do
  [ "$seed" -gt 0 ] || break
  python3 - "$code" "$(( seed / 4 ))" > "$work/$code.csv" <<'PY'
import sys
code, count = sys.argv[1], int(sys.argv[2])
sections = ["SOP-004#detection", "SOP-004#boarding", "SOP-004#screening", "SOP-004#records"]
rows = ['"Participant","Comment No.","Section ID","Section","Paragraph","Type","Comment","Proposed change","Secretariat observation"']
rows += [f'"{code}","","{sections[n % 4]}","","","te","Seeded comment {code} {n}: the wording should be clearer.","",""' for n in range(count)]
sys.stdout.write("\r\n".join(rows) + "\r\n")
PY
  (cd "$work/ws" && "$sop" comment import "$round" "$work/$code.csv" --as "$code" > /dev/null)
done

# The number of comments on the round in the repository, by `sop round status`.
comments() {
  (cd "$work/ws" && "$sop" round status "$round" --json) | python3 -c '
import json, sys
status = json.load(sys.stdin)
for key in ("refusedEvents", "unreadableEvents"):
    if status[key]:
        print(f"round status: {status[key]} {key}", file=sys.stderr)
print(status["comments"])'
}
# A value of wrk's `result` lines (see the Lua scripts):   result FILE KEY...
result() {
  local file="$1"; shift
  awk -v key="$*" '$1 == "result" { $1 = ""; sub(/^ /, ""); if (index($0, key " ") == 1) { print $NF; exit } }' "$file"
}
# What went wrong in a wrk run: the answers other than STATUS and the socket errors, as
# "HTTP 500 × 3, 2 timeout errors" (empty when nothing did).   trouble FILE STATUS
trouble() {
  awk -v ok="$2" '$1 == "result" && $2 == "status" && $3 != ok { printf "%sHTTP %s × %s", sep, $3, $4; sep = ", " }
    $1 == "result" && $2 == "error" && $4 != 0 { printf "%s%s %s errors", sep, $4, $3; sep = ", " }' "$1"
}
failed=()

# The proposal page.
before="$(comments)"
wrk -t"${PAGE_THREADS:-2}" -c"${PAGE_CONNECTIONS:-16}" -d"$duration" --timeout 30s --latency \
  -s "$here/portal.lua" "$base/rounds/$round" -- "TT:$tt_session" > "$work/page.txt"
requests="$(result "$work/page.txt" requests)"
ok="$(result "$work/page.txt" status 200)"; ok="${ok:-0}"
problems="$(trouble "$work/page.txt" 200)"
printf 'portal, proposal page: %.0f requests/s, p99 %.1f ms (%s requests, %s; a round with %s comments)\n' \
  "$(result "$work/page.txt" rps)" "$(result "$work/page.txt" p99_ms)" "$requests" \
  "$([ -z "$problems" ] && echo "all 200" || echo "$ok of them 200, $problems")" "$before"
[ -z "$problems" ] && [ "$ok" -gt 0 ] || failed+=("the proposal page: ${problems:-no answers}")
python3 "$here/goal.py" "portal proposal page p99, ${PAGE_CONNECTIONS:-16} connections, $before comments" \
  "$(result "$work/page.txt" p99_ms | awk '{print $1 / 1000}')" - 0 0 0.050

# Posting comments, one connection per wrk thread.
wrk -t"$writers" -c"$writers" -d"$duration" --timeout 30s --latency \
  -s "$here/portal.lua" "$base/rounds/$round/comments" -- "${sessions[@]}" > "$work/comments.txt"
# The posts in flight when wrk stopped are still written: stop the portal, which finishes them,
# before counting.
stop_portal
after="$(comments)"
problems="$(trouble "$work/comments.txt" 303)"
# Every accepted text must be in the repository, once; the comments there that wrk saw no answer
# for are the posts cut off when it stopped (at most one per connection).
(cd "$work/ws" && "$sop" comment list "$round" --json) > "$work/comments.json"
check="$(python3 - "$work/comments.txt" "$work/comments.json" <<'PY'
import collections, json, sys
accepted = collections.Counter()
for line in open(sys.argv[1]):
    if line.startswith("result accepted-text "):
        accepted[line[len("result accepted-text "):].rstrip("\n")] += 1
comments = [entry["comment"] for entry in json.load(open(sys.argv[2]))]
texts = collections.Counter(c["text"] for c in comments)
numbers = collections.Counter(c["number"] for c in comments)
load = {t: n for t, n in texts.items() if t.startswith("Load comment ")}
lost = sorted(t for t in accepted if t not in load)
extra = sorted(t for t in load if t not in accepted)
twice = [f"text {t!r} × {n}" for t, n in texts.items() if n > 1] + [f"number {k} × {n}" for k, n in numbers.items() if n > 1]
print(sum(accepted.values()), len(load), len(lost), len(extra), len(comments))
for kind, items in (("lost", lost), ("twice", twice)):
    for item in items[:5]:
        print(kind, item)
PY
)"
read -r accepted stored lost extra total <<< "$(echo "$check" | head -1)"
printf 'portal, posting comments: %.0f requests/s, p99 %.1f ms (%s accepted, %s in the repository, %s lost%s)\n' \
  "$(result "$work/comments.txt" rps)" "$(result "$work/comments.txt" p99_ms)" "$accepted" "$stored" "$lost" \
  "${problems:+; $problems}"
by="$(for session in "${sessions[@]}"; do code="${session%%:*}"; n="$(result "$work/comments.txt" accepted "$code")"; echo "$code ${n:-0}"; done | paste -sd, | sed 's/,/, /g')"
echo "  accepted by participant: $by; the round grew from $before to $after comments" \
  "($extra of them posts wrk stopped waiting for)"
[ "$(( after - before ))" = "$stored" ] && [ "$total" = "$after" ] ||
  failed+=("sop round status counts $after comments ($before before the posts), sop comment list $total, $stored of them from the posts")
[ "$lost" = 0 ] || failed+=("$lost accepted comments are not in the repository: $(echo "$check" | sed -n 's/^lost //p' | paste -sd';')")
[ -z "$problems" ] || failed+=("posting comments: $problems")
twice="$(echo "$check" | sed -n 's/^twice //p' | paste -sd';')"
[ -z "$twice" ] || failed+=("comments recorded twice: $twice")

if [ ${#failed[@]} -gt 0 ]; then
  printf 'FAILED: %s\n' "${failed[@]}" >&2
  echo "wrk's output and the portal's log are in $work (KEEP=1 keeps them); its refusals and warnings:" >&2
  awk '$2 ~ /^(notice|warning|error|critical)$/ || / refused$/' "$work/serve.log" | sed 's/^[^ ]* //; s/ hb\.request\.id=[^ ]*//' | sort | uniq -c | sort -rn | head >&2 || true
  exit 1
fi
