"""The keys import and decrypt stages over a small case store with rows inserted directly."""

from __future__ import annotations

import re
from pathlib import Path

import pyarrow as pa
import pysequoia as pgp
import pytest
from tests.crypto.conftest import make_key
from tests.crypto.shapes import Shape, build
from tests.factories import new_case

from seized.case import Case
from seized.crypto.blobs import find_blobs
from seized.crypto.decrypt import HeldKey, Keyring
from seized.crypto.keys import parse_key_text
from seized.crypto.stage import DecryptOptions, KeyImportOptions, decrypt_stage, keys_import_stage
from seized.errors import InputError
from seized.synth.pgp_message import Recipient

ADDRESS = "Erika Mustermann\nHauptstraße 5\n10115 Berlin\nGermany"


def _order(con, native: int, shipping: str | None) -> None:
    con.execute(
        "INSERT INTO orders (order_id, market_id, native_id, shipping_raw) VALUES (?, 'm', ?, ?)",
        [f"m:{native}", str(native), shipping],
    )


def _message(con, native: int, body: str) -> None:
    con.execute(
        "INSERT INTO messages (message_id, market_id, native_id, body) VALUES (?, 'm', ?, ?)",
        [f"m:{native}", str(native), body],
    )


@pytest.fixture()
def case(tmp_path: Path, alice, bob, carol) -> Case:
    case = new_case(tmp_path)
    bad = alice.encrypt("x").split("\n")
    corrupt = "\n".join([*bad[:3], "%%%" + bad[3][3:], *bad[4:]])
    with case.connect() as con:
        _order(con, 1, alice.encrypt(ADDRESS))  # alice's key, passphrase given
        _order(con, 2, bob.encrypt("Bob Street 2\n1000 Brussels"))  # unprotected key
        _order(con, 3, carol.encrypt("Carol Road 3"))  # nobody seized carol's key
        _order(con, 4, "Plain Street 4\n75001 Paris")  # never encrypted
        _order(con, 5, corrupt)
        _order(con, 6, None)
        _message(con, 1, f"two parts:\n{alice.encrypt('part one')}\n{bob.encrypt('part two')}")
        _message(con, 2, "no secrets here")
        _message(con, 3, f"to carol {carol.encrypt('hidden')}")
        con.execute(
            "INSERT INTO accounts (account_id, market_id, native_id, pgp_public_key) "
            "VALUES ('m:7', 'm', '7', ?)",
            [str(carol.cert).replace("\n", "<br>\n")],
        )
    return case


def _keys(tmp_path: Path, alice, bob) -> tuple[list[Path], Path]:
    (tmp_path / "keys").mkdir()
    a = tmp_path / "keys" / "alice.asc"
    a.write_text(alice.secret_armor)
    b = tmp_path / "keys" / "bob.gpg"
    b.write_bytes(bob.secret)
    phrases = tmp_path / "keys" / "pass.txt"
    phrases.write_text(f"{alice.fingerprint} {alice.passphrase}\n")
    return [a, b], phrases


