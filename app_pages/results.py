"""My results: the profile of the latest submission, its highlights, the trend, the CSVs."""

import streamlit as st

from assessment import charts, export, results, ui

ctx = ui.context()
st.title("My results")

if ui.person_id() is None:
    st.markdown("Type your personal code to see your results.")
    ui.enter_code(ctx)
    st.stop()

ui.show_code()
stored = ctx.storage.responses_of(ui.person_id())
draft = ctx.storage.draft(ui.person_id())
if draft:
    st.info(
        f"You have an unfinished self-assessment: {len(draft)} of "
        f"{len(ctx.questionnaire.items)} statements answered."
    )
    st.page_link(ui.PAGE_ASSESS, label="Continue where you left off", icon="📝")

profile = results.build_profile(ctx.questionnaire, stored)
if profile is None:
    st.markdown("No submitted self-assessment yet.")
    st.stop()

latest = stored[-1].submitted_at.strftime("%d %B %Y, %H:%M UTC")
st.markdown(f"Your latest self-assessment, submitted {latest} ({profile.submitted_count} in all).")
chart_column, table_column = st.columns([3, 2])
chart_column.altair_chart(charts.profile_chart(profile.areas), width="stretch")
table_column.dataframe(
    profile.areas[["area", "score", "change"] if profile.submitted_count > 1 else ["area", "score"]],
    hide_index=True,
    column_config={
        "score": st.column_config.NumberColumn(format="%.2f"),
        "change": st.column_config.NumberColumn("change since previous", format="%+.2f"),
    },
)
st.caption(
    "Scores run from 1 (low) to 5 (high). An area with fewer than half its statements answered has no score."
)

st.subheader("Where to start")
for weak in profile.weakest:
    st.markdown(f"**{weak.point.label}** (score {weak.score:.2f})  \n{weak.point.recommendation}")
if profile.strongest:
    st.markdown(
        f"**Your strongest point: {profile.strongest.point.label}** (score {profile.strongest.score:.2f})"
    )

if profile.submitted_count > 1:
    st.subheader("Over time")
    st.altair_chart(charts.trend_chart(profile.trend))
    st.dataframe(profile.trend, hide_index=True)

st.subheader("Your answers")
st.dataframe(profile.items, hide_index=True, width="stretch")

st.subheader("Download")
left, right = st.columns(2)
left.download_button(
    "Answers (CSV)",
    key="dl_responses",
    file_name="my_responses.csv",
    mime="text/csv",
    data=lambda: export.responses_csv(ctx.questionnaire, stored),
)
right.download_button(
    "Area scores (CSV)",
    key="dl_scores",
    file_name="my_scores.csv",
    mime="text/csv",
    data=lambda: export.scores_csv(ctx.questionnaire, stored),
)
if st.button("Take the self-assessment again", key="retake"):
    st.switch_page(ui.PAGE_ASSESS)
