"""Load the questionnaire file from data/, validate it, and expose it as immutable objects."""

from __future__ import annotations

import tomllib
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

SCALE_POINTS = 5
# Every paper point needs this many items so that one odd reading cannot decide its score.
MIN_ITEMS_PER_POINT = 2
# The paper's public summary: every point's `paper.en` must be a verbatim quote from it.
PAPER_SUMMARY = Path(__file__).resolve().parent.parent / "data" / "paper-summary.txt"
# The language of the paper's summary; quotes in other languages are translations of these.
PAPER_LANGUAGE = "en"
# Curly quotes and apostrophes compare as straight ones, so a quote typed either way matches.
_STRAIGHTENED = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


class QuestionnaireError(ValueError):
    """The questionnaire file cannot be used; the message names the file and every problem."""


@dataclass(frozen=True)
class Area:
    id: str
    name: str
    context: str


@dataclass(frozen=True)
class Point:
    id: str
    area: str
    label: str
    paper: str  # the paper's own words this point comes from: a quote from PAPER_SUMMARY (translated)
    tip: str  # the tool's practical suggestion, shown as the tool's and never as the paper's


@dataclass(frozen=True)
class Item:
    id: str
    number: int  # 1-based position in the questionnaire, as shown to the respondent
    area: str
    point: str
    text: str
    reverse: bool


@dataclass(frozen=True)
class Questionnaire:
    version: str
    language: str
    scale_labels: tuple[str, ...]  # labels of the values 1..5
    not_applicable_label: str
    areas: tuple[Area, ...]
    points: tuple[Point, ...]
    items: tuple[Item, ...]
    # Shown above the statements: who "the people I support" are, and how to read the statements.
    introduction: str = ""

    def area(self, area_id: str) -> Area:
        return next(a for a in self.areas if a.id == area_id)

    def point(self, point_id: str) -> Point:
        return next(p for p in self.points if p.id == point_id)

    def area_names(self) -> dict[str, str]:
        return {a.id: a.name for a in self.areas}

    def items_in_area(self, area_id: str) -> tuple[Item, ...]:
        return tuple(i for i in self.items if i.area == area_id)

    def answer_label(self, raw_value: int | None) -> str:
        """The label of a stored answer; None is "Not applicable"."""
        return self.not_applicable_label if raw_value is None else self.scale_labels[raw_value - 1]


