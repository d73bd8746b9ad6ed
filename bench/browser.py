"""Target 2: a click on an answer until its rerun has finished, in Chromium: at most 1.3 x the bare page."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager

from playwright.sync_api import Browser, Page, expect, sync_playwright

from bench import pages
from bench.data import Workspace, sqlite_url
from bench.report import Row, ratio_row, skipped_row
from bench.servers import served
from bench.timing import Probe, medians
from tests.e2e.helpers import CHROMIUM, CHROMIUM_ARGS  # the browser tests' Chromium, launched alike

NAME = "Click on an answer to rerun finished (Chromium)"
MAX_RATIO = 1.0  # the target for a click in the browser: no slower than a bare page
REPEAT = 20
WARMUP = 3
LABELS = ("Agree", "Disagree")  # alternated, so every click changes the answer
# Relative to the project, where both servers start, so both read its .streamlit/config.toml.
BARE_SCRIPT = "bench/bare_page.py"
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
WAIT_MS = 30_000

# Runs in the page before Streamlit does, and times each rerun on the page's own clock, free of
# Playwright's polling. The data-test-script-state attribute alone cannot end the timing: when a
# run is short, React folds "running" and "notRunning" into one render and the attribute never
# changes. A run ends with an empty `session_status_changed` message (field 9, bytes 0x4a 0x00:
# the script is not running); the timing ends when that message has arrived and the page has
# drawn what it brings, i.e. at the last change of the page within SETTLE_MS after it.
CLOCK_SCRIPT = """
(() => {
  const SETTLE_MS = 100;
  const clock = { click: null, finished: null, changed: null };
  window.__rerunClock = {
    reset() { clock.click = clock.finished = clock.changed = null; },
    done() { return clock.finished !== null && performance.now() - clock.finished > SETTLE_MS; },
    elapsed() { return Math.max(clock.finished, clock.changed ?? 0) - clock.click; },
  };
  document.addEventListener("click", () => {
    if (clock.click === null) clock.click = performance.now();
  }, true);
  const endsRun = (data) =>
    data instanceof ArrayBuffer && data.byteLength === 2 &&
    new Uint8Array(data)[0] === 0x4a && new Uint8Array(data)[1] === 0x00;
  const NativeWebSocket = window.WebSocket;
  window.WebSocket = class extends NativeWebSocket {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (event) => {
        if (clock.click !== null && clock.finished === null && endsRun(event.data)) {
          clock.finished = performance.now();
        }
      });
    }
  };
  new MutationObserver(() => {
    const now = performance.now();
    if (clock.click !== null && (clock.finished === null || now - clock.finished <= SETTLE_MS)) {
      clock.changed = now;
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
})();
"""


def click_probe(page: Page, key: str) -> Probe:
    """Each run clicks the other answer's label and returns the time until the rerun has finished."""
    labels = itertools.cycle(LABELS)
    box = page.locator(f".st-key-{key}")

    def probe() -> float:
        label = next(labels)
        page.evaluate("window.__rerunClock.reset()")
        box.get_by_text(label, exact=True).click()
        expect(box.get_by_role("radio", name=label, exact=True)).to_be_checked()
        page.wait_for_function("window.__rerunClock.done()", timeout=WAIT_MS)
        expect(page.locator(IDLE)).to_be_visible()
        return page.evaluate("window.__rerunClock.elapsed()") / 1000

    return probe


def open_page(browser: Browser, url: str) -> Page:
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.add_init_script(CLOCK_SCRIPT)
    page.goto(url)
    expect(page.locator(IDLE)).to_be_visible()
    expect(page.locator(f".st-key-{pages.answer_key(pages.ANSWERED_ITEM)}")).to_be_visible()
    return page


@contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's Chromium, headless; Playwright's own browser builds cannot be downloaded here."""
    expect.set_options(timeout=WAIT_MS)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def server_environment(workspace: Workspace) -> dict[str, str]:
    """Both servers' environment: the app's own database, and the bare page's radios."""
    spec = pages.write_spec(workspace.questionnaire, workspace.path("bare-page-browser.json"))
    return pages.clean_environment() | {
        pages.DATABASE_VARIABLE: sqlite_url(workspace.path("browser.sqlite3")),
        pages.SPEC_VARIABLE: str(spec),
    }


def run(workspace: Workspace) -> list[Row]:
    if not CHROMIUM.exists():
        return [skipped_row(NAME, f"{CHROMIUM} is missing (apt-get install chromium)")]
    env = server_environment(workspace)
    key = pages.answer_key(pages.ANSWERED_ITEM)
    with (
        served("app.py", env, workspace.root) as app_server,
        served(BARE_SCRIPT, env, workspace.root) as bare_server,
        chromium() as browser,
    ):
        app = open_page(browser, f"{app_server.base_url}/assessment")
        bare = open_page(browser, bare_server.base_url)
        app_seconds, bare_seconds = medians([click_probe(app, key), click_probe(bare, key)], REPEAT, WARMUP)
    return [ratio_row(NAME, app_seconds, bare_seconds, MAX_RATIO)]
