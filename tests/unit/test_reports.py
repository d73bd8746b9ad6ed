"""The PDF reports, read back as text: what the screens show is there, what they withhold is not.

Rendering charts takes a few tenths of a second each, so the team report is built once per module.
"""

from __future__ import annotations

import io
import unicodedata
from datetime import UTC, datetime

import pandas as pd
import pytest
from pypdf import PdfReader

from assessment import aggregate, i18n, reports, results
from assessment.aggregate import POINT_COLUMNS, PublishingRules
from assessment.charts import hidden_text
from assessment.questionnaire import load_questionnaire
from assessment.scoring import area_score_frame, format_score
from assessment.settings import DEFAULT_QUESTIONNAIRE
from assessment.storage import Storage, StoredResponse
from bench.differencing import online_round
from tests.conftest import all_answered, fill_round

K = 5
RULES = PublishingRules(min_group_size=K, detail_group_size=2 * K)
A4 = (595.28, 841.89)  # points
HOSTILE_NAME = "**Équipe** :red[x] 🚀 فريق _x_ [a](b) שלום"
# fpdf2 writes the page count where "{nb}" stands: a round's name must print it as typed.
HOSTILE_ROUND = "Autumn **2025** {nb} 🙂"
NOTE = "Ask my supervisor about the Friday visits."


def _pages(pdf: bytes) -> list:
    return PdfReader(io.BytesIO(pdf)).pages


def _text(pdf: bytes) -> str:
    """The PDF's text with every run of whitespace as one space: wrapped lines read as written."""
    return " ".join(" ".join(page.extract_text() for page in _pages(pdf)).split())


def _fonts(pdf: bytes) -> set[str]:
    """The names of the fonts the pages use, without their subset prefix."""
    return {
        font.get_object()["/BaseFont"].split("+")[-1]
        for page in _pages(pdf)
        for font in page["/Resources"]["/Font"].values()
    }


def _assert_no_raster_image(pdf: bytes) -> None:
    for number, page in enumerate(_pages(pdf), 1):
        assert not page.images, f"page {number} holds a raster image: its charts must be drawn"


def _assert_a4(pdf: bytes) -> None:
    for page in _pages(pdf):
        size = (float(page.mediabox.width), float(page.mediabox.height))
        assert size == (pytest.approx(A4[0], abs=1), pytest.approx(A4[1], abs=1))


def _weak_on_b1(questionnaire):
    """Every statement scored 4, and B1's scored 1: B1 is where to start."""
    answers = {}
    for item in questionnaire.items:
        score = 1 if item.point == "B1" else 4
        answers[item.id] = 6 - score if item.reverse else score
    return answers


# ------------------------------------------------------------------ a person's results


@pytest.fixture
def person(storage, questionnaire):
    """A real person: their personal code, and their id with one submitted response."""
    code = storage.create_person()
    person_id = storage.person_id(code)
    storage.submit_response(person_id, questionnaire, _weak_on_b1(questionnaire))
    return code, person_id


def test_the_personal_report_shows_the_profile_and_never_the_personal_code(storage, questionnaire, person):
    code, person_id = person
    storage.save_note(person_id, "bias", NOTE)
    profile = results.build_profile(questionnaire, storage.person_record(person_id).responses)
    # The notes are read and passed, as a page would, but not asked for: they stay out.
    notes = {questionnaire.area(a).name: t for a, t in storage.person_record(person_id).notes.items()}
    pdf = reports.personal_report(profile, notes=notes)
    text = _text(pdf)

    assert len(_pages(pdf)) == 1
    _assert_a4(pdf)
    assert profile.submitted_at_text in text and questionnaire.version in text
    for area, score in zip(profile.areas_table["area"], profile.areas_table["score"], strict=True):
        assert area in text and score in text
    b1 = questionnaire.point("B1")
    assert [w.point.id for w in profile.weakest][0] == "B1"
    assert b1.label in text and f"The paper: “{b1.paper}”" in text and f"Tip from this tool: {b1.tip}" in text
    assert f"Your strongest point: {profile.strongest.point.label}" in text
    assert NOTE not in text
    assert code not in text and code.replace("-", "") not in text


