"""One step of the sweep: N practitioners against a freshly started configuration."""

from __future__ import annotations

import asyncio
import os
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from assessment.questionnaire import Questionnaire
from bench.load import procstat
from bench.load.session import PageError, Plan, Tally, open_tab, practitioner, session_rngs
from bench.load.targets import Factory, Target

WARM_UP_ANSWERS = 2
SETTLE = 2.0  # seconds the idle sessions wait, all open, before the server's memory is read
# Seconds a step may run beyond its arrivals and its sessions' pauses; a step that runs over is
# ended and its unfinished sessions count as failed ("step timeout"), so a sweep always ends.
STEP_GRACE = 300.0


@dataclass(frozen=True)
class Step:
    """What one step of the sweep asks."""

    sessions: int
    plan: Plan
    arrivals: float  # sessions opening the page per second
    seed: int


@dataclass
class StepResult:
    configuration: str
    step: Step
    tally: Tally
    seconds: float  # from the first session's start to the last one's end
    server_cpu: float  # CPU seconds of the Streamlit server(s) during the step
    support_cpu: float | None  # CPU seconds of PostgreSQL and nginx; None where there are none
    client_cpu: float  # CPU seconds of this load generator (it shares the machine)
    rss_before_kib: int  # resident memory of the server(s) after the warm-up
    rss_peak_kib: int
    stored: int | None  # responses counted in the round, read from the database
    load_average: float  # the machine's 1-minute load average at the end: others share it


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


async def _warm_up(target: Target, plan: Plan) -> None:
    """Run each server's page once, with a couple of answers, outside the figures: the first run
    imports pandas and Altair, which no later visitor pays for."""
    warm = Plan(answers=WARM_UP_ANSWERS, pause=0.0, jitter=0.0, submit=False, timeout=plan.timeout)
    for url in target.warm_urls:
        tally = Tally()
        await practitioner(url, target.path, target.query, warm, random.Random(0), tally, target.statements)
        if tally.errors:
            raise RuntimeError(f"{target.name}: the warm-up session failed: {dict(tally.examples)}")


async def _sessions(target: Target, step: Step, tally: Tally) -> None:
    plan = Plan(
        answers=step.plan.answers,
        pause=step.plan.pause,
        jitter=step.plan.jitter,
        submit=step.plan.submit and target.submits,
        timeout=step.plan.timeout,
    )

    async def one(number: int, rng: random.Random) -> None:
        # Arrivals spread at a steady rate: a meeting's members opening the link one after another.
        await asyncio.sleep(number / step.arrivals)
        await practitioner(
            target.base_url,
            target.path,
            target.query,
            plan,
            rng,
            tally,
            target.statements,
            fill_draft=target.fill_draft if plan.submit else None,
            cookie=target.cookie(number),
        )

    tasks = [asyncio.create_task(one(n, rng)) for n, rng in enumerate(session_rngs(step.sessions, step.seed))]
    answers = plan.answers or target.statements
    budget = step.sessions / step.arrivals + answers * plan.pause * (1 + plan.jitter) + STEP_GRACE
    done, pending = await asyncio.wait(tasks, timeout=budget)
    for task in pending:
        task.cancel()
        tally.failed("step timeout", f"still running {budget:.0f} s after the step began")
    if pending:
        await asyncio.wait(pending)
    # A failure the session does not expect (a bug here, a database error while filling a
    # draft) must still count, not vanish with its task.
    for task in done:
        if not task.cancelled() and (error := task.exception()) is not None:
            tally.failed("client error", repr(error))


