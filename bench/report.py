"""One row per benchmark, and the table `make bench` prints."""

from __future__ import annotations

from dataclasses import dataclass

HEADER = ("benchmark", "measured", "baseline", "ratio", "target", "met")


@dataclass(frozen=True)
class Row:
    """A benchmark's figures; `met` is None when there is no target to meet (reported, skipped)."""

    benchmark: str
    measured: str
    baseline: str
    ratio: float | None
    target: str
    met: bool | None

    def cells(self) -> tuple[str, ...]:
        ratio = "" if self.ratio is None else f"{self.ratio:.2f}"
        met = {True: "yes", False: "NO", None: "-"}[self.met]
        return (self.benchmark, self.measured, self.baseline, ratio, self.target, met)


def ratio_row(benchmark: str, measured: float, baseline: float, max_ratio: float) -> Row:
    """A row of two durations whose ratio must stay at most `max_ratio`."""
    ratio = measured / baseline
    return Row(
        benchmark,
        duration(measured),
        duration(baseline),
        ratio,
        f"ratio <= {max_ratio:g}",
        ratio <= max_ratio,
    )


def skipped_row(benchmark: str, reason: str) -> Row:
    return Row(benchmark, f"skipped: {reason}", "", None, "", None)


def duration(seconds: float) -> str:
    """A duration in the unit that keeps three significant digits readable."""
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds * 1e6:.0f} µs"


def mebibytes(kibibytes: int) -> str:
    return f"{kibibytes / 1024:.0f} MiB"


def table(rows: list[Row]) -> str:
    """A Markdown table: readable in a terminal and pasted as is into docs/performance.md."""
    lines = [HEADER, *(row.cells() for row in rows)]
    widths = [max(len(line[i]) for line in lines) for i in range(len(HEADER))]

    def render(cells: tuple[str, ...]) -> str:
        return "| " + " | ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)) + " |"

    rule = "|" + "|".join("-" * (width + 2) for width in widths) + "|"
    return "\n".join([render(HEADER), rule, *(render(cells) for cells in lines[1:])])
