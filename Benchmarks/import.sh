#!/usr/bin/env bash
# Times `sop comment import` of a 20,000-row comment form for a participant that has 15,000
# comments recorded in the round already: the case that grew with the square of the rows. The
# set's `limits:` are raised for the benchmark so that neither limit refuses the form. Each run
# starts from the same state (the round's ref and its event cache as they were with 15,000
# comments). Usage: [RECORDED=15000] [ROWS=20000] [RUNS=3] Benchmarks/import.sh [SOP_BINARY]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
sop="${1:-$here/../.build/release/sop}"
recorded="${RECORDED:-15000}"
rows="${ROWS:-20000}"
. "$here/workspace.sh"
cat >> Procedures/set.yaml <<YAML
limits:
  comments-per-participant: $(( recorded + rows ))
  form-rows: $(( recorded > rows ? recorded : rows ))
YAML
git commit -qam "Limits for the import benchmark"
open_bench_round 2099-01-01T00:00Z

# A form of COUNT new comments from TT, numbered from FIRST so that no two forms repeat one.
form() {
  python3 - "$1" "$2" <<'PY'
import csv, sys
first, count = int(sys.argv[1]), int(sys.argv[2])
sections = ["purpose", "scope", "definitions", "detection", "rescue", "boarding", "screening", "disembarkation", "records"]
writer = csv.writer(sys.stdout, lineterminator="\r\n")
writer.writerow(["Participant", "Comment No.", "Section ID", "Type", "Comment", "Proposed change"])
for i in range(first, first + count):
    writer.writerow(["TT", "", sections[i % len(sections)], ["ge", "te", "ed"][i % 3], f"Comment {i}: the wording should say who acts and by when.", ""])
PY
}
form 0 "$recorded" > "$work/recorded.csv"
form "$recorded" "$rows" > "$work/new.csv"
"$sop" comment import "$round" "$work/recorded.csv" --as TT >/dev/null
"$sop" round status "$round" >/dev/null
base="$(git rev-parse "refs/sop/rounds/$round")"
cache=".git/sop/cache/rounds/$round.json"
cp "$cache" "$work/cache.json"

hyperfine --style none --runs "${RUNS:-3}" --export-json "$work/import.json" \
  --prepare "git update-ref refs/sop/rounds/$round $base && cp $work/cache.json $cache" \
  -n "sop comment import: $rows rows on $recorded recorded" "$sop comment import $round $work/new.csv --as TT" >/dev/null
python3 - "$work/import.json" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(f"{r['command']:48} {r['mean']:7.2f} s  (min {r['min']:.2f}, max {r['max']:.2f}, {len(r['times'])} runs)")
PY
total=$("$sop" round status "$round" --json | python3 -c "import json,sys; print(json.load(sys.stdin)['comments'])")
echo "after the runs: $total comments (expected $(( recorded + rows )))"
[ "$total" -eq $(( recorded + rows )) ]
