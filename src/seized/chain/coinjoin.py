"""CoinJoin detection: equal-output transactions of many owners, by pattern, in SQL.

A CoinJoin's inputs belong to different people, so the multi-input heuristic must skip it. Each
transaction with at least two inputs and three outputs gets its most common output value (the
denomination; the larger value on a tie) and how many outputs carry it; the first pattern that
fits names it (the order below):

* ``whirlpool`` (Samourai): 5 inputs from 5 addresses, 5 outputs all of one pool denomination
  (0.001, 0.01, 0.05 or 0.5 BTC);
* ``wasabi`` (Wasabi 1.x): at least 10 equal outputs of about 0.1 BTC or a doubling of it (mixing
  levels), at least as many inputs, plus change and the coordinator fee;
* ``joinmarket``: n >= 3 equal outputs and n - 1 to n + 1 other outputs (the makers' and the
  taker's change), at least n inputs;
* ``equal_output`` (generic): at least 3 equal outputs and 3 inputs.

Every pattern also asks for inputs from at least 3 distinct addresses, and at least half as many
distinct input addresses as equal outputs (one per participant, give or take; a participant may
bring several coins of one address, so the share of distinct inputs is not used). That keeps out
an exchange's batch of equal withdrawals paid from one or two wallet addresses.
"""

from __future__ import annotations

import duckdb

#: Whirlpool pool denominations in satoshis (protocol constants: the pools never change).
WHIRLPOOL_POOLS = (100_000, 1_000_000, 5_000_000, 50_000_000)
#: Wasabi 1.x base denomination (about 0.1 BTC) and its tolerance; mixing levels double it.
WASABI_BASE = 10_000_000
WASABI_TOLERANCE = 0.2
WASABI_LEVELS = 5

PATTERNS = ("whirlpool", "wasabi", "joinmarket", "equal_output")


def _wasabi_condition() -> str:
    parts = []
    for level in range(WASABI_LEVELS):
        centre = WASABI_BASE * 2**level
        low, high = int(centre * (1 - WASABI_TOLERANCE)), int(centre * (1 + WASABI_TOLERANCE))
        parts.append(f"denomination BETWEEN {low} AND {high}")
    return "(" + " OR ".join(parts) + ")"


DETECT_SQL = f"""
INSERT INTO coinjoins (txid, pattern, n_inputs, n_outputs, input_addresses, denomination_sats,
                       equal_outputs)
WITH candidates AS (
    SELECT txid, n_inputs, n_outputs FROM btc_transactions
    WHERE NOT is_coinbase AND n_inputs >= 2 AND n_outputs >= 3
),
groups AS (
    SELECT o.txid, o.value_sats, count(*) AS k
    FROM btc_outputs o SEMI JOIN candidates c ON o.txid = c.txid
    GROUP BY o.txid, o.value_sats
),
modes AS (
    SELECT txid, arg_max(value_sats, k * 1e16 + value_sats) AS denomination, max(k) AS k
    FROM groups GROUP BY txid
),
spenders AS (
    SELECT i.txid, count(DISTINCT i.address) AS input_addresses
    FROM btc_inputs i SEMI JOIN modes m ON i.txid = m.txid
    GROUP BY i.txid
),
scored AS (
    SELECT c.txid, c.n_inputs, c.n_outputs, s.input_addresses, m.denomination, m.k
    FROM candidates c JOIN modes m USING (txid) JOIN spenders s USING (txid)
    WHERE m.k >= 3 AND s.input_addresses >= 3 AND s.input_addresses * 2 >= m.k
)
SELECT txid,
       CASE
           WHEN n_inputs = 5 AND n_outputs = 5 AND k = 5 AND input_addresses = 5
                AND denomination IN {WHIRLPOOL_POOLS} THEN 'whirlpool'
           WHEN k >= 10 AND n_inputs >= k AND {_wasabi_condition()} THEN 'wasabi'
           WHEN n_inputs >= k AND n_outputs - k BETWEEN k - 1 AND k + 1 THEN 'joinmarket'
           ELSE 'equal_output'
       END,
       n_inputs, n_outputs, input_addresses, denomination, k
FROM scored
WHERE n_inputs >= 3
"""


def detect_coinjoins(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Fill the ``coinjoins`` table afresh; returns how many transactions per pattern."""
    con.execute("DELETE FROM coinjoins")
    con.execute(DETECT_SQL)
    rows = con.execute("SELECT pattern, count(*) FROM coinjoins GROUP BY pattern").fetchall()
    found = {str(r[0]): int(r[1]) for r in rows}
    return {pattern: found.get(pattern, 0) for pattern in PATTERNS}
