#!/usr/bin/env bash
# Installs Debian packages for a make target that needs a system tool (ensure-chromium.sh, ensure-gettext.sh):
# as root, or through sudo; without either it says which packages to install.
set -euo pipefail
if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null; then
    echo "Missing: install the Debian package(s) $*." >&2
    exit 1
fi
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq "$@" >/dev/null
