"""Keys and placeholder signatures of the synthetic chain."""

from __future__ import annotations

from seized.synth.bitcoin_keys import KeyRing, on_curve

P = 2**256 - 2**32 - 977


def test_keys_are_distinct_curve_points_across_batches() -> None:
    ring = KeyRing(5)
    keys = [ring.next_pubkey() for _ in range(600)]  # more than two batches
    assert len(set(keys)) == 600
    for key in keys:
        assert len(key) == 33 and key[0] in (2, 3)
        x = int.from_bytes(key[1:], "big")
        assert pow((x**3 + 7) % P, (P - 1) // 2, P) == 1
    assert len(ring.next_xonly()) == 32


def test_keys_depend_on_the_seed_only() -> None:
    one, two = KeyRing(9), KeyRing(9)
    first = [one.next_pubkey() for _ in range(300)]
    assert [two.next_pubkey() for _ in range(300)] == first
    assert KeyRing(10).next_pubkey() != first[0]


def test_on_curve_rejects_other_x() -> None:
    x = 5  # 5**3 + 7 = 132 is not a square modulo p
    assert pow(132, (P - 1) // 2, P) != 1
    assert not on_curve(x.to_bytes(32, "big"))
    assert on_curve(KeyRing(1).next_xonly())


def test_signatures_are_strict_der_low_r_low_s() -> None:
    ring = KeyRing(2)
    for _ in range(200):
        sig = ring.ecdsa_signature()
        assert len(sig) == 71 and sig[-1] == 0x01
        assert sig[:4] == b"\x30\x44\x02\x20" and sig[36:38] == b"\x02\x20"
        r, s = sig[4:36], sig[38:70]
        assert 0 < r[0] < 0x80 and 0 < s[0] < 0x7F
    assert len(ring.schnorr_signature()) == 64
