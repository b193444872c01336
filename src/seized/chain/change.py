"""Change heuristics: which output of a payment goes back to the payer, each by name.

Off by default (they are guesses, and wrong guesses merge strangers); ``seized chain cluster
--change NAME`` turns one on, and the guessed change joins the payer's cluster. Each heuristic
looks at non-coinbase transactions with at least two outputs that are not CoinJoins and pays no
output back to an input address, and guesses at most one output:

* ``one_time_change``: the only output whose address is new (no earlier block paid it) while
  every other output's address was paid before;
* ``address_type``: all inputs spend one script type and exactly one output has that type;
* ``round_amount``: every output but one is a round amount (a multiple of 0.001 BTC): that one;
* ``optimal_change``: exactly one output is smaller than the smallest input (a wallet would not
  have used that input otherwise).

Precision and recall of each on the synthetic chain are in docs/benchmarks.md.
"""

from __future__ import annotations

import duckdb

from seized.errors import UserError

#: A round amount is a multiple of this many satoshis (0.001 BTC).
ROUND_SATS = 100_000

_ELIGIBLE = """
eligible AS (
    SELECT t.txid, t.block_height FROM btc_transactions t
    WHERE NOT t.is_coinbase AND t.n_outputs >= 2
      AND t.txid NOT IN (SELECT txid FROM coinjoins)
      AND NOT EXISTS (
          SELECT 1 FROM btc_outputs o JOIN btc_inputs i ON i.txid = o.txid AND i.address = o.address
          WHERE o.txid = t.txid)
),
outs AS (
    SELECT o.txid, o.vout, o.address, o.value_sats, o.script_type, e.block_height
    FROM btc_outputs o JOIN eligible e USING (txid)
)"""

_ONE_TIME = f"""
WITH {_ELIGIBLE},
first_paid AS (
    SELECT o.address, min(t.block_height) AS first_height
    FROM btc_outputs o JOIN btc_transactions t USING (txid)
    WHERE o.address IN (SELECT address FROM outs)
    GROUP BY o.address
),
marked AS (
    SELECT outs.txid, outs.vout, f.first_height >= outs.block_height AS fresh
    FROM outs JOIN first_paid f USING (address)
)
SELECT txid, arg_max(vout, fresh) AS vout FROM marked
GROUP BY txid HAVING count(*) FILTER (WHERE fresh) = 1 AND count(*) FILTER (WHERE NOT fresh) >= 1
"""

_ADDRESS_TYPE = f"""
WITH {_ELIGIBLE},
input_types AS (
    SELECT i.txid, min(o.script_type) AS script_type
    FROM btc_inputs i JOIN eligible e USING (txid)
    JOIN btc_outputs o ON o.txid = i.prev_txid AND o.vout = i.prev_vout
    GROUP BY i.txid HAVING count(DISTINCT o.script_type) = 1 AND count(*) = count(o.script_type)
)
SELECT outs.txid, arg_max(outs.vout, outs.script_type = it.script_type) AS vout
FROM outs JOIN input_types it USING (txid)
GROUP BY outs.txid
HAVING count(*) FILTER (WHERE outs.script_type = it.script_type) = 1
"""

_ROUND = f"""
WITH {_ELIGIBLE}
SELECT txid, arg_max(vout, value_sats % {ROUND_SATS} <> 0) AS vout FROM outs
GROUP BY txid HAVING count(*) FILTER (WHERE value_sats % {ROUND_SATS} <> 0) = 1
"""

_OPTIMAL = f"""
WITH {_ELIGIBLE},
smallest AS (
    SELECT i.txid, min(i.value_sats) AS smallest
    FROM btc_inputs i JOIN eligible e USING (txid)
    GROUP BY i.txid HAVING count(*) = count(i.value_sats)
)
SELECT outs.txid, arg_max(outs.vout, outs.value_sats < s.smallest) AS vout
FROM outs JOIN smallest s USING (txid)
GROUP BY outs.txid HAVING count(*) FILTER (WHERE outs.value_sats < s.smallest) = 1
"""

#: Heuristic name -> SQL selecting (txid, vout) of the guessed change output per transaction.
HEURISTICS: dict[str, str] = {
    "one_time_change": _ONE_TIME,
    "address_type": _ADDRESS_TYPE,
    "round_amount": _ROUND,
    "optimal_change": _OPTIMAL,
}


def check_names(names: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """The names, checked; ``UserError`` for an unknown one."""
    for name in names:
        if name not in HEURISTICS:
            raise UserError(
                f"unknown change heuristic {name!r}: choose from {', '.join(HEURISTICS)}"
            )
    return tuple(dict.fromkeys(names))


def guess_change(con: duckdb.DuckDBPyConnection, names: tuple[str, ...] | list[str]) -> int:
    """Write the guesses of the named heuristics to ``change_outputs`` (replacing old ones).

    Returns how many (transaction, heuristic) guesses were written. Needs ``coinjoins`` filled.
    """
    con.execute("DELETE FROM change_outputs")
    for name in check_names(names):
        con.execute(
            f"INSERT INTO change_outputs (txid, vout, heuristic) "
            f"SELECT txid, vout, ? FROM ({HEURISTICS[name]})",
            [name],
        )
    row = con.execute("SELECT count(*) FROM change_outputs").fetchone()
    return int(row[0]) if row else 0
