PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUNTIME_STAMP := $(VENV)/.installed-base
DEV_STAMP := $(VENV)/.installed-dev
DEV := DJANGO_SETTINGS_MODULE=website.settings.dev
# Keeps every version already in the output files; `make lock PIP_COMPILE_EXTRA=--upgrade` (or --upgrade-package X) moves them.
PIP_COMPILE := --quiet --generate-hashes --strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links $(PIP_COMPILE_EXTRA)

.PHONY: help install install-dev browsers varnish gettext messages compilemessages run serve test test-fast check-migrations check-deploy lint format lock clean \
	bench bench-serve bench-weight bench-load bench-tools bench-cluster bench-beacon screenshots

.DEFAULT_GOAL := help

## List the targets with what each one does
help:
	@awk '/^## /{doc=substr($$0, 4); next} /^\.PHONY/{next} /^[a-zA-Z_-]+:/{if (doc) printf "  make %-18s %s\n", substr($$1, 1, length($$1)-1), doc; doc=""; next} {doc=""}' $(MAKEFILE_LIST)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUNTIME_STAMP): requirements/base.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/base.txt
	touch $@

$(DEV_STAMP): requirements/dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/dev.txt
	touch $@

## Runtime dependencies only (requirements/base.txt, hash-checked): what `make serve` needs, no test tools
install: $(RUNTIME_STAMP)

## Runtime and development dependencies (requirements/dev.txt, hash-checked): tests, lint, benchmarks
install-dev: $(DEV_STAMP)

## Debian's Chromium for the browser tests, if it is missing
browsers:
	bash scripts/ensure-chromium.sh

## Debian's Varnish (varnishd) for `make serve` and the front-cache tests, if it is missing
varnish:
	bash scripts/ensure-varnish.sh

## GNU gettext (msgfmt, xgettext: apt) for the translation catalogue, if it is missing
gettext:
	bash scripts/ensure-gettext.sh

MESSAGES_PO := locale/es/LC_MESSAGES/django.po
MESSAGES_MO := $(MESSAGES_PO:.po=.mo)
MESSAGES_IGNORE := -i .venv -i .lock-venv -i node_modules -i static_collected -i media -i bench -i tests

## Update the Spanish catalogue (locale/es/LC_MESSAGES/django.po) from the templates and Python; then write the new msgstr
messages: install gettext
	$(DEV) $(BIN)/python manage.py makemessages -l es --no-obsolete --add-location file $(MESSAGES_IGNORE)

$(MESSAGES_MO): $(MESSAGES_PO) | $(RUNTIME_STAMP) gettext
	$(DEV) $(BIN)/python manage.py compilemessages -l es $(MESSAGES_IGNORE)
	touch $@

## Compile the catalogue (.po -> .mo, never committed) when the .po changed; run, serve and test do it first
compilemessages: $(MESSAGES_MO)

# The port `make run` serves on and `make serve`'s Varnish listens on: `make run PORT=8600`.
PORT ?= 8000

## Set up (virtualenv, SQLite, demo content) and serve at http://127.0.0.1:PORT (8000; `make run PORT=8600`)
run: install-dev compilemessages
	$(DEV) $(BIN)/python manage.py migrate --noinput
	$(DEV) $(BIN)/python manage.py load_demo_content
	@echo "Serving at http://127.0.0.1:$(PORT)  (admin: http://127.0.0.1:$(PORT)/admin/)"
	$(DEV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

## Production: Varnish on 127.0.0.1:PORT (8000), APP_NODES (2) app nodes from APP_PORT (PORT+1), the page-view node, the task worker (needs SECRET_KEY, DATABASE_URL, REDIS_URL, ALLOWED_HOSTS); Ctrl-C or SIGTERM stops all
serve: install compilemessages varnish
	@test -n "$$SECRET_KEY" || (echo "Set SECRET_KEY (and DATABASE_URL, REDIS_URL, ALLOWED_HOSTS) first" && exit 1)
	DJANGO_SETTINGS_MODULE=website.settings.production $(BIN)/python manage.py collectstatic --noinput -v0
	DJANGO_SETTINGS_MODULE=website.settings.production $(BIN)/python manage.py migrate --noinput
	scripts/serve.sh

## wrk, the HTTP load generator bench-serve uses (apt), if it is missing
bench-tools:
	command -v wrk >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null)

## Benchmarks (PostgreSQL, loopback only); results are printed as Markdown tables
bench: bench-weight bench-pages bench-search bench-serve bench-load bench-beacon

