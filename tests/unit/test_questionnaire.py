"""The questionnaire file: its content covers the paper, and every broken file is refused clearly."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from assessment.questionnaire import QuestionnaireError, load_questionnaire
from assessment.settings import DEFAULT_QUESTIONNAIRE

PAPER_POINTS = {
    "bias": {"B1", "B2", "B3"},
    "personal": {"P1", "P2", "P3", "P4"},
    "organisational": {"O1", "O2", "O3", "O4"},
    "macro": {"M1", "M2", "M3"},
}


def test_covers_every_paper_point_with_at_least_two_items(questionnaire):
    per_point = Counter(i.point for i in questionnaire.items)
    assert {p.id for p in questionnaire.points} == set().union(*PAPER_POINTS.values())
    assert all(per_point[p] >= 2 for points in PAPER_POINTS.values() for p in points)
    assert {p.area for p in questionnaire.points} == set(PAPER_POINTS)
    for point in questionnaire.points:
        assert point.id in PAPER_POINTS[point.area]
        assert point.recommendation


def test_size_and_share_of_reverse_keyed_items(questionnaire):
    assert 28 <= len(questionnaire.items) <= 32
    share = sum(i.reverse for i in questionnaire.items) / len(questionnaire.items)
    assert 0.15 <= share <= 0.25
    # Every area holds a reverse-keyed item, so agreement bias cannot inflate any area alone.
    assert all(any(i.reverse for i in questionnaire.items_in_area(a.id)) for a in questionnaire.areas)


def test_item_wording_follows_the_writing_rules(questionnaire):
    for item in questionnaire.items:
        assert item.text.startswith(("I ", "I'", "When I", "In my organisation")) or " I " in item.text
        # Reverse-keyed items describe the opposite behaviour, never a negation.
        assert " not " not in f" {item.text.lower()} " and "n't" not in item.text
    for item in questionnaire.items_in_area("organisational"):
        assert item.text.startswith("In my organisation")


def test_the_b2_recommendation_keeps_the_meetings_meaning(questionnaire):
    """The people supported *feel mistrusted* by authorities (the meeting's call); the
    recommendation once turned this into "the authorities they mistrust"."""
    text = questionnaire.point("B2").recommendation
    assert "feel mistrusted" in text
    assert "they mistrust" not in text


def test_scale_has_five_labels_and_not_applicable(questionnaire):
    assert questionnaire.scale_labels == (
        "Strongly disagree",
        "Disagree",
        "Neither agree nor disagree",
        "Agree",
        "Strongly agree",
    )
    assert questionnaire.not_applicable_label == "Not applicable"
    assert questionnaire.answer_label(None) == "Not applicable"
    assert questionnaire.answer_label(4) == "Agree"


def test_items_are_numbered_in_file_order(questionnaire):
    assert [i.number for i in questionnaire.items] == list(range(1, len(questionnaire.items) + 1))


# ------------------------------------------------------------ broken files
# Each variant is the real file with one snippet replaced, so every test breaks one rule only.

ITEM_B1A = 'id = "B1a"\narea = "bias"\npoint = "B1"\nreverse = false\n'


def _variant(tmp_path: Path, *replacements: tuple[str, str]) -> Path:
    text = DEFAULT_QUESTIONNAIRE.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, f"the test's snippet {old!r} is no longer in the questionnaire"
        text = text.replace(old, new, 1)
    path = tmp_path / "questionnaire.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _expect_problem(path: Path, *fragments: str) -> None:
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(path, "en")
    message = str(caught.value)
    assert str(path) in message
    for fragment in fragments:
        assert fragment in message


def test_duplicate_item_id(tmp_path):
    path = _variant(tmp_path, ('id = "B1b"', 'id = "B1a"'))
    _expect_problem(path, "duplicate item id 'B1a'")


def test_unknown_area(tmp_path):
    path = _variant(tmp_path, (ITEM_B1A, ITEM_B1A.replace('"bias"', '"family"')))
    _expect_problem(path, "item 'B1a'", "unknown area 'family'")


def test_unknown_point(tmp_path):
    path = _variant(tmp_path, (ITEM_B1A, ITEM_B1A.replace('"B1"', '"B9"')))
    _expect_problem(path, "item 'B1a'", "unknown point 'B9'")


def test_point_of_another_area(tmp_path):
    path = _variant(tmp_path, (ITEM_B1A, ITEM_B1A.replace('"B1"', '"P1"')))
    _expect_problem(path, "item 'B1a'", "point P1 belongs to area 'personal'")


def test_missing_text(tmp_path):
    path = _variant(tmp_path, (ITEM_B1A + "text.en", ITEM_B1A + "comment"))
    _expect_problem(path, "item 'B1a'", "`text.en` is missing")


def test_empty_text(tmp_path):
    path = _variant(
        tmp_path, ('"I notice when my first impression of a young person comes from a stereotype."', '" "')
    )
    _expect_problem(path, "item 'B1a'", "`text.en` is missing or empty")


def test_point_with_fewer_than_two_items(tmp_path):
    path = _variant(
        tmp_path,
        (
            'point = "B1"\nreverse = false\ntext.en = "When I',
            'point = "B2"\nreverse = false\ntext.en = "When I',
        ),
    )
    _expect_problem(path, "point B1 has 1 item(s)")


def test_bad_reverse_flag(tmp_path):
    path = _variant(tmp_path, (ITEM_B1A, ITEM_B1A.replace("reverse = false", 'reverse = "no"')))
    _expect_problem(path, "item 'B1a'", "`reverse` must be true or false, not 'no'")


def test_missing_reverse_flag(tmp_path):
    path = _variant(tmp_path, (ITEM_B1A, ITEM_B1A.replace("reverse = false\n", "")))
    _expect_problem(path, "item 'B1a'", "`reverse` must be true or false, not None")


def test_missing_recommendation(tmp_path):
    path = _variant(tmp_path, ('recommendation.en = "Everybody has', 'comment = "Everybody has'))
    _expect_problem(path, "point 'B1'", "`recommendation.en` is missing")


def test_missing_version(tmp_path):
    path = _variant(tmp_path, ('version = "2026.1"', ""))
    _expect_problem(path, "`version` is missing")


def test_text_missing_in_a_declared_language(tmp_path):
    path = _variant(tmp_path, ('languages = ["en"]', 'languages = ["en", "nl"]'))
    _expect_problem(path, "`text.nl` is missing", "`name.nl` is missing")


def test_language_not_in_file():
    with pytest.raises(QuestionnaireError, match="language 'fr' is not one of"):
        load_questionnaire(DEFAULT_QUESTIONNAIRE, "fr")


def test_every_problem_is_listed_at_once(tmp_path):
    path = _variant(
        tmp_path,
        (ITEM_B1A, ITEM_B1A.replace('"bias"', '"family"')),
        (
            'id = "B2a"\narea = "bias"\npoint = "B2"\nreverse = false',
            'id = "B2a"\narea = "bias"\npoint = "B2"\nreverse = 1',
        ),
    )
    _expect_problem(path, "2 problem(s)", "unknown area 'family'", "item 'B2a'")


def test_invalid_toml(tmp_path):
    path = tmp_path / "questionnaire.toml"
    path.write_text('version = "1"\n[[items]\n', encoding="utf-8")
    _expect_problem(path, "is not valid TOML")


def test_missing_file(tmp_path):
    _expect_problem(tmp_path / "nowhere.toml", "does not exist")
