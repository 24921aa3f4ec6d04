# Sourced by the benchmarks (needs $sop): a temporary workspace with the sample set and two
# more territories, so that the roster has 30 participants. Sets $work and enters $work/ws;
# KEEP=1 keeps the folder afterwards.
export GIT_AUTHOR_NAME="${GIT_AUTHOR_NAME:-Benchmark}" GIT_AUTHOR_EMAIL="${GIT_AUTHOR_EMAIL:-bench@example.org}"
command -v hyperfine >/dev/null || { echo "hyperfine is missing: apt-get install hyperfine" >&2; exit 1; }
work="$(mktemp -d)"
[ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
export SOP_KEY_DIR="$work/keys"
"$sop" init "$work/ws" --sample >/dev/null
cd "$work/ws"
cat >> Procedures/set.yaml <<'YAML'
  - code: GP
    name: Guadeloupe
    kind: territory
    parent: FR
    focal-points:
      - name: Focal point, Prefecture
        keys: []
  - code: MQ
    name: Martinique
    kind: territory
    parent: FR
    focal-points:
      - name: Focal point, Prefecture
        keys: []
YAML
git add -A >/dev/null && git commit -qm "30 participants"

# The participant codes of set.yaml; `participants voting` leaves out the observers.
participants() {
  python3 -c "import sys, yaml; print(' '.join(p['code'] for p in yaml.safe_load(open('Procedures/set.yaml'))['participants'] if sys.argv[1:] != ['voting'] or p['kind'] != 'observer'))" "$@"
}

# The secretariat's key (the registry's root), a key for each participant in $SIGNERS, and a
# round open until $1 for every participant on a draft changing SOP-004; sets $round.
open_bench_round() {
  export SOP_NOW=2027-01-02T09:00Z
  "$sop" key new --as secretariat --name "Secretariat officer" --register >/dev/null
  for code in ${SIGNERS:-}; do "$sop" key new --as "$code" --name "Official $code" --register >/dev/null; done
  export SOP_NOW=2027-01-03T09:00Z
  "$sop" draft start bench >/dev/null
  sed -i 's/within two hours/within one hour/' Procedures/SOP-004-maritime-interception.md
  "$sop" draft save -m "Benchmark change" >/dev/null
  round="$("$sop" round open bench --participants all --closes "$1" --as secretariat)"
}

# A comment form of COUNT comments from CODE ($1, $2) on the sections of SOP-004, on stdout.
comment_form() {
  python3 - "$1" "$2" <<'PY'
import csv, sys
code, count = sys.argv[1], int(sys.argv[2])
sections = ["purpose", "scope", "definitions", "detection", "rescue", "boarding", "screening", "disembarkation", "records"]
writer = csv.writer(sys.stdout, lineterminator="\r\n")
writer.writerow(["Participant", "Section ID", "Type", "Comment", "Proposed change"])
for i in range(count):
    writer.writerow([code, sections[i % len(sections)], ["ge", "te", "ed"][i % 3], f"Comment {i} from {code}: the wording should say who acts and by when.", ""])
PY
}
