"""The questionnaire: one radio per statement, each answer stored in the draft as it is given."""

import streamlit as st

from assessment.i18n import _
from assessment.ui import practitioner, shared

ctx = shared.context()
questionnaire = ctx.questionnaire

shared.heading(
    _("Self-assessment"),
    level=1,
    text=_(
        "Rate how far each statement describes you, or your organisation where it says so. There are "
        "no right answers. Every answer is saved as you give it; choose *{not_applicable}* when a "
        "statement does not fit your work."
    ).format(not_applicable=questionnaire.not_applicable_label),
)
st.markdown(questionnaire.introduction)
practitioner.personal_code(ctx)
practitioner.team_membership(ctx)
practitioner.questionnaire_answers(ctx)
