"""PDF reports to take into supervision or a team meeting: a person's results, one round of a team.

Each report is built from what its screen shows, and from nothing else: the personal report from
the results page's `results.Profile`, which holds no personal code, and the team report from what
`assessment.dashboard` gives the lead's page, so a figure the publishing rules withhold is as
absent from the PDF as from the screen. Text is in the active language (`assessment.i18n`); names
print as plain text, never as Markdown.

Charts are the screens' own Altair charts in the light theme, drawn as vectors: vl-convert
gives Vega's SVG, fpdf2's SVG reader draws its shapes (after `vector_chart` smooths over what
the reader cannot parse), and its words are written as the page's own text, so they print sharp
at any size and can be searched and copied. A chart Vega cannot lay out is left out, with a
warning in the log.

The DejaVu fonts in assessment/fonts (with their licences) are embedded in every PDF and draw the
charts too, so Portuguese, German and French print alike on any server. Noto Emoji draws the
emoji of a name, and uharfbuzz shapes a text that holds right-to-left letters (Arabic joined,
runs in reading order). A glyph no font has is left out with a warning in the log, never an error.
"""

from __future__ import annotations

import contextlib
import functools
import io
import logging
import math
import tomllib
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from types import MappingProxyType
from xml.etree import ElementTree

import altair as alt
import pandas as pd
import vl_convert
from fpdf import FPDF, FontFace, drawing
from fpdf.svg import convert_transforms, svgcolor

from assessment import aggregate, charts, dashboard, i18n
from assessment.aggregate import PublishingRules, TeamView
from assessment.i18n import N_, _, day, whole
from assessment.instruments import Lookup
from assessment.questionnaire import PAPER_LANGUAGE, Point, Questionnaire
from assessment.results import Profile
from assessment.scoring import format_score, round_score

LOG = logging.getLogger(__name__)
FONT_DIR = Path(__file__).parent / "fonts"
FONT_FAMILY = "DejaVu Sans"  # the name inside the font files, which vl-convert looks fonts up by
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}
# Monochrome outlines, which a PDF font can hold (colour emoji fonts are bitmaps or layers). One
# weight: an emoji in a bold heading prints regular. The file is the weight-400 instance of the
# variable font, without its vertical metrics (fontTools), under half the upstream file's size.
EMOJI_FAMILY = "Noto Emoji"
EMOJI_FILE = "NotoEmoji-Regular.ttf"
# Where the text's own style lacks a glyph: emoji, and Arabic in oblique (DejaVu Sans Oblique has
# none) from the upright face.
FALLBACK_FAMILIES = (EMOJI_FAMILY, FONT_FAMILY)
RIGHT_TO_LEFT = frozenset({"R", "AL", "RLE", "RLO", "RLI"})  # Unicode bidirectional classes
# The light theme's chart colours, so that a printed chart looks as it does on a light screen.
STREAMLIT_CONFIG = Path(__file__).resolve().parent.parent / ".streamlit" / "config.toml"

MARGIN = 15  # mm on every side of an A4 page
FOOTER = 8  # mm above the bottom margin kept for the page number
PAGE_COUNT = "{nb}"  # where fpdf2 writes the number of pages once the document is complete
BODY_SIZE = 10  # pt
SMALL_SIZE = 8.5
LINE = 5  # mm per line of body text
LINE_SPACING = 1.42  # LINE as a multiple of BODY_SIZE
HEADING_HEIGHT = 12  # mm a section heading takes with the space around it
TABLE_SIZE = 9
TABLE_PADDING = 1.5  # mm left and right of a cell's text
# A chart is drawn this many px wide and printed across the text width (180 mm), i.e. at 96 px per
# inch: the 12-13 px text of a chart prints at 9-10 pt, like the text around it.
CHART_WIDTH = 680
HEADER_FILL = "#eef0f4"

GUIDE_POINTS = 3  # points per list of the discussion guide
# One neutral opening question per list, never about a particular point: the team finds its own.
QUESTION_LOWEST = N_("What helps us do this well, and what gets in the way?")
QUESTION_DIVIDED = N_("Where do our experiences of this differ, and what might explain the difference?")
NO_NOTES: Mapping[str, str] = MappingProxyType({})


