"""Team lead: create a team, open and close rounds, and see anonymity-protected team results."""

import streamlit as st

from assessment import aggregate, charts, export, ui

ctx = ui.context()
q = ctx.questionnaire
k = ctx.settings.min_group_size
st.title("Team lead")

team = ui.lead_team()
if team is None:
    st.markdown(
        "Open your team's dashboard with its join code and lead key, or create a new team. "
        f"You will see your team's totals per round, once the round is closed and at least {k} "
        "people have answered; never one person's answers."
    )
    ui.lead_login(ctx)
    st.header("Create a new team")
    ui.create_team(ctx)
    st.stop()

join_code = st.session_state["lead_join_code"]
st.header(team.name, divider="gray")
ui.show_new_lead_key()
st.markdown(f"Join code: **`{join_code}`**. Members answer through this link:")
st.code(ui.members_link(join_code), language=None)

st.subheader("Rounds")
rounds = ctx.storage.rounds_of(team.id)
ui.round_controls(ctx, team)
if not rounds:
    st.info("No data yet: open a round, then share the members' link.")
    st.stop()
st.dataframe(aggregate.rounds_table(rounds, k), hide_index=True, width="stretch")
with st.expander("Add paper forms to the open round"):
    ui.paper_form_import(ctx, team)

figures = aggregate.team_figures(ctx.storage, q, team.id, k)
# Options are round ids, so the choice always maps to this run's figures, never a stale copy.
names = {r.id: r.name for r in reversed(rounds)}
shown_ids = [f.round.id for f in figures]
default = next((i for i, round_id in enumerate(names) if round_id in shown_ids), 0)
chosen_id = st.selectbox(
    "Round to look at", list(names), index=default, format_func=names.get, key="round_choice"
)
chosen = next(r for r in rounds if r.id == chosen_id)
st.markdown(aggregate.status_message(chosen, k))
shown = next((f for f in figures if f.round.id == chosen.id), None)
if shown is not None:
    areas = shown.areas.replace({"area": q.area_names()})
    st.altair_chart(charts.spread_chart(areas.dropna(subset=["mean"])), width="stretch")
    st.markdown("*Bar: the middle half of the team. Tick: median. Dot: mean. Scores run from 1 to 5.*")
    st.dataframe(areas.round(2), hide_index=True, width="stretch")
    for area in q.areas:
        items = shown.items[shown.items["area"] == area.id]
        likert = charts.likert_frame(items, q.scale_labels)
        st.altair_chart(charts.likert_chart(likert, q.scale_labels, area.name), width="stretch")
        with st.expander(f"Table: {area.name}"):
            st.dataframe(items.drop(columns=["area"]), hide_index=True)

if figures:
    st.subheader("Over closed rounds")
    trend = aggregate.trend(figures).replace({"area": q.area_names()}).drop(columns=["closed_at"])
    st.altair_chart(charts.team_trend_chart(trend), width="stretch")
    st.dataframe(trend.round(2), hide_index=True)
    left, right = st.columns(2)
    ui.csv_download(
        left,
        "Area scores (CSV)",
        "dl_team_areas",
        "team_area_scores.csv",
        lambda: export.team_area_scores_csv(team.name, figures),
    )
    ui.csv_download(
        right,
        "Answer counts per statement (CSV)",
        "dl_team_items",
        "team_item_distribution.csv",
        lambda: export.team_item_distribution_csv(team.name, figures),
    )
