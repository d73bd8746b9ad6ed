"""A team round in the browser: a lead, five members through the link, the k rule, the CSVs."""

from __future__ import annotations

import csv
import io
import re

import pytest
from playwright.sync_api import Browser, Page, expect

from assessment.questionnaire import Questionnaire

from .helpers import DESKTOP, MAIN, answer, answer_plan, area_scores, expect_results, heading, wait_idle

pytestmark = pytest.mark.browser

MEMBERS = 5  # the default k: the round shows exactly when all of them have answered


def _lead_log_in(page: Page, join_code: str, lead_key: str) -> None:
    page.get_by_label("Team join code").fill(join_code)
    page.get_by_label("Lead key").fill(lead_key)
    page.get_by_role("button", name="Open the dashboard").click()


def _member_answers(
    browser: Browser, base_url: str, link: str, questionnaire: Questionnaire, shift: int
) -> None:
    """One member in a browser of their own: open the link, answer everything, submit."""
    context = browser.new_context(viewport=DESKTOP, base_url=base_url)
    page = context.new_page()
    page.goto(link)
    expect(page.get_by_text("You answer as a member of")).to_be_visible()
    wait_idle(page)
    plan = answer_plan(questionnaire)
    for answered, item in enumerate(questionnaire.items, start=1):
        raw = plan[item.id]
        answer(page, questionnaire, item, None if raw is None else (raw + shift - 1) % 5 + 1, answered)
    page.locator(".st-key-submit button").click()
    expect_results(page)
    expect(page.get_by_text("It counts in the round “Spring” of Browser team.")).to_be_visible()
    context.close()


def _download_rows(page: Page, key: str) -> list[dict[str, str]]:
    with page.expect_download() as info:
        page.locator(f".st-key-{key} button").click()
    return list(csv.DictReader(io.StringIO(info.value.path().read_bytes().decode("utf-8-sig"), newline="")))


@pytest.mark.timeout(900)  # five people answer thirty statements each, click by click
def test_a_round_from_opening_to_the_published_results(
    page: Page, browser: Browser, base_url: str, questionnaire: Questionnaire
):
    page.goto("/team")
    expect(heading(page, "Team lead")).to_be_visible()
    page.get_by_label("Team name").fill("Browser team")
    page.get_by_role("button", name="Create the team").click()
    expect(page.get_by_text("Your lead key:")).to_be_visible()
    text = page.locator(MAIN).inner_text()
    join_code = re.search(r"Join code: (\w+)", text).group(1)
    lead_key = re.search(r"Your lead key: ([\w-]+)", text).group(1)
    link = page.locator("[data-testid='stCode']").inner_text().strip()
    assert link.endswith(f"/assessment?team={join_code}")
    page.get_by_label("Name of the new round").fill("Spring")
    # The lead states the team's size, so members see when a round holds more answers than that.
    page.get_by_label("How many people are in the team?", exact=True).fill(str(MEMBERS))
    page.get_by_role("button", name="Open the round").click()
    expect(page.get_by_text("Open round: Spring.")).to_be_visible()
    expect(page.get_by_text(f"So far 0 answers online, in a team of {MEMBERS}.")).to_be_visible()

    for shift in range(MEMBERS):
        _member_answers(browser, base_url, link.removeprefix(base_url), questionnaire, shift)

    # A reload starts a new session: the lead signs in again, a wrong key first.
    page.reload()
    _lead_log_in(page, join_code, "AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA")
    expect(page.get_by_text("That join code and lead key do not open a team dashboard.")).to_be_visible()
    _lead_log_in(page, join_code, lead_key)
    expect(page.get_by_text("Open round: Spring.")).to_be_visible()
    expect(page.get_by_text(f"So far {MEMBERS} answers online, in a team of {MEMBERS}.")).to_be_visible()
    expect(
        page.get_by_text("Results appear when the round is closed and at least 5 people have answered online")
    ).to_be_visible()
    wait_idle(page)
    expect(page.locator("[data-testid='stVegaLiteChart']")).to_have_count(0)

    page.get_by_text("I understand that a closed round never reopens").click()
    wait_idle(page)
    page.locator(".st-key-close_round button").click()
    expect(page.get_by_text("Closed with 5 answers.")).to_be_visible()
    wait_idle(page)
    expect(page.locator("[data-testid='stVegaLiteChart']")).to_have_count(1 + len(questionnaire.areas) + 1)

    areas = _download_rows(page, "dl_team_areas")
    # Every member leaves the same areas unscored (the plan answers too few of them).
    scored = {
        area_id: bool(score)
        for area_id, (score, _, _) in area_scores(questionnaire, answer_plan(questionnaire)).items()
    }
    # An unscored area is withheld: no n, no mean, and none of its statements' counts.
    assert {r["area"]: (r["withheld"], r["n"]) for r in areas} == {
        a: ("false", "5") if scored[a] else ("true", "") for a in scored
    }
    assert {r["round"] for r in areas} == {"Spring"}
    assert all(r["mean"] for r in areas if scored[r["area"]])
    assert not any(r["mean"] for r in areas if not scored[r["area"]])
    items = _download_rows(page, "dl_team_items")
    assert len(items) == len(questionnaire.items)
    plan = answer_plan(questionnaire)
    for item, row in zip(questionnaire.items, items, strict=True):
        if plan[item.id] is None or not scored[item.area]:
            # Fewer than k answered it (or its area is withheld): nothing about it is published.
            assert row["withheld"] == "true" and row["n"] == row["count_na"] == "", item.id
            continue
        # Five answers are below the detail threshold (2k): counts come in three bands only.
        assert row["banded"] == "true" and not any(row[f"count_{v}"] for v in range(1, 6))
        bands = sum(int(row[band]) for band in ("count_disagree", "count_neutral", "count_agree"))
        assert bands == int(row["n"]) == MEMBERS and row["count_na"] == "0"
