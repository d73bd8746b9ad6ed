"""Shared steps of the browser tests: the server, the waits, answering, reading what the page shows."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from assessment.questionnaire import Item, Questionnaire
from assessment.storage import Storage

PROJECT_DIR = Path(__file__).resolve().parents[2]
ARTIFACTS_DIR = PROJECT_DIR / "test-artifacts"
SERVER_LOGS_DIR = ARTIFACTS_DIR / "server-logs"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}

APP = "[data-testid='stApp']"
IDLE = f"{APP}[data-test-script-state='notRunning']"
MAIN = "[data-testid='stMain']"
CHART = "[data-testid='stVegaLiteChart']"
SKELETON = f"{MAIN} [data-testid='stSkeleton']"
HOME_TITLE = "Trust-building self-assessment"
RESULTS_TITLE = "My results"
UNKNOWN_CODE_TEXT = "There are no results for this code"
RESPONSES_HEADER = "response_id,submitted_at,instrument_version,area,point,item_id,item_text,reverse_keyed,raw_value,item_score"
SCORES_HEADER = "response_id,submitted_at,instrument_version,area,score,answered_items,total_items"

Answers = dict[str, int | None]


def require_chromium() -> None:
    """Skip the browser tests without Debian's Chromium, or fail in CI, where they must run."""
    if CHROMIUM.exists():
        return
    if os.environ.get("CI") == "true":
        pytest.fail(
            f"{CHROMIUM} is missing, and CI must run the browser tests: install Debian's chromium "
            "package (apt-get install chromium) before the tests, as `make test` does as root.",
            pytrace=False,
        )
    pytest.skip(
        f"browser tests need Debian's Chromium at {CHROMIUM}: install the chromium package "
        "(apt-get install chromium), or run `make test` as root, which installs it."
    )


# ----------------------------------------------------------------- the server


