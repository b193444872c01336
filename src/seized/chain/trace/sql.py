"""The forward hop step for every traced coin at once, in SQL (haircut and poison).

:class:`seized.chain.trace.hop.Tracer` moves coins one transaction at a time in Python; it is the
reference and runs every model in both directions. :class:`SqlTracer` gives the same rows and
counts for a forward trace with the haircut or poison model, computing each hop for the whole
frontier in DuckDB: the transaction spending each coin, the coins grouped by person and
transaction, each group's hop budget, and the largest-remainder shares of the haircut model
(128-bit products, so no satoshi is lost to rounding). Rows come in the reference's order: the
groups in the order their first coin came, then the outputs in ``vout`` order.
"""

from __future__ import annotations

from collections.abc import Mapping

import pyarrow as pa

from seized.chain.trace.hop import Tracer
from seized.chain.trace.records import PEEL_RATIO, Coin, TraceResult

#: The models :class:`SqlTracer` computes (FIFO keeps satoshi ranges: the reference runs it).
MODELS = ("haircut", "poison")

_FRONTIER = pa.schema(
    [
        ("person", pa.string()),
        ("txid", pa.string()),
        ("vout", pa.int32()),
        ("value", pa.int64()),
        ("address", pa.string()),
        ("amount", pa.int64()),
        ("hop", pa.int32()),
        ("budget", pa.int32()),
        ("peel", pa.bool_()),
        ("via", pa.bool_()),
        ("seq", pa.int64()),
    ]
)

# The transaction spending each coin of the frontier (_tf); none: the coin is unspent.
_REACHED = """
CREATE OR REPLACE TEMP TABLE _tr AS
SELECT f.*, s.tx FROM _tf f LEFT JOIN (
    SELECT i.prev_txid, i.prev_vout, min(i.txid) AS tx
    FROM btc_inputs i SEMI JOIN _tf f ON i.prev_txid = f.txid AND i.prev_vout = f.vout
    GROUP BY i.prev_txid, i.prev_vout
) s ON s.prev_txid = f.txid AND s.prev_vout = f.vout
"""

# The outputs of each transaction reached, k its place among them, with the service and stop
# address it reaches (the same joins as the reference's query).
_ENDS = """
CREATE OR REPLACE TEMP TABLE _te AS
SELECT o.txid, row_number() OVER (PARTITION BY o.txid ORDER BY o.vout) - 1 AS k,
       o.vout, o.value_sats AS value, o.address, s.label, s.category,
       st.address IS NOT NULL AS stop
FROM btc_outputs o SEMI JOIN (SELECT DISTINCT tx FROM _tr WHERE tx IS NOT NULL) t ON o.txid = t.tx
LEFT JOIN _trace_service s ON s.address = o.address
LEFT JOIN _trace_stop st ON st.address = o.address
"""

# Each transaction reached: its outputs' count and sum, the larger output of a peel step (-1:
# none), what its inputs hold, and whether it is a CoinJoin.
_TXS = f"""
CREATE OR REPLACE TEMP TABLE _tx AS
WITH t AS (SELECT DISTINCT tx AS txid FROM _tr WHERE tx IS NOT NULL),
o AS (
    SELECT txid, count(*) AS n, sum(value) AS out_sum, list(value ORDER BY k) AS v
    FROM _te GROUP BY txid
),
i AS (
    SELECT i.txid, sum(coalesce(i.value_sats, 0)) AS in_sum
    FROM btc_inputs i SEMI JOIN t USING (txid)
    WHERE i.prev_txid IS NOT NULL GROUP BY i.txid
)
SELECT t.txid, coalesce(o.n, 0) AS n, coalesce(o.out_sum, 0)::HUGEINT AS out_sum,
       coalesce(i.in_sum, 0)::HUGEINT AS in_sum,
       CASE WHEN o.n = 2 AND greatest(o.v[1], o.v[2]) >= {PEEL_RATIO} * least(o.v[1], o.v[2])
            THEN CASE WHEN o.v[1] >= o.v[2] THEN 0 ELSE 1 END ELSE -1 END AS larger,
       c.txid IS NOT NULL AS coinjoin
FROM t LEFT JOIN o USING (txid) LEFT JOIN i USING (txid)
LEFT JOIN (SELECT txid FROM coinjoins SEMI JOIN t USING (txid)) c USING (txid)
"""

