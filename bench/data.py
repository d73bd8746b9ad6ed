"""Data the benchmarks make for themselves, in temporary SQLite files (never the project's var/)."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from assessment.aggregate import PublishingRules
from assessment.demo import NOT_APPLICABLE_SHARE
from assessment.questionnaire import SCALE_POINTS, Questionnaire, load_questionnaire
from assessment.settings import DEFAULT_QUESTIONNAIRE, load_settings
from assessment.storage import LARGEST_TEAM, Storage

SEED = 2024
K = load_settings({}).min_group_size  # the default k of ASSESSMENT_MIN_GROUP_SIZE
RULES = PublishingRules.from_settings(load_settings({}))  # the default publishing rules
TEAM_NAME = "Benchmark team"
# How SQLAlchemy writes a DateTime into SQLite; every generated row carries this moment.
STAMP = "2025-06-01 09:00:00.000000"
MEMBERS_PER_TEAM = 25
ROUNDS_PER_TEAM = 4


def default_questionnaire() -> Questionnaire:
    return load_questionnaire(DEFAULT_QUESTIONNAIRE, "en")


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def answer_matrix(questionnaire: Questionnaire, respondents: int, seed: int = SEED) -> np.ndarray:
    """Raw answers, respondents x items, NaN for Not applicable.

    The respondent model of assessment.demo (a level per area, item noise, reverse keys, a share
    of Not applicable), drawn with numpy: millions of answers take well under a second.
    """
    rng = np.random.default_rng(seed)
    area_ids = [area.id for area in questionnaire.areas]
    area_of_item = [area_ids.index(item.area) for item in questionnaire.items]
    levels = rng.normal(3.4, 0.55, size=(respondents, len(area_ids)))[:, area_of_item]
    noise = rng.normal(0.0, 0.8, size=levels.shape)
    scores = np.clip(np.rint(levels + noise), 1, SCALE_POINTS)
    reverse = np.array([item.reverse for item in questionnaire.items])
    raw = np.where(reverse, SCALE_POINTS + 1 - scores, scores)
    raw[rng.random(raw.shape) < NOT_APPLICABLE_SHARE] = np.nan
    return raw


def raw_frame(questionnaire: Questionnaire, matrix: np.ndarray) -> pd.DataFrame:
    """The answers frame of storage.round_data: a row per response, a float column per item id."""
    return pd.DataFrame(matrix, columns=[item.id for item in questionnaire.items], dtype="float64")


def answer_sets(questionnaire: Questionnaire, matrix: np.ndarray) -> list[dict[str, int | None]]:
    """The answers as the app's write functions take them: item id -> 1..5 or None."""
    ids = [item.id for item in questionnaire.items]
    return [
        {item_id: None if value != value else int(value) for item_id, value in zip(ids, row, strict=True)}
        for row in matrix.tolist()
    ]


# ------------------------------------------------------------ plain sqlite3 rows


def checkpoint(path: Path) -> None:
    """Fold the write-ahead log into the file, as a long-running server's database would be."""
    with closing_connection(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


@contextmanager
def closing_connection(path: Path) -> Iterator[sqlite3.Connection]:
    """A plain sqlite3 connection that issues no BEGIN of its own."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        yield conn
    finally:
        conn.close()


@contextmanager
def bulk_writer(path: Path) -> Iterator[sqlite3.Connection]:
    """One transaction for generating rows fast; the app's own connections keep their settings."""
    with closing_connection(path) as conn:
        # Only this connection skips fsync: a crash during generation just means running again.
        conn.execute("PRAGMA synchronous=OFF")
        conn.execute("BEGIN")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    checkpoint(path)


def _next_id(conn: sqlite3.Connection, table: str) -> int:
    return conn.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}").fetchone()[0]


def insert_team(conn: sqlite3.Connection, name: str) -> int:
    team_id = _next_id(conn, "teams")
    conn.execute(
        "INSERT INTO teams (id, name, join_code_hash, lead_key_hash, created_at) VALUES (?, ?, ?, ?, ?)",
        (team_id, name, f"bench-team-{team_id}", "bench-no-key", STAMP),
    )
    return team_id


def insert_round(conn: sqlite3.Connection, team_id: int, name: str, version: str) -> int:
    """A closed round, opened on questionnaire `version`."""
    round_id = _next_id(conn, "rounds")
    conn.execute(
        "INSERT INTO rounds (id, team_id, name, opened_at, closed_at, instrument_version)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (round_id, team_id, name, STAMP, STAMP, version),
    )
    return round_id


def insert_people(conn: sqlite3.Connection, team_id: int | None, count: int) -> list[int]:
    first = _next_id(conn, "people")
    ids = list(range(first, first + count))
    conn.executemany(
        "INSERT INTO people (id, code_hash, created_at, team_id) VALUES (?, ?, ?, ?)",
        [(person_id, f"bench-person-{person_id}", STAMP, team_id) for person_id in ids],
    )
    return ids


