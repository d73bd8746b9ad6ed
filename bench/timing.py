"""The shared clock: medians of repeated runs, alternating with their baseline."""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable, Sequence

# A probe does one run and returns its duration in seconds; most probes are `timed(action)`,
# but a browser probe reads its duration from the page's own clock.
Probe = Callable[[], float]


def timed(action: Callable[[], object], before: Callable[[], object] | None = None) -> Probe:
    """A probe that times `action`; `before` runs ahead of each run, outside the timing."""

    def probe() -> float:
        if before is not None:
            before()
        start = time.perf_counter()
        action()
        return time.perf_counter() - start

    return probe


def medians(probes: Sequence[Probe], repeat: int, warmup: int = 0) -> list[float]:
    """Median duration of each probe over `repeat` runs after `warmup` unrecorded runs.

    The probes take turns, run by run, so a slow spell of the shared machine hits the measured
    code and its baseline alike instead of skewing their ratio.
    """
    for _ in range(warmup):
        for probe in probes:
            probe()
    samples: list[list[float]] = [[] for _ in probes]
    # Start from a clean heap; later collection pauses are what the median is robust to.
    gc.collect()
    for _ in range(repeat):
        for probe, durations in zip(probes, samples, strict=True):
            durations.append(probe())
    return [statistics.median(durations) for durations in samples]


def median(probe: Probe, repeat: int, warmup: int = 0) -> float:
    """Median duration of one probe; see `medians`."""
    return medians([probe], repeat, warmup)[0]
