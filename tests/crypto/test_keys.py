from __future__ import annotations

from pathlib import Path

import pysequoia as pgp
import pytest

from seized.crypto.keys import (
    parse_key_bytes,
    read_key_file,
    read_passphrases,
    unlock,
)
from seized.errors import InputError
from seized.synth.packets import header, packets


def test_armored_keyring_with_public_and_secret_keys(tmp_path: Path, alice, bob, carol) -> None:
    path = tmp_path / "ring.asc"
    path.write_text(alice.secret_armor + "\n" + str(carol.cert) + "\n" + bob.secret_armor)
    keys = read_key_file(path)
    assert [k.fingerprint for k in keys] == [alice.fingerprint, carol.fingerprint, bob.fingerprint]
    assert [k.secret is not None for k in keys] == [True, False, True]
    assert keys[0].user_ids == ["alice <alice@market.onion>"]
    assert keys[0].algorithm == "EdDSA/EdDSA/ECDH"
    assert alice.fingerprint[-16:] in keys[0].key_ids and len(keys[0].key_ids) == 6
    assert [k.line for k in keys] == [1, keys[1].line, keys[2].line] and keys[2].line > 10
    assert "PUBLIC KEY BLOCK" in keys[0].public_armor


def test_binary_keyring(tmp_path: Path, alice, carol) -> None:
    path = tmp_path / "ring.gpg"
    path.write_bytes(bytes(carol.cert) + alice.secret)
    keys = read_key_file(path)
    assert {k.fingerprint for k in keys} == {alice.fingerprint, carol.fingerprint}


def test_unlock_statuses(tmp_path: Path, alice, bob) -> None:
    phrases = tmp_path / "pass.txt"
    phrases.write_text(f"# seized notes\n\n{alice.fingerprint} correct horse\n")
    table = read_passphrases(phrases)
    (a,) = parse_key_bytes(alice.secret, "alice.gpg")
    unlock(a, table, "alice.gpg")
    assert (a.status, a.passphrase) == ("unlocked", "correct horse")
    (locked,) = parse_key_bytes(alice.secret, "alice.gpg")
    unlock(locked, {}, "alice.gpg")
    assert locked.status == "locked"
    (b,) = parse_key_bytes(bob.secret, "bob.gpg")
    unlock(b, table, "bob.gpg")
    assert b.status == "unprotected"


def test_asking_on_a_terminal_retries(alice) -> None:
    answers = iter(["nope", "correct horse"])
    asked: list[int] = []

    def ask(key, attempt: int) -> str | None:
        asked.append(attempt)
        return next(answers)

    (key,) = parse_key_bytes(alice.secret, "alice.gpg")
    unlock(key, {}, "alice.gpg", ask)
    assert key.status == "unlocked" and asked == [1, 2]


def test_wrong_passphrase_names_key_and_file(tmp_path: Path, alice) -> None:
    phrases = tmp_path / "pass.txt"
    phrases.write_text(f"{alice.fingerprint[-16:]} wrong horse\n")
    (key,) = parse_key_bytes(alice.secret, "alice.gpg")
    with pytest.raises(InputError) as info:
        unlock(key, read_passphrases(phrases), "alice.gpg")
    message = str(info.value)
    assert alice.fingerprint in message and "alice.gpg" in message
    assert f"{phrases}:1" in message and "wrong passphrase" in message


def test_bad_passphrase_line(tmp_path: Path) -> None:
    phrases = tmp_path / "pass.txt"
    phrases.write_text("ABCDEF passphrase\n")
    with pytest.raises(InputError, match=r"pass\.txt:1"):
        read_passphrases(phrases)


def test_malformed_key_files(tmp_path: Path, alice) -> None:
    truncated = tmp_path / "cut.asc"
    armor = alice.secret_armor
    truncated.write_text(armor[: len(armor) // 2])
    with pytest.raises(InputError, match=r"cut\.asc"):
        read_key_file(truncated)
    garbage = tmp_path / "junk.asc"
    garbage.write_text(
        "notes\n-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nAAAA\n-----END PGP PUBLIC KEY BLOCK-----\n"
    )
    with pytest.raises(InputError, match=r"junk\.asc:2"):
        read_key_file(garbage)
    binary = tmp_path / "junk.gpg"
    binary.write_bytes(b"\x99\x00\x05abc")
    with pytest.raises(InputError, match=r"junk\.gpg"):
        read_key_file(binary)


def test_a_binary_key_without_signatures_is_an_input_error(tmp_path: Path, alice) -> None:
    """sequoia splits a key whose signatures are gone, then fails on reading its user ids."""
    packets_ = packets(alice.secret)
    path = tmp_path / "unsigned.gpg"
    path.write_bytes(b"".join(header(tag, len(body)) + body for tag, body in packets_ if tag != 2))
    with pytest.raises(InputError, match="not a readable OpenPGP key: No binding signature") as err:
        read_key_file(path)
    assert err.value.path == str(path) and err.value.offset == 0


def test_unknown_algorithm_is_a_clear_error_or_unusable(tmp_path: Path, carol) -> None:
    """Key packets with an algorithm number nobody assigned (100)."""
    data = bytearray(carol.secret)
    pile = [p for p in pgp.packet.PacketPile.from_bytes(bytes(carol.secret))]
    assert pile  # the key parses before it is damaged
    for pos in range(len(data) - 6):  # every v4 key packet: version 4, 4-byte time, algorithm
        if data[pos] == 4 and data[pos + 5] in (22, 18) and data[pos - 2] in (0xC5, 0xC7):
            data[pos + 5] = 100
    path = tmp_path / "odd.gpg"
    path.write_bytes(bytes(data))
    try:
        keys = read_key_file(path)
    except InputError as exc:
        assert "odd.gpg" in str(exc)
        return
    for key in keys:
        unlock(key, {}, path)
        assert key.status == "unusable" and key.error