def insert_responses(
    conn: sqlite3.Connection,
    questionnaire: Questionnaire,
    round_id: int | None,
    person_ids: Sequence[int | None],
    matrix: np.ndarray,
) -> list[int]:
    """One response row and its rating rows per row of `matrix`; returns the response ids."""
    first = _next_id(conn, "responses")
    ids = list(range(first, first + len(matrix)))
    conn.executemany(
        "INSERT INTO responses"
        " (id, public_id, person_id, instrument_version, language, submitted_at, round_id, source)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, 'online')",
        [
            # Not hex, so no public id the app draws at random can ever collide with these.
            (
                response_id,
                f"bench-{response_id}",
                person_id,
                questionnaire.version,
                questionnaire.language,
                STAMP,
                round_id,
            )
            for response_id, person_id in zip(ids, person_ids, strict=True)
        ],
    )
    conn.executemany(
        "INSERT INTO ratings (response_id, item_id, raw_value) VALUES (?, ?, ?)",
        rating_rows(questionnaire, ids, matrix),
    )
    return ids


def rating_rows(
    questionnaire: Questionnaire, response_ids: Sequence[int], matrix: np.ndarray
) -> Iterator[tuple]:
    """(response id, item id, raw value or None) for every answer of every response."""
    item_ids = [item.id for item in questionnaire.items]
    for response_id, row in zip(response_ids, matrix.tolist(), strict=True):
        for item_id, value in zip(item_ids, row, strict=True):
            yield response_id, item_id, None if value != value else int(value)


def add_other_teams(path: Path, questionnaire: Questionnaire, responses: int, seed: int = SEED + 1) -> None:
    """Other teams' closed rounds, `responses` responses in all: 25 members answering 4 rounds each."""
    per_team = MEMBERS_PER_TEAM * ROUNDS_PER_TEAM
    matrix = answer_matrix(questionnaire, responses, seed)
    with bulk_writer(path) as conn:
        for team_number, start in enumerate(range(0, responses, per_team)):
            team_id = insert_team(conn, f"Other team {team_number}")
            members = insert_people(conn, team_id, MEMBERS_PER_TEAM)
            for round_number in range(ROUNDS_PER_TEAM):
                begin = start + round_number * MEMBERS_PER_TEAM
                chunk = matrix[begin : min(begin + MEMBERS_PER_TEAM, responses)]
                if len(chunk):
                    round_id = insert_round(conn, team_id, f"Round {round_number + 1}", questionnaire.version)
                    insert_responses(conn, questionnaire, round_id, members[: len(chunk)], chunk)


# ------------------------------------------------------------------ a workspace


@dataclass(frozen=True)
class TeamRound:
    """A team with one closed round, in the database at `path`."""

    path: Path
    team_id: int
    round_id: int
    responses: int

    @property
    def url(self) -> str:
        return sqlite_url(self.path)


def closed_round_bulk(
    path: Path, questionnaire: Questionnaire, responses: int, seed: int = SEED
) -> TeamRound:
    """A new database with one team and one closed round of `responses` responses, written in bulk."""
    storage = Storage.open(sqlite_url(path))
    team = storage.create_team(TEAM_NAME).team
    round_ = storage.open_round(team.id, "Spring 2025", LARGEST_TEAM, questionnaire.version)
    with bulk_writer(path) as conn:
        # Rounds larger than any team: judged like the rounds from before teams stated a size.
        conn.execute("UPDATE rounds SET expected_size = NULL WHERE id = ?", (round_.id,))
        members = insert_people(conn, team.id, responses)
        insert_responses(
            conn, questionnaire, round_.id, members, answer_matrix(questionnaire, responses, seed)
        )
    storage.close_round(team.id, round_.id)
    storage.engine.dispose()
    checkpoint(path)
    return TeamRound(path, team.id, round_.id, responses)


def closed_round_via_app(storage: Storage, questionnaire: Questionnaire, matrix: np.ndarray) -> TeamRound:
    """A team and a closed round filled the way the app fills it: one member, one submission at a time."""
    team = storage.create_team(TEAM_NAME).team
    round_ = storage.open_round(team.id, "Spring 2025", LARGEST_TEAM, questionnaire.version)
    for answers in answer_sets(questionnaire, matrix):
        person = storage.person_id(storage.create_person())
        storage.join_team(person, team.id)
        storage.submit_response(person, questionnaire, answers)
    storage.close_round(team.id, round_.id)
    path = Path(storage.engine.url.database)
    return TeamRound(path, team.id, round_.id, len(matrix))


def copy_database(source: Path, target: Path) -> Path:
    """A copy of a checkpointed database file: a fresh, identical start for each repetition."""
    shutil.copyfile(source, target)
    return target


@dataclass
class Workspace:
    """The run's temporary folder, the questionnaire, and databases shared by several benchmarks."""

    root: Path
    questionnaire: Questionnaire = field(default_factory=default_questionnaire)
    _rounds: dict[int, TeamRound] = field(default_factory=dict)

    def path(self, name: str) -> Path:
        return self.root / name

    def one_round(self, responses: int) -> TeamRound:
        """A database with one closed round of `responses` responses, made on first use."""
        if responses not in self._rounds:
            path = self.path(f"one-round-{responses}.sqlite3")
            self._rounds[responses] = closed_round_bulk(path, self.questionnaire, responses)
        return self._rounds[responses]
