#!/usr/bin/env bash
# One official posting comments to the portal until it stops answering (PortalCrashTests):
#   Tests/Crash/portal-crash.sh BASE ROUND CODE SESSION_TOKEN:CSRF:REVISION:FINGERPRINTS PREFIX ACCEPTED [COUNT]
# (as Scripts/portal-sign-in.sh prints it). The nth post is a comment on
# SOP-004#detection with the text "PREFIX n", sent as the round page's form sends it; the text
# of each post answered 303 is appended to the file ACCEPTED once that answer has come. It stops
# after COUNT posts (default 2000), at the first post without an answer (the portal was killed:
# curl's status 000), or at any other answer, and prints what it saw:
#   posted N accepted M last STATUS curl EXIT
# (EXIT: curl's exit code for the last post: 7 refused, 52 or 56 cut off mid-answer). Exits 0
# when every answer was 303, 1 when another one came.
set -uo pipefail
base="$1"; round="$2"; code="$3"; IFS=: read -r session csrf revision fingerprints <<< "$4"; prefix="$5"; accepted="$6"; count="${7:-2000}"
posted=0; ok=0
while [ "$posted" -lt "$count" ]; do
  posted=$((posted + 1))
  status="$(curl -s -o /dev/null -w '%{http_code}' --max-time 20 -H "Cookie: sop_session=$session" \
    --data-urlencode "csrf=$csrf" --data-urlencode "revision=$revision" --data-urlencode "fingerprints=$fingerprints" --data-urlencode "participant=$code" --data-urlencode "section=SOP-004#detection" \
    --data-urlencode "type=ge" --data-urlencode "text=$prefix $posted" "$base/rounds/$round/comments")"
  failure=$?
  if [ "$status" != 303 ]; then
    echo "posted $posted accepted $ok last $status curl $failure"
    [ "$status" = 000 ] && exit 0 || exit 1
  fi
  echo "$prefix $posted" >> "$accepted"
  ok=$((ok + 1))
done
echo "posted $posted accepted $ok last 303 curl 0"
