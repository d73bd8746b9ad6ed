"""The load test's client (bench/load): the messages it sends and what it keeps of what it gets,
checked against the message sequences captured from Chromium on the questionnaire page."""

from __future__ import annotations

import random

import pytest
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.load.protocol import Tab, user_key
from bench.load.report import memory_table, percentile
from bench.load.session import Plan
from bench.load.sweep import IdleResult

BASE = "http://127.0.0.1:8501"
PAGE_HASH = "assess-hash"
STATEMENT = "statement-fragment"  # the questionnaire's statements are each a fragment
CODE = "code-fragment"
LABELS = ("Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree", "Not applicable")


def widget_id(key: str) -> str:
    return f"$$ID-0123456789abcdef-{key}"


def new_session(*fragments: str, page_hash: str = PAGE_HASH) -> ForwardMsg:
    msg = ForwardMsg()
    msg.new_session.page_script_hash = page_hash
    msg.metadata.run.fragment_ids.extend(fragments)
    return msg


def navigation(current: str, **pages: str) -> ForwardMsg:
    msg = ForwardMsg()
    msg.navigation.page_script_hash = current
    for path, page_hash in pages.items():
        msg.navigation.app_pages.add(url_pathname=path, page_script_hash=page_hash)
    return msg


def radio(key: str, fragment: str = STATEMENT, set_value: bool = False, raw: str | None = None) -> ForwardMsg:
    msg = ForwardMsg()
    msg.delta.fragment_id = fragment
    proto = msg.delta.new_element.radio
    proto.id = widget_id(key)
    proto.options[:] = LABELS
    proto.set_value = set_value
    if raw is not None:
        proto.raw_value = raw
    return msg


def text_area(key: str, fragment: str = STATEMENT) -> ForwardMsg:
    msg = ForwardMsg()
    msg.delta.fragment_id = fragment
    msg.delta.new_element.text_area.id = widget_id(key)
    return msg


def button(key: str, fragment: str = "") -> ForwardMsg:
    msg = ForwardMsg()
    msg.delta.fragment_id = fragment
    msg.delta.new_element.button.id = widget_id(key)
    return msg


def alert(body: str, error: bool = False) -> ForwardMsg:
    msg = ForwardMsg()
    msg.delta.new_element.alert.body = body
    msg.delta.new_element.alert.format = Alert.ERROR if error else Alert.INFO
    return msg


def finished(status: int = ForwardMsg.FINISHED_SUCCESSFULLY) -> list[ForwardMsg]:
    """A run's last two messages: script_finished, then the empty "not running" status."""
    end, idle = ForwardMsg(), ForwardMsg()
    end.script_finished = status
    idle.session_status_changed.script_is_running = False
    return [end, idle]


def feed(tab: Tab, messages: list[ForwardMsg]) -> list[bool]:
    return [tab.receive(msg) for msg in messages]


def loaded_tab() -> Tab:
    """The questionnaire page after its first run: two radios and a note, Submit outside fragments."""
    tab = Tab(BASE, "assessment", "team=ABC")
    tab.open()
    page_info = ForwardMsg()
    page_info.page_info_changed.query_string = "team=ABC"
    feed(
        tab,
        [
            new_session(page_hash="main-hash"),
            navigation(PAGE_HASH, assessment=PAGE_HASH, results="results-hash"),
            page_info,
            radio("ans_B1a", set_value=True),
            radio("ans_B1b", set_value=True),
            text_area("note_bias"),
            button("submit"),
            *finished(),
        ],
    )
    return tab


def states(msg) -> dict[str, tuple[str | None, object]]:
    """widget id -> (the value's field, its value) of a rerun message."""
    found = {}
    for state in msg.rerun_script.widget_states.widgets:
        field = state.WhichOneof("value")
        found[state.id] = (field, getattr(state, field) if field else None)
    return found


def test_a_keyed_widget_id_ends_with_its_key():
    assert user_key("$$ID-d55afc5ae17097741b0bb683788d3e05-ans_B1a") == "ans_B1a"
    assert user_key("$$ID-d55afc5ae17097741b0bb683788d3e05-key-with-dashes") == "key-with-dashes"
    assert user_key("$$ID-d55afc5ae17097741b0bb683788d3e05-None") is None
    assert user_key("") is None


def test_the_first_visit_names_the_page_by_its_path_with_the_members_link():
    msg = Tab(BASE, "assessment", "team=ABC").open()
    state = msg.rerun_script
    assert (state.page_name, state.page_script_hash, state.query_string) == ("assessment", "", "team=ABC")
    assert state.context_info.url == f"{BASE}/assessment"
    assert state.context_info.locale == "en-US"
    assert not state.widget_states.widgets


def test_an_answer_sends_every_widget_and_the_fragment_it_was_drawn_in():
    tab = loaded_tab()
    msg = tab.answer("ans_B1a", "Agree")
    state = msg.rerun_script
    assert (state.page_script_hash, state.page_name, state.query_string) == (PAGE_HASH, "", "team=ABC")
    assert state.fragment_id == STATEMENT
    # As Chromium sends it: the answer as its label, an unanswered radio as its id alone, the note
    # as its text, and no button.
    assert states(msg) == {
        widget_id("ans_B1a"): ("string_value", "Agree"),
        widget_id("ans_B1b"): (None, None),
        widget_id("note_bias"): ("string_value", ""),
    }


