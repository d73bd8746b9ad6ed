"""What every page needs: settings, questionnaire and database; messages; the personal code.

The personal code is the only key to a person's answers, so it travels as little as possible:
the session holds it, a session cookie lets a reload or a second tab of the same browser find
it again, and only the results page puts it in the address bar, for a bookmark. The assessment
page's address is the one people share with colleagues, so it never carries the code.
"""

from __future__ import annotations

import copy
import importlib
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import streamlit as st

from assessment import aggregate, charts, codes, i18n
from assessment.i18n import N_, _, ngettext
from assessment.instruments import Instruments, load_instruments
from assessment.names import markdown_literal
from assessment.questionnaire import Questionnaire, QuestionnaireError
from assessment.settings import Settings, SettingsError, load_settings
from assessment.storage import Round, RoundData, Storage, StorageError, Team, TeamError
from assessment.ui import state
from assessment.ui.chart_downloads import chart_downloads

T = TypeVar("T")
PAGE_HOME = "app_pages/home.py"
PAGE_ASSESS = "app_pages/assess.py"
PAGE_RESULTS = "app_pages/results.py"
PAGE_MY_DATA = "app_pages/my_data.py"
PAGE_TEAM = "app_pages/team.py"
PAGE_ORGANISATION = "app_pages/organisation.py"
NO_RESULTS = N_("There are no results for this code. Check the code and try again.")
# A session cookie: it ends when the browser closes, so a shared computer forgets the code.
CODE_COOKIE = "assessment_code"


@dataclass(frozen=True)
class Context:
    settings: Settings
    questionnaire: Questionnaire  # the current version: what is answered now
    storage: Storage
    # Every version, for what was answered on another: `ctx.instruments[response.instrument_version]`.
    instruments: Instruments


@st.cache_resource(show_spinner=False)
def _instruments(folder: str, language: str, version: str | None, files: tuple) -> Instruments:
    """Parsed once per state of the folder: `files` (names and times) makes an edit load again."""
    return load_instruments(Path(folder), language, version)


@st.cache_resource(show_spinner=False)
def _storage(settings: Settings) -> Storage:
    """The database, its new rounds bound to the current questionnaire version."""
    folder = settings.questionnaire_dir
    instruments = _instruments(str(folder), settings.language, settings.questionnaire_version, _files(folder))
    return Storage.from_settings(settings, current_version=instruments.current_version)


def _files(folder: Path) -> tuple:
    """Each questionnaire file's name and modification time: what the cache of versions keys on."""
    if not folder.is_dir():
        return ()
    return tuple((p.name, p.stat().st_mtime_ns) for p in sorted(folder.glob("*.toml")))


def context() -> Context:
    """Settings, questionnaire and database; a readable error and a stop when one is unusable."""
    try:
        settings = load_settings()
        folder = settings.questionnaire_dir
        instruments = _instruments(
            str(folder), settings.language, settings.questionnaire_version, _files(folder)
        )
        storage = _storage(settings)
    except SettingsError as exc:
        _stop(_("The app is not configured correctly."), str(exc))
    except QuestionnaireError as exc:
        _stop(_("The questionnaire file cannot be used."), str(exc))
    except StorageError as exc:
        _stop(_("The database cannot be opened."), str(exc))
    # The session's language (chosen, remembered or the browser's): statements, labels and the
    # paper's words in it; a version not written in it shows its first language.
    chosen = state.get(state.LANGUAGE)
    if chosen in instruments.languages and chosen != instruments.language:
        instruments = instruments.in_language(chosen)
    # Menus and messages in the same language as the statements.
    i18n.activate(instruments.language)
    return Context(settings, instruments.current, storage, instruments)


# A few large closed rounds per server: each holds its answers (10,000 responses take ~3 MiB).
CLOSED_ROUNDS_KEPT = 16


@st.cache_resource(show_spinner=False, max_entries=CLOSED_ROUNDS_KEPT)
def _closed_round(
    database: str, round_: Round, language: str, rules: aggregate.PublishingRules, _storage, _questionnaire
) -> tuple[RoundData, aggregate.RoundFigures | None]:
    """A closed round's data and figures, computed once and shared by every session: they never
    change. The round's counts are part of the key (`round_`, with the responses whose person
    was deleted), so a change to what they are computed from computes them again."""
    data = _storage.round_data(round_.id)
    return data, aggregate.round_figures(_questionnaire, round_, data, rules)


