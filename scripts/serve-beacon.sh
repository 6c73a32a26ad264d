#!/bin/sh
# The page-view node `make serve` runs beside the app nodes (scripts/serve.sh): the same app as scripts/serve-app.sh
# (website.wsgi:application, production settings), to which Varnish sends only the page-view beacon
# (POST /go/view/) while its /healthz answers. Every page view sends one beacon, and a beacon is a fraction of a
# millisecond of Python with no I/O (pageviews/front.py): a few threads, at most BEACON_BACKPRESSURE requests in
# Python at once per worker, answer them fastest (bench/beacon.py; docs/performance.md, "Page-view beacon"), and the
# app nodes' threads are left to patients' pages.
# Optional: BEACON_WORKERS (default 2), BEACON_THREADS (2), BEACON_BACKPRESSURE (2); PORT as for serve-app.sh.
set -e
cd "$(dirname "$0")/.."
WEB_CONCURRENCY="${BEACON_WORKERS:-2}" APP_THREADS="${BEACON_THREADS:-2}" APP_BACKPRESSURE="${BEACON_BACKPRESSURE:-2}" \
	exec scripts/serve-app.sh
