#!/bin/sh
# The task worker `make serve` starts beside the app servers: works through the PostgreSQL task queue
# (django-tasks-db). Needs the production environment (SECRET_KEY, DATABASE_URL, REDIS_URL, ALLOWED_HOSTS).
# SIGTERM or SIGINT lets the task in hand finish, then exits.
set -e
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE=website.settings.production
exec .venv/bin/python manage.py db_worker --interval 1
