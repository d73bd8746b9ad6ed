"""Paper forms typed into a spreadsheet: the files a lead uploads, good and malformed."""

from __future__ import annotations

import codecs

import pytest

from assessment.export import csv_bytes
from assessment.importer import MAX_BYTES, MAX_ROWS, PaperFormError, parse_paper_forms, template_csv


def _ids(questionnaire) -> list[str]:
    return [item.id for item in questionnaire.items]


def _row(questionnaire, **cells: str) -> list[str]:
    """A respondent row in questionnaire order: "3" everywhere except the given cells."""
    return [cells.get(item_id, "3") for item_id in _ids(questionnaire)]


def _file(header, rows, *, delimiter=",", newline="\r\n", encoding="utf-8") -> bytes:
    """The bytes of a typed file, cells joined as given, so a test controls every byte."""
    lines = [delimiter.join(header), *(delimiter.join(row) for row in rows)]
    return (newline.join(lines) + newline).encode(encoding)


def _error(data: bytes, questionnaire) -> str:
    with pytest.raises(PaperFormError) as caught:
        parse_paper_forms(data, questionnaire)
    return str(caught.value)


# ---------------------------------------------------------------- good files


def test_utf8_with_bom_and_commas(questionnaire):
    ids = _ids(questionnaire)
    data = codecs.BOM_UTF8 + _file(ids, [_row(questionnaire, B1a="1", M3b="5"), _row(questionnaire)])
    answers = parse_paper_forms(data, questionnaire)
    assert len(answers) == 2
    assert answers[0] == {**dict.fromkeys(ids, 3), "B1a": 1, "M3b": 5}
    assert answers[1] == dict.fromkeys(ids, 3)


def test_utf8_without_bom_and_semicolons(questionnaire):
    ids = _ids(questionnaire)
    data = _file(ids, [_row(questionnaire, P2a="2")], delimiter=";", newline="\n")
    assert parse_paper_forms(data, questionnaire) == [{**dict.fromkeys(ids, 3), "P2a": 2}]


def test_windows_1252_with_semicolons_and_a_non_breaking_space(questionnaire):
    ids = _ids(questionnaire)
    # Byte A0 is a non-breaking space in Windows-1252 and cannot start a UTF-8 character.
    data = _file(ids, [_row(questionnaire, O1a="\xa04 ")], delimiter=";", encoding="cp1252")
    assert b"\xa0" in data
    assert parse_paper_forms(data, questionnaire) == [{**dict.fromkeys(ids, 3), "O1a": 4}]


def test_crlf_and_lf_line_endings_give_the_same_answers(questionnaire):
    ids = _ids(questionnaire)
    rows = [_row(questionnaire, B2a="5"), _row(questionnaire, B2a="1")]
    crlf = parse_paper_forms(_file(ids, rows, newline="\r\n"), questionnaire)
    assert crlf == parse_paper_forms(_file(ids, rows, newline="\n"), questionnaire)
    assert [a["B2a"] for a in crlf] == [5, 1]


def test_columns_in_another_order_and_names_with_spaces(questionnaire):
    ids = _ids(questionnaire)
    reordered = list(reversed(ids))
    values = {item_id: str(n % 5 + 1) for n, item_id in enumerate(ids)}
    header = [f" {item_id} " for item_id in reordered]
    data = _file(header, [[values[item_id] for item_id in reordered]])
    assert parse_paper_forms(data, questionnaire) == [{k: int(v) for k, v in values.items()}]


def test_not_applicable_spellings_are_none(questionnaire):
    ids = _ids(questionnaire)
    spellings = {"B1a": "NA", "B1b": "na", "B2a": "N/A", "B2b": "n/a", "B3b": " Na "}
    answers = parse_paper_forms(_file(ids, [_row(questionnaire, **spellings)]), questionnaire)
    assert answers == [{**dict.fromkeys(ids, 3), **dict.fromkeys(spellings)}]


@pytest.mark.parametrize("cell", ["", "   "], ids=["empty", "spaces"])
def test_an_empty_cell_is_refused_not_taken_for_not_applicable(questionnaire, cell):
    """A statement skipped on the form or while typing must not become Not applicable unnoticed."""
    data = _file(_ids(questionnaire), [_row(questionnaire), _row(questionnaire, B2c=cell)])
    assert _error(data, questionnaire) == (
        "Row 3, column B2c: the cell is empty. Write the answer from the paper form (a whole number "
        "from 1 to 5), or NA where the person ticked Not applicable or left the statement out."
    )


def test_spaces_around_numbers_are_ignored(questionnaire):
    ids = _ids(questionnaire)
    data = _file(ids, [_row(questionnaire, P1a=" 5", P1b="2 ")])
    assert parse_paper_forms(data, questionnaire) == [{**dict.fromkeys(ids, 3), "P1a": 5, "P1b": 2}]


def test_trailing_empty_lines_are_ignored(questionnaire):
    ids = _ids(questionnaire)
    data = _file(ids, [_row(questionnaire)]) + b"\r\n\r\n\n"
    assert parse_paper_forms(data, questionnaire) == [dict.fromkeys(ids, 3)]


