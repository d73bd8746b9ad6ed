"""Team CSVs and the command line: the same anonymity rule as on screen, clear refusals."""

from __future__ import annotations

import csv
import getpass
import io
import os
import subprocess
import sys

import pytest

from assessment import aggregate
from assessment.__main__ import DEMO_ROUNDS, LEAD_KEY_VARIABLE, main
from assessment.aggregate import PublishingRules
from assessment.export import csv_bytes, team_area_scores_csv, team_item_distribution_csv
from assessment.storage import Storage
from tests.conftest import BOTH_DATABASES, ROOT, all_answered, fill_round

pytestmark = BOTH_DATABASES

K = 5
RULES = PublishingRules(min_group_size=K, detail_group_size=2 * K)
TEAM_SIZE = 12


def _figures(storage, questionnaire, team_id):
    return aggregate.team_view(storage, questionnaire, team_id, RULES).figures


def _rows(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


@pytest.fixture
def shown_team(storage, questionnaire):
    """A team with one closed round of ten identical responses and one open round."""
    created = storage.create_team("=Team with a formula name")
    spring = storage.open_round(created.team.id, "Spring 2025", TEAM_SIZE)
    fill_round(storage, questionnaire, created.team.id, [all_answered(questionnaire, 4)] * 2 * K)
    storage.close_round(created.team.id, spring.id)
    storage.open_round(created.team.id, "Autumn 2025", TEAM_SIZE)
    fill_round(storage, questionnaire, created.team.id, [all_answered(questionnaire, 2)] * K)
    return created


def test_team_csvs_have_the_exact_headers_and_only_shown_rounds(storage, questionnaire, shown_team):
    figures = _figures(storage, questionnaire, shown_team.team.id)
    areas = team_area_scores_csv(shown_team.team.name, figures)
    items = team_item_distribution_csv(shown_team.team.name, figures)
    assert (
        areas.decode("utf-8-sig").splitlines()[0]
        == "team,round,instrument_version,area,withheld,n,paper,mean,sd,median"
    )
    assert items.decode("utf-8-sig").splitlines()[0] == (
        "team,round,instrument_version,area,point,item_id,withheld,banded,n,paper,count_1,count_2,count_3,count_4,count_5,"
        "count_disagree,count_neutral,count_agree,count_na"
    )
    area_rows, item_rows = _rows(areas), _rows(items)
    assert {r["round"] for r in area_rows} == {"Spring 2025"}, "the open round is never exported"
    assert len(area_rows) == len(questionnaire.areas)
    assert len(item_rows) == len(questionnaire.items)
    bias = next(r for r in area_rows if r["area"] == "bias")
    assert (bias["withheld"], bias["n"], bias["paper"], bias["sd"]) == ("false", "10", "0", "0.00")
    # Everyone answered 4: exact counts would say what each person answered, so the row is banded.
    first = item_rows[0]
    assert (first["item_id"], first["banded"], first["n"], first["count_4"]) == ("B1a", "true", "10", "")
    assert (first["count_disagree"], first["count_neutral"], first["count_agree"]) == ("0", "0", "10")


def test_team_name_is_neutralised_in_team_csvs(storage, questionnaire, shown_team):
    figures = _figures(storage, questionnaire, shown_team.team.id)
    for data in (
        team_area_scores_csv(shown_team.team.name, figures),
        team_item_distribution_csv("@x", figures),
    ):
        assert all(r["team"].startswith("'") for r in _rows(data))


def test_export_command_writes_the_two_files(database_url, monkeypatch, tmp_path, shown_team):
    monkeypatch.setenv("ASSESSMENT_DATABASE_URL", database_url)
    out = tmp_path / "out"
    code = main(
        ["export", "--join-code", shown_team.join_code, "--lead-key", shown_team.lead_key, "--out", str(out)]
    )
    assert code == 0
    assert {p.name for p in out.iterdir()} == {"team_area_scores.csv", "team_item_distribution.csv"}
    assert {r["round"] for r in _rows((out / "team_area_scores.csv").read_bytes())} == {"Spring 2025"}


def test_export_command_refuses_a_wrong_key(database_url, monkeypatch, tmp_path, shown_team, capsys):
    monkeypatch.setenv("ASSESSMENT_DATABASE_URL", database_url)
    out = tmp_path / "out"
    code = main(["export", "--join-code", shown_team.join_code, "--lead-key", "WRONG", "--out", str(out)])
    assert code != 0
    assert "do not open a team" in capsys.readouterr().err
    assert not out.exists()


def test_export_command_refuses_a_hidden_round(database_url, monkeypatch, tmp_path, shown_team, capsys):
    monkeypatch.setenv("ASSESSMENT_DATABASE_URL", database_url)
    args = ["export", "--join-code", shown_team.join_code, "--lead-key", shown_team.lead_key]
    code = main([*args, "--round", "Autumn 2025", "--out", str(tmp_path / "out")])
    assert code != 0
    assert "Results appear when the round is closed" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_export_command_refuses_a_team_with_nothing_to_show(
    database_url, monkeypatch, tmp_path, storage, capsys
):
    monkeypatch.setenv("ASSESSMENT_DATABASE_URL", database_url)
    created = storage.create_team("New team")
    storage.open_round(created.team.id, "Spring", TEAM_SIZE)
    code = main(
        ["export", "--join-code", created.join_code, "--lead-key", created.lead_key, "--out", str(tmp_path)]
    )
    assert code != 0
    assert "no round that can be exported yet" in capsys.readouterr().err


def test_demo_creates_three_closed_rounds_and_an_open_one(database_url, monkeypatch, capsys, questionnaire):
    monkeypatch.setenv("ASSESSMENT_DATABASE_URL", database_url)
    assert main(["demo"]) == 0
    printed = capsys.readouterr().out
    join_code = printed.split("Join code: ")[1].split()[0]
    lead_key = printed.split("Lead key:  ")[1].split()[0]
    storage = Storage.open(database_url)
    team = storage.team_for_lead(join_code, lead_key)
    rounds = storage.rounds_of(team.id)
    assert [r.is_open for r in rounds] == [False, False, False, True]
    assert all(8 <= r.responses <= 15 for r in rounds[:3])
    assert [r.responses for r in rounds[:3]] == [n for _, n in DEMO_ROUNDS]
    figures = _figures(storage, questionnaire, team.id)
    assert len(figures) == 3
    # Plausible and varied: every answer value and Not applicable occur, areas differ.
    counts = figures[0].items[[*aggregate.BAND_COLUMNS, "count_na"]].sum()
    assert (counts > 0).all()
    assert figures[0].areas["mean"].nunique() == len(questionnaire.areas)


def test_demo_is_the_same_for_the_same_seed(tmp_path, monkeypatch, questionnaire, capsys):
    means = []
    for name in ("a", "b"):
        url = f"sqlite:///{tmp_path / name}.sqlite3"
        monkeypatch.setenv("ASSESSMENT_DATABASE_URL", url)
        main(["demo"])
        printed = capsys.readouterr().out
        storage = Storage.open(url)
        team = storage.team_by_join_code(printed.split("Join code: ")[1].split()[0])
        means.append(_figures(storage, questionnaire, team.id)[0].areas["mean"].tolist())
    assert means[0] == means[1]


def test_questionnaire_command_prints_csv_from_a_real_process(questionnaire):
    result = subprocess.run(
        [sys.executable, "-m", "assessment", "questionnaire", "--version", questionnaire.version],
        cwd=ROOT,
        capture_output=True,
        check=True,
    )
    rows = list(csv.DictReader(io.StringIO(result.stdout.decode("utf-8-sig"), newline="")))
    assert [r["item_id"] for r in rows] == [i.id for i in questionnaire.items]
    assert rows[0]["text"] == questionnaire.items[0].text


def test_command_line_errors_are_messages_not_tracebacks(monkeypatch):
    result = subprocess.run(
        [sys.executable, "-m", "assessment", "questionnaire"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"ASSESSMENT_MIN_GROUP_SIZE": "1", "PATH": ""},
    )
    assert result.returncode == 2
    assert result.stderr.startswith("error: ASSESSMENT_MIN_GROUP_SIZE is 1")
    assert "Traceback" not in result.stderr


# ------------------------------------------------------- the lead key and the files on disk


@pytest.fixture
def command_line(database_url, monkeypatch):
    """The command line on the test database, with no lead key in the environment and no prompt."""
    monkeypatch.setenv("ASSESSMENT_DATABASE_URL", database_url)
    monkeypatch.delenv(LEAD_KEY_VARIABLE, raising=False)

    def no_prompt(prompt):
        raise AssertionError("the command asked for a key it had been given")

    monkeypatch.setattr(getpass, "getpass", no_prompt)
    return monkeypatch


def _export(team, out) -> list[str]:
    return ["export", "--join-code", team.join_code, "--out", str(out)]


def _paper_form(questionnaire, tmp_path):
    path = tmp_path / "forms.csv"
    path.write_bytes(csv_bytes([i.id for i in questionnaire.items], [[3] * len(questionnaire.items)]))
    return path


def test_the_lead_key_comes_from_the_environment_without_a_warning(
    command_line, tmp_path, shown_team, questionnaire, storage, capsys
):
    command_line.setenv(LEAD_KEY_VARIABLE, shown_team.lead_key)
    assert main(_export(shown_team, tmp_path / "out")) == 0
    imported = ["import", str(_paper_form(questionnaire, tmp_path)), "--join-code", shown_team.join_code]
    assert main(imported) == 0
    assert "warning" not in capsys.readouterr().err
    assert storage.open_round_of(shown_team.team.id).paper == 1


def test_without_a_key_the_command_asks_for_it_without_showing_it(
    command_line, tmp_path, shown_team, questionnaire, storage
):
    prompts = []
    command_line.setattr(getpass, "getpass", lambda prompt: prompts.append(prompt) or shown_team.lead_key)
    assert main(_export(shown_team, tmp_path / "out")) == 0
    imported = ["import", str(_paper_form(questionnaire, tmp_path)), "--join-code", shown_team.join_code]
    assert main(imported) == 0
    assert prompts == ["Lead key: ", "Lead key: "]
    assert storage.open_round_of(shown_team.team.id).paper == 1


def test_no_key_at_the_prompt_is_a_message(command_line, tmp_path, shown_team, capsys):
    def end_of_input(prompt):
        raise EOFError

    command_line.setattr(getpass, "getpass", end_of_input)
    assert main(_export(shown_team, tmp_path / "out")) == 1
    assert "No lead key: type it when asked, or set ASSESSMENT_LEAD_KEY" in capsys.readouterr().err


def test_a_key_on_the_command_line_still_works_but_warns(command_line, tmp_path, shown_team, capsys):
    assert main([*_export(shown_team, tmp_path / "out"), "--lead-key", shown_team.lead_key]) == 0
    err = capsys.readouterr().err
    assert err.startswith("warning: a key given with --lead-key can be read by other users in `ps`")
    assert LEAD_KEY_VARIABLE in err and shown_team.lead_key not in err


def test_export_replaces_a_planted_symlink_instead_of_writing_through_it(command_line, tmp_path, shown_team):
    command_line.setenv(LEAD_KEY_VARIABLE, shown_team.lead_key)
    out = tmp_path / "out"
    out.mkdir()
    elsewhere = tmp_path / "someone_elses_file"
    elsewhere.write_text("untouched")
    (out / "team_area_scores.csv").symlink_to(elsewhere)
    assert main(_export(shown_team, out)) == 0
    assert elsewhere.read_text() == "untouched"
    assert not (out / "team_area_scores.csv").is_symlink()
    assert {r["round"] for r in _rows((out / "team_area_scores.csv").read_bytes())} == {"Spring 2025"}
    assert {p.name for p in out.iterdir()} == {"team_area_scores.csv", "team_item_distribution.csv"}


def test_an_export_that_cannot_be_written_leaves_the_old_file_whole(
    command_line, tmp_path, shown_team, capsys
):
    command_line.setenv(LEAD_KEY_VARIABLE, shown_team.lead_key)
    out = tmp_path / "out"
    out.mkdir()
    (out / "team_area_scores.csv").write_text("the previous export")

    def disk_full(source, target):
        raise OSError(28, "No space left on device")

    command_line.setattr(os, "replace", disk_full)
    assert main(_export(shown_team, out)) == 1
    assert "team_area_scores.csv cannot be written: No space left on device." in capsys.readouterr().err
    assert [p.name for p in out.iterdir()] == ["team_area_scores.csv"], "no temporary file is left"
    assert (out / "team_area_scores.csv").read_text() == "the previous export"


# ------------------------------------------------------------------ organisations


def test_org_create_prints_a_code_and_key_that_open_the_organisation(database_url, monkeypatch, capsys):
    monkeypatch.setenv("ASSESSMENT_DATABASE_URL", database_url)
    assert main(["org", "create", "Youth services"]) == 0
    printed = capsys.readouterr().out
    code = printed.split("Organisation code: ")[1].split()[0]
    key = printed.split("Coordinator key:   ")[1].split()[0]
    organisation = Storage.open(database_url).organisation_for_coordinator(code, key)
    assert organisation is not None and organisation.name == "Youth services"


def test_org_create_refuses_an_empty_name_with_a_message(database_url, monkeypatch, capsys):
    monkeypatch.setenv("ASSESSMENT_DATABASE_URL", database_url)
    assert main(["org", "create", "   "]) == 1
    assert capsys.readouterr().err.startswith("error: ")


def test_quality_refuses_too_few_responses_and_says_why(database_url, monkeypatch, capsys, shown_team):
    monkeypatch.setenv("ASSESSMENT_DATABASE_URL", database_url)
    assert main(["quality"]) == 1
    assert "needs at least 100 responses" in capsys.readouterr().err


def test_quality_of_the_demo_organisation_writes_its_two_files(database_url, monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("ASSESSMENT_DATABASE_URL", database_url)
    assert main(["org", "demo"]) == 0
    capsys.readouterr()
    assert main(["quality", "--out", str(tmp_path)]) == 0
    areas = _rows((tmp_path / "instrument_quality_areas.csv").read_bytes())
    items = _rows((tmp_path / "instrument_quality_items.csv").read_bytes())
    # 108 responses from three teams: the fourth team's round is withheld and stays out.
    assert {row["area"] for row in areas} == {"bias", "personal", "organisational", "macro"}
    assert all(0 < float(row["alpha"]) < 1 for row in areas)
    for row in items:  # n answered, and the rest Not applicable, of 108 responses
        assert int(row["n"]) + round(float(row["pct_na"]) * 108 / 100) == 108, row["item_id"]
