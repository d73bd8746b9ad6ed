"""Present mode under AppTest: only for a lead logged in in the same session, never the lead key,
the join screen while a round is open, then the closed round's charts slide by slide; and the
pieces it is made of, as plain functions."""

from __future__ import annotations

import io
import math
import re

import zxingcpp
from PIL import Image

from assessment import aggregate, dashboard
from assessment.instruments import load_instruments
from assessment.ui import present
from tests.app.conftest import texts
from tests.conftest import ROOT, all_answered, fill_round

TEAM_PAGE = "app_pages/team.py"
PRESENT_PAGE = "app_pages/present.py"
QUESTIONNAIRES = ROOT / "data" / "questionnaire"
RULES = aggregate.PublishingRules(min_group_size=5, detail_group_size=10)  # the defaults
COUNTER = re.compile(r"^\d+ / \d+$")


def _log_in_and_present(open_app, created):
    """Log in on the Team lead page, as a lead does, then open Present in the same session."""
    at = open_app(TEAM_PAGE)
    at.text_input(key="lead_code_input").input(created.join_code)
    at.text_input(key="lead_key_input").input(created.lead_key)
    next(b for b in at.button if b.label == "Open the dashboard").click()
    at.run()
    assert created.team.name in [h.value for h in at.header], "the dashboard is open"
    return at.switch_page(PRESENT_PAGE).run()


def _everything_on_the_page(at) -> str:
    """Every element of the page with its texts and attributes (an image's text alternative)."""
    return str(at._tree)


def _counter(at) -> str:
    (counter,) = [m.value for m in at.markdown if COUNTER.match(m.value)]
    return counter


def _alt(image) -> str:
    return image.proto.imgs[0].alt


def _closed_round(storage, questionnaire, team_id, name, answers):
    round_ = storage.open_round(team_id, name, 12)
    fill_round(storage, questionnaire, team_id, [all_answered(questionnaire, 4)] * answers)
    storage.close_round(team_id, round_.id)


def test_without_a_lead_it_only_points_to_the_team_dashboard(open_app):
    at = open_app(PRESENT_PAGE)
    assert not at.exception
    assert "Open your team's dashboard with its join code and lead key first" in texts(at)
    assert [link.proto.page for link in at.get("page_link")] == ["team"], "the Team lead page's address"
    assert not at.get("image") and not at.button and not at.text_input, "nothing else"


def test_an_open_round_shows_the_qr_code_the_join_code_and_the_count_never_the_key(
    open_app, storage, questionnaire
):
    created = storage.create_team("Youth work north")
    storage.open_round(created.team.id, "Spring 2025", 7)
    fill_round(storage, questionnaire, created.team.id, [all_answered(questionnaire)] * 3)
    at = _log_in_and_present(open_app, created)
    assert not at.exception
    assert "So far 3 answers online, in a team of 7." in texts(at)
    assert created.join_code in [m.value for m in at.markdown]
    (qr,) = at.get("image")
    assert _alt(qr).startswith("QR code of the members' link:")
    assert _alt(qr).endswith(f"/assessment?team={created.join_code}")
    assert created.lead_key not in _everything_on_the_page(at)
    assert not at.button, "no slides while the round is open"


def test_without_an_open_round_the_qr_code_comes_with_a_word_to_the_lead(open_app, storage):
    created = storage.create_team("Youth work north")
    at = _log_in_and_present(open_app, created)
    assert "No round is open" in texts(at)
    assert len(at.get("image")) == 1


def test_a_closed_round_on_show_goes_slide_by_slide(open_app, storage, questionnaire):
    created = storage.create_team("Youth work north")
    _closed_round(storage, questionnaire, created.team.id, "Spring 2025", answers=5)
    at = _log_in_and_present(open_app, created)
    assert not at.exception
    statement_slides = sum(
        math.ceil(len(questionnaire.items_in_area(a.id)) / present.STATEMENTS_PER_SLIDE)
        for a in questionnaire.areas
    )
    total = 1 + statement_slides  # the spread, then the statements; no trend after one round
    assert _counter(at) == f"1 / {total}"
    assert at.button(key="present_previous").disabled
    (slide,) = at.get("image")
    assert _alt(slide).startswith("The team's score per area")

    at.button(key="present_next").click().run()
    assert _counter(at) == f"2 / {total}"
    assert _alt(at.get("image")[0]).startswith("How the team answered each statement of")
    at.button(key="present_previous").click().run()
    assert _counter(at) == f"1 / {total}"
    assert created.lead_key not in _everything_on_the_page(at)


def test_a_closed_round_that_may_not_be_shown_shows_only_its_status(open_app, storage, questionnaire):
    created = storage.create_team("Youth work north")
    _closed_round(storage, questionnaire, created.team.id, "Spring 2025", answers=4)
    at = _log_in_and_present(open_app, created)
    assert "Hidden: fewer than 5 answers" in texts(at)
    assert not at.get("image") and not at.button


# ------------------------------------------------------------------ the pieces, as functions


def test_the_qr_code_reads_back_as_the_members_link():
    link = "https://assessment.example.org/assessment?team=ABCDE12345"
    image = Image.open(io.BytesIO(present.members_qr_png(link)))
    (found,) = zxingcpp.read_barcodes(image)
    assert found.format == zxingcpp.BarcodeFormat.QRCode
    assert found.text == link


def test_the_slides_go_spread_statements_in_order_then_trend(storage, questionnaire):
    instruments = load_instruments(QUESTIONNAIRES, "en", questionnaire.version)
    created = storage.create_team("Team")
    for name in ("Spring", "Autumn"):
        _closed_round(storage, questionnaire, created.team.id, name, answers=6)
    view = aggregate.team_view(storage, instruments, created.team.id, RULES)
    board = dashboard.build_dashboard(instruments, view)
    panel = dashboard.round_panel(instruments, view, view.rounds[-1].round.id, RULES)

    slides = present.slides(panel, board, RULES.min_group_size)
    assert slides[0].description.startswith("The team's score per area")
    assert slides[-1].description.startswith("The team's area means over closed rounds"), "two rounds"
    statements = [list(s.chart.data["full_text"].unique()) for s in slides[1:-1]]
    assert all(1 <= len(shown) <= present.STATEMENTS_PER_SLIDE for shown in statements)
    assert sum(statements, []) == [i.text for i in questionnaire.items], "each statement once, in order"