class RoundNotShown(Exception):
    """The round may not be shown, so it gets no report; `status` says why, as the dashboard does."""

    def __init__(self, status: str):
        super().__init__(status)
        self.status = status


# ------------------------------------------------------------------ charts


@functools.cache
def _chart_config() -> dict:
    """vl-convert's config for every chart: the report's font (registered with vl-convert on first
    use), the light theme's colours, and no axis lines, ticks or frame: the diverging bars write
    their statements from the axis over the plot, where the axis line struck through the first letter."""
    vl_convert.register_font_directory(str(FONT_DIR))
    with STREAMLIT_CONFIG.open("rb") as config:
        colours = tomllib.load(config)["theme"]["light"]["chartCategoricalColors"]
    return {
        "font": FONT_FAMILY,
        "range": {"category": colours},
        "axis": {"domain": False, "ticks": False},
        "view": {"stroke": None},
    }


def chart_spec(chart: alt.TopLevelMixin) -> dict:
    """`chart` as a report draws it, CHART_WIDTH px wide with the light theme's text colours, as
    the Vega-Lite spec vl-convert takes."""
    # Not validated again: the screens validate the same charts, and validation took a fifth of
    # the time of the team report. The width is set in the spec: `.properties` copies the chart.
    spec = charts.readable_text(chart, dark=False).to_dict(validate=False)
    return spec | {"width": CHART_WIDTH}


def render_svg(spec: dict) -> str:
    """A chart spec as Vega draws it in SVG, in the report's font and colours."""
    return vl_convert.vegalite_to_svg(spec, config=_chart_config())


@dataclass(frozen=True)
class ChartText:
    """One line of a chart's text: where Vega put it, in the chart's px, and how it looks."""

    x: float  # the start of the baseline, before `anchor` moves the line along it
    y: float
    angle: float  # degrees, counter-clockwise as fpdf2 turns
    anchor: str  # "start", "middle" or "end": which point of the line is at (x, y)
    text: str
    size: float  # px
    style: str  # fpdf2's font style: "", "B" or "I"
    colour: str
    opacity: float


@dataclass(frozen=True)
class VectorChart:
    """A chart as fpdf2 draws it: its shapes as SVG for fpdf2's reader, its text apart.

    fpdf2's SVG reader writes text without shaping or fallback fonts (a round's name on the trend
    axis can hold Arabic or an emoji), so every text is taken out and drawn with the page's own
    text layout instead.
    """

    svg: bytes
    width: float  # px
    height: float
    texts: tuple[ChartText, ...]


SVG = "{http://www.w3.org/2000/svg}"
# Vega's blank lines (charts.py pads labels with them), drawn as nothing.
BLANK = " \u200b"


def vector_chart(spec: dict) -> VectorChart | None:
    """A chart spec as shapes and texts, from Vega's SVG; None when Vega could not lay the chart
    out (its size is Infinity when a layer's own legend has no entries)."""
    root = ElementTree.fromstring(render_svg(spec))
    width, height = float(root.get("width")), float(root.get("height"))
    if not math.isfinite(width + height):
        return None
    # SVG draws no stroke unless told; fpdf2's reader strokes in black what sets only a width
    # (the symbols of a legend).
    root.set("stroke", "none")
    texts: list[ChartText] = []
    _take_texts(root, drawing.Transform.identity(), texts)
    return VectorChart(
        ElementTree.tostring(root, encoding="utf-8", xml_declaration=True), width, height, tuple(texts)
    )


def _take_texts(element: ElementTree.Element, outer: drawing.Transform, texts: list[ChartText]) -> None:
    """Moves the <text> under `element` into `texts`, and leaves the shapes as fpdf2 reads them."""
    for child in list(element):
        transform = outer
        if child.get("transform"):
            transform = convert_transforms(child.get("transform")) @ outer
        if child.tag == f"{SVG}text":
            texts.extend(_lines(child, transform))
            element.remove(child)
        elif child.get("display") == "none" or (child.tag == f"{SVG}path" and not child.get("d")):
            # Vega's empty foreground paths: fpdf2's reader cannot parse an empty path.
            element.remove(child)
        else:
            if child.tag == f"{SVG}line":
                # Vega leaves out a line's start when it is 0,0 (SVG's default); fpdf2 requires it.
                child.attrib = {"x1": "0", "y1": "0"} | child.attrib
            _take_texts(child, transform, texts)