@dataclass
class Server:
    base_url: str
    process: subprocess.Popen
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        """Stop the server by its PID; kill it when it does not stop in time."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(
    database_url: str, extra_env: Mapping[str, str] | None = None, timeout: float = 60.0
) -> Server:
    """Start `streamlit run app.py` on a free port with its own database and any further settings
    in `extra_env`; return once it is healthy.

    Its output goes to test-artifacts/server-logs/, kept after the run for reading a failure.
    """
    port = free_port()
    # Settings the developer's shell may carry must not change what the tests run against.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ASSESSMENT_", "STREAMLIT_"))}
    # The questionnaire version the tests answer (tests/conftest.py pins it), not the newest.
    if "ASSESSMENT_QUESTIONNAIRE_VERSION" in os.environ:
        env["ASSESSMENT_QUESTIONNAIRE_VERSION"] = os.environ["ASSESSMENT_QUESTIONNAIRE_VERSION"]
    env.update(extra_env or {})
    env["ASSESSMENT_DATABASE_URL"] = database_url
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.headless=true",
        "--server.address=127.0.0.1",
        f"--server.port={port}",
        "--browser.gatherUsageStats=false",
        "--server.fileWatcherType=none",
    ]
    SERVER_LOGS_DIR.mkdir(parents=True, exist_ok=True)
    log_path = SERVER_LOGS_DIR / f"server-{port}.log"
    with open(log_path, "wb") as log:
        # Output goes to a file: a full pipe nobody reads would block the server.
        process = subprocess.Popen(command, cwd=PROJECT_DIR, env=env, stdout=log, stderr=subprocess.STDOUT)
    server = Server(f"http://127.0.0.1:{port}", process, log_path)
    # A proxy from the environment must not stand between the probe and a local server.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}:\n{server.log()}")
        try:
            with opener.open(f"{server.base_url}/_stcore/health", timeout=2) as response:
                if response.read() == b"ok":
                    return server
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.05)  # poll interval while the server boots
    server.stop()
    raise RuntimeError(f"the server was not healthy within {timeout:.0f} s:\n{server.log()}")


@contextmanager
def running_server(database_url: str, extra_env: Mapping[str, str] | None = None) -> Iterator[Server]:
    """A server for the length of a `with` block."""
    server = start_server(database_url, extra_env)
    try:
        yield server
    finally:
        server.stop()


def create_submitted_person(database_url: str, questionnaire: Questionnaire, answers: Answers) -> str:
    """A person with one submitted response, written straight to the database; returns their code."""
    storage = Storage.open(database_url)
    try:
        code = storage.create_person()
        storage.submit_response(storage.person_id(code), questionnaire, answers)
    finally:
        storage.engine.dispose()
    return code


# ------------------------------------------------------------------ waits


def wait_idle(page: Page) -> None:
    """Wait until no script run is in progress and every element is drawn; call it after waiting
    on what the run shows."""
    expect(page.locator(IDLE)).to_be_visible()
    # Elements whose code loads on demand (tables, download buttons, radios) show a placeholder
    # for a moment after the run has ended.
    expect(page.locator(SKELETON)).to_have_count(0)


def wait_no_scroll_left(page: Page) -> None:
    """Wait until the main area holds all its content without scrolling."""
    page.wait_for_function(
        "sel => { const m = document.querySelector(sel); return m.scrollHeight <= m.clientHeight; }",
        arg=MAIN,
    )


@contextmanager
def full_height(page: Page) -> Iterator[None]:
    """Make the viewport as tall as the page's content: Streamlit scrolls inside its main area,
    so screenshots and checks that skip off-screen elements would otherwise see one screen only."""
    viewport = page.viewport_size
    height = page.locator(MAIN).evaluate("e => e.scrollHeight")
    page.set_viewport_size({"width": viewport["width"], "height": max(height, viewport["height"])})
    wait_no_scroll_left(page)
    try:
        yield
    finally:
        page.set_viewport_size(viewport)


# ------------------------------------------------------------ opening pages


def heading(page: Page, name: str) -> Locator:
    return page.get_by_role("heading", name=name, exact=True)


def progress(page: Page, answered: int, total: int) -> Locator:
    return page.get_by_text(f"Answered {answered} of {total}", exact=True)


def open_home(page: Page) -> None:
    page.goto("/")
    expect(heading(page, HOME_TITLE)).to_be_visible()
    wait_idle(page)


def open_assessment(page: Page, questionnaire: Questionnaire) -> None:
    """Open the questionnaire in a new session, with nothing answered."""
    page.goto("/assessment")
    expect(progress(page, 0, len(questionnaire.items))).to_be_visible()
    wait_idle(page)


def expect_results(page: Page) -> None:
    """The results page of a person with a submitted response: title and profile chart."""
    expect(heading(page, RESULTS_TITLE)).to_be_visible()
    expect(page.locator(CHART).locator("svg, canvas").first).to_be_visible()
    expect(page.locator("[data-testid='stException']")).to_have_count(0)
    wait_idle(page)


def expect_chart_scores(page: Page, questionnaire: Questionnaire, answers: Answers) -> None:
    """The profile chart labels every scored area with the score computed here."""
    labels = page.locator(f"{CHART} svg text")
    for area_id, (score, _, _) in area_scores(questionnaire, answers).items():
        if score:
            # Vega draws its marks after the chart's element appears, so wait for each label.
            label = labels.filter(has_text=re.compile(rf"^{re.escape(score)}$")).first
            expect(label, f"the chart shows {score} for {area_id}").to_be_attached()


def open_results(page: Page, code: str, base_url: str = "") -> None:
    page.goto(f"{base_url}/results?code={code}")
    expect_results(page)


def open_results_without_code(page: Page) -> None:
    page.goto("/results")
    expect(page.get_by_text("Type your personal code to see your results.")).to_be_visible()
    wait_idle(page)


# ---------------------------------------------------------------- answers


def item_box(page: Page, item: Item) -> Locator:
    return page.locator(f".st-key-ans_{item.id}")


def option(page: Page, item: Item, label: str) -> Locator:
    return item_box(page, item).get_by_role("radio", name=label, exact=True)


def answer(page: Page, questionnaire: Questionnaire, item: Item, raw: int | None, answered: int) -> None:
    """Click one option through its label and wait until the rerun has counted it."""
    label = questionnaire.answer_label(raw)
    item_box(page, item).get_by_text(label, exact=True).click()
    expect(option(page, item, label)).to_be_checked()
    # The count comes from the rerun the click triggers, so it proves that rerun reached the page;
    # a click before it ends can be lost.
    expect(progress(page, answered, len(questionnaire.items))).to_be_visible()
    wait_idle(page)


def expect_answered(page: Page, questionnaire: Questionnaire, item: Item, raw: int | None) -> None:
    """Exactly the option of `raw` is selected for `item`."""
    expect(option(page, item, questionnaire.answer_label(raw))).to_be_checked()
    expect(item_box(page, item).get_by_role("radio", checked=True)).to_have_count(1)


def answer_plan(questionnaire: Questionnaire) -> Answers:
    """Varied answers: every scale point, reverse-keyed items off the midpoint, a Not applicable
    that still leaves its area scored, and a last area with too few answers to be scored."""
    cycle = (4, 2, 5, 1, 3)
    plan: Answers = {}
    for n, item in enumerate(questionnaire.items):
        # 3 reads the same either way round, so it would not show whether reverse keying happened.
        plan[item.id] = (2, 5)[n % 2] if item.reverse else cycle[n % len(cycle)]
    plan[questionnaire.items[0].id] = None
    last_area = questionnaire.items_in_area(questionnaire.areas[-1].id)
    for item in last_area[(len(last_area) - 1) // 2 :]:
        plan[item.id] = None
    return plan


# ---------------------------------------------------------- expected figures


def item_score(item: Item, raw: int | None) -> int | None:
    if raw is None:
        return None
    return 6 - raw if item.reverse else raw


def area_score(questionnaire: Questionnaire, area_id: str, answers: Answers) -> tuple[str, int, int]:
    """(score as the CSV writes it, answered items, total items) of one area."""
    items = questionnaire.items_in_area(area_id)
    scores = [s for i in items if (s := item_score(i, answers[i.id])) is not None]
    if not scores or 2 * len(scores) < len(items):
        return "", len(scores), len(items)
    mean = Decimal(sum(scores)) / Decimal(len(scores))
    return str(mean.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)), len(scores), len(items)


def area_scores(questionnaire: Questionnaire, answers: Answers) -> Mapping[str, tuple[str, int, int]]:
    return {a.id: area_score(questionnaire, a.id, answers) for a in questionnaire.areas}


# ------------------------------------------------------- pages, tabs, themes

SIDEBAR_NAV = "[data-testid='stSidebarNav']"
SCREENSHOTS_DIR = ARTIFACTS_DIR / "screenshots"
THEMES = ("light", "dark")
# The personal code as the app writes it: four groups of four Crockford base-32 symbols.
CODE_PATTERN = re.compile(r"[0-9A-Z]{4}(?:-[0-9A-Z]{4}){3}")


def go_to_page(page: Page, title: str) -> None:
    """Click a page's link in the sidebar, as a person would (the sidebar is open at desktop width)."""
    page.locator(SIDEBAR_NAV).get_by_role("link", name=title, exact=True).click()


