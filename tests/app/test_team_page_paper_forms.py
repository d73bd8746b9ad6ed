"""Paper forms into a team round, from the dashboard and from the command line: all rows or none."""

from __future__ import annotations

import random

import pandas as pd
import pytest

from assessment.__main__ import main
from assessment.demo import synthetic_answers
from assessment.export import csv_bytes
from assessment.importer import template_csv
from tests.app.conftest import texts
from tests.conftest import BOTH_DATABASES, fill_round

pytestmark = BOTH_DATABASES

TEAM_PAGE = "app_pages/team.py"


@pytest.fixture(autouse=True)
def _command_line_uses_the_test_database(database_url, monkeypatch):
    monkeypatch.setenv("ASSESSMENT_DATABASE_URL", database_url)


def _cells(questionnaire, answer_sets):
    """Header and rows of filled-in paper forms, as a lead would type them."""
    ids = [i.id for i in questionnaire.items]
    return ids, [["NA" if a[i] is None else a[i] for i in ids] for a in answer_sets]


def _forms_csv(questionnaire, answer_sets, delimiter=","):
    data = csv_bytes(*_cells(questionnaire, answer_sets))
    return data.replace(b",", b";") if delimiter == ";" else data


def _answer_sets(questionnaire, count, seed=3):
    rng = random.Random(seed)
    return [synthetic_answers(questionnaire, rng) for _ in range(count)]


def _lead_page(open_app, created):
    at = open_app(TEAM_PAGE)
    at.text_input(key="lead_code_input").input(created.join_code)
    at.text_input(key="lead_key_input").input(created.lead_key)
    next(b for b in at.button if b.label == "Open the dashboard").click()
    return at.run()


def test_the_template_has_one_column_per_item(questionnaire):
    header = template_csv(questionnaire).decode("utf-8-sig").strip()
    assert header.split(",") == [i.id for i in questionnaire.items]


def test_imported_forms_give_the_same_aggregates_as_answers_given_in_the_app(
    storage, questionnaire, tmp_path
):
    answer_sets = _answer_sets(questionnaire, 7)
    through_app = storage.create_team("Through the app")
    round_a = storage.open_round(through_app.team.id, "Spring", 12)
    fill_round(storage, questionnaire, through_app.team.id, answer_sets)
    storage.close_round(through_app.team.id, round_a.id)

    on_paper = storage.create_team("On paper")
    round_b = storage.open_round(on_paper.team.id, "Spring", 12)
    path = tmp_path / "forms.csv"
    path.write_bytes(_forms_csv(questionnaire, answer_sets, delimiter=";"))
    code = main(["import", str(path), "--join-code", on_paper.join_code, "--lead-key", on_paper.lead_key])
    assert code == 0
    storage.close_round(on_paper.team.id, round_b.id)

    # Paper forms alone are never published (the lead has seen them), so compare what is stored.
    [a] = storage.rounds_of(through_app.team.id)
    [b] = storage.rounds_of(on_paper.team.id)
    stored_a = storage.round_data(a.id).answers.reset_index(drop=True)
    stored_b = storage.round_data(b.id).answers.reset_index(drop=True)
    pd.testing.assert_frame_equal(stored_a, stored_b)
    assert (b.paper, a.paper) == (7, 0)


def test_a_malformed_file_writes_no_row_and_exits_non_zero(storage, questionnaire, tmp_path, capsys):
    created = storage.create_team("Team")
    storage.open_round(created.team.id, "Spring", 12)
    header, rows = _cells(questionnaire, _answer_sets(questionnaire, 30))
    rows[24][3] = 6  # the 25th respondent, on row 26 below the header
    path = tmp_path / "forms.csv"
    path.write_bytes(csv_bytes(header, rows))
    code = main(["import", str(path), "--join-code", created.join_code, "--lead-key", created.lead_key])
    assert code != 0
    assert "Row 26" in capsys.readouterr().err
    assert storage.open_round_of(created.team.id).responses == 0


def test_import_refuses_a_closed_round_and_a_wrong_key(storage, questionnaire, tmp_path, capsys):
    created = storage.create_team("Team")
    spring = storage.open_round(created.team.id, "Spring", 12)
    storage.close_round(created.team.id, spring.id)
    path = tmp_path / "forms.csv"
    path.write_bytes(_forms_csv(questionnaire, _answer_sets(questionnaire, 2)))
    args = ["import", str(path), "--join-code", created.join_code]
    assert main([*args, "--lead-key", created.lead_key, "--round", "Spring"]) != 0
    assert "not the open round" in capsys.readouterr().err
    assert main([*args, "--lead-key", created.lead_key]) != 0
    assert "no open round" in capsys.readouterr().err
    assert main([*args, "--lead-key", "wrong"]) != 0
    assert storage.rounds_of(created.team.id)[0].responses == 0


def test_the_lead_uploads_forms_on_the_dashboard(open_app, storage, questionnaire):
    created = storage.create_team("Team")
    storage.open_round(created.team.id, "Spring", 12)
    at = _lead_page(open_app, created)
    assert at.get("download_button")[0].proto.label == "Template for paper forms (CSV)"
    at.file_uploader(key="upload_forms").set_value(
        ("forms.csv", _forms_csv(questionnaire, _answer_sets(questionnaire, 12)), "text/csv")
    ).run()
    at.button(key="import_forms").click().run()
    assert "Added 12 paper forms to the round “Spring”." in texts(at)
    assert storage.open_round_of(created.team.id).responses == 12


def test_a_bad_upload_says_what_is_wrong_and_imports_nothing(open_app, storage, questionnaire):
    created = storage.create_team("Team")
    storage.open_round(created.team.id, "Spring", 12)
    at = _lead_page(open_app, created)
    data = _forms_csv(questionnaire, _answer_sets(questionnaire, 3)).replace(b"B1a", b"B9z", 1)
    at.file_uploader(key="upload_forms").set_value(("forms.csv", data, "text/csv")).run()
    at.button(key="import_forms").click().run()
    assert at.error[0].value.startswith("Nothing was imported.")
    assert "B9z" in at.error[0].value
    assert storage.open_round_of(created.team.id).responses == 0