def team_view(ctx: Context, rounds: list[Round], rules: aggregate.PublishingRules) -> aggregate.TeamView:
    """A team's rounds judged by `aggregate`, with the closed rounds' data and figures from the
    cache: a click on the dashboard costs the same whatever the size of the rounds it shows."""
    return _judged(ctx, rounds, rules)[0]


def judged_team(
    ctx: Context, team: Team, rounds: list[Round], rules: aggregate.PublishingRules
) -> aggregate.JudgedTeam:
    """A team's rounds judged as on its dashboard, with the data of its shown rounds (cached):
    what an organisation's figures pool."""
    return (team, *_judged(ctx, rounds, rules))


def _judged(
    ctx: Context, rounds: list[Round], rules: aggregate.PublishingRules
) -> tuple[aggregate.TeamView, dict[int, RoundData]]:
    """The rounds judged, and the data of those shown, from the per-server cache of closed rounds."""
    database = str(ctx.storage.engine.url)
    closed = {
        r.id: _closed_round(
            database, r, ctx.questionnaire.language, rules, ctx.storage, ctx.instruments[r.instrument_version]
        )
        for r in rounds
        if aggregate.visibility(r, rules) is aggregate.Visibility.SHOWN
    }
    data = {round_id: kept[0] for round_id, kept in closed.items()}
    figures = {round_id: kept[1] for round_id, kept in closed.items()}
    return aggregate.team_rounds(ctx.instruments, rounds, data, rules, figures), data


# Periods of organisations kept per server, each with its pooled figures (the answers stay with
# the closed rounds' cache above).
ORGANISATION_VIEWS_KEPT = 32


def _closed_rounds_of(judged: list[aggregate.JudgedTeam]) -> tuple:
    """What an organisation's figures rest on: each team and its closed rounds with their counts.
    Open rounds are never pooled, so answers coming in do not make the figures computed again."""
    return tuple(
        (team, tuple(v.round for v in view.rounds if not v.round.is_open)) for team, view, _ in judged
    )


@st.cache_resource(show_spinner=False, max_entries=ORGANISATION_VIEWS_KEPT)
def _organisation_view(
    database: str,
    language: str,
    rules: aggregate.PublishingRules,
    period: aggregate.Period,
    closed: tuple,
    _instruments,
    _judged,
) -> aggregate.OrganisationView:
    return aggregate.organisation_view(_instruments, _judged, period, rules)


@st.cache_resource(show_spinner=False, max_entries=ORGANISATION_VIEWS_KEPT)
def _organisation_trend(
    database: str, language: str, rules: aggregate.PublishingRules, closed: tuple, _instruments, _judged
) -> list[aggregate.RoundFigures]:
    return aggregate.organisation_trend(_instruments, _judged, rules)


def organisation_view(
    ctx: Context,
    judged: list[aggregate.JudgedTeam],
    period: aggregate.Period,
    rules: aggregate.PublishingRules,
) -> tuple[aggregate.OrganisationView, list[aggregate.RoundFigures]]:
    """An organisation's figures for `period` and its trend, pooled once per server and kept:
    closed rounds never change, and pooling large rounds on every click of the page cost seconds."""
    key = (str(ctx.storage.engine.url), ctx.questionnaire.language, rules)
    closed = _closed_rounds_of(judged)
    return (
        _organisation_view(*key, period, closed, ctx.instruments, judged),
        _organisation_trend(*key, closed, ctx.instruments, judged),
    )


def speak_session_language(ctx: Context) -> None:
    """At the start of a fragment: a fragment's rerun runs without the entry point, in a thread
    of its own, so the session's language must be set again or its texts come out in English."""
    i18n.activate(ctx.questionnaire.language)


def _stop(title: str, detail: str) -> None:
    advice = _("Please tell the person who runs this app.")
    st.error(f"**{title}** {advice}\n\n```\n{detail}\n```")
    st.stop()


def round_count_notice(open_round: Round) -> None:
    """How many have answered in the open round against the team size, as members and the lead
    both see it; a warning when the round holds more answers than the team has members."""
    message = aggregate.member_round_message(open_round)
    if open_round.over_team_size:
        st.warning(message)
    else:
        st.markdown(message)


def show_storage_error(exc: StorageError | str) -> None:
    message = _(
        "Your answers could not be saved or read just now; they are still on this page. Please try "
        "again in a moment."
    )
    st.error(f"{message}\n\n({markdown_literal(str(exc))})")


def display_timezone() -> ZoneInfo:
    """The browser's timezone for showing times; UTC when it is unknown or not a zone name."""
    try:
        return ZoneInfo(st.context.timezone or "UTC")
    except (ValueError, ZoneInfoNotFoundError):
        return ZoneInfo("UTC")


