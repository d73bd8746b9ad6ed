"""What a load step runs against, started afresh for every step: servers, database, a team.

- `app`: `streamlit run app.py` on a new SQLite file, as one server is deployed.
- `bare`: `streamlit run bench/bare_page.py`, the same 30 radios and nothing else (the baseline
  of every page benchmark), with no database.
- `cluster`: two `streamlit run app.py` sharing a new PostgreSQL database behind nginx with the
  project's own deploy/nginx.conf, as docs/deploy.md sets it up (tests/deploy/test_proxy.py
  starts the same).

A fresh server per step: its CPU time and memory then belong to that step's sessions alone.
"""

from __future__ import annotations

import asyncio
import secrets
import shutil
import subprocess
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa

from assessment.questionnaire import Questionnaire
from assessment.storage import LARGEST_TEAM, Storage, draft_answers, responses, utc_now
from bench import pages
from bench.data import sqlite_url
from bench.load.session import PageError
from bench.servers import free_port, served

APP_SCRIPT = "app.py"
BARE_SCRIPT = "bench/bare_page.py"  # relative to the project: both servers read its .streamlit/
ASSESS_PATH = "assessment"  # the questionnaire's URL path (app.py's st.Page url_path)
NGINX_CONFIG = pages.PROJECT_DIR / "deploy" / "nginx.conf"
PROXY_COOKIE = "app_server"  # deploy/nginx.conf's sticky-session cookie
TEAM_NAME = "Load test team"
ROUND_NAME = "Load test"


@dataclass
class Target:
    """Where the sessions of one step connect, and what to measure and check there."""

    name: str
    base_url: str
    path: str
    query: str  # "team=<join code>": the members' link; "" on the bare page
    statements: int
    app_pids: list[int]  # the Streamlit servers: their CPU and memory are the step's figures
    support_pids: list[int] = field(default_factory=list)  # database server and proxy: CPU only
    warm_urls: list[str] = field(default_factory=list)  # each Streamlit server, directly
    storage: Storage | None = None  # the load's own connection: drafts and the final count
    round_id: int | None = None
    sticky: bool = False  # behind nginx: each session carries its own sticky cookie, as a browser

    @property
    def submits(self) -> bool:
        return self.storage is not None

    def cookie(self, session: int) -> str | None:
        return f"{PROXY_COOKIE}=load-{session}" if self.sticky else None

    async def fill_draft(self, code: str, answers: dict[str, int]) -> None:
        """Store the statements the session did not answer on the page, as another tab of the
        same person would (the sweep answers a few per session; Submit needs them all)."""
        await asyncio.to_thread(_insert_draft, self.storage, code, answers)

    def stored_responses(self) -> int | None:
        """Responses that count in the step's round, read from the database."""
        if self.storage is None:
            return None
        query = sa.select(sa.func.count()).select_from(responses).where(responses.c.round_id == self.round_id)
        with self.storage.engine.connect() as conn:
            return conn.scalar(query)


def _insert_draft(storage: Storage, code: str, answers: dict[str, int]) -> None:
    person_id = storage.person_id(code)
    if person_id is None:
        raise PageError(f"code: the personal code {code} shown on the page is not in the database")
    now = utc_now()
    rows = [
        {"person_id": person_id, "item_id": i, "raw_value": v, "updated_at": now} for i, v in answers.items()
    ]
    # One write transaction taking the lock up front, as the app's own writes do on SQLite.
    with storage.engine.execution_options(sqlite_begin_immediate=True).begin() as conn:
        conn.execute(draft_answers.insert(), rows)


def _open_round(storage: Storage, questionnaire: Questionnaire) -> tuple[str, int]:
    """A team with a round open on the benchmarks' questionnaire version, large enough for any
    step: its join code and the round's id."""
    new = storage.create_team(TEAM_NAME)
    round_ = storage.open_round(new.team.id, ROUND_NAME, LARGEST_TEAM, questionnaire.version)
    return new.join_code, round_.id


# --------------------------------------------------------------- the configurations

Factory = Callable[[Path, Questionnaire], AbstractContextManager[Target]]


@contextmanager
def app_on_sqlite(folder: Path, questionnaire: Questionnaire) -> Iterator[Target]:
    url = sqlite_url(folder / "load.sqlite3")
    # Storage.open makes the schema and, beside the file, the secret the server will share.
    storage = Storage.open(url)
    join_code, round_id = _open_round(storage, questionnaire)
    env = pages.clean_environment() | {pages.DATABASE_VARIABLE: url}
    try:
        with served(APP_SCRIPT, env, folder) as server:
            yield Target(
                name="app (SQLite)",
                base_url=server.base_url,
                path=ASSESS_PATH,
                query=f"team={join_code}",
                statements=len(questionnaire.items),
                app_pids=[server.pid],
                warm_urls=[server.base_url],
                storage=storage,
                round_id=round_id,
            )
    finally:
        storage.engine.dispose()