def _lines(text: ElementTree.Element, transform: drawing.Transform) -> list[ChartText]:
    """The lines of a <text>: its own text, or one per <tspan> (Vega's multi-line labels)."""
    runs = [(0.0, 0.0, text.text)] if text.text else []
    dy = 0.0
    for line in text.iter(f"{SVG}tspan"):
        dy += float(line.get("dy", 0))
        runs.append((float(line.get("x", 0)), dy, line.text or ""))
    start = drawing.Point(0, 0) @ transform
    along = (drawing.Point(1, 0) @ transform) - start
    bold = text.get("font-weight") in ("bold", "700")
    style = "B" if bold else "I" if text.get("font-style") == "italic" else ""  # no chart sets both
    opacity = float(text.get("opacity", 1)) * float(text.get("fill-opacity", 1))
    lines = []
    for x, y, content in runs:
        if not content.strip(BLANK):
            continue
        origin = drawing.Point(x, y) @ transform
        lines.append(
            ChartText(
                origin.x,
                origin.y,
                -math.degrees(math.atan2(along.y, along.x)),
                text.get("text-anchor", "start"),
                content,
                float(text.get("font-size", "10").removesuffix("px")),
                style,
                text.get("fill", "#000"),
                opacity,
            )
        )
    return lines


# ------------------------------------------------------------------ the page


class PlainTextPDF(FPDF):
    """An A4 portrait document in the active language with the embedded fonts, where every text
    prints as typed: no markup, emoji and right-to-left letters drawn (`shaped`), and "{nb}" in a
    name left as it is."""

    def __init__(self, title: str):
        super().__init__(orientation="portrait", unit="mm", format="A4")
        for style, file in FONT_FILES.items():
            self.add_font(FONT_FAMILY, style, FONT_DIR / file)
        self.add_font(EMOJI_FAMILY, "", FONT_DIR / EMOJI_FILE)
        # Code points every style of the text font draws, newlines aside (fpdf2 breaks lines there).
        self._plain = frozenset.intersection(
            *(frozenset(self.fonts[key].cmap) for key in self.fonts if key.startswith(FONT_FAMILY.lower()))
        ) | {ord("\n")}
        self.set_title(title)
        self.set_lang(i18n.active())
        self.alias_nb_pages("")

    def header(self) -> None:
        # fpdf2 writes the page count wherever its alias stands in the text: a document that counts
        # its pages turns it on for its footer only, so a name or a note holding "{nb}" prints as typed.
        self.alias_nb_pages("")

    @contextlib.contextmanager
    def shaped(self, *texts: str) -> Iterator[None]:
        """Fallback fonts and text shaping (uharfbuzz: right-to-left runs in reading order, Arabic
        letters joined) while printing `texts`, when one of them needs either. Only then: with
        either on, fpdf2 handles text a character at a time, and both on for every text made the
        reports 25-40 % slower."""
        if self.text_shaping or all(self._is_plain(text) for text in texts):
            yield
            return
        self.set_text_shaping(True)
        self.set_fallback_fonts(FALLBACK_FAMILIES, exact_match=False)
        try:
            yield
        finally:
            self.set_text_shaping(False)
            self.set_fallback_fonts([])

    def _is_plain(self, text: str) -> bool:
        """Whether every style of the text font draws `text`, left to right as stored."""
        return all(ord(c) in self._plain and unicodedata.bidirectional(c) not in RIGHT_TO_LEFT for c in text)


