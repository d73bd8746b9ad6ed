"""The status above Submit follows every answer in the browser: one count, right after each click,
whichever statement or note changed last, and the list of what a Submit found missing shrinks as
those statements are answered.

Each fragment of statements and each note redraws the status into one placeholder, which the
last one drawn replaces (`practitioner.questionnaire_answers`). Where that lands is the
browser's business: AppTest keeps only a run's own elements, so only a browser can show that the
page holds one status, and the right one.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from assessment.questionnaire import Questionnaire
from assessment.ui.practitioner import STATEMENTS_PER_FRAGMENT

from .helpers import answer, open_assessment, progress, wait_idle

pytestmark = pytest.mark.browser

STATUS = "[data-testid='stProgress']"
MISSING = "[data-testid='stAlertContentError']"


def expect_one_count(page: Page, questionnaire: Questionnaire, answered: int) -> None:
    expect(page.locator(STATUS)).to_have_count(1)
    expect(progress(page, answered, len(questionnaire.items))).to_be_visible()


def test_one_count_follows_answers_and_notes_in_every_area(page: Page, questionnaire: Questionnaire) -> None:
    open_assessment(page, questionnaire)
    # An area's first and last statements are drawn by different fragments (more than
    # STATEMENTS_PER_FRAGMENT statements an area): back and forth between them and between the
    # areas, each click's fragment draws the count over the one another fragment drew before.
    assert all(len(questionnaire.items_in_area(a.id)) > STATEMENTS_PER_FRAGMENT for a in questionnaire.areas)
    firsts = [questionnaire.items_in_area(area.id)[0] for area in questionnaire.areas]
    lasts = [questionnaire.items_in_area(area.id)[-1] for area in questionnaire.areas]
    answered = 0
    for first, last in zip(firsts, lasts, strict=True):
        for item in (first, last):
            answered += 1
            answer(page, questionnaire, item, 4, answered=answered)
            expect_one_count(page, questionnaire, answered)
    answer(page, questionnaire, firsts[0], 2, answered=answered)  # a change is no new answer
    expect_one_count(page, questionnaire, answered)

    # A note saves when it loses the focus; its own fragment draws the status again, unchanged.
    note = page.locator(f".st-key-note_{questionnaire.areas[1].id} textarea")
    note.fill("Ask the team about supervision.")
    note.blur()
    wait_idle(page)
    expect_one_count(page, questionnaire, answered)
    answer(page, questionnaire, lasts[0], 5, answered=answered)
    expect_one_count(page, questionnaire, answered)


def test_the_list_of_missing_statements_shrinks_as_they_are_answered(
    page: Page, questionnaire: Questionnaire
) -> None:
    open_assessment(page, questionnaire)
    *given, left_a, left_b = questionnaire.items
    for n, item in enumerate(given, start=1):
        answer(page, questionnaire, item, 3, answered=n)
    page.locator(".st-key-submit button").click()
    missing = page.locator(MISSING)
    expect(missing).to_contain_text("2 statements still need an answer")
    expect(missing).to_contain_text(left_a.text[:30])

    answer(page, questionnaire, left_a, 4, answered=len(given) + 1)
    expect(missing).to_contain_text("1 statement still needs an answer")
    expect(missing).not_to_contain_text(left_a.text[:30])
    expect(missing).to_contain_text(left_b.text[:30])
    expect_one_count(page, questionnaire, len(given) + 1)

    answer(page, questionnaire, left_b, 4, answered=len(questionnaire.items))
    expect(missing).to_have_count(0)
    expect_one_count(page, questionnaire, len(questionnaire.items))