# The coins by person and the transaction they move through: traced total, hop, budget, the
# flows' source (the coin carrying most, the first of them), the order of the first coin.
_GROUPS = """
CREATE OR REPLACE TEMP TABLE _tg AS
SELECT g.*, x.n, x.out_sum, x.in_sum, x.larger, x.coinjoin OR g.via_in AS via,
       g.budget_in + CASE WHEN g.free THEN 0 ELSE 1 END AS budget,
       x.larger >= 0 OR g.free AS at_service
FROM (
    SELECT person, tx, sum(amount)::HUGEINT AS traced, bool_or(peel) AS free,
           max(budget) AS budget_in, max(hop) + 1 AS hop, bool_or(via) AS via_in,
           min(seq) AS gseq, first(address ORDER BY amount DESC, seq) AS source
    FROM _tr WHERE tx IS NOT NULL GROUP BY person, tx
) g JOIN _tx x ON x.txid = g.tx
"""

# Each group's slots: its transaction's outputs, and (haircut) the fee as slot n, with what the
# flows need of each output. ``gseq`` (the order of the group's first coin) identifies the group.
# ``w`` is the slot's weight; ``fl`` and ``rem`` the floor and remainder of its proportional share.
_HAIRCUT_SLOTS = """
CREATE OR REPLACE TEMP TABLE _ts AS
WITH g AS (
    SELECT gseq, tx, n, least(traced, in_sum) AS t, greatest(in_sum - out_sum, 0) AS fee,
           out_sum + greatest(in_sum - out_sum, 0) AS whole
    FROM _tg WHERE budget <= $max_hops
),
s AS (
    SELECT g.gseq, e.k, e.value::HUGEINT AS w, FALSE AS is_fee, g.t, g.whole,
           e.vout, e.value, e.address, e.label, e.category, e.stop
    FROM g JOIN _te e ON e.txid = g.tx
    UNION ALL
    SELECT gseq, n AS k, fee AS w, TRUE AS is_fee, t, whole,
           NULL, NULL, NULL, NULL, NULL, NULL
    FROM g
),
f AS (
    SELECT *,
           CASE WHEN whole <= 0 OR t <= 0 THEN 0 ELSE t * w // whole END AS fl,
           CASE WHEN whole <= 0 OR t <= 0 THEN 0 ELSE t * w % whole END AS rem,
           CASE WHEN whole <= 0 OR t <= 0 THEN 0 ELSE t END AS tt
    FROM s
)
SELECT gseq, k, is_fee, vout, value, address, label, category, stop,
       (fl + CASE WHEN row_number() OVER (PARTITION BY gseq ORDER BY rem DESC, k)
                       <= tt - sum(fl) OVER (PARTITION BY gseq)
                  THEN 1 ELSE 0 END)::BIGINT AS share
FROM f
"""

# Poison: every output wholly traced, each (person, transaction, output) once in a run.
_POISON_SLOTS = """
CREATE OR REPLACE TEMP TABLE _ts AS
SELECT g.gseq, e.k, FALSE AS is_fee, e.vout, e.value, e.address, e.label, e.category, e.stop,
       CASE WHEN g.traced > 0 THEN e.value ELSE 0 END AS share, g.person, g.tx
FROM _tg g JOIN _te e ON e.txid = g.tx
WHERE g.budget <= $max_hops
  AND NOT EXISTS (SELECT 1 FROM _tp p WHERE p.person = g.person AND p.tx = g.tx AND p.k = e.k)
"""