def test_template_is_the_item_ids_in_order_with_no_rows(questionnaire):
    data = template_csv(questionnaire)
    assert data == codecs.BOM_UTF8 + (",".join(_ids(questionnaire)) + "\r\n").encode()


def test_template_filled_in_round_trips(questionnaire):
    ids = _ids(questionnaire)
    # Values 1..5 and None, different in every row and column.
    answers = [{item_id: (n + r) % 6 or None for n, item_id in enumerate(ids)} for r in range(3)]
    filled = csv_bytes(ids, ([a[item_id] or "NA" for item_id in ids] for a in answers))
    assert filled.startswith(template_csv(questionnaire))
    assert parse_paper_forms(filled, questionnaire) == answers


def test_exactly_the_row_limit_is_accepted(questionnaire):
    ids = _ids(questionnaire)
    answers = parse_paper_forms(_file(ids, [_row(questionnaire)] * MAX_ROWS), questionnaire)
    assert len(answers) == MAX_ROWS


# ---------------------------------------------------------------- malformed files


def test_unknown_column_is_named_with_its_spreadsheet_letter(questionnaire):
    ids = _ids(questionnaire)
    message = _error(_file([*ids[:2], "Q1", *ids[2:]], [["3"] * (len(ids) + 1)]), questionnaire)
    assert message.startswith('Row 1, column C: "Q1" is not an item id of this questionnaire')
    assert "B1a, B1b, ..., M3b" in message
    assert "template" in message


def test_unknown_column_that_differs_in_case_suggests_the_id(questionnaire):
    ids = _ids(questionnaire)
    message = _error(_file(["b1a", *ids[1:]], [_row(questionnaire)]), questionnaire)
    assert 'Row 1, column A: "b1a" is not an item id' in message
    assert 'did you mean "B1a"? Item ids are case-sensitive' in message


def test_duplicate_column_is_named(questionnaire):
    ids = _ids(questionnaire)
    message = _error(_file([*ids, "B2a"], [["3"] * (len(ids) + 1)]), questionnaire)
    assert message == 'Row 1: column "B2a" appears 2 times (columns C, AE); keep one.'


def test_missing_column_is_named_and_points_to_the_template(questionnaire):
    ids = [i for i in _ids(questionnaire) if i != "O3b"]
    message = _error(_file(ids, [["3"] * len(ids)]), questionnaire)
    assert message.startswith('Row 1: the column "O3b" is missing: download the template')


def test_column_without_a_name_is_refused(questionnaire):
    ids = _ids(questionnaire)
    message = _error(_file([*ids, ""], [_row(questionnaire)]), questionnaire)
    assert message.startswith("Row 1, column AE has no name")


def test_header_of_another_file_is_refused_as_a_whole(questionnaire):
    message = _error(_file(["name", "score"], [["Ana", "4"]]), questionnaire)
    assert message.startswith(
        "Row 1 must hold the item ids (B1a, B1b, ..., M3b) separated by commas or semicolons"
    )


def test_value_error_message_is_exact(questionnaire):
    ids = _ids(questionnaire)
    data = _file(ids, [_row(questionnaire), _row(questionnaire), _row(questionnaire, B2a="4.5")])
    assert _error(data, questionnaire) == (
        'Row 4, column B2a: "4.5" is not a whole number from 1 to 5 (or NA for Not applicable).'
    )


@pytest.mark.parametrize("value", ["0", "6", "-1", "10"])
def test_value_outside_the_scale(questionnaire, value):
    data = _file(_ids(questionnaire), [_row(questionnaire, M1a=value)])
    assert _error(data, questionnaire).startswith(f'Row 2, column M1a: "{value}" is outside the scale')


@pytest.mark.parametrize("value", ["4.5", "4.0", ".5"])
def test_fraction_in_a_comma_file(questionnaire, value):
    data = _file(_ids(questionnaire), [_row(questionnaire, P3a=value)])
    assert _error(data, questionnaire).startswith(
        f'Row 2, column P3a: "{value}" is not a whole number from 1 to 5'
    )


def test_decimal_comma_in_a_semicolon_file(questionnaire):
    data = _file(_ids(questionnaire), [_row(questionnaire, P3a="4,5")], delimiter=";")
    assert _error(data, questionnaire).startswith(
        'Row 2, column P3a: "4,5" is not a whole number from 1 to 5'
    )


def test_decimal_comma_in_a_comma_file_splits_the_cell(questionnaire):
    ids = _ids(questionnaire)
    message = _error(_file(ids, [_row(questionnaire, P3a="4,5")]), questionnaire)
    assert message.startswith(f"Row 2 has {len(ids) + 1} cells, but the header has {len(ids)} columns")
    assert "4,5" in message


def test_text_value(questionnaire):
    data = _file(_ids(questionnaire), [_row(questionnaire, O2b="agree")])
    assert _error(data, questionnaire).startswith('Row 2, column O2b: "agree" is not a number')


