"""Personal codes, team join codes and lead keys: generation, normalisation and hashing.

Codes use Crockford's base-32 alphabet: no I, L, O or U, so nothing can be misread when a
person writes a code down; when reading one back, the look-alikes are mapped to their digits.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_LOOK_ALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
PERSONAL_CODE_LENGTH = 16  # 16 symbols x 5 bits = 80 random bits
PERSONAL_CODE_GROUP = 4
JOIN_CODE_LENGTH = 8  # short enough to read out in a team meeting
LEAD_KEY_LENGTH = 28  # 28 symbols x 5 bits = 140 random bits
# scrypt cost: about 50 ms and 16 MiB per check, which makes guessing a leaked hash expensive.
_SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}


def _random_symbols(length: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def new_personal_code() -> str:
    """A fresh personal code in the form people write down: XXXX-XXXX-XXXX-XXXX."""
    return format_code(_random_symbols(PERSONAL_CODE_LENGTH), PERSONAL_CODE_GROUP)


def new_join_code() -> str:
    return _random_symbols(JOIN_CODE_LENGTH)


def new_lead_key() -> str:
    return format_code(_random_symbols(LEAD_KEY_LENGTH), 4)


def format_code(raw: str, group: int) -> str:
    return "-".join(raw[i : i + group] for i in range(0, len(raw), group))


def normalise_code(typed: str, length: int = PERSONAL_CODE_LENGTH) -> str | None:
    """The canonical form of a typed code, or None when it cannot be a code of `length` symbols."""
    raw = "".join(ch for ch in typed.upper() if ch not in " -_\t").translate(_LOOK_ALIKES)
    if len(raw) != length or any(ch not in ALPHABET for ch in raw):
        return None
    return raw


def code_hash(canonical_code: str) -> str:
    """The stored form of a code: codes carry 80+ random bits, so a plain SHA-256 cannot be
    reversed by guessing, and it stays a stable key to look the code up by."""
    return hashlib.sha256(f"trust-assessment:{canonical_code}".encode()).hexdigest()


def lead_key_hash(canonical_key: str, salt: bytes | None = None) -> str:
    """A salted, deliberately slow hash of a lead key, stored as `scrypt$salt$hash` in hex."""
    salt = secrets.token_bytes(16) if salt is None else salt
    digest = hashlib.scrypt(canonical_key.encode(), salt=salt, **_SCRYPT)
    return f"scrypt${salt.hex()}${digest.hex()}"


def lead_key_matches(typed_key: str, stored_hash: str) -> bool:
    """Whether a typed lead key is the one behind `stored_hash`; always pays the full scrypt cost."""
    canonical = normalise_code(typed_key, LEAD_KEY_LENGTH) or ""
    _, salt_hex, _ = stored_hash.split("$")
    return same_secret(lead_key_hash(canonical, bytes.fromhex(salt_hex)), stored_hash)


@functools.cache
def decoy_lead_key_hash() -> str:
    """Checked when no team matches a join code, so a wrong code takes as long as a wrong key."""
    return lead_key_hash("")


def same_secret(a: str, b: str) -> bool:
    """Constant-time comparison, so response times reveal nothing about a stored secret."""
    return hmac.compare_digest(a.encode(), b.encode())


def within_attempt_limit(attempts: list[float], now: float, limit: int = 5, window_s: float = 60.0) -> bool:
    """Whether one more attempt is allowed, given the times of earlier ones (seconds)."""
    return sum(1 for t in attempts if now - t < window_s) < limit
