#!/usr/bin/env bash
# The tests drive programs from Debian's packages: Chromium (browser tests), PostgreSQL's server
# (database tests on PostgreSQL) and nginx (the proxy test). Install what is missing when we
# may (root with apt-get). In CI a missing program is an error; elsewhere the tests that need
# it skip and say why.
set -euo pipefail

missing=()
need() {  # need PROGRAM DEBIAN-PACKAGE
    [ -x "$1" ] || missing+=("$2")
}
need /usr/bin/chromium chromium
need "${ASSESSMENT_TEST_PG_BIN:-/usr/lib/postgresql/15/bin}/initdb" postgresql
need /usr/sbin/nginx nginx-light

if [ ${#missing[@]} = 0 ]; then
    exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing for the tests: ${missing[*]} (apt-get)..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    exit 0
fi
if [ "${CI:-}" = "true" ]; then
    echo "error: ${missing[*]} missing and cannot be installed here; CI runs every test." >&2
    exit 1
fi
echo "note: ${missing[*]} missing; the tests that need them will be skipped (install the Debian packages to run them)."
