"""The practitioner's side: the team they answer for, the questionnaire, notes and submission.

The stored draft is the one home of a person's answers. Streamlit drops a widget's value when
its page is left, and a reload or a second tab starts a new session, so the answer widgets are
set from the draft on every run of the questionnaire: whatever page a person comes from, the
screen shows what is stored. Only an answer whose save failed keeps its on-screen value (and
the page says it was not saved).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st
from streamlit.delta_generator import DeltaGenerator
from streamlit.runtime.scriptrunner import get_script_run_ctx

from assessment import codes, storage
from assessment.i18n import N_, _, ngettext
from assessment.instruments import answers_to
from assessment.names import markdown_literal
from assessment.questionnaire import Item, Questionnaire
from assessment.results import Profile
from assessment.storage import Round, StorageError, Team
from assessment.ui import shared, state
from assessment.ui.shared import Context

NOT_APPLICABLE = "na"  # the radio option stored as missing
Draft = dict[str, int | None]  # item id -> raw value, None for Not applicable
# Kept in the session untranslated, shown in the language of the run that shows them.
NO_SUCH_TEAM = N_("No team has this join code. Check it with your team lead.")
TOO_MANY_JOIN_CODES = N_("Too many join codes were tried in this browser. Wait ten minutes, then try again.")
NO_SUCH_INVITATION = N_(
    "This invitation link is not known. Check that the whole link was copied, or ask your coordinator."
)
INVITATION_USED = N_(
    "This invitation has already been used: each one lets one answer into its round. If it was you, open "
    "the app with your personal code to change your answer while the round is open."
)
INVITATION_ROUND_CLOSED = N_("The round this invitation was for has closed: it takes no more answers.")


# ------------------------------------------------------------------------ team


def sync_team_with_url(ctx: Context) -> None:
    """Adopt a team join code from the URL (`?team=`), and keep it in the URL while it matters."""
    url_code = st.query_params.get("team")
    if url_code and url_code != state.get(state.JOIN_CODE) and choose_team(ctx, url_code) is None:
        del st.query_params["team"]
        st.warning(_(state.take(state.TEAM_NOT_FOUND)))
    if state.get(state.JOIN_CODE):
        st.query_params["team"] = state.get(state.JOIN_CODE)


@dataclass(frozen=True)
class Invitation:
    """The invitation a session came with, and its code as the link carries it."""

    code: str
    stored: storage.Invitation


def sync_invitation_with_url(ctx: Context) -> None:
    """Adopt an invitation from the URL (`?invite=`): the person answers for its team, and their
    submission into its round uses it up. It stays in the URL while it matters."""
    url_code = st.query_params.get("invite")
    held: Invitation | None = state.get(state.INVITATION)
    if url_code and (
        held is None or codes.normalise_code(url_code, codes.INVITATION_CODE_LENGTH) != held.code
    ):
        problem = _adopt_invitation(ctx, url_code)
        if problem:
            del st.query_params["invite"]
            st.warning(_(problem))
    if held := state.get(state.INVITATION):
        st.query_params["invite"] = held.code


def _adopt_invitation(ctx: Context, typed_code: str) -> str | None:
    """Take up an invitation; the reason (untranslated) when it opens nothing. Wrong codes count
    against the same per-session limit as join codes."""
    wrong_at: list[float] = state.get(state.WRONG_JOIN_CODES) or []
    if codes.join_code_wait_s(wrong_at, time.monotonic()) > 0:
        return TOO_MANY_JOIN_CODES
    found = ctx.storage.invitation(typed_code)
    if found is None:
        state.put(state.WRONG_JOIN_CODES, [*wrong_at, time.monotonic()][-codes.JOIN_CODE_TRIES :])
        return NO_SUCH_INVITATION
    if not found.round.is_open:
        return INVITATION_ROUND_CLOSED
    if found.used and not (
        state.person_id() and ctx.storage.holds_invitation(state.person_id(), found.round.id)
    ):
        return INVITATION_USED
    state.put(
        state.INVITATION, Invitation(codes.normalise_code(typed_code, codes.INVITATION_CODE_LENGTH), found)
    )
    state.put(state.TEAM, found.team)
    state.drop(state.JOIN_CODE)
    _record_team_on_person(ctx)
    return None


def _invited_to(ctx: Context, round_: Round) -> bool:
    """Whether this session's person may answer into an invitation-only round."""
    held: Invitation | None = state.get(state.INVITATION)
    if held is not None and held.stored.round.id == round_.id:
        return True
    return state.person_id() is not None and ctx.storage.holds_invitation(state.person_id(), round_.id)


