"""My data: download everything stored under a personal code, or delete it for good."""

import streamlit as st

from assessment import export
from assessment.ui import practitioner, shared, state

ctx = shared.context()
st.title("My data")

if state.take(state.DATA_DELETED, False):
    st.success("Everything stored under your personal code has been deleted. The code no longer works.")
if state.person_id() is None:
    st.markdown("Type your personal code to download or delete what is stored about you.")
    shared.enter_code(ctx)
    st.stop()

shared.show_code()
record = ctx.storage.person_record(state.person_id())
st.markdown(
    f"""
Stored under your code:
- {len(record.responses)} submitted self-assessment(s)
- {f"an unfinished self-assessment with {len(record.draft)} answer(s)" if record.draft else "no unfinished self-assessment"}
- {len(record.notes)} private note(s)
- team: {shared.markdown_literal(record.team.name) if record.team else "none"}

Nothing else: no name, no e-mail address, no IP address.
"""
)
st.download_button(
    "Download everything (JSON)",
    key="dl_my_data",
    file_name="my_data.json",
    mime="application/json",
    data=lambda: export.person_json(ctx.instruments, ctx.storage.person_record(state.person_id())),
    on_click="ignore",
)

st.header("Use a shared computer?")
st.markdown(
    "This browser remembers your code until it is closed. To make it forget the code now, "
    "for example on a computer others use, press the button: your data stays stored."
)
if st.button("Forget my code in this browser", key="forget_code"):
    shared.forget_code_in_browser()
    st.rerun()

st.header("Delete my data")
st.markdown(
    "This deletes your answers, drafts and notes for good, and your code stops working. "
    "A response already counted in a closed team round stays in the team's published totals, "
    "without any link to you or your code, so those totals do not change."
)
sure = st.checkbox("I understand that this cannot be undone", key="confirm_delete")
if st.button("Delete everything", key="delete_my_data", type="primary", disabled=not sure):
    practitioner.delete_my_data(ctx)
    st.rerun()
