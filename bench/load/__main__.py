"""`python -m bench.load`: N concurrent practitioners on the questionnaire, against the bare page.

Each simulated practitioner is a WebSocket speaking Streamlit's own protocol (no browser): it
opens the members' link, answers statements one at a time with pauses, and submits. Every
step starts its servers afresh; progress goes to stderr, the tables to stdout.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from bench.data import default_questionnaire
from bench.load import report
from bench.load.session import Plan
from bench.load.sweep import IdleResult, Step, StepResult, run_idle, run_step
from bench.load.targets import CONFIGURATIONS, Cluster

SIZES = (1, 25, 50, 100, 200)
# The sweep's pace: 10 answers a session, one every 2 s, so the five sizes on both
# configurations take about 6 minutes on 2 cores. A person reads a statement for about 6 s.
ANSWERS = 10
SWEEP_PAUSE = 2.0
HUMAN_PAUSE = 6.0
JITTER = 0.5
ARRIVALS = 20.0  # sessions opening the page per second
TIMEOUT = 120.0  # seconds one click may take before its session counts as failed
SEED = 2024
CONFIGURATION_NAMES = (*CONFIGURATIONS, "cluster")


def _names(text: str) -> list[str]:
    return [name.strip() for name in text.split(",") if name.strip()]


def _sizes(text: str) -> list[int]:
    return sorted({int(size) for size in _names(text)})


def _answers(text: str) -> int | None:
    return None if text == "all" else int(text)


def _arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=_sizes, default=list(SIZES), help="numbers of concurrent sessions")
    parser.add_argument(
        "--configs",
        type=_names,
        default=list(CONFIGURATIONS),
        help=f"among {', '.join(CONFIGURATION_NAMES)} (cluster: two app servers, nginx, PostgreSQL)",
    )
    parser.add_argument(
        "--answers",
        type=_answers,
        default=ANSWERS,
        help="statements each session answers on the page, or 'all'; the rest of its draft is stored "
        "directly before Submit",
    )
    pace = parser.add_mutually_exclusive_group()
    pace.add_argument("--pause", type=float, default=SWEEP_PAUSE, help="mean seconds between answers")
    pace.add_argument(
        "--human", action="store_const", dest="pause", const=HUMAN_PAUSE, help=f"--pause {HUMAN_PAUSE:g}"
    )
    parser.add_argument("--jitter", type=float, default=JITTER, help="each pause is pause x (1 +/- jitter)")
    parser.add_argument(
        "--arrivals", type=float, default=ARRIVALS, help="sessions opening the page per second"
    )
    parser.add_argument("--timeout", type=float, default=TIMEOUT, help="seconds a click may take")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument(
        "--idle",
        type=int,
        default=None,
        help="tabs opened and left idle, to read the memory an idle session holds (default: the largest "
        "size; 0: skip)",
    )
    arguments = parser.parse_args(argv)
    if unknown := set(arguments.configs) - set(CONFIGURATION_NAMES):
        parser.error(f"unknown configuration(s): {', '.join(sorted(unknown))}")
    if arguments.answers is not None and arguments.answers < 1:
        parser.error("--answers must be at least 1: the first answer makes the person")
    if not 0 <= arguments.jitter < 1:
        parser.error("--jitter must be at least 0 and below 1")
    return arguments


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _load() -> str:
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def sweep(arguments: argparse.Namespace) -> tuple[dict[str, list[StepResult]], list[IdleResult]]:
    """Every size on every configuration, the configurations taking turns at each size, so a slow
    spell of the shared machine hits them alike."""
    questionnaire = default_questionnaire()
    plan = Plan(arguments.answers, arguments.pause, arguments.jitter, submit=True, timeout=arguments.timeout)
    factories = {name: CONFIGURATIONS[name] for name in arguments.configs if name in CONFIGURATIONS}
    cluster = None
    if "cluster" in arguments.configs:
        if reason := Cluster.missing():
            _progress(f"load: the cluster is skipped: {reason}")
        else:
            cluster = factories["cluster"] = Cluster()
    results: dict[str, list[StepResult]] = {}
    idle: list[IdleResult] = []
    idle_sessions = max(arguments.sizes) if arguments.idle is None else arguments.idle
    try:
        with tempfile.TemporaryDirectory(prefix="assessment-load-") as folder:
            for size in arguments.sizes:
                step = Step(size, plan, arguments.arrivals, arguments.seed)
                for name, factory in factories.items():
                    result = run_step(factory, Path(folder) / f"{name}-{size}", questionnaire, step)
                    results.setdefault(result.configuration, []).append(result)
            if idle_sessions > 0:
                for name, factory in factories.items():
                    idle.append(
                        run_idle(
                            factory,
                            Path(folder) / f"{name}-idle",
                            questionnaire,
                            idle_sessions,
                            arguments.arrivals,
                            arguments.timeout,
                        )
                    )
    finally:
        if cluster is not None:
            cluster.close()
    return results, idle


def verdict(results: dict[str, list[StepResult]], pause: float) -> list[str]:
    """Where each configuration's p95 first passes 500 ms, in words."""
    lines = []
    largest = max((r.step.sessions for rs in results.values() for r in rs), default=0)
    for name, steps in results.items():
        over = report.first_over_limit(steps)
        if over is None:
            lines.append(
                f"- {name}: p95 stays within 500 ms up to N={largest} at one answer every {pause:g} s."
            )
            continue
        rate = len(over.tally.answers) / over.tally.answer_window if over.tally.answer_window else 0
        line = (
            f"- {name}: p95 passes 500 ms at N={over.step.sessions} at one answer every {pause:g} s "
            f"(p95 {report.duration(report.percentile(over.tally.answers, 95))}, {rate:.1f} answers/s)."
        )
        if pause != HUMAN_PAUSE:
            line += (
                f" At the human pace ({HUMAN_PAUSE:g} s) the same answers per second come from about "
                f"N={round(over.step.sessions * HUMAN_PAUSE / pause)} (extrapolated, not measured: "
                "more open sessions also cost memory; run with --human to measure)."
            )
        lines.append(line)
    return lines


def main(argv: list[str] | None = None) -> int:
    arguments = _arguments(sys.argv[1:] if argv is None else argv)
    started = time.monotonic()
    _progress(f"load: {os.cpu_count()} CPUs, load average {_load()} at the start")
    results, idle = sweep(arguments)
    _progress(f"load: all done in {time.monotonic() - started:.0f} s, load average {_load()} at the end")
    answers = "all" if arguments.answers is None else arguments.answers
    print(
        f"Each session: opens /assessment?team=<join code>, answers {answers} statements one every "
        f"{arguments.pause:g} s (+/- {arguments.jitter:.0%}), then (the app) Submit; "
        f"{arguments.arrivals:g} sessions arrive per second. Latency: click to the end of its reruns.\n"
    )
    for name, steps in results.items():
        print(f"### {name}\n\n{report.configuration_table(steps)}\n")
    bare = results.get("bare page", [])
    for name, steps in results.items():
        if bare and steps is not bare:
            print(f"### {name} against the bare page\n\n{report.side_by_side(steps, bare)}\n")
    if idle:
        print(f"### Memory per session\n\n{report.memory_table(results, idle)}\n")
    print("\n".join(verdict(results, arguments.pause)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