# Chart specs of closed rounds kept per server: each a few kB to a few hundred kB of JSON.
CHART_SPECS_KEPT = 128


@st.cache_resource(show_spinner=False, max_entries=CHART_SPECS_KEPT)
def _chart_spec(key: tuple, language: str, dark: bool, _build) -> dict:
    """The Vega-Lite spec of a chart whose figures never change, built once per language and
    theme: Altair's building and validation cost a dashboard click 0.4 s otherwise."""
    return charts.readable_text(_build(), dark).to_dict()


def show_kept_chart(key: tuple, build: Callable, description: str, download_key: str, file_stem: str) -> None:
    """A chart of a closed round's figures (`key` names them), with its PNG and SVG downloads."""
    dark = st.context.theme.type == "dark"
    spec = copy.deepcopy(_chart_spec(key, i18n.active(), dark, build))  # Streamlit may change it
    st.vega_lite_chart(spec=spec, width="stretch", alt=description)
    chart_downloads(build, download_key, file_stem)


def reports() -> ModuleType:
    """`assessment.reports`, imported when a report is first asked for: fpdf2 and its font tools
    add about 50 MiB to every server process, most of which never print one."""
    return importlib.import_module("assessment.reports")


def invitations() -> ModuleType:
    """`assessment.invitations`, imported when slips are first asked for: it prints with the
    reports' fonts (see `reports`)."""
    return importlib.import_module("assessment.invitations")


@st.cache_resource(show_spinner=False, max_entries=CHART_SPECS_KEPT)
def _chart_layout(layout: tuple, language: str, dark: bool, _build) -> dict:
    """The Vega-Lite spec of a `charts.RowsChart`'s layout, built once per language and theme and
    kept without the rows it was built from: they are one person's."""
    spec = charts.readable_text(_build(), dark).to_dict()
    return spec | {"datasets": dict.fromkeys(spec["datasets"], [])}


def show_rows_chart(chart: charts.RowsChart, description: str) -> None:
    """A chart across the page (see `show_chart`), its spec kept per layout and this person's
    rows put in: Altair's building cost a results page about 40 ms."""
    dark = st.context.theme.type == "dark"
    layout = _chart_layout(chart.layout, i18n.active(), dark, chart.chart)
    spec = charts.with_rows(copy.deepcopy(layout), chart.rows)  # Streamlit may change the spec
    st.vega_lite_chart(spec=spec, width="stretch", alt=description)


def show_chart(chart, description: str) -> None:
    """A chart across the page, with its text readable in the page's theme and a text
    alternative for screen readers (the table beside each chart holds its figures)."""
    dark = st.context.theme.type == "dark"
    # As a spec, not validated: Altair's schema check costs more than building the chart, and the
    # charts' tests validate every builder.
    spec = charts.readable_text(chart, dark).to_dict(validate=False)
    st.vega_lite_chart(spec=spec, width="stretch", alt=description)


def heading(title: str, *, level: int, text: str = "") -> None:
    """A heading, with the paragraph that opens its section, as one Markdown element. Not st.title
    or st.header: after every run, Streamlit's heading element makes the browser draw the whole
    page a second time, and on the questionnaire every answer is a run (docs/performance.md)."""
    st.markdown(f"{'#' * level} {title}" + (f"\n\n{text}" if text else ""))


def page_style() -> None:
    """Layout the theme cannot express: the answer scale on narrow screens."""
    st.html(
        """<style>
/* The scale is laid out by the width of the statement's own box (a container query), not the
   window's: with the sidebar open, a laptop's box is as narrow as a tablet's. */
div[class*="st-key-ans_"] { container-type: inline-size; width: 100%; }
/* The questionnaire's area headings (Markdown, see `heading`) underlined as Streamlit's gray
   header divider is, in a mix of the text's colour so that it suits both themes. */
.st-key-statements h2 {
  border-bottom: 2px solid color-mix(in srgb, currentColor 55%, transparent);
  padding-bottom: 0.5rem; margin-bottom: 0.5rem;
}
/* A wide box: the six options on one row, each as wide as its label; labels too long for the
   row (Portuguese, German, French) wrap inside their own column, so "Strongly agree" never
   lands under "Strongly disagree". */
@container (min-width: 600px) {
  div[class*="st-key-ans_"] [role="radiogroup"] {
    display: grid; grid-template-columns: repeat(6, auto); justify-content: start; align-items: start;
    column-gap: 0.75rem;
  }
}
/* A narrow box (a phone): one option per line keeps the scale in order. */
@container (max-width: 599.98px) {
  div[class*="st-key-ans_"] [role="radiogroup"] { flex-direction: column; align-items: flex-start; }
}
/* Not applicable is not a point of the scale: set it apart from the five. Each option's label
   sits in a wrapper div (Streamlit 1.67), so the last child is Not applicable's wrapper. */
div[class*="st-key-ans_"] [role="radiogroup"] > :last-child { margin-left: 1.25rem; }
@container (max-width: 599.98px) {
  div[class*="st-key-ans_"] [role="radiogroup"] > :last-child { margin: 0.75rem 0 0 0; }
}
</style>"""
    )


