"""Entry point: settings, the person and their language, navigation."""

import streamlit as st

from assessment.i18n import _
from assessment.ui import practitioner, present, shared, state

ctx = shared.context()
try:
    shared.find_person(ctx)
    ctx = shared.sync_language(ctx)  # before anything is named: menus speak the person's language
except shared.StorageError as exc:
    # The database went away mid-run: say so in words; the session keeps what is on screen.
    shared.show_storage_error(exc)
    st.stop()
st.set_page_config(page_title=_("Trust-building self-assessment"), page_icon=":material/handshake:")
page = st.navigation(
    [
        st.Page(shared.PAGE_HOME, title=_("Home"), icon=":material/home:", default=True),
        st.Page(
            shared.PAGE_ASSESS, title=_("Self-assessment"), icon=":material/edit_note:", url_path="assessment"
        ),
        st.Page(shared.PAGE_RESULTS, title=_("My results"), icon=":material/insights:", url_path="results"),
        st.Page(shared.PAGE_MY_DATA, title=_("My data"), icon=":material/shield_person:", url_path="my-data"),
        st.Page(shared.PAGE_TEAM, title=_("Team lead"), icon=":material/groups:", url_path="team"),
        st.Page(
            shared.PAGE_ORGANISATION,
            title=_("Organisation"),
            icon=":material/account_tree:",
            url_path="organisation",
        ),
        st.Page(present.PAGE, title=_("Present"), icon=":material/present_to_all:", url_path="present"),
    ]
)
shared.page_style()
try:
    shared.place_code(keep_in_url=page.url_path == "results")
    shared.language_switch(ctx)
    practitioner.sync_team_with_url(ctx)
    practitioner.sync_invitation_with_url(ctx)
    if state.get(state.CODE_NOT_FOUND):
        st.warning(_(shared.NO_RESULTS))
    page.run()
except shared.StorageError as exc:
    shared.show_storage_error(exc)
