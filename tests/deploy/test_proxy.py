"""Two app servers sharing one PostgreSQL database behind nginx, as docs/deploy.md sets it up."""

from __future__ import annotations

import os
import re
import secrets
import shutil
import subprocess
import tempfile
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from assessment.questionnaire import Questionnaire
from tests import postgres
from tests.e2e import helpers

pytestmark = pytest.mark.browser

NGINX_CONFIG = helpers.PROJECT_DIR / "deploy" / "nginx.conf"
ESTABLISHED = "01"  # the state column of /proc/net/tcp


@dataclass
class Cluster:
    proxy_url: str
    servers: list[helpers.Server]
    run_dir: Path  # nginx's logs

    def ports(self) -> list[int]:
        return [int(s.base_url.rsplit(":", 1)[1]) for s in self.servers]


def _nginx() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if found:
        return found
    message = "nginx is missing (make test installs Debian's nginx package as root)"
    if os.environ.get("CI") == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="module")
def cluster(postgres_server: str) -> Iterator[Cluster]:
    nginx = _nginx()
    # Every server gets the same cookie secret and server secret, as docs/deploy.md asks.
    shared = {
        "STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_hex(32),
        "ASSESSMENT_SECRET": postgres.TEST_SECRET,
    }
    with postgres.fresh_database(postgres_server, "proxy_test") as database_url:
        servers = [helpers.start_server(database_url, extra_env=shared) for _ in range(2)]
        run_dir = Path(tempfile.mkdtemp(prefix="assessment-nginx-"))
        port = helpers.free_port()
        config = run_dir / "nginx.conf"
        config.write_text(
            NGINX_CONFIG.read_text().format(
                listen=f"127.0.0.1:{port}",
                servers="\n        ".join(f"server {s.base_url.removeprefix('http://')};" for s in servers),
                run_dir=run_dir,
            )
        )
        nginx_command = [nginx, "-c", str(config), "-p", str(run_dir)]
        subprocess.run(nginx_command, check=True, capture_output=True)
        try:
            yield Cluster(f"http://127.0.0.1:{port}", servers, run_dir)
        finally:
            subprocess.run([*nginx_command, "-s", "stop"], capture_output=True)
            for server in servers:
                server.stop()
            shutil.rmtree(run_dir, ignore_errors=True)


def _open_sockets(ports: list[int]) -> set[tuple[int, str]]:
    """Established connections the app servers accepted (their port, the peer's address): the
    live sessions' WebSockets. Connections, not counts: a session closing while another opens
    left the counts unchanged."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            local_port = int(fields[1].rsplit(":", 1)[1], 16)
            if local_port in ports and fields[3] == ESTABLISHED:
                found.add((local_port, fields[2]))
    return found


def _session_on(
    browser: Browser, cluster: Cluster, avoid: int | None = None
) -> tuple[BrowserContext, Page, int]:
    """A browser session through the proxy, and the app server nginx keeps it on.

    The sticky cookie decides the server; trying a few cookie values finds one that lands on a
    server other than `avoid`.
    """
    for attempt in range(12):
        context = browser.new_context(viewport=helpers.DESKTOP, accept_downloads=True)
        context.add_cookies([{"name": "app_server", "value": f"browser-{attempt}", "url": cluster.proxy_url}])
        page = context.new_page()
        before = _open_sockets(cluster.ports())
        page.goto(f"{cluster.proxy_url}/")
        expect(helpers.heading(page, helpers.HOME_TITLE)).to_be_visible()
        helpers.wait_idle(page)
        [port] = {local_port for local_port, _ in _open_sockets(cluster.ports()) - before}
        if port != avoid:
            return context, page, port
        context.close()
    raise AssertionError("no cookie value reached the other server")


def _lead_logs_in(page: Page, join_code: str, lead_key: str) -> None:
    page.get_by_label("Team join code").fill(join_code)
    page.get_by_label("Lead key").fill(lead_key)
    page.get_by_role("button", name="Open the dashboard").click()
    expect(page.get_by_text("Members answer through this link")).to_be_visible()
    helpers.wait_idle(page)


def test_a_submission_through_one_server_counts_on_the_other(
    browser: Browser, cluster: Cluster, questionnaire: Questionnaire
):
    lead_context, lead, lead_server = _session_on(browser, cluster)
    lead.goto(f"{cluster.proxy_url}/team")
    lead.get_by_label("Team name").fill("Behind the proxy")
    lead.get_by_role("button", name="Create the team").click()
    expect(lead.get_by_text("Your lead key:")).to_be_visible()
    page_text = lead.locator(helpers.MAIN).inner_text()
    join_code = re.search(r"Join code: (\w+)", page_text).group(1)
    lead_key = re.search(r"Your lead key: ([\w-]+)", page_text).group(1)
    lead.get_by_label("Name of the new round").fill("Spring")
    lead.get_by_role("spinbutton", name="How many people are in the team?").fill("6")
    lead.get_by_role("button", name="Open the round").click()
    expect(lead.get_by_text("So far 0 answers online, in a team of 6.")).to_be_visible()

    member_context, member, member_server = _session_on(browser, cluster, avoid=lead_server)
    assert member_server != lead_server
    member.goto(f"{cluster.proxy_url}/assessment?team={join_code}")
    expect(member.get_by_text("You answer as a member of")).to_be_visible()
    helpers.wait_idle(member)
    plan = helpers.answer_plan(questionnaire)
    for answered, item in enumerate(questionnaire.items, start=1):
        helpers.answer(member, questionnaire, item, plan[item.id], answered)
    member.locator(".st-key-submit button").click()
    helpers.expect_results(member)

    # A download through the proxy, from the member's server.
    with member.expect_download() as download:
        member.locator(".st-key-dl_responses button").click()
    content = Path(download.value.path()).read_bytes().decode("utf-8-sig")
    assert content.splitlines()[0] == helpers.RESPONSES_HEADER
    assert len(content.splitlines()) == 1 + len(questionnaire.items)

    # The lead, still on the other server, sees the count move.
    lead.reload()
    _lead_logs_in(lead, join_code, lead_key)
    expect(lead.get_by_text("So far 1 answer online, in a team of 6.")).to_be_visible()
    assert any(port == lead_server for port, _ in _open_sockets(cluster.ports()))

    member_context.close()
    lead_context.close()


SECURITY_HEADERS = {
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "frame-ancestors 'none'; img-src 'self' data: blob:",
}


def test_the_proxy_logs_no_personal_code_and_sends_the_security_headers(cluster: Cluster):
    code = "K7Q2-M9XD-4TPA-ZR8W"
    # Straight to nginx, without a proxy from the environment in between.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    for path in (f"/results?code={code}", f"/my-data?code={code.replace('-', '')}", "/_stcore/health"):
        with opener.open(f"{cluster.proxy_url}{path}", timeout=10) as response:
            assert response.status == 200
            for name, value in SECURITY_HEADERS.items():
                assert response.headers.get_all(name) == [value], (path, name)
    access_log = (cluster.run_dir / "access.log").read_text()
    assert "GET /results HTTP/1.1" in access_log and "GET /my-data HTTP/1.1" in access_log
    for where in (access_log, (cluster.run_dir / "error.log").read_text()):
        assert code not in where and code.replace("-", "") not in where and "?code" not in where
