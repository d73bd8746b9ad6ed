"""The team lead's side: login, a new team, rounds and paper forms.

What a lead may see of a round is decided in `assessment.aggregate`; this module only asks.
"""

from __future__ import annotations

import streamlit as st

from assessment import codes, importer
from assessment.aggregate import PublishingRules, TeamView
from assessment.i18n import N_, _, ngettext
from assessment.names import markdown_literal
from assessment.storage import Organisation, Round, Team, TeamError
from assessment.ui import shared, state
from assessment.ui.shared import Context, csv_download, round_count_notice

WRONG_LEAD_LOGIN = N_("That join code and lead key do not open a team dashboard. Check both and try again.")


def lead_team() -> Team | None:
    return state.get(state.LEAD_TEAM)


def lead_join_code() -> str:
    return state.get(state.LEAD_JOIN_CODE)


def lead_login(ctx: Context) -> None:
    """The lead's join code and key; wrong keys slow this session down, never the team."""
    signed_in = shared.key_sign_in(
        "lead",
        _("Team join code"),
        _("Lead key"),
        _("Open the dashboard"),
        state.LEAD_FAILURES,
        ctx.storage.team_for_lead,
        _(WRONG_LEAD_LOGIN),
    )
    if signed_in is not None:
        _open_dashboard(*signed_in)
        st.rerun()


def _open_dashboard(team: Team, join_code: str) -> None:
    state.put(state.LEAD_TEAM, team)
    state.put(state.LEAD_JOIN_CODE, codes.normalise_join_code(join_code))
    state.drop(state.LEAD_FAILURES)


def create_team(ctx: Context) -> None:
    """Create a team; its join code and lead key are shown once, the lead is logged in."""
    created = shared.name_form(
        "create_team", _("Team name"), "new_team_name", _("Create the team"), ctx.storage.create_team
    )
    if created is None:
        return
    _open_dashboard(created.team, created.join_code)
    state.put(state.NEW_LEAD_KEY, created.lead_key)
    st.rerun()


def app_url() -> str:
    """The app's address as the browser sees it, without the page."""
    page_url = st.context.url or "http://localhost:8501/team"
    return page_url.rsplit("/", 1)[0]


def members_link(join_code: str) -> str:
    """The link members open to answer for the team."""
    return f"{app_url()}/assessment?team={join_code}"


def show_new_lead_key() -> None:
    """The lead key, right after the team was created, and never again."""
    key = state.take(state.NEW_LEAD_KEY)
    if key:
        advice = _(
            "Store it now, for example in a password manager: it is shown only this once. With the join "
            "code it opens this dashboard; nobody can recover it."
        )
        label = _("Your lead key:")
        st.warning(f"{label} **`{key}`**  \n{advice}")


def round_controls(ctx: Context, team: Team, open_round: Round | None) -> None:
    """Open a round with the team's size, or close the open one (for good)."""
    try:
        if open_round is None:
            with st.form("open_round"):
                name = st.text_input(
                    _("Name of the new round"), placeholder=_("Spring 2025"), max_chars=80, key="round_name"
                )
                size = st.number_input(
                    _("How many people are in the team?"),
                    min_value=1,
                    max_value=1000,
                    value=None,
                    step=1,
                    key="round_team_size",
                    help=_(
                        "Members see this number beside the count of answers, so answers added by anyone "
                        "else show. A round with more responses than this is not published."
                    ),
                )
                if st.form_submit_button(_("Open the round")):
                    if size is None:
                        st.error(_("Give the number of people in the team, then open the round."))
                        return
                    ctx.storage.open_round(team.id, name, int(size), ctx.questionnaire.version)
                    st.rerun()
            return
        st.markdown(
            _("Open round: **{round}**. Questionnaire version: {version}.").format(
                round=markdown_literal(open_round.name), version=open_round.instrument_version
            )
        )
        if open_round.instrument_version != ctx.questionnaire.version:
            st.warning(
                _(
                    "The app now asks questionnaire version {current}. Answers to it do not count in this "
                    "round, which stays on version {version}: close it and open a new round for members' "
                    "answers to count again."
                ).format(current=ctx.questionnaire.version, version=open_round.instrument_version)
            )
        round_count_notice(open_round)
        sure = st.checkbox(_("I understand that a closed round never reopens"), key="confirm_close")
        if st.button(_("Close the round"), key="close_round", disabled=not sure):
            ctx.storage.close_round(team.id, open_round.id)
            st.rerun()
    except TeamError as exc:
        st.error(markdown_literal(str(exc)))


def team_report_download(
    ctx: Context, team: Team, view: TeamView, round_id: int, rules: PublishingRules
) -> None:
    """The report of a round the dashboard shows (the caller asks only for such a round)."""
    shared.pdf_download(
        _("Team report with a discussion guide (PDF)"),
        "dl_team_report",
        "team_report.pdf",
        lambda: shared.reports().team_report(ctx.instruments, team.name, view, round_id, rules),
    )


def paper_form_import(
    ctx: Context, team: Team, open_round: Round | None, coordinator: Organisation | None = None
) -> None:
    """Add paper forms to the open round: the template, the upload, and all-or-nothing import,
    on the questionnaire version the round was opened on. An invitation-only round takes them
    from its organisation's `coordinator` only."""
    # The open round's version: paper forms count only there; else the version a new round gets.
    questionnaire = ctx.instruments[open_round.instrument_version] if open_round else ctx.questionnaire
    csv_download(
        st,
        _("Template for paper forms (CSV)"),
        "dl_template",
        f"paper_forms_template_{questionnaire.version}.csv",
        lambda: importer.template_csv(questionnaire),
    )
    if open_round is None:
        st.markdown(_("Open a round to add paper forms to it."))
        return
    if open_round.invitation_only and coordinator is None:
        st.markdown(
            _(
                "This round is invitation-only: paper forms are added by your organisation's coordinator, "
                "so that nobody who sees the results can add answers of their own."
            )
        )
        return
    st.markdown(
        _(
            "Paper forms count toward the team's results only once at least {k} people have answered "
            "online: answers you typed yourself cannot make a round anonymous."
        ).format(k=ctx.settings.min_group_size)
    )
    uploaded = st.file_uploader(
        _(
            "Filled-in template for the round “{round}” (questionnaire version {version}): one row per "
            "respondent; 1-5, or NA for Not applicable"
        ).format(round=markdown_literal(open_round.name), version=questionnaire.version),
        type=["csv"],
        key="upload_forms",
    )
    if uploaded is None or not st.button(_("Add these answers to the round"), key="import_forms"):
        return
    try:
        answer_sets = importer.parse_paper_forms(uploaded.getvalue(), questionnaire)
        bar = st.progress(0.0, text=_("Importing…"))
        written = ctx.storage.import_responses(
            team.id,
            open_round.id,
            questionnaire,
            answer_sets,
            progress=lambda done, total: bar.progress(
                done / total, text=_("Imported {done} of {total} rows").format(done=done, total=total)
            ),
            coordinator=coordinator,
        )
    except (importer.PaperFormError, TeamError) as exc:
        advice = _("Nothing was imported. Correct the file and upload it again.")
        st.error(f"{advice}  \n{markdown_literal(str(exc))}")
        return
    st.success(
        ngettext(
            "Added {count} paper form to the round “{round}”.",
            "Added {count} paper forms to the round “{round}”.",
            written,
        ).format(count=written, round=markdown_literal(open_round.name))
    )
