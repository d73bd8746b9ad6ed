"""One simulated practitioner: a WebSocket to the server, driven the way a browser tab drives it."""

from __future__ import annotations

import asyncio
import random
import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake

from bench.load.protocol import Tab

STREAM = "/_stcore/stream"
SUBPROTOCOL = "streamlit"  # what the frontend asks first; the rest of its list is an XSRF token
ANSWER_PREFIX = "ans_"
SUBMIT = "submit"
RESULTS_PATH = "results"
# What the results page says when the response counts in the team's open round.
COUNTED = "Submitted. It counts in the round"

# A function that stores the rest of a person's draft (personal code, item id -> raw value).
DraftFiller = Callable[[str, dict[str, int]], Awaitable[None]]


class PageError(Exception):
    """The page did not show what a person would expect; the first word names the kind."""


@dataclass(frozen=True)
class Plan:
    """What each simulated practitioner does."""

    answers: int | None  # statements answered on the page, in page order; None: all of them
    pause: float  # mean seconds between the end of one answer's rerun and the next click
    jitter: float  # each pause is drawn from pause * (1 +/- jitter), uniformly
    submit: bool  # fill the rest of the draft and click Submit (the app); the bare page has none
    timeout: float  # seconds one interaction may take before the session counts as failed

    def think(self, rng: random.Random) -> float:
        return self.pause * rng.uniform(1 - self.jitter, 1 + self.jitter)


@dataclass
class Tally:
    """Everything the sessions of one step measured, in seconds."""

    loads: list[float] = field(default_factory=list)  # first visit to the end of its run
    answers: list[float] = field(default_factory=list)  # click to the end of the answer's reruns
    submits: list[float] = field(default_factory=list)  # Submit to the results page drawn
    errors: Counter[str] = field(default_factory=Counter)  # failed sessions, by kind
    examples: dict[str, str] = field(default_factory=dict)  # one message per kind
    submitted: int = 0  # sessions that landed on the results page with their response counted
    completed: int = 0  # sessions that did everything the plan asked
    first_click: float | None = None  # perf_counter of the first answer sent
    last_answer: float | None = None  # perf_counter of the last answer finished

    def answered(self, started: float, seconds: float) -> None:
        self.answers.append(seconds)
        self.first_click = started if self.first_click is None else min(self.first_click, started)
        self.last_answer = max(self.last_answer or 0.0, started + seconds)

    def failed(self, kind: str, detail: str) -> None:
        self.errors[kind] += 1
        self.examples.setdefault(kind, detail[:300])

    @property
    def answer_window(self) -> float:
        """Seconds from the first answer sent to the last answer finished."""
        if self.first_click is None or self.last_answer is None:
            return 0.0
        return self.last_answer - self.first_click


class LiveTab:
    """A tab's WebSocket: each `send` returns once the interaction's reruns have finished."""

    def __init__(self, ws: ClientConnection, tab: Tab, timeout: float) -> None:
        self.ws, self.tab, self.timeout = ws, tab, timeout

    async def send(self, msg: BackMsg) -> float:
        """Send `msg`; the seconds until the last run it started has finished."""
        started = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        async with asyncio.timeout(self.timeout):
            while True:
                forward = ForwardMsg()
                forward.ParseFromString(await self.ws.recv())
                if self.tab.receive(forward):
                    break
        elapsed = time.perf_counter() - started
        if self.tab.errors:
            raise PageError(f"page: {self.tab.errors[0]}")
        return elapsed


@asynccontextmanager
async def open_tab(
    base_url: str, path: str, query: str, timeout: float, cookie: str | None = None
) -> AsyncIterator[LiveTab]:
    """A WebSocket to the server's stream, as the frontend opens it (no browser cookies: a first
    visit), with a Tab for `base_url/path?query`."""
    uri = base_url.replace("http://", "ws://", 1) + STREAM
    async with connect(
        uri,
        subprotocols=[SUBPROTOCOL],
        additional_headers={"Cookie": cookie} if cookie else None,
        proxy=None,  # straight to 127.0.0.1, whatever proxy the environment names
        ping_interval=None,  # the browser sends no pings of its own; the server's get answered
        max_size=None,  # a results page with its charts can exceed the default 1 MiB
        open_timeout=timeout,
    ) as ws:
        yield LiveTab(ws, Tab(base_url, path, query_string=query), timeout)


async def practitioner(
    base_url: str,
    path: str,
    query: str,
    plan: Plan,
    rng: random.Random,
    tally: Tally,
    statements: int,
    fill_draft: DraftFiller | None = None,
    cookie: str | None = None,
) -> None:
    """Open the questionnaire, answer statements with pauses, and (the app) submit; every
    failure ends the session, as it would stop a person, and is counted by kind."""
    try:
        async with open_tab(base_url, path, query, plan.timeout, cookie) as live:
            await _journey(live, plan, rng, tally, statements, fill_draft)
        tally.completed += 1
    except PageError as exc:
        tally.failed(str(exc).split(":")[0], str(exc))
    except TimeoutError:
        tally.failed("timeout", f"no end of run within {plan.timeout:g} s")
    except ConnectionClosed as exc:
        tally.failed("connection closed", repr(exc))
    except (OSError, InvalidHandshake) as exc:
        tally.failed("connect", repr(exc))


async def _journey(
    live: LiveTab,
    plan: Plan,
    rng: random.Random,
    tally: Tally,
    statements: int,
    fill_draft: DraftFiller | None,
) -> None:
    tab = live.tab
    tally.loads.append(await live.send(tab.open()))
    keys = tab.keys(ANSWER_PREFIX)
    if len(keys) != statements:
        raise PageError(f"page: {len(keys)} statements on the page, {statements} expected")
    if kinds := tab.unhandled_kinds():
        raise PageError(f"page: widgets this client does not fill in: {sorted(kinds)}")
    # People do not click in step: the first answer comes after a share of a pause.
    await asyncio.sleep(rng.uniform(0, plan.pause))
    answered = keys[: plan.answers]
    code = None
    for key in answered:
        label = rng.choice(tab.widget(key).options)
        started = time.perf_counter()
        tally.answered(started, await live.send(tab.answer(key, label)))
        # The app sets a statement from the stored draft when they differ: the answer on screen is
        # what was saved.
        if tab.value(key) != label:
            raise PageError(f"answer: {key} shows {tab.value(key)!r} after choosing {label!r}")
        code = code or tab.personal_code()  # shown once, after the answer that made the person
        await asyncio.sleep(plan.think(rng))
    if not plan.submit:
        return
    if code is None:
        raise PageError("code: no personal code shown after the first answer")
    rest = {key.removeprefix(ANSWER_PREFIX): rng.randint(1, 5) for key in keys if key not in answered}
    if rest:
        await fill_draft(code, rest)
    seconds = await live.send(tab.click(SUBMIT))
    if tab.page_path != RESULTS_PATH:
        raise PageError(f"submit: Submit ended on {tab.page_path!r}, not on the results page")
    if not any(text.startswith(COUNTED) for text in tab.texts):
        raise PageError(f"submit: no “{COUNTED}” on the results page")
    tally.submits.append(seconds)
    tally.submitted += 1


def session_rngs(count: int, seed: int) -> list[random.Random]:
    """One random generator per session: the same answers and pauses for the same seed."""
    return [random.Random(f"{seed}-{number}") for number in range(count)]