def key_sign_in(
    form: str,
    code_label: str,
    key_label: str,
    button: str,
    failures: str,
    check: Callable[[str, str], T | None],
    wrong: str,
) -> tuple[T, str] | None:
    """A code and a secret key (a lead's, a coordinator's) in a form; what `check` opens with
    them, and the code as typed.

    Wrong keys slow this session down (`failures` names where it counts them), never the team or
    the organisation: someone who tries keys cannot lock its lead or coordinator out.
    """
    with st.form(f"{form}_login"):
        code = st.text_input(code_label, key=f"{form}_code_input")
        key = st.text_input(key_label, type="password", key=f"{form}_key_input")
        if not st.form_submit_button(button):
            return None
    wrong_keys, last_wrong_at = state.get(failures) or (0, 0.0)
    wait = codes.key_wait_s(wrong_keys, last_wrong_at, time.monotonic())
    if wait > 0:
        seconds = math.ceil(wait)
        st.error(
            ngettext(
                "Too many wrong keys from this browser. Wait {count} second, then try again.",
                "Too many wrong keys from this browser. Wait {count} seconds, then try again.",
                seconds,
            ).format(count=seconds)
        )
        return None
    opened = check(code, key)
    if opened is None:
        state.put(failures, (wrong_keys + 1, time.monotonic()))
        st.error(wrong)
        return None
    state.drop(failures)
    return opened, code


def name_form(form: str, label: str, key: str, button: str, create: Callable[[str], T]) -> T | None:
    """A form that makes something from a name (a team, an organisation): what `create` made, or
    None, with the rule the name broke said in words."""
    with st.form(form):
        name = st.text_input(label, max_chars=120, key=key)
        if not st.form_submit_button(button):
            return None
    try:
        return create(name)
    except TeamError as exc:
        st.error(markdown_literal(str(exc)))
        return None


def csv_download(container, label: str, key: str, file_name: str, build: Callable[[], bytes]) -> None:
    """A CSV download; the file is built only when the button is clicked.

    No rerun on click: a rerun would give the page's other download buttons new file ids, and a
    quick second click would fetch nothing.
    """
    container.download_button(
        label, key=key, file_name=file_name, mime="text/csv", data=build, on_click="ignore"
    )


def pdf_download(label: str, key: str, file_name: str, build: Callable[[], bytes]) -> None:
    """A PDF report, built only when the button is clicked, in the page's language (the click
    is served off this run's thread); no rerun on click, as for `csv_download`."""
    st.download_button(
        label,
        key=key,
        file_name=file_name,
        mime="application/pdf",
        data=i18n.in_active_language(build),
        on_click="ignore",
        icon=":material/picture_as_pdf:",
    )


# ----------------------------------------------------------- the personal code


def find_person(ctx: Context) -> None:
    """Find the session's person: a code in the URL, else one this browser remembers."""
    if not state.has(state.COOKIE_CODE):
        state.put(state.COOKIE_CODE, st.context.cookies.get(CODE_COOKIE))
    url_code = st.query_params.get("code")
    if url_code and url_code != state.code():
        if not _adopt_typed_code(ctx, url_code):
            state.put(state.CODE_NOT_FOUND, True)
    elif state.person_id() is None and (remembered := state.get(state.COOKIE_CODE)):
        _adopt_typed_code(ctx, remembered)  # a deleted person's code is forgotten by `place_code`


def place_code(keep_in_url: bool) -> None:
    """Put the person's code in the address bar only where `keep_in_url` allows (the results
    page), and keep the browser's cookie in step with the session's person."""
    if keep_in_url and state.code():
        st.query_params["code"] = state.code()
    else:
        st.query_params.pop("code", None)
    remember_code_in_browser()


def remember_code_in_browser() -> None:
    """Keep the browser's cookie in step with the session's person (a new one, or none)."""
    if state.code() != state.get(state.COOKIE_CODE):
        _write_code_cookie(state.code())
        state.put(state.COOKIE_CODE, state.code())