## Page weight of every demo topic page: HTML + CSS + JS bytes (images aside)
bench-weight: install-dev
	$(BIN)/python bench/page_weight.py

## Throughput and latency of the production stack on loopback (wrk), against this machine's ceiling
bench-serve: install-dev bench-tools
	$(BIN)/python bench/serve.py

## The page-view beacon (POST /go/view/) against the page-view node (scripts/serve-beacon.sh) with wrk, 16 connections, then the flush (target: p95 < 5 ms)
bench-beacon: install-dev bench-tools
	$(BIN)/python bench/beacon.py

## make serve's stack with 1 and 2 app nodes (cached, uncached, new searches) and the fault drill (node, worker, Varnish killed)
bench-cluster: install-dev bench-tools varnish
	$(BIN)/python bench/cluster.py

## Mixed patient traffic for a bounded time against gunicorn; checks no contact request was lost
bench-load: install-dev
	$(BIN)/python bench/load.py

## Query counts and latency at 10, 100 and 1,017 imported MedlinePlus topics (PostgreSQL)
.PHONY: bench-pages
bench-pages: install-dev
	$(BIN)/python bench/pages.py

## Content API: p95 of a code lookup and of topic lists at about 2,000 topics (demo + both MedlinePlus files)
.PHONY: bench-api
bench-api: install-dev
	$(BIN)/python bench/api_lookup.py

## Content checks: time to check a page and the "Content checks" report's latency and queries (demo topics)
.PHONY: bench-checks
bench-checks: install-dev
	$(BIN)/python bench/content_checks.py

## Search latency (/search/, /search/suggest/) at 10, 100 and 1,017 topics, and the top-3 hit rate (PostgreSQL)
.PHONY: bench-search
bench-search: install-dev
	$(BIN)/python bench/search.py

## Screenshots for the guides (docs/screenshots/*.png): the demo site and admin in Chromium, on a throwaway SQLite database
screenshots: install-dev browsers compilemessages
	$(BIN)/python scripts/screenshots.py

# Parallel test workers (pytest-xdist): one more than the cores by default (a test spends much of its time waiting on
# a server, a worker or Chromium, so one extra keeps the cores busy: 2 cores, 10 min instead of 14);
# `make test PYTEST_WORKERS=0` runs in one process.
PYTEST_WORKERS ?= $(shell echo $$(( $$(nproc) + 1 )))
PYTEST_PARALLEL := -n $(PYTEST_WORKERS) --dist loadgroup

## The full suite on PostgreSQL (DATABASE_URL; TEST_REDIS_URL, TEST_PAGECACHE_REDIS_URL), in parallel (PYTEST_WORKERS: cores + 1); lists the 15 slowest tests
test: install-dev browsers varnish compilemessages
	$(BIN)/python -m pytest $(PYTEST_PARALLEL)

## The suite without the browser, load and upgrade tests: the quick loop for local work (PostgreSQL, Redis)
test-fast: install-dev compilemessages
	$(BIN)/python -m pytest $(PYTEST_PARALLEL) -m "not browser and not load and not upgrade"

## Fail if a model change has no migration (makemigrations --check --dry-run, dev settings)
check-migrations: install-dev
	$(DEV) $(BIN)/python manage.py makemigrations --check --dry-run

## Django's deployment checks against the production settings (throwaway secret, no server started)
check-deploy: install
	DJANGO_SETTINGS_MODULE=website.settings.production SECRET_KEY=check-deploy-only-$$(date +%s)-not-used-for-anything-else \
		ALLOWED_HOSTS=clinic.example $(BIN)/python manage.py check --deploy --fail-level WARNING

## ruff (lint and formatting check) and one-way imports (scripts/check_imports.py); changes nothing
lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python scripts/check_imports.py

## ruff: fix what can be fixed and reformat
format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Re-pin every dependency from pyproject.toml into requirements/base.txt and requirements/dev.txt, with hashes
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet pip-tools
	CUSTOM_COMPILE_COMMAND="make lock" .lock-venv/bin/pip-compile $(PIP_COMPILE) --output-file requirements/base.txt pyproject.toml
	CUSTOM_COMPILE_COMMAND="make lock" .lock-venv/bin/pip-compile $(PIP_COMPILE) --extra dev \
		--constraint requirements/base.txt --output-file requirements/dev.txt pyproject.toml
	rm -rf .lock-venv

## Remove the virtualenv, the SQLite database and tool caches
clean:
	rm -rf $(VENV) db.sqlite3 .pytest_cache .ruff_cache
