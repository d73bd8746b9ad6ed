"""The interface's language: gettext catalogs (assessment/locale) and Babel's dates and numbers.

Texts are marked with `_()` (or `ngettext` for counts) where they are written, in the pages and in
the logic modules alike, and looked up in the language the current run has activated. The
questionnaire's own texts (statements, labels, the paper's words) are not here: they live in the
questionnaire files, keyed by language (`assessment.questionnaire`).

The language is held in a context variable: each Streamlit session runs its script in its own
thread, so one session's choice never leaks into another's, and logic modules need no argument
for it. What is marked with `N_()` is only collected for translation: module constants are
translated where they are shown, in the language of that run.

Catalogs are `assessment/locale/<lang>/LC_MESSAGES/messages.po`, compiled to `.mo` by
`pybabel compile` (`make run` and `make test` do it). A catalog whose `.mo` is missing or older
than its `.po` is compiled in memory, so a deployment that skips the step still speaks the
language (`python -m assessment translations --check` lists what a catalog lacks).
"""

from __future__ import annotations

import contextlib
import functools
import io
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import TypeVar

from babel import Locale, dates, numbers
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "messages"
SOURCE_LANGUAGE = "en"  # the language the texts are written in, in the code

_language: ContextVar[str] = ContextVar("language", default=SOURCE_LANGUAGE)
T = TypeVar("T")


def activate(language: str) -> None:
    """Speak `language` for the rest of this run (this thread)."""
    _language.set(language)


def active() -> str:
    return _language.get()


@contextlib.contextmanager
def using(language: str) -> Iterator[None]:
    """Speak `language` inside the block, then the language before it."""
    token = _language.set(language)
    try:
        yield
    finally:
        _language.reset(token)


def catalog_path(language: str, suffix: str = ".po", base: Path | None = None) -> Path:
    """Where `language`'s catalog is, under `base` (default: the app's own catalogs)."""
    return (base or LOCALE_DIR) / language / "LC_MESSAGES" / f"{DOMAIN}{suffix}"


def languages() -> tuple[str, ...]:
    """The interface's languages: English, and every language with a catalog."""
    found = sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    return (SOURCE_LANGUAGE, *(lang for lang in found if lang != SOURCE_LANGUAGE))


@functools.cache
def _translations(language: str, stamp: tuple) -> NullTranslations:
    """The catalog of `language`; `stamp` (the files' times) loads an edited catalog again."""
    po, mo = catalog_path(language), catalog_path(language, ".mo")
    if not po.exists():
        return NullTranslations()
    if mo.exists() and mo.stat().st_mtime_ns >= po.stat().st_mtime_ns:
        with mo.open("rb") as compiled:
            return Translations(compiled, domain=DOMAIN)
    with po.open("rb") as source:
        catalog = read_po(source, locale=language, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


def translations(language: str | None = None) -> NullTranslations:
    language = language or active()
    if language == SOURCE_LANGUAGE:
        return NullTranslations()
    files = (catalog_path(language), catalog_path(language, ".mo"))
    return _translations(language, tuple(p.stat().st_mtime_ns if p.exists() else 0 for p in files))


def in_active_language(build: Callable[[], T]) -> Callable[[], T]:
    """`build`, to be called later (a download built on click, off this run's thread), speaking
    the language active now."""
    language = active()

    def built() -> T:
        with using(language):
            return build()

    return built


def _(message: str) -> str:
    """`message` in the active language (itself when the catalog lacks it)."""
    return translations().gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of the message that fits `count`, in the active language; format it with `count`."""
    return translations().ngettext(singular, plural, count)


def N_(message: str) -> str:  # noqa: N802 (gettext's own name, which the extractor looks for)
    """Mark `message` for translation without translating it: it is translated where shown."""
    return message


def language_name(language: str) -> str:
    """The language named in itself ("Português"), so a person finds theirs whatever is shown."""
    name = Locale.parse(language).get_display_name(language) or language
    return name[:1].upper() + name[1:]


# ------------------------------------------------------------ numbers and dates on screen

# English as written in Europe: 25 Nov 2026, 14:05 (day first, 24-hour clock), like the others.
_FORMAT_LOCALES = {"en": "en_GB"}


def _locale() -> Locale:
    language = active()
    return Locale.parse(_FORMAT_LOCALES.get(language, language))


def decimal(value: float, signed: bool = False) -> str:
    """A number with two decimals as the active language writes it: 3.50, 3,50, +0,25."""
    return numbers.format_decimal(value, format="+0.00;-0.00" if signed else "0.00", locale=_locale())


def whole(value: int) -> str:
    """A whole number with the active language's grouping: 10,000, 10.000, 10 000."""
    return numbers.format_decimal(value, locale=_locale())


def day(when: date) -> str:
    """A date as the active language writes it in short: 25 Nov 2026, 25/11/2026, 25.11.2026."""
    return dates.format_date(when, format="medium", locale=_locale())


def clock(when: datetime, timezone: tzinfo) -> str:
    """The time of day in `timezone`, in the active language: 14:05 (no seconds)."""
    return dates.format_time(when, format="short", tzinfo=timezone, locale=_locale())


def moment(when: datetime, timezone: tzinfo) -> str:
    """A date and time in `timezone`, in the active language: 25 Nov 2026, 14:05."""
    pattern = _locale().datetime_formats["medium"]
    return pattern.format(clock(when, timezone), day(when.astimezone(timezone)))