def load_questionnaire(path: Path, language: str) -> Questionnaire:
    """Read and validate the questionnaire at `path`, with its text in `language`."""
    try:
        with open(path, "rb") as f:
            raw = tomllib.load(f)
    except FileNotFoundError:
        raise QuestionnaireError(f"{path}: the questionnaire file does not exist.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise QuestionnaireError(f"{path}: cannot be read ({exc}).") from None
    except tomllib.TOMLDecodeError as exc:
        raise QuestionnaireError(f"{path}: is not valid TOML ({exc}).") from None

    problems: list[str] = []
    questionnaire = _build(raw, language, problems)
    if problems:
        listed = "\n".join(f"- {p}" for p in problems)
        raise QuestionnaireError(f"{path} has {len(problems)} problem(s):\n{listed}")
    assert questionnaire is not None
    return questionnaire


def _build(raw: dict[str, Any], language: str, problems: list[str]) -> Questionnaire | None:
    """Turn the parsed file into a Questionnaire, appending each problem found to `problems`."""
    version = raw.get("version")
    if not isinstance(version, str) or not version.strip():
        problems.append("`version` is missing; give the instrument a version string.")
    languages = raw.get("languages")
    if not isinstance(languages, list) or not languages:
        problems.append('`languages` is missing; list the languages of the text, e.g. ["en"].')
        return None
    if language not in languages:
        problems.append(f"language {language!r} is not one of the file's languages {languages}.")
        return None

    def text(entry: dict[str, Any], field: str, where: str) -> str:
        """The entry's `field` in every language; reports each missing one, returns `language`'s."""
        values = entry.get(field)
        for lang in languages:
            value = values.get(lang) if isinstance(values, dict) else None
            if not isinstance(value, str) or not value.strip():
                problems.append(f"{where}: `{field}.{lang}` is missing or empty.")
        value = values.get(language) if isinstance(values, dict) else None
        return value.strip() if isinstance(value, str) else ""

    scale = raw.get("scale", {})
    labels = scale.get("labels", {}).get(language) if isinstance(scale, dict) else None
    if not isinstance(labels, list) or len(labels) != SCALE_POINTS:
        problems.append(f"[scale]: `labels.{language}` must list {SCALE_POINTS} labels, from 1 to 5.")
        labels = [""] * SCALE_POINTS
    not_applicable = text(scale if isinstance(scale, dict) else {}, "not_applicable", "[scale]")
    introduction = text(raw, "introduction", "the file")
    max_words = raw.get("max_words")
    if max_words is not None and (
        isinstance(max_words, bool) or not isinstance(max_words, int) or max_words < 1
    ):
        problems.append(f"`max_words` must be a positive whole number, not {max_words!r}.")
        max_words = None

    areas = tuple(
        Area(
            id=str(a.get("id", "")),
            name=text(a, "name", f"area {a.get('id', n + 1)!r}"),
            context=text(a, "context", f"area {a.get('id', n + 1)!r}"),
        )
        for n, a in enumerate(_tables(raw, "areas", problems))
    )
    area_ids = {a.id for a in areas}
    _report_duplicates("area", [a.id for a in areas], problems)

    points = []
    for n, p in enumerate(_tables(raw, "points", problems)):
        where = f"point {p.get('id', n + 1)!r}"
        if p.get("area") not in area_ids:
            problems.append(f"{where}: unknown area {p.get('area')!r}; known: {sorted(area_ids)}.")
        points.append(
            Point(
                id=str(p.get("id", "")),
                area=str(p.get("area", "")),
                label=text(p, "label", where),
                paper=text(p, "paper", where),
                tip=text(p, "tip", where),
            )
        )
        _check_quote(p, where, languages, problems)
    point_area = {p.id: p.area for p in points}
    _report_duplicates("point", list(point_area), problems)

    items = []
    for n, i in enumerate(_tables(raw, "items", problems)):
        item_id = i.get("id")
        where = f"item {item_id!r}" if item_id else f"item number {n + 1}"
        if not isinstance(item_id, str) or not item_id.strip():
            problems.append(f"{where}: `id` is missing.")
        elif not item_id.replace("_", "").isalnum():
            problems.append(f"{where}: an id may hold only letters, digits and underscores.")
        if i.get("area") not in area_ids:
            problems.append(f"{where}: unknown area {i.get('area')!r}; known: {sorted(area_ids)}.")
        if i.get("point") not in point_area:
            problems.append(f"{where}: unknown point {i.get('point')!r}; known: {sorted(point_area)}.")
        elif i.get("area") in area_ids and point_area[i["point"]] != i.get("area"):
            problems.append(
                f"{where}: point {i['point']} belongs to area {point_area[i['point']]!r}, "
                f"not {i.get('area')!r}."
            )
        if not isinstance(i.get("reverse"), bool):
            problems.append(f"{where}: `reverse` must be true or false, not {i.get('reverse')!r}.")
        if max_words is not None:
            _check_length(i, where, max_words, languages, problems)
        items.append(
            Item(
                id=str(item_id),
                number=n + 1,
                area=str(i.get("area", "")),
                point=str(i.get("point", "")),
                text=text(i, "text", where),
                reverse=i.get("reverse") is True,
            )
        )
    _report_duplicates("item", [i.id for i in items], problems)

    per_point = Counter(i.point for i in items)
    for p in points:
        if per_point[p.id] < MIN_ITEMS_PER_POINT:
            problems.append(
                f"point {p.id} has {per_point[p.id]} item(s); every point needs at least "
                f"{MIN_ITEMS_PER_POINT}."
            )

    return Questionnaire(
        version=str(version or "").strip(),
        language=language,
        scale_labels=tuple(str(label) for label in labels),
        not_applicable_label=not_applicable,
        areas=areas,
        points=tuple(points),
        items=tuple(items),
        introduction=introduction,
    )


def _normalised(text: str) -> str:
    """`text` with curly quotes straightened and every run of whitespace one space."""
    return " ".join(text.translate(_STRAIGHTENED).split())


@cache
def _paper_summary(path: Path) -> str | None:
    try:
        return _normalised(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return None


def _check_quote(point: dict[str, Any], where: str, languages: list[str], problems: list[str]) -> None:
    """The point's quote in the paper's language must occur, word for word, in the paper's summary."""
    quotes = point.get("paper")
    quote = quotes.get(PAPER_LANGUAGE) if isinstance(quotes, dict) else None
    if not isinstance(quote, str) or not quote.strip():
        if PAPER_LANGUAGE not in languages:  # otherwise `text` has reported it already
            problems.append(
                f"{where}: `paper.{PAPER_LANGUAGE}` is missing; it holds the paper's own words, which "
                "the other languages translate."
            )
        return
    summary = _paper_summary(PAPER_SUMMARY)
    if summary is None:
        problems.append(f"{where}: the paper's summary {PAPER_SUMMARY} cannot be read to check `paper`.")
    elif _normalised(quote) not in summary:
        problems.append(
            f"{where}: `paper.{PAPER_LANGUAGE}` is not a verbatim quote from the paper's summary "
            f"({PAPER_SUMMARY.name}): {quote.strip()!r}. Quote the summary word for word, or put your "
            "own words in `tip`."
        )


def _check_length(
    item: dict[str, Any], where: str, max_words: int, languages: list[str], problems: list[str]
) -> None:
    """Every language's text of the item holds at most `max_words` words."""
    texts = item.get("text")
    for lang in languages:
        value = texts.get(lang) if isinstance(texts, dict) else None
        if isinstance(value, str) and len(value.split()) > max_words:
            problems.append(
                f"{where}: `text.{lang}` has {len(value.split())} words; this version allows at most "
                f"{max_words} (`max_words`)."
            )


def _tables(raw: dict[str, Any], key: str, problems: list[str]) -> list[dict[str, Any]]:
    """The array of tables `[[key]]`, reporting when it is missing."""
    tables = raw.get(key)
    if not isinstance(tables, list) or not tables or not all(isinstance(t, dict) for t in tables):
        problems.append(f"`[[{key}]]` is missing; the file needs at least one.")
        return []
    return tables


def _report_duplicates(kind: str, ids: list[str], problems: list[str]) -> None:
    for duplicate, count in Counter(ids).items():
        if count > 1:
            problems.append(f"duplicate {kind} id {duplicate!r} ({count} times); ids must be unique.")
