#!/usr/bin/env bash
# `make serve`: Varnish (deploy/varnish/clinic.vcl) on 127.0.0.1:PORT (default 8000), the way a CDN sits in
# production, with the app server (scripts/serve-app.sh, granian) behind it on 127.0.0.1:APP_PORT (default PORT+1).
# Django gets VARNISH_URL so publishing purges Varnish as well as the page cache, and one more trusted proxy
# (TRUSTED_PROXY_COUNT) so rate limits still see each visitor's address. Ctrl-C (or SIGTERM) stops both.
# VARNISH_MEMORY (default 256m) is the cache size. Installs Debian's varnish first if it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-varnish.sh
VARNISHD=$(command -v varnishd || echo /usr/sbin/varnishd)

PORT=${PORT:-8000}
APP_PORT=${APP_PORT:-$((PORT + 1))}
export VARNISH_URL="http://127.0.0.1:${PORT}"
export TRUSTED_PROXY_COUNT=$((${TRUSTED_PROXY_COUNT:-0} + 1))

WORK=$(mktemp -d "${TMPDIR:-/tmp}/clinic-varnish.XXXXXX")
chmod 755 "$WORK"
sed -e "s/__BACKEND_HOST__/127.0.0.1/" -e "s/__BACKEND_PORT__/${APP_PORT}/" deploy/varnish/clinic.vcl >"$WORK/clinic.vcl"
chmod 644 "$WORK/clinic.vcl"

# Each server in its own process group (set -m): Ctrl-C reaches this script only, which stops each one once
# (granian hangs in shutdown when it gets the terminal's SIGINT and a SIGTERM as well).
set -m
app_pid="" varnish_pid=""
stop() {
    trap - INT TERM EXIT
    [ -n "$varnish_pid" ] && kill -TERM "$varnish_pid" 2>/dev/null || true
    [ -n "$app_pid" ] && kill -INT "$app_pid" 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap stop INT TERM EXIT

PORT="$APP_PORT" scripts/serve-app.sh &
app_pid=$!
"$VARNISHD" -F -n "$WORK/varnishd" -a "127.0.0.1:${PORT}" -f "$WORK/clinic.vcl" \
    -s "malloc,${VARNISH_MEMORY:-256m}" &
varnish_pid=$!
echo "Serving at http://127.0.0.1:${PORT} through Varnish (app server on 127.0.0.1:${APP_PORT}); Ctrl-C stops both"
echo "Varnish tools: varnishstat -n $WORK/varnishd, varnishlog -n $WORK/varnishd, varnishadm -n $WORK/varnishd"
# Either one exiting stops the other: a front cache with no app behind it, or an app nobody reaches, is no service.
wait -n "$app_pid" "$varnish_pid"
