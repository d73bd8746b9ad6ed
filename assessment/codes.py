"""Personal codes, join codes of teams and organisations, invitation codes, lead and coordinator
keys: generation, normalisation, hashing and the
per-session limits on guessing them.

Codes use Crockford's base-32 alphabet: no I, L, O or U, so nothing can be misread when a
person writes a code down; when reading one back, the look-alikes are mapped to their digits.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import secrets
from collections.abc import Sequence

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_LOOK_ALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
PERSONAL_CODE_LENGTH = 16  # 16 symbols x 5 bits = 80 random bits
PERSONAL_CODE_GROUP = 4
# Short enough to read out in a team meeting; 50 bits, stored keyed with the server secret.
JOIN_CODE_LENGTH = 10
LEGACY_JOIN_CODE_LENGTH = 8  # the first teams got 8 symbols, hashed without a key; they still work
KEY_LENGTH = 28  # a lead's or coordinator's key: 28 symbols x 5 bits = 140 random bits
# One per member, printed on a slip: 60 bits, keyed with the server secret like join codes, and
# a length of its own, so it is never mistaken for a personal code.
INVITATION_CODE_LENGTH = 12
# scrypt cost: about 50 ms and 16 MiB per check, which makes guessing a leaked hash expensive.
_SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}


def _random_symbols(length: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def new_personal_code() -> str:
    """A fresh personal code in the form people write down: XXXX-XXXX-XXXX-XXXX."""
    return format_code(_random_symbols(PERSONAL_CODE_LENGTH), PERSONAL_CODE_GROUP)


def new_join_code() -> str:
    return _random_symbols(JOIN_CODE_LENGTH)


def new_key() -> str:
    return format_code(_random_symbols(KEY_LENGTH), 4)


def new_invitation_code() -> str:
    return format_code(_random_symbols(INVITATION_CODE_LENGTH), 4)


def format_code(raw: str, group: int) -> str:
    return "-".join(raw[i : i + group] for i in range(0, len(raw), group))


def normalise_code(typed: str, length: int = PERSONAL_CODE_LENGTH) -> str | None:
    """The canonical form of a typed code, or None when it cannot be a code of `length` symbols."""
    raw = "".join(ch for ch in typed.upper() if ch not in " -_\t").translate(_LOOK_ALIKES)
    if len(raw) != length or any(ch not in ALPHABET for ch in raw):
        return None
    return raw


def normalise_join_code(typed: str) -> str | None:
    """The canonical form of a typed join code, new or legacy length; None when it cannot be one."""
    return normalise_code(typed, JOIN_CODE_LENGTH) or normalise_code(typed, LEGACY_JOIN_CODE_LENGTH)


def code_hash(canonical_code: str) -> str:
    """The stored form of a personal code: it carries 80 random bits, so a plain SHA-256 cannot
    be reversed by guessing, and it stays a stable key to look the code up by. Legacy join codes
    were stored the same way."""
    return hashlib.sha256(f"trust-assessment:{canonical_code}".encode()).hexdigest()


def keyed_hash(purpose: str, canonical_code: str, secret: str) -> str:
    """The stored form of a short code (a join code, an organisation's code, an invitation): too
    few bits to survive guessing from a stolen database on its own, so its hash is keyed with the
    server secret, kept outside it. `purpose` keeps equal codes of two kinds apart."""
    return hmac.new(secret.encode(), f"{purpose}:{canonical_code}".encode(), hashlib.sha256).hexdigest()


def join_code_hash(canonical_code: str, secret: str) -> str:
    return keyed_hash("join-code", canonical_code, secret)


def key_hash(canonical_key: str, salt: bytes | None = None) -> str:
    """A salted, deliberately slow hash of a lead or coordinator key, stored as `scrypt$salt$hash` in hex."""
    salt = secrets.token_bytes(16) if salt is None else salt
    digest = hashlib.scrypt(canonical_key.encode(), salt=salt, **_SCRYPT)
    return f"scrypt${salt.hex()}${digest.hex()}"


def key_matches(typed_key: str, stored_hash: str) -> bool:
    """Whether a typed lead or coordinator key is the one behind `stored_hash`; always pays the full scrypt cost."""
    canonical = normalise_code(typed_key, KEY_LENGTH) or ""
    _, salt_hex, _ = stored_hash.split("$")
    return same_secret(key_hash(canonical, bytes.fromhex(salt_hex)), stored_hash)


@functools.cache
def decoy_key_hash() -> str:
    """Checked when no team or organisation matches a code, so a wrong code takes as long as a
    wrong key."""
    return key_hash("")


def same_secret(a: str, b: str) -> bool:
    """Constant-time comparison, so response times reveal nothing about a stored secret."""
    return hmac.compare_digest(a.encode(), b.encode())


# Guessing limits live in each browser session, never on the team: a limit on the team would let
# anyone who knows the join code lock its lead out by typing wrong keys (the same holds for an
# organisation's coordinator). A 140-bit key
# cannot be guessed anyway; the backoff only makes scripted guessing in one session pointless.
FREE_KEY_TRIES = 3
LONGEST_KEY_WAIT_S = 15 * 60
# A 10-symbol join code has 2**50 values: 10 guesses per 10 minutes find none of them.
JOIN_CODE_TRIES = 10
JOIN_CODE_WINDOW_S = 10 * 60


def key_wait_s(wrong_keys: int, last_wrong_at: float, now: float) -> float:
    """Seconds this session must wait before its next lead or coordinator key is checked (0: check it now).

    `wrong_keys` counts the session's wrong keys since its last right one, `last_wrong_at` is the
    time of the latest (seconds, any clock the caller keeps using). The first few are free; then
    the wait doubles with each wrong key, up to 15 minutes.
    """
    if wrong_keys < FREE_KEY_TRIES:
        return 0.0
    backoff = min(2.0 ** (wrong_keys - FREE_KEY_TRIES), LONGEST_KEY_WAIT_S)
    return max(0.0, last_wrong_at + backoff - now)


def join_code_wait_s(wrong_codes_at: Sequence[float], now: float) -> float:
    """Seconds this session must wait before its next join code is looked up (0: look it up now).

    `wrong_codes_at` holds the times of the session's wrong join codes, oldest first; only the
    last JOIN_CODE_TRIES matter, so the caller may keep just those.
    """
    if len(wrong_codes_at) < JOIN_CODE_TRIES:
        return 0.0
    return max(0.0, wrong_codes_at[-JOIN_CODE_TRIES] + JOIN_CODE_WINDOW_S - now)
