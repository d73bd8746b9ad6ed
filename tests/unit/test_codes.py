"""Personal codes, join codes and lead keys: their form, comparison, and the per-session guessing limits."""

from __future__ import annotations

import math

from assessment import codes


def test_personal_code_is_four_groups_of_four_without_look_alikes():
    code = codes.new_personal_code()
    groups = code.split("-")
    assert [len(g) for g in groups] == [4, 4, 4, 4]
    assert not set(code.replace("-", "")) & set("ILOU")


def test_personal_code_carries_at_least_80_random_bits():
    assert codes.PERSONAL_CODE_LENGTH * math.log2(len(codes.ALPHABET)) >= 80
    assert len({codes.new_personal_code() for _ in range(2000)}) == 2000


def test_typed_code_is_normalised():
    assert codes.normalise_code(" abcd-efgh-jkmn-pqrs ") == "ABCDEFGHJKMNPQRS"
    assert codes.normalise_code("OOOO IIII LLLL 2222") == "0000111111112222"
    assert codes.normalise_code("ABCD-EFGH-JKMN-PQR") is None
    assert codes.normalise_code("ABCD-EFGH-JKMN-PQRU") is None


def test_same_secret_compares_whole_strings():
    assert codes.same_secret("abc", "abc")
    assert not codes.same_secret("abc", "abd")
    assert not codes.same_secret("abc", "abcd")


def test_wrong_lead_keys_are_free_three_times_then_wait_twice_as_long_each_time():
    waits = [codes.key_wait_s(wrong, last_wrong_at=100.0, now=100.0) for wrong in range(3, 16)]
    assert [codes.key_wait_s(wrong, 100.0, 100.0) for wrong in range(3)] == [0, 0, 0]
    assert waits[:4] == [1, 2, 4, 8]
    assert max(waits) == codes.LONGEST_KEY_WAIT_S == 15 * 60
    assert codes.key_wait_s(5, last_wrong_at=100.0, now=103.0) == 1, "time already waited counts"
    assert codes.key_wait_s(5, last_wrong_at=100.0, now=200.0) == 0


def test_wrong_join_codes_are_limited_to_ten_in_ten_minutes_per_session():
    wrong_at = [float(t) for t in range(0, 100, 10)]  # ten wrong codes, one every 10 s
    assert codes.join_code_wait_s(wrong_at[:9], now=100.0) == 0
    assert codes.join_code_wait_s(wrong_at, now=100.0) == 500, "until the first of the ten is 10 minutes old"
    assert codes.join_code_wait_s(wrong_at, now=600.0) == 0
    assert codes.join_code_wait_s([0.0] * 3 + wrong_at, now=100.0) == 500, "only the last ten count"
    assert codes.join_code_wait_s([], now=0.0) == 0


def test_lead_keys_are_checked_in_constant_time_against_the_whole_hash(monkeypatch):
    seen = []
    real = codes.same_secret
    monkeypatch.setattr(codes, "same_secret", lambda a, b: seen.append((a, b)) or real(a, b))
    stored = codes.key_hash("A" * codes.KEY_LENGTH)
    assert codes.key_matches("A" * codes.KEY_LENGTH, stored)
    assert not codes.key_matches("B" * codes.KEY_LENGTH, stored)
    assert len(seen) == 2 and all(b == stored for _, b in seen)
