"""Cold paths: a new session's first page view, and opening the dashboard with the lead key.

Each run is a new AppTest session of an already warm process (imports done, caches filled by
the warm-up): what a person opening the link meets, on a server that has been running. The
baseline is a new session of the bare page, the same radios and nothing else.
"""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from assessment.storage import LARGEST_TEAM, Storage
from bench import pages
from bench.data import Workspace, sqlite_url
from bench.report import Row, duration
from bench.timing import medians, timed

FIRST_VIEW = "First view of the questionnaire in a new session (AppTest)"
DASHBOARD = "Opening the dashboard: join code and lead key typed (AppTest)"
RESPONDENTS = 5  # a closed round the dashboard may show
REPEAT = 15
WARMUP = 3


def _first_view() -> None:
    at = AppTest.from_file(str(pages.APP), default_timeout=pages.TIMEOUT)
    at.switch_page(pages.ASSESS_PAGE)
    pages.checked_run(at)


def _bare_first_view() -> None:
    pages.bare_page()


def _open_dashboard(join_code: str, lead_key: str) -> None:
    at = pages.app_page(pages.TEAM_PAGE)
    at.text_input(key="lead_code_input").input(join_code)
    at.text_input(key="lead_key_input").input(lead_key)
    next(b for b in at.button if b.proto.form_id == "lead_login").click()
    pages.checked_run(at)
    if not at.get("vega_lite_chart"):
        raise RuntimeError("the dashboard did not open: the benchmark timed something else")


def _reported(name: str, measured: float, baseline: float) -> Row:
    return Row(
        name, duration(measured), f"{duration(baseline)} bare page", measured / baseline, "reported", None
    )


def run(workspace: Workspace) -> list[Row]:
    spec = pages.write_spec(workspace.questionnaire, workspace.path("bare-page.json"))
    url = sqlite_url(workspace.path("cold.sqlite3"))
    storage = Storage.open(url)
    try:
        # A team whose join code and lead key are known, with a closed round to show.
        created = storage.create_team("Cold team")
        closed = storage.open_round(created.team.id, "Spring", LARGEST_TEAM, workspace.questionnaire.version)
        for _ in range(RESPONDENTS):
            person = storage.person_id(storage.create_person())
            storage.join_team(person, created.team.id)
            storage.submit_response(
                person, workspace.questionnaire, {i.id: 4 for i in workspace.questionnaire.items}
            )
        storage.close_round(created.team.id, closed.id)
    finally:
        storage.engine.dispose()
    with pages.environment(**{pages.DATABASE_VARIABLE: url, pages.SPEC_VARIABLE: str(spec)}):
        first, bare = medians([timed(_first_view), timed(_bare_first_view)], REPEAT, WARMUP)
        dashboard, bare_again = medians(
            [timed(lambda: _open_dashboard(created.join_code, created.lead_key)), timed(_bare_first_view)],
            REPEAT,
            WARMUP,
        )
    return [_reported(FIRST_VIEW, first, bare), _reported(DASHBOARD, dashboard, bare_again)]
