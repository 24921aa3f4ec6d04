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
