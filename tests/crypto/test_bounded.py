"""The bound on a message's plaintext: compression bombs end as corrupt blobs, early, in both
the C path and pysequoia's, and the stage goes on."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pysequoia as pgp
import pytest
from tests.crypto.conftest import TestKey, make_key
from tests.crypto.shapes import Shape, build, zero_bomb
from tests.factories import new_case

from seized.crypto import _pgpopen, bounded
from seized.crypto.blobs import find_blobs
from seized.crypto.bounded import MAX_PLAINTEXT, TooLarge, too_large
from seized.crypto.decrypt import HeldKey, Keyring
from seized.crypto.fast import FastOpener, fast_keys
from seized.crypto.keys import parse_key_text
from seized.crypto.stage import DecryptOptions, KeyImportOptions, decrypt_stage, keys_import_stage
from seized.synth.pgp_message import Recipient

#: Zeros a little over the bound: 17 MiB, about 17 KB compressed.
BOMB = bytes(MAX_PLAINTEXT + (1 << 20))


@pytest.fixture(scope="module")
def erin() -> TestKey:
    return make_key("erin <erin@market.onion>", None)


def _to(key: TestKey) -> Recipient:
    return Recipient.from_certificate(bytes(key.cert))


def _bounded(key: TestKey, message: bytes, limit: int = MAX_PLAINTEXT) -> bytes | None:
    """The plaintext, None when over the bound (pysequoia's errors propagate)."""
    try:
        return bounded.decrypt(message, key.tsk.decryptor(None), limit)
    except TooLarge:
        return None


def test_drain_keeps_up_to_the_limit_and_closes_past_it() -> None:
    for size, limit, expected in ((0, 0, b""), (5, 5, b"abcde"), (6, 5, None), (1, 0, None)):
        read, write = os.pipe()
        drain = _pgpopen.Drain(read, limit)
        os.write(write, b"abcdef"[:size])
        os.close(write)
        assert drain.finish() == expected
        with pytest.raises(ValueError, match="already"):
            drain.finish()
    # past the limit the reader closes the pipe: the writer's next write fails
    read, write = os.pipe()
    drain = _pgpopen.Drain(read, 10)
    with pytest.raises(BrokenPipeError):
        for _ in range(100):
            os.write(write, bytes(65536))
    os.close(write)
    assert drain.finish() is None
    with pytest.raises(ValueError):
        _pgpopen.Drain(-1, 10)


def test_drain_reads_while_another_thread_holds_the_gil() -> None:
    """The drain's thread needs no GIL: a writer that never lets go of it (as pysequoia does)
    still finishes a plaintext far larger than a pipe holds."""
    read, write = os.pipe()
    drain = _pgpopen.Drain(read, 4 << 20)
    with os.fdopen(write, "wb") as out:  # one write call: the GIL stays with this thread
        out.write(bytes(range(256)) * 8192)
    assert drain.finish() == bytes(range(256)) * 8192


def test_bounded_pysequoia_gives_pysequoias_plaintext(erin: TestKey) -> None:
    for message in (
        build(_to(erin), b"Erin Street 5", Shape(compression=2)),
        pgp.encrypt(b"written by pysequoia", recipients=[erin.cert], armor=False),
        pgp.encrypt(b"armored", recipients=[erin.cert]),
    ):
        expected = pgp.decrypt(message, decryptor=erin.tsk.decryptor(None)).bytes
        assert _bounded(erin, message) == expected
    other = make_key("frank <f@x>", None)
    with pytest.raises(RuntimeError, match="No key to decrypt message"):
        bounded.decrypt(build(_to(erin), b"x"), other.tsk.decryptor(None))


@pytest.mark.parametrize(
    "shape",
    [Shape(), Shape(compression=1), Shape(compression=2), Shape(compression=0),
     Shape(partial_literal=9, compression=2), Shape(partial_data=9, compression=1),
     Shape(compression=2, layers=2)],
    ids=repr,
)  # fmt: skip
def test_both_paths_agree_at_the_bound(shape: Shape, erin: TestKey) -> None:
    """1000 bytes open under a bound of 1000, 1001 do not, in C and in pysequoia alike (the C
    path declines nested compression: pysequoia's bound decides)."""
    small = FastOpener([(erin.fingerprint, k) for k in fast_keys(erin.secret, None)], 1000)
    for size in (999, 1000, 1001, 5000):
        data = os.urandom(size)
        message = build(_to(erin), data, shape)
        expected = data if size <= 1000 else None
        assert _bounded(erin, message, 1000) == expected
        fast = small.open(message)
        if shape.layers == 1:
            assert fast == (erin.fingerprint, expected)
        else:
            assert fast is None


#: Opens a bomb in a fresh process, C path then pysequoia's, and prints the growth of its peak
#: memory in MB and the seconds it took (a fresh process: a test run's own peak says nothing).
_CHILD = """
import resource, sys, time
import pysequoia
from seized.crypto import bounded
from seized.crypto.fast import FastOpener, fast_keys
secret, message = open(sys.argv[1], "rb").read(), open(sys.argv[2], "rb").read()
opener = FastOpener([("K", k) for k in fast_keys(secret, None)])
decryptor = pysequoia.Tsk.from_bytes(secret).decryptor(None)
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
fast = opener.open(message)
try:
    bounded.decrypt(message, decryptor)
    slow = "opened"
except bounded.TooLarge:
    slow = "too large"
grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
print(fast, slow, round(grown), round(time.perf_counter() - started, 2), sep="|")
"""


@pytest.mark.parametrize("layers", [1, 2])
def test_a_compression_bomb_stops_early(tmp_path: Path, layers: int, erin: TestKey) -> None:
    """1 GiB of zeros in about a MB (one layer) or a few KB (compressed twice): both paths
    stop soon after the bound, in a fraction of the memory the whole would take (the C path
    declines nested compression, which pysequoia's bound then stops)."""
    message = zero_bomb(_to(erin), 1 << 30, layers)
    assert len(message) < (1100 << 10 if layers == 1 else 20 << 10)
    (tmp_path / "key").write_bytes(erin.secret)
    (tmp_path / "message").write_bytes(message)
    child = subprocess.run(
        [sys.executable, "-c", _CHILD, str(tmp_path / "key"), str(tmp_path / "message")],
        capture_output=True, text=True, timeout=120, check=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )  # fmt: skip
    fast, slow, grown, seconds = child.stdout.strip().split("|")
    print(grown, "MB more", seconds, "s")
    assert fast == ("('K', None)" if layers == 1 else "None")
    assert slow == "too large"
    assert int(grown) < 250  # the whole plaintext alone is 1024 MB
    assert float(seconds) < 20


def _armored(key: TestKey, data: bytes, shape: Shape) -> str:
    return pgp.armor(build(_to(key), data, shape), pgp.ArmorKind.Message)


@pytest.mark.parametrize("use_fast", [True, False])
def test_the_keyring_records_a_bomb_as_corrupt(use_fast: bool, erin: TestKey) -> None:
    (parsed,) = parse_key_text(str(erin.cert), "test", source="test", strict=True)
    keyring = Keyring([HeldKey(erin.fingerprint, erin.secret, None, tuple(parsed.key_ids))],
                      use_fast)  # fmt: skip
    bomb = _armored(erin, BOMB, Shape(compression=1))
    ok = _armored(erin, b"Erin Street 5", Shape(compression=1))
    two = f"{bomb}\n{ok}"  # two messages in one value: the Python reader's
    corrupt = ("corrupt", erin.fingerprint, None, None, too_large(MAX_PLAINTEXT))
    wholes = keyring.open_values([bomb, ok, two])
    if use_fast:
        assert wholes[0] is not None and wholes[0][3:] == corrupt
        assert wholes[1] is not None and wholes[1][3] == "decrypted"
    assert wholes[2] is None
    first, second = find_blobs(two)
    assert keyring.open(first) == corrupt
    assert keyring.open(second)[0] == "decrypted"


@pytest.mark.parametrize("fast", [True, False])
def test_the_stage_goes_on_past_a_bomb(tmp_path: Path, erin: TestKey, fast: bool) -> None:
    case = new_case(tmp_path)
    with case.connect() as con:
        for native, value in enumerate(
            [
                _armored(erin, BOMB, Shape(compression=2)),
                _armored(erin, b"Erin Street 5\n1000 Brussels", Shape(compression=2)),
                f"two:\n{_armored(erin, BOMB, Shape(compression=2, layers=2))}\n"
                f"{_armored(erin, b'part two', Shape())}",
            ]
        ):
            con.execute(
                "INSERT INTO orders (order_id, market_id, native_id, shipping_raw) "
                "VALUES (?, 'm', ?, ?)",
                [f"m:{native}", str(native), value],
            )
    key_file = tmp_path / "erin.gpg"
    key_file.write_bytes(erin.secret)
    keys_import_stage(case, KeyImportOptions([key_file]))
    result = decrypt_stage(case, DecryptOptions(workers=1, fast=fast))
    assert result.counts["orders"]["corrupt"] == 2
    assert result.counts["orders"]["decrypted"] == 2
    with case.connect(read_only=True) as con:
        rows = con.execute(
            "SELECT source_key, blob_index, status, key_fingerprint, error FROM pgp_blobs "
            "ORDER BY ALL"
        ).fetchall()
        shipping = dict(con.execute("SELECT order_id, shipping_address FROM orders").fetchall())
    reason = too_large(MAX_PLAINTEXT)
    assert rows == [
        ("m:0", 0, "corrupt", erin.fingerprint, reason),
        ("m:1", 0, "decrypted", erin.fingerprint, None),
        ("m:2", 0, "corrupt", erin.fingerprint, reason),
        ("m:2", 1, "decrypted", erin.fingerprint, None),
    ]
    assert shipping["m:1"] == "Erin Street 5\n1000 Brussels"
    assert shipping["m:0"] is None
    assert "part two" in shipping["m:2"] and "BEGIN PGP MESSAGE" in shipping["m:2"]


def test_threads_bound_their_own_messages(erin: TestKey) -> None:
    """Drains of several threads at once do not mix their plaintexts."""
    messages = [build(_to(erin), f"parcel {i}".encode() * (i + 1), Shape(compression=2))
                for i in range(12)]  # fmt: skip
    results: dict[int, bytes | None] = {}

    def work(i: int) -> None:
        results[i] = _bounded(erin, messages[i])

    threads = [threading.Thread(target=work, args=(i,)) for i in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == {i: f"parcel {i}".encode() * (i + 1) for i in range(12)}
