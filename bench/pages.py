"""The two pages every page benchmark compares: the app's, and the bare page with the same radios."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from streamlit.testing.v1 import AppTest

from assessment.questionnaire import Questionnaire
from assessment.settings import DEFAULT_QUESTIONNAIRE

PROJECT_DIR = Path(__file__).resolve().parent.parent
APP = PROJECT_DIR / "app.py"
BARE_PAGE = Path(__file__).resolve().parent / "bare_page.py"
ASSESS_PAGE = "app_pages/assess.py"
TEAM_PAGE = "app_pages/team.py"
SPEC_VARIABLE = "BENCH_BARE_PAGE_SPEC"
DATABASE_VARIABLE = "ASSESSMENT_DATABASE_URL"
# The benchmarks answer one version (bench.data's questionnaire): the app must ask that one, not
# the newest in data/, or the answered statement is not on its page.
VERSION = {"ASSESSMENT_QUESTIONNAIRE_VERSION": DEFAULT_QUESTIONNAIRE.stem}
# The statement both page benchmarks answer, again and again.
ANSWERED_ITEM = "B1a"
TIMEOUT = 60  # seconds; a first run imports pandas and Altair on a busy 2-core machine


def answer_key(item_id: str) -> str:
    """The widget key of an answer, the same on both pages (`st-key-<key>` in the browser)."""
    return f"ans_{item_id}"


def write_spec(questionnaire: Questionnaire, path: Path) -> Path:
    """The bare page's radios: the questionnaire's keys, statements and answer labels."""
    options = {str(value): label for value, label in enumerate(questionnaire.scale_labels, start=1)}
    spec = {
        "options": options | {"na": questionnaire.not_applicable_label},
        "radios": [
            {"key": answer_key(item.id), "label": f"{item.number}. {item.text}"}
            for item in questionnaire.items
        ],
    }
    path.write_text(json.dumps(spec), encoding="utf-8")
    return path


def quiet_bare_mode_warnings() -> None:
    """AppTest sets up each session outside a script thread, which Streamlit warns about every time."""
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").disabled = True


def clean_environment() -> dict[str, str]:
    """This process's environment without the app's or Streamlit's settings a shell may carry, asking
    the benchmarks' questionnaire version."""
    return {k: v for k, v in os.environ.items() if not k.startswith(("ASSESSMENT_", "STREAMLIT_"))} | VERSION


@contextmanager
def environment(**variables: str) -> Iterator[None]:
    """Set variables for this process (AppTest runs scripts in it), and restore them after."""
    variables = VERSION | variables
    saved = {name: os.environ.get(name) for name in variables}
    os.environ.update(variables)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def raise_if_failed(at: AppTest) -> None:
    """Fail loudly when the page's last run raised: a broken page must not pass as a fast one."""
    if at.exception:
        raise RuntimeError(f"the page raised: {at.exception[0].message}")


def checked_run(at: AppTest) -> AppTest:
    at.run()
    raise_if_failed(at)
    return at


def app_page(page: str, **session: object) -> AppTest:
    """A page of the app under AppTest, run once, with `session` in its session state.

    The database is the one ASSESSMENT_DATABASE_URL names: the caller sets it.
    """
    at = checked_run(AppTest.from_file(str(APP), default_timeout=TIMEOUT))
    for key, value in session.items():
        at.session_state[key] = value
    at.switch_page(page)
    return checked_run(at)


def bare_page() -> AppTest:
    """The bare page under AppTest, first run done (BENCH_BARE_PAGE_SPEC set by the caller)."""
    return checked_run(AppTest.from_file(str(BARE_PAGE), default_timeout=TIMEOUT))
