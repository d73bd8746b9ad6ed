"""The questionnaire fits a phone, and every page is photographed at phone and desktop size."""

from __future__ import annotations

import struct
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from assessment.questionnaire import Questionnaire

from .helpers import (
    ARTIFACTS_DIR,
    DESKTOP,
    MAIN,
    PHONE,
    answer,
    full_height,
    item_box,
    open_assessment,
    open_home,
    open_results,
)

pytestmark = pytest.mark.browser

SCREENSHOTS_DIR = ARTIFACTS_DIR / "screenshots"

# Widths that overflow their box, and the right edges of every answer's box and option.
MEASURE = """
main => {
    const overflow = e => ({scroll: e.scrollWidth, client: e.clientWidth});
    const items = [...document.querySelectorAll("[class*='st-key-ans_']")].map(e => ({
        key: [...e.classList].find(c => c.startsWith("st-key-ans_")),
        left: e.getBoundingClientRect().left,
        right: e.getBoundingClientRect().right,
        options: [...e.querySelectorAll("[data-testid='stRadioOption']")].map(o => o.getBoundingClientRect().right),
    }));
    return {document: overflow(document.documentElement), main: overflow(document.querySelector(main)), items};
}
"""


def assert_fits_width(page: Page, questionnaire: Questionnaire) -> None:
    """Nothing scrolls sideways, and every item with all its options lies within the screen."""
    width = page.viewport_size["width"]
    options = len(questionnaire.scale_labels) + 1  # the scale and Not applicable
    found = page.evaluate(MEASURE, MAIN)
    assert found["document"]["scroll"] <= found["document"]["client"], found["document"]
    assert found["main"]["scroll"] <= found["main"]["client"], found["main"]
    assert [i["key"] for i in found["items"]] == [f"st-key-ans_{i.id}" for i in questionnaire.items]
    for item in found["items"]:
        assert item["left"] >= 0 and item["right"] <= width, item
        assert len(item["options"]) == options and max(item["options"]) <= width, item


def test_questionnaire_is_answerable_on_a_phone(page: Page, questionnaire: Questionnaire) -> None:
    """At 390 x 844 every item is visible without sideways scrolling, and the last one can be answered."""
    page.set_viewport_size(PHONE)
    open_assessment(page, questionnaire)
    for item in questionnaire.items:
        expect(item_box(page, item)).to_be_visible()
    assert_fits_width(page, questionnaire)

    last = questionnaire.items[-1]
    answer(page, questionnaire, last, 5, answered=1)
    # The first answer adds the personal code box: it must fit as well.
    expect(page.get_by_text("Your personal code")).to_be_visible()
    assert_fits_width(page, questionnaire)


SCREENS: dict[str, Callable[[Page, Questionnaire, str], None]] = {
    "home": lambda page, q, code: open_home(page),
    "assessment": lambda page, q, code: open_assessment(page, q),
    "results": lambda page, q, code: open_results(page, code),
}


def png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(b"\x89PNG\r\n\x1a\n"), "not a PNG"
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_screenshots(page: Page, questionnaire: Questionnaire, submitted_code: str, size: str) -> None:
    """Whole-page screenshots of every page into test-artifacts/screenshots/, one per page and size."""
    viewport = {"phone": PHONE, "desktop": DESKTOP}[size]
    SCREENSHOTS_DIR.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size(viewport)
    for name, open_screen in SCREENS.items():
        open_screen(page, questionnaire, submitted_code)
        path = SCREENSHOTS_DIR / f"{name}-{size}-{viewport['width']}.png"
        with full_height(page):
            height = page.viewport_size["height"]
            page.screenshot(path=path)
        assert png_size(path.read_bytes()) == (viewport["width"], height), path
