"""CPU time and resident memory of server processes, read from /proc (Linux)."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterable
from pathlib import Path

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PROC = Path("/proc")


def _stat_fields(pid: int) -> list[str]:
    """The fields of /proc/<pid>/stat after the command name (which may hold spaces)."""
    text = (PROC / str(pid) / "stat").read_text()
    return text[text.rindex(")") + 2 :].split()


def _children(pid: int) -> list[int]:
    found = []
    for entry in PROC.iterdir():
        if entry.name.isdigit():
            try:
                if int(_stat_fields(int(entry.name))[1]) == pid:  # field 4, ppid
                    found.append(int(entry.name))
            except (OSError, ValueError, IndexError):
                continue  # gone meanwhile
    return found


def cpu_seconds(pid: int) -> float:
    """CPU seconds (user + system) of a process and all its descendants so far.

    Fields 14-17 of stat: the process's own utime and stime, and cutime and cstime, the time of
    children that have ended (PostgreSQL's backends, nginx's old workers); live children are
    added one by one. A Streamlit server is one process with many threads: its own fields.
    """
    try:
        fields = _stat_fields(pid)
    except OSError:
        return 0.0
    own = sum(int(value) for value in fields[11:15]) / CLOCK_TICKS
    return own + sum(cpu_seconds(child) for child in _children(pid))


def total_cpu(pids: Iterable[int]) -> float:
    return sum(cpu_seconds(pid) for pid in pids)


def rss_kib(pid: int) -> int:
    """Resident memory now (VmRSS), in KiB; 0 for a process that has ended."""
    try:
        for line in (PROC / str(pid) / "status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def total_rss(pids: Iterable[int]) -> int:
    return sum(rss_kib(pid) for pid in pids)


class PeakMemory:
    """Samples the summed resident memory of `pids` while a step runs, and keeps the peak."""

    def __init__(self, pids: list[int], every: float = 0.5) -> None:
        self.pids, self.every, self.peak = pids, every, total_rss(pids)
        self._task: asyncio.Task | None = None

    async def _sample(self) -> None:
        while True:
            self.peak = max(self.peak, total_rss(self.pids))
            await asyncio.sleep(self.every)

    def __enter__(self) -> PeakMemory:
        self._task = asyncio.get_running_loop().create_task(self._sample())
        return self

    def __exit__(self, *exc) -> None:
        self._task.cancel()
        self.peak = max(self.peak, total_rss(self.pids))
