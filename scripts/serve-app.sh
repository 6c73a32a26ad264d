#!/bin/sh
# The production app server, as `make serve` starts it behind Varnish (scripts/serve.sh): granian's WSGI interface.
# Its Rust I/O layer reads each request completely before a Python worker sees it, so slow clients cannot hold
# the workers (tests/test_slow_clients.py). The access log leaves out query strings (search terms).
# website.wsgi:application answers the page-view beacon (POST /go/view/) before Django (pageviews/front.py).
# Needs the production environment (SECRET_KEY, DATABASE_URL, REDIS_URL, ALLOWED_HOSTS); PORT (default 8000; serve.sh
# gives it APP_PORT) and WEB_CONCURRENCY (default 2) are optional.
set -e
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE=website.settings.production
exec .venv/bin/granian --interface wsgi website.wsgi:application \
	--host 127.0.0.1 --port "${PORT:-8000}" --workers "${WEB_CONCURRENCY:-2}" \
	--http1-header-read-timeout 10000 \
	--access-log --access-log-fmt '[%(time)s] "%(method)s %(path)s" %(status)d %(dt_ms).1fms'
