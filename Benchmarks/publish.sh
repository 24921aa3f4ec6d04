#!/usr/bin/env bash
# Times `sop publish` on 1,000 generated procedures (mean ~12 KB), side by side with the bare
# cmark-gfm library rendering the same files into HTML files in one process
# (Benchmarks/cmark-baseline.c) and with Hugo building a site of the same files, then a
# re-publish after one committed change. Prints the three ratios with their targets, and the
# floor the template engine and the Markdown library set by themselves (`sop publish --timings`).
# Usage: Benchmarks/publish.sh [SOP_BINARY]   (COUNT=1000 procedures, RUNS=5 runs each)
# Everything is written under a folder from mktemp: TMPDIR=/dev/shm keeps the disk out of the
# timings (creating a thousand files on a slow or discard-mounted disk can cost more, and vary
# more, than rendering them). KEEP=1 keeps that folder afterwards.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
sop="$(realpath -m "${1:-$here/../.build/release/sop}")"
count="${COUNT:-1000}"
runs="${RUNS:-5}"
export GIT_AUTHOR_NAME="${GIT_AUTHOR_NAME:-Benchmark}" GIT_AUTHOR_EMAIL="${GIT_AUTHOR_EMAIL:-bench@example.org}"
export GIT_COMMITTER_NAME="${GIT_COMMITTER_NAME:-Benchmark}" GIT_COMMITTER_EMAIL="${GIT_COMMITTER_EMAIL:-bench@example.org}"
command -v hyperfine >/dev/null || { echo "hyperfine is missing: apt-get install hyperfine" >&2; exit 1; }
command -v hugo >/dev/null || { echo "hugo is missing: apt-get install hugo" >&2; exit 1; }
command -v cc >/dev/null || { echo "a C compiler is missing: apt-get install gcc" >&2; exit 1; }
pkg-config --exists libcmark-gfm || { echo "libcmark-gfm is missing: apt-get install libcmark-gfm-dev libcmark-gfm-extensions-dev" >&2; exit 1; }
[ -x "$sop" ] || { echo "no sop binary at $sop (build it with: swift build -c release)" >&2; exit 1; }

