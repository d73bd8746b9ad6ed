"""A bookmarked results link works on a server that has just started; an unknown code says so neutrally."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from assessment.questionnaire import Questionnaire

from .helpers import (
    RESULTS_TITLE,
    UNKNOWN_CODE_TEXT,
    answer_plan,
    create_submitted_person,
    expect_chart_scores,
    heading,
    open_results,
    running_server,
    wait_idle,
)

pytestmark = pytest.mark.browser


def test_results_link_is_the_first_page_a_fresh_server_serves(
    page: Page, questionnaire: Questionnaire, tmp_path: Path
) -> None:
    """A restarted server opens a bookmarked /results?code=... directly, with that person's results."""
    database_url = f"sqlite:///{tmp_path / 'deep-link.sqlite3'}"
    answers = answer_plan(questionnaire)
    code = create_submitted_person(database_url, questionnaire, answers)
    # Only the health probe reaches the server before this page: no other page has run yet.
    with running_server(database_url) as server:
        open_results(page, code, base_url=server.base_url)
        expect(page.get_by_text(code)).to_be_visible()
        expect(page.get_by_text("(1 in all)")).to_be_visible()
        expect_chart_scores(page, questionnaire, answers)
        expect(page.get_by_text(UNKNOWN_CODE_TEXT)).to_have_count(0)


def test_unknown_code_shows_no_results(page: Page) -> None:
    """A code nobody has gets the neutral "no results" message, not an error, and leaves the URL."""
    page.goto("/results?code=AAAA-AAAA-AAAA-AAAA")
    expect(page.get_by_text(UNKNOWN_CODE_TEXT)).to_be_visible()
    expect(heading(page, RESULTS_TITLE)).to_be_visible()
    wait_idle(page)
    expect(page.locator("[data-testid='stException']")).to_have_count(0)
    expect(page.get_by_label("Your personal code")).to_be_visible()
    expect(page).not_to_have_url(re.compile(r"code="))
