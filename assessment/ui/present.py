"""Present mode: a team's join code and its closed round's charts on a projector (1920 x 1080).

The page shows one screen at a time: while a round is open, the members' link as a QR code, the
join code and the live count; once the newest round is closed and may be shown, its charts one
per slide; otherwise the round's status. What may be shown is decided in `assessment.aggregate`
and laid out by `assessment.dashboard`, as on the team dashboard; nothing here computes a figure.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass

import altair as alt
import pandas as pd
import segno
import streamlit as st

from assessment import chart_images, charts
from assessment.dashboard import Dashboard, RoundPanel
from assessment.i18n import _, whole
from assessment.names import markdown_literal
from assessment.storage import Team
from assessment.ui import state
from assessment.ui.lead import members_link
from assessment.ui.shared import PAGE_TEAM, Context, round_count_notice, speak_session_language

PAGE = "app_pages/present.py"
# Often enough that people see their answer counted while the lead talks; one small query each.
COUNT_REFRESH_S = 5
# A statement's diverging bar with its wrapped text is about 100 px high in a chart image: an
# area's 7-9 statements on one 1080 px screen would shrink the text to 10 px. Three per slide
# keep it above 20 px, readable from the back of a room.
STATEMENTS_PER_SLIDE = 3
# Pixels per QR module: 41 modules of a typical link make an 820 px image, about the size it is
# shown at on a 1080 px screen (the page draws it pixelated at any size, so edges stay sharp).
QR_SCALE = 20
QR_QUIET_ZONE = 4  # modules of white around the code, as the QR standard asks


@dataclass(frozen=True)
class Slide:
    chart: alt.TopLevelMixin
    description: str  # the image's text alternative


def slides(panel: RoundPanel, board: Dashboard, min_group_size: int) -> list[Slide]:
    """A shown round's charts in the order a meeting goes through them: the areas' spread, each
    area's statements (STATEMENTS_PER_SLIDE a slide), and the trend when two rounds are shown."""
    shown = [
        Slide(
            charts.spread_chart(panel.spread, min_group_size),
            _("The team's score per area on the 1 to 5 scale: the middle half of the team, median and mean."),
        )
    ]
    for area in panel.statements:
        for items in _parts(area.items):
            title = area.name
            if len(items) < len(area.items):
                title = _("{area}, statements {first} to {last}").format(
                    area=area.name, first=items["number"].iloc[0], last=items["number"].iloc[-1]
                )
            description = _(
                "How the team answered each statement of {title}: the share of each answer, low scores "
                "left, high scores right."
            ).format(title=title)
            shown.append(
                Slide(charts.item_bars(items, panel.questionnaire, min_group_size, title), description)
            )
    if len(board.figures) >= 2:
        shown.append(
            Slide(
                charts.team_trend_chart(board.trend),
                _("The team's area means over closed rounds, on the 1 to 5 scale."),
            )
        )
    return shown


def _parts(items: pd.DataFrame) -> list[pd.DataFrame]:
    """An area's statement rows in consecutive parts of nearly equal size, none over the limit."""
    count = math.ceil(len(items) / STATEMENTS_PER_SLIDE)
    bounds = [round(n * len(items) / count) for n in range(count + 1)]
    return [items.iloc[start:end] for start, end in zip(bounds, bounds[1:], strict=False)]


def members_qr_png(link: str) -> bytes:
    """The members' link as a QR code (PNG): black on white in every theme, since many phone
    scanners do not read a light code on a dark ground."""
    buffer = io.BytesIO()
    segno.make(link, micro=False).save(
        buffer, kind="png", scale=QR_SCALE, border=QR_QUIET_ZONE, dark="#000000", light="#ffffff"
    )
    return buffer.getvalue()


# ------------------------------------------------------------------ the screens


def page_style() -> None:
    """Large type and the whole screen for this page only: the style goes with the page."""
    st.html(
        """<style>
/* A projector has no room to waste: the page's width, and just enough top space for the menu. */
[data-testid="stMainBlockContainer"] { max-width: none; padding: 3.75rem 3rem 1rem; }
/* The join code on one line, as large as half the page's width allows. */
.st-key-present_join_code p { font-family: "Source Code Pro", monospace; font-size: min(6.5rem, 5.2vw);
  font-weight: 600; letter-spacing: 0.08em; line-height: 1.1; margin: 0; }
.st-key-present_prompt p, .st-key-present_code_label p, .st-key-present_count p,
.st-key-present_status p { font-size: 2.5rem; line-height: 1.3; }
.st-key-present_link code { font-size: 1.75rem; overflow-wrap: anywhere; }
.st-key-present_count { margin-top: 1.5rem; }
/* Most of the screen's height: a phone reads it from the back of a room. */
.st-key-present_qr img { width: min(70vh, 100%); height: auto; image-rendering: pixelated; }
/* Each slide fills what the title row leaves, whatever the chart's proportions. */
.st-key-present_slide img { width: 100%; height: calc(100vh - 10rem); object-fit: contain;
  object-position: top center; }
/* One line, whatever the names' length: a second line would push the chart off the screen. */
.st-key-present_nav h1 { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
/* Streamlit fades a button's shortcut hint (PageUp) to opacity 0.6, below 4.5:1 contrast. */
.st-key-present_nav kbd { opacity: 0.85; }
.st-key-present_counter p { font-size: 1.75rem; margin: 0; white-space: nowrap; }
</style>"""
    )