def choose_team(ctx: Context, typed_code: str) -> Team | None:
    """Join the team of a typed join code; None (and a flag for the message) when there is none.

    Wrong codes are limited per session, so join codes cannot be guessed by trying many.
    """
    wrong_at: list[float] = state.get(state.WRONG_JOIN_CODES) or []
    if codes.join_code_wait_s(wrong_at, time.monotonic()) > 0:
        state.put(state.TEAM_NOT_FOUND, TOO_MANY_JOIN_CODES)
        return None
    team = ctx.storage.team_by_join_code(typed_code)
    if team is None:
        state.put(state.WRONG_JOIN_CODES, [*wrong_at, time.monotonic()][-codes.JOIN_CODE_TRIES :])
        state.put(state.TEAM_NOT_FOUND, NO_SUCH_TEAM)
        return None
    state.drop(state.TEAM_NOT_FOUND, state.INVITATION)
    state.put(state.TEAM, team)
    state.put(state.JOIN_CODE, codes.normalise_join_code(typed_code))
    _record_team_on_person(ctx)
    return team


def _record_team_on_person(ctx: Context) -> None:
    """Record the team chosen in this session on the person, so it survives the session."""
    team: Team | None = state.get(state.TEAM)
    if team is None or state.person_id() is None:
        return
    held: Invitation | None = state.get(state.INVITATION)
    if held is not None:
        ctx.storage.hold_invitation(state.person_id(), held.stored)
    else:
        ctx.storage.join_team(state.person_id(), team.id)


def team_of_session(ctx: Context) -> Team | None:
    """The team this person answers for: chosen in this session, or recorded on the person
    (looked up once per person and session, not on every click)."""
    if state.get(state.TEAM) is None and state.get(state.TEAM_LOOKED_UP) != state.person_id():
        if state.person_id() is not None:
            state.put(state.TEAM, ctx.storage.team_of_person(state.person_id()))
        state.put(state.TEAM_LOOKED_UP, state.person_id())
    return state.get(state.TEAM)


def team_membership(ctx: Context) -> None:
    """Which team the answers count for, the round's live count, and a way to join a team.

    A database failure here only leaves the notice out: the answers below must stay on screen.
    """
    try:
        team = team_of_session(ctx)
        open_round = team and ctx.storage.open_round_of(team.id)
    except StorageError:
        return
    k = ctx.settings.min_group_size
    if team is not None:
        name = markdown_literal(team.name)
        if open_round and open_round.instrument_version != ctx.questionnaire.version:
            st.warning(other_version_message(name, open_round, ctx.questionnaire.version))
        elif open_round and open_round.invitation_only and not _invited_to(ctx, open_round):
            st.warning(uninvited_message(name, open_round))
            shared.round_count_notice(open_round)
        elif open_round:
            st.success(
                _(
                    "You answer as a member of **{team}**: your submission counts in the round “{round}”. "
                    "Your lead sees only totals, after the round closes, and only when at least {k} people "
                    "have answered; never your own answers."
                ).format(team=name, round=markdown_literal(open_round.name), k=k)
            )
            shared.round_count_notice(open_round)
        else:
            st.info(
                _(
                    "You answer as a member of **{team}**, which has no open round right now: your "
                    "personal result is saved, but it does not count for the team."
                ).format(team=name)
            )
        return
    with st.expander(_("Answering with your team? Enter its join code")):
        with st.form("join_team", border=False):
            typed = st.text_input(_("Team join code"), max_chars=14, key="typed_join_code")
            if st.form_submit_button(_("Join the team")) and choose_team(ctx, typed) is not None:
                st.rerun()
        if problem := state.get(state.TEAM_NOT_FOUND):
            st.warning(_(problem))


def other_version_message(team_name: str, open_round, version: str) -> str:
    """Why an answer to the current version does not count in a round opened on another one."""
    return _(
        "You answer as a member of **{team}**, but its round “{round}” was opened on questionnaire "
        "version {round_version}, and you answer version {version}: the round compares answers to the "
        "same statements only, so your submission is saved as your personal result and does not count "
        "for the team."
    ).format(
        team=team_name,
        round=markdown_literal(open_round.name),
        round_version=open_round.instrument_version,
        version=version,
    )


