"""The load test's tables, in the style of bench/report.py: Markdown, readable in a terminal."""

from __future__ import annotations

from collections.abc import Sequence

from bench.load.sweep import IdleResult, StepResult
from bench.report import duration

P95_LIMIT = 0.5  # seconds: the latency a click may take at the 95th percentile


def percentile(values: Sequence[float], share: float) -> float | None:
    """The `share` (0-100) percentile, interpolated between the closest ranks; None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * share / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def _time(seconds: float | None) -> str:
    return "-" if seconds is None else duration(seconds)


def _mib(kib: float) -> str:
    return f"{kib / 1024:.0f} MiB" if kib >= 1024 * 10 else f"{kib / 1024:.1f} MiB"


def render(header: Sequence[str], lines: Sequence[Sequence[str]]) -> str:
    """A Markdown table, columns padded as bench/report.py pads them."""
    rows = [tuple(header), *(tuple(line) for line in lines)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]

    def cells(row: tuple[str, ...]) -> str:
        return "| " + " | ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)) + " |"

    rule = "|" + "|".join("-" * (width + 2) for width in widths) + "|"
    return "\n".join([cells(rows[0]), rule, *(cells(row) for row in rows[1:])])


CONFIGURATION_HEADER = (
    "N",
    "answers",
    "answers/s",
    "p50",
    "p95",
    "p99",
    "max",
    "page load p50 / p95",
    "submit p50 / p95",
    "failed sessions",
    "server CPU / session",
    "server busy",
    "DB + proxy CPU / session",
    "RSS peak (+ / session)",
    "stored / submitted",
    "load avg",
)


def _errors(result: StepResult) -> str:
    failed = sum(result.tally.errors.values())
    if not failed:
        return "0"
    kinds = ", ".join(f"{count} {kind}" for kind, count in result.tally.errors.most_common())
    return f"{failed} ({kinds})"


def _pair(values: Sequence[float]) -> str:
    if not values:
        return "-"
    return f"{_time(percentile(values, 50))} / {_time(percentile(values, 95))}"


def configuration_table(results: Sequence[StepResult]) -> str:
    lines = []
    for result in results:
        tally, sessions = result.tally, result.step.sessions
        answers = tally.answers
        rate = len(answers) / tally.answer_window if tally.answer_window else 0.0
        grown = max(result.rss_peak_kib - result.rss_before_kib, 0)
        stored = "-" if result.stored is None else f"{result.stored} / {tally.submitted}"
        lines.append(
            (
                str(sessions),
                str(len(answers)),
                f"{rate:.1f}",
                _time(percentile(answers, 50)),
                _time(percentile(answers, 95)),
                _time(percentile(answers, 99)),
                _time(max(answers, default=None)),
                _pair(tally.loads),
                _pair(tally.submits),
                _errors(result),
                f"{result.server_cpu / sessions:.2f} s",
                # CPU seconds per second of the step: one Streamlit process runs Python on one
                # core at a time (the GIL), so near 1.0 per server it is saturated.
                f"{result.server_cpu / result.seconds:.2f} CPU",
                "-" if result.support_cpu is None else f"{result.support_cpu / sessions:.2f} s",
                f"{_mib(result.rss_peak_kib)} (+{_mib(grown / sessions)})",
                stored,
                f"{result.load_average:.1f}",
            )
        )
    return render(CONFIGURATION_HEADER, lines)


SIDE_BY_SIDE_HEADER = (
    "N",
    "app p50",
    "bare p50",
    "ratio",
    "app p95",
    "bare p95",
    "ratio",
    "app CPU / answer",
    "bare CPU / answer",
    "ratio",
)


def _ratio(measured: float | None, baseline: float | None) -> str:
    return "-" if not measured or not baseline else f"{measured / baseline:.2f}"


def side_by_side(app: Sequence[StepResult], bare: Sequence[StepResult]) -> str:
    """The app against the bare page at each N. CPU per answer is the server's CPU of the whole
    step over the answers given: the app's share includes its page loads and Submits."""
    lines = []
    bare_by_size = {result.step.sessions: result for result in bare}
    for ours in app:
        theirs = bare_by_size.get(ours.step.sessions)
        if theirs is None:
            continue
        p50s = [percentile(r.tally.answers, 50) for r in (ours, theirs)]
        p95s = [percentile(r.tally.answers, 95) for r in (ours, theirs)]
        cpus = [r.server_cpu / len(r.tally.answers) if r.tally.answers else None for r in (ours, theirs)]
        lines.append(
            (
                str(ours.step.sessions),
                *map(_time, p50s),
                _ratio(*p50s),
                *map(_time, p95s),
                _ratio(*p95s),
                *map(_time, cpus),
                _ratio(*cpus),
            )
        )
    return render(SIDE_BY_SIDE_HEADER, lines)


MEMORY_HEADER = ("configuration", "server RSS", "+ per idle session", "+ per active session")


def memory_table(results: dict[str, Sequence[StepResult]], idle: Sequence[IdleResult]) -> str:
    """Resident memory a session adds: one left open and idle (measured with N idle tabs), and one
    answering (the largest step's peak growth over its sessions)."""
    lines = []
    for result in idle:
        steps = results.get(result.configuration, [])
        largest = max(steps, key=lambda r: r.step.sessions, default=None)
        active = (
            "-"
            if largest is None
            else f"+{_mib(max(largest.rss_peak_kib - largest.rss_before_kib, 0) / largest.step.sessions)} "
            f"(N={largest.step.sessions})"
        )
        lines.append(
            (
                result.configuration,
                f"{_mib(result.rss_before_kib)} at rest",
                f"+{_mib(result.per_session_kib)} (N={result.opened})",
                active,
            )
        )
    return render(MEMORY_HEADER, lines)


def first_over_limit(results: Sequence[StepResult], limit: float = P95_LIMIT) -> StepResult | None:
    """The smallest N whose answers' p95 passed `limit`, or None."""
    for result in sorted(results, key=lambda r: r.step.sessions):
        p95 = percentile(result.tally.answers, 95)
        if p95 is not None and p95 > limit:
            return result
    return None
