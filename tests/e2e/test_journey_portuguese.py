"""A practitioner who reads Portuguese, from a `?lang=pt` link to the downloaded CSVs.

What they rely on: a link with `?lang=pt` opens the app in Portuguese even in a browser set to
English; menus, messages, statements and answer labels are all Portuguese; scores read with a
decimal comma, as they write them; nothing on the results page falls back to English; and the
CSVs they download keep the English column names, `.` decimals and ISO dates that a spreadsheet
or a colleague's script expects, with the statements they actually answered, in Portuguese.

Expected texts come from the app's own sources (the gettext catalog through `assessment.i18n`,
the questionnaire file through `assessment.instruments`), never typed in here, so the test
follows the translators' wording.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from assessment import i18n
from assessment.instruments import load_instruments
from assessment.questionnaire import Item, Questionnaire
from assessment.translations import interface_template
from tests.conftest import ROOT

from .helpers import (
    CHART,
    DESKTOP,
    MAIN,
    RESPONSES_HEADER,
    SCORES_HEADER,
    SIDEBAR_NAV,
    Answers,
    Server,
    answer_plan,
    area_scores,
    heading,
    item_box,
    option,
    running_server,
    wait_idle,
)
from .test_journey import check_responses_csv, check_scores_csv, download, parse_csv

pytestmark = pytest.mark.browser

# The first version written in Portuguese; the shared server answers 2026.1, English only.
VERSION = "2026.2"
QUESTIONNAIRES = ROOT / "data" / "questionnaire"
PAGE_TITLES = ("Home", "Self-assessment", "My results", "My data", "Team lead", "Present")
# English a reader would spot on the results page. The texts the code marks for translation are
# all checked (`english` below); this list also catches a text the extractor cannot see, such as
# a `_()` inside an f-string, which never reaches the catalog.
ENGLISH_ON_RESULTS = (
    "My results",
    "Where to start",
    "Download",
    "Your answers",
    "Your personal code",
    "Bookmark this page",
    "Submitted",
    "Your latest self-assessment",
    "Scores run from 1",
    "The paper",
    "Tip from this tool:",
    "Your strongest point",
    "not scored",
    "reverse-keyed",
    "Answers (CSV)",
    "Area scores (CSV)",
    "Take the self-assessment again",
)
ISO_UTC = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")


def _pt(message: str) -> str:
    """`message` as the Portuguese catalog has it. A missing translation would come back as
    the English text itself and let the checks below pass on an English page, so it fails."""
    with i18n.using("pt"):
        translated = i18n._(message)
    assert translated != message, f"the Portuguese catalog has no translation of {message!r}"
    return translated


def _pt_score(score: str) -> str:
    """A score as the CSV writes it ("3.50") the way a Portuguese reader writes it ("3,50")."""
    return score.replace(".", ",")


def _progress(page: Page, answered: int, total: int) -> Locator:
    text = _pt("Answered {count} of {total}").format(count=answered, total=total)
    return page.get_by_text(text, exact=True)


def _answer(page: Page, questionnaire: Questionnaire, item: Item, raw: int | None, answered: int) -> None:
    """helpers.answer, with the count read in Portuguese: click the label, wait for the rerun."""
    label = questionnaire.answer_label(raw)
    item_box(page, item).get_by_text(label, exact=True).click()
    expect(option(page, item, label)).to_be_checked()
    # The count comes from the rerun the click triggers: a click before it ends can be lost.
    expect(_progress(page, answered, len(questionnaire.items))).to_be_visible()
    wait_idle(page)


@dataclass(frozen=True)
class _English:
    """The interface's English texts, to find on a page that should show none of them."""

    messages: frozenset[str]  # whole texts, as the code writes them
    pieces: frozenset[str]  # their parts of two words or more, between placeholders and markup

    def lines(self, text: str) -> list[str]:
        """The lines of `text` that are, or hold, English interface text."""
        return [
            line
            for line in text.splitlines()
            if line.strip() in self.messages or any(piece in line for piece in self.pieces)
        ]


def _area_table_rows(page: Page, areas: int) -> list[list[str]]:
    """The cells of the area table. The grid is drawn on a canvas; its accessible table, which
    screen readers read, holds the same cells as text."""
    rows = page.locator("[data-testid='stDataFrame'] tbody tr")
    expect(rows).to_have_count(areas)
    return [rows.nth(n).locator("td").all_text_contents() for n in range(areas)]