def test_import_then_decrypt(tmp_path: Path, case: Case, alice, bob, carol) -> None:
    files, phrases = _keys(tmp_path, alice, bob)
    imported = keys_import_stage(case, KeyImportOptions(files, phrases))
    assert imported.counts["keys"] == 2 and imported.counts["unlocked"] == 1
    assert imported.counts["unprotected"] == 1 and imported.counts["from_text"] == 1
    result = decrypt_stage(case, DecryptOptions(workers=1))
    assert result.counts["orders"] == {
        "found": 4, "decrypted": 2, "no_key": 1, "locked": 0, "corrupt": 1,
        "password": 0, "unencrypted": 0,
    }  # fmt: skip
    assert result.counts["messages"]["found"] == 3
    assert result.counts["messages"]["decrypted"] == 2
    with case.connect(read_only=True) as con:
        shipping = dict(con.execute("SELECT order_id, shipping_address FROM orders").fetchall())
        assert shipping["m:1"] == ADDRESS
        assert shipping["m:2"] == "Bob Street 2\n1000 Brussels"
        assert shipping["m:3"] is None and shipping["m:5"] is None and shipping["m:6"] is None
        assert shipping["m:4"] == "Plain Street 4\n75001 Paris"
        raw = con.execute("SELECT shipping_raw FROM orders WHERE order_id = 'm:1'").fetchall()
        assert "BEGIN PGP MESSAGE" in raw[0][0]  # the seized value is untouched
        body = dict(
            con.execute(
                "SELECT message_id, [body_plain, decrypted::VARCHAR] FROM messages"
            ).fetchall()
        )
        assert body["m:1"] == ["two parts:\npart one\n\npart two", "true"]
        assert body["m:2"] == ["no secrets here", "false"]
        assert body["m:3"] == [None, "false"]
        opened = con.execute(
            "SELECT source_key, key_fingerprint, opened_by FROM pgp_blobs "
            "WHERE status = 'decrypted' AND source_table = 'orders' ORDER BY source_key"
        ).fetchall()
        assert [(k, f) for k, f, _ in opened] == [
            ("m:1", alice.fingerprint), ("m:2", bob.fingerprint)
        ]  # fmt: skip
        assert all(o and o != alice.fingerprint for _, _, o in opened)  # the subkey opened it
        error = con.execute(
            "SELECT error FROM pgp_blobs WHERE source_key = 'm:5' AND source_table = 'orders'"
        ).fetchall()
        assert "base64" in error[0][0]
        seen = con.execute(
            "SELECT seen_in, has_secret FROM pgp_keys WHERE fingerprint = ?", [carol.fingerprint]
        ).fetchall()
        assert seen == [(["accounts.pgp_public_key:m:7"], False)]


def test_rerun_is_skipped_and_new_keys_rerun(tmp_path: Path, case: Case, alice, bob) -> None:
    files, phrases = _keys(tmp_path, alice, bob)
    keys_import_stage(case, KeyImportOptions(files[:1], None))  # alice without passphrase: locked
    first = decrypt_stage(case, DecryptOptions(workers=1))
    assert first.counts["orders"]["locked"] == 1 and first.counts["orders"]["decrypted"] == 0
    assert any("locked" in m for m in first.messages)
    assert decrypt_stage(case, DecryptOptions(workers=1)).skipped
    keys_import_stage(case, KeyImportOptions(files, phrases))  # now unlocked, and bob too
    second = decrypt_stage(case, DecryptOptions(workers=1))
    assert not second.skipped and second.counts["orders"]["decrypted"] == 2
    with case.connect(read_only=True) as con:
        entries = con.execute("SELECT count(*) FROM pgp_blobs").fetchall()[0][0]
        evidence = con.execute("SELECT count(*) FROM evidence WHERE kind = 'keys'").fetchall()
    assert entries == 4 + 3  # orders, messages: no duplicates from the first run
    decrypt_stage(case, DecryptOptions(workers=2, force=True, pool_threshold=0, batch_rows=2))
    with case.connect(read_only=True) as con:
        keys = "source_table, source_column, source_key, blob_index"
        counts = con.execute(f"SELECT count(*), count(DISTINCT ({keys})) FROM pgp_blobs")
        assert counts.fetchall()[0] == (7, 7)  # one row per message, without an index to say so
    assert evidence[0][0] == 2  # alice's file registered once


def test_workers_give_the_same_result(tmp_path: Path, case: Case, alice, bob) -> None:
    files, phrases = _keys(tmp_path, alice, bob)
    keys_import_stage(case, KeyImportOptions(files, phrases))
    one = decrypt_stage(case, DecryptOptions(workers=1))
    query = "SELECT * EXCLUDE (error) FROM pgp_blobs ORDER BY ALL"
    with case.connect(read_only=True) as con:
        before = con.execute(query).fetchall()
    two = decrypt_stage(case, DecryptOptions(workers=2, force=True, pool_threshold=0, batch_rows=2))
    with case.connect(read_only=True) as con:
        after = con.execute(query).fetchall()
    assert one.counts == two.counts and before == after


