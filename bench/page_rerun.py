"""Target 1: one answer on the assessment page reruns it no more than 1.3 x a bare page (AppTest)."""

from __future__ import annotations

import itertools

from streamlit.testing.v1 import AppTest

from assessment.storage import Storage
from bench import pages
from bench.data import Workspace, sqlite_url
from bench.report import Row, ratio_row
from bench.timing import Probe, medians, timed

NAME = "Assessment page rerun after one answer (AppTest)"
MAX_RATIO = 1.3
REPEAT = 60
WARMUP = 10


def answer_probe(at: AppTest, key: str) -> Probe:
    """Each run gives the radio the other answer, so each rerun saves a changed draft."""
    values = itertools.cycle((4, 5))

    def choose() -> None:
        # AppTest keeps only the elements of the last run; in a browser an answer's area stays on
        # the page while its save redraws the count alone. Bring the radio back, untimed.
        if key not in {radio.key for radio in at.radio}:
            at.run()
        at.radio(key=key).set_value(next(values))

    # Only the rerun is timed: finding the widget in AppTest's tree is the test harness's work.
    return timed(at.run, before=choose)


def run(workspace: Workspace) -> list[Row]:
    spec = pages.write_spec(workspace.questionnaire, workspace.path("bare-page.json"))
    database = sqlite_url(workspace.path("page-rerun.sqlite3"))
    with pages.environment(**{pages.DATABASE_VARIABLE: database, pages.SPEC_VARIABLE: str(spec)}):
        app, bare = pages.app_page(pages.ASSESS_PAGE), pages.bare_page()
        key = pages.answer_key(pages.ANSWERED_ITEM)
        app_seconds, bare_seconds = medians([answer_probe(app, key), answer_probe(bare, key)], REPEAT, WARMUP)
        for at in (app, bare):
            pages.raise_if_failed(at)
        _check_draft_saved(app, database)
    return [ratio_row(NAME, app_seconds, bare_seconds, MAX_RATIO)]


def _check_draft_saved(at: AppTest, database: str) -> None:
    """The app's reruns must have stored each answer, or the figure measured something else."""
    storage = Storage.open(database)
    try:
        saved = storage.draft(at.session_state["person_id"]).get(pages.ANSWERED_ITEM)
    finally:
        storage.engine.dispose()
    if saved != at.session_state[pages.answer_key(pages.ANSWERED_ITEM)]:
        raise RuntimeError(f"the draft holds {saved!r}, not the answer on screen: the benchmark is invalid")