def uninvited_message(team_name: str, open_round: Round) -> str:
    """Why an answer without an invitation does not count in an invitation-only round."""
    return _(
        "**{team}**'s round “{round}” takes answers by invitation only, and you came without one: your "
        "submission is saved as your personal result and does not count for the team. Open the link on "
        "the invitation slip you were given."
    ).format(team=team_name, round=markdown_literal(open_round.name))


def open_round_notice(ctx: Context) -> None:
    """On the results page: the live count of the team's open round, if there is one."""
    team = team_of_session(ctx)
    open_round = team and ctx.storage.open_round_of(team.id)
    if open_round:
        st.markdown(
            _("**{team}**, round “{round}”:").format(
                team=markdown_literal(team.name), round=markdown_literal(open_round.name)
            )
        )
        shared.round_count_notice(open_round)


# --------------------------------------------------------------------- answers


@dataclass(frozen=True)
class Stored:
    """What is stored of a person's answering: the draft's answers to the current version (those
    to statements of an earlier version, from a draft begun before it changed, left out) and the
    notes per area."""

    draft: Draft
    notes: dict[str, str]

    @classmethod
    def of(cls, questionnaire: Questionnaire, draft: dict[str, int | None], notes: dict[str, str]) -> Stored:
        """From a stored draft of any version and the notes."""
        return cls(answers_to(questionnaire, draft), notes)


def stored(ctx: Context) -> Stored | None:
    """The person's stored draft and notes, in one read; None when they cannot be read (the page
    then says so)."""
    person_id = state.person_id()
    if person_id is None:
        return Stored({}, {})
    try:
        draft, notes = ctx.storage.draft_and_notes(person_id)
    except StorageError as exc:
        state.put(state.SAVE_ERROR, str(exc))
        return None
    return Stored.of(ctx.questionnaire, draft, notes)


def stored_this_run(ctx: Context) -> Stored | None:
    """What is stored, read once: by the save whose rerun this is, for the first fragment that
    draws after it, or by the first statement a whole page draws, for the whole page
    (`state.JUST_READ`)."""
    if not state.has(state.JUST_READ):
        state.put(state.JUST_READ, stored(ctx))
    return state.get(state.JUST_READ)


def _show_stored(key: str, value: int | str | None) -> None:
    """Set a widget to what is stored when it shows something else. One that shows it already is
    left alone (a widget set from the server is drawn again by the browser), and so is an answer
    whose save failed: it keeps its value while the page says it was not saved."""
    if key not in state.unsaved() and state.get(key) != value:
        state.put(key, value)


def _as_shown(draft: Draft, item: Item) -> int | str | None:
    """The radio's value for the stored answer: a scale point, Not applicable, or none yet."""
    if item.id not in draft:
        return None
    return NOT_APPLICABLE if draft[item.id] is None else draft[item.id]


def answers_on_screen(questionnaire: Questionnaire) -> Draft:
    """item id -> raw value as the widgets show it, for when the draft cannot be read."""
    found = {}
    for item in questionnaire.items:
        value = state.get(state.answer_key(item))
        if value is not None:
            found[item.id] = None if value == NOT_APPLICABLE else value
    return found


def _ensure_person(ctx: Context) -> int:
    """The session's person, created with a fresh code on their first answer or note."""
    if state.person_id() is None:
        shared.adopt_new_person(ctx)
        _record_team_on_person(ctx)
    return state.person_id()


def _stored(ctx: Context, key: str, save: Callable[[], tuple[Draft, dict[str, str]]]) -> Stored | None:
    """Run a save, which returns the draft and the notes as they now stand; on failure keep the
    widget's value on screen, say so, and return None."""
    try:
        draft, notes = save()
    except StorageError as exc:
        state.unsaved().add(key)
        state.put(state.SAVE_ERROR, str(exc))
        return None
    state.unsaved().discard(key)
    if not state.unsaved():
        state.drop(state.SAVE_ERROR)
    return Stored.of(ctx.questionnaire, draft, notes)


def _save_answer(ctx: Context, item: Item) -> None:
    key = state.answer_key(item)
    value = state.get(key)
    raw = None if value == NOT_APPLICABLE else value
    first = state.person_id() is None
    saved = _stored(ctx, key, lambda: ctx.storage.save_draft_answer(_ensure_person(ctx), item.id, raw))
    _rerun_after_save(ctx, _statements_fragment(ctx.questionnaire, item), first, saved)


