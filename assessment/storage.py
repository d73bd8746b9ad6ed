"""The database: every table, every read and write, and the SQLite/PostgreSQL rules.

Nothing else in the app issues SQL. Writes run in short transactions; on SQLite they take
the write lock up front (BEGIN IMMEDIATE) so that concurrent sessions queue on busy_timeout
instead of failing with "database is locked" half-way through.
"""

from __future__ import annotations

import functools
import secrets
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import sqlalchemy as sa
from alembic import command as alembic_command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from assessment import codes, names
from assessment.i18n import N_, _
from assessment.questionnaire import Questionnaire
from assessment.scoring import Answers
from assessment.settings import (
    HOW_TO_MAKE_A_SECRET,
    Settings,
    SettingsError,
    configured_secret,
    stored_secret,
)

SQLITE_BUSY_TIMEOUT_MS = 15_000

metadata = sa.MetaData()

people = sa.Table(
    "people",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("code_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    # The team a person joined through its link or join code; their submissions count there.
    sa.Column("team_id", sa.ForeignKey("teams.id", ondelete="SET NULL"), nullable=True),
    # The language the person chose, so their code brings it back in another browser.
    sa.Column("language", sa.String(16), nullable=True),
    # The invitation the person came with; their submission into its round uses it up.
    sa.Column(
        "invitation_id",
        sa.ForeignKey("invitations.id", name="fk_people_invitation", ondelete="SET NULL"),
        nullable=True,
    ),
)

organisations = sa.Table(
    "organisations",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(120), nullable=False),
    # Like a team's join code and lead key: the code names the organisation, the key proves the
    # coordinator; only their hashes are stored.
    sa.Column("code_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("coordinator_key_hash", sa.String(200), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

teams = sa.Table(
    "teams",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(120), nullable=False),
    sa.Column("join_code_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("lead_key_hash", sa.String(200), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    # NULL for a team on its own, as every team was before organisations.
    sa.Column(
        "organisation_id",
        sa.ForeignKey("organisations.id", name="fk_teams_organisation", ondelete="RESTRICT"),
        nullable=True,
        index=True,
    ),
    # A retired team takes no new members and no new rounds; its closed rounds stay as they were.
    sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True),
)

rounds = sa.Table(
    "rounds",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("team_id", sa.ForeignKey("teams.id", ondelete="CASCADE"), nullable=False),
    sa.Column("name", sa.String(120), nullable=False),
    sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
    # The team size the lead states when opening the round: more responses than this is stuffing
    # made visible. NULL for rounds opened before the app asked for it.
    sa.Column("expected_size", sa.Integer, nullable=True),
    # The questionnaire version the round was opened on: only responses to it count there, and
    # its figures use that version's statements, whatever version is current later.
    sa.Column("instrument_version", sa.String(32), nullable=False),
    # Only a member with an unused invitation from the coordinator can submit into the round, so
    # the lead, who issues none, cannot add answers of their own.
    sa.Column("invitation_only", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.UniqueConstraint("team_id", "name", name="round_name_unique_in_team"),
    sa.CheckConstraint("expected_size BETWEEN 1 AND 1000", name="round_expected_size_in_range"),
)
# The database itself refuses a second open round of a team, whatever the code above it does.
sa.Index(
    "one_open_round_per_team",
    rounds.c.team_id,
    unique=True,
    sqlite_where=rounds.c.closed_at.is_(None),
    postgresql_where=rounds.c.closed_at.is_(None),
)

draft_answers = sa.Table(
    "draft_answers",
    metadata,
    sa.Column("person_id", sa.ForeignKey("people.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("item_id", sa.String(32), primary_key=True),
    # NULL is "Not applicable": an item with no row is unanswered.
    sa.Column("raw_value", sa.SmallInteger, nullable=True),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("raw_value BETWEEN 1 AND 5", name="draft_value_on_scale"),
)

responses = sa.Table(
    "responses",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    # What people see and export: a random id reveals nothing about how many responses exist.
    sa.Column("public_id", sa.String(32), nullable=False, unique=True),
    sa.Column("person_id", sa.ForeignKey("people.id", ondelete="SET NULL"), nullable=True, index=True),
    sa.Column("instrument_version", sa.String(32), nullable=False),
    sa.Column("language", sa.String(16), nullable=False),
    sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("round_id", sa.ForeignKey("rounds.id", ondelete="CASCADE"), nullable=True, index=True),
    # "online" (a member submitted it) or "paper" (the lead typed it from a paper form): only
    # online responses count toward k, because the lead has seen every paper form.
    sa.Column("source", sa.String(16), nullable=False),
    sa.CheckConstraint("source IN ('online', 'paper')", name="response_source_known"),
)
# One response per person per round: a later submission takes the earlier one's place.
sa.Index(
    "one_response_per_person_and_round",
    responses.c.person_id,
    responses.c.round_id,
    unique=True,
    sqlite_where=responses.c.round_id.is_not(None),
    postgresql_where=responses.c.round_id.is_not(None),
)

ratings = sa.Table(
    "ratings",
    metadata,
    sa.Column("response_id", sa.ForeignKey("responses.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("item_id", sa.String(32), primary_key=True),
    sa.Column("raw_value", sa.SmallInteger, nullable=True),  # NULL is "Not applicable"
    sa.CheckConstraint("raw_value BETWEEN 1 AND 5", name="rating_value_on_scale"),
)

invitations = sa.Table(
    "invitations",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("round_id", sa.ForeignKey("rounds.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("code_hash", sa.String(64), nullable=False, unique=True),
    # Used, not by whom: the invitation is never linked to the response it let in.
    sa.Column("used", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

notes = sa.Table(
    "notes",
    metadata,
    # Private reflection notes: read only for their author, never in any team view or export.
    sa.Column("person_id", sa.ForeignKey("people.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("area_id", sa.String(32), primary_key=True),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)

IMPORT_CHUNK = 500  # rows per progress step of an import
LARGEST_TEAM = 1000  # the largest team size a lead can state when opening a round
# Ratings fetched from the database at a time when a round is read: memory stays bounded.
RATINGS_PER_FETCH = 20_000


RETIRED_TEAM = N_("This team was retired by its organisation's coordinator: it opens no new rounds.")


class StorageError(RuntimeError):
    """The database cannot be reached or used; the message is fit to show to a person."""


class TeamError(ValueError):
    """A team action that the rules forbid; the message says what to do instead."""


def _clean_name(text: str, what: str, max_length: int) -> str:
    """names.clean_name, refusing with a TeamError like every other rule of teams and rounds."""
    try:
        return names.clean_name(text, what=what, max_length=max_length)
    except names.InvalidName as exc:
        raise TeamError(str(exc)) from None


@dataclass(frozen=True)
class Organisation:
    id: int
    name: str


@dataclass(frozen=True)
class NewOrganisation:
    organisation: Organisation
    code: str  # names the organisation when its coordinator signs in
    coordinator_key: str  # shown once; only its scrypt hash is stored


@dataclass(frozen=True)
class Team:
    id: int
    name: str
    organisation_id: int | None = None  # None for a team on its own
    retired: bool = False


@dataclass(frozen=True)
class NewTeam:
    team: Team
    join_code: str
    lead_key: str  # shown once to the lead; only its scrypt hash is stored


@dataclass(frozen=True)
class Round:
    id: int
    team_id: int
    name: str
    opened_at: datetime
    closed_at: datetime | None
    responses: int  # submitted responses counted in the round, online and paper
    paper: int  # of those, paper forms the lead typed
    expected_size: int | None  # the team size the lead stated; None for rounds from before
    instrument_version: str  # the questionnaire version the round was opened on; only it counts
    # Responses no longer linked to a person (they deleted their data): with the counts above, it
    # changes whenever what a closed round's figures are computed from changes.
    anonymous: int = 0
    invitation_only: bool = False  # only members with an unused invitation can submit into it
    invitations: int = 0  # invitations the coordinator issued for the round
    invitations_used: int = 0  # of those, the ones a submission used up

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def online(self) -> int:
        """Responses members submitted themselves: the only ones the lead cannot have seen."""
        return self.responses - self.paper

    @property
    def over_team_size(self) -> bool:
        """More responses than the team has members: someone answered twice, or the lead stuffed."""
        return self.expected_size is not None and self.responses > self.expected_size


@dataclass(frozen=True)
class RoundData:
    """What a round's figures are computed from: one row per response, in the same order."""

    answers: pd.DataFrame  # index: response id; a float column per item id; NaN is Not applicable
    paper: pd.Series  # bool per response: a paper form the lead typed
    person_ids: pd.Series  # the respondent per response; None for paper forms and deleted people

    @property
    def online(self) -> pd.Series:
        return ~self.paper


@dataclass(frozen=True)
class Submission:
    public_id: str
    round: Round | None  # the team round the response counts in, if any
    team: Team | None  # the person's team, whether or not it had an open round
    # The team's open round the response does not count in, because that round was opened on
    # another questionnaire version than the one answered.
    other_version_round: Round | None = None
    instrument_version: str = ""  # the questionnaire version answered
    # The team's invitation-only round the response does not count in, because the person holds
    # no unused invitation to it.
    uninvited_round: Round | None = None


@dataclass(frozen=True)
class Invitation:
    """What an invitation code opens: one submission into `round` of `team`."""

    id: int
    round: Round
    team: Team
    used: bool


@dataclass(frozen=True)
class StoredResponse:
    public_id: str
    submitted_at: datetime  # UTC
    instrument_version: str
    answers: dict[str, int | None]
    round_name: str | None = None  # the team round it counts in, if any
    team_name: str | None = None


@dataclass(frozen=True)
class PersonRecord:
    """Everything stored about one person: their results page and their own download."""

    responses: list[StoredResponse]
    draft: dict[str, int | None]
    notes: dict[str, str]
    team: Team | None
    language: str | None = None  # the language the person chose, if any


_TEAM_COLUMNS = (teams.c.id, teams.c.name, teams.c.organisation_id, teams.c.retired_at)
# What each kind of short code is hashed for (codes.keyed_hash).
_ORGANISATION_CODE = "organisation-code"
_INVITATION_CODE = "invitation-code"


def _as_team(row) -> Team:
    return Team(row.id, row.name, row.organisation_id, row.retired_at is not None)


def _key_hash(key: str) -> str:
    return codes.key_hash(codes.normalise_code(key, codes.KEY_LENGTH))


def utc_now() -> datetime:
    return datetime.now(UTC)


def _as_utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; every one we store is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _server_secret(url: sa.URL, given: str | None) -> str:
    """The secret join codes are hashed with: `given`, else ASSESSMENT_SECRET, else the SQLite
    database's own, kept in a file beside it."""
    secret = given or configured_secret()
    if secret:
        return secret
    if url.get_backend_name() != "sqlite":
        raise SettingsError(
            "ASSESSMENT_SECRET is not set. With PostgreSQL it is required, and every app server must "
            f"have the same one: make it once with {HOW_TO_MAKE_A_SECRET} and set ASSESSMENT_SECRET to "
            "it in each server's environment."
        )
    if not url.database or url.database == ":memory:":
        return secrets.token_urlsafe(32)  # the database ends with this process, and so may its secret
    return stored_secret(Path(url.database).resolve().parent)


def _make_engine(url: str, pool_size: int = 5, max_overflow: int = 10) -> Engine:
    try:
        parsed = sa.make_url(url)
    except ArgumentError:
        raise StorageError(
            "ASSESSMENT_DATABASE_URL is not a database URL; use for example "
            "sqlite:////var/lib/assessment/assessment.sqlite3"
        ) from None
    if parsed.get_backend_name() != "sqlite":
        # pre_ping: a connection the server closed (restart, failover) is replaced, not used.
        return sa.create_engine(parsed, pool_pre_ping=True, pool_size=pool_size, max_overflow=max_overflow)

    if parsed.database and parsed.database != ":memory:":
        folder = Path(parsed.database).parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(f"The database at {parsed.database} cannot be opened: {exc}.") from exc
    engine = sa.create_engine(parsed, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # Let SQLAlchemy's "begin" event below issue BEGIN, instead of the sqlite3 module.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        # Deleted rows are overwritten with zeros, not left in free pages of the file: "delete
        # my data" must not leave a person's answers readable in the database file. (Explicit,
        # because whether it is on by default depends on how SQLite was compiled.)
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        immediate = connection.get_execution_options().get("sqlite_begin_immediate", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# Any constant will do: it only has to be the same for every server of a deployment.
SCHEMA_LOCK_ID = 7_410_2024


def _alembic_config(conn: Connection, current_version: str | None = None) -> AlembicConfig:
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = conn
    # Migration 0005 binds older rounds without responses to it (default: the newest version).
    config.attributes["current_version"] = current_version
    return config


def schema_versions(conn: Connection) -> tuple[str | None, str]:
    """The schema version the database is at (None when it has none) and the newest one."""
    head = ScriptDirectory.from_config(_alembic_config(conn)).get_current_head()
    return MigrationContext.configure(conn).get_current_revision(), head


def _prepare_schema(conn: Connection, migrate: bool, current_version: str | None = None) -> None:
    """Create, check or upgrade the schema, inside the caller's transaction."""
    if conn.dialect.name == "postgresql":
        # Several servers starting at once: one prepares the schema, the others wait for it.
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:id)"), {"id": SCHEMA_LOCK_ID})
    current, head = schema_versions(conn)
    if current == head:
        return
    if current is None:
        if sa.inspect(conn).get_table_names():
            raise StorageError(
                "holds tables but no schema version: it was not made by this app. Give the app an empty database."
            )
        metadata.create_all(conn)
        MigrationContext.configure(conn).stamp(ScriptDirectory.from_config(_alembic_config(conn)), head)
        return
    if not migrate:
        raise StorageError(
            f"has schema version {current}; this version of the app needs {head}. "
            "Run `python -m assessment migrate`, or allow it at start with ASSESSMENT_AUTO_MIGRATE=true."
        )
    alembic_command.upgrade(_alembic_config(conn, current_version), "head")


@functools.cache
def _upsert_statement(dialect: str, table: sa.Table, key: tuple[str, ...], columns: tuple[str, ...]):
    """One statement object per table and shape, so SQLAlchemy compiles it once and reuses it."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(table)
    changes = {c: statement.excluded[c] for c in columns if c not in key}
    return statement.on_conflict_do_update(index_elements=list(key), set_=changes)


class Storage:
    """All reads and writes of the app's data."""

    def __init__(self, engine: Engine, secret: str, current_version: str | None = None):
        self.engine = engine
        self._secret = secret  # join codes are hashed with it
        # The questionnaire version a new round is bound to unless open_round is told another.
        self.current_version = current_version
        self._writer = engine.execution_options(sqlite_begin_immediate=True)
        # SQLite takes one writer at a time. This process's writers queue on a lock instead of on
        # SQLite's busy handler, which makes a waiting writer sleep 1, 2, 5 ... 100 ms and try
        # again: under load, writes of a millisecond then waited for a second.
        self._one_writer = threading.Lock() if engine.dialect.name == "sqlite" else nullcontext()

    @classmethod
    def open(
        cls,
        url: str,
        migrate: bool = True,
        pool_size: int = 5,
        max_overflow: int = 10,
        secret: str | None = None,
        current_version: str | None = None,
    ) -> Storage:
        """Connect to `url`; create the schema in a new database, or bring an older one up to
        date when `migrate` allows it. The pool sizes apply to PostgreSQL.

        `current_version` is the questionnaire version new rounds are bound to (and, in an
        upgrade, the version of older rounds that hold no response to tell theirs).

        `secret` keys the join-code hashes; by default ASSESSMENT_SECRET, else for SQLite a
        secret made on first start in a file beside the database. PostgreSQL needs one.
        """
        engine = _make_engine(url, pool_size, max_overflow)
        shown = engine.url.render_as_string(hide_password=True)
        try:
            secret = _server_secret(engine.url, secret)
        except SettingsError:
            engine.dispose()
            raise
        try:
            with engine.begin() as conn:
                _prepare_schema(conn, migrate, current_version)
        except SQLAlchemyError as exc:
            engine.dispose()
            reason = str(getattr(exc, "orig", exc)).splitlines()[0]
            raise StorageError(f"The database at {shown} cannot be opened: {reason}.") from exc
        except StorageError as exc:
            engine.dispose()
            raise StorageError(f"The database at {shown} {exc}") from exc
        return cls(engine, secret, current_version)

    @classmethod
    def from_settings(cls, settings: Settings, current_version: str | None = None) -> Storage:
        return cls.open(
            settings.database_url,
            migrate=settings.auto_migrate,
            pool_size=settings.pool_size,
            max_overflow=settings.max_overflow,
            secret=settings.secret,
            current_version=current_version,
        )

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with self._guard(), self._one_writer, self._writer.begin() as conn:
            yield conn

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self._guard(), self.engine.connect() as conn:
            yield conn

    @contextmanager
    def _guard(self) -> Iterator[None]:
        try:
            yield
        except SQLAlchemyError as exc:
            reason = str(getattr(exc, "orig", exc)).splitlines()[0]
            raise StorageError(f"The database did not answer as expected: {reason}.") from exc

    def _upsert(self, conn: Connection, table: sa.Table, row: dict, key: list[str]) -> None:
        """Insert `row`, or update the row with the same `key` (works on SQLite and PostgreSQL)."""
        conn.execute(_upsert_statement(conn.dialect.name, table, tuple(key), tuple(row)), row)

    # ------------------------------------------------------------------ people

    def create_person(self) -> str:
        """A new person with a fresh personal code; the code itself is not stored."""
        code = codes.new_personal_code()
        with self._write() as conn:
            conn.execute(
                people.insert().values(
                    code_hash=codes.code_hash(codes.normalise_code(code)), created_at=utc_now()
                )
            )
        return code

    def person_id(self, typed_code: str) -> int | None:
        """The person a typed code belongs to; None for a malformed or unknown code alike."""
        canonical = codes.normalise_code(typed_code)
        if canonical is None:
            return None
        with self._read() as conn:
            return conn.scalar(sa.select(people.c.id).where(people.c.code_hash == codes.code_hash(canonical)))

    # ------------------------------------------------------------------ drafts

    def save_draft_answer(
        self, person_id: int, item_id: str, raw_value: int | None
    ) -> tuple[dict[str, int | None], dict[str, str]]:
        """Store one answer of the draft; return the draft and the notes as they now stand, read
        in the same transaction: the questionnaire shows both after every answer."""
        row = {
            "person_id": person_id,
            "item_id": item_id,
            "raw_value": raw_value,
            "updated_at": utc_now(),
        }
        with self._write() as conn:
            self._upsert(conn, draft_answers, row, ["person_id", "item_id"])
            return self._draft(conn, person_id), self._notes(conn, person_id)

    def draft(self, person_id: int) -> dict[str, int | None]:
        with self._read() as conn:
            return self._draft(conn, person_id)

    def _draft(self, conn: Connection, person_id: int) -> dict[str, int | None]:
        rows = conn.execute(
            sa.select(draft_answers.c.item_id, draft_answers.c.raw_value).where(
                draft_answers.c.person_id == person_id
            )
        )
        return {item_id: raw for item_id, raw in rows}

    def draft_and_notes(self, person_id: int) -> tuple[dict[str, int | None], dict[str, str]]:
        """The draft and the notes in one read: the questionnaire shows both after every answer."""
        with self._read() as conn:
            return self._draft(conn, person_id), self._notes(conn, person_id)

    # --------------------------------------------------------------- responses

    def submit_response(self, person_id: int, questionnaire: Questionnaire, answers: Answers) -> Submission:
        """Store a complete response and clear the draft, in one transaction.

        When the person's team has an open round opened on the version answered, the response
        counts there and takes the place of the person's earlier response in that round (which
        stays in their own history). A round opened on another version does not take it: its
        figures compare like with like (Submission.other_version_round says so).
        """
        expected = {i.id for i in questionnaire.items}
        if set(answers) != expected:
            raise ValueError(f"a response needs an answer to every item; missing {expected - set(answers)}")
        public_id = secrets.token_hex(8)
        with self._write() as conn:
            team_id = conn.scalar(sa.select(people.c.team_id).where(people.c.id == person_id))
            open_round = self._open_round(conn, team_id) if team_id else None
            other_version_round = uninvited_round = None
            if open_round and open_round.instrument_version != questionnaire.version:
                other_version_round, open_round = open_round, None
            if open_round and open_round.invitation_only and not self._admits(conn, person_id, open_round):
                uninvited_round, open_round = open_round, None
            if open_round:
                conn.execute(
                    responses.update()
                    .where(responses.c.person_id == person_id, responses.c.round_id == open_round.id)
                    .values(round_id=None)
                )
            response_id = conn.execute(
                responses.insert().values(
                    public_id=public_id,
                    person_id=person_id,
                    instrument_version=questionnaire.version,
                    language=questionnaire.language,
                    submitted_at=utc_now(),
                    round_id=open_round.id if open_round else None,
                    source="online",
                )
            ).inserted_primary_key[0]
            conn.execute(
                ratings.insert(),
                [
                    {"response_id": response_id, "item_id": item_id, "raw_value": raw}
                    for item_id, raw in answers.items()
                ],
            )
            conn.execute(draft_answers.delete().where(draft_answers.c.person_id == person_id))
            team = self._team(conn, team_id) if team_id else None
        return Submission(
            public_id, open_round, team, other_version_round, questionnaire.version, uninvited_round
        )

    def _responses(self, conn: Connection, person_id: int) -> list[StoredResponse]:
        """Every submitted response of a person, oldest first."""
        rows = conn.execute(
            sa.select(
                responses.c.public_id,
                responses.c.submitted_at,
                responses.c.instrument_version,
                ratings.c.item_id,
                ratings.c.raw_value,
                rounds.c.name,
                teams.c.name,
            )
            .join(ratings, ratings.c.response_id == responses.c.id)
            .outerjoin(rounds, rounds.c.id == responses.c.round_id)
            .outerjoin(teams, teams.c.id == rounds.c.team_id)
            .where(responses.c.person_id == person_id)
            .order_by(responses.c.submitted_at, responses.c.id)
        ).all()
        found: dict[str, StoredResponse] = {}
        for public_id, submitted_at, version, item_id, raw, round_name, team_name in rows:
            response = found.setdefault(
                public_id,
                StoredResponse(public_id, _as_utc(submitted_at), version, {}, round_name, team_name),
            )
            response.answers[item_id] = raw
        return list(found.values())

    # ------------------------------------------------------------------- teams

    def create_team(self, name: str, organisation: Organisation | None = None) -> NewTeam:
        """A team with a fresh join code and lead key; only their hashes are stored. A team of an
        organisation is made by its coordinator (`organisation` from organisation_for_coordinator)."""
        name = _clean_name(name, _("team name"), names.TEAM_NAME_MAX_LENGTH)
        join_code, lead_key = codes.new_join_code(), codes.new_key()
        organisation_id = organisation.id if organisation else None
        with self._write() as conn:
            if organisation is not None:
                taken = conn.scalars(
                    sa.select(teams.c.name).where(teams.c.organisation_id == organisation_id)
                )
                if names.name_key(name) in {names.name_key(other) for other in taken}:
                    raise TeamError(
                        _(
                            "The organisation already has a team called that (capitals and spaces aside); choose another name."
                        )
                    )
            team_id = conn.execute(
                teams.insert().values(
                    name=name,
                    join_code_hash=codes.join_code_hash(join_code, self._secret),
                    lead_key_hash=_key_hash(lead_key),
                    created_at=utc_now(),
                    organisation_id=organisation_id,
                )
            ).inserted_primary_key[0]
        return NewTeam(Team(team_id, name, organisation_id), join_code, lead_key)

    def _team_row_by_join_code(self, typed_code: str) -> sa.Row | None:
        """The team (id, name, lead_key_hash) a typed join code opens, or None.

        The keyed hash finds every team; a legacy 8-symbol code is also looked up by its old
        unkeyed hash, which is then replaced by the keyed one, so that from then on a stolen
        copy of the database no longer gives that code away either.
        """
        canonical = codes.normalise_join_code(typed_code)
        if canonical is None:
            return None
        keyed = codes.join_code_hash(canonical, self._secret)
        legacy = codes.code_hash(canonical) if len(canonical) == codes.LEGACY_JOIN_CODE_LENGTH else keyed
        with self._read() as conn:
            row = conn.execute(
                sa.select(*_TEAM_COLUMNS, teams.c.lead_key_hash, teams.c.join_code_hash).where(
                    teams.c.join_code_hash.in_((keyed, legacy))
                )
            ).first()
        if row and row.join_code_hash != keyed:
            with self._write() as conn:
                conn.execute(
                    teams.update()
                    .where(teams.c.id == row.id, teams.c.join_code_hash == legacy)
                    .values(join_code_hash=keyed)
                )
        return row

    def team_by_join_code(self, typed_code: str) -> Team | None:
        """The team members join with this code; None for a wrong code and for a retired team."""
        row = self._team_row_by_join_code(typed_code)
        return _as_team(row) if row and row.retired_at is None else None

    def team_for_lead(self, typed_join_code: str, typed_lead_key: str) -> Team | None:
        """The team when the join code and lead key match; None for any mismatch, in the same time.

        Wrong keys are not counted against the team: a team-wide limit would let anyone who
        knows the join code lock the lead out. The UI slows wrong keys per session instead
        (codes.key_wait_s).
        """
        row = self._team_row_by_join_code(typed_join_code)
        stored_hash = row.lead_key_hash if row else codes.decoy_key_hash()
        matches = codes.key_matches(typed_lead_key, stored_hash)
        return _as_team(row) if row and matches else None

    def join_team(self, person_id: int, team_id: int) -> None:
        with self._write() as conn:
            conn.execute(people.update().where(people.c.id == person_id).values(team_id=team_id))

    def set_language(self, person_id: int, language: str) -> None:
        with self._write() as conn:
            conn.execute(people.update().where(people.c.id == person_id).values(language=language))

    def language_of(self, person_id: int) -> str | None:
        """The language the person last chose; None when they never chose one."""
        with self._read() as conn:
            return conn.scalar(sa.select(people.c.language).where(people.c.id == person_id))

    def team_of_person(self, person_id: int) -> Team | None:
        with self._read() as conn:
            team_id = conn.scalar(sa.select(people.c.team_id).where(people.c.id == person_id))
            return self._team(conn, team_id) if team_id else None

    def _team(self, conn: Connection, team_id: int) -> Team:
        return _as_team(conn.execute(sa.select(*_TEAM_COLUMNS).where(teams.c.id == team_id)).one())

    def team(self, team_id: int) -> Team:
        with self._read() as conn:
            return self._team(conn, team_id)

    # ----------------------------------------------------------- organisations

    def create_organisation(self, name: str) -> NewOrganisation:
        """An organisation with a fresh code and coordinator key; only their hashes are stored."""
        name = _clean_name(name, _("organisation name"), names.TEAM_NAME_MAX_LENGTH)
        code, key = codes.new_join_code(), codes.new_key()
        with self._write() as conn:
            organisation_id = conn.execute(
                organisations.insert().values(
                    name=name,
                    code_hash=codes.keyed_hash(_ORGANISATION_CODE, code, self._secret),
                    coordinator_key_hash=_key_hash(key),
                    created_at=utc_now(),
                )
            ).inserted_primary_key[0]
        return NewOrganisation(Organisation(organisation_id, name), code, key)

    def organisation_for_coordinator(self, typed_code: str, typed_key: str) -> Organisation | None:
        """The organisation when its code and coordinator key match; None for any mismatch, in the
        same time. Like a lead's, wrong keys are limited per session by the UI, not here."""
        canonical = codes.normalise_code(typed_code, codes.JOIN_CODE_LENGTH)
        row = None
        if canonical is not None:
            with self._read() as conn:
                row = conn.execute(
                    sa.select(
                        organisations.c.id, organisations.c.name, organisations.c.coordinator_key_hash
                    ).where(
                        organisations.c.code_hash
                        == codes.keyed_hash(_ORGANISATION_CODE, canonical, self._secret)
                    )
                ).first()
        stored_hash = row.coordinator_key_hash if row else codes.decoy_key_hash()
        matches = codes.key_matches(typed_key, stored_hash)
        return Organisation(row.id, row.name) if row and matches else None

    def organisation_of(self, team: Team) -> Organisation | None:
        if team.organisation_id is None:
            return None
        with self._read() as conn:
            row = conn.execute(
                sa.select(organisations.c.id, organisations.c.name).where(
                    organisations.c.id == team.organisation_id
                )
            ).one()
        return Organisation(row.id, row.name)

    def teams_of(self, organisation: Organisation) -> list[Team]:
        """The organisation's teams, retired ones too, in the order they were made."""
        with self._read() as conn:
            rows = conn.execute(
                sa.select(*_TEAM_COLUMNS)
                .where(teams.c.organisation_id == organisation.id)
                .order_by(teams.c.id)
            )
            return [_as_team(row) for row in rows]

    def all_teams(self) -> list[Team]:
        """Every team in the database, in the order they were made."""
        with self._read() as conn:
            return [_as_team(row) for row in conn.execute(sa.select(*_TEAM_COLUMNS).order_by(teams.c.id))]

    def _organisation_team(self, conn: Connection, organisation: Organisation, team_id: int) -> Team:
        row = conn.execute(
            sa.select(*_TEAM_COLUMNS).where(teams.c.id == team_id, teams.c.organisation_id == organisation.id)
        ).first()
        if row is None:
            raise TeamError(_("That team is not one of this organisation's teams."))
        return _as_team(row)

    def retire_team(self, organisation: Organisation, team_id: int) -> None:
        """Retire a team of the organisation: its open round closes, its join code admits nobody
        and it opens no new rounds; its lead still sees its closed rounds."""
        with self._write() as conn:
            team = self._organisation_team(conn, organisation, team_id)
            if team.retired:
                return
            now = utc_now()
            conn.execute(
                rounds.update()
                .where(rounds.c.team_id == team_id, rounds.c.closed_at.is_(None))
                .values(closed_at=now)
            )
            conn.execute(teams.update().where(teams.c.id == team_id).values(retired_at=now))

    def rounds_of_organisation(self, organisation: Organisation) -> dict[int, list[Round]]:
        """Every round of every team of the organisation, by team id, oldest first."""
        found: dict[int, list[Round]] = {}
        with self._read() as conn:
            rows = conn.execute(
                self._round_query()
                .join(teams, teams.c.id == rounds.c.team_id)
                .where(teams.c.organisation_id == organisation.id)
                .order_by(rounds.c.opened_at, rounds.c.id)
            )
            for row in rows:
                found.setdefault(row.team_id, []).append(self._as_round(row))
        return found

    # ------------------------------------------------------------------ rounds

    def _round_query(self) -> sa.Select:
        def counted(*conditions, table: sa.Table = responses) -> sa.ScalarSelect:
            return (
                sa.select(sa.func.count(table.c.id))
                .where(table.c.round_id == rounds.c.id, *conditions)
                .scalar_subquery()
            )

        return sa.select(
            rounds.c.id,
            rounds.c.team_id,
            rounds.c.name,
            rounds.c.opened_at,
            rounds.c.closed_at,
            counted().label("responses"),
            counted(responses.c.source == "paper").label("paper"),
            rounds.c.expected_size,
            rounds.c.instrument_version,
            counted(responses.c.person_id.is_(None)).label("anonymous"),
            rounds.c.invitation_only,
            counted(table=invitations).label("invitations"),
            counted(invitations.c.used, table=invitations).label("invitations_used"),
        )

    @staticmethod
    def _as_round(row) -> Round:
        closed = _as_utc(row.closed_at) if row.closed_at else None
        return Round(
            row.id,
            row.team_id,
            row.name,
            _as_utc(row.opened_at),
            closed,
            row.responses,
            row.paper,
            row.expected_size,
            row.instrument_version,
            row.anonymous,
            bool(row.invitation_only),
            row.invitations,
            row.invitations_used,
        )

    def _open_round(self, conn: Connection, team_id: int) -> Round | None:
        row = conn.execute(
            self._round_query().where(rounds.c.team_id == team_id, rounds.c.closed_at.is_(None))
        ).first()
        return self._as_round(row) if row else None

    def rounds_of(self, team_id: int) -> list[Round]:
        """The team's rounds, oldest first, each with its number of submitted responses."""
        with self._read() as conn:
            rows = conn.execute(
                self._round_query()
                .where(rounds.c.team_id == team_id)
                .order_by(rounds.c.opened_at, rounds.c.id)
            )
            return [self._as_round(row) for row in rows]

    def open_round_of(self, team_id: int) -> Round | None:
        with self._read() as conn:
            return self._open_round(conn, team_id)

    def open_round(
        self, team_id: int, name: str, expected_size: int, instrument_version: str | None = None
    ) -> Round:
        """Open a round for the team of `expected_size` members (the lead's word, shown to members),
        bound to `instrument_version` (default: the storage's current version) for good."""
        version = instrument_version or self.current_version
        if not version:
            raise ValueError("a round needs the questionnaire version it is opened on")
        name = _clean_name(name, _("round name"), names.ROUND_NAME_MAX_LENGTH)
        if isinstance(expected_size, bool) or not isinstance(expected_size, int):
            raise TeamError(_("Give the number of people in your team as a whole number, for example 12."))
        if not 1 <= expected_size <= LARGEST_TEAM:
            raise TeamError(
                _(
                    "Give the number of people in your team who may answer, from 1 to {largest} (you gave "
                    "{given}). Members see it beside the count of answers, and a round with more answers "
                    "than that is not published."
                ).format(largest=LARGEST_TEAM, given=expected_size)
            )
        with self._write() as conn:
            if self._team(conn, team_id).retired:
                raise TeamError(_(RETIRED_TEAM))
            if self._open_round(conn, team_id):
                raise TeamError(_("This team already has an open round; close it before opening another."))
            # Compared as people read them: "Spring 2025" and "spring  2025" are the same round.
            taken = conn.scalars(sa.select(rounds.c.name).where(rounds.c.team_id == team_id))
            if names.name_key(name) in {names.name_key(other) for other in taken}:
                raise TeamError(
                    _(
                        "This team already has a round called that (capitals and spaces aside); choose another name."
                    )
                )
            round_id = conn.execute(
                rounds.insert().values(
                    team_id=team_id,
                    name=name,
                    opened_at=utc_now(),
                    expected_size=expected_size,
                    instrument_version=version,
                )
            ).inserted_primary_key[0]
            return self._as_round(conn.execute(self._round_query().where(rounds.c.id == round_id)).one())

    def close_round(self, team_id: int, round_id: int) -> None:
        """Close an open round for good; a closed round never reopens."""
        with self._write() as conn:
            closed = conn.execute(
                rounds.update()
                .where(rounds.c.id == round_id, rounds.c.team_id == team_id, rounds.c.closed_at.is_(None))
                .values(closed_at=utc_now())
            )
            if closed.rowcount != 1:
                raise TeamError(_("That round is not open in this team."))

    # ------------------------------------------------------------- invitations

    def make_invitation_only(self, organisation: Organisation, team_id: int, round_id: int) -> None:
        """Let only members with an unused invitation submit into the team's open round. Only
        before anyone has answered: answers already in would not have needed one."""
        with self._write() as conn:
            self._organisation_team(conn, organisation, team_id)
            open_round = self._open_round(conn, team_id)
            if open_round is None or open_round.id != round_id:
                raise TeamError(_("That round is not open in this team."))
            if open_round.responses:
                raise TeamError(
                    _(
                        "This round already holds answers that needed no invitation, so it cannot become "
                        "invitation-only. Make the team's next round invitation-only before anyone answers."
                    )
                )
            conn.execute(rounds.update().where(rounds.c.id == round_id).values(invitation_only=True))

    def issue_invitations(self, organisation: Organisation, round_id: int, count: int) -> list[str]:
        """`count` single-use invitation codes to an open invitation-only round of one of the
        organisation's teams; only their keyed hashes are stored."""
        if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= LARGEST_TEAM:
            raise TeamError(
                _("Give the number of invitations as a whole number from 1 to {largest}.").format(
                    largest=LARGEST_TEAM
                )
            )
        issued = [codes.new_invitation_code() for _ in range(count)]
        with self._write() as conn:
            row = conn.execute(sa.select(rounds.c.team_id).where(rounds.c.id == round_id)).first()
            if row is None:
                raise TeamError(_("That round is not open in this team."))
            self._organisation_team(conn, organisation, row.team_id)
            open_round = self._open_round(conn, row.team_id)
            if open_round is None or open_round.id != round_id:
                raise TeamError(_("That round is not open in this team."))
            if not open_round.invitation_only:
                raise TeamError(_("Make the round invitation-only before issuing invitations to it."))
            now = utc_now()
            conn.execute(
                invitations.insert(),
                [
                    {
                        "round_id": round_id,
                        "code_hash": self._invitation_hash(code),
                        "used": False,
                        "created_at": now,
                    }
                    for code in issued
                ],
            )
        return issued

    def _invitation_hash(self, code: str) -> str:
        canonical = codes.normalise_code(code, codes.INVITATION_CODE_LENGTH) or ""
        return codes.keyed_hash(_INVITATION_CODE, canonical, self._secret)

    def invitation(self, typed_code: str) -> Invitation | None:
        """The invitation a typed code is; None when it is none."""
        if codes.normalise_code(typed_code, codes.INVITATION_CODE_LENGTH) is None:
            return None
        with self._read() as conn:
            row = conn.execute(
                sa.select(invitations.c.id, invitations.c.round_id, invitations.c.used).where(
                    invitations.c.code_hash == self._invitation_hash(typed_code)
                )
            ).first()
            if row is None:
                return None
            round_ = self._as_round(
                conn.execute(self._round_query().where(rounds.c.id == row.round_id)).one()
            )
            return Invitation(row.id, round_, self._team(conn, round_.team_id), bool(row.used))

    def hold_invitation(self, person_id: int, invitation: Invitation) -> None:
        """The person answers with this invitation: they join its team, and their submission into
        its round will use it up."""
        with self._write() as conn:
            conn.execute(
                people.update()
                .where(people.c.id == person_id)
                .values(team_id=invitation.team.id, invitation_id=invitation.id)
            )

    def holds_invitation(self, person_id: int, round_id: int) -> bool:
        """Whether the person came with an invitation to the round (used by them or not yet)."""
        with self._read() as conn:
            return (
                conn.scalar(
                    sa.select(sa.func.count())
                    .select_from(people.join(invitations, invitations.c.id == people.c.invitation_id))
                    .where(people.c.id == person_id, invitations.c.round_id == round_id)
                )
                > 0
            )

    def _admits(self, conn: Connection, person_id: int, open_round: Round) -> bool:
        """Whether the person may submit into an invitation-only round: they answered in it
        before (only an invitation let them in, and the new response replaces that one), or they
        hold an unused invitation to it, which this uses up."""
        answered_before = conn.scalar(
            sa.select(sa.func.count(responses.c.id)).where(
                responses.c.person_id == person_id, responses.c.round_id == open_round.id
            )
        )
        if answered_before:
            return True
        held = conn.scalar(
            sa.select(people.c.invitation_id)
            .join(invitations, invitations.c.id == people.c.invitation_id)
            .where(people.c.id == person_id, invitations.c.round_id == open_round.id)
        )
        if held is None:
            return False
        # Conditional on `used`, so two people holding the same invitation cannot both get in.
        used_now = conn.execute(
            invitations.update()
            .where(invitations.c.id == held, invitations.c.used.is_(False))
            .values(used=True)
        )
        return used_now.rowcount == 1

    def round_data(self, round_id: int) -> RoundData:
        """A round's responses: raw answers (a column per item id), source and respondent of each.

        Missing values are "Not applicable". Filtered in SQL by an indexed column, so other
        teams' data costs nothing here; both queries run in one transaction, so they agree.
        """
        with self._read() as conn:
            who = conn.execute(
                sa.select(responses.c.id, responses.c.source, responses.c.person_id)
                .where(responses.c.round_id == round_id)
                .order_by(responses.c.id)
            ).all()
            row_of = {r.id: position for position, r in enumerate(who)}
            # One column of answers per item, filled as the ratings stream in: holding the
            # ratings as rows first (30 per response) tripled the page's peak memory.
            columns: dict[str, np.ndarray] = {}
            ratings_of_round = conn.execution_options(yield_per=RATINGS_PER_FETCH).execute(
                sa.select(ratings.c.response_id, ratings.c.item_id, ratings.c.raw_value)
                .join(responses, responses.c.id == ratings.c.response_id)
                .where(responses.c.round_id == round_id)
            )
            for response_id, item_id, raw_value in ratings_of_round:
                column = columns.get(item_id)
                if column is None:
                    column = columns[item_id] = np.full(len(who), np.nan)
                if raw_value is not None:
                    column[row_of[response_id]] = raw_value
        index = pd.Index([r.id for r in who], name="response_id")
        answers = pd.DataFrame(dict(sorted(columns.items())), index=index, dtype="float64")
        answers.columns.name = "item_id"
        return RoundData(
            answers=answers,
            paper=pd.Series([r.source == "paper" for r in who], index=index, dtype=bool),
            person_ids=pd.Series([r.person_id for r in who], index=index, dtype=object),
        )

    def import_responses(
        self,
        team_id: int,
        round_id: int,
        questionnaire: Questionnaire,
        answer_sets: Sequence[Answers],
        progress: Callable[[int, int], None] | None = None,
        coordinator: Organisation | None = None,
    ) -> int:
        """Store paper forms as anonymous responses of an open round: every row or none.

        `questionnaire` must be the version the round was opened on (the template's version). An
        invitation-only round takes paper forms from its organisation's `coordinator` only (from
        organisation_for_coordinator): its lead could otherwise add answers of their own.
        """
        expected = {i.id for i in questionnaire.items}
        if any(set(answers) != expected for answers in answer_sets):
            raise ValueError("every imported response needs an answer to every item")
        with self._write() as conn:
            open_round = self._open_round(conn, team_id)
            if open_round is None or open_round.id != round_id:
                raise TeamError(
                    _("That round is closed: answers can only be added to the team's open round.")
                )
            if open_round.invitation_only and (
                coordinator is None or self._team(conn, team_id).organisation_id != coordinator.id
            ):
                raise TeamError(
                    _(
                        "This round is invitation-only: only your organisation's coordinator can add paper "
                        "forms to it, with the coordinator key."
                    )
                )
            if open_round.instrument_version != questionnaire.version:
                raise TeamError(
                    _(
                        "The round “{round}” was opened on questionnaire version {round_version}, and these "
                        "answers are to version {version}: use the round's template."
                    ).format(
                        round=open_round.name,
                        round_version=open_round.instrument_version,
                        version=questionnaire.version,
                    )
                )
            now = utc_now()
            for start in range(0, len(answer_sets), IMPORT_CHUNK):
                chunk = answer_sets[start : start + IMPORT_CHUNK]
                public_ids = [secrets.token_hex(8) for _ in chunk]
                conn.execute(
                    responses.insert(),
                    [
                        {
                            "public_id": public_id,
                            "person_id": None,
                            "instrument_version": questionnaire.version,
                            "language": questionnaire.language,
                            "submitted_at": now,
                            "round_id": round_id,
                            "source": "paper",
                        }
                        for public_id in public_ids
                    ],
                )
                ids = dict(
                    conn.execute(
                        sa.select(responses.c.public_id, responses.c.id).where(
                            responses.c.public_id.in_(public_ids)
                        )
                    ).all()
                )
                conn.execute(
                    ratings.insert(),
                    [
                        {"response_id": ids[public_id], "item_id": item_id, "raw_value": raw}
                        for public_id, answers in zip(public_ids, chunk, strict=True)
                        for item_id, raw in answers.items()
                    ],
                )
                if progress:
                    progress(start + len(chunk), len(answer_sets))
        return len(answer_sets)

    # -------------------------------------------------------- a person's data

    def save_note(
        self, person_id: int, area_id: str, text: str
    ) -> tuple[dict[str, int | None], dict[str, str]]:
        """Store a private note, an empty one removed; return the draft and the notes as they now
        stand (see `save_draft_answer`)."""
        with self._write() as conn:
            if text.strip():
                row = {"person_id": person_id, "area_id": area_id, "text": text, "updated_at": utc_now()}
                self._upsert(conn, notes, row, ["person_id", "area_id"])
            else:
                conn.execute(notes.delete().where(notes.c.person_id == person_id, notes.c.area_id == area_id))
            return self._draft(conn, person_id), self._notes(conn, person_id)

    def _notes(self, conn: Connection, person_id: int) -> dict[str, str]:
        return dict(
            conn.execute(sa.select(notes.c.area_id, notes.c.text).where(notes.c.person_id == person_id)).all()
        )

    def person_record(self, person_id: int) -> PersonRecord:
        """Everything stored of a person, in one read."""
        with self._read() as conn:
            person = conn.execute(
                sa.select(people.c.team_id, people.c.language).where(people.c.id == person_id)
            ).first()
            team_id, language = person if person is not None else (None, None)
            return PersonRecord(
                responses=self._responses(conn, person_id),
                draft=self._draft(conn, person_id),
                notes=self._notes(conn, person_id),
                team=self._team(conn, team_id) if team_id else None,
                language=language,
            )

    def delete_person(self, person_id: int) -> None:
        """Delete everything linked to a person, in one transaction.

        A response already counted in a closed team round stays, unlinked, so the published
        team results do not change: it gets a new id and the round's closing time, so nothing
        the person downloaded earlier points to it.
        """
        with self._write() as conn:
            published = conn.execute(
                sa.select(responses.c.id, rounds.c.closed_at)
                .join(rounds, rounds.c.id == responses.c.round_id)
                .where(responses.c.person_id == person_id, rounds.c.closed_at.is_not(None))
            ).all()
            for response_id, closed_at in published:
                conn.execute(
                    responses.update()
                    .where(responses.c.id == response_id)
                    .values(person_id=None, public_id=secrets.token_hex(8), submitted_at=closed_at)
                )
            conn.execute(responses.delete().where(responses.c.person_id == person_id))
            conn.execute(people.delete().where(people.c.id == person_id))
