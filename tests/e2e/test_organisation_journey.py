"""An organisation in the browser: a coordinator makes a team, issues invitations for its round,
a member answers through one, the same link lets nobody else in, and the organisation's
dashboard counts it."""

from __future__ import annotations

import codecs
import csv
import io
import random
import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from assessment.demo import synthetic_answers
from assessment.questionnaire import Questionnaire
from assessment.storage import Storage
from tests.conftest import fill_round

from .helpers import CHART, DESKTOP, answer, answer_plan, expect_results, heading, wait_idle

pytestmark = pytest.mark.browser

ORGANISATION = "Browser organisation"
TEAM = "Outreach"
ROUND = "Spring"
PUBLISHED_TEAMS = {"Family support": 6, "Youth work": 5}  # closed rounds: their online answers
LINKS_HEADER = ["invitation_code", "link", "team", "round"]


@pytest.fixture
def server_storage(
    server_database_url: str, questionnaire: Questionnaire, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Storage]:
    """The shared server's database, hashing codes with the secret the server uses."""
    # The server runs without ASSESSMENT_SECRET (helpers.start_server drops it): on SQLite both
    # then use the secret kept beside the database file.
    monkeypatch.delenv("ASSESSMENT_SECRET", raising=False)
    storage = Storage.open(server_database_url, current_version=questionnaire.version)
    yield storage
    storage.engine.dispose()


@pytest.fixture
def organisation(server_storage: Storage, questionnaire: Questionnaire) -> tuple[str, str]:
    """An organisation with two teams whose closed rounds may be shown; its code and coordinator key."""
    created = server_storage.create_organisation(ORGANISATION)
    coordinator = server_storage.organisation_for_coordinator(created.code, created.coordinator_key)
    rng = random.Random(7)
    for name, answers in PUBLISHED_TEAMS.items():
        team = server_storage.create_team(name, coordinator).team
        round_ = server_storage.open_round(team.id, "Autumn", answers + 2)
        fill_round(
            server_storage,
            questionnaire,
            team.id,
            [synthetic_answers(questionnaire, rng) for _ in range(answers)],
        )
        server_storage.close_round(team.id, round_.id)
    return created.code, created.coordinator_key


def _sign_in(page: Page, code: str, key: str) -> None:
    """Open the organisation page in a new session and sign in as its coordinator."""
    page.goto("/organisation")
    expect(page.get_by_role("button", name="Open the organisation")).to_be_visible()
    wait_idle(page)
    page.locator(".st-key-coordinator_code_input input").fill(code)
    page.locator(".st-key-coordinator_key_input input").fill(key)
    page.get_by_role("button", name="Open the organisation").click()
    expect(heading(page, ORGANISATION)).to_be_visible()
    expect(page.get_by_text("teams pooled")).to_be_visible()
    wait_idle(page)


def _download(page: Page, key: str) -> bytes:
    with page.expect_download() as info:
        page.locator(f".st-key-{key} button").click()
    return info.value.path().read_bytes()


def _fresh_page(browser: Browser, base_url: str) -> Page:
    """A page in a browser of its own: no session, no cookie, no remembered personal code."""
    return browser.new_context(viewport=DESKTOP, base_url=base_url).new_page()


