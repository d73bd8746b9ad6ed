"""`python -m bench`: every benchmark on data it makes in a temporary folder, then one table.

`python -m bench --only page,browser` runs some of them; the names are those of BENCHMARKS.
Progress goes to stderr, the table to stdout.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from bench import aggregation, browser, cold, dashboard, isolation, memory, page_rerun, pages, reports, writes
from bench.data import Workspace
from bench.report import Row, table

# In the order of the targets they check.
BENCHMARKS = {
    "page": page_rerun.run,
    "browser": browser.run,
    "isolation": isolation.run,
    "aggregation": aggregation.run,
    "dashboard": dashboard.run,
    "cold": cold.run,
    "writes": writes.run,
    "memory": memory.run,
    "reports": reports.run,
}


def _arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--only",
        type=lambda text: [name.strip() for name in text.split(",")],
        default=list(BENCHMARKS),
        help=f"comma-separated names among {', '.join(BENCHMARKS)}",
    )
    arguments = parser.parse_args(argv)
    if unknown := set(arguments.only) - set(BENCHMARKS):
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    return arguments


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _load() -> str:
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def run(names: list[str]) -> list[Row]:
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="assessment-bench-") as folder:
        workspace = Workspace(Path(folder))
        for name in names:
            started = time.monotonic()
            _progress(f"bench: {name} ...")
            rows += BENCHMARKS[name](workspace)
            _progress(f"bench: {name} done in {time.monotonic() - started:.0f} s")
    return rows


def main(argv: list[str] | None = None) -> int:
    arguments = _arguments(sys.argv[1:] if argv is None else argv)
    pages.quiet_bare_mode_warnings()
    started = time.monotonic()
    # The machines are shared: the load says how far to trust a run's figures.
    _progress(f"bench: {os.cpu_count()} CPUs, load average {_load()} at the start")
    rows = run(arguments.only)
    _progress(f"bench: all done in {time.monotonic() - started:.0f} s, load average {_load()} at the end")
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
