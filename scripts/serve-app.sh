#!/bin/sh
# The production app server, as `make serve` starts it behind Varnish (scripts/serve.sh): granian's WSGI interface.
# Its Rust I/O layer reads each request completely before a Python worker sees it, so slow clients cannot hold
# the workers (tests/test_slow_clients.py). The access log is the app's own (website/accesslog.py: no addresses, no
# query strings, no line for each answered page-view beacon), not granian's.
# website.wsgi:application answers the page-view beacon (POST /go/view/) before Django (pageviews/front.py).
# Needs the production environment (SECRET_KEY, DATABASE_URL, REDIS_URL, ALLOWED_HOSTS); PORT (default 8000; serve.sh
# gives it APP_PORT), WEB_CONCURRENCY (default 2), APP_THREADS (default 8) and APP_BACKPRESSURE (at most that many
# requests in Python at once per worker; granian's default: no lower limit than the threads) are optional.
# APP_THREADS bounds each worker's blocking threads (granian grows dozens under load otherwise): each thread keeps its
# own database connection when DB_CONN_MAX_AGE > 0, so a node opens at most WEB_CONCURRENCY x APP_THREADS of them,
# and fewer threads contend less for the GIL (docs/performance.md, "Page-view beacon").
set -e
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE=website.settings.production
exec .venv/bin/granian --interface wsgi website.wsgi:application \
	--host 127.0.0.1 --port "${PORT:-8000}" --workers "${WEB_CONCURRENCY:-2}" \
	--blocking-threads "${APP_THREADS:-8}" ${APP_BACKPRESSURE:+--backpressure "$APP_BACKPRESSURE"} \
	--http1-header-read-timeout 10000