def test_notes_print_only_when_asked_and_a_trend_takes_a_second_page(storage, questionnaire, person):
    _, person_id = person
    storage.submit_response(person_id, questionnaire, all_answered(questionnaire, 3))
    profile = results.build_profile(questionnaire, storage.person_record(person_id).responses)
    pdf = reports.personal_report(profile, include_notes=True, notes={"Personal level": NOTE})
    text = _text(pdf)
    assert len(_pages(pdf)) == 2
    _assert_a4(pdf)
    assert NOTE in text and "Over time" in text
    assert "change since previous" in text
    for change in profile.areas_table["change since previous"]:
        assert change in text


def test_charts_are_drawn_with_their_words_as_text(storage, questionnaire, person):
    _, person_id = person
    storage.submit_response(person_id, questionnaire, all_answered(questionnaire, 3))
    profile = results.build_profile(questionnaire, storage.person_record(person_id).responses)
    pdf = reports.personal_report(profile)
    _assert_no_raster_image(pdf)
    first, second = (" ".join(page.extract_text().split()) for page in _pages(pdf))
    # Words only the charts hold: their titles, axis titles, ticks and legend.
    assert "Your score per area" in first and "Score (1-5)" in first and "1 2 3 4 5" in first
    assert "Your area scores over time" in second and "Submission" in second
    assert all(area in second for area in profile.areas["area"]), "the legend names every area"


def test_the_personal_report_speaks_portuguese():
    portuguese = load_questionnaire(DEFAULT_QUESTIONNAIRE.parent / "2026.2.toml", "pt")
    stored = [StoredResponse("r", datetime(2026, 5, 4, 9, 30, tzinfo=UTC), "2026.2", _weak_on_b1(portuguese))]
    with i18n.using("pt"):
        profile = results.build_profile(portuguese, stored)
        text = _text(reports.personal_report(profile))
        weakest = profile.weakest[0].point
    assert "Por onde começar" in text and "O documento (tradução):" in text
    assert weakest.paper in text and weakest.label in text
    assert "Português" in text and "2026.2" in text
    assert any(ch in text for ch in "ãçéêó")


# ------------------------------------------------------------------ a team's round


def _team_round(storage, questionnaire, team_id, name, answer_sets):
    round_ = storage.open_round(team_id, name, 30)
    fill_round(storage, questionnaire, team_id, answer_sets)
    storage.close_round(team_id, round_.id)
    return round_


# One respondent answers the macro statements so that the area would score 11 / 6 = 1.83.
MACRO_ALONE = {"M1a": 2, "M1b": 2, "M2a": 2, "M2b": 2, "M3a": 2, "M3b": 5}


@pytest.fixture(scope="module")
def team_round(tmp_path_factory, questionnaire):
    """A team with a hostile name and two shown rounds, the second with the macro area withheld
    (one person answered it); an open round; and the second round's report."""
    storage = Storage.open(
        f"sqlite:///{tmp_path_factory.mktemp('reports') / 'team.sqlite3'}",
        current_version=questionnaire.version,
    )
    team = storage.create_team(HOSTILE_NAME).team
    _team_round(storage, questionnaire, team.id, "Spring", [all_answered(questionnaire, 3)] * 6)
    # Half the team scores P3 lowest, half highest: the most divided point.
    answer_sets = [all_answered(questionnaire, 4) | {"P3a": v, "P3b": v} for v in (1, 1, 1, 5, 5, 5)]
    for answers in answer_sets:
        answers.update(dict.fromkeys((i.id for i in questionnaire.items_in_area("macro")), None))
    answer_sets[0].update(MACRO_ALONE)
    shown = _team_round(storage, questionnaire, team.id, HOSTILE_ROUND, answer_sets)
    waiting = storage.open_round(team.id, "Winter", 30)
    fill_round(storage, questionnaire, team.id, [all_answered(questionnaire, 2)])
    view = aggregate.team_view(storage, questionnaire, team.id, RULES)
    pdf = reports.team_report(questionnaire, team.name, view, shown.id, RULES)
    yield team, shown, waiting, view, pdf
    storage.engine.dispose()


def test_the_team_report_names_team_round_and_n(team_round):
    _, shown, _, _, pdf = team_round
    text = _text(pdf)
    _assert_a4(pdf)
    assert "Autumn **2025**" in text and "with 6 answers" in text
    pages = len(_pages(pdf))
    assert f"Page 1 of {pages}" in text and f"Page {pages} of {pages}" in text
    assert "Discussion guide" in text and "Over closed rounds" in text


