"""My results: the profile of the latest submission, its highlights, the trend, the CSVs."""

import streamlit as st

from assessment import aggregate, charts, export, results, ui

ctx = ui.context()
st.title("My results")

if ui.person_id() is None:
    st.markdown("Type your personal code to see your results.")
    ui.enter_code(ctx)
    st.stop()

ui.submission_notice()
ui.show_code()
stored = ctx.storage.responses_of(ui.person_id())
draft = ctx.storage.draft(ui.person_id())
if draft:
    st.info(
        f"You have an unfinished self-assessment: {len(draft)} of "
        f"{len(ctx.questionnaire.items)} statements answered."
    )
    st.page_link(ui.PAGE_ASSESS, label="Continue where you left off", icon=":material/edit_note:")

team = ui.team_of_session(ctx)
team_figures = team and aggregate.latest_team_means(
    ctx.storage, ctx.questionnaire, team.id, ctx.settings.min_group_size
)
profile = results.build_profile(ctx.questionnaire, stored, team_figures)
if profile is None:
    st.markdown("No submitted self-assessment yet.")
    st.stop()

latest = stored[-1].submitted_at.strftime("%d %B %Y, %H:%M UTC")
st.markdown(f"Your latest self-assessment, submitted {latest} ({profile.submitted_count} in all).")
st.altair_chart(charts.profile_chart(profile.areas), width="stretch")
st.dataframe(
    profile.areas,
    hide_index=True,
    column_config={
        "score": st.column_config.NumberColumn(format="%.2f"),
        "change": st.column_config.NumberColumn("change since previous", format="%+.2f"),
        "team mean": st.column_config.NumberColumn(format="%.2f"),
    },
)
st.markdown(
    "*Scores run from 1 (low) to 5 (high). An area with fewer than half its statements answered has no score.*"
)
if team_figures:
    st.markdown(
        f"*Red diamonds: the mean of {ui.as_plain_text(team.name)} in the round "
        f"“{ui.as_plain_text(team_figures.round.name)}” ({team_figures.round.responses} people).*"
    )

st.header("Where to start")
for weak in profile.weakest:
    st.markdown(f"**{weak.point.label}** (score {weak.score:.2f})  \n{weak.point.recommendation}")
if profile.strongest:
    st.markdown(
        f"**Your strongest point: {profile.strongest.point.label}** (score {profile.strongest.score:.2f})"
    )

if profile.submitted_count > 1:
    st.header("Over time")
    st.altair_chart(charts.trend_chart(profile.trend))
    st.dataframe(profile.trend, hide_index=True)

ui.show_notes(ctx)

st.header("Your answers")
st.table(profile.items.set_index("number"))

st.header("Download")
left, right = st.columns(2)
ui.csv_download(
    left,
    "Answers (CSV)",
    "dl_responses",
    "my_responses.csv",
    lambda: export.responses_csv(ctx.questionnaire, stored),
)
ui.csv_download(
    right,
    "Area scores (CSV)",
    "dl_scores",
    "my_scores.csv",
    lambda: export.scores_csv(ctx.questionnaire, stored),
)
if st.button("Take the self-assessment again", key="retake"):
    st.switch_page(ui.PAGE_ASSESS)
