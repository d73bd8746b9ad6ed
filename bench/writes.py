"""Target 5: one submission's latency, and a 10,000-row paper-form import in under 5 s."""

from __future__ import annotations

import csv
import io
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from assessment.questionnaire import Questionnaire
from assessment.settings import DEFAULT_QUESTIONNAIRE
from assessment.storage import LARGEST_TEAM, SQLITE_BUSY_TIMEOUT_MS, Storage
from bench.data import (
    STAMP,
    TEAM_NAME,
    Workspace,
    answer_matrix,
    answer_sets,
    bulk_writer,
    checkpoint,
    closing_connection,
    copy_database,
    insert_people,
    insert_responses,
    sqlite_url,
)
from bench.report import Row, duration, skipped_row
from bench.timing import Probe, medians, timed

try:
    from assessment import importer
except ImportError:  # the paper-form import is being written alongside; its row says so
    importer = None

SUBMIT = "Submit one response (storage.submit_response)"
SUBMIT_REPEAT = 60
SUBMIT_WARMUP = 5
IMPORT = "Import a 10,000-row paper-form CSV"
IMPORT_ROWS = 10_000
IMPORT_REPEAT = 3
IMPORT_LIMIT = 5.0  # seconds


def plain_connection(path: Path) -> sqlite3.Connection:
    """A plain sqlite3 connection set up as the app sets up its own (WAL is a property of the file)."""
    conn = sqlite3.connect(path, isolation_level=None, timeout=SQLITE_BUSY_TIMEOUT_MS / 1000)
    conn.execute("PRAGMA foreign_keys=ON")
    return conn


def open_round_database(path: Path) -> tuple[int, int]:
    """A new database with one team and its open round; returns their ids."""
    storage = Storage.open(sqlite_url(path))
    team = storage.create_team(TEAM_NAME).team
    # Bound to the version the benchmarks answer (bench.data's questionnaire), not the newest.
    round_id = storage.open_round(team.id, "Spring 2025", LARGEST_TEAM, DEFAULT_QUESTIONNAIRE.stem).id
    storage.engine.dispose()
    checkpoint(path)
    return team.id, round_id


# ------------------------------------------------------------------ one submission


def _members_with_drafts(path: Path, questionnaire: Questionnaire, team_id: int, count: int) -> list[int]:
    """Team members, each with a full draft, as a person has just before pressing Submit."""
    with bulk_writer(path) as conn:
        members = insert_people(conn, team_id, count)
        conn.executemany(
            "INSERT INTO draft_answers (person_id, item_id, raw_value, updated_at) VALUES (?, ?, ?, ?)",
            [(person, item.id, 4, STAMP) for person in members for item in questionnaire.items],
        )
    return members


def submit_probes(workspace: Workspace) -> tuple[Probe, Probe, Storage, sqlite3.Connection]:
    """The app's submission, and a plain insert of the same rows in one transaction, in one database."""
    q = workspace.questionnaire
    path = workspace.path("submit.sqlite3")
    team_id, round_id = open_round_database(path)
    members = iter(_members_with_drafts(path, q, team_id, SUBMIT_REPEAT + SUBMIT_WARMUP))
    matrix = answer_matrix(q, 1)
    answers = answer_sets(q, matrix)[0]
    storage = Storage.open(sqlite_url(path))
    conn = plain_connection(path)

    def plain_insert() -> None:
        conn.execute("BEGIN IMMEDIATE")
        insert_responses(conn, q, round_id=None, person_ids=[None], matrix=matrix)
        conn.execute("COMMIT")

    app = timed(lambda: storage.submit_response(next(members), q, answers))
    return app, timed(plain_insert), storage, conn


def submit_row(workspace: Workspace) -> Row:
    app, plain, storage, conn = submit_probes(workspace)
    try:
        app_seconds, plain_seconds = medians([app, plain], SUBMIT_REPEAT, SUBMIT_WARMUP)
    finally:
        storage.engine.dispose()
        conn.close()
    return Row(
        SUBMIT,
        duration(app_seconds),
        f"{duration(plain_seconds)} plain sqlite3",
        app_seconds / plain_seconds,
        "reported",
        None,
    )


# ------------------------------------------------------------------ the import


def paper_form_csv(questionnaire: Questionnaire, rows: int) -> bytes:
    """The filled-in template: item ids as the header, 1-5, or NA for Not applicable."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([item.id for item in questionnaire.items])
    for row in answer_matrix(questionnaire, rows).tolist():
        writer.writerow(["NA" if value != value else int(value) for value in row])
    return buffer.getvalue().encode()


@dataclass
class FreshCopies:
    """A new copy of a template database before each run, so that every run starts alike."""

    workspace: Workspace
    name: str
    template: Path
    team_id: int
    round_id: int
    made: int = 0
    path: Path | None = None
    storage: Storage | None = None

    def new_file(self) -> None:
        self.close()
        if self.path is not None:
            self.path.unlink()  # only the latest copy is kept: the disk is shared
        self.made += 1
        self.path = copy_database(self.template, self.workspace.path(f"{self.name}-{self.made}.sqlite3"))

    def new_storage(self) -> None:
        self.new_file()
        self.storage = Storage.open(sqlite_url(self.path))

    def close(self) -> None:
        if self.storage is not None:
            self.storage.engine.dispose()
            self.storage = None


def import_probes(workspace: Workspace, app: FreshCopies, plain: FreshCopies) -> tuple[Probe, Probe]:
    """The app's parse and import, and a plain executemany of the same rows, each into a fresh copy."""
    q = workspace.questionnaire
    data = paper_form_csv(q, IMPORT_ROWS)
    matrix = answer_matrix(q, IMPORT_ROWS)

    def app_import() -> None:
        app.storage.import_responses(app.team_id, app.round_id, q, importer.parse_paper_forms(data, q))

    def plain_import() -> None:
        with closing_connection(plain.path) as conn:
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("BEGIN IMMEDIATE")
            insert_responses(conn, q, plain.round_id, [None] * IMPORT_ROWS, matrix)
            conn.execute("COMMIT")

    return timed(app_import, before=app.new_storage), timed(plain_import, before=plain.new_file)


def import_row(workspace: Workspace) -> Row:
    if importer is None:
        return skipped_row(IMPORT, "assessment/importer.py is not there yet")
    template = workspace.path("import-template.sqlite3")
    team_id, round_id = open_round_database(template)
    app, plain = (
        FreshCopies(workspace, name, template, team_id, round_id) for name in ("import-app", "import-plain")
    )
    try:
        app_seconds, plain_seconds = medians(list(import_probes(workspace, app, plain)), IMPORT_REPEAT, 1)
    finally:
        app.close()
    return Row(
        IMPORT,
        duration(app_seconds),
        f"{duration(plain_seconds)} plain sqlite3",
        app_seconds / plain_seconds,
        f"< {IMPORT_LIMIT:g} s",
        app_seconds < IMPORT_LIMIT,
    )


def run(workspace: Workspace) -> list[Row]:
    return [submit_row(workspace), import_row(workspace)]
