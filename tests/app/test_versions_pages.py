"""The pages after a new questionnaire version became current: drafts, team rounds, results."""

from __future__ import annotations

import pytest

from assessment.instruments import load_instruments
from assessment.storage import Storage
from tests.app.conftest import answer_all, texts
from tests.conftest import NEW_ITEM, NEW_VERSION, ROOT, all_answered, two_versions

ASSESS = "app_pages/assess.py"
RESULTS = "app_pages/results.py"
FIRST = "2026.1"


@pytest.fixture
def registry(tmp_path, monkeypatch):
    """The app runs on a folder of two versions, the newer one current."""
    folder = two_versions(tmp_path / "questionnaire")
    monkeypatch.setenv("ASSESSMENT_QUESTIONNAIRE_DIR", str(folder))
    monkeypatch.setenv("ASSESSMENT_QUESTIONNAIRE_VERSION", NEW_VERSION)
    return load_instruments(folder, "en")


def test_a_draft_begun_on_the_first_version_asks_the_new_statements(open_app, storage, registry):
    code = storage.create_person()
    person = storage.person_id(code)
    storage.save_draft_answer(person, "B1a", 4)  # a statement the new version no longer asks
    storage.save_draft_answer(person, "B1b", 2)

    at = open_app(ASSESS, code=code)
    assert not at.exception
    keys = {radio.key for radio in at.radio}
    assert "ans_B1a" not in keys and f"ans_{NEW_ITEM}" in keys
    assert at.radio(key="ans_B1b").value == 2 and at.radio(key=f"ans_{NEW_ITEM}").value is None
    assert "Answered 1 of 30" in at.get("progress")[0].proto.text

    answer_all(at, registry.current, 3, skip={"B1b"})
    at.button(key="submit").click().run()
    assert "Nothing was submitted" not in texts(at)
    [stored] = storage.person_record(person).responses
    assert stored.instrument_version == NEW_VERSION
    assert set(stored.answers) == {i.id for i in registry.current.items}, "the old answer stays out"


def test_a_members_answer_to_the_new_version_is_kept_out_of_a_round_on_the_first(open_app, storage, registry):
    created = storage.create_team("Team")
    storage.open_round(created.team.id, "Spring", 12, FIRST)
    code = storage.create_person()
    storage.join_team(storage.person_id(code), created.team.id)

    at = open_app(ASSESS, code=code)
    before = texts(at)
    assert f"opened on questionnaire version {FIRST}" in before and "does not count for the team" in before
    answer_all(at, registry.current, 4)
    at.button(key="submit").click().run()  # leads to the results page, with the notice once
    after = texts(at)
    assert "Submitted." in after and "does not count for the team" in after
    assert storage.rounds_of(created.team.id)[0].responses == 0


def test_results_after_a_new_version_say_new_version_instead_of_a_change(open_app, storage, registry):
    code = storage.create_person()
    person = storage.person_id(code)
    storage.submit_response(person, registry[FIRST], all_answered(registry[FIRST], 2))
    storage.submit_response(person, registry.current, all_answered(registry.current, 4))

    at = open_app(RESULTS, code=code)
    assert not at.exception
    table = at.dataframe[0].value
    assert set(table["change since previous"]) == {"new version"}
    page = texts(at)
    assert f"on questionnaire version {NEW_VERSION}" in page and "not computed" in page
    trend = next(frame.value for frame in at.dataframe if "version" in frame.value.columns)
    assert list(trend["version"]) == [FIRST, NEW_VERSION]


def test_the_app_as_shipped_asks_the_newest_version_and_takes_a_full_submission(
    open_app, monkeypatch, database_url
):
    """Without a setting, `make run` asks the newest file in data/questionnaire, end to end."""
    monkeypatch.delenv("ASSESSMENT_QUESTIONNAIRE_VERSION", raising=False)
    newest = load_instruments(ROOT / "data" / "questionnaire", "en").current
    at = open_app(ASSESS)
    assert [r.key for r in at.radio] == [f"ans_{item.id}" for item in newest.items]
    assert newest.introduction.split(".")[0] in texts(at)

    at = answer_all(at, newest, value=4)
    at.button(key="submit").click().run()
    assert "Nothing was submitted" not in texts(at)
    storage = Storage.open(database_url)
    [stored] = storage.person_record(storage.person_id(at.session_state["code"])).responses
    assert stored.instrument_version == newest.version and set(stored.answers) == {i.id for i in newest.items}
    for page in ("app_pages/results.py", "app_pages/my_data.py", "app_pages/home.py"):
        at.switch_page(page).run()
        assert not at.exception, page
