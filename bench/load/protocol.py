"""Streamlit's WebSocket protocol as a browser tab speaks it, without the browser.

Pure code, no I/O: the BackMsgs a tab sends and what a tab keeps of the ForwardMsgs it receives
(its widgets and their values, the page it is on, the end of a run). `session.py` moves the bytes.

What the browser does, as captured from Chromium on `/assessment?team=...` (streamlit 1.67):

- The first message is a rerun with `page_name` = the URL path ("assessment"), an empty
  `page_script_hash`, the query string and the browser's context (timezone, locale, URL, theme).
- Every later rerun carries the page's hash (from `navigation`, or `new_session` without
  navigation), no page name, and the state of EVERY widget on the page: a radio with an answer as
  `string_value` = the option's label (radios are string-valued in 1.67, not option indexes), an
  unanswered radio as a bare id, a text area as its text; a button only as `trigger_value` in
  the message of its click.
- A widget drawn inside a fragment sends the fragment's id (the `fragment_id` of the delta that
  drew it) with its change, so the server reruns that fragment only.
- An answer on the app is one run of its statement's fragment. When the answer's callback names
  fragments to redraw (the person's first answer, which shows their code; a statement another
  tab changed), it ends that run early with `st.rerun([...fragments])` (script_finished
  FINISHED_EARLY_FOR_RERUN, then "not running") and the fragments it names run next. Either way
  the answer is done at the first "not running" after a run that did not end early for a rerun.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ContextInfo
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetStates

# What the captured Chromium sent as its context; `locale` picks the app's language.
BROWSER_CONTEXT = {
    "timezone": "UTC",
    "timezone_offset": 0,
    "locale": "en-US",
    "is_embedded": False,
    "color_scheme": "light",
}
# Widgets whose value the tab holds and sends with every rerun; a button only sends its click.
VALUED_WIDGETS = ("radio", "text_area")
BUTTON = "button"
ELEMENT_ID_PREFIX = "$$ID-"
# The personal code in the box the app shows after the first answer: **`XXXX-XXXX-XXXX-XXXX`**.
CODE_PATTERN = re.compile(r"\*\*`([0-9A-Z]{4}(?:-[0-9A-Z]{4}){3})`\*\*")
EARLY_FOR_RERUN = ForwardMsg.FINISHED_EARLY_FOR_RERUN
COMPILE_ERROR = ForwardMsg.FINISHED_WITH_COMPILE_ERROR


def user_key(element_id: str) -> str | None:
    """The `key=` a widget was given in the script, or None.

    Streamlit 1.67 makes a keyed widget's id `$$ID-<hash>-<key>` (streamlit.elements.lib.utils
    `_compute_element_id`; `user_key_from_element_id` reads it back the same way), so the id of
    `st.radio(..., key="ans_B1a")` ends with "-ans_B1a". An unkeyed widget ends with "-None".
    """
    if not element_id.startswith(ELEMENT_ID_PREFIX):
        return None
    parts = element_id.split("-", maxsplit=2)
    if len(parts) < 3 or parts[2] == "None":
        return None
    return parts[2]


def first_visit(base_url: str, path: str, query_string: str) -> BackMsg:
    """The rerun a tab sends when it opens `base_url/path?query_string`."""
    msg = BackMsg()
    state = msg.rerun_script
    state.page_name = path
    state.query_string = query_string
    _context(state.context_info, base_url, path)
    return msg


def _context(context: ContextInfo, base_url: str, path: str) -> None:
    for name, value in BROWSER_CONTEXT.items():
        setattr(context, name, value)
    context.url = f"{base_url}/{path}"


@dataclass
class Widget:
    id: str
    key: str | None
    kind: str  # the element type: radio, text_area, button, ...
    fragment_id: str  # "" outside any fragment
    options: tuple[str, ...] = ()


@dataclass
class Tab:
    """What a browser tab keeps between messages: the page, its widgets and their values.

    `receive` takes every ForwardMsg in order and says when the interaction that was sent last
    has finished; `answer` and `click` change the tab's state and return the message to send.
    """

    base_url: str
    path: str
    query_string: str = ""
    page_hash: str = ""
    pages: dict[str, str] = field(default_factory=dict)  # URL path -> page hash, from navigation
    widgets: dict[str, Widget] = field(default_factory=dict)  # in the order the page drew them
    values: dict[str, str | None] = field(default_factory=dict)
    # Since the last message sent: texts shown (markdown, alerts) and what went wrong on the page.
    texts: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    _last_finish: int | None = None
    _run_fragments: tuple[str, ...] = ()  # empty: the run is a full run
    _drawn: set[str] = field(default_factory=set)

    # ----------------------------------------------------------- outgoing

    def open(self) -> BackMsg:
        self._start_interaction()
        return first_visit(self.base_url, self.path, self.query_string)

    def answer(self, key: str, label: str) -> BackMsg:
        """Choose `label` on the radio `key`, as a click on its label does."""
        widget = self.widget(key)
        if label not in widget.options:
            raise ValueError(f"{key} has no option {label!r}")
        self.values[widget.id] = label
        return self.rerun(widget.fragment_id)

    def click(self, key: str) -> BackMsg:
        """Click the button `key`."""
        widget = self.widget(key)
        return self.rerun(widget.fragment_id, trigger=widget.id)

    def rerun(self, fragment_id: str = "", trigger: str | None = None) -> BackMsg:
        """A rerun carrying every widget's state, as the browser sends it."""
        self._start_interaction()
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query_string
        state.page_script_hash = self.page_hash
        state.fragment_id = fragment_id
        state.widget_states.CopyFrom(self.widget_states(trigger))
        _context(state.context_info, self.base_url, self.path)
        return msg

    def widget_states(self, trigger: str | None = None) -> WidgetStates:
        states = WidgetStates()
        for widget in self.widgets.values():
            if widget.kind == BUTTON:
                if widget.id == trigger:
                    states.widgets.add(id=widget.id, trigger_value=True)
            elif widget.kind in VALUED_WIDGETS:
                state = states.widgets.add(id=widget.id)
                value = self.values.get(widget.id)
                if value is not None:  # an unanswered radio: its id alone, as the browser sends it
                    state.string_value = value
            # Other kinds are left out: the server keeps their last value. The questionnaire
            # page has none; `unhandled_kinds` lists them if a page grows one.
        return states

    def _start_interaction(self) -> None:
        self.texts.clear()
        self.errors.clear()
        self._last_finish = None

    # ------------------------------------------------------------ reading

    def widget(self, key: str) -> Widget:
        for widget in self.widgets.values():
            if widget.key == key:
                return widget
        raise KeyError(f"no widget with key {key!r} on the page")

    def keys(self, prefix: str, kind: str = "radio") -> list[str]:
        """Keys of the page's widgets of `kind` starting with `prefix`, in page order."""
        return [w.key for w in self.widgets.values() if w.kind == kind and w.key and w.key.startswith(prefix)]

    def value(self, key: str) -> str | None:
        return self.values.get(self.widget(key).id)

    def unhandled_kinds(self) -> set[str]:
        return {w.kind for w in self.widgets.values() if w.kind not in (*VALUED_WIDGETS, BUTTON)}

    @property
    def page_path(self) -> str | None:
        """The URL path of the page on screen, when the app navigates (None otherwise)."""
        return next((path for path, page in self.pages.items() if page == self.page_hash), None)

    def personal_code(self) -> str | None:
        for text in self.texts:
            if found := CODE_PATTERN.search(text):
                return found.group(1)
        return None

    # ----------------------------------------------------------- incoming

    def receive(self, msg: ForwardMsg) -> bool:
        """Take one ForwardMsg; True when the interaction sent last has finished."""
        kind = msg.WhichOneof("type")
        if kind == "new_session":
            self.page_hash = msg.new_session.page_script_hash
            self._run_fragments = tuple(msg.metadata.run.fragment_ids)
            self._drawn = set()
        elif kind == "navigation":
            self.page_hash = msg.navigation.page_script_hash
            self.pages = {page.url_pathname: page.page_script_hash for page in msg.navigation.app_pages}
        elif kind == "page_info_changed":
            self.query_string = msg.page_info_changed.query_string
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            self._element(msg.delta.new_element, msg.delta.fragment_id)
        elif kind == "script_finished":
            self._last_finish = msg.script_finished
            if msg.script_finished == COMPILE_ERROR:
                self.errors.append("the script did not compile")
            elif msg.script_finished != EARLY_FOR_RERUN:
                self._forget_undrawn()
        elif kind == "session_status_changed" and not msg.session_status_changed.script_is_running:
            return self._last_finish is not None and self._last_finish != EARLY_FOR_RERUN
        return False

    def _element(self, element, fragment_id: str) -> None:
        kind = element.WhichOneof("type")
        proto = getattr(element, kind)
        if kind == "markdown":
            self.texts.append(proto.body)
        elif kind == "alert":
            self.texts.append(proto.body)
            if proto.format == Alert.ERROR:
                self.errors.append(f"error shown: {proto.body[:200]}")
        elif kind == "exception" and not proto.is_warning:
            self.errors.append(f"exception shown: {proto.type}: {proto.message[:200]}")
        elif getattr(proto, "id", "").startswith(ELEMENT_ID_PREFIX):
            self._widget(kind, proto, fragment_id)

    def _widget(self, kind: str, proto, fragment_id: str) -> None:
        known = proto.id in self.widgets
        options = tuple(proto.options) if kind == "radio" else ()
        self.widgets[proto.id] = Widget(proto.id, user_key(proto.id), kind, fragment_id, options)
        self._drawn.add(proto.id)
        # The server sets a widget's value (set_value) when the script put it in session state,
        # as the app does from the stored draft; otherwise the tab keeps what it holds, and a new
        # widget starts from its default, as the frontend's widget manager does.
        if kind == "radio":
            if proto.set_value:
                self.values[proto.id] = proto.raw_value if proto.HasField("raw_value") else None
            elif not known:
                self.values[proto.id] = options[proto.default] if proto.HasField("default") else None
        elif kind == "text_area":
            if proto.set_value:
                self.values[proto.id] = proto.value if proto.HasField("value") else proto.default
            elif not known:
                self.values[proto.id] = proto.default

    def _forget_undrawn(self) -> None:
        """After a run: widgets of its scope that it did not draw are gone from the page."""
        for widget_id, widget in list(self.widgets.items()):
            in_scope = not self._run_fragments or widget.fragment_id in self._run_fragments
            if in_scope and widget_id not in self._drawn:
                del self.widgets[widget_id]
                self.values.pop(widget_id, None)
