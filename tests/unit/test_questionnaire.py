"""The questionnaire file: its content covers the paper, and every broken file is refused clearly."""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from pathlib import Path

import pytest

from assessment.questionnaire import PAPER_SUMMARY, QuestionnaireError, load_questionnaire
from assessment.settings import DEFAULT_QUESTIONNAIRE

QUESTIONNAIRES = Path(__file__).resolve().parents[2] / "data" / "questionnaire"
V2026_1 = QUESTIONNAIRES / "2026.1.toml"
V2026_2 = QUESTIONNAIRES / "2026.2.toml"

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
        assert point.paper and point.tip


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


@pytest.mark.parametrize("path", [V2026_1, V2026_2], ids=lambda p: p.stem)
def test_the_b2_tip_keeps_the_meetings_meaning(path):
    """The people supported *feel mistrusted* by authorities (the meeting's call); the
    recommendation once turned this into "the authorities they mistrust"."""
    text = load_questionnaire(path, "en").point("B2").tip
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


def _variant(tmp_path: Path, *replacements: tuple[str, str], source: Path = V2026_1) -> Path:
    text = source.read_text(encoding="utf-8")
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


def test_missing_tip(tmp_path):
    path = _variant(tmp_path, ('tip.en = "Make time', 'comment = "Make time'))
    _expect_problem(path, "point 'B1'", "`tip.en` is missing")


def test_missing_paper_quote(tmp_path):
    path = _variant(tmp_path, ('paper.en = "able to self-reflect', 'comment = "able to self-reflect'))
    _expect_problem(path, "point 'B1'", "`paper.en` is missing")


@pytest.mark.parametrize("source", [V2026_1, V2026_2], ids=lambda p: p.stem)
def test_a_paper_quote_not_in_the_summary_is_refused(tmp_path, source):
    """A gloss passed off as the paper's words names the file, the point and the language."""
    path = _variant(
        tmp_path,
        (
            'paper.en = "Be authentic"',
            'paper.en = "Be authentic, because people notice when you play a part"',
        ),
        source=source,
    )
    _expect_problem(path, "point 'P1'", "`paper.en` is not a verbatim quote", "notice when you play a part")


def test_a_quote_matches_across_line_breaks_and_straight_quotes(tmp_path):
    path = _variant(
        tmp_path,
        (
            'paper.en = "practitioners’ safety and resilience are protected"',
            'paper.en = """practitioners\' safety and\n   resilience are protected"""',
        ),
    )
    assert "safety and" in load_questionnaire(path, "en").point("O3").paper


def test_missing_introduction(tmp_path):
    path = _variant(tmp_path, ("introduction.en =", "comment ="))
    _expect_problem(path, "`introduction.en` is missing")


def test_a_statement_longer_than_max_words_is_refused(tmp_path):
    path = _variant(tmp_path, ('languages = ["en"]', 'languages = ["en"]\nmax_words = 15'))
    # B1b has 20 words, B1a 14: only the long one is named.
    _expect_problem(path, "item 'B1b'", "`text.en` has 20 words", "at most 15")
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(path, "en")
    assert "item 'B1a'" not in str(caught.value)


@pytest.mark.parametrize("value", ['"20"', "0", "true"])
def test_max_words_must_be_a_positive_number(tmp_path, value):
    path = _variant(tmp_path, ('languages = ["en"]', f'languages = ["en"]\nmax_words = {value}'))
    _expect_problem(path, "`max_words` must be a positive whole number")


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


# ------------------------------------------------------------ version 2026.2
# The review of 2026.1 (one referent, plain short statements, interleaved points, traceable
# recommendations) as rules the file must keep when it is edited.

REFERENT = "the people I support"
# Referents 2026.1 mixed with "the people I support", and other ways of naming them.
OTHER_REFERENTS = ("young person", "a family", "families", "a client", "someone", "a person", "individual")


@pytest.fixture(scope="module")
def v2() -> object:
    return load_questionnaire(V2026_2, "en")


