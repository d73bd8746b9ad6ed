"""Where the time of a benchmark goes: `python -m bench.profiling page|dashboard|import|server`.

page, dashboard and import run under pyinstrument (bench/requirements.txt) and print its call
tree; server samples the app's `streamlit run` process with py-spy while Chromium clicks
answers, and prints the lines it was running most and the app's functions by their share.
"""

from __future__ import annotations

import collections
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from pyinstrument import Profiler
from streamlit.runtime.scriptrunner import script_runner

from assessment import aggregate, importer
from assessment.storage import Storage
from bench import browser, page_rerun, pages, writes
from bench.data import RULES, Workspace, sqlite_url
from bench.servers import served

INTERVAL = 0.0005  # seconds between samples: fine enough for a 10 ms rerun
RUNS = 60
PY_SPY = Path(sys.executable).with_name("py-spy")
SHOWN = 15  # lines and functions listed for the server
SAMPLE_RATE = 250  # per second; py-spy falls behind at higher rates on a busy 2-core machine
OUR_CODE = ("(app.py:", "(app_pages/", "(assessment/")


def _print(profiler: Profiler) -> None:
    print(profiler.output_text(unicode=True, color=False, show_all=False))


@contextmanager
def script_thread_profiler(profiler: Profiler) -> Iterator[None]:
    """Profile each script run inside its own thread: AppTest runs pages off the calling thread."""
    original = script_runner.ScriptRunner._run_script

    def profiled(self, rerun_data):
        profiler.start()
        try:
            return original(self, rerun_data)
        finally:
            profiler.stop()

    script_runner.ScriptRunner._run_script = profiled
    try:
        yield
    finally:
        script_runner.ScriptRunner._run_script = original


def profile_page(workspace: Workspace) -> None:
    """The assessment page's reruns after one answer each, as the page benchmark runs them."""
    with pages.environment(**{pages.DATABASE_VARIABLE: sqlite_url(workspace.path("page.sqlite3"))}):
        at = pages.app_page(pages.ASSESS_PAGE)
        probe = page_rerun.answer_probe(at, pages.answer_key(pages.ANSWERED_ITEM))
        for _ in range(page_rerun.WARMUP):
            probe()
        profiler = Profiler(interval=INTERVAL)
        with script_thread_profiler(profiler):
            for _ in range(RUNS):
                probe()
    _print(profiler)


def _profiled(action: Callable[[], object], runs: int) -> None:
    action()  # warm-up, outside the profile
    profiler = Profiler(interval=INTERVAL)
    with profiler:
        for _ in range(runs):
            action()
    _print(profiler)


def profile_dashboard(workspace: Workspace) -> None:
    """The dashboard figures of a 10,000-response round, read from SQLite."""
    team_round = workspace.one_round(10_000)
    storage = Storage.open(team_round.url)
    _profiled(lambda: aggregate.team_view(storage, workspace.questionnaire, team_round.team_id, RULES), 2)


def profile_import(workspace: Workspace) -> None:
    """A 10,000-row paper-form import into an open round."""
    q = workspace.questionnaire
    path = workspace.path("import.sqlite3")
    team_id, round_id = writes.open_round_database(path)
    storage = Storage.open(sqlite_url(path))
    data = writes.paper_form_csv(q, writes.IMPORT_ROWS)
    # Each run adds to the same open round: the import itself is what is profiled.
    _profiled(lambda: storage.import_responses(team_id, round_id, q, importer.parse_paper_forms(data, q)), 1)


def _samples(raw: Path) -> Iterator[tuple[list[str], int]]:
    """(frames from the thread's root to the leaf, sample count) per line of py-spy's raw output."""
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        yield stack.split(";")[1:], int(count)


def _print_top(title: str, counts: collections.Counter[str], total: int) -> None:
    print(title)
    for function, count in counts.most_common(SHOWN):
        print(f"{count:7d} {100 * count / total:5.1f} %  {function}")


def _print_summary(raw: Path) -> None:
    """The lines the server was executing most (a C call such as gc.collect shows as its caller's
    line), then the app's own functions with all they called."""
    leaves: collections.Counter[str] = collections.Counter()
    ours: collections.Counter[str] = collections.Counter()
    total = 0
    for frames, count in _samples(raw):
        total += count
        if frames:
            leaves[frames[-1]] += count
        for function in {f.partition(":")[0] + ")" for f in frames if any(part in f for part in OUR_CODE)}:
            ours[function] += count
    _print_top(f"Lines running, of {total} samples (time.sleep lines are idle threads):", leaves, total)
    _print_top("The app's functions, with what they called:", ours, total)


def profile_server(workspace: Workspace) -> None:
    """py-spy on the app's server while Chromium clicks answers on the assessment page."""
    raw = workspace.path("server-samples.txt")
    with (
        served("app.py", browser.server_environment(workspace), workspace.root) as server,
        browser.chromium() as chromium,
    ):
        probe = browser.click_probe(
            browser.open_page(chromium, f"{server.base_url}/assessment"),
            pages.answer_key(pages.ANSWERED_ITEM),
        )
        for _ in range(browser.WARMUP):
            probe()
        command = [
            str(PY_SPY),
            "record",
            "--pid",
            str(server.pid),
            "--rate",
            str(SAMPLE_RATE),
            "--nonblocking",
        ]
        spy = subprocess.Popen(
            [*command, "--format", "raw", "--output", str(raw)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(1)  # py-spy attaches
        clicks = [probe() for _ in range(browser.REPEAT)]
        spy.send_signal(signal.SIGINT)  # py-spy writes its samples on SIGINT
        spy.wait()
    print(f"{len(clicks)} clicks, median {statistics.median(clicks) * 1e3:.0f} ms")
    _print_summary(raw)


TARGETS = {
    "page": profile_page,
    "dashboard": profile_dashboard,
    "import": profile_import,
    "server": profile_server,
}


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0] not in TARGETS:
        print(__doc__, file=sys.stderr)
        return 2
    pages.quiet_bare_mode_warnings()
    with tempfile.TemporaryDirectory(prefix="assessment-profile-") as folder:
        TARGETS[argv[0]](Workspace(Path(folder)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
