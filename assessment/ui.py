"""The Streamlit glue: cached resources, the personal code in the URL, widgets shared by pages.

The only module of the package that imports streamlit; everything it shows is decided elsewhere.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from assessment import codes, importer
from assessment.questionnaire import Item, Questionnaire, QuestionnaireError, load_questionnaire
from assessment.settings import Settings, SettingsError, load_settings
from assessment.storage import Storage, StorageError, Team, TeamError

NOT_APPLICABLE = "na"  # the radio option stored as missing
NO_RESULTS = "There are no results for this code. Check the code and try again."
PAGE_ASSESS = "app_pages/assess.py"
PAGE_RESULTS = "app_pages/results.py"
PAGE_TEAM = "app_pages/team.py"
PAGE_MY_DATA = "app_pages/my_data.py"
WRONG_LEAD_LOGIN = "That join code and lead key do not open a team dashboard. Check both and try again."


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
def _storage(settings: Settings) -> Storage:
    return Storage.from_settings(settings)


def context() -> Context:
    """Settings, questionnaire and database; a readable error and a stop when one is unusable."""
    try:
        settings = load_settings()
        path = settings.questionnaire_path
        modified_ns = path.stat().st_mtime_ns if path.exists() else 0
        questionnaire = _questionnaire(str(path), settings.language, modified_ns)
        storage = _storage(settings)
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


def as_plain_text(text: str) -> str:
    """Text shown verbatim inside Markdown: what a person typed must not turn into formatting."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|>~<])", r"\\\1", text).replace("\n", "  \n")


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
        _forget_person()
    st.session_state["code"] = code
    st.session_state["person_id"] = person_id
    st.session_state.pop("code_not_found", None)


def _join_team_if_chosen(ctx: Context) -> None:
    """Record the team chosen in this session on the person, so it survives the session."""
    team: Team | None = st.session_state.get("team")
    if team is not None and person_id() is not None:
        ctx.storage.join_team(person_id(), team.id)


def sync_team_with_url(ctx: Context) -> None:
    """Adopt a team join code from the URL (`?team=`), and keep it in the URL while it matters."""
    url_code = st.query_params.get("team")
    if url_code and url_code != st.session_state.get("join_code") and choose_team(ctx, url_code) is None:
        del st.query_params["team"]
        st.warning("No team has the join code in this link; check it with your team lead.")
    if st.session_state.get("join_code"):
        st.query_params["team"] = st.session_state["join_code"]


def choose_team(ctx: Context, typed_code: str) -> Team | None:
    """Join the team of a typed join code; None (and a flag for the message) when there is none."""
    team = ctx.storage.team_by_join_code(typed_code)
    st.session_state["team_not_found"] = team is None
    if team is not None:
        st.session_state["team"] = team
        st.session_state["join_code"] = codes.normalise_code(typed_code, codes.JOIN_CODE_LENGTH)
        _join_team_if_chosen(ctx)
    return team


def team_of_session(ctx: Context) -> Team | None:
    """The team this person answers for: chosen in this session, or recorded on the person
    (looked up once per person and session, not on every click)."""
    if st.session_state.get("team") is None and st.session_state.get("team_looked_up") != person_id():
        if person_id() is not None:
            st.session_state["team"] = ctx.storage.team_of_person(person_id())
        st.session_state["team_looked_up"] = person_id()
    return st.session_state.get("team")


def team_membership(ctx: Context) -> None:
    """Which team the answers count for, and a way to join one by its code.

    A database failure here only leaves the notice out: the answers below must stay on screen.
    """
    try:
        team = team_of_session(ctx)
        open_round = team and ctx.storage.open_round_of(team.id)
    except StorageError:
        return
    k = ctx.settings.min_group_size
    if team is not None:
        if open_round:
            st.success(
                f"You answer as a member of **{team.name}**: your submission counts in the round "
                f"“{open_round.name}”. Your lead sees only totals, after the round closes, and only "
                f"when at least {k} people have answered; never your own answers."
            )
        else:
            st.info(
                f"You answer as a member of **{team.name}**, which has no open round right now: "
                "your personal result is saved, but it does not count for the team."
            )
        return
    with st.expander("Answering with your team? Enter its join code"):
        with st.form("join_team", border=False):
            typed = st.text_input("Team join code", max_chars=12, key="typed_join_code")
            if st.form_submit_button("Join the team") and choose_team(ctx, typed) is not None:
                st.rerun()
        if st.session_state.get("team_not_found"):
            st.warning("No team has this join code. Check it with your team lead.")


