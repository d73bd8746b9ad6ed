"""Present: the team's join code as a QR code with the live count, then the closed round's charts,
one per screen, for a projector. Reached from a lead's dashboard in the same session."""

import streamlit as st

from assessment import aggregate, dashboard
from assessment.ui import lead, present, shared

ctx = shared.context()
team = lead.lead_team()
if team is None:
    present.no_lead_screen()
    st.stop()
present.page_style()

rules = aggregate.PublishingRules.from_settings(ctx.settings)
view = shared.team_view(ctx, ctx.storage.rounds_of(team.id), rules)
newest = view.rounds[-1] if view.rounds else None  # rounds come oldest first
if newest is None or newest.round.is_open:
    present.join_screen(ctx, team, lead.lead_join_code())
elif newest.figures is None:
    present.status_screen(team, newest.status)
else:
    board = dashboard.build_dashboard(ctx.instruments, view)
    panel = dashboard.round_panel(ctx.instruments, view, newest.round.id, rules)
    shown = present.slides(panel, board, rules.min_group_size)
    present.slide_show(team, newest.round.id, newest.round.name, shown)