work="$(mktemp -d)"
[ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT

# The workspace: the generated procedures, committed on main (publish reads main, not the tree).
"$sop" init "$work/ws" --sample >/dev/null
rm "$work"/ws/Procedures/SOP-00*.md
python3 "$here/generate.py" "$work/ws" "$count"
cd "$work/ws"
git add -A >/dev/null && git commit -qm "$count generated procedures"
files=(Procedures/SOP-*.md)

# The baseline: cmark-gfm's C library, the options and extensions sop uses, one process.
# (Debian's libcmark-gfm.pc already links the extensions library; other systems ship a
# separate libcmark-gfm-extensions.pc.)
cmark_flags="$(pkg-config --cflags --libs libcmark-gfm)"
if pkg-config --exists libcmark-gfm-extensions; then
  cmark_flags="$cmark_flags $(pkg-config --cflags --libs libcmark-gfm-extensions)"
fi
cc -O2 -o "$work/cmark-baseline" "$here/cmark-baseline.c" $cmark_flags

# Hugo: a minimal site that builds only the pages, safe HTML, `{#id}` heading attributes, and
# goldmark's extensions matched to cmark-gfm's (no typographer, no definition lists).
mkdir -p "$work/hugo/content" "$work/hugo/layouts/_default"
cat > "$work/hugo/hugo.toml" <<'TOML'
baseURL = "https://example.org/"
title = "Protocol set"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
[markup.goldmark.renderer]
  unsafe = false
[markup.goldmark.parser]
  autoHeadingID = true
[markup.goldmark.parser.attribute]
  title = true
[markup.goldmark.extensions]
  typographer = false
  definitionList = false
TOML
cat > "$work/hugo/layouts/_default/single.html" <<'HTML'
<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main><h1>{{ .Title }}</h1>
{{ .Content }}
</main></body>
</html>
HTML
cat > "$work/hugo/layouts/_default/list.html" <<'HTML'
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body></body></html>
HTML
cp "$work/hugo/layouts/_default/list.html" "$work/hugo/layouts/index.html"
cp "${files[@]}" "$work/hugo/content/"
hugo_build="hugo --quiet --ignoreCache --noBuildLock --cacheDir $work/hugo-cache --source $work/hugo --destination $work/hugo-out"

# One publish outside the timings, so that a failure shows sop's own message.
"$sop" publish --out "$work/site" >/dev/null

# The three full builds, each into a folder removed before every run (publish keeps its
# cache inside its output folder, so every publish run is a cold, full one).
hyperfine --style none --warmup 1 --runs "$runs" --export-json "$work/full.json" \
  --prepare "rm -rf $work/cmark-out && mkdir $work/cmark-out" \
  --prepare "rm -rf $work/site" \
  --prepare "rm -rf $work/hugo-out" \
  -n "cmark-gfm library ($count files, one process)" "$work/cmark-baseline $work/cmark-out ${files[*]}" \
  -n "sop publish (full, $count procedures)" "$sop publish --out $work/site" \
  -n "hugo ($count pages)" "$hugo_build" \
  >/dev/null

# A re-publish after one change: before every run, one paragraph of one procedure gains or
# loses a sentence and is committed on main; the site folder holds the previous publish.
one="Procedures/SOP-$(printf %04d $(( (count + 1) / 2 )))-generated.md"
cat > "$work/change.sh" <<SH
set -e
sed -i '/{#purpose}\$/{n;n;s/ Revised\\.\$//;t;s/\$/ Revised./}' "$one"
git commit -qm "Benchmark change" -- "$one"
SH
"$sop" publish --out "$work/site" >/dev/null
hyperfine --style none --warmup 1 --runs "$runs" --export-json "$work/again.json" \
  --prepare "bash $work/change.sh" \
  -n "sop publish (after one change)" "$sop publish --out $work/site" \
  >/dev/null
changes=$(git rev-list --count --grep "^Benchmark change$" main -- "$one")
[ "$changes" -ge "$runs" ] || { echo "the re-publish runs committed only $changes changes to $one" >&2; exit 1; }

# Where a full publish's time goes: CPU time per phase on all threads, from one more cold run
# (`--json` reports what `--timings` prints); and what starting the binary costs by itself.
"$sop" publish --out "$work/site-timed" --json > "$work/timed.json"
hyperfine --style none --warmup 3 --runs 20 -N --export-json "$work/start.json" -n "sop --help (start-up)" "$sop --help" >/dev/null

cmark_pages=$(find "$work/cmark-out" -name '*.html' | wc -l)
hugo_pages=$(find "$work/hugo-out" -name '*.html' | wc -l)
site_pages=$(find "$work/site" -name '*.html' | wc -l)
echo "HTML files written: cmark-gfm library $cmark_pages, hugo $hugo_pages, sop publish $site_pages" \
  "($changes commits changed $one)"
for pages in "$cmark_pages" "$hugo_pages" "$site_pages"; do
  [ "$pages" -ge "$count" ] || { echo "a build wrote fewer than $count HTML files" >&2; exit 1; }
done
python3 - "$work/full.json" "$work/again.json" "$count" "$work/timed.json" "$work/start.json" "$here/goal.py" <<'PY'
import json, os, subprocess, sys
results = {}
for path in sys.argv[1:3] + sys.argv[5:6]:
    for r in json.load(open(path))["results"]:
        results[r["command"]] = r
        print(f"{r['command']:48} {r['mean'] * 1000:9.1f} ms  (min {r['min'] * 1000:.1f}, max {r['max'] * 1000:.1f})")
count = int(sys.argv[3])
mean = lambda name: results[name]["mean"]
publish = mean(f"sop publish (full, {count} procedures)")
library = publish / mean(f"cmark-gfm library ({count} files, one process)")
hugo = mean(f"hugo ({count} pages)") / publish
again = mean("sop publish (after one change)") / publish
print()
print(f"{f'publish / cmark-gfm library (full, {count} files):':52}{library:6.2f}x")
print(f"{'hugo / publish (full):':52}{hugo:6.2f}x")
print(f"{'re-publish after one change / full publish:':52}{again * 100:6.1f}%")
# Issue 16's rows: a full publish at most Hugo's time; a re-publish at most 5% of a full one,
# or start-up + 50 ms.
goal = os.path.join(os.path.dirname(os.path.abspath(sys.argv[6])), "goal.py")
start = mean("sop --help (start-up)")
subprocess.run([goal, f"full publish ({count} procedures)", str(publish), "Hugo", str(mean(f"hugo ({count} pages)")), "1"], check=True)
subprocess.run([goal, "re-publish after one change", str(mean("sop publish (after one change)")), "full publish", str(publish), "0.05", str(start + 0.05)], check=True)

# What the two libraries cost by themselves. Even if everything else took no time and both
# spread perfectly over every core, a publish could not be faster than their CPU time divided
# by the cores: the Mustache renders of the shipped templates (measured inside sop publish)
# plus the bare cmark-gfm library's whole run (reading, parsing, rendering, writing).
spent = json.load(open(sys.argv[4]))["timings"]
cores = len(os.sched_getaffinity(0))
cmark = mean(f"cmark-gfm library ({count} files, one process)") * 1000
floor = (spent["templates"] + cmark) / cores
print()
print(f"One more full publish, CPU time per phase (ms, all threads): " + ", ".join(
    f"{name} {spent[name]:.0f}" for name in ["reading", "parsing", "lint", "html", "templates", "writing"]) + f"; wall {spent['wall']:.0f}")
print(f"{'floor: (swift-mustache + cmark-gfm library) / cores:':52}{floor:6.0f} ms  "
      f"({spent['templates']:.0f} + {cmark:.0f} ms over {cores} cores)")
print(f"{'  budget for publish <= 1.5x cmark-gfm library:':52}{1.5 * cmark:6.0f} ms")
print(f"{'  budget for hugo / publish >= 2x:':52}{mean(f'hugo ({count} pages)') * 500:6.0f} ms")
print(f"{'  budget for a re-publish at 1.5x, < 5%:':52}{1.5 * cmark * 0.05:6.0f} ms  "
      f"(starting sop takes {mean('sop --help (start-up)') * 1000:.0f} ms)")
PY
