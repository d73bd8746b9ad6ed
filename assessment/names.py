"""Names people type (teams, rounds): cleaned before they are stored, escaped when they are shown.

A lead's team and round names appear on members' pages. They must read as typed there, never as
formatting, links, images or text that looks different from what it is.
"""

from __future__ import annotations

import re
import unicodedata

from assessment.i18n import _

TEAM_NAME_MAX_LENGTH = 120
ROUND_NAME_MAX_LENGTH = 80

# Invisible characters refused in names. Each can make one name look like another, or hide text
# in it, so a member cannot trust what they read:
INVISIBLE = {
    # zero-width characters: "Spring 2025" and "Spring\u200b 2025" look the same on screen but
    # are different names, so a round could pass for another one.
    "\u200b": "ZERO WIDTH SPACE",
    "\u200c": "ZERO WIDTH NON-JOINER",
    "\u200d": "ZERO WIDTH JOINER",
    "\u2060": "WORD JOINER",
    "\ufeff": "ZERO WIDTH NO-BREAK SPACE",
    "\u180e": "MONGOLIAN VOWEL SEPARATOR",
    "\u00ad": "SOFT HYPHEN",
    # bidirectional marks, embeddings, overrides and isolates: they reorder how the text around
    # them is displayed ("Trojan Source"), so a name can show something else than it holds.
    "\u200e": "LEFT-TO-RIGHT MARK",
    "\u200f": "RIGHT-TO-LEFT MARK",
    "\u061c": "ARABIC LETTER MARK",
    "\u202a": "LEFT-TO-RIGHT EMBEDDING",
    "\u202b": "RIGHT-TO-LEFT EMBEDDING",
    "\u202c": "POP DIRECTIONAL FORMATTING",
    "\u202d": "LEFT-TO-RIGHT OVERRIDE",
    "\u202e": "RIGHT-TO-LEFT OVERRIDE",
    "\u2066": "LEFT-TO-RIGHT ISOLATE",
    "\u2067": "RIGHT-TO-LEFT ISOLATE",
    "\u2068": "FIRST STRONG ISOLATE",
    "\u2069": "POP DIRECTIONAL ISOLATE",
}
# Line breaks and tabs are whitespace: they become single spaces like any other run of it.
_WHITESPACE_CONTROLS = "\t\n\r"


class InvalidName(ValueError):
    """A name that cannot be stored; the message says how to fix it."""


def clean_name(text: str, *, what: str, max_length: int) -> str:
    """`text` in Unicode NFKC with single spaces, or InvalidName saying what to change.

    `what` names the field in the message, for example "team name" (translated by the caller).
    """
    name = " ".join(unicodedata.normalize("NFKC", text).split())
    for char in name:
        if char in INVISIBLE:
            raise InvalidName(
                _(
                    "The {what} holds an invisible character ({character}, U+{code}) that can make it look "
                    "like another name. Type the name again instead of pasting it."
                ).format(what=what, character=INVISIBLE[char], code=f"{ord(char):04X}")
            )
        if unicodedata.category(char) in ("Cc", "Cs") and char not in _WHITESPACE_CONTROLS:
            raise InvalidName(
                _(
                    "The {what} holds a control character (U+{code}). Type the name again instead of pasting it."
                ).format(what=what, code=f"{ord(char):04X}")
            )
    if not name:
        raise InvalidName(_("The {what} is empty: type a name.").format(what=what))
    if len(name) > max_length:
        raise InvalidName(
            _("The {what} is {length} characters long; shorten it to at most {limit} characters.").format(
                what=what, length=len(name), limit=max_length
            )
        )
    return name


def name_key(name: str) -> str:
    """The form two names are compared in: "Spring 2025" and "spring  2025" are the same name.

    Names stored before names were cleaned may hold invisible characters, so they are dropped here.
    """
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())
    return " ".join("".join(ch for ch in folded if ch not in INVISIBLE).split())


# Every ASCII punctuation character may be backslash-escaped in Markdown (CommonMark), and each
# one starts some syntax: emphasis, links, images, code, headings, lists, tables, HTML, LaTeX
# ($), Streamlit's directives (:red[...]), entities (&amp;). Escaping all of them is simpler
# and safer than choosing.
_MARKDOWN_PUNCTUATION = re.compile(r"""([!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])""")
# Some text is rewritten after Markdown has been parsed, when the escapes are already gone:
# Streamlit's emoji shortcodes (:smile:), :streamlit:, icons (:material/...:) and arrows (->,
# <=, --), and GitHub-flavoured autolinks (www.example.org, a@example.org). An invisible word
# joiner breaks each pattern: after a colon or @, before a dot, inside an arrow.
_WORD_JOINER = "\u2060"
_REWRITTEN_AFTER_PARSING = re.compile(r"(?<=[:@])|(?=\.)|(?<=[<>~-])(?=[>=-])")


def markdown_literal(text: str) -> str:
    """`text` for Streamlit Markdown, so that it shows exactly as written, never as formatting."""
    # Joiners first: the patterns are matched on the text as written, without the escapes.
    joined = _REWRITTEN_AFTER_PARSING.sub(_WORD_JOINER, text.strip())
    escaped = _MARKDOWN_PUNCTUATION.sub(r"\\\1", joined)
    # A backslash at the end of a line is a line break inside the same paragraph: a blank line
    # would start a new block, where indentation turns into a code block.
    return "\\\n".join(escaped.splitlines())