def _save_note(ctx: Context, area_id: str) -> None:
    key = state.note_key(area_id)
    first = state.person_id() is None
    saved = _stored(ctx, key, lambda: ctx.storage.save_note(_ensure_person(ctx), area_id, state.get(key, "")))
    _rerun_after_save(ctx, _note_fragment(area_id), first, saved)


def _rerun_after_save(ctx: Context, own: str, first: bool, saved: Stored | None) -> None:
    """After a save, rerun what it changes: the saved widget's own fragment `own`, which draws the
    status again; the fragment of every statement or note whose widget shows something else than
    what is stored (changed in another tab); and, when the save created the person, the code they
    must write down.

    The browser reruns the widget's own fragment by itself. Naming fragments costs it a second
    run (Streamlit ends the interaction's run and starts one for them), so they are named only
    when more must be redrawn, or when the interaction would rerun the whole page: a change sent
    together with widgets outside the questionnaire's fragments, or AppTest, which sends every
    change so."""
    others = _off_screen(ctx, saved, own)
    if first and state.person_id() is not None:
        others.append(CODE_FRAGMENT)
    if others or not _reruns_fragments_only():
        st.rerun([*others, own])


def _reruns_fragments_only() -> bool:
    """Whether this run is a rerun of fragments (a change inside a fragment, as the browser sends
    it), not of the whole page. Streamlit's API does not tell a callback; its run context does."""
    run = get_script_run_ctx()
    return bool(run and run.fragment_ids_this_run)


def _off_screen(ctx: Context, saved: Stored | None, own: str) -> list[str]:
    """The fragments, but `own`, of every statement and note whose widget shows something else than
    what is stored: what the save read back, or when it failed, what can be read now. What was read
    is left for the first fragment this save's rerun draws (`stored_this_run`), so one answer costs
    one transaction; when nothing can be read, the widgets keep what they show."""
    found = saved if saved is not None else stored(ctx)
    state.put(state.JUST_READ, found)
    if found is None:
        return []
    keep = state.unsaved()
    stale = [
        _statements_fragment(ctx.questionnaire, item)
        for item in ctx.questionnaire.items
        if state.answer_key(item) not in keep
        and state.get(state.answer_key(item)) != _as_shown(found.draft, item)
    ]
    stale += [
        _note_fragment(area.id)
        for area in ctx.questionnaire.areas
        if state.note_key(area.id) not in keep
        and state.get(state.note_key(area.id), "") != found.notes.get(area.id, "")
    ]
    return [fragment for fragment in dict.fromkeys(stale) if fragment != own]


# Fragments of the questionnaire: an answer or a note reruns its own fragment, nothing else.
CODE_FRAGMENT = "personal_code"
# An area's statements are drawn in fragments of this many, its last one holding the rest. Each
# fragment costs the page's first view about a millisecond of the server's time, and a click
# draws its whole fragment again: three kept a click well below a bare page's in Chromium, with
# a first view 1.2 x what it cost with one fragment per area; one per statement cost 1.75 x
# (docs/performance.md, "Answering").
STATEMENTS_PER_FRAGMENT = 3


def statement_groups(questionnaire: Questionnaire, area_id: str) -> list[tuple[Item, ...]]:
    """The area's statements in page order, in the groups that share a fragment."""
    items = questionnaire.items_in_area(area_id)
    size = STATEMENTS_PER_FRAGMENT
    return [tuple(items[i : i + size]) for i in range(0, len(items), size)]


def _statements_fragment(questionnaire: Questionnaire, item: Item) -> str:
    """The key of the fragment that draws `item`."""
    position = questionnaire.items_in_area(item.area).index(item)
    return f"statements_{item.area}_{position // STATEMENTS_PER_FRAGMENT}"


def _note_fragment(area_id: str) -> str:
    return f"area_note_{area_id}"


@st.fragment(key=CODE_FRAGMENT)
def personal_code(ctx: Context) -> None:
    """The person's code above the statements, once their first answer or note has made it.

    A fragment of its own, at a fixed place: the first save redraws it alone, so the statements
    below keep their place in the page (a redraw of the whole page moved the keyboard's focus).
    """
    shared.speak_session_language(ctx)
    if state.person_id() is not None:
        shared.remember_code_in_browser()
        shared.show_code()


