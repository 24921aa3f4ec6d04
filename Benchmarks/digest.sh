#!/usr/bin/env bash
# Times `sop digest` (every recipient: 30 participants and the secretariat) on a round with
# 30 participants and 2,000 events: the opening, 1,800 comments imported from 30 CSV forms
# and 199 replies of the secretariat. Usage: Benchmarks/digest.sh [SOP_BINARY]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
sop="${1:-$here/../.build/release/sop}"
. "$here/workspace.sh"
codes=($(participants))
open_bench_round 2027-01-08T17:00Z
for code in "${codes[@]}"; do
  comment_form "$code" 60 > "$work/$code.csv"
  "$sop" comment import "$round" "$work/$code.csv" --as "$code" >/dev/null
done
export SOP_NOW=2027-01-04T09:00Z
for i in $(seq 0 198); do
  "$sop" comment reply "${codes[$((i % ${#codes[@]}))]}-$((i / ${#codes[@]} + 1))" --round "$round" --as secretariat --text "Noted; see revision 2 ($i)" >/dev/null
done
events=$(git ls-tree -r --name-only "refs/sop/rounds/$round" | grep -c '^events/')
echo "round $round: $events events from ${#codes[@]} participants and the secretariat"
export SOP_NOW=2027-01-05T09:00Z
hyperfine --style none --warmup 1 --runs "${RUNS:-5}" --export-json "$work/digest.json" \
  -n "sop digest (31 recipients, text)" "$sop digest" \
  -n "sop digest --format json" "$sop digest --format json" \
  -n "sop digest --mail (31 messages)" "$sop digest --mail $work/outbox --since 2027-01-03" >/dev/null
python3 - "$work/digest.json" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(f"{r['command']:40} {r['mean'] * 1000:9.1f} ms  (min {r['min'] * 1000:.1f}, max {r['max'] * 1000:.1f})")
PY
echo "messages: $(ls "$work/outbox" | wc -l) in $work/outbox; text digest: $("$sop" digest --since 2027-01-03 | wc -l) lines"
