#!/usr/bin/env bash
# The front cache `make serve` puts in front of granian, and that the front-cache tests start (tests/test_varnish.py):
# Debian's `varnish` package (varnishd, varnishadm, varnishstat). Install it if it is missing, as ensure-chromium.sh
# does for Chromium. Debian's package also enables a system varnish.service on port 6081; `make serve` does not use it.
set -euo pipefail
if command -v varnishd >/dev/null || [ -x /usr/sbin/varnishd ]; then
    exit 0
fi
bash "$(dirname "$0")/apt-install.sh" varnish
/usr/sbin/varnishd -V 2>&1 | head -n 1
