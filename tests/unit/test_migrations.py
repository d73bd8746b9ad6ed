"""Schema migrations: an older database is upgraded in place with every row intact."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from assessment.__main__ import main
from assessment.storage import Storage, StorageError, _alembic_config, _make_engine, metadata, schema_versions
from tests.conftest import BOTH_DATABASES, all_answered

pytestmark = BOTH_DATABASES

CREATED = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


def _database_at(url: str, revision: str) -> sa.Engine:
    """A database built by the migrations up to `revision`, as an earlier release left it."""
    engine = _make_engine(url)
    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), revision)
    return engine


def _fill_first_schema(engine: sa.Engine, questionnaire) -> dict[str, list]:
    """Rows as the first release wrote them, through plain SQL of that schema."""
    with engine.begin() as conn:
        conn.execute(
            sa.text("INSERT INTO people (id, code_hash, created_at) VALUES (1, 'h1', :t), (2, 'h2', :t)"),
            {"t": CREATED},
        )
        conn.execute(
            sa.text("INSERT INTO draft_answers VALUES (2, 'B1a', 4, :t), (2, 'B1b', NULL, :t)"),
            {"t": CREATED},
        )
        conn.execute(
            sa.text(
                "INSERT INTO responses (id, public_id, person_id, instrument_version, language, submitted_at) "
                "VALUES (1, 'abc', 1, '2026.1', 'en', :t)"
            ),
            {"t": CREATED},
        )
        conn.execute(
            sa.text("INSERT INTO ratings VALUES (1, :item, :raw)"),
            [{"item": item, "raw": raw} for item, raw in all_answered(questionnaire, 3).items()],
        )
    return _every_row(engine, ("people", "draft_answers", "responses", "ratings"))


def _every_row(engine: sa.Engine, tables) -> dict[str, list]:
    with engine.connect() as conn:
        return {
            t: [tuple(r) for r in conn.execute(sa.text(f"SELECT * FROM {t} ORDER BY 1, 2"))] for t in tables
        }


def _upgraded_with_rows_intact(
    database_url: str, before: dict[str, list], **options
) -> tuple[Storage, dict[str, list]]:
    """Open (and so upgrade) the database; every row of `before` is still there, with the same
    values in its old columns. The storage and every row after, new columns last."""
    storage = Storage.open(database_url, migrate=True, **options)
    after = _every_row(storage.engine, before)
    for table, rows in before.items():
        # Columns added later come last and are empty for old rows.
        assert [row[: len(rows[0])] for row in after[table]] == rows, table
    return storage, after


def test_the_first_schema_is_upgraded_in_place_with_every_row_intact(database_url, questionnaire):
    engine = _database_at(database_url, "0001")
    before = _fill_first_schema(engine, questionnaire)
    engine.dispose()

    storage, after = _upgraded_with_rows_intact(database_url, before, current_version=questionnaire.version)
    with storage.engine.connect() as conn:
        assert schema_versions(conn)[0] == schema_versions(conn)[1]
    assert [row[-1] for row in after["people"]] == [None, None], "team_id is new and empty"

    # The app works on the upgraded data: the old response is read back and new features run.
    [old] = storage.person_record(1).responses
    assert old.answers == all_answered(questionnaire, 3)
    assert storage.draft(2) == {"B1a": 4, "B1b": None}
    storage.save_note(2, "bias", "kept")
    created = storage.create_team("After the upgrade")
    storage.open_round(created.team.id, "Spring", 12)


def _fill_0003(engine: sa.Engine, questionnaire) -> None:
    """A team with a closed round as release 0003 left it: a member's response, one of a person who
    then deleted their data, and an imported paper form; a lockout row; an older open round."""
    closed, imported = datetime(2025, 4, 1, tzinfo=UTC), datetime(2025, 3, 20, tzinfo=UTC)
    with engine.begin() as conn:
        conn.execute(
            sa.text("INSERT INTO teams VALUES (1, 'Team', 'jh', 'lh', :t)"),
            {"t": CREATED},
        )
        conn.execute(
            sa.text(
                "INSERT INTO rounds VALUES (1, 1, 'Spring', :t, :closed), (2, 1, 'Autumn', :closed, NULL)"
            ),
            {"t": CREATED, "closed": closed},
        )
        conn.execute(
            sa.text("INSERT INTO people (id, code_hash, created_at, team_id) VALUES (1, 'h1', :t, 1)"),
            {"t": CREATED},
        )
        conn.execute(
            sa.text(
                "INSERT INTO responses (id, public_id, person_id, instrument_version, language, submitted_at, round_id) "
                "VALUES (1, 'member', 1, '2026.1', 'en', :t, 1), (2, 'deleted', NULL, '2026.1', 'en', :closed, 1), "
                "(3, 'paper', NULL, '2026.1', 'en', :imported, 1)"
            ),
            {"t": CREATED, "closed": closed, "imported": imported},
        )
        conn.execute(
            sa.text("INSERT INTO ratings VALUES (:response, :item, :raw)"),
            [
                {"response": response, "item": item, "raw": raw}
                for response in (1, 2, 3)
                for item, raw in all_answered(questionnaire, response).items()
            ],
        )
        conn.execute(
            sa.text("INSERT INTO lead_login_failures (team_id, failed_at) VALUES (1, :t)"), {"t": CREATED}
        )


def test_a_0003_database_is_upgraded_with_rows_intact_and_paper_forms_recognised(database_url, questionnaire):
    engine = _database_at(database_url, "0003")
    _fill_0003(engine, questionnaire)
    before = _every_row(engine, ("teams", "rounds", "people", "responses", "ratings"))
    engine.dispose()

    storage, after = _upgraded_with_rows_intact(database_url, before)
    assert [row[-1] for row in after["responses"]] == ["online", "online", "paper"]
    assert [row[5] for row in after["rounds"]] == [None, None], "no team size was asked for"
    with storage.engine.connect() as conn:
        assert "lead_login_failures" not in sa.inspect(conn).get_table_names()

    spring, autumn = storage.rounds_of(1)
    assert (spring.responses, spring.paper, spring.online, spring.expected_size) == (3, 1, 2, None)
    assert not autumn.over_team_size, "a round without a team size is never flagged"
    assert storage.round_data(spring.id).paper.tolist() == [False, False, True]


def test_a_0006_database_gets_organisations_with_its_teams_on_their_own(database_url, questionnaire):
    """0007 adds columns in place: on SQLite, rebuilding `teams` or `people` would delete their
    ON DELETE CASCADE children (rounds, responses, drafts) with the old table."""
    engine = _database_at(database_url, "0003")
    _fill_0003(engine, questionnaire)
    engine.dispose()
    engine = _database_at(database_url, "0006")
    before = _every_row(engine, ("teams", "rounds", "people", "responses", "ratings"))
    engine.dispose()

    storage, _ = _upgraded_with_rows_intact(database_url, before)
    team = storage.team(1)
    assert (team.organisation_id, team.retired) == (None, False)
    spring, autumn = storage.rounds_of(1)
    assert (spring.invitation_only, spring.invitations, autumn.invitation_only) == (False, 0, False)


def test_0004_downgrades_to_0003_with_the_lockout_table_back(database_url):
    engine = _database_at(database_url, "head")
    with engine.begin() as conn:
        command.downgrade(_alembic_config(conn), "0003")
    with engine.connect() as conn:
        inspector = sa.inspect(conn)
        assert "lead_login_failures" in inspector.get_table_names()
        assert "source" not in {c["name"] for c in inspector.get_columns("responses")}
        assert "expected_size" not in {c["name"] for c in inspector.get_columns("rounds")}
    engine.dispose()


def _foreign_key_signature(constraint) -> tuple:
    return (
        constraint.table.name,
        tuple(c.name for c in constraint.columns),
        constraint.elements[0].target_fullname,
    )


def test_migrations_and_the_declared_tables_describe_the_same_schema(database_url):
    engine = _database_at(database_url, "head")
    with engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), metadata)
        if conn.dialect.name == "sqlite":
            # SQLAlchemy does not read ON DELETE from a column added with ALTER TABLE in SQLite,
            # so such a key shows as removed and added again; check those rules with SQLite itself.
            removed = {_foreign_key_signature(d[1]) for d in differences if d[0] == "remove_fk"}
            readded = [
                d[1] for d in differences if d[0] == "add_fk" and _foreign_key_signature(d[1]) in removed
            ]
            for constraint in readded:
                table, (column,), _ = _foreign_key_signature(constraint)
                rules = {row[3]: row[6] for row in conn.exec_driver_sql(f"PRAGMA foreign_key_list({table})")}
                assert rules[column] == constraint.ondelete, (table, column)
            differences = [d for d in differences if d[0] not in ("remove_fk", "add_fk")] + [
                d
                for d in differences
                if d[0] in ("remove_fk", "add_fk") and _foreign_key_signature(d[1]) not in removed
            ]
    assert differences == []


def test_an_older_database_is_not_touched_when_the_deployment_forbids_it(database_url, questionnaire):
    engine = _database_at(database_url, "0002")
    engine.dispose()
    with pytest.raises(StorageError, match="schema version 0002.*python -m assessment migrate"):
        Storage.open(database_url, migrate=False)


def test_migrate_command_upgrades_and_says_so(database_url, monkeypatch, capsys):
    engine = _database_at(database_url, "0001")
    engine.dispose()
    monkeypatch.setenv("ASSESSMENT_DATABASE_URL", database_url)
    assert main(["migrate"]) == 0
    assert "newest" in capsys.readouterr().out
    with Storage.open(database_url, migrate=False).engine.connect() as conn:
        current, head = schema_versions(conn)
    assert current == head


def test_a_database_of_another_app_is_refused(database_url):
    engine = _make_engine(database_url)
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE invoices (id INTEGER PRIMARY KEY)"))
    engine.dispose()
    with pytest.raises(StorageError, match="not made by this app"):
        Storage.open(database_url)
