"""Coordinator: an organisation's teams, invitation-only rounds, figures across teams, and the
questionnaire's quality."""

import streamlit as st

from assessment import aggregate
from assessment.i18n import _
from assessment.names import markdown_literal
from assessment.ui import coordinator, shared

ctx = shared.context()
rules = aggregate.PublishingRules.from_settings(ctx.settings)
st.title(_("Organisation"))

organisation = coordinator.coordinator()
if organisation is None:
    st.markdown(
        _(
            "An organisation's coordinator makes its teams, hands out single-use invitations so that no lead "
            "can add answers of their own, and sees the organisation across teams: never one person's "
            "answers, and never a team's results its own dashboard withholds."
        )
    )
    coordinator.sign_in(ctx)
    st.header(_("Create a new organisation"))
    coordinator.create_organisation(ctx)
    st.stop()

st.header(markdown_literal(organisation.name), divider="gray")
coordinator.show_new_keys()
teams = ctx.storage.teams_of(organisation)
rounds = ctx.storage.rounds_of_organisation(organisation)  # read once: every part shows the same
judged = coordinator.judged_teams(ctx, teams, rounds, rules)

st.subheader(_("Teams"))
if teams:
    st.dataframe(coordinator.teams_table(teams, rounds), hide_index=True, width="stretch")
    position = {team.id: number for number, team in enumerate(teams)}
    chosen = st.selectbox(
        _("Team"), list(position), format_func=lambda i: teams[position[i]].name, key="organisation_team"
    )
    team, view, _data = judged[position[chosen]]
    if view.rounds:  # every round of the team, with what its dashboard may show of it
        st.dataframe(aggregate.rounds_table(view), hide_index=True, width="stretch")
    open_round = next((r for r in rounds.get(chosen, []) if r.is_open), None)
    coordinator.team_actions(ctx, organisation, team, open_round)
with st.expander(_("Create a team"), expanded=not teams):
    coordinator.create_team(ctx, organisation)

st.subheader(_("Across teams"))
coordinator.organisation_dashboard(ctx, organisation, judged, rules)
st.subheader(_("Questionnaire quality"))
coordinator.instrument_quality(ctx, judged)
