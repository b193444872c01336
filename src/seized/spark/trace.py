"""``trace`` on Spark: every seed's hop at once, as joins, with the DuckDB engine's hop step.

:func:`seized.chain.trace.trace_all` runs as it is: the case store finds the service, deposit
and stop addresses and the seeds, and :class:`SparkTracer` takes the seeds' frontier. Each hop
is then a handful of joins over the whole frontier (the transaction spending each coin, its
outputs with the services and stops they reach, its inputs, whether it is a CoinJoin), grouped
by person and transaction; each group goes through :meth:`seized.chain.trace.hop.Tracer.move`,
the DuckDB engine's own step, on the executors (an Arrow UDF). Haircut, poison and FIFO are
therefore one implementation.

The frontier's order decides one thing, which coin a flow is drawn from when two carry the
same amount. Each coin carries its place (``ord``: the place of its group, then its output),
so a group's coins reach the step in the order the DuckDB engine's frontier holds them.
Poison counts an output reached again through another path once: the (person, transaction,
output) triples passed so far go with each group.

Flows and cash-outs are appended as Parquet hop by hop; the stage loads them at the end.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import Any, cast

import duckdb
import pyarrow as pa
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from seized.chain.taint import Model
from seized.chain.trace.hop import Tracer
from seized.chain.trace.records import Ahead, Behind, Coin, Direction

#: a coin of the frontier
COIN = (
    "person string, txid string, vout int, value long, address string, amount long, "
    "ranges array<struct<lo:long,hi:long>>, hop int, budget int, peel boolean, "
    "via_coinjoin boolean, ord array<long>"
)
#: what one hop step gives back: coins reached, flows, cash-outs, poisoned outputs, counts
_OUT = (
    f"kind string, {COIN}, from_address string, label string, category string, tx string, "
    "k int, fee long, limit_sats long, unspent long, stopped long"
)
_COIN_COLUMNS = [c.split()[0] for c in COIN.split(", ")]


def _coins(row: dict[str, Any]) -> list[Coin]:
    coins = sorted(row["coins"], key=lambda c: c["ord"])
    return [
        Coin(
            person=c["person"],
            txid=c["txid"],
            vout=c["vout"],
            value=c["value"],
            address=c["address"],
            amount=c["amount"],
            ranges=[(r["lo"], r["hi"]) for r in c["ranges"] or []],
            hop=c["hop"],
            budget=c["budget"],
            peel=c["peel"],
            via_coinjoin=c["via_coinjoin"],
        )
        for c in coins
    ]


def _coin_row(kind: str, coin: Coin, ord_: list[int] | None) -> dict[str, Any]:
    return {
        "kind": kind,
        "person": coin.person,
        "txid": coin.txid,
        "vout": coin.vout,
        "value": coin.value,
        "address": coin.address,
        "amount": coin.amount,
        "ranges": [{"lo": lo, "hi": hi} for lo, hi in coin.ranges],
        "hop": coin.hop,
        "budget": coin.budget,
        "peel": coin.peel,
        "via_coinjoin": coin.via_coinjoin,
        "ord": ord_,
    }


def move_groups(
    batches: Iterator[pa.RecordBatch],
    model: Model,
    max_hops: int,
    stop_at_labels: bool,
    schema: pa.Schema,
) -> Iterator[pa.RecordBatch]:
    """The hop step of each group (person, transaction) of the batches, by
    :meth:`Tracer.move`; rows of :data:`_OUT`."""
    for batch in batches:
        tracer = Tracer(cast(Any, None), model, "forward", max_hops, stop_at_labels)
        out: list[dict[str, Any]] = []
        for row in batch.to_pylist():
            person, tx = row["person"], row["tx"]
            ends: list[Ahead] = [
                (tx, tx, e["vout"], e["value"], e["address"], e["label"], e["category"], e["stop"])
                for e in row["ends"] or []
            ]
            sources: list[Behind] = [
                (tx, s["prev_txid"], s["prev_vout"], s["value"]) for s in row["sources"] or []
            ]
            seen = {(person, tx, k) for k in row["seen"] or []}
            tracer.poisoned = set(seen)
            coins = _coins(row)
            for coin in tracer.move(person, tx, coins, ends, sources, bool(row["coinjoin"])):
                out.append(_coin_row("coin", coin, [*row["gord"], coin.vout]))
            for _person, _tx, k in tracer.poisoned - seen:
                out.append({"kind": "poison", "person": person, "tx": tx, "k": k})
        for source, coin in tracer.flows:
            out.append({**_coin_row("flow", coin, None), "from_address": source})
        for coin, label, category in tracer.cashouts:
            out.append({**_coin_row("cashout", coin, None), "label": label, "category": category})
        done = tracer.result
        out.append(
            {
                "kind": "count",
                "fee": done.fee_sats,
                "limit_sats": done.limit_sats,
                "unspent": done.unspent_sats,
                "stopped": done.stopped_sats,
            }
        )
        yield pa.RecordBatch.from_pylist(out, schema=schema)


class SparkTracer(Tracer):
    """A :class:`Tracer` whose hop steps run on Spark. Built by ``trace_all`` after it has
    prepared the service and stop addresses (``_trace_service``, ``_trace_stop``) on ``con``;
    the chain tables are ``chain`` (name -> DataFrame); ``write_rows(frame)`` keeps a hop's
    flow and cash-out rows (:func:`flows` and :func:`cashouts` turn them into the tables)."""

    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        model: Model,
        direction: Direction,
        max_hops: int,
        stop_at_labels: bool,
        progress: Callable[[int, int], None] | None = None,
        *,
        spark: SparkSession,
        chain: dict[str, DataFrame],
        share: Any,
        write_rows: Any,
    ) -> None:
        super().__init__(con, model, direction, max_hops, stop_at_labels, progress)
        self.spark = spark
        self.chain = chain
        self.write_rows = write_rows
        self.service = spark.read.parquet(share("_trace_service"))
        self.stop = (
            spark.read.parquet(share("_trace_stop"))
            .select("address", F.lit(True).alias("stop"))
            .distinct()
        )
        self.steps = 0

    def step(self, frontier: list[Coin]) -> list[Coin]:
        """Every hop from the seeds' ``frontier`` to the end, on Spark; returns no coin."""
        rows = [_coin_row("coin", c, [k]) for k, c in enumerate(frontier)]
        for row in rows:
            del row["kind"]
        current = self.spark.createDataFrame(rows, COIN).localCheckpoint()
        poisoned = self.spark.createDataFrame([], "person string, tx string, k int")
        left = len(rows)
        previous: DataFrame | None = None
        while left:
            self.steps += 1
            out = self._hop(current, poisoned).localCheckpoint()
            totals = {
                r["kind"]: r
                for r in out.groupBy("kind")
                .agg(
                    F.count(F.lit(1)).alias("rows"),
                    F.sum("amount").alias("amount"),
                    F.sum("fee").alias("fee"),
                    F.sum("limit_sats").alias("limit_sats"),
                    F.sum("unspent").alias("unspent"),
                    F.sum("stopped").alias("stopped"),
                )
                .collect()
            }
            self._count(totals)
            if "flow" in totals or "cashout" in totals:
                self.write_rows(out.where("kind IN ('flow', 'cashout')"))
            if self.model == "poison" and "poison" in totals:
                new = out.where("kind = 'poison'").select("person", "tx", "k")
                poisoned = poisoned.union(new).localCheckpoint()
            # the next frontier reads the checkpointed step: no job of its own
            current.unpersist()
            current = out.where("kind = 'coin'").select(*_COIN_COLUMNS)
            left = int(totals["coin"]["rows"]) if "coin" in totals else 0
            if previous is not None:
                previous.unpersist()
            previous = out
        if previous is not None:
            previous.unpersist()
        return []

    def _count(self, totals: dict[str, Any]) -> None:
        """Add one hop's counts (rows of ``kind``: rows, amount, fee, ...) to the result."""
        result = self.result
        for key, row in totals.items():
            if key == "count":
                result.fee_sats += int(row["fee"] or 0)
                result.limit_sats += int(row["limit_sats"] or 0)
                result.unspent_sats += int(row["unspent"] or 0)
                result.stopped_sats += int(row["stopped"] or 0)
            elif key == "flow":
                result.flows += int(row["rows"])
            elif key == "cashout":
                result.cashouts += int(row["rows"])
                result.cashout_sats += int(row["amount"] or 0)

    def _hop(self, frontier: DataFrame, poisoned: DataFrame) -> DataFrame:
        inputs, outputs = self.chain["btc_inputs"], self.chain["btc_outputs"]
        spenders = inputs.where("prev_txid IS NOT NULL").select(
            F.col("prev_txid").alias("txid"),
            F.col("prev_vout").cast("int").alias("vout"),
            F.col("txid").alias("tx"),
        )
        reached = frontier.join(spenders, ["txid", "vout"], "left")
        # a coin nobody spent is counted as unspent and goes no further
        unspent = reached.where("tx IS NULL").select(
            F.lit("count").alias("kind"), F.col("amount").alias("unspent")
        )
        groups = (
            reached.where("tx IS NOT NULL")
            .groupBy("person", "tx")
            .agg(
                F.collect_list(F.struct(*_COIN_COLUMNS)).alias("coins"),
                F.min("ord").alias("gord"),
            )
        )
        txs = groups.select(F.col("tx").alias("txid")).distinct()
        ends = (
            outputs.join(txs, "txid", "left_semi")
            .join(self.service, "address", "left")
            .join(self.stop, "address", "left")
            .groupBy("txid")
            .agg(
                F.sort_array(
                    F.collect_list(
                        F.struct(
                            F.col("vout"),
                            F.col("value_sats").alias("value"),
                            "address",
                            "label",
                            "category",
                            F.coalesce("stop", F.lit(False)).alias("stop"),
                        )
                    )
                ).alias("ends")
            )
        )
        sources = (
            inputs.where("prev_txid IS NOT NULL")
            .join(txs, "txid", "left_semi")
            .groupBy("txid")
            .agg(
                F.sort_array(
                    F.collect_list(
                        F.struct(
                            "idx",
                            "prev_txid",
                            F.col("prev_vout").cast("int").alias("prev_vout"),
                            F.coalesce("value_sats", F.lit(0)).alias("value"),
                        )
                    )
                ).alias("sources")
            )
        )
        coinjoins = self.chain["coinjoins"].select("txid", F.lit(True).alias("coinjoin"))
        seen = poisoned.groupBy("person", "tx").agg(F.collect_list("k").alias("seen"))
        rows = (
            groups.join(ends.withColumnRenamed("txid", "tx"), "tx", "left")
            .join(sources.withColumnRenamed("txid", "tx"), "tx", "left")
            .join(coinjoins.withColumnRenamed("txid", "tx"), "tx", "left")
            .join(seen, ["person", "tx"], "left")
        )
        schema = self.spark.createDataFrame([], _OUT).schema
        arrow = pa.schema(
            [pa.field(f.name, _arrow_type(f.dataType.simpleString())) for f in schema.fields]
        )
        step = partial(
            move_groups,
            model=self.model,
            max_hops=self.max_hops,
            stop_at_labels=self.stop_at_labels,
            schema=arrow,
        )
        moved = rows.mapInArrow(step, _OUT)
        return moved.unionByName(unspent, allowMissingColumns=True)