class _Report(PlainTextPDF):
    """Numbered pages with margins, and plain-text building blocks."""

    def __init__(self, title: str):
        super().__init__(title)
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=MARGIN + FOOTER)
        self.set_font(FONT_FAMILY, size=BODY_SIZE)
        self.add_page()

    def footer(self) -> None:
        self.set_y(-MARGIN - FOOTER / 2)
        self.set_font(FONT_FAMILY, size=SMALL_SIZE)
        self.set_text_color(charts.LIGHT_THEME_CHART_TEXT)  # the grey of the charts' text
        # Left on after the last footer: fpdf2 fills the count in at output only while it is set.
        self.alias_nb_pages(PAGE_COUNT)
        text = _("Page {page} of {pages}").format(page=self.page_no(), pages=PAGE_COUNT)
        with self.shaped(text):
            self.cell(0, LINE, text, align="C")
        self.set_text_color(0)

    def _room(self) -> float:
        """mm left on the page above the footer."""
        return self.page_break_trigger - self.get_y()

    def _text(self, text: str, size: float, style: str = "", line: float = LINE) -> None:
        self.set_font(FONT_FAMILY, style, size)
        with self.shaped(text):
            self.multi_cell(0, line, text, align="L", new_x="LMARGIN", new_y="NEXT")
        self.set_font(FONT_FAMILY, "", BODY_SIZE)

    def title_block(self, title: str, name: str | None = None) -> None:
        """The app's name small, the report's title, and a team's name under it when given."""
        self._text(_("Trust-building self-assessment"), SMALL_SIZE)
        self._text(title, 16, "B", line=8)
        if name is not None:
            self._text(name, 13, "B", line=6.5)
        self.ln(1)

    def heading(self, text: str, keep_with: float = 40) -> None:
        """A section heading, on a new page when less than `keep_with` mm are left below it for
        what follows."""
        if self._room() < HEADING_HEIGHT + keep_with:
            self.add_page()
        else:
            self.ln(3)
        self._text(text, 13, "B", line=7)
        self.ln(1)

    def subheading(self, text: str) -> None:
        if self._room() < 30:
            self.add_page()
        self.ln(1)
        self._text(text, 11, "B", line=6)

    def paragraph(self, text: str, style: str = "") -> None:
        self._text(text, BODY_SIZE, style)

    def note(self, text: str) -> None:
        """A remark beside the figures, in small oblique type."""
        self._text(text, SMALL_SIZE, "I", line=4.2)

    def labelled(self, label: str, text: str) -> None:
        """`text` after its `label` in bold, wrapped at spaces (`write` breaks a word that starts
        near the end of a line)."""
        with (
            self.shaped(label, text),
            self.text_columns(text_align="LEFT", line_height=LINE_SPACING) as columns,
            columns.paragraph() as words,
        ):
            self.set_font(FONT_FAMILY, "B", BODY_SIZE)
            words.write(f"{label} ")
            self.set_font(FONT_FAMILY, "", BODY_SIZE)
            words.write(text)

    def gap(self, mm: float = 2) -> None:
        self.ln(mm)

    def frame_table(self, frame: pd.DataFrame) -> None:
        """`frame` as it is shown on screen: its headers and its cells, as plain text."""
        rows = [
            [str(c) for c in frame.columns],
            *([str(v) for v in row] for row in frame.itertuples(index=False)),
        ]
        self.set_font(FONT_FAMILY, "", TABLE_SIZE)
        # Given its rows, the table draws itself when the block closes; it is measured as drawn.
        with (
            self.shaped(*(cell for row in rows for cell in row)),
            self.table(
                rows,
                col_widths=self._column_widths(list(zip(*rows, strict=True))),
                width=self.epw,
                text_align="LEFT",
                borders_layout="HORIZONTAL_LINES",
                line_height=4.5,
                padding=(1, TABLE_PADDING),
                headings_style=FontFace(emphasis="BOLD", fill_color=HEADER_FILL),
            ),
        ):
            pass
        self.set_font(FONT_FAMILY, "", BODY_SIZE)
        self.gap()

    def _column_widths(self, columns: list[tuple[str, ...]]) -> list[float]:
        """Widths in mm that fill the text width: each column at least as wide as its longest word
        (the heading's in bold), and the room left shared by how much more its longest cell needs."""
        pad = 2 * TABLE_PADDING + 1  # the cell's padding, and a mm against rounding

        def width(text: str, style: str) -> float:
            self.set_font(FONT_FAMILY, style, TABLE_SIZE)
            return self.get_string_width(text) + pad

        least, most = [], []
        for heading, *cells in columns:
            texts = [(heading, "B"), *((cell, "") for cell in cells)]
            least.append(max(width(word, style) for text, style in texts for word in text.split() or [""]))
            most.append(max(width(text, style) for text, style in texts))
        self.set_font(FONT_FAMILY, "", TABLE_SIZE)
        # fpdf2 scales widths to the table's: words too long for any room break inside.
        room = max(self.epw - sum(least), 0)
        wanted = [m - n for m, n in zip(most, least, strict=True)]
        if sum(wanted) <= room:
            # Every cell fits on one line: the room beyond that goes to all columns alike.
            return [m + (room - sum(wanted)) / len(most) for m in most]
        return [n + room * w / sum(wanted) for n, w in zip(least, wanted, strict=True)]

    def chart(self, chart: alt.TopLevelMixin, description: str, heading: str | None = None) -> None:
        """`chart` across the text width at its own proportions (narrower when taller than a page),
        on a new page when it does not fit below what is there, with its section `heading` kept
        above it; `description` is its alternative text."""
        drawn = vector_chart(chart_spec(chart))
        if drawn is None:
            LOG.warning("A chart is left out of the report: Vega could not lay it out (%s)", description)
            if heading:
                self.heading(heading)
            return
        width = self.epw
        height = width * drawn.height / drawn.width
        page_body = self.page_break_trigger - self.t_margin - (HEADING_HEIGHT if heading else 0)
        if height > page_body:
            width, height = width * page_body / height, page_body
        if heading:
            self.heading(heading, keep_with=height)
        elif height > self._room():
            self.add_page()
        x, y = self.l_margin + (self.epw - width) / 2, self.y
        self.image(io.BytesIO(drawn.svg), x=x, y=y, w=width, h=height, alt_text=description)
        scale = width / drawn.width  # mm per px
        # The texts stand where Vega put them, whatever the room left above the footer.
        self.set_auto_page_break(False)
        for text in drawn.texts:
            self._chart_text(text, x + text.x * scale, y + text.y * scale, scale)
        self.set_auto_page_break(True, margin=MARGIN + FOOTER)
        self.set_xy(self.l_margin, y + height)
        self.gap()

    def _chart_text(self, text: ChartText, x: float, y: float, scale: float) -> None:
        """One line of a chart's text with its baseline starting at (x, y) mm, turned about it."""
        size = text.size * scale * self.k  # pt
        with (
            self.local_context(
                font_family=FONT_FAMILY,
                font_style=text.style,
                font_size_pt=size,
                text_color=svgcolor(text.colour),
                fill_opacity=text.opacity,
            ),
            self.rotation(text.angle, x, y) if text.angle else contextlib.nullcontext(),
            self.shaped(text.text),
        ):
            width = self.get_string_width(text.text)
            shift = {"start": 0, "middle": width / 2, "end": width}[text.anchor]
            # A cell of no height sets its baseline 0.3 font sizes below its top, and its text a
            # cell margin in from its left.
            self.set_xy(x - shift - self.c_margin, y - 0.3 * self.font_size)
            self.cell(width + 2 * self.c_margin, 0, text.text)

    def to_bytes(self) -> bytes:
        return bytes(self.output())


