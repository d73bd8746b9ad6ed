"""Home: what the tool is, where it comes from, what is stored, and the way in."""

import streamlit as st

from assessment.ui import shared, state

ctx = shared.context()
k = ctx.settings.min_group_size

st.title("Trust-building self-assessment")
st.markdown(
    """
For practitioners who work on preventing and countering violent extremism (P/CVE): social
care professionals, youth workers and family support workers. Rate yourself against the
recommendations on building trust with the people you support, see your profile across the
personal, organisational and macro levels, and retake it later to see what changed.
"""
)
st.markdown(
    f"""
**Where the statements come from.** Every statement traces to the paper *Trust-building and
the context of the P/CVE practitioner*, from the meeting of the Radicalisation Awareness
Network's Families, Communities & Social Care (RAN FC&S) working group in Lisbon on 28-29 May
2024, published by the European Commission on 18 September 2024.

**How long it takes.** About 5 minutes: {len(ctx.questionnaire.items)} statements, each rated
from *Strongly disagree* to *Strongly agree*, or *Not applicable*.
"""
)
st.header("What is stored, and what is not")
st.markdown(
    f"""
- **Not asked, not stored:** your name, e-mail address or anything else that says who you are.
- **Stored:** your answers, the time you submitted them, the questionnaire version and the
  language you chose.
- **Your personal code** is created with your first answer. It is the only key to your
  answers: keep it safe. The database holds only a one-way hash of it, so nobody can look
  your code up, and we cannot recover it for you.
- **Private notes** you write beside an area are shown only to you.
- **Your team lead**, if you answer with a team, sees only totals of a closed round, and each
  figure only when at least {k} people answered it online; never your answers, your notes or
  your code. The questionnaire page shows how many have answered in the round against the team
  size your lead gave, so answers added by someone else show.
- **Your code stays with you:** it is not in the link you share with colleagues. This browser
  remembers it until you close it; the *My results* address holds it, for a bookmark.
- **Your data is yours:** on the *My data* page you download everything stored about you and
  delete it for good. A response already counted in a closed team round is then kept only as
  an anonymous row without any link to you, so the team's published results do not change
  and your deletion reveals nothing to the lead.
"""
)
st.header("What no tool can promise")
st.markdown(
    f"""
- **A round with only one unknown answer.** If someone controls all but one of the answers in a
  round (for example a lead who answers {k - 1} times under fresh codes), the totals give the last
  answer away. Watch the count against the team size when you answer, and tell your organisation
  when a round holds more answers than your team has members.
- **The database itself.** Whoever runs this app, or holds a backup of its database, can read
  every stored answer and note. No name is stored with them, but your answers are there.

The project's documentation (`docs/privacy.md`) lists every protection and its limits.
"""
)
if st.button("Start the self-assessment", type="primary", key="start"):
    st.switch_page(shared.PAGE_ASSESS)
if state.person_id() is not None:
    st.page_link(shared.PAGE_RESULTS, label="See my results", icon=":material/insights:")