def shown_code(page: Page) -> str:
    """The personal code the page's info box shows ("Your personal code: XXXX-...")."""
    box = page.locator("[data-testid='stAlert']").filter(has_text="Your personal code")
    expect(box).to_be_visible()
    found = CODE_PATTERN.search(box.inner_text())
    assert found, f"no personal code in the info box: {box.inner_text()!r}"
    return found.group(0)


def expect_code_not_in_url(page: Page, code: str | None = None) -> None:
    """The address (which people copy and share) holds no personal code."""
    assert "code=" not in page.url, f"the address carries a code: {page.url}"
    if code:
        assert code not in page.url, f"the address carries the personal code: {page.url}"


def expect_answers(page: Page, questionnaire: Questionnaire, answers: Answers) -> None:
    """Exactly `answers` are selected on the questionnaire, and the count says so."""
    expect(progress(page, len(answers), len(questionnaire.items))).to_be_visible()
    wait_idle(page)
    items = {i.id: i for i in questionnaire.items}
    for item_id, raw in answers.items():
        expect_answered(page, questionnaire, items[item_id], raw)
    expect(page.locator("[class*='st-key-ans_'] input[type='radio']:checked")).to_have_count(len(answers))


def screenshot_whole_page(page: Page, name: str) -> Path:
    """A whole-height screenshot under test-artifacts/screenshots/<name>.png."""
    SCREENSHOTS_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS_DIR / f"{name}.png"
    with full_height(page):
        page.screenshot(path=path)
    return path


def lead_log_in(page: Page, join_code: str, lead_key: str) -> None:
    """Open a team's dashboard on the Team lead page through its labelled fields."""
    page.get_by_label("Team join code").fill(join_code)
    page.get_by_label("Lead key").fill(lead_key)
    page.get_by_role("button", name="Open the dashboard").click()


