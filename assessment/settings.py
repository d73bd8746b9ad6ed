"""Deployment settings: declared once, with defaults, read from the environment and validated."""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
# Every questionnaire version lives here as <version>.toml (assessment/instruments.py).
DEFAULT_QUESTIONNAIRE_DIR = PROJECT_DIR / "data" / "questionnaire"
# The first version's file: tests and benchmarks are written against it, whatever is current.
DEFAULT_QUESTIONNAIRE = DEFAULT_QUESTIONNAIRE_DIR / "2026.1.toml"
# The embedded database lives in a git-ignored folder beside the code, created on first start.
DEFAULT_DATABASE_URL = f"sqlite:///{PROJECT_DIR / 'var' / 'assessment.sqlite3'}"
# Below three, a team aggregate comes too close to one person's answers.
SMALLEST_ALLOWED_GROUP = 3
# 32 random characters carry at least 128 bits (as hex digits): join-code hashes keyed with
# them cannot be reversed by guessing, even from a stolen copy of the database.
SHORTEST_SECRET = 32
# Where the app keeps the secret it made itself when ASSESSMENT_SECRET is not set (SQLite only).
SECRET_FILE_NAME = "secret"
# The setting of the single questionnaire file, before versions lived side by side.
RETIRED_QUESTIONNAIRE_SETTING = "ASSESSMENT_QUESTIONNAIRE"
# A version is a file name and is stored with each response (String(32)).
VERSION_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,31}")
HOW_TO_MAKE_A_SECRET = "python3 -c 'import secrets; print(secrets.token_urlsafe(32))'"


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
        "ASSESSMENT_QUESTIONNAIRE_DIR",
        "data/questionnaire",
        "Folder of the questionnaire versions, one file <version>.toml each; relative to the project folder.",
    ),
    Setting(
        "ASSESSMENT_QUESTIONNAIRE_VERSION",
        "",
        "The version new responses and rounds are answered on. Default: the newest in the folder.",
    ),
    Setting(
        "ASSESSMENT_LANGUAGE",
        "en",
        "Default language of the questionnaire text, when neither a link (?lang=), the person's choice nor the browser names one the current version is written in.",
    ),
    Setting(
        "ASSESSMENT_AUTO_MIGRATE",
        "true",
        "Upgrade an older database schema at start (true/false); with false, run `python -m assessment migrate`.",
    ),
    Setting(
        "ASSESSMENT_MIN_GROUP_SIZE",
        "5",
        f"k: a team figure is shown only when at least k people answered it online, in a closed round (never below {SMALLEST_ALLOWED_GROUP}).",
    ),
    Setting(
        "ASSESSMENT_DETAIL_GROUP_SIZE",
        "",
        "Below this many answers an area shows n and the mean only (no spread); greater than k. Default: 2 x k.",
    ),
    Setting(
        "ASSESSMENT_SECRET",
        "",
        f"Server secret join codes are hashed with, at least {SHORTEST_SECRET} characters. Unset with SQLite: "
        f"made on first start as `{SECRET_FILE_NAME}` beside the database file. Required with PostgreSQL.",
    ),
)


