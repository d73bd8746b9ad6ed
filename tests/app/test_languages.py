"""The person's language: from a link, remembered with their code, the browser's, or the default."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from assessment.instruments import load_instruments
from assessment.storage import Storage
from tests.app.conftest import answer, answer_all, texts
from tests.conftest import ROOT

ASSESS = "app_pages/assess.py"


@pytest.fixture
def newest(monkeypatch):
    """The app as shipped: the newest version, written in English, Portuguese, German and French."""
    monkeypatch.delenv("ASSESSMENT_QUESTIONNAIRE_VERSION", raising=False)
    return load_instruments(ROOT / "data" / "questionnaire", "en")


def _first_statement(at) -> str:
    return at.radio[0].label.split(". ", 1)[1].replace("\\", "")


def test_a_link_with_lang_shows_the_statements_in_that_language(open_app, newest):
    at = open_app(ASSESS, lang="pt")
    portuguese = newest.get_version(newest.current_version, "pt")
    assert _first_statement(at) == portuguese.items[0].text
    assert at.radio[0].options[0] == portuguese.scale_labels[0]
    assert at.query_params["lang"] == "pt", "a link copied from the page keeps the language"


def test_an_unknown_language_falls_back_with_a_notice(open_app, newest):
    home = open_app("app_pages/home.py", lang="xx")  # the page the link opens
    assert "The language “xx” is not available here" in texts(home)
    assert "lang" not in home.query_params
    at = open_app(ASSESS, lang="xx")
    assert _first_statement(at) == newest.current.items[0].text


def test_the_browsers_language_is_the_default(monkeypatch, newest, database_url):
    monkeypatch.setenv("ASSESSMENT_DATABASE_URL", database_url)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.context = {"locale": "de-AT"}
    at.run()
    at.switch_page(ASSESS).run()
    assert _first_statement(at) == newest.get_version(newest.current_version, "de").items[0].text


def test_the_switch_changes_the_language_and_keeps_the_answers(open_app, newest):
    at = open_app(ASSESS)
    answer(at, f"ans_{newest.current.items[0].id}", 4)
    at.selectbox(key="language_choice").set_value("fr").run()
    french = newest.get_version(newest.current_version, "fr")
    assert _first_statement(at) == french.items[0].text
    assert at.radio(key=f"ans_{newest.current.items[0].id}").value == 4


def test_the_language_is_remembered_for_the_persons_code(open_app, newest, database_url):
    at = open_app(ASSESS, lang="pt")
    at = answer_all(at, newest.get_version(newest.current_version, "pt"), value=4)
    code = at.session_state["code"]
    at.button(key="submit").click().run()

    again = open_app("app_pages/results.py", code=code)  # another browser, the code typed in a link
    table = again.dataframe[0].value
    assert list(table.iloc[:, 0]) == [a.name for a in newest.get_version(newest.current_version, "pt").areas]
    storage = Storage.open(database_url)
    [stored] = storage.person_record(storage.person_id(code)).responses
    assert storage.person_record(storage.person_id(code)).language == "pt"
    assert stored.answers, "the response is stored whatever the language"


def test_the_switch_wins_over_the_language_of_the_link(open_app, newest):
    """Opened from a Portuguese link, then switched to French: the address follows, so a reload
    or a copied link does not take the choice back."""
    at = open_app(ASSESS, lang="pt")
    at.selectbox(key="language_choice").set_value("fr").run()
    assert at.query_params["lang"] == "fr"
    at.switch_page("app_pages/home.py").run()
    at.switch_page(ASSESS).run()
    assert _first_statement(at) == newest.get_version(newest.current_version, "fr").items[0].text


def test_what_an_answer_redraws_speaks_the_language(open_app, newest):
    """An answer redraws its statement with the status and, the first time, the personal code:
    fragment runs without the entry point, which must set the session's language themselves."""
    at = open_app(ASSESS, lang="pt")
    item = newest.current.items[0]
    at.radio(key=f"ans_{item.id}").set_value(4).run()  # the redraw alone, as the browser gets it
    redrawn = texts(at)
    assert at.session_state["code"] in redrawn, "the code is drawn in this redraw"
    assert "personal code" not in redrawn and "Answered" not in redrawn
    assert "1 de" in at.get("progress")[0].proto.text
