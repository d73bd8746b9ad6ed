"""Team and round names a lead types reach members' pages as plain text, never as Markdown."""

from __future__ import annotations

from assessment.names import markdown_literal
from tests.app.conftest import PAGES, answer_all, texts

# Everything a lead could plant: an image that loads on each member's page view, a link inside the
# app's own green box, Streamlit's colour and icon directives, LaTeX, HTML, a heading.
TEAM_NAME = "# Team ![x](https://tracker.example/p.png) [verify your code](https://evil.example) :red[bold]"
ROUND_NAME = "Spring :material/warning: $x^2$ <b>now</b> **urgent** `code` www.evil.example"
PLANTED = ("![x](", "[verify your code](", ":red[", ":material/", "$x^2$", "<b>", "**urgent**", "`code`")


def _member_of_named_team(storage, questionnaire, open_app):
    created = storage.create_team(TEAM_NAME)
    storage.open_round(created.team.id, ROUND_NAME, 8)
    at = open_app("app_pages/assess.py", team=created.join_code)
    return answer_all(at, questionnaire)


def _assert_only_literal(page_text: str, where: str) -> None:
    for fragment in PLANTED:
        assert fragment not in page_text, f"{fragment!r} would be rendered as Markdown on {where}"


def test_a_markdown_name_shows_literally_on_every_members_page(storage, questionnaire, open_app):
    at = _member_of_named_team(storage, questionnaire, open_app)
    assert markdown_literal(TEAM_NAME) in texts(at)
    assert markdown_literal(ROUND_NAME) in texts(at)
    _assert_only_literal(texts(at), "the questionnaire")

    at.button(key="submit").click().run()  # the submission notice names team and round
    assert markdown_literal(ROUND_NAME) in texts(at)
    _assert_only_literal(texts(at), "the submission notice")

    for page in PAGES:
        at.switch_page(page).run()
        assert not at.exception, page
        _assert_only_literal(texts(at), page)


def test_the_literal_form_keeps_every_character_of_the_name(storage, questionnaire, open_app):
    """Escaping adds backslashes and invisible word joiners, and takes nothing away."""
    shown = markdown_literal(TEAM_NAME).replace("\\", "").replace("\u2060", "")
    assert shown == TEAM_NAME
