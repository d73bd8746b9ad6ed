"""Paper forms a team lead typed into a spreadsheet: one row per respondent, one column per item id.

The whole file is checked before anything is returned, so the caller stores all rows or none.
Every problem names the row as the spreadsheet shows it (the header is row 1) and the column.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections import Counter
from contextlib import suppress

from assessment.export import csv_bytes
from assessment.i18n import N_, _, ngettext, whole
from assessment.questionnaire import SCALE_POINTS, Questionnaire

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000
# Beyond a screenful, a list of problems hides the pattern the lead needs to see.
MAX_LISTED = 10

# Not applicable is written, never left empty: an empty cell is as likely a statement skipped on
# the form or while typing, and counting it as Not applicable would hide that mistake.
_NOT_APPLICABLE = ("NA", "N/A")
# Almost every typed cell is one of these; a dictionary look-up keeps large files fast.
_USUAL_CELLS: dict[str, int | None] = {str(v): v for v in range(1, SCALE_POINTS + 1)} | {
    spelling: None for spelling in (*_NOT_APPLICABLE, "na", "n/a")
}
_WHOLE_NUMBER = re.compile(r"[+-]?[0-9]+")
# "4,5" is a fraction too: European spreadsheets write a decimal comma.
_FRACTION = re.compile(r"[+-]?([0-9]+[.,][0-9]*|[.,][0-9]+)")
# Parts of several messages, translated where the message is built.
_ON_THE_SCALE = N_("a whole number from 1 to 5")
_NA_HINT = N_("(or NA for Not applicable)")
_USE_TEMPLATE = N_("download the template, which has a column for every item, and copy the answers into it")
_LONGEST_SHOWN = 40


class PaperFormError(ValueError):
    """The file cannot be imported; str() is a message for the lead that names row and column where there is one."""


def template_csv(questionnaire: Questionnaire) -> bytes:
    """The template: a header row with every item id in questionnaire order, no data rows."""
    return csv_bytes([item.id for item in questionnaire.items], [])


def parse_paper_forms(data: bytes, questionnaire: Questionnaire) -> list[dict[str, int | None]]:
    """One dict per respondent row: item id -> 1..5, or None for Not applicable (NA or N/A)."""
    if len(data) > MAX_BYTES:
        raise PaperFormError(
            _(
                "The file is larger than {size} MB, the limit; split it into smaller files and import them "
                "one after the other."
            ).format(size=MAX_BYTES // (1024 * 1024))
        )
    text = _decode(data)
    if not text.strip():
        raise PaperFormError(
            _(
                "The file is empty: download the template, type one row per paper form below the header, "
                "and save it as CSV."
            )
        )
    rows = _read_rows(text)
    # Editors and spreadsheets often end a file with blank lines; they hold no respondent.
    while len(rows) > 1 and len(rows[-1]) <= 1 and not "".join(rows[-1]).strip():
        rows.pop()

    columns = [name.strip() for name in rows[0]]
    problems = _Problems()
    for problem in _header_problems(columns, [item.id for item in questionnaire.items]):
        problems.add(problem)
    problems.raise_if_any()

    body = rows[1:]
    if not body:
        raise PaperFormError(
            _("The file has a header but no respondent rows: type one row per paper form below the header.")
        )
    if len(body) > MAX_ROWS:
        raise PaperFormError(
            _(
                "The file has {rows} respondent rows; the limit is {limit}. Split it into smaller files "
                "and import them one after the other."
            ).format(rows=whole(len(body)), limit=whole(MAX_ROWS))
        )

    answers = []
    for number, row in enumerate(body, start=2):
        if not "".join(row).strip():
            problems.add(
                _(
                    "Row {row} has no value at all: delete the row, or write NA in every cell of a "
                    "respondent who answered Not applicable throughout."
                ).format(row=number)
            )
        elif len(row) != len(columns):
            problems.add(
                _(
                    "Row {row} has {cells} cells, but the header has {columns} columns: look for a missing or "
                    "extra separator (in a comma-separated file, a decimal comma as in 4,5 splits a cell in two)."
                ).format(row=number, cells=len(row), columns=len(columns))
            )
        else:
            answer = {}
            for column, cell in zip(columns, row, strict=True):
                try:
                    answer[column] = _USUAL_CELLS[cell] if cell in _USUAL_CELLS else _value(cell)
                except ValueError as exc:
                    problems.add(
                        _("Row {row}, column {column}: {problem}").format(
                            row=number, column=column, problem=exc
                        )
                    )
            answers.append(answer)
    problems.raise_if_any()
    return answers


class _Problems:
    """The first problems found, in file order, and how many there are in all."""

    def __init__(self) -> None:
        self.listed: list[str] = []
        self.count = 0

    def add(self, problem: str) -> None:
        self.count += 1
        if len(self.listed) < MAX_LISTED:
            self.listed.append(problem)

    def raise_if_any(self) -> None:
        if self.count == 1:
            raise PaperFormError(self.listed[0])
        if self.count:
            intro = (
                _("The file has {count} problems; the first {listed} are:")
                if self.count > MAX_LISTED
                else _("The file has {count} problems:")
            )
            raise PaperFormError(
                intro.format(count=self.count, listed=MAX_LISTED) + "\n" + "\n".join(self.listed)
            )


def _decode(data: bytes) -> str:
    """The file's text: UTF-8 with or without BOM, else Windows-1252 (Excel's CSV in Western Europe)."""
    # Typed text never holds NUL: it marks UTF-16 text or a workbook saved under a .csv name.
    if b"\x00" not in data:
        with suppress(UnicodeDecodeError):
            return data.decode("utf-8-sig")
        # After a UTF-8 BOM, bytes that are not UTF-8 are damage, not another encoding.
        if not data.startswith(codecs.BOM_UTF8):
            with suppress(UnicodeDecodeError):
                return data.decode("cp1252")
    raise PaperFormError(
        _(
            'The file cannot be read as CSV text. In the spreadsheet, choose "Save as" and the type "CSV '
            'UTF-8" (an Excel workbook, .xlsx, cannot be imported), then upload that file.'
        )
    )


def _read_rows(text: str) -> list[list[str]]:
    """The file's rows of cells, split on the separator its header line uses most."""
    header_line = re.split(r"[\r\n]", text, maxsplit=1)[0]
    # Excel writes semicolons where the decimal separator is a comma.
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=delimiter, skipinitialspace=True, strict=True
    )
    rows: list[list[str]] = []
    try:
        for row in reader:
            rows.append(row)
    except csv.Error as exc:
        raise PaperFormError(
            _(
                "Row {row} cannot be read ({problem}): check its quotation marks, or save the file again "
                "from the spreadsheet."
            ).format(row=len(rows) + 1, problem=exc)
        ) from None
    return rows


