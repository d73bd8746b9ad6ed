"""Team lead: create a team, open and close rounds, and see anonymity-protected team results."""

import streamlit as st

from assessment import aggregate, charts, dashboard, export
from assessment.i18n import _
from assessment.ui import lead, present, shared

ctx = shared.context()
rules = aggregate.PublishingRules.from_settings(ctx.settings)
k = rules.min_group_size
st.title(_("Team lead"))

team = lead.lead_team()
if team is None:
    st.markdown(
        _(
            "Open your team's dashboard with its join code and lead key, or create a new team. You will "
            "see your team's totals per round, once the round is closed and at least {k} people have "
            "answered online; never one person's answers."
        ).format(k=k)
    )
    lead.lead_login(ctx)
    st.header(_("Create a new team"))
    lead.create_team(ctx)
    st.stop()

join_code = lead.lead_join_code()
st.header(shared.markdown_literal(team.name), divider="gray")
lead.show_new_lead_key()
st.markdown(_("Join code: **`{code}`**. Members answer through this link:").format(code=join_code))
st.code(lead.members_link(join_code), language=None)
st.page_link(
    present.PAGE, label=_("Show the link and the results on a projector"), icon=":material/present_to_all:"
)

st.subheader(_("Rounds"))
rounds = ctx.storage.rounds_of(team.id)  # read once: every part of the page shows the same rounds
open_round = next((r for r in rounds if r.is_open), None)
lead.round_controls(ctx, team, open_round)
view = shared.team_view(ctx, rounds, rules)
if not view.rounds:
    st.info(_("No data yet: open a round, then share the members' link."))
    st.stop()
board = dashboard.build_dashboard(ctx.instruments, view)
st.dataframe(board.rounds_table, hide_index=True, width="stretch")
with st.expander(_("Add paper forms to the open round")):
    lead.paper_form_import(ctx, team, open_round)

# Options are round ids, so the choice always maps to this run's figures, never a stale copy.
chosen_id = st.selectbox(
    _("Round to look at"),
    list(board.round_names),
    index=list(board.round_names).index(board.default_round),
    format_func=board.round_names.get,
    key="round_choice",
)
panel = dashboard.round_panel(ctx.instruments, view, chosen_id, rules)
st.markdown(panel.status)
if panel.spread is not None:
    # Only a round the dashboard shows has a report; the others have their reason above.
    lead.team_report_download(ctx, team, view, chosen_id, rules)
    # The round's figures never change: its charts are built once (keyed by the round and rules).
    kept = (str(ctx.storage.engine.url), rules, view.view_of(chosen_id).round)
    shared.show_kept_chart(
        ("spread", *kept),
        lambda: charts.spread_chart(panel.spread, k),
        _("The team's score per area on the 1 to 5 scale; the table below lists them."),
        "dl_spread_chart",
        "team_area_scores",
    )
    st.dataframe(panel.areas_table, hide_index=True, width="stretch")
    for number, area in enumerate(panel.statements, start=1):
        shared.show_kept_chart(
            ("bars", number, *kept),
            lambda area=area: charts.item_bars(area.items, panel.questionnaire, k, area.name),
            _("How the team answered each statement of {area}; the table below lists the counts.").format(
                area=area.name
            ),
            f"dl_bars_chart_{number}",
            f"team_statements_area_{number}",
        )
        with st.expander(_("Table: {area}").format(area=area.name)):
            st.dataframe(area.table, hide_index=True)

if board.figures:
    st.subheader(_("Over closed rounds"))
    shared.show_kept_chart(
        ("trend", str(ctx.storage.engine.url), rules, tuple(f.round for f in board.figures)),
        lambda: charts.team_trend_chart(board.trend),
        _("The team's area means over closed rounds; the table below lists them."),
        "dl_team_trend_chart",
        "team_area_means_over_rounds",
    )
    st.dataframe(board.trend_table, hide_index=True)
    left, right = st.columns(2)
    shared.csv_download(
        left,
        _("Area scores (CSV)"),
        "dl_team_areas",
        "team_area_scores.csv",
        lambda: export.team_area_scores_csv(team.name, board.figures),
    )
    shared.csv_download(
        right,
        _("Answer counts per statement (CSV)"),
        "dl_team_items",
        "team_item_distribution.csv",
        lambda: export.team_item_distribution_csv(team.name, board.figures),
    )
