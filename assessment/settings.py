"""Deployment settings: declared once, with defaults, read from the environment and validated."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEFAULT_QUESTIONNAIRE = PROJECT_DIR / "data" / "questionnaire.toml"
# The embedded database lives in a git-ignored folder beside the code, created on first start.
DEFAULT_DATABASE_URL = f"sqlite:///{PROJECT_DIR / 'var' / 'assessment.sqlite3'}"
# Below three, a team aggregate comes too close to one person's answers.
SMALLEST_ALLOWED_GROUP = 3


class SettingsError(ValueError):
    """A setting has a value the app cannot run with; the message says which and why."""


@dataclass(frozen=True)
class Setting:
    """One environment variable the app reads, with its default and meaning."""

    env: str
    default: str
    help: str


SETTINGS = (
    Setting(
        "ASSESSMENT_DATABASE_URL",
        DEFAULT_DATABASE_URL,
        "SQLAlchemy URL of the database. Default: an SQLite file in var/ beside the code.",
    ),
    Setting(
        "ASSESSMENT_DATABASE_POOL_SIZE",
        "5",
        "PostgreSQL connections each app server keeps open; with the overflow, servers x (pool + overflow) must stay below max_connections.",
    ),
    Setting(
        "ASSESSMENT_DATABASE_MAX_OVERFLOW",
        "10",
        "Extra PostgreSQL connections a server may open at busy moments, closed again afterwards.",
    ),
    Setting(
        "ASSESSMENT_QUESTIONNAIRE",
        str(DEFAULT_QUESTIONNAIRE),
        "Path of the questionnaire file (TOML).",
    ),
    Setting(
        "ASSESSMENT_LANGUAGE",
        "en",
        "Language of the questionnaire text; must be one of the file's `languages`.",
    ),
    Setting(
        "ASSESSMENT_AUTO_MIGRATE",
        "true",
        "Upgrade an older database schema at start (true/false); with false, run `python -m assessment migrate`.",
    ),
    Setting(
        "ASSESSMENT_MIN_GROUP_SIZE",
        "5",
        f"k: team results of a round are shown only with at least k responses (never below {SMALLEST_ALLOWED_GROUP}).",
    ),
)


@dataclass(frozen=True)
class Settings:
    database_url: str
    pool_size: int
    max_overflow: int
    questionnaire_path: Path
    language: str
    min_group_size: int
    auto_migrate: bool


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Read every setting from `environ` (default: the process environment) and validate it."""
    environ = os.environ if environ is None else environ
    values = {s.env: (environ.get(s.env) or s.default).strip() for s in SETTINGS}

    raw_k = values["ASSESSMENT_MIN_GROUP_SIZE"]
    try:
        min_group_size = int(raw_k)
    except ValueError:
        raise SettingsError(f"ASSESSMENT_MIN_GROUP_SIZE must be a whole number, not {raw_k!r}.") from None
    if min_group_size < SMALLEST_ALLOWED_GROUP:
        raise SettingsError(
            f"ASSESSMENT_MIN_GROUP_SIZE is {min_group_size}; it must be at least "
            f"{SMALLEST_ALLOWED_GROUP}, or a team result could reveal one person's answers."
        )

    raw_migrate = values["ASSESSMENT_AUTO_MIGRATE"].lower()
    if raw_migrate not in ("true", "false"):
        raise SettingsError(f"ASSESSMENT_AUTO_MIGRATE must be true or false, not {raw_migrate!r}.")

    questionnaire_path = Path(values["ASSESSMENT_QUESTIONNAIRE"])
    if not questionnaire_path.is_absolute():
        questionnaire_path = PROJECT_DIR / questionnaire_path

    return Settings(
        database_url=values["ASSESSMENT_DATABASE_URL"],
        pool_size=_whole_number(values, "ASSESSMENT_DATABASE_POOL_SIZE", minimum=1),
        max_overflow=_whole_number(values, "ASSESSMENT_DATABASE_MAX_OVERFLOW"),
        questionnaire_path=questionnaire_path,
        language=values["ASSESSMENT_LANGUAGE"],
        min_group_size=min_group_size,
        auto_migrate=raw_migrate == "true",
    )


def _whole_number(values: Mapping[str, str], name: str, minimum: int | None = None) -> int:
    raw = values[name]
    try:
        number = int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number, not {raw!r}.") from None
    if minimum is not None and number < minimum:
        raise SettingsError(f"{name} must be at least {minimum}, not {number}.")
    return number
