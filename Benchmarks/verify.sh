#!/usr/bin/env bash
# Times `sop verify` on a protocol set with 30 participants and 10 adopted rounds, each with
# a signed position from every voting state. With BEFORE=PATH (an older sop binary), the same
# set is made and timed with that binary too, and the figures are printed side by side with
# their ratio: what the governed key registry, checkpoints and whole-text fingerprints cost.
# Usage: [BEFORE=OLD_SOP] Benchmarks/verify.sh [SOP_BINARY]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
binary="${1:-$here/../.build/release/sop}"
rounds="${ROUNDS:-10}"
results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT

# Makes the set with one binary and writes hyperfine's JSON to $results/$2.json.
measure() (
  sop="$1"
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
    "$sop" adopt "$round" --version "2027.$n" --effective "2027-01-${day}" --as secretariat >/dev/null
  done
  echo "$2: ${#codes[@]} voting participants of 30, $rounds rounds adopted as set/2027.1 … set/2027.$rounds"
  "$sop" verify >/dev/null && echo "$2: sop verify: every tag and round verified"
  hyperfine --style none --warmup 1 --runs "${RUNS:-5}" --export-json "$results/$2.json" \
    -n "sop verify (30 participants, $rounds rounds, $rounds tags)" "$sop verify" \
    -n "sop verify set/2027.$rounds (one tag)" "$sop verify set/2027.$rounds" >/dev/null
)

measure "$binary" after
[ -n "${BEFORE:-}" ] && measure "$BEFORE" before
python3 - "$results" <<'PY'
import json, os, sys
folder = sys.argv[1]
def load(name):
    path = os.path.join(folder, name + ".json")
    return json.load(open(path))["results"] if os.path.exists(path) else None
after, before = load("after"), load("before")
for index, result in enumerate(after):
    line = f"{result['command']:44} {result['mean'] * 1000:8.1f} ms  (min {result['min'] * 1000:.1f}, max {result['max'] * 1000:.1f})"
    if before:
        old = before[index]["mean"]
        line += f"   before: {old * 1000:8.1f} ms   after/before: {result['mean'] / old:.2f}x"
    print(line)
PY