def test_wrong_passphrase_stops_before_anything_is_written(
    tmp_path: Path, case: Case, alice, bob
) -> None:
    files, phrases = _keys(tmp_path, alice, bob)
    phrases.write_text(f"{alice.fingerprint} not it\n")
    with pytest.raises(InputError, match=alice.fingerprint):
        keys_import_stage(case, KeyImportOptions(files, phrases))
    with case.connect(read_only=True) as con:
        assert con.execute("SELECT count(*) FROM pgp_secrets").fetchall()[0][0] == 0


def test_rsa_key(tmp_path: Path, rsa_key) -> None:
    case = new_case(tmp_path)
    with case.connect() as con:
        _order(con, 1, rsa_key.encrypt(ADDRESS))
    path = tmp_path / "rsa.asc"
    path.write_text(rsa_key.secret_armor)
    phrases = tmp_path / "pass.txt"
    phrases.write_text(f"{rsa_key.fingerprint} {rsa_key.passphrase}\n")
    keys_import_stage(case, KeyImportOptions([path], phrases))
    assert decrypt_stage(case, DecryptOptions(workers=1)).counts["orders"]["decrypted"] == 1


def test_fast_path_and_pysequoia_agree_on_a_case(tmp_path: Path, alice, bob, carol) -> None:
    """Messages as GnuPG writes them (the fast path's), as pysequoia writes them, damaged
    and truncated ones, in two worker processes: pgp_blobs is the same row for row with and
    without the fast path, and the fast path did open messages."""

    def gnupg_like(key, text: str, shape: Shape | None = None) -> str:
        binary = build(Recipient.from_certificate(bytes(key.cert)), text.encode(), shape or Shape())
        return pgp.armor(binary, pgp.ArmorKind.Message)

    alice_recipient = Recipient.from_certificate(bytes(alice.cert))
    truncated = build(alice_recipient, b"x" * 300, Shape(compression=1))
    case = new_case(tmp_path)
    with case.connect() as con:
        for i in range(600):
            key = (alice, bob, carol)[i % 3]
            shape = (Shape(), Shape(compression=1), Shape(partial_data=9))[i % 3]
            _order(con, i, gnupg_like(key, f"{ADDRESS}\nparcel {i}", shape))
        _order(con, 1000, alice.encrypt("written by pysequoia"))
        _order(con, 1001, pgp.armor(truncated[:-30], pgp.ArmorKind.Message))  # pysequoia panics
        _message(con, 1, f"{gnupg_like(bob, 'one')} and {bob.encrypt('two')}")
    files, phrases = _keys(tmp_path, alice, bob)
    keys_import_stage(case, KeyImportOptions(files, phrases))
    options = {"workers": 2, "pool_threshold": 0, "batch_rows": 64, "force": True}
    query = "SELECT * FROM pgp_blobs ORDER BY ALL"
    slow = decrypt_stage(case, DecryptOptions(fast=False, **options))
    with case.connect(read_only=True) as con:
        reference = con.execute(query).fetchall()
    fast = decrypt_stage(case, DecryptOptions(**options))
    with case.connect(read_only=True) as con:
        assert con.execute(query).fetchall() == reference
        shipping = con.execute("SELECT shipping_address FROM orders WHERE order_id = 'm:4'")
        assert shipping.fetchall()[0][0] == f"{ADDRESS}\nparcel 4"
        damaged = con.execute("SELECT status, error FROM pgp_blobs WHERE source_key = 'm:1001'")
        status, error = damaged.fetchall()[0]
    assert fast.counts == slow.counts
    assert fast.counts["orders"]["decrypted"] == 400 + 1 and fast.counts["orders"]["no_key"] == 200
    assert status == "corrupt" and "damaged" in error
    assert keyring_opens_fast(alice, gnupg_like(alice, "fast?"))


def keyring_opens_fast(alice, armored: str) -> bool:
    """The fast path really is used (it opens the message without pysequoia)."""
    held = [HeldKey(alice.fingerprint, alice.secret, alice.passphrase, ())]
    keyring = Keyring(held)
    assert keyring.fast is not None
    return keyring.fast.open(find_blobs(armored)[0].data) == (alice.fingerprint, b"fast?")


