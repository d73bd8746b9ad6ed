"""One page rendered once under AppTest, in a process of its own; prints the process's peak memory.

`python -m bench.memory_child team <team id>` renders the team lead's dashboard of the database
in ASSESSMENT_DATABASE_URL; `python -m bench.memory_child bare` renders the bare page of
BENCH_BARE_PAGE_SPEC. The last line of output is the peak resident set size in KiB.
"""

from __future__ import annotations

import sys
from pathlib import Path

from assessment.storage import Team
from bench import pages
from bench.data import TEAM_NAME


def render_team_page(team_id: int) -> None:
    """The dashboard as a lead sees it once logged in (the login itself is not measured)."""
    at = pages.app_page(pages.TEAM_PAGE, lead_team=Team(team_id, TEAM_NAME), lead_join_code="BENCH000")
    if not at.get("vega_lite_chart"):
        raise RuntimeError("the team page drew no chart: the round's results were not shown")


def peak_rss_kib() -> int:
    """VmHWM: the high-water mark of this program's memory since it started.

    Not ru_maxrss: Linux carries the parent's peak over into a child's ru_maxrss through fork
    and exec, so a child of a big benchmark process would report at least the parent's size.
    """
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError("/proc/self/status has no VmHWM line")


def main(argv: list[str]) -> None:
    match argv:
        case ["team", team_id]:
            render_team_page(int(team_id))
        case ["bare"]:
            pages.bare_page()
        case _:
            raise SystemExit(__doc__)
    print(peak_rss_kib())


if __name__ == "__main__":
    main(sys.argv[1:])