def no_lead_screen() -> None:
    """Without a lead logged in on this session's Team lead page: where to go first."""
    st.title(_("Present"))
    st.markdown(
        _(
            "This page shows your team's join code as a QR code and, after a round, its charts, on a "
            "projector. Open your team's dashboard with its join code and lead key first, then come back here."
        )
    )
    st.page_link(PAGE_TEAM, label=_("Open the team dashboard"), icon=":material/groups:")


def join_screen(ctx: Context, team: Team, join_code: str) -> None:
    """The members' link as a big QR code, the join code beside it, and the open round's count.
    An invitation-only round shows no join link: it would let nobody's answer count."""
    link = members_link(join_code)
    st.title(markdown_literal(team.name))
    open_round = ctx.storage.open_round_of(team.id)
    if open_round is not None and open_round.invitation_only:
        with st.container(key="present_prompt"):
            st.markdown(
                _("This round is by invitation only: open the link on your invitation slip to take part.")
            )
        _live_count(ctx, team.id, open_round.id)
        return
    code_side, text_side = st.columns(2, gap="large", vertical_alignment="center")
    with code_side.container(key="present_qr"):
        st.image(
            members_qr_png(link),
            output_format="PNG",
            alt=_("QR code of the members' link: {link}").format(link=link),
        )
    with text_side:
        with st.container(key="present_prompt"):
            st.markdown(_("Scan the code to take part, or open:"))
        with st.container(key="present_link"):
            # A code span: shown as written, with no word joiners that a copied link would carry.
            st.markdown(f"`{link}`")
        with st.container(key="present_code_label"):
            st.markdown(_("Join code:"))
        with st.container(key="present_join_code"):
            st.markdown(join_code)
        if open_round is None:
            with st.container(key="present_status"):
                st.markdown(_("No round is open: open one on the team dashboard so that answers count."))
        else:
            _live_count(ctx, team.id, open_round.id)


@st.fragment(run_every=COUNT_REFRESH_S)
def _live_count(ctx: Context, team_id: int, round_id: int) -> None:
    """The open round's count, redrawn every few seconds; when the round closes (in another tab,
    for example) the whole page runs again, so its results follow."""
    speak_session_language(ctx)
    open_round = ctx.storage.open_round_of(team_id)
    if open_round is None or open_round.id != round_id:
        st.rerun(scope="app")
    with st.container(key="present_count"):
        round_count_notice(open_round)


def status_screen(team: Team, status: str) -> None:
    """A round that may not be shown: its status, nothing else."""
    st.title(markdown_literal(team.name))
    with st.container(key="present_status"):
        st.markdown(status)


def slide_show(team: Team, round_id: int, round_name: str, shown: list[Slide]) -> None:
    """One slide at a time, with Previous and Next and where in the series it is."""
    stored_round, stored_index = state.get(state.PRESENT_SLIDE) or (None, 0)
    index = min(stored_index, len(shown) - 1) if stored_round == round_id else 0
    with st.container(key="present_nav", horizontal=True, vertical_alignment="center", gap="medium"):
        heading = _("{team}: {round}").format(
            team=markdown_literal(team.name), round=markdown_literal(round_name)
        )
        st.title(heading, width="stretch")
        st.button(
            _("Previous"),
            key="present_previous",
            icon=":material/arrow_back:",
            disabled=index == 0,
            on_click=state.put,
            args=(state.PRESENT_SLIDE, (round_id, index - 1)),
            shortcut="PageUp",
        )
        with st.container(key="present_counter", width="content"):
            st.markdown(_("{number} / {total}").format(number=whole(index + 1), total=whole(len(shown))))
        st.button(
            _("Next"),
            key="present_next",
            icon=":material/arrow_forward:",
            icon_position="right",
            disabled=index == len(shown) - 1,
            on_click=state.put,
            args=(state.PRESENT_SLIDE, (round_id, index + 1)),
            shortcut="PageDown",
        )
    slide = shown[index]
    dark = st.context.theme.type == "dark"
    with st.container(key="present_slide"):
        # An image, not a live chart: it scales as one piece, text included, to fill the screen.
        st.image(chart_images.png(slide.chart, dark), output_format="PNG", alt=slide.description)
