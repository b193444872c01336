from __future__ import annotations

import base64

from seized.crypto.armor import _PLAIN_ARMOR, ArmorError, dearmor, dearmor_lines
from seized.crypto.blobs import find_blobs


def test_several_armored_blocks_in_one_text(alice, bob) -> None:
    first, second = alice.encrypt("one"), bob.encrypt("two")
    text = f"Hi!\n{first}\nand the second:\n{second}\nbye"
    blobs = find_blobs(text)
    assert [b.blob_index for b in blobs] == [0, 1]
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


def test_the_one_pattern_reading_of_tidy_armor_agrees_with_the_line_parser(alice) -> None:
    """dearmor reads a tidy block with one regular expression; on every block it accepts,
    the result is the line-by-line parser's, and every block it refuses still reads (or
    fails) as before."""
    body = base64.b64encode(bytes(range(200))).decode()
    lines = "\n".join(body[i : i + 64] for i in range(0, len(body), 64))
    begin, end = "-----BEGIN PGP MESSAGE-----", "-----END PGP MESSAGE-----"
    blocks = [
        f"{begin}\n\n{lines}\n=AbCd\n{end}",
        f"{begin}\nVersion: GnuPG v2\nComment: x: y\n\n{lines}\n{end}",
        f"{begin}\n{lines}\n{end}",  # no blank line: the line parser's
        f"{begin}\r\n\r\n{lines}\r\n{end}",
        f"{begin}\n\n  {lines}\n{end}",
        f"{begin}\n\n{lines[:-1]}\n{end}",  # broken base64 length
        f"{begin}\n\nQUJD=RA==\n{end}",  # padding in the middle
        f"{begin}\n\n{lines}\n=AbCd\nQUJD\n{end}",  # base64 after the checksum
        f"{begin}\n\n\n{end}",  # no data
        f"{begin}\n\nQUJD\n=AbC\n{end}",  # a short checksum line
        alice.encrypt("tidy"),
    ]
    fast = 0
    for block in blocks:
        block = block.strip()
        expected: object
        try:
            expected = dearmor_lines(block)
        except ArmorError as exc:
            expected = str(exc)
        try:
            got: object = dearmor(block)
        except ArmorError as exc:
            got = str(exc)
        assert got == expected, block
        fast += _PLAIN_ARMOR.fullmatch(block) is not None and isinstance(expected, tuple)
    assert fast == 3


def test_the_store_hands_on_only_texts_that_may_hold_a_message() -> None:
    """candidate_filter keeps the rows, candidate_columns the values, that find_blobs may find a
    message in: the values it nulls hold none."""
    import duckdb

    from seized.crypto.blobs import ARMOR_LIKE, BASE64_REGEX, BEGIN, END
    from seized.crypto.sources import candidate_columns, candidate_filter, candidate_params

    armored = f"{BEGIN}\n\nhQEMA\n{END}"
    base64_message = "hQEMA" + "A" * 60
    values = [
        (armored, "plain note"),
        ("hello", base64_message),
        ("nothing", "  here"),
        (None, f"see {armored} above"),
        ("h" + "A" * 20, "x"),  # too short for a binary message
    ]
    con = duckdb.connect()
    con.execute("CREATE TABLE t (a VARCHAR, b VARCHAR, c BLOB)")
    con.executemany("INSERT INTO t VALUES (?, ?, NULL)", values)
    con.execute("INSERT INTO t VALUES (NULL, NULL, ?)", [b"\xc1\x0c" + bytes(12)])
    columns = (("a", "VARCHAR"), ("b", "VARCHAR"), ("c", "BLOB"))
    params = candidate_params(columns, ARMOR_LIKE, BASE64_REGEX)
    select = ", ".join(candidate_columns(columns, BASE64_REGEX))
    where = candidate_filter(columns, ARMOR_LIKE, BASE64_REGEX)
    kept = con.execute(f"SELECT {select} FROM t WHERE {where} ORDER BY rowid", params * 2)
    rows = kept.fetchall()
    assert [row[:2] for row in rows] == [
        (armored, None), (None, base64_message), (None, f"see {armored} above"), (None, None)
    ]  # fmt: skip
    assert rows[-1][2] == b"\xc1\x0c" + bytes(12)
    handed_on = {value for row in rows for value in row}
    left_out = {value for row in values for value in row} - handed_on
    assert left_out == {"plain note", "hello", "nothing", "  here", "h" + "A" * 20, "x"}
    assert all(find_blobs(value) == [] for value in left_out)
