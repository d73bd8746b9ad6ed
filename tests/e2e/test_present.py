"""Present mode on a projector's screen (1920 x 1080), light and dark: a lead logs in, opens
Present, and the join screen and a chart slide each fit the screen without scrolling, read well
and pass axe-core. The QR code on the screen reads back as the members' link."""

from __future__ import annotations

import math
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import Browser, Page, expect

from assessment.demo import synthetic_answers
from assessment.questionnaire import Questionnaire
from assessment.storage import Storage
from assessment.ui import present

from .helpers import (
    MAIN,
    DemoTeam,
    expect_theme,
    go_to_page,
    lead_log_in,
    open_team_login,
    screenshot_whole_page,
    wait_idle,
)
from .test_accessibility import axe_violations, describe

pytestmark = pytest.mark.browser

PROJECTOR = {"width": 1920, "height": 1080}
QR = ".st-key-present_qr img"
SLIDE = ".st-key-present_slide img"
COUNTER = ".st-key-present_counter"


@dataclass(frozen=True)
class Team:
    join_code: str
    lead_key: str


@pytest.fixture(scope="module")
def shown_team(server_database_url: str, questionnaire: Questionnaire) -> Team:
    """A team whose newest round is closed and on show, after an earlier one: every kind of slide."""
    storage = Storage.open(server_database_url, current_version=questionnaire.version)
    rng = random.Random(7)
    try:
        created = storage.create_team("Present team")
        for growth, (name, people) in enumerate([("Spring", 9), ("Autumn", 11)]):
            round_ = storage.open_round(created.team.id, name, 12)
            for _ in range(people):
                person = storage.person_id(storage.create_person())
                storage.join_team(person, created.team.id)
                storage.submit_response(
                    person, questionnaire, synthetic_answers(questionnaire, rng, growth / 5)
                )
            storage.close_round(created.team.id, round_.id)
    finally:
        storage.engine.dispose()
    return Team(created.join_code, created.lead_key)


@pytest.fixture
def projector(browser: Browser, base_url: str, theme: str) -> Iterator[Page]:
    context = browser.new_context(base_url=base_url, viewport=PROJECTOR, color_scheme=theme)
    yield context.new_page()
    context.close()


def _present(page: Page, team: DemoTeam | Team) -> None:
    """Log in on the Team lead page, then open Present from the sidebar, in the same session."""
    open_team_login(page)
    lead_log_in(page, team.join_code, team.lead_key)
    expect(page.get_by_label("Lead key")).to_have_count(0)
    wait_idle(page)
    go_to_page(page, "Present")


def _expect_no_scrolling(page: Page, where: str) -> None:
    scroll, client = page.locator(MAIN).evaluate("m => [m.scrollHeight, m.clientHeight]")
    assert scroll <= client, f"{where}: the main area scrolls ({scroll} px of content in {client} px)"


def _expect_no_violation(page: Page, where: str) -> None:
    violations = axe_violations(page)
    assert not violations, f"accessibility violations on {where}:\n{describe(violations)}"


def test_the_join_screen_fills_the_screen_with_a_readable_qr_code(
    projector: Page, theme: str, demo_team: DemoTeam
) -> None:
    """The demo team's newest round is open: its QR code, join code and count, on one screen."""
    page = projector
    _present(page, demo_team)
    qr = page.locator(QR)
    expect(qr).to_be_visible()
    expect(page.get_by_text("So far 0 answers online, in a team of")).to_be_visible()
    wait_idle(page)
    expect_theme(page, theme)
    _expect_no_scrolling(page, f"the join screen ({theme})")

    box = qr.bounding_box()
    assert box["height"] >= PROJECTOR["height"] / 2, f"the QR code is {box['height']:.0f} px high"
    code = page.locator(".st-key-present_join_code p")
    expect(code).to_have_text(demo_team.join_code)
    assert float(code.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 80
    # What a phone in the room sees: the code as drawn on the screen reads back as the link shown.
    shown = Image.open(screenshot_whole_page(page, f"present-join-{theme}").as_posix())
    scale = shown.width / PROJECTOR["width"]
    crop = [round(v * scale) for v in (box["x"], box["y"], box["x"] + box["width"], box["y"] + box["height"])]
    (found,) = zxingcpp.read_barcodes(shown.crop(crop))
    link = page.locator(".st-key-present_link").inner_text().strip()
    assert found.text == link and link.endswith(f"/assessment?team={demo_team.join_code}")
    assert demo_team.lead_key not in page.locator(MAIN).inner_text()
    _expect_no_violation(page, f"the join screen ({theme} theme)")


def test_a_chart_slide_fills_the_screen_without_scrolling(
    projector: Page, theme: str, shown_team: Team, questionnaire: Questionnaire
) -> None:
    """The spread first; then the next slide, a chart of statements, the tallest kind."""
    page = projector
    _present(page, shown_team)
    statement_slides = sum(
        math.ceil(len(questionnaire.items_in_area(a.id)) / present.STATEMENTS_PER_SLIDE)
        for a in questionnaire.areas
    )
    total = 1 + statement_slides + 1  # the spread, the statements, the trend over two rounds
    expect(page.locator(COUNTER)).to_have_text(f"1 / {total}")
    expect(page.locator(SLIDE)).to_be_visible()
    wait_idle(page)
    expect_theme(page, theme)
    _expect_no_scrolling(page, f"the first slide ({theme})")

    page.locator(".st-key-present_next button").click()
    expect(page.locator(COUNTER)).to_have_text(f"2 / {total}")
    expect(page.locator(SLIDE)).to_have_attribute("alt", re.compile("statement"))
    wait_idle(page)
    _expect_no_scrolling(page, f"a slide of statements ({theme})")
    box = page.locator(SLIDE).bounding_box()
    assert box["y"] + box["height"] <= PROJECTOR["height"], "the whole chart is on the screen"
    assert box["height"] >= 0.75 * PROJECTOR["height"], f"the chart is {box['height']:.0f} px high"
    screenshot_whole_page(page, f"present-slide-{theme}")
    _expect_no_violation(page, f"a chart slide ({theme} theme)")