def _paper_label(translated: bool) -> str:
    """What introduces the paper's words: in another language than the paper's, a translation."""
    return _("The paper (translated):") if translated else _("The paper:")


def _language_line() -> str:
    return _("Language: {language}").format(language=i18n.language_name(i18n.active()))


# ------------------------------------------------------------------ a person's results


def personal_report(
    profile: Profile, *, include_notes: bool = False, notes: Mapping[str, str] = NO_NOTES
) -> bytes:
    """A person's results as on the results page: one A4 page, and a second for the trend when
    there is more than one submission.

    `notes` (area name -> text) are the person's private notes, printed only when
    `include_notes` is true: a caller that reads them anyway cannot print them by mistake.
    """
    pdf = _Report(_("My results"))
    pdf.title_block(_("My results"))
    pdf.paragraph(
        _(
            "Your latest self-assessment, submitted {when} ({count} in all), on questionnaire version {version}."
        ).format(when=profile.submitted_at_text, count=profile.submitted_count, version=profile.version)
    )
    pdf.paragraph(_language_line())
    pdf.gap()
    pdf.chart(
        charts.profile_chart(profile.areas),
        _("Your score per area on the 1 to 5 scale; the table below lists them."),
    )
    pdf.frame_table(profile.areas_table)
    pdf.note(
        _(
            "Scores run from 1 (low) to 5 (high). An area with fewer than half its statements answered has no score."
        )
    )
    for version_note in profile.version_notes:
        pdf.note(version_note)

    pdf.heading(_("Where to start"))
    # The paper's words and the tool's tip stay apart, as on screen: no tip passes for the paper's.
    the_paper = _paper_label(profile.quotes_translated)
    for weak in profile.weakest:
        score = _("score {score}").format(score=format_score(weak.score))
        pdf.labelled(weak.point.label, f"({score})")
        pdf.labelled(the_paper, f"“{weak.point.paper}”")
        pdf.labelled(_("Tip from this tool:"), weak.point.tip)
        pdf.gap()
    if profile.start_note:
        pdf.paragraph(profile.start_note)
        pdf.gap()
    if profile.strongest:
        strongest = _("Your strongest point: {point}").format(point=profile.strongest.point.label)
        score = _("score {score}").format(score=format_score(profile.strongest.score))
        pdf.labelled(strongest, f"({score})")

    if profile.submitted_count > 1:
        pdf.add_page()
        pdf.chart(
            charts.trend_chart(profile.trend),
            _("Your area scores at each submission; the table below lists them."),
            heading=_("Over time"),
        )
        pdf.frame_table(profile.trend_table)

    if include_notes and notes:
        pdf.heading(_("Your private notes"))
        for area, text in notes.items():
            pdf.paragraph(area, "B")
            pdf.paragraph(text)
            pdf.gap()
    return pdf.to_bytes()


