"""`streamlit run` servers on free local ports, stopped by their process id."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.pages import PROJECT_DIR

START_TIMEOUT = 60.0  # seconds; a cold start imports pandas and Altair on a busy 2-core machine


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthy(base_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=2) as response:
            return response.read() == b"ok"
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass(frozen=True)
class Server:
    base_url: str
    pid: int


@contextmanager
def served(script: str, env: Mapping[str, str], log_dir: Path) -> Iterator[Server]:
    """Serve `script` (relative to the project) for the `with` block, from the moment it is healthy."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        script,
        "--server.headless=true",
        "--server.address=127.0.0.1",
        f"--server.port={port}",
        "--browser.gatherUsageStats=false",
        "--server.fileWatcherType=none",
    ]
    log_path = log_dir / f"server-{port}.log"
    with open(log_path, "wb") as log:
        # Output goes to a file: a full pipe that nobody reads would block the server.
        process = subprocess.Popen(
            command, cwd=PROJECT_DIR, env=dict(env), stdout=log, stderr=subprocess.STDOUT
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not _healthy(base_url):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    f"{script} did not start; its log:\n{log_path.read_text(errors='replace')}"
                )
            time.sleep(0.1)
        yield Server(base_url, process.pid)
    finally:
        _stop(process)