def questionnaire_answers(ctx: Context) -> None:
    """The statements by area, a note per area, the status (the count of answers, a failed save,
    what a Submit found missing) and Submit.

    An area's statements are drawn a few at a time in fragments of their own
    (`STATEMENTS_PER_FRAGMENT`), and each note in one: an answer reruns its few statements, whose
    callback saves it, and which draw the status again above Submit, in a placeholder outside the
    fragment (`st.empty`, which whatever is drawn there last replaces). A click is one run of a
    few elements, where a plain page of all the radios reruns them all."""
    if leave_after_submission():
        st.switch_page(shared.PAGE_RESULTS)
    statements = st.container(key="statements")
    status = st.empty()
    submit_button(ctx)
    state.drop(state.JUST_READ)  # a whole page reads what is stored afresh
    # The page's last fragment draws the status; the others only hold their place in it.
    state.put(state.DRAWING_PAGE, _note_fragment(ctx.questionnaire.areas[-1].id))
    try:
        with statements:
            for area in ctx.questionnaire.areas:
                shared.heading(area.name, level=2, text=area.context)
                for group in statement_groups(ctx.questionnaire, area.id):
                    key = _statements_fragment(ctx.questionnaire, group[0])
                    st.fragment(_statements, key=key)(ctx, group, status)
                st.fragment(_area_note, key=_note_fragment(area.id))(ctx, area.id, status)
    finally:
        state.drop(state.DRAWING_PAGE, state.JUST_READ)


def _statements(ctx: Context, group: tuple[Item, ...], status: DeltaGenerator) -> None:
    shared.speak_session_language(ctx)
    found = stored_this_run(ctx)
    for item in group:
        if found is not None:
            _show_stored(state.answer_key(item), _as_shown(found.draft, item))
        answer_radio(ctx, item)
    _fragment_status(ctx, status, _statements_fragment(ctx.questionnaire, group[0]))


def _area_note(ctx: Context, area_id: str, status: DeltaGenerator) -> None:
    shared.speak_session_language(ctx)
    if (found := stored_this_run(ctx)) is not None:
        _show_stored(state.note_key(area_id), found.notes.get(area_id, ""))
    note_field(ctx, area_id, ctx.questionnaire.area(area_id).name)
    _fragment_status(ctx, status, _note_fragment(area_id))


def _fragment_status(ctx: Context, status: DeltaGenerator, own: str) -> None:
    """A fragment's part in the status (of statements or of a note), `own` being its key. In the
    fragment's own rerun, after its save, it draws the status. In a whole page it only holds its
    place there, but for the page's last fragment, which draws it: a fragment's rerun may write
    outside it only where the fragment wrote during the page's last whole run, and what the page
    itself wrote there after its fragments never reached the browser."""
    drawing = state.get(state.DRAWING_PAGE)
    if drawing is None:
        _draw_status(ctx, status)
        state.drop(state.JUST_READ)  # read for this draw; a later one reads afresh
    elif drawing == own:
        _draw_status(ctx, status)
    else:
        status.empty()


def _draw_status(ctx: Context, status: DeltaGenerator) -> None:
    """The count of stored answers (when the draft cannot be read, of what the screen shows), a
    failed save, and after a Submit with gaps what still needs an answer."""
    questionnaire = ctx.questionnaire
    found = stored_this_run(ctx)
    answered = found.draft if found is not None else answers_on_screen(questionnaire)
    total = len(questionnaire.items)
    with status.container():
        count = _("Answered {count} of {total}").format(count=len(answered), total=total)
        st.progress(len(answered) / total, text=count)
        show_save_error()
        missing_answers_notice(questionnaire, answered)


def answer_radio(ctx: Context, item: Item) -> None:
    labels = dict(enumerate(ctx.questionnaire.scale_labels, start=1))
    labels[NOT_APPLICABLE] = ctx.questionnaire.not_applicable_label
    st.radio(
        f"{item.number}. {item.text}",  # the questionnaire file's own text: curated, not typed by users
        options=list(labels),
        format_func=labels.__getitem__,
        index=None,
        horizontal=True,
        key=state.answer_key(item),
        on_change=_save_answer,
        args=(ctx, item),
    )


def note_field(ctx: Context, area_id: str, area_name: str) -> None:
    """An optional private reflection note on an area, saved as it is written."""
    st.text_area(
        _("Private note on “{area}” (optional)").format(area=area_name),
        key=state.note_key(area_id),
        max_chars=2000,
        height=80,
        on_change=_save_note,
        args=(ctx, area_id),
        help=_("Only you can read it, with your personal code. It never reaches your team lead."),
        placeholder=_("Do not write anything that could identify a client or a colleague."),
    )


def show_save_error() -> None:
    if error := state.get(state.SAVE_ERROR):
        shared.show_storage_error(error)


