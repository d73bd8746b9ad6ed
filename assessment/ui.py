"""The Streamlit glue: cached resources, the personal code in the URL, widgets shared by pages.

The only module of the package that imports streamlit; everything it shows is decided elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from assessment import codes
from assessment.questionnaire import Item, Questionnaire, QuestionnaireError, load_questionnaire
from assessment.settings import Settings, SettingsError, load_settings
from assessment.storage import Storage, StorageError

NOT_APPLICABLE = "na"  # the radio option stored as missing
NO_RESULTS = "There are no results for this code. Check the code and try again."
PAGE_ASSESS = "app_pages/assess.py"
PAGE_RESULTS = "app_pages/results.py"


@dataclass(frozen=True)
class Context:
    settings: Settings
    questionnaire: Questionnaire
    storage: Storage


@st.cache_resource(show_spinner=False)
def _questionnaire(path: str, language: str, modified_ns: int) -> Questionnaire:
    """Parsed once per file version: `modified_ns` makes an edited file load again."""
    return load_questionnaire(Path(path), language)


@st.cache_resource(show_spinner=False)
def _storage(url: str) -> Storage:
    return Storage.open(url)


def context() -> Context:
    """Settings, questionnaire and database; a readable error and a stop when one is unusable."""
    try:
        settings = load_settings()
        path = settings.questionnaire_path
        modified_ns = path.stat().st_mtime_ns if path.exists() else 0
        questionnaire = _questionnaire(str(path), settings.language, modified_ns)
        storage = _storage(settings.database_url)
    except SettingsError as exc:
        _stop("The app is not configured correctly.", str(exc))
    except QuestionnaireError as exc:
        _stop("The questionnaire file cannot be used.", str(exc))
    except StorageError as exc:
        _stop("The database cannot be opened.", str(exc))
    return Context(settings, questionnaire, storage)


def _stop(title: str, detail: str) -> None:
    st.error(f"**{title}** Please tell the person who runs this app.\n\n```\n{detail}\n```")
    st.stop()


def show_storage_error(exc: StorageError | str) -> None:
    st.error(
        "Your answers could not be saved or read just now; they are still on this page. "
        f"Please try again in a moment.\n\n({exc})"
    )


# ----------------------------------------------------------- the personal code


def sync_code_with_url(ctx: Context) -> None:
    """Adopt a code the URL carries, and put the session's code back into the URL on every run
    (navigating between pages clears query parameters)."""
    url_code = st.query_params.get("code")
    if url_code and url_code != st.session_state.get("code"):
        person_id = ctx.storage.person_id(url_code)
        if person_id is None:
            st.session_state["code_not_found"] = True
            del st.query_params["code"]
        else:
            _adopt(codes.format_code(codes.normalise_code(url_code), codes.PERSONAL_CODE_GROUP), person_id)
    if st.session_state.get("code"):
        st.query_params["code"] = st.session_state["code"]


def _adopt(code: str, person_id: int) -> None:
    """Make `code` the session's person; answers on screen from another person are dropped."""
    if st.session_state.get("person_id") not in (None, person_id):
        for key in [k for k in st.session_state if str(k).startswith("ans_")]:
            del st.session_state[key]
        st.session_state.pop("draft_loaded", None)
    st.session_state["code"] = code
    st.session_state["person_id"] = person_id
    st.session_state.pop("code_not_found", None)


def person_id() -> int | None:
    return st.session_state.get("person_id")


def enter_code(ctx: Context) -> None:
    """A form to type a personal code; adopts it, or says the neutral "no results"."""
    with st.form("enter_code"):
        typed = st.text_input("Your personal code", placeholder="XXXX-XXXX-XXXX-XXXX", key="typed_code")
        if st.form_submit_button("Show my results"):
            found = ctx.storage.person_id(typed)
            if found is None:
                st.warning(NO_RESULTS)
            else:
                canonical = codes.normalise_code(typed)
                _adopt(codes.format_code(canonical, codes.PERSONAL_CODE_GROUP), found)
                st.query_params["code"] = st.session_state["code"]
                st.rerun()


def show_code() -> None:
    """The person's code, with why to keep it."""
    st.info(
        f"Your personal code: **`{st.session_state['code']}`**  \n"
        "Write it down or bookmark this page: it is the only way back to your answers and "
        "results. We cannot recover it for you."
    )


# --------------------------------------------------------------------- answers


def answer_key(item: Item) -> str:
    return f"ans_{item.id}"


def load_draft(ctx: Context) -> None:
    """Seed the answer widgets from the saved draft once per session (and after a reload)."""
    pid = person_id()
    if pid is None or st.session_state.get("draft_loaded") == pid:
        return
    for item_id, raw in ctx.storage.draft(pid).items():
        st.session_state[f"ans_{item_id}"] = NOT_APPLICABLE if raw is None else raw
    st.session_state["draft_loaded"] = pid


def answers_on_screen(questionnaire: Questionnaire) -> dict[str, int | None]:
    """item id -> raw value (None for Not applicable), for every item answered in this session."""
    found = {}
    for item in questionnaire.items:
        value = st.session_state.get(answer_key(item))
        if value is not None:
            found[item.id] = None if value == NOT_APPLICABLE else value
    return found


def _save_answer(ctx: Context, item: Item) -> None:
    """on_change of an answer: store it as a draft, creating the person's code on the first."""
    value = st.session_state.get(answer_key(item))
    raw = None if value == NOT_APPLICABLE else value
    try:
        if person_id() is None:
            code = ctx.storage.create_person()
            _adopt(code, ctx.storage.person_id(code))
            st.session_state["draft_loaded"] = person_id()
        ctx.storage.save_draft_answer(person_id(), item.id, raw)
        st.session_state.pop("save_error", None)
    except StorageError as exc:
        st.session_state["save_error"] = str(exc)


def answer_radio(ctx: Context, item: Item) -> None:
    labels = dict(enumerate(ctx.questionnaire.scale_labels, start=1))
    labels[NOT_APPLICABLE] = ctx.questionnaire.not_applicable_label
    st.radio(
        f"{item.number}. {item.text}",
        options=list(labels),
        format_func=labels.__getitem__,
        index=None,
        horizontal=True,
        key=answer_key(item),
        on_change=_save_answer,
        args=(ctx, item),
    )


def _submit(ctx: Context) -> None:
    """on_click of Submit: store a complete response, or list what is missing and keep all."""
    st.session_state["submit_tried"] = True
    answers = answers_on_screen(ctx.questionnaire)
    if unanswered(ctx.questionnaire):
        return
    try:
        ctx.storage.submit_response(person_id(), ctx.questionnaire, answers)
    except StorageError as exc:
        st.session_state["save_error"] = str(exc)
        return
    for item in ctx.questionnaire.items:
        st.session_state.pop(answer_key(item), None)
    st.session_state["just_submitted"] = True
    st.session_state.pop("submit_tried", None)


def unanswered(questionnaire: Questionnaire) -> list[Item]:
    answers = answers_on_screen(questionnaire)
    return [i for i in questionnaire.items if i.id not in answers]


def shorten(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + " …"


def submit_button(ctx: Context) -> None:
    st.button("Submit my answers", key="submit", type="primary", on_click=_submit, args=(ctx,))