def _adopt_typed_code(ctx: Context, typed: str) -> bool:
    person_id = ctx.storage.person_id(typed)
    if person_id is None:
        return False
    state.adopt_person(codes.format_code(codes.normalise_code(typed), codes.PERSONAL_CODE_GROUP), person_id)
    return True


def adopt_new_person(ctx: Context) -> int:
    """A new person with a fresh code, made the session's person, in the session's language."""
    code = ctx.storage.create_person()
    state.adopt_person(code, ctx.storage.person_id(code))
    ctx.storage.set_language(state.person_id(), ctx.questionnaire.language)
    return state.person_id()


# ------------------------------------------------------------------ language


def sync_language(ctx: Context) -> Context:
    """The session's language: from a link (`?lang=pt`), else the one remembered for the person's
    code, else the browser's, else the deployment's. An unknown one falls back with a notice.

    Returns the context in that language (a new choice changes the statements and the messages)."""
    available = ctx.instruments.languages
    asked = st.query_params.get("lang")
    unknown = None
    if asked is not None and asked != state.get(state.LANGUAGE):
        st.query_params.pop("lang", None)
        if asked in available:
            _choose_language(ctx, asked)
        else:
            unknown = asked
    if state.get(state.LANGUAGE) is None:
        remembered = state.person_id() and ctx.storage.language_of(state.person_id())
        browser = (st.context.locale or "").split("-")[0].lower()
        state.put(
            state.LANGUAGE,
            next((lang for lang in (remembered, browser) if lang in available), ctx.settings.language),
        )
    if state.get(state.LANGUAGE) != ctx.settings.language:
        st.query_params["lang"] = state.get(state.LANGUAGE)  # a link copied from here keeps it
    if state.get(state.LANGUAGE) != ctx.questionnaire.language:
        ctx = context()
    if unknown is not None:
        st.warning(
            _(
                "The language “{asked}” is not available here; the questionnaire is shown in {language}. "
                "Choose another language in the sidebar."
            ).format(asked=markdown_literal(unknown), language=i18n.language_name(ctx.questionnaire.language))
        )
    return ctx


def _choose_language(ctx: Context, language: str) -> None:
    state.put(state.LANGUAGE, language)
    # The address follows the choice: a `?lang=` left behind would take the choice back.
    if language == ctx.settings.language:
        st.query_params.pop("lang", None)
    else:
        st.query_params["lang"] = language
    if state.person_id() is not None:
        ctx.storage.set_language(state.person_id(), language)


def language_switch(ctx: Context) -> None:
    """The language choice, in the sidebar of every page."""
    available = ctx.instruments.languages
    if len(available) < 2:
        return
    state.put(state.LANGUAGE_CHOICE, state.get(state.LANGUAGE))
    st.sidebar.selectbox(
        _("Language"),
        available,
        format_func=i18n.language_name,
        key=state.LANGUAGE_CHOICE,
        on_change=lambda: _choose_language(ctx, state.get(state.LANGUAGE_CHOICE)),
    )


def _write_code_cookie(code: str | None) -> None:
    """Remember the code in this browser until it closes (None: forget it)."""
    # A code is made of Crockford base-32 symbols and dashes only: nothing to quote.
    value = f"{code}; path=/; SameSite=Strict" if code else "; path=/; max-age=0"
    st.html(f"<script>document.cookie = '{CODE_COOKIE}={value}';</script>", unsafe_allow_javascript=True)


def forget_code_in_browser() -> None:
    """Forget the session's person; the next run makes the browser's cookie forget the code."""
    state.forget_person()
    st.query_params.pop("code", None)


def enter_code(ctx: Context) -> None:
    """A form to type a personal code; adopts it, or says the neutral "no results"."""
    with st.form("enter_code"):
        typed = st.text_input(_("Your personal code"), placeholder="XXXX-XXXX-XXXX-XXXX", key="typed_code")
        if st.form_submit_button(_("Show my results")):
            if _adopt_typed_code(ctx, typed):
                st.rerun()
            st.warning(_(NO_RESULTS))


def show_code(bookmark_hint: bool = False) -> None:
    """The person's code, with why to keep it (and, on the results page, why not to share the link)."""
    hint = (
        _("Bookmark this page to come back: its address holds your code, so do not share it.")
        if bookmark_hint
        else _("This browser remembers it until you close it.")
    )
    keep = _(
        "Write it down: it is the only way back to your answers and results, and we cannot recover it for you."
    )
    label = _("Your personal code:")
    st.info(f"{label} **`{state.code()}`**  \n{keep} {hint}")
