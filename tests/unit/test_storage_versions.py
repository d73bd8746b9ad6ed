"""A round is bound to the questionnaire version it was opened on, on both databases."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from alembic import command

from assessment import aggregate, charts, dashboard, importer
from assessment.instruments import load_instruments
from assessment.storage import Storage, TeamError, _alembic_config, _make_engine
from tests.conftest import BOTH_DATABASES, NEW_ITEM, NEW_TEXT, NEW_VERSION, all_answered, two_versions

pytestmark = BOTH_DATABASES

FIRST = "2026.1"
RULES = aggregate.PublishingRules(3, 4)
CREATED = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def registry(tmp_path):
    """Both versions, the newer current: "B became current after the round was opened on A"."""
    return load_instruments(two_versions(tmp_path / "questionnaire"), "en")


def _member(storage: Storage, team_id: int) -> int:
    person = storage.person_id(storage.create_person())
    storage.join_team(person, team_id)
    return person


def test_a_round_opened_on_one_version_stays_on_it_and_takes_only_answers_to_it(storage, registry):
    first, new = registry[FIRST], registry[NEW_VERSION]
    created = storage.create_team("Team")
    spring = storage.open_round(created.team.id, "Spring", 12, FIRST)
    assert spring.instrument_version == FIRST

    # The app now asks the new version; the open round stays on the first.
    on_first = storage.submit_response(_member(storage, created.team.id), first, all_answered(first, 4))
    person = _member(storage, created.team.id)
    on_new = storage.submit_response(person, new, all_answered(new, 2))

    assert on_first.round.id == spring.id and on_first.other_version_round is None
    assert on_new.round is None, "an answer to another version never counts in the round"
    assert on_new.other_version_round.id == spring.id and on_new.instrument_version == NEW_VERSION
    [round_] = storage.rounds_of(created.team.id)
    assert (round_.instrument_version, round_.responses) == (FIRST, 1)
    [mine] = storage.person_record(person).responses
    assert (mine.instrument_version, mine.round_name) == (NEW_VERSION, None), "kept as a personal result"


def test_an_answer_to_another_version_leaves_the_persons_earlier_answer_in_the_round(storage, registry):
    first, new = registry[FIRST], registry[NEW_VERSION]
    created = storage.create_team("Team")
    storage.open_round(created.team.id, "Spring", 12, FIRST)
    person = _member(storage, created.team.id)
    storage.submit_response(person, first, all_answered(first, 4))
    storage.submit_response(person, new, all_answered(new, 2))
    assert [r.round_name for r in storage.person_record(person).responses] == ["Spring", None]


def test_a_new_round_takes_the_storages_current_version(database_url, registry):
    storage = Storage.open(database_url, current_version=NEW_VERSION)
    created = storage.create_team("Team")
    assert storage.open_round(created.team.id, "Autumn", 12).instrument_version == NEW_VERSION
    storage.engine.dispose()


def test_paper_forms_of_a_round_are_its_version(storage, registry):
    first, new = registry[FIRST], registry[NEW_VERSION]
    created = storage.create_team("Team")
    spring = storage.open_round(created.team.id, "Spring", 12, FIRST)
    assert importer.template_csv(first).decode("utf-8-sig").startswith("B1a,")
    with pytest.raises(TeamError, match=f"opened on questionnaire version {FIRST}.*{NEW_VERSION}"):
        storage.import_responses(created.team.id, spring.id, new, [all_answered(new, 3)])
    assert storage.import_responses(created.team.id, spring.id, first, [all_answered(first, 3)]) == 1
    assert storage.rounds_of(created.team.id)[0].paper == 1


def test_a_rounds_figures_use_its_versions_statements_and_the_team_trend_marks_the_change(storage, registry):
    first, new = registry[FIRST], registry[NEW_VERSION]
    created = storage.create_team("Team")
    for name, questionnaire, value in (("Spring", first, 2), ("Autumn", new, 4)):
        round_ = storage.open_round(created.team.id, name, 12, questionnaire.version)
        for _ in range(RULES.detail_group_size):
            storage.submit_response(
                _member(storage, created.team.id), questionnaire, all_answered(questionnaire, value)
            )
        storage.close_round(created.team.id, round_.id)

    view = aggregate.team_view(storage, registry, created.team.id, RULES)
    spring, autumn = (v.figures for v in view.rounds)
    assert (
        spring.items["item_id"].iloc[0] == "B1a" and spring.items["statement"].iloc[0] == first.items[0].text
    )
    assert autumn.items["item_id"].iloc[0] == NEW_ITEM and autumn.items["statement"].iloc[0] == NEW_TEXT
    assert not spring.items["withheld"].any(), "the first version's items are all there"

    board = dashboard.build_dashboard(registry, view)
    assert list(board.rounds_table["version"]) == [FIRST, NEW_VERSION]
    assert list(dict.fromkeys(board.trend_table["version"])) == [FIRST, NEW_VERSION]
    spec = charts.team_trend_chart(board.trend).to_dict()
    lines, rule, _ = spec["layer"]
    assert lines["encoding"]["detail"]["field"] == "version", "no line joins means of two versions"
    assert rule["mark"]["type"] == "rule"
    assert f"version {NEW_VERSION}" in str(spec)

    panel = dashboard.round_panel(registry, view, view.rounds[0].round.id, RULES)
    assert panel.questionnaire.version == FIRST
    assert first.items[0].text in " ".join(panel.statements[0].table["statement"])


def test_the_team_mean_is_compared_only_with_a_response_to_the_same_version(storage, registry):
    from assessment import results

    first, new = registry[FIRST], registry[NEW_VERSION]
    created = storage.create_team("Team")
    round_ = storage.open_round(created.team.id, "Spring", 12, FIRST)
    for _ in range(RULES.detail_group_size):
        storage.submit_response(_member(storage, created.team.id), first, all_answered(first, 3))
    storage.close_round(created.team.id, round_.id)
    person = _member(storage, created.team.id)
    storage.submit_response(person, new, all_answered(new, 4))

    latest = aggregate.team_view(storage, registry, created.team.id, RULES).latest
    profile = results.build_profile(registry, storage.person_record(person).responses, latest)
    assert "team mean" not in profile.areas
    assert any("team mean is left out" in note for note in profile.version_notes)


# ------------------------------------------------------------------ migration 0005


def _rounds_at_0004(url: str, questionnaire) -> None:
    """A database at 0004: a closed round with responses to 2026.1, and an open round without any."""
    engine = _make_engine(url)
    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), "0004")
        conn.execute(sa.text("INSERT INTO teams VALUES (1, 'Team', 'jh', 'lh', :t)"), {"t": CREATED})
        conn.execute(
            sa.text(
                "INSERT INTO rounds (id, team_id, name, opened_at, closed_at, expected_size) "
                "VALUES (1, 1, 'Spring', :t, :t, 12), (2, 1, 'Autumn', :t, NULL, 12)"
            ),
            {"t": CREATED},
        )
        conn.execute(
            sa.text(
                "INSERT INTO responses (id, public_id, person_id, instrument_version, language, submitted_at, "
                "round_id, source) VALUES (1, 'a', NULL, '2026.1', 'en', :t, 1, 'paper'), "
                "(2, 'b', NULL, '2026.1', 'en', :t, 1, 'paper')"
            ),
            {"t": CREATED},
        )
        conn.execute(
            sa.text("INSERT INTO ratings VALUES (:response, :item, :raw)"),
            [{"response": r, "item": i, "raw": 3} for r in (1, 2) for i in all_answered(questionnaire)],
        )
    engine.dispose()


def test_0005_binds_existing_rounds_to_their_responses_version_or_the_current_one(
    database_url, questionnaire
):
    _rounds_at_0004(database_url, questionnaire)
    storage = Storage.open(database_url, migrate=True, current_version=NEW_VERSION)
    spring, autumn = storage.rounds_of(1)
    assert (spring.instrument_version, spring.responses) == (FIRST, 2), "the version of its responses"
    assert autumn.instrument_version == NEW_VERSION, "no responses: the current version"
    assert storage.round_data(spring.id).answers.shape == (2, len(questionnaire.items)), "rows intact"
    with storage.engine.connect() as conn:
        column = next(c for c in sa.inspect(conn).get_columns("rounds") if c["name"] == "instrument_version")
    assert column["nullable"] is False
    storage.engine.dispose()


def test_0005_downgrades_to_0004(database_url, questionnaire):
    _rounds_at_0004(database_url, questionnaire)
    engine = _make_engine(database_url)
    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), "0005")
        command.downgrade(_alembic_config(conn), "0004")
    with engine.connect() as conn:
        assert "instrument_version" not in {c["name"] for c in sa.inspect(conn).get_columns("rounds")}
        assert conn.scalar(sa.text("SELECT count(*) FROM rounds")) == 2
    engine.dispose()