async def _run(target: Target, step: Step) -> StepResult:
    await _warm_up(target, step.plan)
    tally = Tally()
    cpu_before = procstat.total_cpu(target.app_pids)
    support_before = procstat.total_cpu(target.support_pids)
    client_before = time.process_time()
    rss_before = procstat.total_rss(target.app_pids)
    started = time.perf_counter()
    with procstat.PeakMemory(target.app_pids) as memory:
        await _sessions(target, step, tally)
    seconds = time.perf_counter() - started
    return StepResult(
        configuration=target.name,
        step=step,
        tally=tally,
        seconds=seconds,
        server_cpu=procstat.total_cpu(target.app_pids) - cpu_before,
        support_cpu=procstat.total_cpu(target.support_pids) - support_before if target.support_pids else None,
        client_cpu=time.process_time() - client_before,
        rss_before_kib=rss_before,
        rss_peak_kib=memory.peak,
        # Read after every session has closed: what the database holds, not what pages said.
        stored=await asyncio.to_thread(target.stored_responses),
        load_average=os.getloadavg()[0],
    )


def run_step(factory: Factory, folder: Path, questionnaire: Questionnaire, step: Step) -> StepResult:
    """Start the configuration, warm it up, run the step's sessions, stop everything."""
    folder.mkdir(parents=True)
    with factory(folder, questionnaire) as target:
        _progress(f"load: {target.name}, N={step.sessions} ...")
        result = asyncio.run(_run(target, step))
    tally = result.tally
    _progress(
        f"load: {result.configuration}, N={step.sessions}: {len(tally.answers)} answers, "
        f"{tally.completed}/{step.sessions} sessions complete, {sum(tally.errors.values())} failed "
        f"{dict(tally.errors) or ''}, {result.seconds:.0f} s, server CPU {result.server_cpu:.1f} s, "
        f"load generator CPU {result.client_cpu:.1f} s"
    )
    for kind, example in tally.examples.items():
        _progress(f"load:   {kind}: {example}")
    return result


@dataclass
class IdleResult:
    """N sessions that opened the questionnaire and then did nothing, as tabs left open."""

    configuration: str
    sessions: int
    opened: int  # sessions whose page was drawn; the rest failed to open
    rss_before_kib: int  # the server(s) after the warm-up
    rss_open_kib: int  # with every session open and idle

    @property
    def per_session_kib(self) -> float:
        return max(self.rss_open_kib - self.rss_before_kib, 0) / max(self.opened, 1)


async def _idle(target: Target, sessions: int, arrivals: float, timeout: float) -> IdleResult:
    await _warm_up(target, Plan(answers=None, pause=0.0, jitter=0.0, submit=False, timeout=timeout))
    rss_before = procstat.total_rss(target.app_pids)
    opened, settled, measured = 0, asyncio.Event(), asyncio.Event()
    finished = 0

    async def one(number: int) -> None:
        nonlocal opened, finished
        await asyncio.sleep(number / arrivals)
        try:
            async with open_tab(
                target.base_url, target.path, target.query, timeout, target.cookie(number)
            ) as live:
                await live.send(live.tab.open())
                opened += 1
                finished += 1
                if finished == sessions:
                    settled.set()
                await measured.wait()  # the tab stays open, idle, until the memory is read
        except (PageError, TimeoutError, OSError) as exc:
            finished += 1
            if finished == sessions:
                settled.set()
            _progress(f"load:   an idle session failed to open: {exc!r}")

    tasks = [asyncio.create_task(one(number)) for number in range(sessions)]
    try:
        await asyncio.wait_for(settled.wait(), timeout=sessions / arrivals + timeout)
        await asyncio.sleep(SETTLE)
        rss_open = procstat.total_rss(target.app_pids)
    finally:
        measured.set()
        await asyncio.gather(*tasks, return_exceptions=True)
    return IdleResult(target.name, sessions, opened, rss_before, rss_open)


def run_idle(
    factory: Factory,
    folder: Path,
    questionnaire: Questionnaire,
    sessions: int,
    arrivals: float,
    timeout: float,
) -> IdleResult:
    """Start the configuration, open `sessions` tabs that do nothing, read the server's memory."""
    folder.mkdir(parents=True)
    with factory(folder, questionnaire) as target:
        _progress(f"load: {target.name}, {sessions} idle sessions ...")
        result = asyncio.run(_idle(target, sessions, arrivals, timeout))
    _progress(
        f"load: {result.configuration}: {result.opened}/{sessions} idle sessions open, "
        f"+{result.per_session_kib / 1024:.2f} MiB each"
    )
    return result
