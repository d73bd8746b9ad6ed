"""Target 6: peak memory of a process that draws the dashboard of a 10,000-response round."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from bench import pages
from bench.data import Workspace
from bench.report import Row, mebibytes

NAME = "Peak RSS, team page of a 10,000-response round (AppTest)"
RESPONSES = 10_000
MAX_RATIO = 1.5  # the team page's peak against the bare page's


def peak_rss_kib(arguments: list[str], env: Mapping[str, str], log: Path) -> int:
    """Peak resident memory of `python -m bench.memory_child ARGUMENTS`, as the child reports it."""
    command = [sys.executable, "-m", "bench.memory_child", *arguments]
    with open(log, "wb") as errors:
        done = subprocess.run(
            command, cwd=pages.PROJECT_DIR, env=dict(env), stdout=subprocess.PIPE, stderr=errors
        )
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(arguments)} failed:\n{log.read_text(errors='replace')}")
    return int(done.stdout.split()[-1])


def run(workspace: Workspace) -> list[Row]:
    team_round = workspace.one_round(RESPONSES)
    spec = pages.write_spec(workspace.questionnaire, workspace.path("bare-page-memory.json"))
    env = pages.clean_environment() | {
        pages.DATABASE_VARIABLE: team_round.url,
        pages.SPEC_VARIABLE: str(spec),
    }
    team = peak_rss_kib(["team", str(team_round.team_id)], env, workspace.path("memory-team.log"))
    bare = peak_rss_kib(["bare"], env, workspace.path("memory-bare.log"))
    ratio = team / bare
    return [
        Row(
            NAME,
            mebibytes(team),
            f"{mebibytes(bare)} bare page",
            ratio,
            f"ratio <= {MAX_RATIO:g}",
            ratio <= MAX_RATIO,
        )
    ]