def _forget_person() -> None:
    """Drop everything of the session's person from the session (answers, notes, code, team)."""
    for key in [k for k in st.session_state if str(k).startswith(("ans_", "note_"))]:
        del st.session_state[key]
    for key in ("draft_loaded", "code", "person_id", "team", "join_code", "team_looked_up"):
        st.session_state.pop(key, None)


def delete_my_data(ctx: Context) -> None:
    """Delete the session's person for good, and leave no trace of them in this session."""
    ctx.storage.delete_person(person_id())
    _forget_person()
    for param in ("code", "team"):
        st.query_params.pop(param, None)


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
    for area_id, text in ctx.storage.notes_of(pid).items():
        st.session_state[f"note_{area_id}"] = text
    st.session_state["draft_loaded"] = pid


def answers_on_screen(questionnaire: Questionnaire) -> dict[str, int | None]:
    """item id -> raw value (None for Not applicable), for every item answered in this session."""
    found = {}
    for item in questionnaire.items:
        value = st.session_state.get(answer_key(item))
        if value is not None:
            found[item.id] = None if value == NOT_APPLICABLE else value
    return found


def _ensure_person(ctx: Context) -> int:
    """The session's person, created with a fresh code on their first answer or note."""
    if person_id() is None:
        code = ctx.storage.create_person()
        _adopt(code, ctx.storage.person_id(code))
        st.session_state["draft_loaded"] = person_id()
        _join_team_if_chosen(ctx)
    return person_id()


def _save_answer(ctx: Context, item: Item) -> None:
    """on_change of an answer: store it as a draft; a failure keeps it on screen and says so."""
    value = st.session_state.get(answer_key(item))
    raw = None if value == NOT_APPLICABLE else value
    try:
        ctx.storage.save_draft_answer(_ensure_person(ctx), item.id, raw)
        st.session_state.pop("save_error", None)
    except StorageError as exc:
        st.session_state["save_error"] = str(exc)


def _save_note(ctx: Context, area_id: str) -> None:
    try:
        ctx.storage.save_note(_ensure_person(ctx), area_id, st.session_state.get(f"note_{area_id}", ""))
        st.session_state.pop("save_error", None)
    except StorageError as exc:
        st.session_state["save_error"] = str(exc)


def note_field(ctx: Context, area_id: str, area_name: str) -> None:
    """An optional private reflection note on an area, saved as it is written."""
    st.text_area(
        f"Private note on “{area_name}” (optional)",
        key=f"note_{area_id}",
        max_chars=2000,
        height=80,
        on_change=_save_note,
        args=(ctx, area_id),
        help="Only you can read it, with your personal code. It never reaches your team lead.",
        placeholder="Do not write anything that could identify a client or a colleague.",
    )


def show_notes(ctx: Context) -> None:
    """The person's private notes, read-only, for them alone."""
    notes = ctx.storage.notes_of(person_id())
    if notes:
        with st.expander("Your private notes (only you can read them)"):
            for area_id, text in notes.items():
                st.markdown(f"**{ctx.questionnaire.area(area_id).name}**")
                st.text(text)


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
        st.session_state["last_submission"] = ctx.storage.submit_response(
            person_id(), ctx.questionnaire, answers
        )
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


def submission_notice() -> None:
    """Once, after submitting: where the response counts."""
    submission = st.session_state.pop("last_submission", None)
    if submission is None:
        return
    if submission.round is not None:
        st.success(f"Submitted. It counts in {submission.team.name}'s round “{submission.round.name}”.")
    elif submission.team is not None:
        st.success(
            f"Submitted. {submission.team.name} has no open round right now, so it does not count "
            "for the team; your personal result is saved."
        )
    else:
        st.success("Submitted.")


# ------------------------------------------------------------------- team lead


def lead_team() -> Team | None:
    return st.session_state.get("lead_team")


def lead_login(ctx: Context) -> None:
    """The lead's join code and key, checked at most five times a minute in a session."""
    with st.form("lead_login"):
        join_code = st.text_input("Team join code", key="lead_join_code_input")
        lead_key = st.text_input("Lead key", type="password", key="lead_key_input")
        if not st.form_submit_button("Open the dashboard"):
            return
    attempts = st.session_state.setdefault("lead_attempts", [])
    now = time.monotonic()
    if not codes.within_attempt_limit(attempts, now):
        st.error("Too many attempts. Wait a minute, then try again.")
        return
    attempts.append(now)
    try:
        team = ctx.storage.team_for_lead(join_code, lead_key)
    except TeamError as exc:
        st.error(str(exc))
        return
    if team is None:
        st.error(WRONG_LEAD_LOGIN)
        return
    _open_dashboard(team, join_code)
    st.rerun()


