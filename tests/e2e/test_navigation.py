"""The stored draft is what every visit shows: page switches, "Continue", a reload, a second tab.

The personal code never shows in the questionnaire's address: the address is what people share,
and a reload or a second tab finds the person through the browser's session cookie.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from assessment.questionnaire import Questionnaire

from .helpers import (
    HOME_TITLE,
    RESULTS_TITLE,
    Answers,
    answer,
    answer_plan,
    expect_answers,
    expect_code_not_in_url,
    go_to_page,
    heading,
    open_assessment,
    shown_code,
    wait_idle,
)

pytestmark = pytest.mark.browser

ANSWERED = 10
ASSESSMENT_TITLE = "Self-assessment"
# Every other page in the sidebar and the heading that says it has opened.
OTHER_PAGES = {
    "Home": HOME_TITLE,
    "My results": RESULTS_TITLE,
    "My data": "My data",
    "Team lead": "Team lead",
}


def back_to_questionnaire(page: Page, questionnaire: Questionnaire, answers: Answers, code: str) -> None:
    """Through the sidebar to the questionnaire, which shows exactly the stored answers."""
    go_to_page(page, ASSESSMENT_TITLE)
    expect(page).to_have_url(re.compile(r"/assessment"))
    expect(heading(page, ASSESSMENT_TITLE)).to_be_visible()
    expect_answers(page, questionnaire, answers)
    expect_code_not_in_url(page, code)
    assert shown_code(page) == code


def test_answers_follow_the_person_across_pages_reloads_and_tabs(
    page: Page, context: BrowserContext, questionnaire: Questionnaire
) -> None:
    plan = answer_plan(questionnaire)
    items = questionnaire.items
    given: Answers = {}

    open_assessment(page, questionnaire)
    for n, item in enumerate(items[:ANSWERED], start=1):
        answer(page, questionnaire, item, plan[item.id], answered=n)
        given[item.id] = plan[item.id]
    assert None in given.values(), "the ten answers must include Not applicable"
    code = shown_code(page)
    expect_code_not_in_url(page, code)

    for title, page_heading in OTHER_PAGES.items():
        go_to_page(page, title)
        expect(heading(page, page_heading)).to_be_visible()
        wait_idle(page)
        back_to_questionnaire(page, questionnaire, given, code)

    # My results offers the unfinished draft, and its link opens the same ten answers.
    go_to_page(page, "My results")
    expect(heading(page, RESULTS_TITLE)).to_be_visible()
    expect(
        page.get_by_text(
            f"You have an unfinished self-assessment: {ANSWERED} of {len(items)} statements answered."
        )
    ).to_be_visible()
    wait_idle(page)
    page.get_by_role("link", name="Continue where you left off").click()
    expect(page).to_have_url(re.compile(r"/assessment"))
    expect_answers(page, questionnaire, given)
    expect_code_not_in_url(page, code)

    # A reload starts a new session: the browser's cookie brings the person back.
    page.reload()
    expect_answers(page, questionnaire, given)
    expect_code_not_in_url(page, code)
    assert shown_code(page) == code

    # A second tab of the same browser opens the questionnaire on the same person.
    second = context.new_page()
    second.goto("/assessment")
    expect_answers(second, questionnaire, given)
    expect_code_not_in_url(second, code)
    assert shown_code(second) == code

    # An answer added and one changed in the second tab ...
    new_item, changed_item = items[ANSWERED], items[1]
    answer(second, questionnaire, new_item, 4, answered=ANSWERED + 1)
    changed_to = 1 if given[changed_item.id] != 1 else 5
    answer(second, questionnaire, changed_item, changed_to, answered=ANSWERED + 1)
    given[new_item.id] = 4
    given[changed_item.id] = changed_to
    expect_code_not_in_url(second, code)

    # ... show in the first tab on its next interaction: here, answering one more statement.
    page.bring_to_front()
    last_item = items[ANSWERED + 1]
    answer(page, questionnaire, last_item, 2, answered=ANSWERED + 2)
    given[last_item.id] = 2
    expect_answers(page, questionnaire, given)
    expect_code_not_in_url(page, code)

    # And the second tab shows the first tab's answer after a reload.
    second.reload()
    expect_answers(second, questionnaire, given)
    expect_code_not_in_url(second, code)
