"""Accounts that are a person of their own are written in SQL (``_SINGLES``); their person id
and evidence must be what :func:`seized.link.resolve.person_id` and
:func:`seized.link.resolve.evidence` make, byte for byte."""

from __future__ import annotations

import pyarrow as pa

from seized.link.resolve import Person, evidence, person_id
from seized.link.stage import _SINGLES, persons_rows
from tests.link.conftest import LinkCase

#: Account ids with what could tell two implementations apart: non-ASCII letters (hashed as
#: UTF-8 bytes?), quotes, a backslash, a tab, an emoji, a long id.
ACCOUNTS = [
    "m1:1",
    "m1:10",
    "m2:ünïcødé",
    "m3:o'brien",
    'm4:"quoted"',
    "m5:back\\slash",
    "m6:tab\there",
    "m7:\U0001f600",
    "m8:" + "x" * 300,
    "m9:日本",
]


def test_singles_sql_writes_what_resolve_would(link_case: LinkCase) -> None:
    linked = "m1:linked"
    with link_case.case.connect() as con:
        con.execute("CREATE TEMP TABLE link_features (unique_id VARCHAR)")
        con.executemany("INSERT INTO link_features VALUES (?)", [[a] for a in [*ACCOUNTS, linked]])
        con.execute("DELETE FROM persons")
        already = persons_rows([Person("P-linked", [linked])], {linked: {"person_id": "P-linked"}})
        con.register("link_persons_arrow", already)
        con.execute(_SINGLES)
        con.unregister("link_persons_arrow")
        rows = con.execute(
            "SELECT person_id, account_id, evidence::VARCHAR, review FROM persons"
        ).fetchall()
    got = {str(r[1]): (str(r[0]), str(r[2]), bool(r[3])) for r in rows}
    assert sorted(got) == sorted(ACCOUNTS)  # the linked account is not written again

    persons = [Person(person_id([a]), [a]) for a in ACCOUNTS]
    table: pa.Table = persons_rows(persons, evidence(persons, []))
    expected = {
        account: (pid, text, review)
        for pid, account, text, review in zip(
            table.column("person_id").to_pylist(),
            table.column("account_id").to_pylist(),
            table.column("evidence").to_pylist(),
            table.column("review").to_pylist(),
            strict=True,
        )
    }
    assert got == expected
