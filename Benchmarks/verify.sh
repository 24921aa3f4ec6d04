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

# Makes the set with one binary and writes the workspace's folder to $results/$2.path.
setup() (
  sop="$1"
  KEEP=1
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
  echo "$work" > "$results/$2.path"
)

setup "$binary" after
labels=(after)
[ -n "${BEFORE:-}" ] && setup "$BEFORE" before && labels+=(before)
# One hyperfine run for every binary, so that the machine's load is the same for the two.
commands=()
for what in "" " set/2027.$rounds"; do
  for label in "${labels[@]}"; do
    sop="$binary"; [ "$label" = before ] && sop="$BEFORE"
    commands+=(-n "$label|sop verify$what" "cd '$(cat "$results/$label.path")/ws' && '$sop' verify$what")
  done
done
hyperfine --style none --warmup 2 --runs "${RUNS:-10}" --export-json "$results/verify.json" "${commands[@]}" >/dev/null
for label in "${labels[@]}"; do rm -rf "$(cat "$results/$label.path")"; done
python3 - "$results/verify.json" "$rounds" <<'PY'
import json, sys
results = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
rounds = sys.argv[2]
names = {"sop verify": f"sop verify (30 participants, {rounds} rounds, {rounds} tags)", f"sop verify set/2027.{rounds}": f"sop verify set/2027.{rounds} (one tag)"}
for what, title in names.items():
    after = results[f"after|{what}"]
    line = f"{title:44} {after['mean'] * 1000:8.1f} ms  (min {after['min'] * 1000:.1f}, max {after['max'] * 1000:.1f})"
    before = results.get(f"before|{what}")
    if before:
        line += f"   before: {before['mean'] * 1000:8.1f} ms (min {before['min'] * 1000:.1f})   after/before: {after['mean'] / before['mean']:.2f}x"
    print(line)
PY
