#!/usr/bin/env bash
# The storage, team and import tests also run against a real PostgreSQL server that the tests
# start themselves. Install Debian's server binaries when missing and we may (root); in CI a
# missing server is an error, elsewhere those tests skip and say why.
set -euo pipefail
PG_BIN=${ASSESSMENT_TEST_PG_BIN:-/usr/lib/postgresql/15/bin}
if [ -x "$PG_BIN/initdb" ]; then
    exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing PostgreSQL for the database tests (apt-get install postgresql)..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    exit 0
fi
if [ "${CI:-}" = "true" ]; then
    echo "error: $PG_BIN/initdb is missing and cannot be installed here; CI needs the PostgreSQL tests." >&2
    exit 1
fi
echo "note: $PG_BIN/initdb is missing; the PostgreSQL half of the database tests will be skipped."
