#!/usr/bin/env bash
# Times `sop verify` on a protocol set with 30 participants and 10 adopted rounds, each with
# a signed position from every voting state. Usage: Benchmarks/verify.sh [SOP_BINARY]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
sop="${1:-$here/../.build/release/sop}"
rounds="${ROUNDS:-10}"
. "$here/workspace.sh"
codes=($(participants voting))
export SOP_NOW=2027-01-02T09:00Z
for code in secretariat "${codes[@]}"; do "$sop" key new --as "$code" --name "Official $code" --register >/dev/null; done
procedures=(Procedures/SOP-00*.md)
for n in $(seq 1 "$rounds"); do
  day=$(printf "%02d" $((n + 2)))
  export SOP_NOW="2027-01-${day}T09:00Z"
  "$sop" draft switch main >/dev/null
  "$sop" draft start "change-$n" >/dev/null
  file="${procedures[$(( (n - 1) % ${#procedures[@]} ))]}"
  sed -i "0,/^## 2 Scope.*/s//&\n\nAmendment $n: this procedure also applies to inland waters./" "$file"
  "$sop" draft save -m "Amendment $n" >/dev/null
  round=$("$sop" round open "change-$n" --participants all --closes 2027-12-01T17:00Z --as secretariat)
  for code in "${codes[@]}"; do "$sop" position "$round" --as "$code" approve >/dev/null; done
  "$sop" round close "$round" --as secretariat >/dev/null
  "$sop" draft switch main >/dev/null
  "$sop" adopt "$round" --version "2027.$n" --as secretariat >/dev/null
done
echo "set: ${#codes[@]} voting participants of 30, $rounds rounds adopted as set/2027.1 … set/2027.$rounds"
"$sop" verify >/dev/null && echo "sop verify: every tag and round verified"
hyperfine --style none --warmup 1 --runs "${RUNS:-5}" --export-json "$work/verify.json" \
  -n "sop verify (30 participants, $rounds rounds, $rounds tags)" "$sop verify" \
  -n "sop verify set/2027.$rounds (one tag)" "$sop verify set/2027.$rounds" >/dev/null
python3 - "$work/verify.json" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(f"{r['command']:52} {r['mean'] * 1000:8.1f} ms  (min {r['min'] * 1000:.1f}, max {r['max'] * 1000:.1f})")
PY