# ------------------------------------------------------------------ a team's round


@dataclass(frozen=True)
class GuidePoint:
    point: Point
    n: int
    mean: float
    share_disagree: float
    share_agree: float

    @property
    def divide(self) -> float:
        """How divided the team is on the point: the smaller of the two shares, so a point ranks
        high only when many score it low and many score it high."""
        return min(self.share_disagree, self.share_agree)


@dataclass(frozen=True)
class DiscussionGuide:
    lowest: tuple[GuidePoint, ...]  # the lowest team means, lowest first
    divided: tuple[GuidePoint, ...]  # the most divided, most first; none where nobody disagrees
    hidden: tuple[Point, ...]  # withheld points: named, never ranked, never given a number


def discussion_guide(
    points: pd.DataFrame, questionnaire: Questionnaire, count: int = GUIDE_POINTS
) -> DiscussionGuide:
    """The points a team could talk about, from aggregate's point rows (POINT_COLUMNS).

    Means are ranked as shown (two decimals); ties, and equal divides, keep questionnaire order.
    """
    shown = [
        GuidePoint(questionnaire.point(row.point), row.n, row.mean, row.share_disagree, row.share_agree)
        for row in points.itertuples(index=False)
        if not row.withheld
    ]
    hidden = tuple(questionnaire.point(p) for p in points.loc[points["withheld"], "point"])
    lowest = sorted(shown, key=lambda g: round_score(g.mean))[:count]
    divided = sorted((g for g in shown if g.divide > 0), key=lambda g: -g.divide)[:count]
    return DiscussionGuide(tuple(lowest), tuple(divided), hidden)


