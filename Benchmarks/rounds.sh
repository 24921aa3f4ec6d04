#!/usr/bin/env bash
# Times `sop round status` on a round with 30 participants and 10,000 comments, and the cost
# of one `sop comment add` on that round. SIGNED=1 gives every participant a key as well as the
# secretariat, so that every comment is signed. Usage: [SIGNED=1] Benchmarks/rounds.sh [SOP_BINARY]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
sop="${1:-$here/../.build/release/sop}"
comments="${COMMENTS:-10000}"
. "$here/workspace.sh"
codes=($(participants))
# The secretariat always signs (its key is the key registry's root).
export SOP_NOW=2027-01-02T09:00Z
"$sop" key new --as secretariat --name "Secretariat officer" --register >/dev/null
if [ -n "${SIGNED:-}" ]; then
  # Every participant signs: each comment carries an Ed25519 signature checked on every read.
  for code in "${codes[@]}"; do "$sop" key new --as "$code" --name "Official $code" --register >/dev/null; done
fi
export SOP_NOW=2027-01-03T09:00Z
"$sop" draft start bench >/dev/null
sed -i 's/within two hours/within one hour/' Procedures/SOP-004-maritime-interception.md
"$sop" draft save -m "Benchmark change" >/dev/null
round="$("$sop" round open bench --participants all --closes 2099-01-01T00:00Z --as secretariat)"
per=$(( (comments + ${#codes[@]} - 1) / ${#codes[@]} ))
start=$(date +%s.%N)
for code in "${codes[@]}"; do
  comment_form "$code" "$per" > "$work/$code.csv"
  "$sop" comment import "$round" "$work/$code.csv" --as "$code" >/dev/null
done
end=$(date +%s.%N)
total=$("$sop" round status "$round" --json | python3 -c "import json,sys; print(json.load(sys.stdin)['comments'])")
echo "round $round: $total comments from ${#codes[@]} participants (imported in $(python3 -c "print(round($end - $start, 1))") s)"

hyperfine --style none --warmup 1 --runs "${RUNS:-5}" --export-json "$work/status.json" \
  -n "sop round status ($total comments)" "$sop round status $round" >/dev/null
hyperfine --style none --warmup 2 --runs "${RUNS_ADD:-20}" --export-json "$work/add.json" \
  -n "sop comment add (round of $total)" "$sop comment add $round --as TT --section scope --type ge --text \"One more comment \$(date +%s%N)\"" >/dev/null
python3 - "$work/status.json" "$work/add.json" <<'PY'
import json, sys
for path in sys.argv[1:]:
    for r in json.load(open(path))["results"]:
        print(f"{r['command']:48} {r['mean'] * 1000:9.1f} ms  (min {r['min'] * 1000:.1f}, max {r['max'] * 1000:.1f})")
PY
"$sop" round status "$round" --json | python3 -c "import json,sys; d=json.load(sys.stdin); print('after the runs:', d['comments'], 'comments')"
git fsck --strict >/dev/null 2>&1 && echo "git fsck: clean"
