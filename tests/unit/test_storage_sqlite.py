"""What is particular to SQLite: WAL, the write lock up front, and files that cannot be opened."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa

from assessment import storage as storage_module
from assessment.storage import Storage, StorageError


def test_sqlite_runs_in_wal_mode_with_foreign_keys(storage):
    with storage.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_write_transactions_take_the_write_lock_up_front(storage):
    seen = []
    sa.event.listen(storage.engine, "before_cursor_execute", lambda *a: seen.append(a[2]))
    storage.create_person()
    assert "BEGIN IMMEDIATE" in seen


def test_one_servers_writers_take_turns_without_waiting_on_sqlite(tmp_path, monkeypatch):
    """With no busy timeout at all, a writer that found the database locked would fail at once:
    the server's own writers queue before they reach SQLite, so none ever finds it locked."""
    monkeypatch.setattr(storage_module, "SQLITE_BUSY_TIMEOUT_MS", 0)
    storage = Storage.open(f"sqlite:///{tmp_path}/db.sqlite3")
    people = [storage.person_id(storage.create_person()) for _ in range(8)]

    def answer_everything(person: int) -> int:
        for number in range(40):
            storage.save_draft_answer(person, f"item{number}", 1 + number % 5)
        return len(storage.draft(person))

    with ThreadPoolExecutor(max_workers=len(people)) as pool:
        assert list(pool.map(answer_everything, people)) == [40] * len(people)


def test_a_database_that_cannot_be_opened_gets_a_readable_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(StorageError, match="cannot be opened"):
        Storage.open(f"sqlite:///{blocker}/sub/db.sqlite3")


def test_a_file_that_is_not_a_database_gets_a_readable_error(tmp_path):
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(b"these are not the bytes of an SQLite database" * 100)
    with pytest.raises(StorageError, match="cannot be opened"):
        Storage.open(f"sqlite:///{path}")


def test_a_bad_url_gets_a_readable_error():
    with pytest.raises(StorageError, match="not a database URL"):
        Storage.open("no url at all")