def _header_problems(columns: list[str], ids: list[str]) -> list[str]:
    """What is wrong with the header row, column by column, then what is missing."""
    known = set(ids)
    allowed = ", ".join(ids) if len(ids) <= 3 else f"{ids[0]}, {ids[1]}, ..., {ids[-1]}"
    if not known.intersection(columns):
        return [
            _(
                "Row 1 must hold the item ids ({allowed}) separated by commas or semicolons, but it holds "
                "none of them: {advice}."
            ).format(allowed=allowed, advice=_(_USE_TEMPLATE))
        ]
    problems = []
    by_folded_case = {item_id.casefold(): item_id for item_id in ids}
    for index, name in enumerate(columns):
        letter = _column_letter(index)
        if not name:
            problems.append(
                _("Row 1, column {column} has no name: delete the column, or write its item id.").format(
                    column=letter
                )
            )
        elif name not in known:
            guess = by_folded_case.get(name.casefold())
            hint = (
                _('did you mean "{guess}"? Item ids are case-sensitive').format(guess=guess)
                if guess
                else _("the item ids are {allowed}; the template has them all").format(allowed=allowed)
            )
            problems.append(
                _(
                    'Row 1, column {column}: "{name}" is not an item id of this questionnaire ({hint}).'
                ).format(column=letter, name=_shown(name), hint=hint)
            )
    for name, count in Counter(columns).items():
        if count > 1 and name in known:
            letters = ", ".join(_column_letter(i) for i, column in enumerate(columns) if column == name)
            problems.append(
                _('Row 1: column "{name}" appears {count} times (columns {letters}); keep one.').format(
                    name=name, count=count, letters=letters
                )
            )
    missing = [item_id for item_id in ids if item_id not in columns]
    if missing:
        problems.append(
            ngettext(
                'Row 1: the column "{columns}" is missing: {advice}.',
                "Row 1: the columns {columns} are missing: {advice}.",
                len(missing),
            ).format(columns=", ".join(missing), advice=_(_USE_TEMPLATE))
        )
    return problems


def _value(cell: str) -> int | None:
    """The answer in a cell that is not written the usual way; ValueError says what is wrong."""
    text = cell.strip()
    if not text:
        raise ValueError(
            _(
                "the cell is empty. Write the answer from the paper form ({scale}), or NA where the person "
                "ticked Not applicable or left the statement out."
            ).format(scale=_(_ON_THE_SCALE))
        )
    if text.upper() in _NOT_APPLICABLE:
        return None
    if _WHOLE_NUMBER.fullmatch(text):
        if 1 <= int(text) <= SCALE_POINTS:
            return int(text)
        raise ValueError(
            _('"{cell}" is outside the scale: write {scale} {hint}.').format(
                cell=_shown(text), scale=_(_ON_THE_SCALE), hint=_(_NA_HINT)
            )
        )
    if _FRACTION.fullmatch(text):
        raise ValueError(
            _('"{cell}" is not {scale} {hint}.').format(
                cell=_shown(text), scale=_(_ON_THE_SCALE), hint=_(_NA_HINT)
            )
        )
    raise ValueError(
        _('"{cell}" is not a number: write {scale} {hint}.').format(
            cell=_shown(text), scale=_(_ON_THE_SCALE), hint=_(_NA_HINT)
        )
    )


def _shown(text: str) -> str:
    """Text quoted in a message: on one line, and cut short if long."""
    text = " ".join(text.split())
    return text if len(text) <= _LONGEST_SHOWN else text[: _LONGEST_SHOWN - 3] + "..."


def _column_letter(index: int) -> str:
    """The spreadsheet's name of the 0-based column `index`: A, B, ..., Z, AA, AB, ..."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters
