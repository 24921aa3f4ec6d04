#!/usr/bin/env bash
# The CLI's two figures of issue 16, each next to git in the same run:
#  - start-up: `sop --version` against `git --version`;
#  - one `sop comment add` on a round of 20 comments, against `git add` + `git commit` of a
#    one-line change in a clone of the same repository; and the same comment add on a set with
#    1,000 more procedures, to show that its cost does not grow with the set.
# Prints the GOAL rows (Benchmarks/goal.py). Usage: Benchmarks/cli.sh [SOP_BINARY]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
sop="$(realpath -m "${1:-$here/../.build/release/sop}")"
runs="${RUNS:-30}"
[ -x "$sop" ] || { echo "no sop binary at $sop (build it with: make bench)" >&2; exit 1; }
. "$here/workspace.sh"

hyperfine -N --style none --warmup 5 --runs 100 --export-json "$work/start.json" \
  -n "sop --version" "$sop --version" -n "git --version" "git --version" >/dev/null

# A round of 20 comments from TT (signed with TT's key, as a focal point's are).
SIGNERS=TT open_bench_round 2099-01-01T00:00Z
comment_form TT 20 > "$work/TT.csv"
"$sop" comment import "$round" "$work/TT.csv" --as TT >/dev/null
git clone -q "$work/ws" "$work/plain"
add="$sop comment add $round --as TT --section scope --type ge --text \"One more comment \$(date +%s%N)\""
plain="cd $work/plain && date +%s%N >> notes.txt && git add notes.txt && git commit -qm 'One more line'"
hyperfine --style none --warmup 2 --runs "$runs" --export-json "$work/add.json" \
  -n "sop comment add (round of 20)" "$add" -n "git add + git commit" "$plain" >/dev/null

# The same on a set of 1,000 more procedures.
python3 "$here/generate.py" "$work/ws" 1000
git add -A >/dev/null && git commit -qm "1,000 generated procedures"
hyperfine --style none --warmup 2 --runs "$runs" --export-json "$work/big.json" \
  -n "sop comment add (round of 20, 1,007 procedures)" "$add" >/dev/null
count=$("$sop" comment list "$round" --json | python3 -c "import json,sys; print(len(json.load(sys.stdin)))")
git fsck --strict >/dev/null 2>&1 || { echo "git fsck found a problem in the workspace" >&2; exit 1; }

python3 - "$work" "$count" <<'PY'
import json, sys
work, count = sys.argv[1], sys.argv[2]
results = {}
for name in ["start", "add", "big"]:
    for r in json.load(open(f"{work}/{name}.json"))["results"]:
        results[r["command"]] = r["mean"]
        print(f"{r['command']:48} {r['mean'] * 1000:9.1f} ms  (min {r['min'] * 1000:.1f}, max {r['max'] * 1000:.1f})")
print(f"the round holds {count} comments after the runs; git fsck --strict: clean")
small, big = results["sop comment add (round of 20)"], results["sop comment add (round of 20, 1,007 procedures)"]
print(f"comment add on 1,007 procedures / on 7: {big / small:.2f}x")
with open(f"{work}/figures", "w") as out:
    out.write(f"{results['sop --version']} {results['git --version']} {small} {results['git add + git commit']}\n")
PY
read -r start git_start add git_add < "$work/figures"
python3 "$here/goal.py" "sop --version (start-up)" "$start" "git --version" "$git_start" 1 0.010
python3 "$here/goal.py" "sop comment add, 20-comment round" "$add" "git add + commit" "$git_add" 1
