#!/bin/sh
# The task worker `make serve` starts beside the app servers: works through the PostgreSQL task queue
# (django-tasks-db) and enqueues the periodic jobs of jobs/schedule.py (once per interval across every worker).
# One foreground process; needs the production environment (SECRET_KEY, DATABASE_URL, REDIS_URL, ALLOWED_HOSTS).
# SIGTERM or SIGINT: exits at once when idle, else within 8 s (the task in hand stops between emails; what is left
# stays in its outbox for the next run).
set -e
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE=website.settings.production
# Tasks may run longer than a page: their own statement timeout (the app servers keep DB_STATEMENT_TIMEOUT_MS).
export DB_STATEMENT_TIMEOUT_MS="${WORKER_STATEMENT_TIMEOUT_MS:-300000}"
exec .venv/bin/python manage.py run_worker --interval 1 --no-reload
