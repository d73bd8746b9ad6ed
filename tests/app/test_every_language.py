"""Every page in every language: a Portuguese, German or French page shows no English text.

Each page is opened in the states that show the most text (a person with two submissions and a
team, an open round with its live count, a shown round with its charts, the lead's dashboard,
an incomplete submit), and everything on it is read: titles, Markdown, notices, widget labels,
help and placeholders, options, table headers and cells, and the charts' titles, axes, legends
and tooltips. A text is English when it holds an interface text that has a translation, or
English words no Portuguese, German or French sentence holds.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator

import pytest

from assessment import i18n, translations
from assessment.demo import synthetic_answers
from assessment.instruments import load_instruments
from assessment.storage import Storage
from tests.app.conftest import answer_all
from tests.conftest import ROOT, fill_round

LANGUAGES = [lang for lang in i18n.languages() if lang != i18n.SOURCE_LANGUAGE]
# Words of English sentences that are no word of Portuguese, German or French.
ENGLISH = re.compile(
    r"\b(the|your|you|and|with|this|of|to|is|are|has|have|answers?|statements?|rounds?|results?|"
    r"hidden|submitted|download|none|people|only|from|when|which)\b",
    re.IGNORECASE,
)
# Proper names that stay as they are in every language.
NAMES = (
    "Trust-building and the context of the P/CVE practitioner",  # the paper's title, published in English
    "Radicalisation Awareness Network",
    "Families, Communities & Social Care",
    "RAN FC&S",
)
TEAM, FIRST_ROUND, OPEN_ROUND = "Equipa Norte", "R1-2026", "R2-2026"  # no English in the data either


@pytest.fixture(scope="module")
def english_texts() -> list[str]:
    """The literal parts of every interface text (between placeholders) long enough to mean something."""
    parts = set()
    for message in translations.interface_template():
        for msgid in message.id if isinstance(message.id, tuple) else (message.id,):
            parts |= {
                p.strip()
                for p in re.split(r"\{[a-z_]*\}", msgid or "")
                if len(re.findall(r"[A-Za-z]+", p)) >= 3
            }
    return sorted(parts)


@pytest.fixture
def newest(monkeypatch):
    monkeypatch.delenv("ASSESSMENT_QUESTIONNAIRE_VERSION", raising=False)
    return load_instruments(ROOT / "data" / "questionnaire", "en")


@pytest.fixture
def team_with_history(newest, database_url):
    """A lead's team with a shown round and an open one, and a member with two submissions."""
    questionnaire = newest.current
    storage = Storage.open(database_url, current_version=questionnaire.version)
    rng = random.Random(7)
    created = storage.create_team(TEAM)
    first = storage.open_round(created.team.id, FIRST_ROUND, 14)
    member = storage.person_id(code := storage.create_person())
    storage.join_team(member, created.team.id)
    storage.submit_response(member, questionnaire, synthetic_answers(questionnaire, rng))
    fill_round(
        storage, questionnaire, created.team.id, [synthetic_answers(questionnaire, rng) for _ in range(6)]
    )
    storage.close_round(created.team.id, first.id)
    storage.open_round(created.team.id, OPEN_ROUND, 14)
    storage.submit_response(member, questionnaire, synthetic_answers(questionnaire, rng))
    storage.save_draft_answer(member, questionnaire.items[0].id, 4)
    storage.save_note(member, questionnaire.areas[0].id, "Nota")
    storage.engine.dispose()
    return created, code


