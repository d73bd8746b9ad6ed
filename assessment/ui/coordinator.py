"""The coordinator's side: an organisation, its teams, invitations, and figures across teams.

What may be shown is decided in `assessment.aggregate` (the organisation's figures) and
`assessment.quality` (the questionnaire's); this module only asks and draws.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from assessment import aggregate, charts, dashboard, export, quality
from assessment.aggregate import JudgedTeam, PublishingRules
from assessment.i18n import N_, _, ngettext
from assessment.names import markdown_literal
from assessment.storage import Organisation, Round, Team, TeamError
from assessment.ui import lead, shared, state
from assessment.ui.shared import Context, csv_download

WRONG_COORDINATOR_LOGIN = N_(
    "That organisation code and coordinator key do not open an organisation. Check both and try again."
)
LATEST = N_("The latest closed round of each team")
# As the quality figures are read: alpha and correlations to two decimals, shares to one.
QUALITY_DECIMALS = {
    "mean": 2,
    "sd": 2,
    "alpha": 2,
    "ci_lower": 2,
    "ci_upper": 2,
    "item_total": 2,
    "alpha_if_dropped": 2,
    "pct_na": 1,
    "pct_floor": 1,
    "pct_ceiling": 1,
}


def coordinator() -> Organisation | None:
    return state.get(state.COORDINATOR)


def sign_in(ctx: Context) -> None:
    signed_in = shared.key_sign_in(
        "coordinator",
        _("Organisation code"),
        _("Coordinator key"),
        _("Open the organisation"),
        state.COORDINATOR_FAILURES,
        ctx.storage.organisation_for_coordinator,
        _(WRONG_COORDINATOR_LOGIN),
    )
    if signed_in is not None:
        state.put(state.COORDINATOR, signed_in[0])
        st.rerun()


def create_organisation(ctx: Context) -> None:
    """Make an organisation; its code and coordinator key are shown once, the coordinator is in."""
    created = shared.name_form(
        "create_organisation",
        _("Organisation name"),
        "new_organisation_name",
        _("Create the organisation"),
        ctx.storage.create_organisation,
    )
    if created is None:
        return
    state.put(state.COORDINATOR, created.organisation)
    state.put(state.NEW_COORDINATOR_KEY, (created.code, created.coordinator_key))
    st.rerun()


def show_new_keys() -> None:
    """The organisation's code and key, or a new team's join code and lead key: once only."""
    if made := state.take(state.NEW_COORDINATOR_KEY):
        code, key = made
        st.warning(
            _(
                "Organisation code: **`{code}`**. Coordinator key: **`{key}`**  \nStore both now, for "
                "example in a password manager: the key is shown only this once, and nobody can recover it."
            ).format(code=code, key=key)
        )
    if made := state.take(state.NEW_TEAM_KEYS):
        name, join_code, lead_key = made
        st.success(
            _(
                "Team **{team}** is made. Hand its lead the join code **`{code}`** and the lead key "
                "**`{key}`**: the key is shown only this once."
            ).format(team=markdown_literal(name), code=join_code, key=lead_key)
        )


def create_team(ctx: Context, organisation: Organisation) -> None:
    created = shared.name_form(
        "create_organisation_team",
        _("Team name"),
        "new_organisation_team_name",
        _("Create the team"),
        lambda name: ctx.storage.create_team(name, organisation),
    )
    if created is None:
        return
    state.put(state.NEW_TEAM_KEYS, (created.team.name, created.join_code, created.lead_key))
    st.rerun()


def teams_table(teams: list[Team], rounds: dict[int, list[Round]]) -> pd.DataFrame:
    """Every team: whether it is retired, its rounds, and its open round with the invitations."""
    rows = []
    for team in teams:
        mine = rounds.get(team.id, [])
        open_round = next((r for r in mine if r.is_open), None)
        rows.append(
            {
                _("team"): team.name,
                _("status"): _("retired") if team.retired else _("active"),
                _("closed rounds"): sum(not r.is_open for r in mine),
                _("open round"): open_round.name if open_round else "",
                _("answers"): str(open_round.responses) if open_round else "",
                _("invitations issued / used"): (
                    f"{open_round.invitations} / {open_round.invitations_used}"
                    if open_round and open_round.invitation_only
                    else ""
                ),
            }
        )
    return pd.DataFrame(rows)


def team_actions(ctx: Context, organisation: Organisation, team: Team, open_round: Round | None) -> None:
    """What the coordinator does for one team: invitations for its open round, paper forms in an
    invitation-only round, and retiring it."""
    try:
        if team.retired:
            st.info(_("This team is retired: it takes no new members and opens no new rounds."))
            return
        if open_round is None:
            st.markdown(_("The team has no open round: its lead opens one on the Team lead page."))
        elif not open_round.invitation_only:
            _offer_invitation_only(ctx, organisation, team, open_round)
        else:
            shared.round_count_notice(open_round)
            _issue_invitations(ctx, organisation, team, open_round)
            with st.expander(_("Add paper forms to this invitation-only round")):
                lead.paper_form_import(ctx, team, open_round, coordinator=organisation)
        _retire(ctx, organisation, team)
    except TeamError as exc:
        st.error(markdown_literal(str(exc)))


def _offer_invitation_only(ctx: Context, organisation: Organisation, team: Team, open_round: Round) -> None:
    st.markdown(
        _("Open round: **{round}**, with {answers}.").format(
            round=markdown_literal(open_round.name), answers=aggregate.answers_with_paper(open_round)
        )
    )
    if open_round.responses:
        st.markdown(
            _(
                "It already holds answers, so it stays open to everyone with the join code. Make the next one invitation-only."
            )
        )
        return
    st.markdown(
        _(
            "Make it invitation-only before anyone answers: then only members with an invitation you issue "
            "can answer, one answer each, and the lead cannot add answers of their own."
        )
    )
    if st.button(_("Make the round invitation-only"), key="make_invitation_only"):
        ctx.storage.make_invitation_only(organisation, team.id, open_round.id)
        st.rerun()


def _issue_invitations(ctx: Context, organisation: Organisation, team: Team, open_round: Round) -> None:
    with st.form("issue_invitations"):
        count = st.number_input(
            _("How many invitations?"),
            min_value=1,
            max_value=1000,
            value=None,
            step=1,
            key="invitation_count",
        )
        if st.form_submit_button(_("Issue the invitations")):
            if count is None:
                st.error(_("Give the number of invitations, then issue them."))
            else:
                issued = ctx.storage.issue_invitations(organisation, open_round.id, int(count))
                state.put(state.ISSUED_INVITATIONS, (open_round.id, issued))
                st.rerun()
    issued_for, issued = state.get(state.ISSUED_INVITATIONS) or (None, [])
    if issued_for != open_round.id or not issued:
        return
    st.success(
        ngettext(
            "{count} invitation issued. Download the slips or the links now: the codes are not kept, "
            "and cannot be shown again once you leave this page.",
            "{count} invitations issued. Download the slips or the links now: the codes are not kept, "
            "and cannot be shown again once you leave this page.",
            len(issued),
        ).format(count=len(issued))
    )
    app_url = lead.app_url()
    left, right = st.columns(2)
    with left:
        shared.pdf_download(
            _("Invitation slips to print (PDF)"),
            "dl_invitation_slips",
            "invitations.pdf",
            lambda: shared.invitations().slips_pdf(app_url, issued, team.name, open_round.name),
        )
    csv_download(
        right,
        _("Invitation links (CSV)"),
        "dl_invitation_links",
        "invitation_links.csv",
        lambda: shared.invitations().links_csv(app_url, issued, team.name, open_round.name),
    )


def _retire(ctx: Context, organisation: Organisation, team: Team) -> None:
    with st.expander(_("Retire this team")):
        st.markdown(
            _(
                "A retired team closes its open round, takes no new members and opens no new rounds. Its "
                "closed rounds stay in the organisation's figures and on its lead's dashboard."
            )
        )
        sure = st.checkbox(
            _("I understand that a retired team cannot be made active again"), key="confirm_retire"
        )
        if st.button(_("Retire the team"), key="retire_team", disabled=not sure):
            ctx.storage.retire_team(organisation, team.id)
            st.rerun()


# ------------------------------------------------------------------ figures across teams


def judged_teams(
    ctx: Context, teams: list[Team], rounds: dict[int, list[Round]], rules: PublishingRules
) -> list[JudgedTeam]:
    """Each team's rounds judged as its lead's dashboard judges them, with their data (cached)."""
    return [shared.judged_team(ctx, team, rounds.get(team.id, []), rules) for team in teams]


def period_choice(judged: list[JudgedTeam]) -> aggregate.Period:
    periods = [aggregate.Period(_(LATEST)), *reversed(aggregate.quarters(judged))]
    labels = [p.label for p in periods]
    chosen = st.selectbox(_("Period"), labels, key="organisation_period")
    return periods[labels.index(chosen)]


def organisation_dashboard(
    ctx: Context, organisation: Organisation, judged: list[JudgedTeam], rules: PublishingRules
) -> None:
    period = period_choice(judged)
    view, trend = shared.organisation_view(ctx, judged, period, rules)
    board = dashboard.build_organisation_board(ctx.instruments, view, trend, rules)
    k = rules.min_group_size
    st.markdown(board.pooled)
    if not board.left_out.empty:
        st.markdown(
            _(
                "Left out of these figures, so that no team's withheld results can be worked out from the "
                "organisation's total:"
            )
        )
        st.dataframe(board.left_out, hide_index=True, width="stretch")
    if board.panel is None:
        return
    panel = board.panel
    kept = (
        "organisation",
        str(ctx.storage.engine.url),
        rules,
        period,
        tuple(p.figures.round for p in view.teams),
    )
    shared.show_kept_chart(
        ("spread", *kept),
        lambda: charts.spread_chart(
            panel.spread,
            k,
            _("Area scores across the organisation"),
            _("Bar: middle half of the organisation."),
        ),
        _("The organisation's score per area on the 1 to 5 scale; the table below lists them."),
        "dl_organisation_spread_chart",
        "organisation_area_scores",
    )
    st.dataframe(panel.areas_table, hide_index=True, width="stretch")
    st.subheader(_("Teams side by side"))
    if not board.teams.empty:
        shared.show_kept_chart(
            ("teams", *kept),
            lambda: charts.teams_chart(board.teams),
            _("Each team's mean per area on the 1 to 5 scale; the table below lists them."),
            "dl_organisation_teams_chart",
            "organisation_teams_side_by_side",
        )
    st.dataframe(board.teams_table, hide_index=True, width="stretch")
    st.subheader(_("Statements"))
    for number, area in enumerate(panel.statements, start=1):
        shared.show_kept_chart(
            ("bars", number, *kept),
            lambda area=area: charts.item_bars(area.items, panel.questionnaire, k, area.name),
            _(
                "How the organisation answered each statement of {area}; the table below lists the counts."
            ).format(area=area.name),
            f"dl_organisation_bars_{number}",
            f"organisation_statements_area_{number}",
        )
        with st.expander(_("Table: {area}").format(area=area.name)):
            st.dataframe(area.table, hide_index=True)
    if trend:
        st.subheader(_("Over quarters"))
        shared.show_kept_chart(
            ("trend", *kept, tuple(f.round for f in trend)),
            lambda: charts.team_trend_chart(board.trend, _("Quarter"), _("Area means over quarters")),
            _("The organisation's area means per quarter; the table below lists them."),
            "dl_organisation_trend_chart",
            "organisation_area_means_over_quarters",
        )
        st.dataframe(board.trend_table, hide_index=True)
    left, right = st.columns(2)
    csv_download(
        left,
        _("Area scores (CSV)"),
        "dl_organisation_areas",
        "organisation_area_scores.csv",
        lambda: export.organisation_area_scores_csv(organisation.name, view),
    )
    csv_download(
        right,
        _("Answer counts per statement (CSV)"),
        "dl_organisation_items",
        "organisation_item_distribution.csv",
        lambda: export.organisation_item_distribution_csv(organisation.name, view),
    )


def instrument_quality(ctx: Context, judged: list[JudgedTeam]) -> None:
    """The questionnaire's item and area statistics over the organisation's published rounds."""
    versions = list(ctx.instruments)[::-1]  # newest first
    version = st.selectbox(_("Questionnaire version"), versions, key="quality_version")
    questionnaire = ctx.instruments[version]
    answers, teams = aggregate.published_answers(judged, version)
    try:
        result = quality.instrument_quality(
            questionnaire, answers.reindex(columns=[i.id for i in questionnaire.items]), teams
        )
    except quality.NotEnoughData as exc:
        st.info(str(exc))
        return
    st.markdown(
        _(
            "{responses} responses from {teams} teams, from every published round on version {version}."
        ).format(responses=result.responses, teams=result.teams, version=version)
    )
    st.markdown(
        _(
            "Read them with the guide in `docs/instrument.md`. A corrected item-total correlation below .30, "
            "and a negative one on a reverse-keyed statement, are flagged; an alpha below .70 deserves a look. "
            "Never drop a statement on these figures alone."
        )
    )
    names = questionnaire.area_names()
    for frame, headings in ((result.areas, quality.AREA_HEADINGS), (result.items, quality.ITEM_HEADINGS)):
        shown = frame.replace({"area": names}).round(QUALITY_DECIMALS)
        st.dataframe(shown.rename(columns=lambda c, h=headings: _(h[c])), hide_index=True, width="stretch")
    left, right = st.columns(2)
    files = quality.csv_files(result)
    for column, (label, name) in zip(
        (left, right),
        ((_("Area figures (CSV)"), quality.AREAS_FILE), (_("Item figures (CSV)"), quality.ITEMS_FILE)),
        strict=True,
    ):
        csv_download(column, label, f"dl_{name}", name, lambda name=name: files[name])