def test_whole_values_opened_in_c_give_the_rows_of_the_python_reader(
    alice, bob, carol, rsa_key
) -> None:
    """Values as markets store them, tidy or not, to keys held, locked, not held or held but
    not the fast path's: the rows and readable texts are the same with the fast paths (the whole
    value in C, or the message alone) and without them, and the tidy values to a Curve25519 key
    or to no unlocked key are the ones taken whole in C."""
    from seized.crypto import decrypt as opening

    def gnupg_like(key, text: str | bytes) -> str:
        data = text.encode() if isinstance(text, str) else text
        binary = build(Recipient.from_certificate(bytes(key.cert)), data, Shape())
        return pgp.armor(binary, pgp.ArmorKind.Message)

    def without_crc(armored: str) -> str:
        return re.sub(r"\n=[A-Za-z0-9+/]{4}\n", "\n", armored)

    erin = make_key("erin <erin@market.onion>", "held but locked")
    for_carol = gnupg_like(carol, "nobody holds carol's key")
    one = gnupg_like(alice, "Erika Mustermann\nHauptstraße 5")
    tidy = [
        for_carol,
        gnupg_like(erin, "her key is locked"),
        one,
        f"Ship to:\n{gnupg_like(bob, 'Bob Street 2')}\nthanks!",
        one.replace("MESSAGE-----\n\n", "MESSAGE-----\nVersion: GnuPG v2\nComment: a: b\n\n"),
        without_crc(gnupg_like(alice, "without the armor checksum")),
        "  \n" + gnupg_like(alice, b"\xff not UTF-8"),
        gnupg_like(rsa_key, "an RSA key: the fast path's too"),
    ]
    untidy = [
        one.replace("\n", "\r\n"),
        one.replace("\n", "<br>\n"),
        one.replace("MESSAGE-----\n\n", "MESSAGE-----\n"),  # no blank line
        one.replace("\n", " \n"),
        f"two: {gnupg_like(alice, 'first')} and {gnupg_like(bob, 'second')}",
        f"Adresse für das Paket: {gnupg_like(alice, 'Paket')}",
        re.sub(r"\n=[A-Za-z0-9+/]{4}\n", "\n=AAAA\n", for_carol),  # damaged: no checksum match
        alice.encrypt("written by pysequoia"),
        one.replace("-----END", "QUJD\n-----END"),  # base64 after the checksum
        one[:-40] + "\n-----END PGP MESSAGE-----",  # cut short
    ]
    held = [
        HeldKey(alice.fingerprint, alice.secret, alice.passphrase, _key_ids(alice)),
        HeldKey(bob.fingerprint, bob.secret, None, _key_ids(bob)),
        HeldKey(rsa_key.fingerprint, rsa_key.secret, rsa_key.passphrase, _key_ids(rsa_key)),
        HeldKey(erin.fingerprint, None, None, _key_ids(erin)),
    ]
    units = [("orders", "shipping_raw", str(i), "m", v) for i, v in enumerate(tidy + untidy)]
    opening.init_worker(held, False)
    reference = opening.open_units(units)
    opening.init_worker(held, True)
    assert opening.open_units(units) == reference
    status = {row[2]: row[9] for row in reference[0]}  # by source key: the value's index
    damaged = len(tidy) + 6
    assert [status[str(i)] for i in (0, 1, 2, damaged, damaged + 1)] == [
        "no_key",
        "locked",
        "decrypted",
        "corrupt",
        "decrypted",
    ]
    keyring = opening.Keyring(held)
    opened = [v is not None for v in keyring.open_values(tidy + untidy)]
    assert opened == [True] * len(tidy) + [False] * len(untidy)


def _key_ids(key) -> tuple[str, ...]:
    """Key ids and fingerprints of the key and its subkeys, as keys import records them."""
    (parsed,) = parse_key_text(str(key.cert), "test", source="test", strict=True)
    return tuple(parsed.key_ids)


