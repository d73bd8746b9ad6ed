"""Personal codes, team join codes and lead keys: generation, normalisation and hashing.

Codes use Crockford's base-32 alphabet: no I, L, O or U, so nothing can be misread when a
person writes a code down; when reading one back, the look-alikes are mapped to their digits.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_LOOK_ALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
PERSONAL_CODE_LENGTH = 16  # 16 symbols x 5 bits = 80 random bits
PERSONAL_CODE_GROUP = 4


def new_personal_code() -> str:
    """A fresh personal code in the form people write down: XXXX-XXXX-XXXX-XXXX."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(PERSONAL_CODE_LENGTH))
    return format_code(raw, PERSONAL_CODE_GROUP)


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


def same_secret(a: str, b: str) -> bool:
    """Constant-time comparison, so response times reveal nothing about a stored secret."""
    return hmac.compare_digest(a.encode(), b.encode())
