"""The answer scale reads in order at every width: one option per line on a phone, one row on a
laptop, Not applicable last and set apart from the five points of the scale."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from assessment.questionnaire import Questionnaire

from .helpers import DESKTOP, PHONE, open_assessment, screenshot_whole_page

pytestmark = pytest.mark.browser

# Each statement's options, in the order of the page, with their label and box.
OPTIONS = """
() => [...document.querySelectorAll("[class*='st-key-ans_']")].map(box => ({
    key: [...box.classList].find(c => c.startsWith("st-key-ans_")),
    options: [...box.querySelectorAll("[data-testid='stRadioOption']")].map(o => {
        const r = o.getBoundingClientRect();
        return {label: o.innerText.trim(), left: r.left, right: r.right, top: r.top, bottom: r.bottom};
    }),
}))
"""
ALIGNED = 1.0  # px: edges this close are aligned
# Not applicable's distance from the scale must exceed the scale's own spacing by this much (px),
# so that it reads as a separate choice and not as a sixth point.
APART = 8.0


def statements(page: Page, questionnaire: Questionnaire) -> list[dict]:
    found = page.evaluate(OPTIONS)
    assert [s["key"] for s in found] == [f"st-key-ans_{i.id}" for i in questionnaire.items]
    labels = [*questionnaire.scale_labels, questionnaire.not_applicable_label]
    for statement in found:
        assert [o["label"] for o in statement["options"]] == labels, statement["key"]
    return found


def test_phone_shows_one_option_per_line_in_scale_order(page: Page, questionnaire: Questionnaire) -> None:
    """At 390 px each statement's options go down the screen from Strongly disagree to Strongly
    agree, left edges aligned, and Not applicable comes last with extra space above it."""
    page.set_viewport_size(PHONE)
    open_assessment(page, questionnaire)
    screenshot_whole_page(page, "scale-phone-390")
    for statement in statements(page, questionnaire):
        options, key = statement["options"], statement["key"]
        for above, below in zip(options, options[1:], strict=False):
            assert below["top"] > above["bottom"] - ALIGNED, (
                f"{key}: “{below['label']}” is not below “{above['label']}”: {above} / {below}"
            )
            assert abs(below["left"] - options[0]["left"]) <= ALIGNED, (
                f"{key}: “{below['label']}” does not line up with “{options[0]['label']}”"
            )
        scale_gaps = [b["top"] - a["bottom"] for a, b in zip(options[:-1], options[1:-1], strict=False)]
        na_gap = options[-1]["top"] - options[-2]["bottom"]
        assert na_gap >= max(scale_gaps) + APART, (
            f"{key}: Not applicable is not set apart: {na_gap:.1f} px above it, "
            f"{max(scale_gaps):.1f} px between points of the scale"
        )


def test_laptop_shows_the_scale_in_one_row_in_order(page: Page, questionnaire: Questionnaire) -> None:
    """At 1366 px each statement's five points sit in one row, left to right in scale order, and
    Not applicable comes after them, set apart: further right than the points' own spacing, or
    on a line of its own below the row (the centred column, about 700 px, cannot always hold six
    options and a gap in one row)."""
    page.set_viewport_size(DESKTOP)
    open_assessment(page, questionnaire)
    screenshot_whole_page(page, "scale-desktop-1366")
    for statement in statements(page, questionnaire):
        options, key = statement["options"], statement["key"]
        scale, na = options[:-1], options[-1]
        for before, after in zip(scale, scale[1:], strict=False):
            assert abs(after["top"] - scale[0]["top"]) <= ALIGNED, (
                f"{key}: “{after['label']}” is not on the row of “{scale[0]['label']}”"
            )
            assert after["left"] >= before["right"] - ALIGNED, (
                f"{key}: “{after['label']}” is not right of “{before['label']}”"
            )
        scale_gaps = [b["left"] - a["right"] for a, b in zip(scale, scale[1:], strict=False)]
        if abs(na["top"] - scale[0]["top"]) <= ALIGNED:
            gap = na["left"] - scale[-1]["right"]
            assert gap >= max(scale_gaps) + APART, (
                f"{key}: Not applicable is not set apart: {gap:.1f} px before it, "
                f"{max(scale_gaps):.1f} px between points of the scale"
            )
        else:
            assert na["top"] >= max(o["bottom"] for o in scale) - ALIGNED, (
                f"{key}: Not applicable is neither in the scale's row nor below it: {na}"
            )
            assert na["left"] >= scale[0]["left"] - ALIGNED, f"{key}: Not applicable starts left of the scale"
