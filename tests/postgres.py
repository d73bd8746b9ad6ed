"""A throwaway PostgreSQL server for the tests: initdb and pg_ctl into a temporary folder."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa

PG_BIN = Path(os.environ.get("ASSESSMENT_TEST_PG_BIN", "/usr/lib/postgresql/15/bin"))
ROLE = "app"
# PostgreSQL needs ASSESSMENT_SECRET, as in a deployment; the tests share this one.
TEST_SECRET = "test-secret-for-join-codes-0123456789abcdef"


def available() -> bool:
    return (PG_BIN / "initdb").exists() and (PG_BIN / "pg_ctl").exists()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_server_user(args: list[str]) -> list[str]:
    """initdb refuses to run as root: as root, run the server as the postgres system user."""
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


@contextmanager
def running_server() -> Iterator[str]:
    """Start a server on a free loopback port; yields the URL prefix (no database name)."""
    # Not under pytest's own temporary folders: those are private to root, the server user
    # could not enter them.
    folder = Path(tempfile.mkdtemp(prefix="assessment-postgres-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    data, port = folder / "data", free_port()
    subprocess.run(
        _as_server_user([str(PG_BIN / "initdb"), "-D", str(data), "-A", "trust", "-U", ROLE, "--no-sync"]),
        check=True,
        capture_output=True,
    )
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
    pg_ctl = [str(PG_BIN / "pg_ctl"), "-D", str(data)]
    subprocess.run(
        _as_server_user([*pg_ctl, "-o", options, "-l", str(folder / "log"), "-w", "start"]),
        check=True,
        capture_output=True,
    )
    try:
        yield f"postgresql+psycopg://{ROLE}@127.0.0.1:{port}"
    finally:
        subprocess.run(_as_server_user([*pg_ctl, "-m", "immediate", "stop"]), capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def fresh_database(server_url: str, name: str) -> Iterator[str]:
    """A new empty database on the server, dropped afterwards even if connections remain."""
    admin = sa.create_engine(f"{server_url}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield f"{server_url}/{name}"
    finally:
        deadline = time.monotonic() + 10
        with admin.connect() as conn:
            while True:
                try:
                    conn.exec_driver_sql(f'DROP DATABASE "{name}" WITH (FORCE)')
                    break
                except sa.exc.OperationalError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.1)
        admin.dispose()
