#!/usr/bin/env bash
# Times `sop lint` and `sop render` on 1,000 generated procedures (mean ~12 KB), next to the
# cmark-gfm command-line tool on the same files. Usage: Benchmarks/foundation.sh [SOP_BINARY]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
sop="${1:-$here/../.build/release/sop}"
count="${COUNT:-1000}"
runs="${RUNS:-5}"
command -v hyperfine >/dev/null || { echo "hyperfine is missing: apt-get install hyperfine" >&2; exit 1; }
command -v cmark-gfm >/dev/null || { echo "cmark-gfm is missing: apt-get install cmark-gfm" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$sop" init "$work/ws" --sample >/dev/null
rm "$work"/ws/Procedures/SOP-00*.md
python3 "$here/generate.py" "$work/ws" "$count"
cd "$work/ws"
files=(Procedures/SOP-*.md)
extensions="-e table -e strikethrough -e autolink -e tagfilter -e tasklist"
sample=("${files[@]:0:100}")

hyperfine --style none --warmup 1 --runs "$runs" --ignore-failure --export-json "$work/results.json" \
  -n "sop lint ($count procedures, one process)" "$sop lint" \
  -n "sop render ($count procedures, one process)" "$sop render ${files[*]} > /dev/null" \
  -n "cmark-gfm ($count files, one process)" "cmark-gfm $extensions ${files[*]} > /dev/null" \
  -n "sop render (100 files, one process each)" "for f in ${sample[*]}; do $sop render \$f > /dev/null; done" \
  -n "cmark-gfm (100 files, one process each)" "for f in ${sample[*]}; do cmark-gfm $extensions \$f > /dev/null; done" \
  >/dev/null

"$sop" lint >/dev/null && echo "sop lint: 0 errors on the generated set"
python3 - "$work/results.json" "$count" <<'PY'
import json, sys
results = {r["command"]: r["mean"] for r in json.load(open(sys.argv[1]))["results"]}
count = int(sys.argv[2])
for name, seconds in results.items():
    print(f"{name:52} {seconds * 1000:9.1f} ms")
one = results[f"sop render ({count} procedures, one process)"] / results[f"cmark-gfm ({count} files, one process)"]
each = results["sop render (100 files, one process each)"] / results["cmark-gfm (100 files, one process each)"]
lint = results[f"sop lint ({count} procedures, one process)"] / count
print(f"\nsop render / cmark-gfm, {count} files in one process: {one:.2f}x")
print(f"sop render / cmark-gfm, one process per file:       {each:.2f}x")
print(f"sop lint per procedure:                             {lint * 1000:.2f} ms")
PY
