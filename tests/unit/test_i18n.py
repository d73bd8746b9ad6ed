"""The interface's language: catalogs looked up per run, numbers and dates as each language writes them."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from assessment import i18n
from assessment.i18n import _, ngettext
from assessment.scoring import format_score

WHEN = datetime(2026, 11, 25, 23, 5, tzinfo=UTC)


@pytest.mark.parametrize(
    ("language", "score", "change", "day"),
    [
        ("en", "3.50", "+0.25", "25 Nov 2026"),
        ("pt", "3,50", "+0,25", "25 de nov. de 2026"),
        ("de", "3,50", "+0,25", "25.11.2026"),
        ("fr", "3,50", "+0,25", "25 nov. 2026"),
    ],
)
def test_scores_and_dates_read_as_each_language_writes_them(language, score, change, day):
    with i18n.using(language):
        assert format_score(3.5) == score
        assert format_score(0.25, signed=True) == change
        assert i18n.day(WHEN) == day


def test_a_time_is_shown_in_the_persons_timezone_without_seconds():
    with i18n.using("de"):
        assert i18n.moment(WHEN, ZoneInfo("Europe/Berlin")) == "26.11.2026, 00:05"
    assert i18n.moment(WHEN, ZoneInfo("Europe/Lisbon")) == "25 Nov 2026, 23:05"


def test_big_numbers_are_grouped_as_each_language_groups_them():
    assert i18n.whole(10_000) == "10,000"
    with i18n.using("de"):
        assert i18n.whole(10_000) == "10.000"


def test_a_text_is_translated_in_the_active_language_and_english_is_the_source():
    assert _("My results") == "My results"
    with i18n.using("pt"):
        portuguese = _("My results")
    with i18n.using("de"):
        german = _("My results")
    assert len({portuguese, german, "My results"}) == 3


def test_plural_forms_follow_the_count():
    with i18n.using("fr"):
        one = ngettext("{count} answer", "{count} answers", 1).format(count=1)
        many = ngettext("{count} answer", "{count} answers", 8).format(count=8)
    assert one != many and one.startswith("1 ") and many.startswith("8 ")


def test_a_text_the_catalog_lacks_stays_in_english():
    with i18n.using("pt"):
        assert _("A sentence no catalog holds") == "A sentence no catalog holds"


def test_one_sessions_language_never_reaches_another():
    """Each Streamlit session runs in its own thread: a language set in one must not leak."""
    seen = {}

    def session(name: str, language: str | None) -> None:
        if language:
            i18n.activate(language)
        seen[name] = _("My results")

    portuguese = threading.Thread(target=session, args=("pt", "pt"))
    portuguese.start()
    portuguese.join()
    untouched = threading.Thread(target=session, args=("other", None))
    untouched.start()
    untouched.join()
    assert seen["other"] == "My results" != seen["pt"]
    assert i18n.active() == "en"


def test_a_catalog_without_its_compiled_file_is_compiled_in_memory(tmp_path, monkeypatch):
    """A deployment that skipped `pybabel compile` still speaks the language."""
    source = i18n.catalog_path("pt")
    copy = i18n.catalog_path("pt", base=tmp_path)
    copy.parent.mkdir(parents=True)
    copy.write_bytes(source.read_bytes())
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    with i18n.using("pt"):
        assert _("My results") != "My results"
    assert not copy.with_suffix(".mo").exists()


def test_each_language_is_named_in_itself():
    assert [i18n.language_name(lang) for lang in ("en", "pt", "de", "fr")] == [
        "English",
        "Português",
        "Deutsch",
        "Français",
    ]
