"""AppTest fixtures: the real app.py, each test with its own database."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

PAGES = (
    "app_pages/home.py",
    "app_pages/assess.py",
    "app_pages/results.py",
    "app_pages/my_data.py",
    "app_pages/team.py",
    "app_pages/present.py",
)


@pytest.fixture
def open_app(database_url, monkeypatch) -> Callable[..., AppTest]:
    """Run the app on `page`, optionally with query parameters, as a fresh browser session would."""
    monkeypatch.setenv("ASSESSMENT_DATABASE_URL", database_url)

    def run(page: str = "app_pages/home.py", **query: str) -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
        for key, value in query.items():
            at.query_params[key] = value
        at.run()
        if page != "app_pages/home.py":
            at.switch_page(page).run()
        return at

    return run


def texts(at: AppTest) -> str:
    """Everything the page says, as one string to search in."""
    parts = [
        e.value
        for kind in ("markdown", "caption", "info", "warning", "error", "success")
        for e in at.get(kind)
    ]
    return "\n".join(str(p) for p in parts)


def whole_page(at: AppTest) -> AppTest:
    """Run again, to see the whole page: an answer reruns only its statement, which draws the
    status (a keyed fragment), and AppTest keeps only the elements of the last run, where a
    browser keeps the rest of the page as it was."""
    return at.run()


def answer(at: AppTest, key: str, value) -> AppTest:
    """Give one answer (`key` is the radio's, `ans_<item id>`), then see the whole page."""
    at.radio(key=key).set_value(value).run()
    return whole_page(at)


def answer_all(at: AppTest, questionnaire, value=4, skip=()) -> AppTest:
    """Give every statement (but those in `skip`) the same answer, in one run."""
    for item in questionnaire.items:
        if item.id not in skip:
            at.radio(key=f"ans_{item.id}").set_value(value)
    at.run()
    return whole_page(at)
