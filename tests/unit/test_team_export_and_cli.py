"""Team CSVs and the command line: the same anonymity rule as on screen, clear refusals."""

from __future__ import annotations

import csv
import io
import subprocess
import sys

import pytest

from assessment import aggregate
from assessment.__main__ import DEMO_ROUNDS, main
from assessment.export import team_area_scores_csv, team_item_distribution_csv
from assessment.storage import Storage
from tests.conftest import BOTH_DATABASES, ROOT, all_answered, fill_round

pytestmark = BOTH_DATABASES

K = 5


def _rows(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


@pytest.fixture
def shown_team(storage, questionnaire):
    """A team with one closed round of five identical responses and one open round."""
    created = storage.create_team("=Team with a formula name")
    spring = storage.open_round(created.team.id, "Spring 2025")
    fill_round(storage, questionnaire, created.team.id, [all_answered(questionnaire, 4)] * K)
    storage.close_round(created.team.id, spring.id)
    storage.open_round(created.team.id, "Autumn 2025")
    fill_round(storage, questionnaire, created.team.id, [all_answered(questionnaire, 2)] * K)
    return created


def test_team_csvs_have_the_exact_headers_and_only_shown_rounds(storage, questionnaire, shown_team):
    figures = aggregate.team_figures(storage, questionnaire, shown_team.team.id, K)
    areas = team_area_scores_csv(shown_team.team.name, figures)
    items = team_item_distribution_csv(shown_team.team.name, figures)
    assert areas.decode("utf-8-sig").splitlines()[0] == "team,round,area,n,mean,sd,median"
    assert items.decode("utf-8-sig").splitlines()[0] == (
        "team,round,area,point,item_id,n,count_1,count_2,count_3,count_4,count_5,count_na"
    )
    area_rows, item_rows = _rows(areas), _rows(items)
    assert {r["round"] for r in area_rows} == {"Spring 2025"}, "the open round is never exported"
    assert len(area_rows) == len(questionnaire.areas)
    assert len(item_rows) == len(questionnaire.items)
    bias = next(r for r in area_rows if r["area"] == "bias")
    assert bias["n"] == "5" and bias["sd"] == "0.00"
    first = item_rows[0]
    assert (first["item_id"], first["n"], first["count_4"], first["count_na"]) == ("B1a", "5", "5", "0")


def test_team_name_is_neutralised_in_team_csvs(storage, questionnaire, shown_team):
    figures = aggregate.team_figures(storage, questionnaire, shown_team.team.id, K)
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
    storage.open_round(created.team.id, "Spring")
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
    figures = aggregate.team_figures(storage, questionnaire, team.id, K)
    assert len(figures) == 3
    # Plausible and varied: every answer value and Not applicable occur, areas differ.
    counts = figures[0].items[[f"count_{v}" for v in range(1, 6)] + ["count_na"]].sum()
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
        means.append(aggregate.team_figures(storage, questionnaire, team.id, K)[0].areas["mean"].tolist())
    assert means[0] == means[1]


def test_questionnaire_command_prints_csv_from_a_real_process(questionnaire):
    result = subprocess.run(
        [sys.executable, "-m", "assessment", "questionnaire"], cwd=ROOT, capture_output=True, check=True
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