def test_long_text_value_is_shortened(questionnaire):
    data = _file(_ids(questionnaire), [_row(questionnaire, O2b="x" * 500)])
    message = _error(data, questionnaire)
    assert '"' + "x" * 37 + '..." is not a number' in message
    assert len(message) < 200


def test_row_with_no_value_at_all(questionnaire):
    ids = _ids(questionnaire)
    data = _file(ids, [_row(questionnaire), [""] * len(ids), _row(questionnaire)], delimiter=";")
    assert _error(data, questionnaire).startswith("Row 3 has no value at all")


def test_blank_line_between_rows_is_a_row_with_no_value(questionnaire):
    ids = _ids(questionnaire)
    data = _file(ids, [_row(questionnaire), [], _row(questionnaire)])
    assert _error(data, questionnaire).startswith("Row 3 has no value at all")


def test_row_with_too_many_cells(questionnaire):
    ids = _ids(questionnaire)
    data = _file(ids, [_row(questionnaire), [*_row(questionnaire), "4"]])
    assert _error(data, questionnaire).startswith(
        f"Row 3 has {len(ids) + 1} cells, but the header has {len(ids)}"
    )


def test_row_with_too_few_cells(questionnaire):
    ids = _ids(questionnaire)
    data = _file(ids, [_row(questionnaire)[:-1]])
    assert _error(data, questionnaire).startswith(
        f"Row 2 has {len(ids) - 1} cells, but the header has {len(ids)}"
    )


@pytest.mark.parametrize("data", [b"", b"  \r\n\n", codecs.BOM_UTF8, codecs.BOM_UTF8 + b"\r\n"])
def test_empty_file(questionnaire, data):
    assert _error(data, questionnaire).startswith("The file is empty")


@pytest.mark.parametrize("ending", ["", "\r\n", "\r\n\r\n"])
def test_header_only(questionnaire, ending):
    data = codecs.BOM_UTF8 + (",".join(_ids(questionnaire)) + ending).encode()
    assert _error(data, questionnaire).startswith("The file has a header but no respondent rows")


def test_file_over_the_size_limit_is_refused_before_reading(questionnaire):
    header = ",".join(_ids(questionnaire)).encode() + b"\r\n"
    data = header + b" " * (MAX_BYTES + 1 - len(header))
    assert len(data) == MAX_BYTES + 1
    assert _error(data, questionnaire).startswith("The file is larger than 5 MB, the limit")


def test_file_of_exactly_the_size_limit_is_read(questionnaire):
    # Only spaces: reading it proves the size passed, and yields the empty-file message.
    assert _error(b" " * MAX_BYTES, questionnaire).startswith("The file is empty")


def test_file_over_the_row_limit(questionnaire):
    data = _file(_ids(questionnaire), [_row(questionnaire)] * (MAX_ROWS + 1))
    message = _error(data, questionnaire)
    assert message.startswith("The file has 10,001 respondent rows; the limit is 10,000.")
    assert "Split it into smaller files" in message


def test_bytes_that_are_neither_utf8_nor_windows_1252(questionnaire):
    # 0x81 and 0x8D are invalid UTF-8 here and undefined in Windows-1252.
    data = _file(_ids(questionnaire), []) + b"\x81\x8d"
    assert '"CSV UTF-8"' in _error(data, questionnaire)


def test_invalid_utf8_after_a_bom(questionnaire):
    data = codecs.BOM_UTF8 + _file(_ids(questionnaire), [_row(questionnaire, B1a="\xe94")], encoding="cp1252")
    assert '"CSV UTF-8"' in _error(data, questionnaire)


def test_utf16_file_is_refused(questionnaire):
    data = _file(_ids(questionnaire), [_row(questionnaire)], delimiter="\t", encoding="utf-16")
    assert '"CSV UTF-8"' in _error(data, questionnaire)


def test_misplaced_quotation_mark_names_the_row(questionnaire):
    data = _file(_ids(questionnaire), [_row(questionnaire), _row(questionnaire, B1a='"4"5')])
    assert _error(data, questionnaire).startswith("Row 3 cannot be read")


def test_several_problems_are_listed_one_per_line(questionnaire):
    ids = _ids(questionnaire)
    data = _file(
        ids, [_row(questionnaire, B1a="0"), _row(questionnaire), _row(questionnaire, B1b="x", M3b="7")]
    )
    lines = _error(data, questionnaire).splitlines()
    assert lines[0] == "The file has 3 problems:"
    assert [line.split(":")[0] for line in lines[1:]] == [
        "Row 2, column B1a",
        "Row 4, column B1b",
        "Row 4, column M3b",
    ]


def test_many_problems_list_the_first_ten_and_count_all(questionnaire):
    data = _file(_ids(questionnaire), [_row(questionnaire, B1a="9")] * 25)
    lines = _error(data, questionnaire).splitlines()
    assert lines[0] == "The file has 25 problems; the first 10 are:"
    assert lines[1].startswith("Row 2, column B1a")
    assert lines[10].startswith("Row 11, column B1a")
    assert len(lines) == 11