def _open_dashboard(team: Team, join_code: str) -> None:
    st.session_state["lead_team"] = team
    st.session_state["lead_join_code"] = codes.normalise_code(join_code, codes.JOIN_CODE_LENGTH)


def create_team(ctx: Context) -> None:
    """Create a team; its join code and lead key are shown once, the lead is logged in."""
    with st.form("create_team"):
        name = st.text_input("Team name", max_chars=120, key="new_team_name")
        if not st.form_submit_button("Create the team"):
            return
    try:
        created = ctx.storage.create_team(name)
    except TeamError as exc:
        st.error(str(exc))
        return
    _open_dashboard(created.team, created.join_code)
    st.session_state["new_lead_key"] = created.lead_key
    st.rerun()


def members_link(join_code: str) -> str:
    """The link members open to answer for the team (the app's address as the browser sees it)."""
    page_url = st.context.url or "http://localhost:8501/team"
    return f"{page_url.rsplit('/', 1)[0]}/assessment?team={join_code}"


def csv_download(container, label: str, key: str, file_name: str, build: Callable[[], bytes]) -> None:
    """A CSV download; the file is built only when the button is clicked.

    No rerun on click: a rerun would give the page's other download buttons new file ids, and a
    quick second click would fetch nothing.
    """
    container.download_button(
        label, key=key, file_name=file_name, mime="text/csv", data=build, on_click="ignore"
    )


def show_new_lead_key() -> None:
    """The lead key, right after the team was created, and never again."""
    key = st.session_state.pop("new_lead_key", None)
    if key:
        st.warning(
            f"Your lead key: **`{key}`**  \n"
            "Store it now, for example in a password manager: it is shown only this once. "
            "With the join code it opens this dashboard; nobody can recover it."
        )


def round_controls(ctx: Context, team: Team) -> None:
    """Open a round, or close the open one (for good)."""
    open_round = ctx.storage.open_round_of(team.id)
    try:
        if open_round is None:
            with st.form("open_round"):
                name = st.text_input("Name of the new round", placeholder="Spring 2025", key="round_name")
                if st.form_submit_button("Open the round"):
                    ctx.storage.open_round(team.id, name)
                    st.rerun()
            return
        st.markdown(f"Open round: **{open_round.name}** ({open_round.responses} submitted so far).")
        sure = st.checkbox("I understand that a closed round never reopens", key="confirm_close")
        if st.button("Close the round", key="close_round", disabled=not sure):
            ctx.storage.close_round(team.id, open_round.id)
            st.rerun()
    except TeamError as exc:
        st.error(str(exc))


def paper_form_import(ctx: Context, team: Team) -> None:
    """Add paper forms to the open round: the template, the upload, and all-or-nothing import."""
    open_round = ctx.storage.open_round_of(team.id)
    csv_download(
        st,
        "Template for paper forms (CSV)",
        "dl_template",
        "paper_forms_template.csv",
        lambda: importer.template_csv(ctx.questionnaire),
    )
    if open_round is None:
        st.markdown("Open a round to add paper forms to it.")
        return
    uploaded = st.file_uploader(
        f"Filled-in template for the round “{open_round.name}”: one row per respondent; 1-5, or empty or NA for "
        "Not applicable",
        type=["csv"],
        key="upload_forms",
    )
    if uploaded is None or not st.button("Add these answers to the round", key="import_forms"):
        return
    try:
        answer_sets = importer.parse_paper_forms(uploaded.getvalue(), ctx.questionnaire)
        bar = st.progress(0.0, text="Importing…")
        written = ctx.storage.import_responses(
            team.id,
            open_round.id,
            ctx.questionnaire,
            answer_sets,
            progress=lambda done, total: bar.progress(done / total, text=f"Imported {done} of {total} rows"),
        )
    except (importer.PaperFormError, TeamError) as exc:
        st.error(f"Nothing was imported. Correct the file and upload it again.  \n{as_plain_text(str(exc))}")
        return
    st.success(f"Added {written} paper form(s) to the round “{open_round.name}”.")
