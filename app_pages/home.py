"""Home: what the tool is, where it comes from, what is stored, and the way in."""

import streamlit as st

from assessment.i18n import _
from assessment.ui import shared, state

ctx = shared.context()
k = ctx.settings.min_group_size

st.title(_("Trust-building self-assessment"))
st.markdown(
    _(
        "For practitioners who work on preventing and countering violent extremism (P/CVE): social care "
        "professionals, youth workers and family support workers. Rate yourself against the "
        "recommendations on building trust with the people you support, see your profile across the "
        "personal, organisational and macro levels, and retake it later to see what changed."
    )
)
st.markdown(
    _(
        "**Where the statements come from.** Every statement traces to the paper *Trust-building and the "
        "context of the P/CVE practitioner*, from the meeting of the Radicalisation Awareness Network's "
        "Families, Communities & Social Care (RAN FC&S) working group in Lisbon on 28-29 May 2024, "
        "published by the European Commission on 18 September 2024."
    )
)
st.markdown(
    _(
        "**How long it takes.** About 5 minutes: {count} statements, each rated from *{lowest}* to "
        "*{highest}*, or *{not_applicable}*."
    ).format(
        count=len(ctx.questionnaire.items),
        lowest=ctx.questionnaire.scale_labels[0],
        highest=ctx.questionnaire.scale_labels[-1],
        not_applicable=ctx.questionnaire.not_applicable_label,
    )
)
st.header(_("What is stored, and what is not"))
stored = [
    _("**Not asked, not stored:** your name, e-mail address or anything else that says who you are."),
    _(
        "**Stored:** your answers, the time you submitted them, the questionnaire version and the "
        "language you chose."
    ),
    _(
        "**Your personal code** is created with your first answer. It is the only key to your answers: "
        "keep it safe. The database holds only a one-way hash of it, so nobody can look your code up, "
        "and we cannot recover it for you."
    ),
    _("**Private notes** you write beside an area are shown only to you."),
    _(
        "**Your team lead**, if you answer with a team, sees only totals of a closed round, and each "
        "figure only when at least {k} people answered it online; never your answers, your notes or "
        "your code. The questionnaire page shows how many have answered in the round against the team "
        "size your lead gave, so answers added by someone else show."
    ).format(k=k),
    _(
        "**Your code stays with you:** it is not in the link you share with colleagues. This browser "
        "remembers it until you close it; the *My results* address holds it, for a bookmark."
    ),
    _(
        "**Your data is yours:** on the *My data* page you download everything stored about you and "
        "delete it for good. A response already counted in a closed team round is then kept only as an "
        "anonymous row without any link to you, so the team's published results do not change and your "
        "deletion reveals nothing to the lead."
    ),
]
st.markdown("\n".join(f"- {line}" for line in stored))
st.header(_("What no tool can promise"))
limits = [
    _(
        "**A round with only one unknown answer.** If someone controls all but one of the answers in a "
        "round (for example a lead who answers {others} times under fresh codes), the totals give the "
        "last answer away. Watch the count against the team size when you answer, and tell your "
        "organisation when a round holds more answers than your team has members."
    ).format(others=k - 1),
    _(
        "**The database itself.** Whoever runs this app, or holds a backup of its database, can read "
        "every stored answer and note. No name is stored with them, but your answers are there."
    ),
]
st.markdown("\n".join(f"- {line}" for line in limits))
st.markdown(_("The project's documentation (`docs/privacy.md`) lists every protection and its limits."))
if st.button(_("Start the self-assessment"), type="primary", key="start"):
    st.switch_page(shared.PAGE_ASSESS)
if state.person_id() is not None:
    st.page_link(shared.PAGE_RESULTS, label=_("See my results"), icon=":material/insights:")