@pytest.fixture(scope="module")
def portuguese() -> Questionnaire:
    instruments = load_instruments(QUESTIONNAIRES, "pt")
    assert "pt" in instruments.languages_of(VERSION), f"{VERSION} is not written in Portuguese"
    portuguese = instruments.get_version(VERSION, "pt")
    # A statement left in English would pass every check below for a Portuguese one.
    english = instruments.get_version(VERSION, "en")
    for ours, theirs in zip(portuguese.items, english.items, strict=True):
        assert ours.text != theirs.text, f"{ours.id} is not translated in {VERSION}"
    return portuguese


@pytest.fixture(scope="module")
def newest_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server of its own on the version that speaks Portuguese (start_server keeps the pinned
    2026.1 unless told otherwise), with its own database."""
    database_url = f"sqlite:///{tmp_path_factory.mktemp('portuguese') / 'e2e.sqlite3'}"
    with running_server(database_url, {"ASSESSMENT_QUESTIONNAIRE_VERSION": VERSION}) as server:
        yield server


@pytest.fixture(scope="module")
def english() -> _English:
    """Every text the code marks for translation, in English. A line of the page may be one whole
    (a heading "Download"), or hold a piece of one: a text cut at its placeholders and markup,
    kept when it has two words or more, as one word ("Rounds", "area") may be a name, or
    Portuguese too, and a path like docs/privacy.md reads the same in every language."""
    messages = set(ENGLISH_ON_RESULTS)
    for message in interface_template():
        messages.update(message.id if isinstance(message.id, tuple) else (message.id,))
    pieces = set(ENGLISH_ON_RESULTS)
    for text in messages:
        for piece in re.split(r"\{[^}]*\}|[*`“”\"\n]", text):
            piece = piece.strip(" .,:;()")
            if re.search(r"[A-Za-z]{2,} [A-Za-z]{2,}", piece):
                pieces.add(piece)
    messages.discard("")  # the catalog's header
    return _English(frozenset(messages), frozenset(pieces))


@pytest.fixture
def page(browser: Browser, newest_server: Server) -> Iterator[Page]:
    """A page of a browser set to English, whose paths lead to this module's server (the shared
    page fixture would lead to the shared server, and start it for nothing)."""
    context = browser.new_context(viewport=DESKTOP, base_url=newest_server.base_url, locale="en-GB")
    yield context.new_page()
    context.close()


def test_a_portuguese_reader_answers_reads_results_and_downloads(
    page: Page, newest_server: Server, portuguese: Questionnaire, english: _English
) -> None:
    """Opened through `?lang=pt`, every page the person passes is Portuguese, scores use a decimal
    comma, and the CSVs keep their English, machine-readable form with the Portuguese statements."""
    items = portuguese.items
    total = len(items)
    plan: Answers = answer_plan(portuguese)
    # Every label, Not applicable included, and an area left unscored (its "not scored" is text too).
    assert set(plan.values()) == {1, 2, 3, 4, 5, None}, "the plan must click every label"
    expected_areas = area_scores(portuguese, plan)
    assert any(not score for score, _, _ in expected_areas.values())

    # The browser asks for English: only the link asks for Portuguese.
    main = page.locator(MAIN)
    page.goto("/?lang=pt")
    expect(heading(page, _pt("Trust-building self-assessment"))).to_be_visible()
    wait_idle(page)
    nav = page.locator(SIDEBAR_NAV)
    for title in PAGE_TITLES:
        expect(nav.get_by_role("link", name=_pt(title), exact=True)).to_be_visible()
        expect(nav.get_by_role("link", name=title, exact=True)).to_have_count(0)
    # The switch names the language in itself, so a reader finds it whatever the page speaks.
    switch = page.locator(".st-key-language_choice").get_by_role("combobox", name=_pt("Language"))
    expect(switch).to_have_value(i18n.language_name("pt"))
    # Every page of the menu, the ones added after this test was written too.
    menu = nav.locator("[data-testid='stSidebarNavLink'] [data-testid='stMarkdownContainer']")
    expect(menu.first).to_be_visible()
    found = english.lines("\n".join(menu.all_inner_texts()))
    assert not found, f"English in the menu: {found}"
    found = english.lines(main.inner_text())
    assert not found, f"English on the Portuguese home page: {found}"

    start = page.locator(".st-key-start button")
    expect(start).to_have_text(_pt("Start the self-assessment"))
    start.click()
    # The language stays in the address, so a reload or a copied link keeps it.
    expect(page).to_have_url(re.compile(r"/assessment\?(.*&)?lang=pt"))
    expect(heading(page, _pt("Self-assessment"))).to_be_visible()
    expect(_progress(page, 0, total)).to_be_visible()
    wait_idle(page)
    # The statements are the file's Portuguese ones, numbered as on paper.
    expect(item_box(page, items[0])).to_contain_text(items[0].text)

    for answered, item in enumerate(items, start=1):
        _answer(page, portuguese, item, plan[item.id], answered)
    # Only now is everything shown that answering adds, the personal code among it.
    found = english.lines(main.inner_text())
    assert not found, f"English on the Portuguese questionnaire: {found}"

    submit = page.locator(".st-key-submit button")
    expect(submit).to_have_text(_pt("Submit my answers"))
    submit.click()
    expect(page).to_have_url(re.compile(r"/results\?(.*&)?code=[0-9A-Z-]+"))
    expect(page).to_have_url(re.compile(r"[?&]lang=pt(&|$)"))
    expect(heading(page, _pt("My results"))).to_be_visible()
    chart = page.locator(CHART)
    expect(chart.locator("svg, canvas").first).to_be_visible()
    expect(page.locator("[data-testid='stException']")).to_have_count(0)
    wait_idle(page)
    expect(main.get_by_text(_pt("Submitted."), exact=True)).to_be_visible()
    # The time is the browser's and varies: check what follows it.
    latest = _pt(
        "Your latest self-assessment, submitted {when} ({count} in all), on questionnaire version {version}."
    )
    expect(main).to_contain_text(latest.split("{when}", 1)[1].format(count=1, version=VERSION))
    for title in ("Where to start", "Your answers", "Download"):
        expect(heading(page, _pt(title))).to_be_visible()

    # The area table: Portuguese area names and headers, scores with a decimal comma.
    headers = page.locator("[data-testid='stDataFrame'] thead th")
    expect(headers).to_have_text([_pt("area"), _pt("score"), _pt("statements answered")])
    expected_rows = []
    for area in portuguese.areas:
        score, answered, of = expected_areas[area.id]
        expected_rows.append(
            [
                area.name,
                _pt_score(score) if score else _pt("not scored"),
                _pt("{answered} of {total}").format(answered=answered, total=of),
            ]
        )
    rows = _area_table_rows(page, len(portuguese.areas))
    assert rows == expected_rows
    assert all(re.fullmatch(r"\d,\d\d", row[1]) for row in rows if row[1] != _pt("not scored"))

    # The chart's own texts too: its labels are what a glance at the page reads.
    labels = chart.locator("svg text")
    expect(labels.filter(has_text=re.compile(rf"^{re.escape(_pt('Your score per area'))}$"))).to_have_count(1)
    for score, _, _ in expected_areas.values():
        if score:
            # Vega draws its marks after the chart's element appears, so wait for each label.
            expect(
                labels.filter(has_text=re.compile(rf"^{re.escape(_pt_score(score))}$")).first
            ).to_be_attached()

    answers_table = page.locator("[data-testid='stTable']").inner_text()
    for item in items:
        assert item.text in answers_table, f"{item.id} is not in the answers table in Portuguese"
    for raw in {*plan.values()}:
        assert portuguese.answer_label(raw) in answers_table

    expect(page.locator(".st-key-dl_responses button")).to_have_text(_pt("Answers (CSV)"))
    expect(page.locator(".st-key-dl_scores button")).to_have_text(_pt("Area scores (CSV)"))
    found = english.lines(main.inner_text())
    assert not found, f"English on the Portuguese results page: {found}"

    # The files are for spreadsheets and scripts: one format whatever language the page speaks.
    name, responses = download(page, newest_server, "dl_responses")
    assert name == "my_responses.csv"
    response_id = check_responses_csv(responses, portuguese, plan)  # item_text: the Portuguese statements
    name, scores = download(page, newest_server, "dl_scores")
    assert name == "my_scores.csv"
    check_scores_csv(scores, portuguese, plan, response_id)  # scores like "3.50", not "3,50"
    for data, header in ((responses, RESPONSES_HEADER), (scores, SCORES_HEADER)):
        rows = parse_csv(data, header)
        assert all(ISO_UTC.fullmatch(r["submitted_at"]) for r in rows), rows[0]["submitted_at"]
        if header == SCORES_HEADER:
            assert all(re.fullmatch(r"\d\.\d\d", r["score"]) for r in rows if r["score"])
