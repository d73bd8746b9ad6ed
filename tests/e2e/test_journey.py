"""A practitioner's whole visit: start, answer, reload half-way, submit, read and download results."""

from __future__ import annotations

import codecs
import csv
import io
import re

import pytest
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from assessment.questionnaire import Questionnaire

from .helpers import (
    RESPONSES_HEADER,
    SCORES_HEADER,
    Answers,
    Server,
    answer,
    answer_plan,
    area_scores,
    expect_answered,
    expect_chart_scores,
    expect_code_not_in_url,
    expect_results,
    heading,
    item_box,
    item_score,
    open_home,
    progress,
    shown_code,
    wait_idle,
)

pytestmark = pytest.mark.browser


def download(page: Page, server: Server, key: str) -> tuple[str, bytes]:
    """Click a download button; the file's suggested name and bytes."""
    button = page.locator(f".st-key-{key} button")
    try:
        with page.expect_download() as info:
            button.click()
    except PlaywrightTimeoutError:
        # A failed deferred download leaves the button spinning; the reason is in the server log.
        state = button.evaluate("b => b.outerHTML")
        raise AssertionError(
            f"no file from {key}; button: {state}\nserver log:\n{server.log()[-3000:]}"
        ) from None
    return info.value.suggested_filename, info.value.path().read_bytes()


def parse_csv(data: bytes, header: str) -> list[dict[str, str]]:
    """Check the byte order mark and the exact header line, then read the rows."""
    assert data.startswith(codecs.BOM_UTF8), "the CSV must start with a UTF-8 byte order mark for Excel"
    text = data[len(codecs.BOM_UTF8) :].decode("utf-8")
    assert text.splitlines()[0] == header
    return list(csv.DictReader(io.StringIO(text, newline="")))


def check_responses_csv(data: bytes, questionnaire: Questionnaire, plan: Answers) -> str:
    """One row per item with what was clicked and its score; returns the response id."""
    rows = parse_csv(data, RESPONSES_HEADER)
    assert [r["item_id"] for r in rows] == [i.id for i in questionnaire.items]
    for item, row in zip(questionnaire.items, rows, strict=True):
        raw, score = plan[item.id], item_score(item, plan[item.id])
        assert row["area"] == item.area and row["point"] == item.point, row
        assert row["item_text"] == item.text, row
        assert row["reverse_keyed"] == ("true" if item.reverse else "false"), row
        assert row["raw_value"] == ("" if raw is None else str(raw)), row
        assert row["item_score"] == ("" if score is None else str(score)), row
    assert {r["instrument_version"] for r in rows} == {questionnaire.version}
    (response_id,) = {r["response_id"] for r in rows}
    assert response_id
    return response_id


def check_scores_csv(data: bytes, questionnaire: Questionnaire, plan: Answers, response_id: str) -> None:
    """One row per area with the mean computed here, empty below half the area answered."""
    rows = parse_csv(data, SCORES_HEADER)
    expected = area_scores(questionnaire, plan)
    assert [r["area"] for r in rows] == list(expected)
    for row in rows:
        score, answered, total = expected[row["area"]]
        assert (row["score"], row["answered_items"], row["total_items"]) == (score, str(answered), str(total))
        assert row["response_id"] == response_id
        assert row["instrument_version"] == questionnaire.version


def test_practitioner_journey(page: Page, app_server: Server, questionnaire: Questionnaire) -> None:
    """Answers survive a reload, an incomplete submit is refused, the results and CSVs match the answers."""
    plan = answer_plan(questionnaire)
    assert set(plan.values()) == {1, 2, 3, 4, 5, None}, "the plan must use every option"
    assert any(i.reverse and plan[i.id] not in (3, None) for i in questionnaire.items)
    items = questionnaire.items
    total = len(items)
    half = total // 2

    open_home(page)
    page.locator(".st-key-start button").click()
    expect(page).to_have_url(re.compile(r"/assessment"))
    expect(progress(page, 0, total)).to_be_visible()
    wait_idle(page)
    expect(page.get_by_role("radio", checked=True)).to_have_count(0)  # nothing pre-selected

    for n, item in enumerate(items[:half], start=1):
        answer(page, questionnaire, item, plan[item.id], answered=n)
    # The code is shown on the page, never put in the questionnaire's address (which people share);
    # a reload finds the person through the browser's session cookie.
    code = shown_code(page)
    expect_code_not_in_url(page, code)

    page.reload()
    expect(progress(page, half, total)).to_be_visible()
    wait_idle(page)
    assert shown_code(page) == code
    expect_code_not_in_url(page, code)
    for item in items[:half]:
        expect_answered(page, questionnaire, item, plan[item.id])
    expect(item_box(page, items[half]).get_by_role("radio", checked=True)).to_have_count(0)

    for n, item in enumerate(items[half:-1], start=half + 1):
        answer(page, questionnaire, item, plan[item.id], answered=n)

    # Submitting with the last statement open lists it and stays on the questionnaire.
    last = items[-1]
    page.locator(".st-key-submit button").click()
    error = page.locator("[data-testid='stAlertContentError']")
    expect(error).to_contain_text("Nothing was submitted: 1 statement still needs an answer")
    expect(error).to_contain_text(last.text[:40])
    expect(error).not_to_contain_text(items[-2].text[:40])
    wait_idle(page)
    expect(page).to_have_url(re.compile(r"/assessment"))
    expect_code_not_in_url(page, code)
    expect(heading(page, "Self-assessment")).to_be_visible()

    answer(page, questionnaire, last, plan[last.id], answered=total)
    page.locator(".st-key-submit button").click()
    # Only the results page holds the code in its address, for a bookmark.
    expect(page).to_have_url(re.compile(rf"/results\?code={code}"))
    expect_results(page)
    expect_chart_scores(page, questionnaire, plan)

    name, responses = download(page, app_server, "dl_responses")
    assert name == "my_responses.csv"
    response_id = check_responses_csv(responses, questionnaire, plan)

    # Straight after the first, as a person would click them: a download must not disturb the other
    # button (one that reruns the page gives it a new file id, and a click holding the old one hangs).
    name, scores = download(page, app_server, "dl_scores")
    assert name == "my_scores.csv"
    check_scores_csv(scores, questionnaire, plan, response_id)