def test_opening_in_threads_processes_or_inline_gives_the_same_rows(
    alice, bob, rsa_key, x448_key
) -> None:
    """Opening picks threads for the fast path, worker processes when no key suits it or when
    pysequoia has had more than a quarter of the messages, and the rows are the same."""
    from seized.crypto.decrypt import BatchSource, Opening

    def gnupg_like(key, text: str) -> str:
        binary = build(Recipient.from_certificate(bytes(key.cert)), text.encode(), Shape())
        return pgp.armor(binary, pgp.ArmorKind.Message)

    fast = [gnupg_like((alice, bob)[i % 2], f"parcel {i}") for i in range(24)]
    slow = [(alice, rsa_key)[i % 2].encrypt(f"pysequoia {i}") for i in range(24)]  # v6, RSA
    held = [
        HeldKey(alice.fingerprint, alice.secret, alice.passphrase, _key_ids(alice)),
        HeldKey(bob.fingerprint, bob.secret, None, _key_ids(bob)),
        HeldKey(rsa_key.fingerprint, rsa_key.secret, rsa_key.passphrase, _key_ids(rsa_key)),
    ]
    source = BatchSource("orders", ("shipping_raw",), "m")

    def batches(values: list[str]) -> list[pa.RecordBatch]:
        table = pa.table({"k": [str(i) for i in range(len(values))], "m": ["m"] * len(values),
                          "v": values})  # fmt: skip
        return table.to_batches(max_chunksize=6)

    def rows(opening: Opening, values: list[str]) -> list[tuple]:
        results = [opening.submit(source, b).result() for b in batches(values)]
        table = pa.concat_tables([r for r, _ in results])
        return sorted((tuple(row.values()) for row in table.to_pylist()), key=repr)

    with Opening(held, 1) as inline:
        assert inline.mode == "inline"
        expected_fast, expected_slow = rows(inline, fast), rows(inline, slow)
    assert {row[9] for row in expected_fast + expected_slow} == {"decrypted"}
    with Opening(held, 2) as threads:
        assert threads.mode == "threads"
        assert rows(threads, fast) == expected_fast and threads.mode == "threads"
        threads.SETTLE = 12
        assert rows(threads, slow) == expected_slow  # all pysequoia's: on to processes
        assert threads.mode == "processes"
        assert rows(threads, fast) == expected_fast
    x448 = [HeldKey(x448_key.fingerprint, x448_key.secret, x448_key.passphrase,
                    _key_ids(x448_key))]  # fmt: skip
    to_x448 = [x448_key.encrypt(f"X448 {i}") for i in range(8)]
    with Opening(x448, 2) as processes:
        assert processes.mode == "processes"
        with Opening(x448, 1) as one:
            expected = rows(one, to_x448)
            assert rows(processes, to_x448) == expected
            assert {row[9] for row in expected} == {"decrypted"}


def test_keys_in_text_are_read_again_only_after_a_change(
    tmp_path: Path, case: Case, alice, bob, carol, monkeypatch
) -> None:
    """keys import and decrypt both look for keys in seized text: the second look reads
    nothing again unless the text or pgp_keys changed, and gives the first look's counts."""
    from seized.crypto import store

    reads: list[str] = []
    parse = store.parse_key_text

    def counted(text: str, where: str, **kwargs):
        reads.append(where)
        return parse(text, where, **kwargs)

    monkeypatch.setattr(store, "parse_key_text", counted)
    files, phrases = _keys(tmp_path, alice, bob)
    first = keys_import_stage(case, KeyImportOptions(files, phrases))
    assert first.counts["from_text"] == 1 and reads == ["accounts.pgp_public_key:m:7"]
    decrypt_stage(case, DecryptOptions(workers=1))
    assert reads == ["accounts.pgp_public_key:m:7"]  # decrypt did not read it again
    with case.connect() as con:
        assert sorted(store.import_text_keys(con).items()) == [("keys", 1), ("unreadable", 0)]
        con.execute(
            "INSERT INTO accounts (account_id, market_id, native_id, pgp_public_key) "
            "VALUES ('m:8', 'm', '8', ?)",
            [str(alice.cert)],
        )
        assert store.import_text_keys(con)["keys"] == 2
        assert len(reads) == 3  # both keys read again: the text changed
        con.execute("DELETE FROM pgp_keys WHERE fingerprint = ?", [carol.fingerprint])
        store.import_text_keys(con)
        assert len(reads) == 5  # and again: pgp_keys changed
        known = con.execute(
            "SELECT count(*) FROM pgp_keys WHERE fingerprint = ?", [carol.fingerprint]
        )
        assert known.fetchall() == [(1,)]


