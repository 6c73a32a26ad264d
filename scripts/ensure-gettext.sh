#!/usr/bin/env bash
# `manage.py compilemessages` turns locale/*/LC_MESSAGES/django.po into the .mo files Django reads; it runs
# GNU msgfmt, from Debian's `gettext` package. Install it if it is missing (as ensure-chromium.sh does for Chromium).
set -euo pipefail
if command -v msgfmt >/dev/null; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null; then
    echo "msgfmt is missing: install the Debian package 'gettext'." >&2
    exit 1
fi
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq gettext >/dev/null
msgfmt --version | head -n 1
