"""Names are cleaned before they are stored and shown as plain text inside Markdown."""

from __future__ import annotations

import re
import string

import pytest

from assessment.names import (
    INVISIBLE,
    ROUND_NAME_MAX_LENGTH,
    InvalidName,
    clean_name,
    markdown_literal,
    name_key,
)

# Every piece of syntax a lead could plant in a team or round name shown on members' pages.
HOSTILE_NAME = (
    "# Team :red[alert] :material/warning: :smile: :+1: :streamlit: $x^2$ $$y$$ "
    "<img src=x onerror=alert(1)> ![img](https://evil.example/a.png) [verify your code](https://evil.example) "
    "**bold** _it_ `code` ~~gone~~ back\\slash -> <- <-> -- >= <= ~= www.evil.example a@b.example "
    "&amp; | a | b | [^1] 1. item\n- list\n> quote\n\n    indented\n==="
)


def _round(text: str) -> str:
    return clean_name(text, what="round name", max_length=ROUND_NAME_MAX_LENGTH)


def test_names_are_nfkc_with_single_spaces():
    assert _round("  Ｓｐｒｉｎｇ\t2025\n") == "Spring 2025"
    assert _round("ﬁve  ﬂoors") == "five floors"


@pytest.mark.parametrize("char", sorted(INVISIBLE))
def test_invisible_characters_are_refused_by_name(char):
    with pytest.raises(InvalidName, match=f"invisible character .*U\\+{ord(char):04X}.*Type the name again"):
        _round(f"Spring{char} 2025")


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f", "\x9b"])
def test_control_characters_are_refused(char):
    with pytest.raises(InvalidName, match="control character"):
        _round(f"Spring{char}2025")


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_an_empty_name_is_refused(text):
    with pytest.raises(InvalidName, match="The round name is empty: type a name"):
        _round(text)


def test_a_name_over_the_limit_is_refused_and_one_at_the_limit_kept():
    assert _round("x" * ROUND_NAME_MAX_LENGTH) == "x" * ROUND_NAME_MAX_LENGTH
    with pytest.raises(InvalidName, match="81 characters long; shorten it to at most 80"):
        _round("x" * (ROUND_NAME_MAX_LENGTH + 1))
    with pytest.raises(InvalidName, match="shorten"):
        _round("x" * 2_000_000)


def test_names_compare_as_people_read_them():
    assert name_key("Spring 2025") == name_key("spring  2025") == name_key("ＳＰＲＩＮＧ 2025")
    assert name_key("Straße") == name_key("STRASSE")
    assert name_key("Spring\u200b 2025") == name_key("Spring 2025"), "names stored before cleaning"
    assert name_key("Spring 2025") != name_key("Spring 2026")


def _text_after_parsing(markdown: str) -> str:
    """What Markdown keeps of `markdown` as text when every punctuation mark is escaped: the
    escapes go, a backslash before a line break is the break itself, and the spaces that start
    a line are dropped (a browser would not show them either)."""
    return _without_indents(re.sub(r"\\(.)", r"\1", markdown.replace("\\\n", "\n")))


def _without_indents(text: str) -> str:
    return re.sub(r"\n[ \t]+", "\n", text)


def test_markdown_literal_escapes_every_piece_of_syntax():
    shown = markdown_literal(HOSTILE_NAME)
    unescaped = re.sub(r"\\[\s\S]", "", shown)
    assert not set(unescaped) & set(string.punctuation), "every punctuation mark is escaped"
    assert all(line.endswith("\\") for line in shown.split("\n")[:-1]), (
        "each line break stays inside one paragraph, where no line starts a block"
    )


def test_markdown_literal_breaks_what_streamlit_rewrites_after_parsing():
    text = _text_after_parsing(markdown_literal(HOSTILE_NAME))
    # Emoji shortcodes, :streamlit:, icons, typographic arrows and GitHub autolinks, as Streamlit
    # 1.67 and remark-gfm match them in the parsed text.
    for pattern in (
        r":\+1:|:-1:|:[\w-]+:",
        r"(^|\s)(<->|->|<-|--|>=|<=|~=)(\s|$)",
        r"https?://|www(?=\.)",
        r"[-.\w+]+@[-\w]+(\.[-\w]+)+",
    ):
        assert not re.search(pattern, text, flags=re.ASCII), pattern


def test_markdown_literal_shows_the_name_as_written():
    for name in (HOSTILE_NAME, "Spring 2025", "Youth work – east", "Équipe Nord"):
        text = _text_after_parsing(markdown_literal(name)).replace("\u2060", "")
        assert text == _without_indents(name.strip())
    assert markdown_literal("Spring 2025") == "Spring 2025", "plain names stay as they are"
