#!/usr/bin/env bash
# `make serve`: the production stack on one machine.
# - APP_NODES (default 2) app nodes (scripts/serve-app.sh, granian) on 127.0.0.1:APP_PORT (default PORT+1),
#   APP_PORT+1, ...; each waits for its /healthz to answer before Varnish takes traffic, so there is no 503 window;
# - the page-view node (scripts/serve-beacon.sh) on 127.0.0.1:BEACON_PORT (default: the port after the last app node),
#   which Varnish sends the page-view beacon (POST /go/view/) while it is healthy, the app nodes otherwise;
# - the task worker (scripts/serve-worker.sh);
# - Varnish (deploy/varnish/clinic.vcl, rendered by deploy/varnish/render_vcl.py) on 127.0.0.1:PORT (default 8000),
#   the way a CDN sits in production: a round-robin director over the nodes, one health probe each, a failed GET
#   retried on another node. VARNISH_MEMORY (default 256m) is the cache size.
# Django gets VARNISH_URLS (this Varnish, plus any given in VARNISH_URLS: other Varnish nodes) so publishing purges
# every Varnish as well as the page cache, and one more trusted proxy (TRUSTED_PROXY_COUNT) so rate limits still see
# each visitor's address. "Ready: ..." is printed once a page answers 200 through Varnish.
# A process that dies is started again (a node, the worker, Varnish); one that keeps dying (5 times in a minute)
# stops the stack with an error, for the supervisor to see. SIGTERM or Ctrl-C stops every process within
# STOP_SECONDS (default 5): each is asked once, and a process group still there after that is killed (granian
# sometimes ignores SIGTERM and keeps its workers bound). Installs Debian's varnish first if it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-varnish.sh
VARNISHD=$(command -v varnishd || echo /usr/sbin/varnishd)
PYTHON=.venv/bin/python

PORT=${PORT:-8000}
APP_PORT=${APP_PORT:-$((PORT + 1))}
APP_NODES=${APP_NODES:-2}
STOP_SECONDS=${STOP_SECONDS:-5}
START_SECONDS=${START_SECONDS:-120}
if ! [[ "$APP_NODES" =~ ^[1-9][0-9]*$ ]]; then
    echo "APP_NODES must be a whole number of app nodes, 1 or more (got '$APP_NODES')" >&2
    exit 2
fi
LAST_APP_PORT=$((APP_PORT + APP_NODES - 1))
BEACON_PORT=${BEACON_PORT:-$((LAST_APP_PORT + 1))}
export VARNISH_URLS="http://127.0.0.1:${PORT}${VARNISH_URLS:+,$VARNISH_URLS}"
export TRUSTED_PROXY_COUNT=$((${TRUSTED_PROXY_COUNT:-0} + 1))
# The Host the probes and the readiness check send: one the site accepts.
SITE_HOST=$("$PYTHON" deploy/varnish/render_vcl.py --host-only --allowed-hosts "${ALLOWED_HOSTS:-127.0.0.1}")

WORK=$(mktemp -d "${TMPDIR:-/tmp}/clinic-varnish.XXXXXX")
chmod 755 "$WORK"
nodes=()
for ((i = 0; i < APP_NODES; i++)); do nodes+=(--node "127.0.0.1:$((APP_PORT + i))"); done
"$PYTHON" deploy/varnish/render_vcl.py "${nodes[@]}" --beacon-node "127.0.0.1:$BEACON_PORT" --host-header "$SITE_HOST" \
    --allowed-hosts "${ALLOWED_HOSTS:-127.0.0.1}" >"$WORK/clinic.vcl"
chmod 644 "$WORK/clinic.vcl"

# Every process in its own process group (set -m): Ctrl-C reaches this script only, which asks each one once
# (granian hangs in shutdown when it gets the terminal's SIGINT and a SIGTERM as well), and a group can be killed
# whole, workers included.
set -m
declare -A pid=() restarts=()
components=(varnish worker beacon)
for ((i = 1; i <= APP_NODES; i++)); do components+=("app$i"); done