def test_a_key_seen_in_several_rows_lists_them_in_key_order(tmp_path: Path, carol) -> None:
    """seen_in does not depend on the order the rows are stored or scanned in."""
    from seized.crypto import store

    case = new_case(tmp_path)
    with case.connect() as con:
        for native in ("b", "c", "a"):
            con.execute(
                "INSERT INTO accounts (account_id, market_id, native_id, pgp_public_key) "
                "VALUES (?, 'm', ?, ?)",
                [f"m:{native}", native, str(carol.cert)],
            )
        store.import_text_keys(con)
        seen = con.execute("SELECT seen_in FROM pgp_keys").fetchall()
    assert seen == [([f"accounts.pgp_public_key:m:{n}" for n in "abc"],)]


def test_decrypt_on_the_command_line_logs_progress(tmp_path: Path, case: Case, alice, bob) -> None:
    """`seized decrypt --progress plain`: lines for a log, at most twice a second per table and
    one at its end, with the share done and the rate; then the counts per table."""
    from click.testing import CliRunner

    from seized.cli import _Group
    from seized.cli.crypto_cmds import COMMANDS

    cli = _Group(name="seized")
    for command in COMMANDS:
        cli.add_command(command)
    files, phrases = _keys(tmp_path, alice, bob)
    runner = CliRunner()
    imported = runner.invoke(
        cli, ["keys", "import", str(case.root), *map(str, files), "--passphrases", str(phrases)]
    )
    assert imported.exit_code == 0, imported.output
    result = runner.invoke(cli, ["decrypt", str(case.root), "--progress", "plain"])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stderr.splitlines() if line.startswith("decrypt ")]
    assert lines == [
        line for line in lines if re.fullmatch(r"decrypt \w+: [\d,]+ of [\d,]+ values.*/s", line)
    ]
    assert sorted(line.split(":")[0] for line in lines) == ["decrypt messages", "decrypt orders"]
    assert all("(100%)" in line for line in lines)  # one batch each: only the last line
    assert re.search(r"orders\s+4\s+2\s+1\s+0\s+1\n", result.output), result.output


def test_keys_import_tells_the_keys_read_and_gives_the_same_result(
    tmp_path: Path, alice, bob
) -> None:
    files, phrases = _keys(tmp_path, alice, bob)
    seen: list[tuple[str, int, int]] = []
    told = keys_import_stage(
        new_case(tmp_path / "told"),
        KeyImportOptions(files, phrases, progress=lambda *args: seen.append(args)),
    )
    quiet = keys_import_stage(new_case(tmp_path / "quiet"), KeyImportOptions(files, phrases))
    assert seen == [("keys import: keys", n, 2) for n in (0, 1, 2)]
    assert told.counts == quiet.counts


def test_keys_import_on_the_command_line_logs_progress(tmp_path: Path, alice, bob) -> None:
    """`seized keys import --progress plain`: a line of keys read on stderr; stdout as without."""
    from click.testing import CliRunner

    from seized.cli import _Group
    from seized.cli.crypto_cmds import COMMANDS

    cli = _Group(name="seized")
    for command in COMMANDS:
        cli.add_command(command)
    files, phrases = _keys(tmp_path, alice, bob)
    outputs = {}
    for mode in ("plain", "none"):
        root = new_case(tmp_path / mode).root
        args = ["keys", "import", str(root), *map(str, files), "--passphrases", str(phrases)]
        outputs[mode] = CliRunner().invoke(cli, [*args, "--no-ask", "--progress", mode])
        assert outputs[mode].exit_code == 0, outputs[mode].output
    lines = [line for line in outputs["plain"].stderr.splitlines() if line.startswith("keys ")]
    assert lines and re.fullmatch(r"keys import: keys: 2 of 2 keys \(100%\), .*/s", lines[-1])
    assert not [line for line in outputs["none"].stderr.splitlines() if "keys import:" in line]
    assert outputs["plain"].stdout == outputs["none"].stdout
    assert "2 keys from 2 files" in outputs["plain"].stdout
