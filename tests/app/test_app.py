"""app.py: every page runs, and a broken setting, questionnaire or database stops it with a readable message."""

from __future__ import annotations

from tests.app.conftest import PAGES


def test_every_page_runs_without_exception(open_app):
    for page in PAGES:
        at = open_app(page)
        assert not at.exception, page
        # The questionnaire writes its title in Markdown (`shared.heading`), the others with st.title.
        assert at.title or any(m.value.startswith("# ") for m in at.markdown), page


def test_a_broken_questionnaire_stops_the_app_with_a_readable_message(open_app, monkeypatch, tmp_path):
    broken = tmp_path / "x.toml"
    broken.write_text('version = "x"\nlanguages = ["en"]\n', encoding="utf-8")
    monkeypatch.setenv("ASSESSMENT_QUESTIONNAIRE_DIR", str(tmp_path))
    monkeypatch.delenv("ASSESSMENT_QUESTIONNAIRE_VERSION")
    at = open_app()
    assert not at.exception
    message = at.error[0].value
    assert "questionnaire file cannot be used" in message and str(broken) in message
    assert not at.radio


def test_a_database_that_cannot_be_opened_gets_a_readable_message(open_app, monkeypatch, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("ASSESSMENT_DATABASE_URL", f"sqlite:///{blocker}/db.sqlite3")
    at = open_app()
    assert not at.exception
    assert "The database cannot be opened" in at.error[0].value


def test_a_group_size_below_three_stops_the_app(open_app, monkeypatch):
    monkeypatch.setenv("ASSESSMENT_MIN_GROUP_SIZE", "2")
    at = open_app()
    assert not at.exception
    assert "ASSESSMENT_MIN_GROUP_SIZE is 2" in at.error[0].value


def test_an_unknown_questionnaire_version_stops_the_app_with_the_known_ones(open_app, monkeypatch):
    monkeypatch.setenv("ASSESSMENT_QUESTIONNAIRE_VERSION", "1999.9")
    at = open_app()
    assert not at.exception
    message = at.error[0].value
    assert "ASSESSMENT_QUESTIONNAIRE_VERSION is '1999.9'" in message and "2026.1" in message
    assert not at.radio
