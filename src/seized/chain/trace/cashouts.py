"""The cash-out report: per person and service, what a forward trace found cashed out."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from seized.chain.taint import Model
from seized.chain.trace.records import check_options

REPORT_SQL = """
SELECT c.person_id, string_agg(DISTINCT a.username, ', ' ORDER BY a.username) AS usernames,
       c.label, sum(c.amount_sats)::BIGINT AS amount_sats, count(*) AS cashouts,
       min(c.hops) AS min_hops, max(c.hops) AS max_hops,
       coalesce(sum(c.amount_sats) FILTER (WHERE c.peel_chain), 0)::BIGINT AS peel_sats,
       coalesce(sum(c.amount_sats) FILTER (WHERE c.via_coinjoin), 0)::BIGINT AS coinjoin_sats
FROM cashouts c
LEFT JOIN (
    SELECT coalesce(p.person_id, a.account_id) AS person_id, a.username, a.role
    FROM accounts a LEFT JOIN persons p USING (account_id)
) a ON a.person_id = c.person_id
WHERE c.model = ? AND c.direction = 'forward'
  AND (? = FALSE OR a.role = 'vendor')
GROUP BY c.person_id, c.label
ORDER BY sum(c.amount_sats) DESC, c.person_id, c.label
"""


@dataclass(frozen=True)
class CashoutLine:
    person_id: str
    usernames: str
    label: str
    amount_sats: int
    cashouts: int
    min_hops: int
    max_hops: int
    peel_sats: int
    coinjoin_sats: int


def cashout_report(
    con: duckdb.DuckDBPyConnection, *, model: Model = "haircut", vendors_only: bool = True
) -> list[CashoutLine]:
    """Per person (vendors only by default) and service: amount, count, hops; largest first."""
    check_options(model, "forward", 0)
    cursor = con.execute(REPORT_SQL, [model, vendors_only])
    names = [d[0] for d in cursor.description]
    lines = []
    for row in cursor.fetchall():
        fields = dict(zip(names, row, strict=True))
        fields["usernames"] = fields["usernames"] or ""
        lines.append(CashoutLine(**fields))
    return lines
