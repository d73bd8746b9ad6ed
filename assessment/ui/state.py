"""The session's state: every key the app keeps in `st.session_state` is named here.

Pages and the other UI modules go through these accessors, so one place says what a session
remembers and when it forgets it. Answers are not kept here: the stored draft is their home,
and the answer widgets are only re-seeded from it (see `practitioner`).
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from assessment.questionnaire import Item

# The person answering in this session: their personal code (written form) and its row id.
CODE = "code"
PERSON_ID = "person_id"
# The team the person answers for, its join code, and the person id it was last looked up for.
TEAM = "team"
JOIN_CODE = "join_code"
TEAM_LOOKED_UP = "team_looked_up"
# The code this browser's cookie holds, as far as the session knows: cookies are read only when
# a session connects, so the session tracks what it has written since.
COOKIE_CODE = "cookie_code"
# The session's language, and the sidebar switch that changes it.
LANGUAGE = "language"
LANGUAGE_CHOICE = "language_choice"
# Messages that outlive one rerun.
CODE_NOT_FOUND = "code_not_found"
TEAM_NOT_FOUND = "team_not_found"  # why the last join code found no team
SAVE_ERROR = "save_error"
UNSAVED = "unsaved"  # widget keys whose last change could not be stored: they keep their value
SUBMIT_TRIED = "submit_tried"
# What is stored, read once: by a save's callback (what it read back), for the first fragment its
# rerun draws, which drops it; or by the first statement of a whole page, which drops it when it
# starts and when it ends. Whatever draws next without it reads afresh.
JUST_READ = "just_read"
# While a whole questionnaire page is drawn: the fragment that draws its status (the others only
# hold their place there). Absent when a statement's or a note's fragment reruns on its own.
DRAWING_PAGE = "drawing_page"
JUST_SUBMITTED = "just_submitted"
LAST_SUBMISSION = "last_submission"
DATA_DELETED = "data_deleted"
WRONG_JOIN_CODES = "wrong_join_codes"  # times of this session's latest wrong join or invitation codes
INVITATION = "invitation"  # the invitation this session came with (storage.Invitation)
INVITATION_PROBLEM = "invitation_problem"  # why the last invitation code opens nothing
# The team lead's side.
LEAD_TEAM = "lead_team"
LEAD_JOIN_CODE = "lead_join_code"
LEAD_FAILURES = "lead_failures"  # (wrong lead keys since the last right one, time of the latest)
NEW_LEAD_KEY = "new_lead_key"
# The coordinator's side: the organisation, its code, wrong keys, and what is shown only once.
COORDINATOR = "coordinator"
COORDINATOR_CODE = "coordinator_code"
COORDINATOR_FAILURES = "coordinator_failures"
NEW_COORDINATOR_KEY = "new_coordinator_key"
NEW_TEAM_KEYS = "new_team_keys"  # (team name, join code, lead key) of the team just made
ISSUED_INVITATIONS = "issued_invitations"  # (round id, codes) of the invitations just issued
# Present mode: (round id, index) of the slide on the wall; another round starts at its first.
PRESENT_SLIDE = "present_slide"

# Widget keys: `ans_<item id>` and `note_<area id>` (tests and CSS find widgets by these).
ANSWER_PREFIX = "ans_"
NOTE_PREFIX = "note_"


def answer_key(item: Item) -> str:
    return f"{ANSWER_PREFIX}{item.id}"


def note_key(area_id: str) -> str:
    return f"{NOTE_PREFIX}{area_id}"


def get(key: str, default: Any = None) -> Any:
    return st.session_state.get(key, default)


def put(key: str, value: Any) -> None:
    st.session_state[key] = value


def take(key: str, default: Any = None) -> Any:
    """The value, removed from the session: for one-time messages."""
    return st.session_state.pop(key, default)


def drop(*keys: str) -> None:
    for key in keys:
        st.session_state.pop(key, None)


def has(key: str) -> bool:
    return key in st.session_state


def person_id() -> int | None:
    return st.session_state.get(PERSON_ID)


def code() -> str | None:
    return st.session_state.get(CODE)


def adopt_person(code_: str, person_id_: int) -> None:
    """Make `code_` the session's person; everything of another person is dropped first."""
    if person_id() not in (None, person_id_):
        forget_person()
    st.session_state[CODE] = code_
    st.session_state[PERSON_ID] = person_id_
    drop(CODE_NOT_FOUND)


def forget_person() -> None:
    """Drop everything of the session's person: widget values, code, team, messages."""
    for key in [k for k in st.session_state if str(k).startswith((ANSWER_PREFIX, NOTE_PREFIX))]:
        del st.session_state[key]
    drop(CODE, PERSON_ID, TEAM, JOIN_CODE, TEAM_LOOKED_UP, UNSAVED, SAVE_ERROR, SUBMIT_TRIED)


def unsaved() -> set[str]:
    return st.session_state.setdefault(UNSAVED, set())