def flows(rows: DataFrame, model: str) -> DataFrame:
    """``money_flows`` of the flow rows of forward hop steps."""
    return rows.where("kind = 'flow'").select(
        F.col("person").alias("person_id"),
        "from_address",
        F.col("address").alias("to_address"),
        "txid",
        "vout",
        F.col("amount").alias("amount_sats"),
        "hop",
        F.lit(model).alias("model"),
        F.lit("forward").alias("direction"),
    )


def cashouts(rows: DataFrame, model: str) -> DataFrame:
    """``cashouts`` of the cash-out rows of forward hop steps."""
    return rows.where("kind = 'cashout'").select(
        F.col("person").alias("person_id"),
        "label",
        F.col("amount").alias("amount_sats"),
        F.col("hop").alias("hops"),
        "category",
        "address",
        "txid",
        "vout",
        "via_coinjoin",
        F.col("peel").alias("peel_chain"),
        F.lit(model).alias("model"),
        F.lit("forward").alias("direction"),
    )


_ARROW = {
    "string": pa.string(),
    "int": pa.int32(),
    "bigint": pa.int64(),
    "boolean": pa.bool_(),
    "array<bigint>": pa.list_(pa.int64()),
    "array<struct<lo:bigint,hi:bigint>>": pa.list_(
        pa.struct([("lo", pa.int64()), ("hi", pa.int64())])
    ),
}


def _arrow_type(spark_type: str) -> pa.DataType:
    return _ARROW[spark_type]
