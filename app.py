"""Entry point: page config, settings, the personal code, navigation."""

import streamlit as st

from assessment.ui import practitioner, shared, state

st.set_page_config(
    page_title="Trust-building self-assessment", page_icon=":material/handshake:", layout="centered"
)

ctx = shared.context()
page = st.navigation(
    [
        st.Page(shared.PAGE_HOME, title="Home", icon=":material/home:", default=True),
        st.Page(
            shared.PAGE_ASSESS, title="Self-assessment", icon=":material/edit_note:", url_path="assessment"
        ),
        st.Page(shared.PAGE_RESULTS, title="My results", icon=":material/insights:", url_path="results"),
        st.Page(shared.PAGE_MY_DATA, title="My data", icon=":material/shield_person:", url_path="my-data"),
        st.Page(shared.PAGE_TEAM, title="Team lead", icon=":material/groups:", url_path="team"),
    ]
)
shared.page_style()
try:
    shared.sync_personal_code(ctx, keep_in_url=page.url_path == "results")
    shared.sync_language(ctx)
    shared.language_switch(ctx)
    practitioner.sync_team_with_url(ctx)
    if state.get(state.CODE_NOT_FOUND):
        st.warning(shared.NO_RESULTS)
    page.run()
except shared.StorageError as exc:
    # The database went away mid-run: say so in words; the session keeps what is on screen.
    shared.show_storage_error(exc)
