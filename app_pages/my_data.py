"""My data: download everything stored under a personal code, or delete it for good."""

import streamlit as st

from assessment import export
from assessment.i18n import _, ngettext
from assessment.ui import practitioner, shared, state

ctx = shared.context()
st.title(_("My data"))

if state.take(state.DATA_DELETED, False):
    st.success(_("Everything stored under your personal code has been deleted. The code no longer works."))
if state.person_id() is None:
    st.markdown(_("Type your personal code to download or delete what is stored about you."))
    shared.enter_code(ctx)
    st.stop()

shared.show_code()
record = ctx.storage.person_record(state.person_id())
responses, answers, notes = len(record.responses), len(record.draft), len(record.notes)
held = [
    ngettext("{count} submitted self-assessment", "{count} submitted self-assessments", responses),
    ngettext(
        "an unfinished self-assessment with {count} answer",
        "an unfinished self-assessment with {count} answers",
        answers,
    )
    if answers
    else _("no unfinished self-assessment"),
    ngettext("{count} private note", "{count} private notes", notes),
]
held = [line.format(count=count) for line, count in zip(held, (responses, answers, notes), strict=True)]
held.append(
    _("team: {team}").format(team=shared.markdown_literal(record.team.name) if record.team else _("none"))
)
listed = "".join(f"\n- {line}" for line in held)
stored_here = _("Stored under your code:")
nothing_else = _("Nothing else: no name, no e-mail address, no IP address.")
st.markdown(f"{stored_here}\n{listed}\n\n{nothing_else}")
st.download_button(
    _("Download everything (JSON)"),
    key="dl_my_data",
    file_name="my_data.json",
    mime="application/json",
    data=lambda: export.person_json(ctx.instruments, ctx.storage.person_record(state.person_id())),
    on_click="ignore",
)

st.header(_("Use a shared computer?"))
st.markdown(
    _(
        "This browser remembers your code until it is closed. To make it forget the code now, for "
        "example on a computer others use, press the button: your data stays stored."
    )
)
if st.button(_("Forget my code in this browser"), key="forget_code"):
    shared.forget_code_in_browser()
    st.rerun()

st.header(_("Delete my data"))
st.markdown(
    _(
        "This deletes your answers, drafts and notes for good, and your code stops working. A response "
        "already counted in a closed team round stays in the team's published totals, without any link "
        "to you or your code, so those totals do not change."
    )
)
sure = st.checkbox(_("I understand that this cannot be undone"), key="confirm_delete")
if st.button(_("Delete everything"), key="delete_my_data", type="primary", disabled=not sure):
    practitioner.delete_my_data(ctx)
    st.rerun()