@pytest.mark.timeout(600)  # a fresh server, a member answering thirty statements click by click
def test_invitations_from_the_organisation_page_to_its_dashboard(
    page: Page,
    browser: Browser,
    base_url: str,
    questionnaire: Questionnaire,
    server_storage: Storage,
    organisation: tuple[str, str],
):
    code, key = organisation
    _sign_in(page, code, key)

    # The coordinator makes the team; its join code and lead key are shown once.
    page.get_by_text("Create a team", exact=True).click()
    page.locator(".st-key-new_organisation_team_name input").fill(TEAM)
    page.get_by_role("button", name="Create the team").click()
    made = page.get_by_text(f"Team {TEAM} is made.")
    expect(made).to_be_visible()
    found = re.search(r"join code (\w+) and the lead key ([\w-]+)", made.inner_text())
    assert found, made.inner_text()
    team = server_storage.team_for_lead(found.group(1), found.group(2))
    assert team is not None and team.name == TEAM
    # Its lead opens a round (on the Team lead page; here straight in the database).
    round_id = server_storage.open_round(team.id, ROUND, 8).id

    # A reload starts a new session: the keys are not shown again, and the coordinator signs in.
    page.reload()
    _sign_in(page, code, key)
    expect(page.get_by_text(f"Team {TEAM} is made.")).to_have_count(0)
    page.locator(".st-key-organisation_team").click()
    page.get_by_role("option", name=TEAM, exact=True).click()
    page.get_by_role("button", name="Make the round invitation-only").click()
    count = page.locator(".st-key-invitation_count input")
    expect(count).to_be_visible()
    wait_idle(page)
    count.fill("2")
    page.get_by_role("button", name="Issue the invitations").click()
    expect(page.get_by_text("2 invitations issued.")).to_be_visible()
    wait_idle(page)

    slips = PdfReader(io.BytesIO(_download(page, "dl_invitation_slips")))
    links_file = _download(page, "dl_invitation_links")
    assert links_file.startswith(codecs.BOM_UTF8)
    rows = list(csv.reader(io.StringIO(links_file[len(codecs.BOM_UTF8) :].decode("utf-8"), newline="")))
    assert rows[0] == LINKS_HEADER
    links = [row[1] for row in rows[1:]]
    assert len(links) == 2 and len(set(links)) == 2
    for invitation_code, link, team_name, round_name in rows[1:]:
        assert (team_name, round_name) == (TEAM, ROUND)
        assert link == f"{base_url}/assessment?invite={invitation_code.replace('-', '')}"
    assert len(slips.pages) == 1 and len(slips.pages[0].images) == 2, "one slip with a QR code each"
    slip_text = slips.pages[0].extract_text()
    assert all(f"Code: {row[0]}" in slip_text for row in rows[1:])

    # A member opens the first link in a browser of their own, answers and submits.
    member = _fresh_page(browser, base_url)
    member.goto(links[0])
    expect(member.get_by_text(f"You answer as a member of {TEAM}")).to_be_visible()
    expect(member.get_by_text("takes answers by invitation only")).to_have_count(0)
    wait_idle(member)
    plan = answer_plan(questionnaire)
    for answered, item in enumerate(questionnaire.items, start=1):
        answer(member, questionnaire, item, plan[item.id], answered)
    member.locator(".st-key-submit button").click()
    expect_results(member)
    expect(member.get_by_text(f"It counts in the round “{ROUND}” of {TEAM}.")).to_be_visible()
    member.context.close()

    # The same link in another browser lets nobody else in.
    other = _fresh_page(browser, base_url)
    other.goto(links[0])
    expect(other.get_by_text("This invitation has already been used")).to_be_visible()
    wait_idle(other)
    expect(other.get_by_text(f"You answer as a member of {TEAM}")).to_have_count(0)
    other.context.close()

    (stored,) = server_storage.rounds_of(team.id)
    assert stored.id == round_id and stored.invitation_only and stored.is_open
    assert (stored.responses, stored.invitations, stored.invitations_used) == (1, 2, 1)

    # The coordinator sees the invitation used; the dashboard pools the two closed rounds.
    page.reload()
    _sign_in(page, code, key)
    teams_table = page.locator("[data-testid='stDataFrame']").first
    outreach = teams_table.locator("tbody tr").filter(has_text=TEAM)
    expect(outreach).to_have_count(1)
    expect(outreach.locator("td").filter(has_text=re.compile(r"^2 / 1$"))).to_have_count(1)
    answers = sum(PUBLISHED_TEAMS.values())
    expect(page.get_by_text(f"2 teams pooled, with {answers} answers")).to_be_visible()
    expect(page.locator(CHART).filter(has_text="Area means per team")).to_have_count(1)
    expect(page.locator("[data-testid='stException']")).to_have_count(0)
