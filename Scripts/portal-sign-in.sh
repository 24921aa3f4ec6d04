#!/usr/bin/env bash
# Signs an official in to the portal as a browser would and prints
# SESSION_TOKEN:CSRF:REVISION:FINGERPRINTS: the session's cookie, the CSRF token its forms
# carry, and the text the round page shows (its comment form's hidden fields, which bind a
# comment to the text read):
#   Scripts/portal-sign-in.sh BASE ROUND EMAIL PASSWORD [LINK]
# With LINK (a one-time sign-in link), the account's password is set with it first
# (Scripts/portal-password.sh); without, the password must have been set already. The cookies
# are `Secure`: they are taken from the Set-Cookie headers and sent back explicitly.
set -euo pipefail
base="$1"; round="$2"; email="$3"; password="$4"; link="${5:-}"
here="$(cd "$(dirname "$0")" && pwd)"
scratch="$(mktemp -d)"; trap 'rm -rf "$scratch"' EXIT
# The first match of a sed substitution in a file. No `curl | sed | head -1`: head leaves after
# one line, and curl or sed still writing then dies of SIGPIPE, a failure with pipefail (exit
# 141; it happened when PortalCrashTests ran the sign-in).
first() { sed -n "$1;T;p;q" "$2"; }
if [ -n "$link" ]; then
  # The link names the base it was made for (localhost): ask the same server as BASE.
  "$here/portal-password.sh" "$base/${link#*://*/}" "$password"
fi
curl -fs -D "$scratch/headers" -o "$scratch/body" "$base/signin" || { echo "no answer from $base/signin" >&2; exit 1; }
form="$(first 's/^set-cookie: sop_form=\([^;]*\);.*/\1/I' "$scratch/headers")"
csrf="$(first 's/.*name="csrf" value="\([^"]*\)".*/\1/' "$scratch/body")"
[ -n "$form" ] && [ -n "$csrf" ] || { echo "no sign-in form at $base/signin" >&2; exit 1; }
status="$(curl -s -D "$scratch/headers" -o /dev/null -w '%{http_code}' -H "Cookie: sop_form=$form" \
  --data-urlencode "csrf=$csrf" --data-urlencode "email=$email" --data-urlencode "password=$password" "$base/signin")"
session="$(first 's/^set-cookie: sop_session=\([^;]*\);.*/\1/I' "$scratch/headers")"
[ "$status" = 303 ] && [ -n "$session" ] || { echo "signing in as $email failed with HTTP $status" >&2; exit 1; }
curl -fs -o "$scratch/body" -H "Cookie: sop_session=$session" "$base/rounds/$round" || { echo "no round page at $base/rounds/$round as $email" >&2; exit 1; }
csrf="$(first 's/.*name="csrf" value="\([^"]*\)".*/\1/' "$scratch/body")"
revision="$(first 's/.*name="revision" value="\([0-9a-f]*\)".*/\1/' "$scratch/body")"
fingerprints="$(first 's/.*name="fingerprints" value="\([0-9a-f]*\)".*/\1/' "$scratch/body")"
[ -n "$csrf" ] && [ -n "$revision" ] && [ -n "$fingerprints" ] || { echo "no comment form on $base/rounds/$round as $email" >&2; exit 1; }
echo "$session:$csrf:$revision:$fingerprints"