def _percent(share: float) -> str:
    """A share as a whole percentage, halves rounded up as people round by hand."""
    rounded = int(Decimal(repr(100 * share)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return _("{percent}%").format(percent=whole(rounded))


def _guide(pdf: _Report, guide: DiscussionGuide, questionnaire: Questionnaire, min_group_size: int) -> None:
    pdf.heading(_("Discussion guide"))
    pdf.paragraph(
        _(
            "A starting point for the team's conversation: the points of the paper with the lowest team "
            "means, and those on which the team is most divided. Each comes with the paper's words and a "
            "question to open the conversation."
        )
    )
    the_paper = _paper_label(questionnaire.language != PAPER_LANGUAGE)
    opener = _("To open the conversation:")

    def point(entry: GuidePoint, figures: str, question: str) -> None:
        pdf.labelled(entry.point.label, f"({figures})")
        pdf.labelled(the_paper, f"“{entry.point.paper}”")
        pdf.labelled(opener, _(question))
        pdf.gap()

    pdf.subheading(_("Lowest team means"))
    for entry in guide.lowest:
        figures = _("team mean {mean}, n = {n}").format(mean=format_score(entry.mean), n=whole(entry.n))
        point(entry, figures, QUESTION_LOWEST)
    pdf.subheading(_("Most divided"))
    pdf.note(
        _(
            "Ranked by the smaller of two shares of the people who answered the point: those whose score "
            "on it is 2 or lower, and those whose score is 4 or higher (reverse-keyed statements scored "
            "the right way round)."
        )
    )
    pdf.gap(1)
    for entry in guide.divided:
        figures = _("{disagree} score it 2 or lower, {agree} 4 or higher, n = {n}").format(
            disagree=_percent(entry.share_disagree), agree=_percent(entry.share_agree), n=whole(entry.n)
        )
        point(entry, figures, QUESTION_DIVIDED)
    if guide.lowest and not guide.divided:
        pdf.paragraph(_("On no point do some of the team score 2 or lower and others 4 or higher."))
    if guide.hidden:
        pdf.note(
            _("Not ranked ({hidden}): {points}").format(
                hidden=charts.hidden_text(min_group_size), points="; ".join(p.label for p in guide.hidden)
            )
        )


def team_report(
    instruments: Lookup, team_name: str, view: TeamView, round_id: int, rules: PublishingRules
) -> bytes:
    """One round of a team as the lead's dashboard shows it, with a discussion guide.

    Built only from what `assessment.dashboard` gives the page for `view`, so whatever the rules
    withhold is missing here too, or says "hidden: fewer than k answers" where the screen does.
    Raises RoundNotShown, with the dashboard's reason, for a round that may not be shown.
    """
    panel = dashboard.round_panel(instruments, view, round_id, rules)
    if panel.spread is None:
        raise RoundNotShown(panel.status)
    board = dashboard.build_dashboard(instruments, view)
    figures = next(f for f in board.figures if f.round.id == round_id)
    round_, k = figures.round, rules.min_group_size

    pdf = _Report(_("Team results"))
    pdf.title_block(_("Team results"), team_name)
    pdf.paragraph(
        _("Round “{round}”, closed {closed}, with {answers}, on questionnaire version {version}.").format(
            round=round_.name,
            closed=day(round_.closed_at),
            answers=aggregate.answers_with_paper(round_),
            version=round_.instrument_version,
        )
    )
    pdf.paragraph(_language_line())
    pdf.note(
        _(
            "Figures answered online by fewer than {k} people are hidden, and no one person's answers are "
            "shown."
        ).format(k=k)
    )
    pdf.gap()
    pdf.chart(
        charts.spread_chart(panel.spread, k),
        _("The team's score per area on the 1 to 5 scale; the table below lists them."),
    )
    pdf.frame_table(panel.areas_table)
    _guide(pdf, discussion_guide(figures.points, panel.questionnaire), panel.questionnaire, k)

    # One closed round is a point, not a trend. Before the statements: their charts take a page
    # each, and the trend fills the page the guide leaves.
    if len(board.figures) > 1:
        pdf.chart(
            charts.team_trend_chart(board.trend),
            _("The team's area means over closed rounds; the table below lists them."),
            heading=_("Over closed rounds"),
        )
        pdf.frame_table(board.trend_table)

    for number, area in enumerate(panel.statements):
        pdf.chart(
            charts.item_bars(area.items, panel.questionnaire, k, area.name),
            # Not the screen's description: the report has no table of counts below the bars.
            _("How the team answered each statement of {area}.").format(area=area.name),
            heading=_("Answers per statement") if number == 0 else None,
        )
    return pdf.to_bytes()