start() {
    case "$1" in
    varnish)
        "$VARNISHD" -F -n "$WORK/varnishd" -a "127.0.0.1:${PORT}" -f "$WORK/clinic.vcl" \
            -s "malloc,${VARNISH_MEMORY:-256m}" &
        ;;
    worker) scripts/serve-worker.sh & ;;
    beacon) PORT=$BEACON_PORT scripts/serve-beacon.sh & ;;
    app*) PORT=$((APP_PORT + ${1#app} - 1)) scripts/serve-app.sh & ;;
    esac
    pid[$1]=$!
}

# Whether any process of the group is still running (zombies aside: they hold no port and await their reaper).
group_running() {
    ps -eo pgid=,stat= | awk -v group="$1" '$1 == group && $2 !~ /^Z/ { found = 1 } END { exit !found }'
}

# "200", "503"... or "000" when nothing answers.
http_status() {
    "$PYTHON" - "$@" <<'EOF'
import sys, urllib.error, urllib.request
url, host = sys.argv[1], sys.argv[2]
request = urllib.request.Request(url, headers={"Host": host, "X-Forwarded-Proto": "https"})
class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args):
        return None
try:
    print(urllib.request.build_opener(NoRedirect).open(request, timeout=5).status)
except urllib.error.HTTPError as error:
    print(error.code)
except OSError:
    print("000")
EOF
}

stopping=""
stop() {
    trap - INT TERM EXIT
    [ -n "$stopping" ] && return
    stopping=yes
    echo "Stopping: Varnish, ${APP_NODES} app node(s), the page-view node, the task worker"
    local name deadline
    for name in "${!pid[@]}"; do
        case "$name" in
        app* | beacon) kill -INT "${pid[$name]}" 2>/dev/null || true ;;
        *) kill -TERM "${pid[$name]}" 2>/dev/null || true ;;
        esac
    done
    deadline=$(($(date +%s%N) + STOP_SECONDS * 1000000000))
    for name in "${!pid[@]}"; do
        while group_running "${pid[$name]}" && [ "$(date +%s%N)" -lt "$deadline" ]; do
            sleep 0.1
        done
        if group_running "${pid[$name]}"; then
            echo "$name did not stop within ${STOP_SECONDS} s: killed" >&2
            kill -KILL -- "-${pid[$name]}" 2>/dev/null || true
        fi
    done
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap 'stop; exit 0' INT TERM
trap 'stop' EXIT

fail() {
    echo "$1" >&2
    stop
    exit 1
}

wait_until() {
    # wait_until NAME URL: until URL answers 200 (through Varnish or on a node), while NAME is still running.
    local deadline=$((SECONDS + START_SECONDS))
    while [ "$(http_status "$2" "$SITE_HOST")" != 200 ]; do
        group_running "${pid[$1]}" || fail "$1 exited while starting (see its output above)"
        [ "$SECONDS" -lt "$deadline" ] || return 1
        sleep 0.2
    done
}

for ((i = 1; i <= APP_NODES; i++)); do start "app$i"; done
start beacon
for ((i = 1; i <= APP_NODES; i++)); do
    wait_until "app$i" "http://127.0.0.1:$((APP_PORT + i - 1))/healthz" ||
        fail "App node $i (127.0.0.1:$((APP_PORT + i - 1))) did not answer /healthz with 200 in ${START_SECONDS} s: is DATABASE_URL reachable?"
done
wait_until beacon "http://127.0.0.1:${BEACON_PORT}/healthz" ||
    fail "The page-view node (127.0.0.1:${BEACON_PORT}) did not answer /healthz with 200 in ${START_SECONDS} s"
start varnish
ready=""
wait_until varnish "http://127.0.0.1:${PORT}/" && ready=yes
# The task worker last: the purges it owes (pages published or loaded while the stack was down) then reach this
# Varnish instead of failing against a port nobody listens on yet.
start worker
if [ -n "$ready" ]; then
    echo "Ready: http://127.0.0.1:${PORT} (Varnish) -> ${APP_NODES} app node(s) on 127.0.0.1:${APP_PORT}-${LAST_APP_PORT}, page views on :${BEACON_PORT}, task worker running; Ctrl-C or SIGTERM stops all"
else
    echo "Serving on http://127.0.0.1:${PORT}, but / does not answer 200 (load content: manage.py load_demo_content)" >&2
fi
echo "Varnish tools: varnishstat -n $WORK/varnishd, varnishlog -n $WORK/varnishd, varnishadm -n $WORK/varnishd"

# Supervise: a process that exits is started again (its group's leftovers killed first, so its port is free);
# one that exits 5 times within a minute stops the stack.
while [ -z "$stopping" ]; do
    for name in "${components[@]}"; do
        if ! group_running "${pid[$name]}" || ! kill -0 "${pid[$name]}" 2>/dev/null; then
            [ -n "$stopping" ] && break
            kill -KILL -- "-${pid[$name]}" 2>/dev/null || true
            while group_running "${pid[$name]}"; do sleep 0.1; done
            now=$SECONDS
            recent=""
            for at in ${restarts[$name]:-}; do [ $((now - at)) -lt 60 ] && recent+="$at "; done
            restarts[$name]="$recent$now"
            if [ "$(wc -w <<<"${restarts[$name]}")" -gt 5 ]; then
                fail "$name exited 5 times within a minute: stopping"
            fi
            echo "$name exited: starting it again" >&2
            start "$name"
        fi
    done
    sleep 0.5 &
    wait $! 2>/dev/null || true
done