def _normalised(text: str) -> str:
    straight = text.translate(str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'}))
    return " ".join(straight.split())


def test_2026_2_is_its_own_version_with_an_introduction_defining_the_referent(v2):
    assert v2.version == "2026.2" == V2026_2.stem
    assert f"“{REFERENT}”" in v2.introduction


def test_2026_2_covers_every_paper_point_with_at_least_two_items(v2):
    per_point = Counter(i.point for i in v2.items)
    assert {p.id: p.area for p in v2.points} == {p: a for a, ps in PAPER_POINTS.items() for p in ps}
    assert all(per_point[p.id] >= 2 for p in v2.points)


def test_2026_2_has_20_to_30_percent_reverse_keyed_items_in_every_area(v2):
    assert 0.20 <= sum(i.reverse for i in v2.items) / len(v2.items) <= 0.30
    assert all(any(i.reverse for i in v2.items_in_area(a.id)) for a in v2.areas)


def test_2026_2_statements_have_at_most_20_words_and_the_file_says_so(v2):
    assert tomllib.loads(V2026_2.read_text(encoding="utf-8"))["max_words"] <= 20
    assert max(len(i.text.split()) for i in v2.items) <= 20


def test_2026_2_statements_follow_the_writing_rules(v2):
    for item in v2.items:
        text = item.text
        lower = f" {text.lower()} "
        assert "i am aware" not in lower, item.id
        assert not any(other in lower for other in OTHER_REFERENTS), item.id
        # Reverse-keyed items are opposite behaviours, never negations.
        assert " not " not in lower and "n't" not in lower and " never " not in lower, item.id
        # "people" only ever in the one referent; colleagues are "staff" or "colleagues".
        assert text.count("people") == text.count(REFERENT), item.id
        # "support" as a verb about people only in the referent ("I get support" is a noun).
        assert not re.search(r"\b(someone|person|they|those) I support\b", text), item.id
    for item in v2.items_in_area("organisational"):
        assert item.text.startswith("In my organisation, ")
    for item in v2.items:
        if item.area != "organisational":
            assert "organisation" not in item.text


def test_2026_2_items_stay_grouped_by_area_with_points_interleaved(v2):
    areas = [i.area for i in v2.items]
    assert areas == sorted(areas, key=[a.id for a in v2.areas].index), "items are grouped by area"
    for before, after in zip(v2.items, v2.items[1:], strict=False):
        assert before.point != after.point, f"{before.id} and {after.id} sit side by side"


def test_item_ids_of_2026_2_never_reuse_a_2026_1_id_with_another_meaning(v2):
    old = {i.id: i for i in load_questionnaire(V2026_1, "en").items}
    for item in v2.items:
        if item.id in old:
            assert (item.text, item.reverse, item.point) == (
                old[item.id].text,
                old[item.id].reverse,
                old[item.id].point,
            ), item.id


def test_every_paper_quote_is_in_the_summary_kept_in_the_repository():
    summary = _normalised(PAPER_SUMMARY.read_text(encoding="utf-8"))
    # The app reads its own copy of the public summary, inside the repository.
    assert QUESTIONNAIRES.parent / "paper-summary.txt" == PAPER_SUMMARY
    for path in (V2026_1, V2026_2):
        for point in load_questionnaire(path, "en").points:
            assert _normalised(point.paper) in summary, (path.name, point.id)


def test_tips_stay_softened_where_the_paper_is_soft(v2):
    # The summary's recommendations "can contribute to a solid ground"; they are not needs.
    assert "can contribute" in v2.point("O2").tip
    assert all(" needs " not in f" {p.tip} " and " must " not in f" {p.tip} " for p in v2.points)


def test_2026_2_tips_and_context_keep_bias_non_judgemental(v2):
    assert "can serve people in many ways" in v2.area("bias").context


def test_2026_2_is_translated_in_every_language_within_the_word_limit():
    """Every language of 2026.2 loads, keeps statements to 20 words, and none is left in English."""
    by_language = {lang: load_questionnaire(V2026_2, lang) for lang in ("en", "pt", "de", "fr")}
    english = {item.id: item.text for item in by_language["en"].items}
    for lang, questionnaire in by_language.items():
        assert [i.id for i in questionnaire.items] == list(english), lang
        for item in questionnaire.items:
            assert len(item.text.split()) <= 20, (lang, item.id, item.text)
            if lang != "en":
                assert item.text != english[item.id], f"{item.id} is not translated into {lang}"