def test_submit_sends_its_trigger_once():
    tab = loaded_tab()
    tab.answer("ans_B1a", "Agree")
    click = tab.click("submit")
    assert click.rerun_script.fragment_id == ""  # Submit reruns the whole page
    assert states(click)[widget_id("submit")] == ("trigger_value", True)
    assert widget_id("submit") not in states(tab.rerun())


def test_an_unknown_option_is_refused():
    with pytest.raises(ValueError):
        loaded_tab().answer("ans_B1a", "Maybe")


def test_an_answer_is_done_after_its_statements_run():
    tab = loaded_tab()
    tab.answer("ans_B1a", "Agree")
    run = [new_session(STATEMENT), radio("ans_B1a")]
    assert feed(tab, [*run, *finished(ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY)]) == [False] * 3 + [True]
    assert tab.value("ans_B1a") == "Agree"


def test_an_answer_is_done_after_the_run_its_callback_asked_for():
    tab = loaded_tab()
    tab.answer("ans_B1a", "Agree")
    # The statement's run, ended early by the callback's st.rerun([...]), then the fragments' run.
    early = feed(tab, [new_session(STATEMENT), *finished(ForwardMsg.FINISHED_EARLY_FOR_RERUN)])
    assert early == [False, False, False]
    redraw = [new_session(CODE, STATEMENT), radio("ans_B1a", set_value=True, raw="Agree")]
    assert feed(tab, [*redraw, *finished(ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY)])[-1] is True
    assert tab.value("ans_B1a") == "Agree"


def test_the_server_sets_values_and_a_plain_redraw_keeps_the_tabs():
    tab = loaded_tab()
    tab.answer("ans_B1a", "Agree")
    # Seeded from the stored draft (another tab answered B1b); B1a redrawn without set_value.
    feed(tab, [new_session(STATEMENT), radio("ans_B1a"), radio("ans_B1b", set_value=True, raw="Disagree")])
    assert (tab.value("ans_B1a"), tab.value("ans_B1b")) == ("Agree", "Disagree")
    feed(tab, [radio("ans_B1b", set_value=True)])
    assert tab.value("ans_B1b") is None


def test_a_run_forgets_the_widgets_it_no_longer_draws_in_its_scope():
    tab = loaded_tab()
    feed(
        tab,
        [new_session(STATEMENT), radio("ans_B1a"), *finished(ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY)],
    )
    assert tab.keys("ans_") == ["ans_B1a"]
    assert tab.widget("submit")  # outside the fragment: untouched
    feed(tab, [new_session(page_hash="results-hash"), *finished()])
    assert tab.widgets == {}
    assert tab.page_path == "results"


def test_the_personal_code_and_errors_are_read_from_the_page():
    tab = loaded_tab()
    tab.answer("ans_B1a", "Agree")
    warning = ForwardMsg()
    warning.delta.new_element.exception.message = "deprecated"
    warning.delta.new_element.exception.is_warning = True
    feed(tab, [alert("Your personal code: **`K7Q2-M9XD-4TPA-ZR8W`**  \nWrite it down."), warning])
    assert tab.personal_code() == "K7Q2-M9XD-4TPA-ZR8W"
    assert tab.errors == []
    feed(tab, [alert("Your answers could not be saved", error=True)])
    assert tab.errors == ["error shown: Your answers could not be saved"]
    tab.rerun()
    assert tab.errors == [] and tab.personal_code() is None


def test_percentiles_interpolate_between_ranks():
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 50) == pytest.approx(50.5)
    assert percentile(values, 95) == pytest.approx(95.05)
    assert percentile([0.2], 99) == 0.2
    assert percentile([], 50) is None


def test_pauses_stay_within_the_jitter():
    plan = Plan(answers=10, pause=6.0, jitter=0.5, submit=True, timeout=60)
    rng = random.Random(1)
    pauses = [plan.think(rng) for _ in range(1000)]
    assert min(pauses) >= 3.0 and max(pauses) <= 9.0
    assert sum(pauses) / len(pauses) == pytest.approx(6.0, rel=0.05)


def test_memory_per_session_divides_growth_by_the_sessions_that_opened():
    idle = IdleResult(
        "app (SQLite)", sessions=200, opened=160, rss_before_kib=200 * 1024, rss_open_kib=240 * 1024
    )
    assert idle.per_session_kib == pytest.approx(256)  # 40 MiB over the 160 that opened
    table = memory_table({}, [idle])
    assert "+0.2 MiB (N=160)" in table and "200 MiB at rest" in table
    shrunk = IdleResult("bare page", 10, 10, rss_before_kib=2048, rss_open_kib=1024)
    assert shrunk.per_session_kib == 0, "memory handed back is no negative cost"
