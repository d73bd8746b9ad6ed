"""My results: the profile of the latest submission, its highlights, the trend, the CSVs."""

import streamlit as st

from assessment import aggregate, charts, export, results
from assessment.instruments import answers_to
from assessment.ui import practitioner, shared, state

ctx = shared.context()
st.title("My results")

if state.person_id() is None:
    st.markdown("Type your personal code to see your results.")
    shared.enter_code(ctx)
    st.stop()

practitioner.submission_notice()
shared.show_code(bookmark_hint=True)
stored = ctx.storage.responses_of(state.person_id())
draft = answers_to(ctx.questionnaire, ctx.storage.draft(state.person_id()))
if draft:
    st.info(
        f"You have an unfinished self-assessment: {len(draft)} of "
        f"{len(ctx.questionnaire.items)} statements answered."
    )
    st.page_link(shared.PAGE_ASSESS, label="Continue where you left off", icon=":material/edit_note:")

team = practitioner.team_of_session(ctx)
team_figures = team and aggregate.latest_team_means(
    ctx.storage, ctx.instruments, team.id, aggregate.PublishingRules.from_settings(ctx.settings)
)
practitioner.open_round_notice(ctx)
profile = results.build_profile(
    ctx.instruments,
    stored,
    team_figures,
    timezone=shared.display_timezone(),
    min_group_size=ctx.settings.min_group_size,
)
if profile is None:
    st.markdown("No submitted self-assessment yet.")
    st.stop()

st.markdown(
    f"Your latest self-assessment, submitted {profile.submitted_at_text} ({profile.submitted_count} in all), "
    f"on questionnaire version {profile.version}."
)
shared.show_chart(
    charts.profile_chart(profile.areas),
    "Your score per area on the 1 to 5 scale; the table below lists them.",
)
st.dataframe(profile.areas_table, hide_index=True)
st.markdown(
    "*Scores run from 1 (low) to 5 (high). An area with fewer than half its statements answered has no score.*"
)
for note in profile.version_notes:
    st.markdown(f"*{note}*")
if team_figures and "team mean" in profile.areas:
    st.markdown(
        f"*Team mean: {shared.markdown_literal(team.name)} in the round "
        f"“{shared.markdown_literal(team_figures.round.name)}” ({aggregate.answers_with_paper(team_figures.round)}).*"
    )

st.header("Where to start")
for weak in profile.weakest:
    # The paper's words and the tool's own tip stay apart, so no tip passes for the paper's.
    st.markdown(
        f"**{weak.point.label}** (score {weak.score:.2f})  \n"
        f"The paper: “{weak.point.paper}”  \n"
        f"Tip from this tool: {weak.point.tip}"
    )
if profile.start_note:
    st.markdown(profile.start_note)
if profile.strongest:
    st.markdown(
        f"**Your strongest point: {profile.strongest.point.label}** (score {profile.strongest.score:.2f})"
    )

if profile.submitted_count > 1:
    st.header("Over time")
    shared.show_chart(
        charts.trend_chart(profile.trend), "Your area scores at each submission; the table below lists them."
    )
    st.dataframe(profile.trend_table, hide_index=True)

practitioner.show_notes(ctx)

st.header("Your answers")
st.table(profile.items.set_index("number"))

st.header("Download")
left, right = st.columns(2)
shared.csv_download(
    left,
    "Answers (CSV)",
    "dl_responses",
    "my_responses.csv",
    lambda: export.responses_csv(ctx.instruments, stored),
)
shared.csv_download(
    right,
    "Area scores (CSV)",
    "dl_scores",
    "my_scores.csv",
    lambda: export.scores_csv(ctx.instruments, stored),
)
if st.button("Take the self-assessment again", key="retake"):
    st.switch_page(shared.PAGE_ASSESS)
