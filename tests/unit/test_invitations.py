"""The invitation sheet and the links file: what a coordinator prints and what a member scans."""

from __future__ import annotations

import codecs
import csv
import io
import unicodedata

import pytest
import zxingcpp
from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFont
from pypdf import PdfReader

from assessment import codes, invitations
from assessment.reports import FONT_DIR, FONT_FAMILY, FONT_FILES

APP_URL = "https://assess.example.org/"
A4 = (595.28, 841.89)  # points
PT_PER_MM = 72 / 25.4
HOSTILE_TEAM = "**Équipe** 🚀 فريق _x_ [a](b)"
RENDER_SCALE = 150 / 72  # 150 dpi: a phone's camera sees a printed slip at least that sharply


@pytest.fixture(scope="module")
def nine() -> list[str]:
    """Nine issued codes: a full page of eight slips and one on a second page."""
    return [codes.new_invitation_code() for _ in range(9)]


@pytest.fixture(scope="module")
def sheet(nine) -> bytes:
    return invitations.slips_pdf(APP_URL, nine, "Outreach", "Spring")


def _pages(pdf: bytes) -> list:
    return PdfReader(io.BytesIO(pdf)).pages


def _text(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in _pages(pdf)).split())


def _links(issued: list[str]) -> list[str]:
    return [invitations.invitation_link(APP_URL, code) for code in issued]


def _decoded(image: Image.Image) -> list[str]:
    return [
        found.text for found in zxingcpp.read_barcodes(image) if found.format == zxingcpp.BarcodeFormat.QRCode
    ]


# --------------------------------------------------------------- the page as drawn


def _drawn(page) -> tuple[list[tuple[str, list[float]]], list[tuple[str, float, float, float, bool]]]:
    """What the page draws, in points from its bottom left: the images with their placement
    matrix, and each line of text with its origin, font size and whether it is bold."""
    images, texts = [], []

    def before(operator, operands, cm, _tm):
        if operator == b"Do":  # fpdf2 places each image with a `cm` of its own: cm is its box
            images.append((operands[0], list(cm)))

    def text(content, cm, tm, font, size):
        if content.strip():
            x = tm[4] * cm[0] + cm[4]
            y = tm[5] * cm[3] + cm[5]
            bold = "Bold" in str(font.get("/BaseFont", "")) if font else False
            texts.append((content, x, y, size * cm[0], bold))

    page.extract_text(visitor_operand_before=before, visitor_text=text)
    return images, texts


def _text_width(content: str, size: float, bold: bool) -> float:
    """The width fpdf2 gives the text, in points."""
    pdf = FPDF(unit="pt")
    for style, file in FONT_FILES.items():
        pdf.add_font(FONT_FAMILY, style, str(FONT_DIR / file))
    pdf.set_font(FONT_FAMILY, "B" if bold else "", size)
    return pdf.get_string_width(content)


def _qr_boxes(page) -> list[tuple[float, float, float, float]]:
    """Every image's box on the page: left, bottom, right, top, in points."""
    images, _ = _drawn(page)
    return [(cm[4], cm[5], cm[4] + cm[0], cm[5] + cm[3]) for _, cm in images]


def _render(page) -> Image.Image:
    """The page as it prints, at 150 dpi: its QR codes and its text, in black on white, drawn
    from what the PDF places where (no renderer needed; the dashed cut lines are left out)."""
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    canvas = Image.new("L", (round(width * RENDER_SCALE), round(height * RENDER_SCALE)), 255)
    images, texts = _drawn(page)
    pictures = {f"/{image.name.rsplit('.', 1)[0]}": image.image for image in page.images}
    for name, (w, _b, _c, h, x, y) in images:
        size = (round(w * RENDER_SCALE), round(h * RENDER_SCALE))
        placed = pictures[name].convert("L").resize(size, Image.NEAREST)
        canvas.paste(placed, (round(x * RENDER_SCALE), round((height - y - h) * RENDER_SCALE)))
    draw = ImageDraw.Draw(canvas)
    for content, x, y, size, bold in texts:
        font = ImageFont.truetype(str(FONT_DIR / FONT_FILES["B" if bold else ""]), size * RENDER_SCALE)
        draw.text((x * RENDER_SCALE, (height - y) * RENDER_SCALE), content, fill=0, font=font, anchor="ls")
    return canvas


# ------------------------------------------------------------------------ the sheet


def test_the_sheet_is_a4_with_eight_slips_a_page(sheet, nine):
    pages = _pages(sheet)
    assert len(pages) == 2, "nine slips: a full page of eight and a second page"
    for page in pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(width - A4[0]) < 1 and abs(height - A4[1]) < 1, (width, height)
    assert [len(page.images) for page in pages] == [8, 1], "one QR code per slip"
    assert [page.extract_text().count("Your invitation") for page in pages] == [8, 1]
    text = _text(sheet)
    for code, link in zip(nine, _links(nine), strict=True):
        assert f"Code: {code}" in text, "the code as issued, to type in by hand"
        assert link in text, "the link as text, for a reader without a camera"