def _spec_texts(node) -> Iterator[str]:
    """The words a chart shows: titles, legend and axis text, tooltip titles, and its data's text."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("title", "text", "calculate") or key == "values" and isinstance(value, list):
                yield from (v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str))
            yield from _spec_texts(value)
    elif isinstance(node, list):
        for value in node:
            if isinstance(value, dict) and not any(isinstance(v, dict | list) for v in value.values()):
                yield from (v for v in value.values() if isinstance(v, str))  # a data record
            else:
                yield from _spec_texts(value)


def shown(at) -> list[str]:
    """Everything the page says, one text per element part."""
    found = []
    for kind in (
        "title",
        "header",
        "subheader",
        "markdown",
        "caption",
        "info",
        "warning",
        "error",
        "success",
    ):
        found += [str(e.value) for e in at.get(kind)]
    for kind in (
        "button",
        "checkbox",
        "text_input",
        "text_area",
        "number_input",
        "selectbox",
        "radio",
        "download_button",
        "expander",
        "page_link",
        "progress",
        "file_uploader",
    ):
        for element in at.get(kind):
            proto = element.proto
            found += [
                getattr(proto, f) for f in ("label", "help", "placeholder", "text") if getattr(proto, f, "")
            ]
            if kind == "radio" or (kind == "selectbox" and getattr(element, "key", "") != "language_choice"):
                found += [str(o) for o in element.options]
    for frame in [*at.dataframe, *at.table]:
        table = frame.value.reset_index()
        found += [str(c) for c in table.columns]
        found += [v for column in table.columns for v in table[column] if isinstance(v, str)]
    for chart in at.get("vega_lite_chart"):
        found += list(_spec_texts(json.loads(chart.proto.spec)))
    return found


def english_left(at, english_texts: list[str]) -> list[str]:
    problems = []
    for text in shown(at):
        plain = text.replace("\\", "")
        for name in NAMES:
            plain = plain.replace(name, "")
        for part in english_texts:
            if part in plain:
                problems.append(f"“{part}” in: {text[:120]}")
        if len(set(w.lower() for w in ENGLISH.findall(plain))) >= 2:
            problems.append(f"English words {sorted(set(ENGLISH.findall(plain)))} in: {text[:120]}")
    return problems


def _assert_no_english(at, english_texts, where):
    assert not at.exception, f"{where}: {at.exception}"
    problems = english_left(at, english_texts)
    assert not problems, f"{where}:\n" + "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_of_a_practitioner_speaks_the_language(
    language, open_app, team_with_history, english_texts, newest
):
    _, code = team_with_history
    for page in ("app_pages/home.py", "app_pages/assess.py", "app_pages/results.py", "app_pages/my_data.py"):
        at = open_app(page, lang=language, code=code)
        _assert_no_english(at, english_texts, f"{page} in {language}")
    # An incomplete submit lists what is missing; a code nobody has says so.
    at = open_app("app_pages/assess.py", lang=language, code=code)
    at.button(key="submit").click().run()
    assert at.error, "the missing answers are listed"
    _assert_no_english(at, english_texts, f"incomplete submit in {language}")
    at = open_app("app_pages/results.py", lang=language, code="0000-0000-0000-0000")
    _assert_no_english(at, english_texts, f"unknown code in {language}")
    at = open_app("app_pages/assess.py", lang=language, team="WRONGCODE9")
    _assert_no_english(at, english_texts, f"wrong join code in {language}")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_team_lead_pages_speak_the_language(language, open_app, team_with_history, english_texts, newest):
    created, _ = team_with_history
    at = open_app("app_pages/team.py", lang=language)
    _assert_no_english(at, english_texts, f"team login in {language}")
    at.text_input(key="lead_code_input").input(created.join_code)
    at.text_input(key="lead_key_input").input(created.lead_key)
    next(b for b in at.button if b.proto.form_id == "lead_login").click()
    at.run()
    assert at.get("vega_lite_chart"), "the shown round's charts are on the dashboard"
    _assert_no_english(at, english_texts, f"team dashboard in {language}")


def test_the_check_would_catch_english_left_on_a_page(open_app, english_texts, newest):
    """The English page fails the same test, so a page left untranslated cannot pass it."""
    at = open_app("app_pages/home.py", lang="en")
    assert english_left(at, english_texts)


def test_a_language_that_falls_back_still_renders_whole(open_app, newest):
    at = open_app("app_pages/assess.py", lang="pt")
    answer_all(at, newest.get_version(newest.current_version, "pt"))
    assert not at.exception


@pytest.fixture
def organisation_with_teams(newest, database_url):
    """An organisation with two shown teams, one too small to show, and an invitation-only round
    with invitations issued: the coordinator's page with the most text."""
    questionnaire = newest.current
    storage = Storage.open(database_url, current_version=questionnaire.version)
    rng = random.Random(11)
    created = storage.create_organisation("Organização Sul")
    organisation = created.organisation
    for name, size in (("Equipa A", 6), ("Equipa B", 7), ("Equipa C", 3)):
        team = storage.create_team(name, organisation).team
        round_ = storage.open_round(team.id, FIRST_ROUND, 10)
        fill_round(
            storage, questionnaire, team.id, [synthetic_answers(questionnaire, rng) for _ in range(size)]
        )
        storage.close_round(team.id, round_.id)
    first = storage.teams_of(organisation)[0]
    open_round = storage.open_round(first.id, OPEN_ROUND, 10)
    storage.make_invitation_only(organisation, first.id, open_round.id)
    invitation = storage.issue_invitations(organisation, open_round.id, 3)[0]
    storage.engine.dispose()
    return created, invitation


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_organisation_page_speaks_the_language(
    language, open_app, organisation_with_teams, english_texts
):
    created, invitation = organisation_with_teams
    at = open_app("app_pages/organisation.py", lang=language)
    _assert_no_english(at, english_texts, f"organisation sign-in in {language}")
    at.text_input(key="coordinator_code_input").input(created.code)
    at.text_input(key="coordinator_key_input").input(created.coordinator_key)
    next(b for b in at.button if b.proto.form_id == "coordinator_login").click()
    at.run()
    assert at.get("vega_lite_chart"), "the organisation's charts are on the page"
    _assert_no_english(at, english_texts, f"organisation dashboard in {language}")
    at.number_input(key="invitation_count").set_value(2)
    next(b for b in at.button if b.proto.form_id == "issue_invitations").click()
    at.run()
    assert at.get("download_button"), "the slips and links are offered"
    _assert_no_english(at, english_texts, f"invitations issued in {language}")
    member = open_app("app_pages/assess.py", lang=language, invite=invitation)
    _assert_no_english(member, english_texts, f"a member with an invitation in {language}")