def missing_items(questionnaire: Questionnaire, draft: Draft) -> list[Item]:
    return [i for i in questionnaire.items if i.id not in draft]


def _submit(ctx: Context) -> None:
    """on_click of Submit: store the draft as a response when it is complete; otherwise list
    what is missing (shown by the page) and keep everything."""
    state.put(state.SUBMIT_TRIED, True)
    person_id = state.person_id()
    try:
        draft = answers_to(ctx.questionnaire, ctx.storage.draft(person_id)) if person_id is not None else {}
        if missing_items(ctx.questionnaire, draft):
            return
        submission = ctx.storage.submit_response(person_id, ctx.questionnaire, draft)
    except StorageError as exc:
        state.put(state.SAVE_ERROR, str(exc))
        return
    state.put(state.LAST_SUBMISSION, submission)
    state.put(state.JUST_SUBMITTED, True)
    state.drop(state.SUBMIT_TRIED)


def submit_button(ctx: Context) -> None:
    st.button(_("Submit my answers"), key="submit", type="primary", on_click=_submit, args=(ctx,))


def missing_answers_notice(questionnaire: Questionnaire, draft: Draft) -> None:
    """After a Submit with gaps: what still needs an answer, as a plain numbered list."""
    if not state.get(state.SUBMIT_TRIED) or not (missing := missing_items(questionnaire, draft)):
        return
    summary = ngettext(
        "Nothing was submitted: {count} statement still needs an answer (*{na}* counts as an answer):",
        "Nothing was submitted: {count} statements still need an answer (*{na}* counts as an answer):",
        len(missing),
    ).format(count=len(missing), na=questionnaire.not_applicable_label)
    st.error(summary + "\n\n" + "\n".join(f"- {i.number}\\. {_shorten(i.text)}" for i in missing))


def _shorten(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + " …"


def leave_after_submission() -> bool:
    """Whether the questionnaire was just submitted (once): the page then shows the results."""
    return bool(state.take(state.JUST_SUBMITTED, False))


def submission_notice() -> None:
    """Once, after submitting: where the response counts."""
    submission = state.take(state.LAST_SUBMISSION)
    if submission is None:
        return
    if submission.round is not None:
        st.success(
            _("Submitted. It counts in the round “{round}” of {team}.").format(
                round=markdown_literal(submission.round.name), team=markdown_literal(submission.team.name)
            )
        )
    elif submission.other_version_round is not None:
        st.success(_("Submitted. Your personal result is saved."))
        st.info(
            other_version_message(
                markdown_literal(submission.team.name),
                submission.other_version_round,
                submission.instrument_version,
            )
        )
    elif submission.uninvited_round is not None:
        st.success(_("Submitted. Your personal result is saved."))
        st.info(uninvited_message(markdown_literal(submission.team.name), submission.uninvited_round))
    elif submission.team is not None:
        st.success(
            _(
                "Submitted. {team} has no open round right now, so it does not count for the team; your "
                "personal result is saved."
            ).format(team=markdown_literal(submission.team.name))
        )
    else:
        st.success(_("Submitted."))


# ------------------------------------------------------------------- my data


def report_download(ctx: Context, profile: Profile, notes: dict[str, str]) -> None:
    """The person's report as a PDF: never their code, their private `notes` (area id -> text)
    only when they ask."""
    with_notes = st.checkbox(_("Include my private notes in the report"), key="report_notes")
    names = ctx.questionnaire.area_names()
    notes = {names.get(area, area): text for area, text in notes.items()}
    shared.pdf_download(
        _("My report (PDF)"),
        "dl_report",
        "my_results.pdf",
        lambda: shared.reports().personal_report(profile, include_notes=with_notes, notes=notes),
    )


def show_notes(ctx: Context, notes: dict[str, str]) -> None:
    """The person's private `notes` (area id -> text), read-only, for them alone."""
    if notes:
        with st.expander(_("Your private notes (only you can read them)")):
            for area_id, text in notes.items():
                st.markdown(f"**{ctx.questionnaire.area(area_id).name}**")
                st.text(text)


def delete_my_data(ctx: Context) -> None:
    """Delete the session's person for good, and leave no trace of them in this session."""
    ctx.storage.delete_person(state.person_id())
    shared.forget_code_in_browser()
    st.query_params.pop("team", None)
    st.query_params.pop("invite", None)
    state.drop(state.INVITATION)
    state.put(state.DATA_DELETED, True)
