"""The personal CSVs: exact headers, values, encoding, and the formula-injection guard."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from assessment.export import (
    RESPONSES_HEADER,
    SCORES_HEADER,
    csv_bytes,
    neutralise,
    questionnaire_csv,
    responses_csv,
    scores_csv,
)
from assessment.storage import StoredResponse
from bench.differencing import online_round

SUBMITTED = datetime(2026, 3, 1, 9, 30, 5, 123456, tzinfo=UTC)


def _rows(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "Excel needs the byte order mark to read UTF-8"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def _header(data: bytes) -> str:
    return data.decode("utf-8-sig").split("\r\n", 1)[0]


def _response(questionnaire, answers, public_id="r1", submitted_at=SUBMITTED):
    return StoredResponse(public_id, submitted_at, questionnaire.version, answers)


def test_responses_csv_has_the_exact_header_and_a_row_per_item(questionnaire):
    answers = {i.id: 2 for i in questionnaire.items}
    data = responses_csv(questionnaire, [_response(questionnaire, answers)])
    assert _header(data) == ",".join(RESPONSES_HEADER)
    assert _header(data) == (
        "response_id,submitted_at,instrument_version,area,point,item_id,item_text,reverse_keyed,raw_value,item_score"
    )
    rows = _rows(data)
    assert [r["item_id"] for r in rows] == [i.id for i in questionnaire.items]


def test_responses_csv_values(questionnaire):
    reversed_item = next(i for i in questionnaire.items if i.reverse)
    forward_item = next(i for i in questionnaire.items if not i.reverse)
    answers = {i.id: 4 for i in questionnaire.items}
    answers[forward_item.id] = None
    rows = {r["item_id"]: r for r in _rows(responses_csv(questionnaire, [_response(questionnaire, answers)]))}

    assert rows[reversed_item.id]["raw_value"] == "4"
    assert rows[reversed_item.id]["item_score"] == "2"
    assert rows[reversed_item.id]["reverse_keyed"] == "true"
    assert rows[forward_item.id]["raw_value"] == ""
    assert rows[forward_item.id]["item_score"] == ""
    assert rows[forward_item.id]["reverse_keyed"] == "false"
    assert rows[forward_item.id]["item_text"] == forward_item.text
    assert rows[forward_item.id]["submitted_at"] == "2026-03-01T09:30:05Z"
    assert rows[forward_item.id]["instrument_version"] == questionnaire.version
    assert rows[forward_item.id]["area"] == forward_item.area
    assert rows[forward_item.id]["point"] == forward_item.point


def test_scores_csv_header_values_and_all_submissions(questionnaire):
    first = {i.id: 3 for i in questionnaire.items}
    second = {i.id: (5 if not i.reverse else 1) for i in questionnaire.items}
    macro = questionnaire.items_in_area("macro")
    for item in macro[: len(macro) // 2 + 1]:
        second[item.id] = None  # fewer than half of macro answered
    later = datetime(2026, 9, 1, tzinfo=UTC)
    data = scores_csv(
        questionnaire, [_response(questionnaire, first), _response(questionnaire, second, "r2", later)]
    )
    assert (
        _header(data) == "response_id,submitted_at,instrument_version,area,score,answered_items,total_items"
    )
    assert _header(data) == ",".join(SCORES_HEADER)
    rows = _rows(data)
    assert [(r["response_id"], r["area"]) for r in rows] == [
        (rid, a.id) for rid in ("r1", "r2") for a in questionnaire.areas
    ]
    by_key = {(r["response_id"], r["area"]): r for r in rows}
    assert by_key[("r1", "bias")]["score"] == "3.00"
    assert by_key[("r2", "personal")]["score"] == "5.00"
    assert by_key[("r2", "macro")]["score"] == ""
    assert by_key[("r2", "macro")]["answered_items"] == str(len(macro) - (len(macro) // 2 + 1))
    assert by_key[("r2", "macro")]["total_items"] == str(len(macro))


def test_scores_are_rounded_half_up_to_two_decimals(questionnaire):
    items = questionnaire.items_in_area("organisational")  # 8 items: means in eighths
    answers = {i.id: 5 for i in questionnaire.items}
    # Item scores 4 x7 and 5 x1 -> 33 / 8 = 4.125 -> 4.13 (halves up, not to even).
    for item in items:
        answers[item.id] = 2 if item.reverse else 4
    answers[next(i.id for i in items if not i.reverse)] = 5
    rows = _rows(scores_csv(questionnaire, [_response(questionnaire, answers)]))
    assert next(r for r in rows if r["area"] == "organisational")["score"] == "4.13"


@pytest.mark.parametrize(
    "dangerous", ["=1+1", "+31 6", "-2", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("http://x")']
)
def test_formula_triggers_are_neutralised(dangerous):
    assert neutralise(dangerous) == "'" + dangerous
    rows = list(csv.reader(io.StringIO(csv_bytes(["text"], [[dangerous]]).decode("utf-8-sig"), newline="")))
    assert rows[1][0] == "'" + dangerous


@pytest.mark.parametrize(
    ("dangerous", "neutralised"),
    [
        ('x;=HYPERLINK("http://x")', 'x;\'=HYPERLINK("http://x")'),
        ("Team, +31 6", "Team, '+31 6"),
        ("a;@b,-c", "a;'@b,'-c"),
        ("=a;=b", "'=a;'=b"),
    ],
)
def test_a_formula_after_a_separator_is_neutralised(dangerous, neutralised):
    """European Excel splits a cell on ";": the part after it would run as a formula."""
    assert neutralise(dangerous) == neutralised


@pytest.mark.parametrize("safe", ["I notice.", "", "3 = three", "e-mail", "Youth work; east", "1, 2 and 3"])
def test_ordinary_text_is_untouched(safe):
    assert neutralise(safe) == safe


def test_item_text_in_the_export_is_guarded(questionnaire):
    item = replace(questionnaire.items[0], text="=cmd|' /C calc'!A0")
    poisoned = replace(questionnaire, items=(item, *questionnaire.items[1:]))
    rows = _rows(responses_csv(poisoned, [_response(poisoned, {i.id: 3 for i in poisoned.items})]))
    assert rows[0]["item_text"] == "'=cmd|' /C calc'!A0"


def test_questionnaire_csv_lists_every_item(questionnaire):
    rows = _rows(questionnaire_csv(questionnaire))
    assert list(rows[0]) == ["item_id", "area", "point", "reverse_keyed", "text"]
    assert [r["item_id"] for r in rows] == [i.id for i in questionnaire.items]
    assert sum(r["reverse_keyed"] == "true" for r in rows) == sum(i.reverse for i in questionnaire.items)


def test_lines_end_with_crlf_as_rfc_4180_asks():
    assert csv_bytes(["a"], [["1"]]).endswith(b"\r\n")


_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


@pytest.mark.parametrize(
    "formula",
    ["=1+1", 'x;=HYPERLINK("http://x")', "x,+1", "x; @SUM(A1)"],
    ids=["leading", ";", ",", "; space"],
)
def test_every_csv_the_app_writes_neutralises_formulas(questionnaire, formula):
    """Each export, fed a formula where people's or editors' text can reach it: at the start of
    a cell, or after a separator where a European Excel splits the cell in two."""
    from assessment import aggregate, importer
    from assessment.export import team_area_scores_csv, team_item_distribution_csv
    from assessment.storage import Round

    item = replace(questionnaire.items[0], id=formula, text=formula)
    poisoned = replace(questionnaire, items=(item, *questionnaire.items[1:]))
    stored = [_response(poisoned, {i.id: 3 for i in poisoned.items}, public_id=formula)]
    round_ = Round(1, 1, formula, SUBMITTED, SUBMITTED, 5, 0, 5, poisoned.version)
    data = online_round([{i.id: 3 for i in poisoned.items}] * 5)
    figures = [aggregate.round_figures(poisoned, round_, data, aggregate.PublishingRules(5, 10))]
    exports = {
        "responses": responses_csv(poisoned, stored),
        "scores": scores_csv(poisoned, stored),
        "questionnaire": questionnaire_csv(poisoned),
        "team areas": team_area_scores_csv(formula, figures),
        "team items": team_item_distribution_csv(formula, figures),
        "template": importer.template_csv(poisoned),
    }
    for name, data in exports.items():
        cells = [
            cell for row in csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")) for cell in row
        ]
        assert any(formula.lstrip("=")[:1] in cell for cell in cells), f"{name} holds the text"
        for cell in cells:
            # Split as Excel does in a locale whose list separator is ";" or ",".
            parts = [part.lstrip(" ") for separator in ";," for part in cell.split(separator)]
            assert not any(part.startswith(_TRIGGERS) for part in [cell, *parts]), (name, cell)
