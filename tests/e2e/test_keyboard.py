"""The whole questionnaire can be answered and submitted with the keyboard alone.

How Streamlit 1.67's radio groups take focus (react-aria, measured): Tab enters a group on its
checked option, or on its first option when none is checked, without selecting it; the next Tab
leaves the group. Space selects the focused option; an arrow key moves to the next option and
selects it at once (each selection is one rerun, which keeps the focus where it is).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from assessment.questionnaire import Item, Questionnaire

from .helpers import (
    answer_plan,
    expect_answered,
    expect_results,
    item_box,
    open_assessment,
    option,
    progress,
    wait_idle,
)

pytestmark = pytest.mark.browser

# Where the keyboard focus is: the widget key around it, and the option's index if it is a radio.
FOCUS = """
() => {
    const e = document.activeElement;
    const box = e && e.closest("[class*='st-key-']");
    return {
        key: box ? [...box.classList].find(c => c.startsWith("st-key-")) : null,
        tag: e ? e.tagName : null,
        radio: e && e.type === "radio" ? Number(e.value) : null,
    };
}
"""
MAX_TABS = 40  # more focus stops than lie between two statements (links, a note, its help button)


def focus(page: Page) -> dict:
    return page.evaluate(FOCUS)


def tab_to(page: Page, key: str, backwards: bool = False) -> dict:
    """Press Tab (or Shift+Tab) until the focus is inside the widget with `key`."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        where = focus(page)
        if where["key"] == f"st-key-{key}":
            return where
    raise AssertionError(f"{MAX_TABS} presses of Tab did not reach {key}; the focus is on {focus(page)}")


def index_of(questionnaire: Questionnaire, raw: int | None) -> int:
    """The option's position in the group: the scale's points, then Not applicable."""
    return len(questionnaire.scale_labels) if raw is None else raw - 1


def select_by_keyboard(
    page: Page, questionnaire: Questionnaire, item: Item, raw: int | None, answered: int
) -> None:
    """Tab into the statement's group, then Space (first option) or arrows to the answer."""
    where = tab_to(page, f"ans_{item.id}")
    assert where["radio"] == 0, f"Tab entered {item.id} on option {where['radio']}, not the first: {where}"
    target = index_of(questionnaire, raw)
    labels = [*questionnaire.scale_labels, questionnaire.not_applicable_label]
    if target == 0:
        page.keyboard.press("Space")
    for position in range(1, target + 1):
        page.keyboard.press("ArrowRight")
        # Each arrow selects; wait for its rerun before the next key, as a person would see it.
        expect(option(page, item, labels[position])).to_be_checked()
        expect(progress(page, answered, len(questionnaire.items))).to_be_visible()
        wait_idle(page)
    expect_answered(page, questionnaire, item, raw)
    expect(progress(page, answered, len(questionnaire.items))).to_be_visible()
    wait_idle(page)
    assert focus(page)["key"] == f"st-key-ans_{item.id}", "the rerun moved the keyboard focus away"


def test_questionnaire_answered_and_submitted_with_the_keyboard_alone(
    page: Page, questionnaire: Questionnaire
) -> None:
    plan = answer_plan(questionnaire)
    items = questionnaire.items
    total = len(items)
    open_assessment(page, questionnaire)

    for answered, item in enumerate(items, start=1):
        select_by_keyboard(page, questionnaire, item, plan[item.id], answered)

    # Shift+Tab back from the submit button to the last statement lands on its chosen option;
    # the arrows change the answer and change it back.
    last = items[-1]
    tab_to(page, "submit")
    where = tab_to(page, f"ans_{last.id}", backwards=True)
    assert where["radio"] == index_of(questionnaire, plan[last.id]), where
    neighbour = index_of(questionnaire, plan[last.id]) - 1 if plan[last.id] != 1 else 1
    key = "ArrowLeft" if plan[last.id] != 1 else "ArrowRight"
    labels = [*questionnaire.scale_labels, questionnaire.not_applicable_label]
    page.keyboard.press(key)
    expect(option(page, last, labels[neighbour])).to_be_checked()
    wait_idle(page)
    page.keyboard.press("ArrowRight" if key == "ArrowLeft" else "ArrowLeft")
    expect_answered(page, questionnaire, last, plan[last.id])
    expect(progress(page, total, total)).to_be_visible()
    wait_idle(page)

    assert tab_to(page, "submit")["tag"] == "BUTTON"
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/results\?code="))
    expect_results(page)
    expect(page.get_by_text("Submitted.")).to_be_visible()
    expect(item_box(page, items[0])).to_have_count(0)
