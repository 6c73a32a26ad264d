#!/usr/bin/env bash
# `manage.py compilemessages` turns locale/*/LC_MESSAGES/django.po into the .mo files Django reads; it runs
# GNU msgfmt, from Debian's `gettext` package. Install it if it is missing (as ensure-chromium.sh does for Chromium).
set -euo pipefail
if command -v msgfmt >/dev/null; then
    exit 0
fi
bash "$(dirname "$0")/apt-install.sh" gettext
msgfmt --version | head -n 1