def test_every_qr_code_opens_its_own_invitation_in_order(sheet, nine):
    decoded = []
    for page in _pages(sheet):
        for image in page.images:
            found = _decoded(image.image)
            assert len(found) == 1, f"{image.name} holds {len(found)} QR codes"
            decoded.extend(found)
    assert decoded == _links(nine)
    assert all(link.startswith("https://assess.example.org/assessment?invite=") for link in decoded)


def test_the_qr_codes_are_large_enough_to_scan_from_paper(sheet):
    for page in _pages(sheet):
        for left, bottom, right, top in _qr_boxes(page):
            assert right - left >= 30 * PT_PER_MM and top - bottom >= 30 * PT_PER_MM


def test_the_printed_sheet_scans_every_slip(sheet, nine):
    columns, rows = invitations.SLIP_COLUMNS, invitations.SLIP_ROWS
    slip_width = A4[0] / columns
    slip_height = A4[1] / rows
    for number, page in enumerate(_pages(sheet), 1):
        boxes = _qr_boxes(page)
        _, texts = _drawn(page)
        for content, x, y, size, bold in texts:
            right = x + _text_width(content, size, bold)
            # The text's line: from its baseline down to the descenders, up to its cap height.
            low, high = y - 0.25 * size, y + 0.8 * size
            for left, bottom, box_right, top in boxes:
                overlaps = x < box_right and right > left and low < top and high > bottom
                assert not overlaps, f"page {number}: {content!r} is printed over a QR code"
        # Each slip carries its own instructions, inside its own borders.
        for column in range(columns):
            for row in range(rows):
                inside = [
                    c
                    for c, x, y, _s, _b in texts
                    if column * slip_width <= x < (column + 1) * slip_width
                    and A4[1] - (row + 1) * slip_height <= y < A4[1] - row * slip_height
                ]
                slip = row * columns + column + (number - 1) * columns * rows
                if slip < len(nine):
                    assert any(c.startswith("Scan the code") for c in inside), (
                        f"slip {slip + 1} has no instructions in its borders: {inside}"
                    )
    # What a phone sees of the printed page: every QR code on it reads, in the slips' order.
    scanned = []
    for page in _pages(sheet):
        found = zxingcpp.read_barcodes(_render(page))
        row_height = slip_height * RENDER_SCALE  # in pixels: each row of slips, top to bottom
        ordered = sorted(found, key=lambda f: (f.position.top_left.y // row_height, f.position.top_left.x))
        scanned.extend(f.text for f in ordered)
    assert scanned == _links(nine)


def test_a_team_name_full_of_markup_prints_as_plain_text(nine):
    pdf = invitations.slips_pdf(APP_URL, nine[:2], HOSTILE_TEAM, "Round *one* `x`")
    text = _text(pdf)
    assert "**Équipe**" in text and "_x_ [a](b)" in text, "no Markdown interpretation"
    assert "Round *one* `x`" in text
    assert text.count("Your invitation") == 2
    decoded = [link for page in _pages(pdf) for image in page.images for link in _decoded(image.image)]
    assert decoded == _links(nine[:2]), "a name has no effect on the links"


def test_emoji_and_right_to_left_words_print_on_the_slips(nine):
    pdf = invitations.slips_pdf(APP_URL, nine[:1], HOSTILE_TEAM, "Spring")
    # Shaped Arabic may read back in presentation forms, which NFKC folds into the letters.
    text = unicodedata.normalize("NFKC", _text(pdf))
    assert "🚀" in text
    assert "فريق" in text


def test_a_name_holding_the_page_count_alias_prints_as_typed(nine):
    pdf = invitations.slips_pdf(APP_URL, nine[:1], "Team {nb}", "Autumn {nb}")
    text = _text(pdf)
    assert "Team {nb}" in text and "Autumn {nb}" in text


# ------------------------------------------------------------------------- the links


def _csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(codecs.BOM_UTF8), "a UTF-8 byte order mark, for Excel"
    text = data[len(codecs.BOM_UTF8) :].decode("utf-8")
    assert text.endswith("\r\n") and text.count("\r\n") == text.count("\n"), "CRLF line ends"
    return list(csv.reader(io.StringIO(text, newline="")))


def test_the_links_file_has_one_row_per_invitation(nine):
    rows = _csv_rows(invitations.links_csv(APP_URL, nine, 'Équipe, "Nord" 🚀', "Spring"))
    assert rows[0] == ["invitation_code", "link", "team", "round"]
    assert rows[1:] == [
        [code, link, 'Équipe, "Nord" 🚀', "Spring"] for code, link in zip(nine, _links(nine), strict=True)
    ]


def test_the_links_file_neutralises_formulas_in_names(nine):
    rows = _csv_rows(invitations.links_csv(APP_URL, nine[:1], '=HYPERLINK("http://x")', "@SUM(A1)"))
    (row,) = rows[1:]
    assert row[2] == '\'=HYPERLINK("http://x")'
    assert row[3] == "'@SUM(A1)"
    assert row[1] == _links(nine[:1])[0], "the link itself is left as it is"


def test_a_link_carries_the_code_in_its_canonical_form():
    code = "abcd-efgh-jk01"
    assert (
        invitations.invitation_link("https://x.org/", code) == "https://x.org/assessment?invite=ABCDEFGHJK01"
    )
    assert invitations.invitation_link("https://x.org", code) == invitations.invitation_link(
        "https://x.org/", code
    )