def test_hostile_names_print_as_plain_text(team_round):
    team, _, _, _, pdf = team_round
    # Shaped Arabic may read back in presentation forms, which NFKC folds into the letters.
    text = unicodedata.normalize("NFKC", _text(pdf))
    assert team.name == HOSTILE_NAME
    assert "**Équipe** :red[x] 🚀" in text and "_x_ [a](b)" in text, "no Markdown interpretation"
    assert "Autumn **2025** {nb} 🙂" in text, "no page count in a name, and its emoji"
    assert "فريق" in text and "שלום" in text, "right-to-left words print"
    assert "NotoEmoji" in _fonts(pdf), "the emoji are drawn from the embedded emoji font"


def test_the_team_reports_charts_are_drawn_with_their_words_as_text(team_round, questionnaire):
    *_, pdf = team_round
    _assert_no_raster_image(pdf)
    text = _text(pdf)
    assert "Area means over closed rounds" in text
    assert "Answers (%): low scores left, high right" in text
    first = questionnaire.items[0]
    assert f"{first.number}. {first.text}" in text, "a statement as its chart labels it"


def test_what_the_screen_hides_the_report_hides(team_round, questionnaire):
    _, shown, _, view, pdf = team_round
    text = _text(pdf)
    areas = view.view_of(shown.id).figures.areas.set_index("area")
    assert areas.loc["macro", "withheld"]
    macro = questionnaire.area("macro").name
    assert f"{macro} {hidden_text(K)}" in text, "the area row says hidden, as on screen"
    one_answer = area_score_frame(questionnaire, online_round([MACRO_ALONE]).answers)["macro"].iloc[0]
    assert format_score(one_answer) == "1.83" and "1.83" not in text
    hidden_points = [questionnaire.point(p).label for p in ("M1", "M2", "M3")]
    assert f"Not ranked ({hidden_text(K)}): {'; '.join(hidden_points)}" in text


def test_the_discussion_guide_names_the_divided_point_with_the_papers_words(team_round, questionnaire):
    *_, pdf = team_round
    text = _text(pdf)
    p3 = questionnaire.point("P3")
    divided = text[text.index("Most divided") :]
    assert divided.index(p3.label) < divided.index("Not ranked")
    assert "50% score it 2 or lower, 50% 4 or higher, n = 6" in divided
    assert f"The paper: “{p3.paper}”" in divided
    assert reports.QUESTION_DIVIDED in divided and reports.QUESTION_LOWEST in text


def test_a_round_that_may_not_be_shown_gets_no_report_but_its_reason(team_round, questionnaire):
    _, _, waiting, view, _ = team_round
    with pytest.raises(reports.RoundNotShown) as raised:
        reports.team_report(questionnaire, "Team", view, waiting.id, RULES)
    assert raised.value.status == view.view_of(waiting.id).status
    assert "Results appear when the round is closed" in raised.value.status


# ------------------------------------------------------------------ the discussion guide


def test_the_guide_ranks_lowest_means_and_widest_divides_and_never_ranks_withheld_points(questionnaire):
    def shown(point, mean, disagree, agree):
        row = {"point": point, "withheld": False, "n": 8, "paper": 0, "mean": mean}
        return row | {"share_disagree": disagree, "share_agree": agree}

    points = pd.DataFrame(
        [
            shown("B1", 2.004, 0.5, 0.5),
            shown("B2", 3.5, 0.25, 0.75),
            shown("B3", 2.0, 0.0, 0.1),
            shown("P1", 4.2, 0.0, 1.0),
            shown("P2", 3.0, 0.375, 0.25),
            {"point": "M1", "withheld": True},
        ],
        columns=list(POINT_COLUMNS),
    )
    guide = reports.discussion_guide(points, questionnaire)
    # Ties keep questionnaire order: 2.004 shows as 2.00 like B3's 2.0, and B2 and P2 divide
    # the team alike (the smaller share is 0.25 on both).
    assert [g.point.id for g in guide.lowest] == ["B1", "B3", "P2"]
    assert [g.point.id for g in guide.divided] == ["B1", "B2", "P2"]
    assert [p.id for p in guide.hidden] == ["M1"]
    nobody_disagrees = reports.discussion_guide(points[points["point"].isin(["B3", "P1"])], questionnaire)
    assert nobody_disagrees.divided == ()