# The coins reached: one per output slot with a positive share, stored in the reference's
# order, so a coin's rowid is its place (a sort, where a row_number() window over the whole hop
# took twice as long). DuckDB keeps a table's insertion order in plain scans of it
# (preserve_insertion_order, on by default), which the flows and cash-outs are written in.
_MOVED = """
CREATE OR REPLACE TEMP TABLE _tm AS
SELECT g.person, g.tx, s.k, s.vout, s.value, s.address, s.label, s.category, s.stop,
       s.share AS amount, g.hop, g.budget, g.via, g.source,
       CASE WHEN s.label IS NOT NULL THEN g.at_service ELSE s.k = g.larger END AS peel
FROM _ts s JOIN _tg g USING (gseq)
WHERE s.share > 0 AND NOT s.is_fee
ORDER BY s.gseq, s.k
"""


# Seeds: the rows of a seed query (person, txid, vout, value, address, label, category).
_SEEDS = """
CREATE OR REPLACE TEMP TABLE _tseed AS
SELECT *, label IS NOT NULL AND address IS NOT NULL AS at_service,
       row_number() OVER (ORDER BY person, txid, vout) AS seq
FROM ({query}) AS s(person, txid, vout, value, address, label, category)
"""


class SqlTracer(Tracer):
    """A forward :class:`Tracer` for the haircut or poison model whose hops run in SQL."""

    def _check(self) -> None:
        if not self.forward or self.model not in MODELS:
            raise ValueError(f"SqlTracer traces forward with {' or '.join(MODELS)}")

    def run_query(self, query: str, params: list[object]) -> TraceResult:
        """Trace the seeds of ``query`` (rows of :func:`seized.chain.trace.seeds.seed_rows`)
        as :meth:`Tracer.run` traces them, without a Python object per seed."""
        self._check()
        con, result = self.con, self.result
        con.execute(_SEEDS.format(query=query), params)
        try:
            ((seeds, sats),) = con.execute(
                "SELECT count(*), coalesce(sum(value), 0) FROM _tseed"
            ).fetchall()
            result.seeds += int(seeds)
            result.seed_sats += int(sats)
            # a seed at a service is a cash-out of no hop
            con.execute(
                "INSERT INTO cashouts (person_id, label, amount_sats, hops, category, address, "
                "txid, vout, via_coinjoin, peel_chain, model, direction) "
                "SELECT person, label, value, 0, category, address, txid, vout, FALSE, FALSE, "
                "?, ? FROM _tseed WHERE at_service ORDER BY seq",
                [self.model, self.direction],
            )
            ((cashouts, cashout_sats),) = con.execute(
                "SELECT count(*), coalesce(sum(value), 0) FROM _tseed WHERE at_service"
            ).fetchall()
            result.cashouts += int(cashouts)
            result.cashout_sats += int(cashout_sats)
            on = "NOT at_service" if self.stop_at_labels else "TRUE"
            con.execute(
                "CREATE OR REPLACE TEMP TABLE _tf AS "
                "SELECT person, txid, vout::INTEGER AS vout, value, address, value AS amount, "
                "0 AS hop, 0 AS budget, FALSE AS peel, FALSE AS via, "
                f"row_number() OVER (ORDER BY seq) AS seq FROM _tseed WHERE {on}"
            )
        finally:
            con.execute("DROP TABLE IF EXISTS _tseed")
        self._hops()
        if self.progress is not None:
            self.progress(self.max_hops, self.max_hops)
        return result

    def step(self, frontier: list[Coin]) -> list[Coin]:
        """Every hop from the seeds' ``frontier`` to the end; returns no coin."""
        self._check()
        con = self.con
        seeds = pa.table(
            {
                "person": [c.person for c in frontier],
                "txid": [c.txid for c in frontier],
                "vout": [c.vout for c in frontier],
                "value": [c.value for c in frontier],
                "address": [c.address for c in frontier],
                "amount": [c.amount for c in frontier],
                "hop": [c.hop for c in frontier],
                "budget": [c.budget for c in frontier],
                "peel": [c.peel for c in frontier],
                "via": [c.via_coinjoin for c in frontier],
                "seq": list(range(len(frontier))),
            },
            schema=_FRONTIER,
        )
        con.register("_trace_seeds", seeds)
        con.execute("CREATE OR REPLACE TEMP TABLE _tf AS SELECT * FROM _trace_seeds")
        con.unregister("_trace_seeds")
        self._hops()
        return []

    def _hops(self) -> None:
        """Hop from the frontier ``_tf`` until no coin is left."""
        con = self.con
        con.execute("CREATE OR REPLACE TEMP TABLE _tp (person VARCHAR, tx VARCHAR, k BIGINT)")
        try:
            while self._scalar("SELECT count(*) FROM _tf"):
                self._hop()
        finally:
            for table in ("_tf", "_tr", "_te", "_tx", "_tg", "_ts", "_tm", "_tp"):
                con.execute(f"DROP TABLE IF EXISTS {table}")

    def _scalar(self, sql: str, params: Mapping[str, object] | None = None) -> int:
        ((value,),) = self.con.execute(sql, params or {}).fetchall()
        return int(value) if value is not None else 0

    def _hop(self) -> None:
        """One hop from the frontier ``_tf`` to the next."""
        con, result, hops = self.con, self.result, {"max_hops": self.max_hops}
        con.execute(_REACHED)
        result.unspent_sats += self._scalar("SELECT sum(amount) FROM _tr WHERE tx IS NULL")
        con.execute(_ENDS)
        con.execute(_TXS)
        con.execute(_GROUPS)
        result.limit_sats += self._scalar(
            "SELECT sum(traced) FROM _tg WHERE budget > $max_hops", hops
        )
        if self.model == "haircut":
            con.execute(_HAIRCUT_SLOTS, hops)
            result.fee_sats += self._scalar("SELECT sum(share) FROM _ts WHERE is_fee")
        else:
            con.execute(_POISON_SLOTS, hops)
            con.execute("INSERT INTO _tp SELECT person, tx, k FROM _ts WHERE share > 0")
        con.execute(_MOVED)
        params = [self.model, self.direction]
        con.execute(
            "INSERT INTO money_flows (person_id, from_address, to_address, txid, vout, "
            "amount_sats, hop, model, direction) "
            "SELECT person, source, address, tx, vout, amount, hop, ?, ? FROM _tm",
            params,
        )
        con.execute(
            "INSERT INTO cashouts (person_id, label, amount_sats, hops, category, address, "
            "txid, vout, via_coinjoin, peel_chain, model, direction) "
            "SELECT person, label, amount, hop, category, address, tx, vout, via, peel, ?, ? "
            "FROM _tm WHERE label IS NOT NULL",
            params,
        )
        ((flows, cashouts, cashout_sats),) = con.execute(
            "SELECT count(*), count(label), sum(amount) FILTER (WHERE label IS NOT NULL) FROM _tm"
        ).fetchall()
        result.flows += int(flows)
        result.cashouts += int(cashouts)
        result.cashout_sats += int(cashout_sats or 0)
        # on past a service only when the trace does not stop there; not past a stop address
        on = "label IS NULL" if self.stop_at_labels else "TRUE"
        result.stopped_sats += self._scalar(f"SELECT sum(amount) FROM _tm WHERE ({on}) AND stop")
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _tf AS "
            "SELECT person, tx AS txid, vout, value, address, amount, hop, budget, peel, via, "
            "rowid AS seq "
            f"FROM _tm WHERE ({on}) AND NOT stop"
        )
        if self.progress is not None:
            deepest = self._scalar(f"SELECT coalesce(max(budget), {self.max_hops}) FROM _tf")
            self.progress(min(deepest, self.max_hops), self.max_hops)
