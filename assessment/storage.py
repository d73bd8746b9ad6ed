"""The database: every table, every read and write, and the SQLite/PostgreSQL rules.

Nothing else in the app issues SQL. Writes run in short transactions; on SQLite they take
the write lock up front (BEGIN IMMEDIATE) so that concurrent sessions queue on busy_timeout
instead of failing with "database is locked" half-way through.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from assessment import codes
from assessment.questionnaire import Questionnaire
from assessment.scoring import Answers

SQLITE_BUSY_TIMEOUT_MS = 15_000

metadata = sa.MetaData()

people = sa.Table(
    "people",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("code_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
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
)

ratings = sa.Table(
    "ratings",
    metadata,
    sa.Column("response_id", sa.ForeignKey("responses.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("item_id", sa.String(32), primary_key=True),
    sa.Column("raw_value", sa.SmallInteger, nullable=True),  # NULL is "Not applicable"
    sa.CheckConstraint("raw_value BETWEEN 1 AND 5", name="rating_value_on_scale"),
)


class StorageError(RuntimeError):
    """The database cannot be reached or used; the message is fit to show to a person."""


@dataclass(frozen=True)
class StoredResponse:
    public_id: str
    submitted_at: datetime  # UTC
    instrument_version: str
    answers: dict[str, int | None]


def utc_now() -> datetime:
    return datetime.now(UTC)


def _as_utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; every one we store is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _make_engine(url: str) -> Engine:
    try:
        parsed = sa.make_url(url)
    except ArgumentError:
        raise StorageError(
            "ASSESSMENT_DATABASE_URL is not a database URL; use for example "
            "sqlite:////var/lib/assessment/assessment.sqlite3"
        ) from None
    if parsed.get_backend_name() != "sqlite":
        return sa.create_engine(parsed, pool_pre_ping=True)

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
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        immediate = connection.get_execution_options().get("sqlite_begin_immediate", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


class Storage:
    """All reads and writes of the app's data."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self._writer = engine.execution_options(sqlite_begin_immediate=True)

    @classmethod
    def open(cls, url: str) -> Storage:
        """Connect to `url` and create the schema when the database is new."""
        engine = _make_engine(url)
        shown = engine.url.render_as_string(hide_password=True)
        try:
            metadata.create_all(engine)
        except SQLAlchemyError as exc:
            engine.dispose()
            reason = str(getattr(exc, "orig", exc)).splitlines()[0]
            raise StorageError(f"The database at {shown} cannot be opened: {reason}.") from exc
        return cls(engine)

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with self._guard(), self._writer.begin() as conn:
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
        insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
        statement = insert(table).values(**row)
        changes = {c: statement.excluded[c] for c in row if c not in key}
        conn.execute(statement.on_conflict_do_update(index_elements=key, set_=changes))

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

    def save_draft_answer(self, person_id: int, item_id: str, raw_value: int | None) -> None:
        row = {
            "person_id": person_id,
            "item_id": item_id,
            "raw_value": raw_value,
            "updated_at": utc_now(),
        }
        with self._write() as conn:
            self._upsert(conn, draft_answers, row, ["person_id", "item_id"])

    def draft(self, person_id: int) -> dict[str, int | None]:
        with self._read() as conn:
            rows = conn.execute(
                sa.select(draft_answers.c.item_id, draft_answers.c.raw_value).where(
                    draft_answers.c.person_id == person_id
                )
            )
            return {item_id: raw for item_id, raw in rows}

    # --------------------------------------------------------------- responses

    def submit_response(self, person_id: int, questionnaire: Questionnaire, answers: Answers) -> str:
        """Store a complete response and clear the draft, in one transaction; returns its id."""
        expected = {i.id for i in questionnaire.items}
        if set(answers) != expected:
            raise ValueError(f"a response needs an answer to every item; missing {expected - set(answers)}")
        public_id = secrets.token_hex(8)
        with self._write() as conn:
            response_id = conn.execute(
                responses.insert().values(
                    public_id=public_id,
                    person_id=person_id,
                    instrument_version=questionnaire.version,
                    language=questionnaire.language,
                    submitted_at=utc_now(),
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
        return public_id

    def responses_of(self, person_id: int) -> list[StoredResponse]:
        """Every submitted response of a person, oldest first."""
        with self._read() as conn:
            rows = conn.execute(
                sa.select(
                    responses.c.public_id,
                    responses.c.submitted_at,
                    responses.c.instrument_version,
                    ratings.c.item_id,
                    ratings.c.raw_value,
                )
                .join(ratings, ratings.c.response_id == responses.c.id)
                .where(responses.c.person_id == person_id)
                .order_by(responses.c.submitted_at, responses.c.id)
            ).all()
        found: dict[str, StoredResponse] = {}
        for public_id, submitted_at, version, item_id, raw in rows:
            response = found.setdefault(
                public_id, StoredResponse(public_id, _as_utc(submitted_at), version, {})
            )
            response.answers[item_id] = raw
        return list(found.values())
