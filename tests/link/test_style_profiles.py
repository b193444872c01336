"""The writing-style profiles counted in NumPy are the ones the reference SQL computes."""

from __future__ import annotations

import random
from decimal import Decimal

import duckdb
import pyarrow as pa
import pytest

from seized.link import style

#: Letters, a space, accented and combining characters, a character outside the first plane.
ALPHABET = "abcde |é\u0301ж🔥"


def _texts(con: duckdb.DuckDBPyConnection, seed: int, accounts: int) -> None:
    rng = random.Random(seed)
    texts = []
    for _ in range(accounts):
        # short words of a small alphabet: grams repeat within and across texts, scores tie
        words = ["".join(rng.choices(ALPHABET, k=rng.randint(1, 5))) for _ in range(8)]
        texts.append(" ".join(rng.choices(words, k=rng.randint(0, 12))))
    table = pa.table(
        {"account_id": [f"m:{i}" for i in range(accounts)], "text": texts},
    )
    con.register("texts_arrow", table)
    con.execute("CREATE OR REPLACE TEMP TABLE link_style_texts AS FROM texts_arrow")


def _reference(con: duckdb.DuckDBPyConnection, size: int, share: Decimal) -> set[object]:
    values = {"style_size": size, "style_common_share": share}
    rows = con.execute(style.PROFILES_SQL, values).fetchall()
    return {(a, tuple(s)) for a, s in rows}


def _fast(con: duckdb.DuckDBPyConnection, size: int, share: Decimal) -> set[object]:
    table = style.style_profiles(con, size, share)
    return {(a, tuple(s)) for a, s in zip(*table.to_pydict().values(), strict=True)}


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize(("size", "share"), [(5, Decimal("0.3")), (40, Decimal("0.05"))])
def test_profiles_equal_the_reference(
    seed: int, size: int, share: Decimal, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(style, "CHUNK_GRAMS", 500)  # many chunks
    con = duckdb.connect()
    _texts(con, seed, 300)
    expected = _reference(con, size, share)
    assert expected  # the texts share grams
    assert _fast(con, size, share) == expected


def test_too_many_characters_for_a_key_take_the_sql(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(style, "MAX_CHAR_BITS", 2)
    con = duckdb.connect()
    _texts(con, 7, 200)
    share = Decimal("0.2")
    assert _fast(con, 10, share) == _reference(con, 10, share)


def test_no_texts() -> None:
    con = duckdb.connect()
    con.execute("CREATE TEMP TABLE link_style_texts (account_id VARCHAR, text VARCHAR)")
    assert style.style_profiles(con, 40, Decimal("0.05")).num_rows == 0
