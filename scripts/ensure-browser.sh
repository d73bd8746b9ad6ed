#!/usr/bin/env bash
# The browser tests drive Debian's Chromium. Install it when missing and we may (root);
# in CI a missing browser is an error, elsewhere the browser tests skip and say why.
set -euo pipefail
CHROMIUM=/usr/bin/chromium
if [ -x "$CHROMIUM" ]; then
    exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing Chromium for the browser tests (apt-get install chromium)..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    exit 0
fi
if [ "${CI:-}" = "true" ]; then
    echo "error: $CHROMIUM is missing and cannot be installed here; CI needs the browser tests." >&2
    exit 1
fi
echo "note: $CHROMIUM is missing; the browser tests will be skipped (install Debian's chromium package to run them)."
