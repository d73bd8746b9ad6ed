"""What the results page shows: formatted tables, trend labels, and where to start."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from assessment import results
from assessment.scoring import NOT_SCORED
from assessment.storage import StoredResponse


def _stored(answers, when=datetime(2026, 11, 25, 11, 47, 34, tzinfo=UTC), version="2026.1"):
    return StoredResponse("r", when, version, answers)


def _answers(questionnaire, value, **overrides):
    answers = {i.id: (6 - value if i.reverse else value) for i in questionnaire.items}
    return answers | overrides


def test_the_area_table_shows_two_decimals_and_not_scored(questionnaire):
    answers = _answers(questionnaire, 4) | {i.id: None for i in questionnaire.items_in_area("macro")}
    answers["B1a"] = 3
    profile = results.build_profile(questionnaire, [_stored(answers)])
    table = profile.areas_table.set_index("area")
    macro = questionnaire.area("macro").name
    assert table.loc[macro, "score"] == NOT_SCORED
    assert table.loc[questionnaire.area("personal").name, "score"] == "4.00"
    assert table.loc[questionnaire.area("bias").name, "score"] == "3.86"
    assert profile.areas["score"].dtype == "float64", "the chart keeps numbers"


def test_the_change_is_signed_with_two_decimals(questionnaire):
    first, second = _answers(questionnaire, 3), _answers(questionnaire, 4)
    profile = results.build_profile(questionnaire, [_stored(first), _stored(second)])
    assert set(profile.areas_table["change since previous"]) == {"+1.00"}


def test_the_trend_table_tells_two_submissions_on_one_day_apart(questionnaire):
    stored = [
        _stored(_answers(questionnaire, 3), version="1.0"),
        _stored(
            _answers(questionnaire, 4) | {i.id: None for i in questionnaire.items_in_area("macro")},
            when=datetime(2026, 11, 25, 15, 2, tzinfo=UTC),
            version="1.1",
        ),
    ]
    versions = {"1.0": questionnaire, "1.1": questionnaire}
    profile = results.build_profile(versions, stored, timezone=ZoneInfo("Europe/Lisbon"))
    table = profile.trend_table
    assert list(table["submission"]) == ["1 · 25 Nov 2026 · 11:47", "2 · 25 Nov 2026 · 15:02"]
    assert list(table["version"]) == ["1.0", "1.1"]
    assert list(table[questionnaire.area("bias").name]) == ["3.00", "4.00"]
    assert table[questionnaire.area("macro").name].iloc[1] == NOT_SCORED
    assert "None" not in table.to_string() and "+00:00" not in table.to_string()
    assert set(profile.trend["version"]) == {"1.0", "1.1"}


def test_times_are_shown_in_the_display_timezone(questionnaire):
    summer = datetime(2026, 7, 1, 10, 0, tzinfo=UTC)
    profile = results.build_profile(
        questionnaire, [_stored(_answers(questionnaire, 3), when=summer)], timezone=ZoneInfo("Europe/Berlin")
    )
    assert profile.submitted_at_text == "1 Jul 2026, 12:00"


def test_all_points_at_4_or_above_say_there_is_no_weak_point(questionnaire):
    profile = results.build_profile(questionnaire, [_stored(_answers(questionnaire, 4))])
    assert profile.weakest == ()
    assert profile.no_weak_point
    assert profile.start_note.startswith("None of your points scores below 3.50")


def test_weak_points_come_with_their_recommendation_and_no_note(questionnaire):
    answers = _answers(questionnaire, 4)
    answers |= {i.id: (5 if i.reverse else 1) for i in questionnaire.items if i.point == "O3"}
    profile = results.build_profile(questionnaire, [_stored(answers)])
    assert [w.point.id for w in profile.weakest] == ["O3"]
    assert profile.start_note is None and not profile.no_weak_point


def test_reverse_keyed_statements_are_marked_in_the_answer_table(questionnaire):
    profile = results.build_profile(questionnaire, [_stored({"P2b": 1})])
    row = profile.items.set_index("number").loc[questionnaire.items[10].number]
    assert row["statement"].endswith("(reverse-keyed)")
    assert row["score"] == "5"
    assert NOT_SCORED in set(profile.items["score"])
