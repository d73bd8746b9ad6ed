"""My results: the profile of the latest submission, its highlights, the trend, the CSVs."""

import streamlit as st

from assessment import aggregate, charts, export, results
from assessment.i18n import _
from assessment.instruments import answers_to
from assessment.scoring import format_score
from assessment.ui import practitioner, shared, state
from assessment.ui.chart_downloads import chart_downloads

ctx = shared.context()
st.title(_("My results"))

if state.person_id() is None:
    st.markdown(_("Type your personal code to see your results."))
    shared.enter_code(ctx)
    st.stop()

practitioner.submission_notice()
shared.show_code(bookmark_hint=True)
record = ctx.storage.person_record(state.person_id())
stored = record.responses
draft = answers_to(ctx.questionnaire, record.draft)
if draft:
    st.info(
        _("You have an unfinished self-assessment: {count} of {total} statements answered.").format(
            count=len(draft), total=len(ctx.questionnaire.items)
        )
    )
    st.page_link(shared.PAGE_ASSESS, label=_("Continue where you left off"), icon=":material/edit_note:")

team = practitioner.team_of_session(ctx)
rules = aggregate.PublishingRules.from_settings(ctx.settings)
team_figures = team and shared.team_view(ctx, ctx.storage.rounds_of(team.id), rules).latest
practitioner.open_round_notice(ctx)
profile = results.build_profile(
    ctx.instruments,
    stored,
    team_figures,
    timezone=shared.display_timezone(),
    min_group_size=ctx.settings.min_group_size,
)
if profile is None:
    st.markdown(_("No submitted self-assessment yet."))
    st.stop()

st.markdown(
    _(
        "Your latest self-assessment, submitted {when} ({count} in all), on questionnaire version {version}."
    ).format(when=profile.submitted_at_text, count=profile.submitted_count, version=profile.version)
)
profile_chart = charts.profile(profile.areas)
shared.show_rows_chart(
    profile_chart, _("Your score per area on the 1 to 5 scale; the table below lists them.")
)
chart_downloads(profile_chart.chart, "dl_profile_chart", "my_area_scores")
st.dataframe(profile.areas_table, hide_index=True)
scale_note = _(
    "Scores run from 1 (low) to 5 (high). An area with fewer than half its statements answered has no score."
)
st.markdown(f"*{scale_note}*")
for note in profile.version_notes:
    st.markdown(f"*{note}*")
if team_figures and "team mean" in profile.areas:
    team_note = _("Team mean: {team} in the round “{round}” ({answers}).").format(
        team=shared.markdown_literal(team.name),
        round=shared.markdown_literal(team_figures.round.name),
        answers=aggregate.answers_with_paper(team_figures.round),
    )
    st.markdown(f"*{team_note}*")

st.header(_("Where to start"))
# The paper's words and the tool's own tip stay apart, so no tip passes for the paper's; in
# another language than the paper's, its words are marked as a translation.
the_paper = _("The paper (translated):") if profile.quotes_translated else _("The paper:")
tip_label = _("Tip from this tool:")
for weak in profile.weakest:
    score = _("score {score}").format(score=format_score(weak.score))
    st.markdown(
        f"**{weak.point.label}** ({score})  \n{the_paper} “{weak.point.paper}”  \n{tip_label} {weak.point.tip}"
    )
if profile.start_note:
    st.markdown(profile.start_note)
if profile.strongest:
    strongest = _("Your strongest point: {point}").format(point=profile.strongest.point.label)
    score = _("score {score}").format(score=format_score(profile.strongest.score))
    st.markdown(f"**{strongest}** ({score})")

if profile.submitted_count > 1:
    st.header(_("Over time"))
    trend_chart = charts.trend_chart(profile.trend)
    shared.show_chart(trend_chart, _("Your area scores at each submission; the table below lists them."))
    chart_downloads(lambda: trend_chart, "dl_trend_chart", "my_area_scores_over_time")
    st.dataframe(profile.trend_table, hide_index=True)

practitioner.show_notes(ctx, record.notes)

st.header(_("Your answers"))
st.table(profile.items.set_index(profile.items.columns[0]))  # the statement's number

st.header(_("Download"))
left, right = st.columns(2)
shared.csv_download(
    left,
    _("Answers (CSV)"),
    "dl_responses",
    "my_responses.csv",
    lambda: export.responses_csv(ctx.instruments, stored),
)
shared.csv_download(
    right,
    _("Area scores (CSV)"),
    "dl_scores",
    "my_scores.csv",
    lambda: export.scores_csv(ctx.instruments, stored),
)
practitioner.report_download(ctx, profile, record.notes)
if st.button(_("Take the self-assessment again"), key="retake"):
    st.switch_page(shared.PAGE_ASSESS)
