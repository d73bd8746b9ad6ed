"""The questionnaire: one radio per statement, each answer stored in the draft as it is given."""

import streamlit as st

from assessment.i18n import _
from assessment.ui import practitioner, shared, state

ctx = shared.context()
questionnaire = ctx.questionnaire
if practitioner.leave_after_submission():
    st.switch_page(shared.PAGE_RESULTS)

st.title(_("Self-assessment"))
st.markdown(
    _(
        "Rate how far each statement describes you, or your organisation where it says so. There are "
        "no right answers. Every answer is saved as you give it; choose *{not_applicable}* when a "
        "statement does not fit your work."
    ).format(not_applicable=questionnaire.not_applicable_label)
)
st.markdown(questionnaire.introduction)
draft = practitioner.seed_from_draft(ctx)
if state.person_id() is not None:
    shared.show_code()
practitioner.team_membership(ctx)

for area in questionnaire.areas:
    st.header(area.name, divider="gray")
    st.markdown(area.context)
    for item in questionnaire.items_in_area(area.id):
        practitioner.answer_radio(ctx, item)
    practitioner.note_field(ctx, area.id, area.name)

# The count is of stored answers; when the draft cannot be read, of what the screen shows.
answered = draft if draft is not None else practitioner.answers_on_screen(questionnaire)
total = len(questionnaire.items)
st.progress(
    len(answered) / total, text=_("Answered {count} of {total}").format(count=len(answered), total=total)
)
practitioner.show_save_error()
practitioner.submit_button(ctx)
practitioner.missing_answers_notice(questionnaire, answered)
