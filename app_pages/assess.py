"""The questionnaire: one radio per statement, saved as a draft as it is answered."""

import streamlit as st

from assessment import ui

ctx = ui.context()
questionnaire = ctx.questionnaire
if st.session_state.pop("just_submitted", False):
    st.switch_page(ui.PAGE_RESULTS)

st.title("Self-assessment")
st.markdown(
    "Rate how far each statement describes you, or your organisation where it says so. "
    "There are no right answers. Every answer is saved as you give it; choose "
    "*Not applicable* when a statement does not fit your work."
)
try:
    ui.load_draft(ctx)
except ui.StorageError as exc:
    ui.show_storage_error(exc)
if ui.person_id() is not None:
    ui.show_code()
ui.team_membership(ctx)

for area in questionnaire.areas:
    st.header(area.name, divider="gray")
    st.markdown(area.context)
    for item in questionnaire.items_in_area(area.id):
        ui.answer_radio(ctx, item)
    ui.note_field(ctx, area.id, area.name)

answered = len(ui.answers_on_screen(questionnaire))
total = len(questionnaire.items)
st.progress(answered / total, text=f"Answered {answered} of {total}")

if error := st.session_state.get("save_error"):
    ui.show_storage_error(error)
ui.submit_button(ctx)
if st.session_state.get("submit_tried") and (missing := ui.unanswered(questionnaire)):
    st.error(
        f"Nothing was submitted: {len(missing)} statement(s) still need an answer "
        "(*Not applicable* counts as an answer):\n\n"
        + "\n".join(f"- {i.number}\\. {ui.shorten(i.text)}" for i in missing)
    )