@contextmanager
def bare_page(folder: Path, questionnaire: Questionnaire) -> Iterator[Target]:
    spec = pages.write_spec(questionnaire, folder / "bare-page.json")
    env = pages.clean_environment() | {pages.SPEC_VARIABLE: str(spec)}
    with served(BARE_SCRIPT, env, folder) as server:
        yield Target(
            name="bare page",
            base_url=server.base_url,
            path="",
            query="",
            statements=len(questionnaire.items),
            app_pids=[server.pid],
            warm_urls=[server.base_url],
        )


class Cluster:
    """Two app servers on one PostgreSQL behind nginx; PostgreSQL runs for the whole sweep, each
    step gets a new database and new app servers."""

    name = "app x2 + nginx + PostgreSQL"

    def __init__(self) -> None:
        self._stack = ExitStack()
        self._server_url: str | None = None
        self._postmaster: int | None = None
        self._databases = 0

    @staticmethod
    def missing() -> str | None:
        """Why the cluster cannot run on this machine, or None."""
        from tests import postgres

        if not postgres.available():
            return f"PostgreSQL's initdb and pg_ctl are missing from {postgres.PG_BIN}"
        if not _nginx():
            return "nginx is missing (apt-get install nginx)"
        return None

    def close(self) -> None:
        self._stack.close()

    def _postgres(self) -> str:
        if self._server_url is None:
            from tests import postgres

            self._server_url = self._stack.enter_context(postgres.running_server())
            self._postmaster = _postmaster_pid(int(self._server_url.rsplit(":", 1)[1]))
        return self._server_url

    @contextmanager
    def __call__(self, folder: Path, questionnaire: Questionnaire) -> Iterator[Target]:
        from tests import postgres

        self._databases += 1
        with postgres.fresh_database(self._postgres(), f"load_{self._databases}") as url:
            storage = Storage.open(url, secret=postgres.TEST_SECRET)
            join_code, round_id = _open_round(storage, questionnaire)
            # Every server the same cookie secret and server secret, as docs/deploy.md asks.
            env = pages.clean_environment() | {
                pages.DATABASE_VARIABLE: url,
                "ASSESSMENT_SECRET": postgres.TEST_SECRET,
                "STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_hex(32),
            }
            try:
                with (
                    served(APP_SCRIPT, env, folder) as one,
                    served(APP_SCRIPT, env, folder) as two,
                    nginx([one.base_url, two.base_url], folder) as (proxy_url, nginx_pid),
                ):
                    yield Target(
                        name=self.name,
                        base_url=proxy_url,
                        path=ASSESS_PATH,
                        query=f"team={join_code}",
                        statements=len(questionnaire.items),
                        app_pids=[one.pid, two.pid],
                        support_pids=[pid for pid in (self._postmaster, nginx_pid) if pid],
                        warm_urls=[one.base_url, two.base_url],
                        storage=storage,
                        round_id=round_id,
                        sticky=True,
                    )
            finally:
                storage.engine.dispose()


def _nginx() -> str | None:
    return shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)


@contextmanager
def nginx(upstreams: list[str], folder: Path) -> Iterator[tuple[str, int]]:
    """nginx with the project's configuration in front of `upstreams`: its URL and master's pid."""
    run_dir = folder / f"nginx-{free_port()}"
    run_dir.mkdir()
    port = free_port()
    config = run_dir / "nginx.conf"
    config.write_text(
        NGINX_CONFIG.read_text().format(
            listen=f"127.0.0.1:{port}",
            servers="\n        ".join(f"server {url.removeprefix('http://')};" for url in upstreams),
            run_dir=run_dir,
        )
    )
    command = [_nginx(), "-c", str(config), "-p", str(run_dir)]
    subprocess.run(command, check=True, capture_output=True)
    try:
        yield f"http://127.0.0.1:{port}", int((run_dir / "nginx.pid").read_text())
    finally:
        subprocess.run([*command, "-s", "stop"], capture_output=True)


def _postmaster_pid(port: int) -> int | None:
    """The PostgreSQL server listening on `port` (tests/postgres.py does not say its pid)."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            args = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if args and args[0].endswith(b"postgres") and b"-p" in args and str(port).encode() in args:
            return int(entry.name)
    return None


CONFIGURATIONS: dict[str, Factory] = {"app": app_on_sqlite, "bare": bare_page}