@dataclass(frozen=True)
class Settings:
    database_url: str
    pool_size: int
    max_overflow: int
    questionnaire_dir: Path
    questionnaire_version: str | None  # None: the newest version in questionnaire_dir
    language: str
    min_group_size: int
    detail_group_size: int
    auto_migrate: bool
    secret: str | None  # None: the database's own secret file (SQLite only)


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

    if values["ASSESSMENT_DETAIL_GROUP_SIZE"]:
        detail_group_size = _whole_number(values, "ASSESSMENT_DETAIL_GROUP_SIZE")
    else:
        detail_group_size = 2 * min_group_size
    if detail_group_size <= min_group_size:
        raise SettingsError(
            f"ASSESSMENT_DETAIL_GROUP_SIZE is {detail_group_size}; it must be greater than "
            f"ASSESSMENT_MIN_GROUP_SIZE ({min_group_size}), or a spread would be shown for the "
            "smallest groups, where it reveals single answers."
        )

    raw_migrate = values["ASSESSMENT_AUTO_MIGRATE"].lower()
    if raw_migrate not in ("true", "false"):
        raise SettingsError(f"ASSESSMENT_AUTO_MIGRATE must be true or false, not {raw_migrate!r}.")

    if environ.get(RETIRED_QUESTIONNAIRE_SETTING):
        # Ignoring it would quietly swap a deployment's own questionnaire for the default one.
        raise SettingsError(
            f"{RETIRED_QUESTIONNAIRE_SETTING} is no longer read: questionnaire versions now live side "
            "by side in a folder. Put the file in a folder as <version>.toml and set "
            "ASSESSMENT_QUESTIONNAIRE_DIR to the folder (and ASSESSMENT_QUESTIONNAIRE_VERSION to pin "
            f"a version), then unset {RETIRED_QUESTIONNAIRE_SETTING}."
        )
    questionnaire_dir = Path(values["ASSESSMENT_QUESTIONNAIRE_DIR"])
    if not questionnaire_dir.is_absolute():
        questionnaire_dir = PROJECT_DIR / questionnaire_dir
    questionnaire_version = values["ASSESSMENT_QUESTIONNAIRE_VERSION"] or None
    if questionnaire_version is not None and not VERSION_PATTERN.fullmatch(questionnaire_version):
        raise SettingsError(
            f"ASSESSMENT_QUESTIONNAIRE_VERSION is {questionnaire_version!r}; give a version such as "
            "2026.1 (letters, digits, '.', '-', '_'), the name of a file in the questionnaire folder."
        )

    return Settings(
        database_url=values["ASSESSMENT_DATABASE_URL"],
        pool_size=_whole_number(values, "ASSESSMENT_DATABASE_POOL_SIZE", minimum=1),
        max_overflow=_whole_number(values, "ASSESSMENT_DATABASE_MAX_OVERFLOW"),
        questionnaire_dir=questionnaire_dir,
        questionnaire_version=questionnaire_version,
        language=values["ASSESSMENT_LANGUAGE"],
        min_group_size=min_group_size,
        detail_group_size=detail_group_size,
        auto_migrate=raw_migrate == "true",
        secret=configured_secret(environ),
    )


def configured_secret(environ: Mapping[str, str] | None = None) -> str | None:
    """ASSESSMENT_SECRET from `environ` (default: the process environment), checked; None when unset."""
    environ = os.environ if environ is None else environ
    return _checked_secret((environ.get("ASSESSMENT_SECRET") or "").strip(), "ASSESSMENT_SECRET") or None


def stored_secret(folder: Path) -> str:
    """The secret kept in `folder`, made on the first call.

    The file is written in full under a temporary name, readable by its owner only from the
    moment it exists, then linked into place: a reader never sees it half-written, and of two
    servers starting at once the first one's secret wins and both use it.
    """
    path = folder / SECRET_FILE_NAME
    if not path.exists():
        temporary = folder / f".{SECRET_FILE_NAME}.{secrets.token_hex(8)}"
        try:
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "w") as file:
                file.write(secrets.token_urlsafe(32) + "\n")  # 256 random bits in 43 characters
                file.flush()
                os.fsync(file.fileno())
            os.link(temporary, path)
        except FileExistsError:
            pass  # another server made it a moment ago: use that one
        except OSError as exc:
            raise SettingsError(
                f"ASSESSMENT_SECRET is not set and the secret file {path} cannot be made ({exc}). "
                f"Let the app write to {folder}, or set ASSESSMENT_SECRET to the output of {HOW_TO_MAKE_A_SECRET}."
            ) from exc
        finally:
            temporary.unlink(missing_ok=True)
    if path.stat().st_mode & 0o077:
        raise SettingsError(
            f"The secret file {path} can be read by other users of this machine. "
            f"Make it private with `chmod 600 {path}`."
        )
    return _checked_secret(path.read_text().strip(), f"The secret file {path}")


def _checked_secret(secret: str, source: str) -> str:
    """`secret` when it is empty or long enough; the message names `source`, never the value."""
    if secret and len(secret) < SHORTEST_SECRET:
        raise SettingsError(
            f"{source} holds {len(secret)} characters; a secret needs at least {SHORTEST_SECRET}. "
            f"Make one with {HOW_TO_MAKE_A_SECRET}."
        )
    return secret


def _whole_number(values: Mapping[str, str], name: str, minimum: int | None = None) -> int:
    raw = values[name]
    try:
        number = int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number, not {raw!r}.") from None
    if minimum is not None and number < minimum:
        raise SettingsError(f"{name} must be at least {minimum}, not {number}.")
    return number
