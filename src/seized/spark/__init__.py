"""The heavy stages on Apache Spark: ``chain cluster``, ``trace`` and ``link``.

An engine, not a second analysis: each stage keeps its options, its bookkeeping in
:meth:`seized.case.Case.stage` and its tables; ``engine="spark"`` only moves the work that grows
with the chain (for ``link``, with the candidate pairs) onto a Spark session (:mod:`.session`).
The SQL the DuckDB engine runs (CoinJoin patterns, change heuristics) runs on Spark as the same
text, translated by sqlglot (:mod:`.sql`); the per-transaction taint step of a trace is the
same Python function, run in the executors (:mod:`.trace`); so do the rules of loading a
blockchain-etl export (:mod:`.etl`) and the block parser reading blk files (:mod:`.blk`). What
is new is only what cannot run on one machine: connected components by large-star/small-star
(:mod:`.components`), block heights by pointer jumping and hop-by-hop joins for every seed at
once. The link model's candidate pairs are scored by Splink's own Spark backend with the
settings the case store uses (:mod:`.link`). The engine option itself is :mod:`.engine`.

Tables travel through Parquet (:mod:`.exchange`): the case store writes what a job reads to a
staging directory, the job writes its results to a temporary directory, and the stage swaps them
into ``CASE/spark/<table>/`` and loads them into the case store's own tables in its transaction,
so every later stage reads them unchanged (``link`` reads its scored pairs back into the
model's scoring, which then resolves persons as the DuckDB engine does).

pyspark is an optional dependency (``pip install 'seized[spark]'``, Java 17).
"""
