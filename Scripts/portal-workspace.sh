#!/usr/bin/env bash
# Prepares a consultation portal on the sample set and starts it:
#   Scripts/portal-workspace.sh SOP_BINARY FOLDER PORT
# FOLDER gets ws/ (the workspace: a draft "night" changing SOP-004's English text, not its French
# version, and a round night-1 open to $PARTICIPANTS, by default TT, JM, BZ and the observer IOM), keys/ (the secretariat's and the portal's private keys),
# serve.log, and portal.env: BASE, SITE (the published set, on PORT + 1), PID, ROUND, CLOSES (its deadline) and one sign-in link per account
# (LINK_TT, LINK_JM, LINK_BZ, LINK_HT, LINK_IOM, LINK_SEC; HT's account is in French), each usable once to set a password.
# Stop the server with: kill "$PID". SOP_NOW, when set, is the clock of the round and the portal.
set -euo pipefail
sop="$(realpath "$1")"; folder="$(realpath -m "$2")"; port="$3"
base="http://localhost:$port"
export SOP_KEY_DIR="$folder/keys"
export GIT_AUTHOR_NAME="${GIT_AUTHOR_NAME:-CMC Secretariat}" GIT_AUTHOR_EMAIL="${GIT_AUTHOR_EMAIL:-secretariat@cmc.example.org}"
mkdir -p "$folder"
"$sop" init "$folder/ws" --sample >/dev/null
cd "$folder/ws"
"$sop" key new --as secretariat --name "Secretariat desk officer" --register >/dev/null
"$sop" key new --as portal --name "CMC consultation portal" --register >/dev/null
"$sop" draft start night >/dev/null
sed -i 's/within two hours/within one hour/' Procedures/SOP-004-maritime-interception.md
"$sop" draft save -m "Report detections within one hour" >/dev/null
"$sop" draft switch main >/dev/null
now="${SOP_NOW:-$(date -u +%Y-%m-%dT%H:%MZ)}"
closes="$(date -u -d "${now%Z} UTC + 30 days" +%Y-%m-%dT17:00Z)"
round="$("$sop" round open night --as secretariat --participants "${PARTICIPANTS:-TT,JM,BZ,IOM}" --closes "$closes" --title "Night-time reporting of maritime interceptions")"
link() { "$sop" user add "$1" --as "$2" --name "$3" ${4:+--role "$4"} ${5:+--lang "$5"} --base-url "$base" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["link"])'; }
{
  echo "BASE=$base"
  echo "SITE=http://localhost:$((port + 1))"
  echo "ROUND=$round"
  echo "CLOSES=$closes"
  echo "LINK_TT=$(link ana.ruiz@immigration.gov.tt TT "Ana Ruiz")"
  echo "LINK_JM=$(link paul.brown@pica.gov.jm JM "Paul Brown")"
  echo "LINK_BZ=$(link maria.chen@immigration.gov.bz BZ "Maria Chen")"
  echo "LINK_HT=$(link jean.pierre@immigration.gouv.ht HT "Jean Pierre" "" fr)"
  echo "LINK_IOM=$(link lee.santos@iom.example.org IOM "Lee Santos" observer)"
  echo "LINK_SEC=$(link desk@cmc.example.org secretariat "Secretariat desk officer" secretariat)"
} > "$folder/portal.env"
# The server keeps no descriptor of ours beyond 0-2: a parent that waits for an inherited
# descriptor to close (Foundation's Process does) would otherwise wait for the server too.
(
  for fd in /proc/self/fd/*; do fd="${fd##*/}"; [ "$fd" -gt 2 ] && eval "exec $fd>&-" 2>/dev/null; done
  exec "$sop" serve --port "$port" < /dev/null > "$folder/serve.log" 2>&1
) &
echo "PID=$!" >> "$folder/portal.env"
for _ in $(seq 100); do
  curl -fs -o /dev/null "$base/signin" && exit 0
  sleep 0.1
done
echo "the portal did not start; see $folder/serve.log:" >&2
cat "$folder/serve.log" >&2
exit 1