@dataclass(frozen=True)
class DemoTeam:
    join_code: str
    lead_key: str


def create_demo_team(database_url: str, name: str = "Demo team") -> DemoTeam:
    """A team with three closed, shown rounds, made by `python -m assessment demo` on `database_url`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ASSESSMENT_", "STREAMLIT_"))}
    env["ASSESSMENT_DATABASE_URL"] = database_url
    done = subprocess.run(
        [sys.executable, "-m", "assessment", "demo", "--team", name],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, f"`python -m assessment demo` failed:\n{done.stdout}\n{done.stderr}"
    join_code = re.search(r"Join code:\s*(\S+)", done.stdout)
    lead_key = re.search(r"Lead key:\s*(\S+)", done.stdout)
    assert join_code and lead_key, f"no join code or lead key in the demo's output:\n{done.stdout}"
    return DemoTeam(join_code.group(1), lead_key.group(1))


def submit_again(database_url: str, questionnaire: Questionnaire, code: str, answers: Answers) -> None:
    """A further submitted response of the person with `code`, written straight to the database."""
    storage = Storage.open(database_url)
    try:
        storage.submit_response(storage.person_id(code), questionnaire, answers)
    finally:
        storage.engine.dispose()


# ------------------------------------------------------------------ charts

# What a reader sees of one chart. The plotted area is measured as the union of the boxes of
# the chart's data marks (`.role-mark`, text marks left out because a label may run past the
# plot) and its grid lines (`.role-axis-grid`, which span the plot's full extent). Vega draws no
# plot background with Streamlit's theme (no `path.background`), and the root frame
# (`g.role-frame.root`) also holds titles, legends and axis labels, so neither measures the plot;
# the union is a lower bound of the plot, so a chart squeezed to a strip (a legend eating its
# height) cannot pass. Texts are every visible, non-blank `text` element with its role group.
CHART_GEOMETRY = """
chart => {
    const svg = chart.querySelector("svg.marks");
    if (!svg) return null;
    const box = e => {
        const r = e.getBoundingClientRect();
        return {left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height};
    };
    const shown = e => {
        for (let n = e; n && n !== svg; n = n.parentElement) {
            if (getComputedStyle(n).opacity === "0" || n.getAttribute("opacity") === "0") return false;
        }
        return true;
    };
    const parts = [...svg.querySelectorAll(".role-mark:not(.mark-text), .role-axis-grid")]
        .map(box).filter(r => r.width > 0 || r.height > 0);
    const plot = parts.length ? {
        left: Math.min(...parts.map(r => r.left)), top: Math.min(...parts.map(r => r.top)),
        right: Math.max(...parts.map(r => r.right)), bottom: Math.max(...parts.map(r => r.bottom)),
    } : null;
    if (plot) { plot.width = plot.right - plot.left; plot.height = plot.bottom - plot.top; }
    const texts = [...svg.querySelectorAll("text")]
        .filter(t => t.textContent.replace(/[\\s\\u200b]/g, "") !== "" && shown(t))
        .map((t, i) => ({
            id: i,
            text: t.textContent,
            role: (t.closest("g[class*='role-']") || svg).getAttribute("class") || "",
            fill: getComputedStyle(t).fill,
            ...box(t),
        }));
    let background = "rgba(0, 0, 0, 0)";
    for (let n = chart; n; n = n.parentElement) {
        const colour = getComputedStyle(n).backgroundColor;
        if (colour && colour !== "transparent" && !/rgba\\(.*,\\s*0\\)$/.test(colour)) { background = colour; break; }
    }
    const title = texts.find(t => t.role.includes("role-title-text"));
    return {title: title ? title.text : null, plot, texts, background};
}
"""
MIN_PLOT_HEIGHT = 120
MIN_PLOT_WIDTH = 150
OVERLAP_TOLERANCE = 1.0  # px: anti-aliased edges may touch
# WCAG AA for normal-size text: chart labels are 11-13 px.
MIN_TEXT_CONTRAST = 4.5


def wait_charts_drawn(page: Page) -> int:
    """Wait until every chart on the page has drawn its SVG with text; return how many there are."""
    charts = page.locator(CHART)
    count = charts.count()
    expect(page.locator(f"{CHART} svg.marks")).to_have_count(count)
    for n in range(count):
        expect(charts.nth(n).locator("svg.marks text").first).to_be_attached()
    return count


def _colour(css: str) -> tuple[float, float, float]:
    found = re.findall(r"[\d.]+", css)
    assert len(found) >= 3, f"not a colour: {css!r}"
    return tuple(float(v) / 255 for v in found[:3])


def contrast(foreground: str, background: str) -> float:
    """WCAG contrast ratio of two CSS rgb() colours."""

    def luminance(css: str) -> float:
        channels = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in _colour(css)]
        return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]

    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def chart_measures(page: Page, where: str) -> list[tuple[str, dict | None]]:
    """(name, CHART_GEOMETRY) of every chart on the page, named by place and title."""
    charts = page.locator(CHART)
    measured = []
    for n in range(charts.count()):
        found = charts.nth(n).evaluate(CHART_GEOMETRY)
        measured.append((f"{where}, chart {n + 1} ({(found and found['title']) or 'untitled'})", found))
    return measured


def chart_layout_problems(page: Page, where: str) -> list[str]:
    """Charts a reader could not read for their layout: a plot too small to show differences, or
    a text drawn on top of an axis label."""
    problems = []
    for name, found in chart_measures(page, where):
        if found is None:
            problems.append(f"{name}: no SVG drawn")
            continue
        plot = found["plot"]
        if plot is None:
            problems.append(f"{name}: no plotted marks")
        elif plot["height"] < MIN_PLOT_HEIGHT or plot["width"] < MIN_PLOT_WIDTH:
            problems.append(
                f"{name}: plotted area {plot['width']:.0f} x {plot['height']:.0f} px, "
                f"less than {MIN_PLOT_WIDTH} x {MIN_PLOT_HEIGHT}"
            )
        texts = found["texts"]
        for label in (t for t in texts if "role-axis-label" in t["role"]):
            for other in texts:
                if other["id"] == label["id"] or (
                    "role-axis-label" in other["role"] and other["id"] < label["id"]
                ):
                    continue  # each pair of axis labels once
                across = min(label["right"], other["right"]) - max(label["left"], other["left"])
                down = min(label["bottom"], other["bottom"]) - max(label["top"], other["top"])
                if across > OVERLAP_TOLERANCE and down > OVERLAP_TOLERANCE:
                    problems.append(
                        f"{name}: axis label {label['text']!r} overlaps {other['role']} {other['text']!r}"
                        f" by {across:.0f} x {down:.0f} px"
                    )
    return problems


def chart_contrast_problems(page: Page, where: str) -> list[str]:
    """Chart texts too faint for the page's background, one line per chart and colour."""
    problems = []
    for name, found in chart_measures(page, where):
        if found is None:
            continue
        faint: dict[tuple[str, float], list[dict]] = {}
        for text in found["texts"]:
            ratio = contrast(text["fill"], found["background"])
            if ratio < MIN_TEXT_CONTRAST:
                faint.setdefault((text["fill"], ratio), []).append(text)
        for (fill, ratio), texts in faint.items():
            roles = sorted({t["role"].split()[-1] for t in texts})
            problems.append(
                f"{name}: {len(texts)} text(s) ({', '.join(roles)}; e.g. {texts[0]['text'][:40]!r}) in {fill} "
                f"on {found['background']}: contrast {ratio:.2f}:1, below {MIN_TEXT_CONTRAST}:1"
            )
    return problems


def open_my_data(page: Page, code: str) -> None:
    page.goto(f"/my-data?code={code}")
    expect(page.get_by_role("heading", name="Delete my data")).to_be_visible()
    wait_idle(page)


def open_team_login(page: Page) -> None:
    page.goto("/team")
    expect(page.get_by_label("Lead key")).to_be_visible()
    wait_idle(page)


def expect_theme(page: Page, theme: str) -> None:
    """The app really is drawn in `theme`: a dark background in dark mode, a light one otherwise."""
    background = page.locator(APP).evaluate("e => getComputedStyle(e).backgroundColor")
    against_black = contrast(background, "rgb(0, 0, 0)")
    if theme == "dark":
        assert against_black < 2, f"the dark theme's background is {background}"
    else:
        assert against_black > 15, f"the light theme's background is {background}"
