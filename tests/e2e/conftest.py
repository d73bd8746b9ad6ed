"""Fixtures of the browser tests: Debian's Chromium, one app server per session, its data.

`questionnaire` comes from tests/conftest.py.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from assessment.questionnaire import Questionnaire

from . import helpers

# A fresh server's first page load imports pandas and Altair: give the 2-core machines room.
expect.set_options(timeout=20_000)


@pytest.fixture(scope="session", autouse=True)
def _chromium_present() -> None:
    """Skip, or in CI fail, every browser test at once when Chromium is missing."""
    helpers.require_chromium()


@pytest.fixture(scope="session", autouse=True)
def _fresh_server_logs() -> None:
    """Keep only this run's server logs."""
    shutil.rmtree(helpers.SERVER_LOGS_DIR, ignore_errors=True)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    # Debian's Chromium: `playwright install` downloads a browser, which this network does not allow.
    return {
        **browser_type_launch_args,
        "executable_path": str(helpers.CHROMIUM),
        "args": helpers.CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    return {**browser_context_args, "viewport": helpers.DESKTOP}


@pytest.fixture(scope="session")
def server_database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The shared server's own database, never the developer's."""
    return f"sqlite:///{tmp_path_factory.mktemp('server') / 'e2e.sqlite3'}"


@pytest.fixture(scope="session")
def app_server(server_database_url: str) -> Iterator[helpers.Server]:
    with helpers.running_server(server_database_url) as server:
        yield server


@pytest.fixture(scope="session")
def base_url(app_server: helpers.Server) -> str:
    """pytest-playwright gives every page this base, so tests open paths like "/assessment"."""
    return app_server.base_url


@pytest.fixture(scope="session")
def submitted_code(server_database_url: str, questionnaire: Questionnaire) -> str:
    """The code of a person with one submitted response in the shared server's database."""
    return helpers.create_submitted_person(
        server_database_url, questionnaire, helpers.answer_plan(questionnaire)
    )


@pytest.fixture(scope="session")
def demo_team(server_database_url: str) -> helpers.DemoTeam:
    """A team with three closed rounds on show, made by the app's own `demo` command."""
    return helpers.create_demo_team(server_database_url)


@pytest.fixture(scope="session")
def returning_code(server_database_url: str, questionnaire: Questionnaire) -> str:
    """The code of a person with two submitted responses, so that My results draws their trend."""
    plan = helpers.answer_plan(questionnaire)
    code = helpers.create_submitted_person(server_database_url, questionnaire, plan)
    later = {item_id: None if raw is None else min(raw + 1, 5) for item_id, raw in plan.items()}
    helpers.submit_again(server_database_url, questionnaire, code, later)
    return code


@pytest.fixture(params=helpers.THEMES)
def theme(request: pytest.FixtureRequest) -> str:
    """Light or dark: the browser's system theme, which Streamlit follows by default."""
    return request.param
