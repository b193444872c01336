from __future__ import annotations

import base64

from seized.crypto.armor import dearmor
from seized.crypto.blobs import find_blobs


def test_several_armored_blocks_in_one_text(alice, bob) -> None:
    first, second = alice.encrypt("one"), bob.encrypt("two")
    text = f"Hi!\n{first}\nand the second:\n{second}\nbye"
    blobs = find_blobs(text)
    assert [b.index for b in blobs] == [0, 1]
    assert text[blobs[0].start : blobs[0].end] == first.strip()
    assert text[blobs[1].start : blobs[1].end] == second.strip()
    assert all(b.error is None and b.data for b in blobs)


def test_corrupt_blocks_are_returned_with_a_reason(alice) -> None:
    good = alice.encrypt("fine")
    lines = good.split("\n")
    bad_base64 = "\n".join([*lines[:3], "!!!" + lines[3][3:], *lines[4:]])
    truncated = good[: len(good) // 2]
    text = f"{bad_base64}\n{good}\n{truncated}"
    blobs = find_blobs(text)
    assert len(blobs) == 3
    assert "not base64" in (blobs[0].error or "")
    assert blobs[1].error is None
    assert "END" in (blobs[2].error or "")
    assert blobs[2].end == len(text)  # the truncated block runs to the end of the value


def test_base64_and_binary_messages(alice) -> None:
    data, _ = dearmor(alice.encrypt("binary"))
    encoded = base64.b64encode(data).decode()
    (blob,) = find_blobs(encoded)
    assert blob.form == "base64" and blob.data == data
    (raw,) = find_blobs(data)
    assert raw.form == "binary" and raw.recipients == blob.recipients


def test_plain_text_has_no_blobs() -> None:
    assert find_blobs("Hauptstraße 1\n10115 Berlin") == []
    assert find_blobs("aGVsbG8gd29ybGQgdGhpcyBpcyBqdXN0IGJhc2U2NCB0ZXh0IG5vdCBwZ3A=") == []
    assert find_blobs("-----BEGIN PGP PUBLIC KEY BLOCK-----\nabc") == []
    assert find_blobs(None) == []
    assert find_blobs(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40) == []
