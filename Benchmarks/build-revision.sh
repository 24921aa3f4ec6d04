#!/usr/bin/env bash
# Builds sop as it was at a git revision, in release mode, for a benchmark to compare with:
# prints the binary's path. Usage: Benchmarks/build-revision.sh REVISION FOLDER
set -euo pipefail
revision="$1"
folder="$2"
here="$(cd "$(dirname "$0")/.." && pwd)"
if [ ! -x "$folder/src/.build/release/sop" ] || [ "$(cat "$folder/revision" 2>/dev/null)" != "$revision" ]; then
  rm -rf "$folder" && mkdir -p "$folder/src"
  git -C "$here" archive "$revision" | tar -x -C "$folder/src"
  swift build -c release --package-path "$folder/src" >&2
  echo "$revision" > "$folder/revision"
fi
echo "$folder/src/.build/release/sop"
