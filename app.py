"""Entry point: page config, settings, the personal code in the URL, navigation."""

import streamlit as st

from assessment import ui
from assessment.storage import StorageError

st.set_page_config(
    page_title="Trust-building self-assessment", page_icon=":material/handshake:", layout="centered"
)

ctx = ui.context()
ui.sync_code_with_url(ctx)
ui.sync_team_with_url(ctx)
if st.session_state.get("code_not_found"):
    st.warning(ui.NO_RESULTS)

navigation = st.navigation(
    [
        st.Page("app_pages/home.py", title="Home", icon=":material/home:", default=True),
        st.Page(ui.PAGE_ASSESS, title="Self-assessment", icon=":material/edit_note:", url_path="assessment"),
        st.Page(ui.PAGE_RESULTS, title="My results", icon=":material/insights:", url_path="results"),
        st.Page(ui.PAGE_MY_DATA, title="My data", icon=":material/shield_person:", url_path="my-data"),
        st.Page(ui.PAGE_TEAM, title="Team lead", icon=":material/groups:", url_path="team"),
    ]
)
try:
    navigation.run()
except StorageError as exc:
    # The database went away mid-run: say so in words; the session keeps what is on screen.
    ui.show_storage_error(exc)
