"""Invitations to hand out, one per member: a printable A4 sheet of slips and a CSV of links.

Each slip carries its link as a QR code and as text, and the invitation code; the coordinator
cuts the sheet along the dashed lines and gives one slip to each member. The codes exist only
here: the database keeps their keyed hashes, so a lost sheet cannot be printed again (issue new
invitations instead).
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import segno

from assessment import codes, export
from assessment.i18n import _
from assessment.reports import FONT_FAMILY, PlainTextPDF

SLIP_COLUMNS, SLIP_ROWS = 2, 4  # eight slips per A4 page, each 105 x 74 mm
PAGE_WIDTH, PAGE_HEIGHT = 210, 297  # mm
PADDING = 6  # mm inside each slip
QR_SIZE = 36  # mm: scans from a phone held at arm's length
LINKS_HEADER = ("invitation_code", "link", "team", "round")


def invitation_link(app_url: str, code: str) -> str:
    """The link a member opens: the questionnaire page with the invitation in it."""
    return (
        f"{app_url.rstrip('/')}/assessment?invite={codes.normalise_code(code, codes.INVITATION_CODE_LENGTH)}"
    )


def links_csv(app_url: str, issued: Sequence[str], team_name: str, round_name: str) -> bytes:
    """One row per invitation: its code and link, for a mail merge or a messaging tool."""
    return export.csv_bytes(
        LINKS_HEADER, ((code, invitation_link(app_url, code), team_name, round_name) for code in issued)
    )


def _qr_png(link: str) -> io.BytesIO:
    buffer = io.BytesIO()
    segno.make(link, micro=False).save(buffer, kind="png", scale=8, border=2)
    buffer.seek(0)
    return buffer


def slips_pdf(app_url: str, issued: Sequence[str], team_name: str, round_name: str) -> bytes:
    """The A4 sheet: one slip per invitation, with cut lines between the slips."""
    pdf = PlainTextPDF(_("Invitations: {team}, {round}").format(team=team_name, round=round_name))
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    width, height = PAGE_WIDTH / SLIP_COLUMNS, PAGE_HEIGHT / SLIP_ROWS
    per_page = SLIP_COLUMNS * SLIP_ROWS
    for number, code in enumerate(issued):
        if number % per_page == 0:
            pdf.add_page()
            _cut_lines(pdf, width, height)
        place = number % per_page
        left, top = (place % SLIP_COLUMNS) * width, (place // SLIP_COLUMNS) * height
        _slip(pdf, left, top, width, invitation_link(app_url, code), code, team_name, round_name)
    return bytes(pdf.output())


def _cut_lines(pdf: PlainTextPDF, width: float, height: float) -> None:
    pdf.set_draw_color(160, 160, 160)
    pdf.set_line_width(0.2)
    pdf.set_dash_pattern(dash=2, gap=2)
    for column in range(1, SLIP_COLUMNS):
        pdf.line(column * width, 0, column * width, PAGE_HEIGHT)
    for row in range(1, SLIP_ROWS):
        pdf.line(0, row * height, PAGE_WIDTH, row * height)
    pdf.set_dash_pattern()


def _slip(
    pdf: PlainTextPDF, left: float, top: float, width: float, link: str, code: str, team: str, round_: str
) -> None:
    pdf.image(_qr_png(link), x=left + PADDING, y=top + PADDING, w=QR_SIZE, h=QR_SIZE)
    text_left = left + PADDING + QR_SIZE + 4
    text_width = left + width - PADDING - text_left
    pdf.set_xy(text_left, top + PADDING)
    pdf.set_font(FONT_FAMILY, "B", 11)
    pdf.multi_cell(text_width, 5, _("Your invitation"), align="L", new_x="LEFT", new_y="NEXT")
    pdf.set_font(FONT_FAMILY, "", 8.5)
    # Names as plain text: a name is never markup here, whatever characters it holds.
    with pdf.shaped(team, round_):
        pdf.multi_cell(text_width, 4, f"{team}\n{round_}", align="L", new_x="LEFT", new_y="NEXT")
    # Not ln(): it returns to the page's margin, 0 here, and would print over the QR code.
    pdf.set_xy(text_left, pdf.get_y() + 1)
    pdf.multi_cell(
        text_width,
        4,
        _(
            "Scan the code or open the link to answer the self-assessment. It lets one answer in: keep it to yourself."
        ),
        align="L",  # ragged right: justified, a narrow column stretched its spaces
        new_x="LEFT",
        new_y="NEXT",
    )
    pdf.set_xy(left + PADDING, top + PADDING + QR_SIZE + 3)
    pdf.set_font(FONT_FAMILY, "B", 10)
    pdf.cell(width - 2 * PADDING, 5, _("Code: {code}").format(code=code), new_x="LEFT", new_y="NEXT")
    pdf.set_font(FONT_FAMILY, "", 7)
    pdf.multi_cell(width - 2 * PADDING, 3.2, link, align="L")
