#!/usr/bin/env bash
# Sets an account's password through its one-time sign-in link, as the official's browser
# would (the form's CSRF token and cookie included):  Scripts/portal-password.sh LINK PASSWORD
set -euo pipefail
link="$1"; password="$2"
jar="$(mktemp)"; page="$(mktemp)"; trap 'rm -f "$jar" "$page"' EXIT
# The page is read from a file and sed stops at the first match: with `curl | sed | head -1`,
# curl or sed still writing after head left would die of SIGPIPE (exit 141 with pipefail).
curl -fs -o "$page" -c "$jar" -b "$jar" "$link" || true
csrf="$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/;T;p;q' "$page")"
[ -n "$csrf" ] || { echo "no form at $link (used already?)" >&2; exit 1; }
status="$(curl -s -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" --data-urlencode "csrf=$csrf" \
  --data-urlencode "password=$password" --data-urlencode "confirm=$password" "$link")"
[ "$status" = 303 ] || { echo "setting the password failed with HTTP $status" >&2; exit 1; }
