"""blockchain-etl exports: the ``crypto_bitcoin`` ``blocks`` and ``transactions`` tables.

An export is read with DuckDB as JSON lines, CSV (the nested ``inputs``/``outputs`` as JSON text)
or Parquet, from the ``bitcoin-etl export_blocks_and_transactions`` tool or from BigQuery (where
times are timestamps and amounts NUMERIC), and written straight into the chain tables in SQL.

The rules are those of :func:`seized.chain.load.load_chain`: a transaction id already stored keeps
its first row (within the export, the lowest block height wins); loading again changes nothing;
afterwards inputs without a value are resolved from the outputs they spend and fees computed.
Every file of an export is read in one go, so a block whose transactions are split over several
files is whole. As Bitcoin Core's blocks do, a coinbase has one input row without a previous
output. The export has no previous-block hash: it is filled from the block one height lower.
Output types are renamed (``pubkeyhash`` -> ``p2pkh``, ``witness_v1_taproot`` -> ``p2tr``...);
where the export has no usable address (``nonstandard``, ``multisig``, ``pubkey``,
``nulldata``), the script is classified from ``script_hex`` exactly as for raw blocks.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from pathlib import Path
from typing import Literal

import duckdb
from duckdb.func import FunctionNullHandling
from duckdb.sqltypes import VARCHAR

from seized.chain.address import Network, script_to_address
from seized.chain.load import resolve_chain
from seized.errors import InputError, UserError
from seized.stages import Progress, phases

Format = Literal["json", "csv", "parquet"]
Table = Literal["blocks", "transactions"]

#: blockchain-etl output ``type`` -> the script type names of :mod:`seized.chain.address`.
ETL_TYPES: dict[str, str] = {
    "pubkeyhash": "p2pkh",
    "scripthash": "p2sh",
    "witness_v0_keyhash": "p2wpkh",
    "witness_v0_scripthash": "p2wsh",
    "witness_v1_taproot": "p2tr",
    "witness_unknown": "witness_unknown",
    "nulldata": "nulldata",
    "multisig": "multisig",
    "pubkey": "p2pk",
    "nonstandard": "nonstandard",
}
#: Types whose ``addresses[0]`` is the address the raw script gives.
_ADDRESS_TYPES = ("p2pkh", "p2sh", "p2wpkh", "p2wsh", "p2tr", "witness_unknown")

_SUFFIXES: dict[str, Format] = {
    ".json": "json",
    ".jsonl": "json",
    ".ndjson": "json",
    ".csv": "csv",
    ".parquet": "parquet",
}
_IO = 'STRUCT("index" VARCHAR, spent_transaction_hash VARCHAR, spent_output_index VARCHAR, '
_IO += "type VARCHAR, addresses VARCHAR[], value VARCHAR, script_hex VARCHAR)[]"
_IO_JSON = json.dumps(
    [
        {
            "index": "VARCHAR",
            "spent_transaction_hash": "VARCHAR",
            "spent_output_index": "VARCHAR",
            "type": "VARCHAR",
            "addresses": ["VARCHAR"],
            "value": "VARCHAR",
            "script_hex": "VARCHAR",
        }
    ]
)
_IO_FIELDS = (
    "index",
    "spent_transaction_hash",
    "spent_output_index",
    "type",
    "addresses",
    "value",
    "script_hex",
)
_TX_COLUMNS = {
    "hash": "VARCHAR",
    "block_hash": "VARCHAR",
    "block_number": "VARCHAR",
    "block_timestamp": "VARCHAR",
    "is_coinbase": "VARCHAR",
    "index": "VARCHAR",
    "inputs": _IO,
    "outputs": _IO,
}
_BLOCK_COLUMNS = {
    "hash": "VARCHAR",
    "number": "VARCHAR",
    "timestamp": "VARCHAR",
    "merkle_root": "VARCHAR",
    "transaction_count": "VARCHAR",
}

#: The export has no previous-block hash: the block one lower is the parent (main chain only).
SQL_PARENT_HASHES = """
UPDATE btc_blocks AS b SET prev_hash = p.hash
FROM btc_blocks AS p
WHERE b.prev_hash IS NULL AND b.height IS NOT NULL AND p.height = b.height - 1
"""


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _open_text(path: Path) -> str:
    """The first line of a (possibly gzip-compressed) text file."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", errors="replace") as handle:
        line: str = handle.readline(1_000_000)
    return line


def file_format(path: Path) -> Format | None:
    """The export format of a file by its name (``.gz`` allowed), or None."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return _SUFFIXES.get(suffixes[-1]) if suffixes else None


def file_table(path: Path, fmt: Format) -> Table | None:
    """Which export table a file holds: by name, else by its first record or header."""
    name = path.name.lower()
    if "transaction" in name:
        return "transactions"
    if "block" in name:
        return "blocks"
    if fmt == "parquet":
        try:
            with duckdb.connect() as probe:
                names = probe.execute("SELECT name FROM parquet_schema(?)", [str(path)]).fetchall()
        except duckdb.Error:
            return None
        keys = {str(r[0]) for r in names}
    else:
        first = _open_text(path)
        if fmt == "json":
            try:
                obj = json.loads(first)
            except ValueError:
                return None
            keys = set(obj) if isinstance(obj, dict) else set()
        else:
            keys = {k.strip().strip('"') for k in first.split(",")}
    if "outputs" in keys and "block_hash" in keys:
        return "transactions"
    if "transaction_count" in keys and "merkle_root" in keys:
        return "blocks"
    return None


def find_export(path: Path) -> dict[Table, list[Path]]:
    """The blocks and transactions files of an export (a directory or one file), by table."""
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    found: dict[Table, list[Path]] = {"blocks": [], "transactions": []}
    for file in files:
        fmt = file_format(file)
        if fmt is None:
            continue
        table = file_table(file, fmt)
        if table is not None:
            found[table].append(file)
    return found


def is_export(path: Path) -> bool:
    """True when ``path`` holds blockchain-etl transactions files."""
    return bool(find_export(path)["transactions"])


def _reader(
    con: duckdb.DuckDBPyConnection, files: list[Path], columns: dict[str, str]
) -> tuple[str, list[object]]:
    """A FROM clause (with parameters) reading ``files`` with ``columns`` as VARCHAR-ish types."""
    fmts = {file_format(f) for f in files}
    if len(fmts) != 1:
        raise UserError(
            f"{files[0].parent}: an export mixes formats ({', '.join(sorted(map(str, fmts)))}); "
            "load each format on its own"
        )
    fmt = fmts.pop()
    paths = [str(f) for f in files]
    if fmt == "json":
        spec = ", ".join(f"{_q(k)}: '{v}'" for k, v in columns.items())
        return (
            f"(SELECT * FROM read_json(?, format='newline_delimited', columns={{{spec}}}))",
            [paths],
        )
    if fmt == "csv":
        present = _present(con, "read_csv(?, header=true, all_varchar=true)", paths)
        parts = []
        for name, kind in columns.items():
            if name not in present:
                parts.append(f"CAST(NULL AS {kind}) AS {_q(name)}")
            elif kind == _IO:
                parts.append(f"json_transform({_q(name)}, '{_IO_JSON}') AS {_q(name)}")
            else:
                parts.append(f"{_q(name)}")
        select = ", ".join(parts)
        return f"(SELECT {select} FROM read_csv(?, header=true, all_varchar=true))", [paths]
    present = _present(con, "read_parquet(?, union_by_name=true)", paths)
    parts = []
    for name, kind in columns.items():
        if name not in present:
            parts.append(f"CAST(NULL AS {kind}) AS {_q(name)}")
        elif kind == _IO:
            fields = _struct_fields(con, paths, name)
            items = ", ".join(
                f"{_q(f)}: "
                + (f"x.{_q(f)}" if f in fields else "NULL")
                + ("::VARCHAR[]" if f == "addresses" else "::VARCHAR")
                for f in _IO_FIELDS
            )
            parts.append(f"list_transform({_q(name)}, lambda x: {{{items}}}) AS {_q(name)}")
        else:
            parts.append(f"{_q(name)}::VARCHAR AS {_q(name)}")
    select = ", ".join(parts)
    return f"(SELECT {select} FROM read_parquet(?, union_by_name=true))", [paths]


def _present(con: duckdb.DuckDBPyConnection, source: str, paths: list[str]) -> set[str]:
    rows = con.execute(f"DESCRIBE SELECT * FROM {source}", [paths]).fetchall()
    return {str(r[0]) for r in rows}


def _struct_fields(con: duckdb.DuckDBPyConnection, paths: list[str], column: str) -> set[str]:
    rows = con.execute(
        f"SELECT unnest(struct_keys(any_value({_q(column)}[1]))) "
        "FROM read_parquet(?, union_by_name=true)",
        [paths],
    ).fetchall()
    return {str(r[0]) for r in rows if r[0] is not None}


def _ts(expr: str) -> str:
    """SQL for a TIMESTAMP from Unix seconds or a BigQuery timestamp text."""
    return (
        f"CASE WHEN regexp_full_match({expr}, '[0-9]+') "
        f"THEN make_timestamp(CAST({expr} AS BIGINT) * 1000000) "
        f"ELSE CAST(regexp_replace({expr}, '( UTC|Z|[+]00(:?00)?)$', '') AS TIMESTAMP) END"
    )


def _sats(expr: str) -> str:
    return f"CAST(CAST({expr} AS DECIMAL(38, 9)) AS BIGINT)"


def _script_udf(
    network: Network,
) -> tuple[Callable[[str | None], str | None], Callable[[str | None], str | None]]:
    def kind(script_hex: str | None) -> str | None:
        if script_hex is None:
            return None
        try:
            return script_to_address(bytes.fromhex(script_hex), network)[0]
        except ValueError:
            return "nonstandard"

    def address(script_hex: str | None) -> str | None:
        if script_hex is None:
            return None
        try:
            return script_to_address(bytes.fromhex(script_hex), network)[1]
        except ValueError:
            return None

    return kind, address


_TYPE_CASE = "CASE " + " ".join(f"WHEN o.type = '{k}' THEN '{v}'" for k, v in ETL_TYPES.items())
_TYPE_CASE += " ELSE o.type END"
_ADDR_TYPES = ", ".join(f"'{t}'" for t in _ADDRESS_TYPES)


#: The phases of :func:`load_export` that progress names, in order.
PHASES = ("read", "blocks", "outputs", "inputs", "transactions", "resolve")


def load_export(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    *,
    network: Network = "mainnet",
    progress: Progress | None = None,
) -> dict[str, int]:
    """Load a blockchain-etl export (directory or file) into the chain tables; returns counts.

    Counts as :func:`seized.chain.load.load_chain`: ``blocks_loaded``, ``transactions``,
    ``duplicate_txids``, ``inputs``, ``outputs``, ``inputs_resolved``, ``inputs_unresolved``.
    ``InputError`` names the file when DuckDB cannot read it. ``progress`` is told as each of
    :data:`PHASES` begins and ends.
    """
    export = find_export(path)
    if not export["transactions"]:
        raise UserError(f"{path}: no blockchain-etl transactions files here")
    kind_fn, address_fn = _script_udf(network)
    ended = phases(progress, "chain add", PHASES)
    for name, fn in (("_seized_etl_kind", kind_fn), ("_seized_etl_address", address_fn)):
        con.create_function(
            name, fn, [VARCHAR], VARCHAR, null_handling=FunctionNullHandling.SPECIAL
        )
    try:
        # reads the columns of CSV and Parquet files: DuckDB may refuse them already here
        tx_from, tx_params = _reader(con, export["transactions"], _TX_COLUMNS)
        con.execute("BEGIN TRANSACTION")
        try:
            counts = _load(con, tx_from, tx_params, export["blocks"], ended)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    except duckdb.Error as exc:
        raise InputError(
            f"cannot read the blockchain-etl export: {exc}",
            path,
            hint="expected the crypto_bitcoin blocks/transactions schema "
            "as JSON lines, CSV or Parquet",
        ) from exc
    finally:
        con.remove_function("_seized_etl_kind")
        con.remove_function("_seized_etl_address")
    counts.update(resolve_chain(con))
    ended("resolve")
    return counts


def _load(
    con: duckdb.DuckDBPyConnection,
    tx_from: str,
    tx_params: list[object],
    block_files: list[Path],
    ended: Callable[[str], None],
) -> dict[str, int]:
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _etl_all AS
        SELECT lower(hash) AS txid, lower(block_hash) AS block_hash,
               CAST(block_number AS BIGINT) AS height, {_ts("block_timestamp")} AS time,
               lower(is_coinbase) IN ('true', '1', 't') AS is_coinbase,
               CAST("index" AS BIGINT) AS pos, inputs, outputs
        FROM {tx_from}
        """,
        tx_params,
    )
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE _etl_tx AS
        SELECT * FROM _etl_all
        WHERE txid NOT IN (SELECT txid FROM btc_transactions)
        QUALIFY row_number() OVER (PARTITION BY txid ORDER BY height, pos) = 1
        """
    )
    ended("read")
    if block_files:
        blk_from, blk_params = _reader(con, block_files, _BLOCK_COLUMNS)
        con.execute(
            f"""
            CREATE OR REPLACE TEMP TABLE _etl_blocks AS
            SELECT lower(hash) AS hash, CAST(number AS BIGINT) AS height, {_ts('"timestamp"')}
                   AS time, lower(merkle_root) AS merkle_root,
                   CAST(transaction_count AS INTEGER) AS tx_count
            FROM {blk_from}
            QUALIFY row_number() OVER (PARTITION BY lower(hash)) = 1
            """,
            blk_params,
        )
    else:
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _etl_blocks (hash VARCHAR, height BIGINT, "
            "time TIMESTAMP, merkle_root VARCHAR, tx_count INTEGER)"
        )
    # blocks named only by their transactions (no blocks file, or an incomplete one)
    con.execute(
        """
        INSERT INTO _etl_blocks
        SELECT block_hash, any_value(height), min(time), NULL, count(DISTINCT txid)
        FROM _etl_all WHERE block_hash NOT IN (SELECT hash FROM _etl_blocks)
        GROUP BY block_hash
        """
    )
    blocks = _one(
        con,
        """
        INSERT INTO btc_blocks (height, hash, prev_hash, merkle_root, time, tx_count)
        SELECT height, hash, CASE WHEN height = 0 THEN repeat('0', 64) END, merkle_root, time,
               tx_count
        FROM _etl_blocks WHERE hash NOT IN (SELECT hash FROM btc_blocks)
        """,
    )
    con.execute(SQL_PARENT_HASHES)
    ended("blocks")
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _etl_out AS
        SELECT t.txid, CAST(o."index" AS INTEGER) AS vout, {_sats("o.value")} AS value_sats,
               {_TYPE_CASE} AS etl_type, o.addresses[1] AS etl_address, o.script_hex
        FROM _etl_tx t, unnest(t.outputs) AS u(o)
        """
    )
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _etl_out_typed AS
        SELECT txid, vout, value_sats,
               CASE WHEN etl_type IN ({_ADDR_TYPES}) OR script_hex IS NULL THEN etl_type
                    ELSE _seized_etl_kind(script_hex) END AS script_type,
               CASE WHEN etl_type IN ({_ADDR_TYPES}) THEN etl_address
                    WHEN script_hex IS NULL THEN NULL
                    ELSE _seized_etl_address(script_hex) END AS address
        FROM _etl_out
        """
    )
    outputs = _one(
        con,
        """
        INSERT INTO btc_outputs (txid, vout, address, value_sats, script_type)
        SELECT txid, vout, address, value_sats, script_type FROM _etl_out_typed
        """,
    )
    ended("outputs")
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _etl_in AS
        SELECT t.txid, CAST(i."index" AS INTEGER) AS idx,
               lower(i.spent_transaction_hash) AS prev_txid,
               CAST(i.spent_output_index AS BIGINT) AS prev_vout,
               CASE WHEN {_TYPE_CASE.replace("o.type", "i.type")} IN ({_ADDR_TYPES})
                    THEN i.addresses[1] END AS address,
               {_sats("i.value")} AS value_sats
        FROM _etl_tx t, unnest(t.inputs) AS u(i)
        WHERE NOT t.is_coinbase
        UNION ALL
        SELECT txid, 0, NULL, NULL, NULL, NULL FROM _etl_tx WHERE is_coinbase
        """
    )
    inputs = _one(
        con,
        """
        INSERT INTO btc_inputs (txid, idx, prev_txid, prev_vout, address, value_sats)
        SELECT txid, idx, prev_txid, prev_vout, address, value_sats FROM _etl_in
        """,
    )
    ended("inputs")
    transactions = _one(
        con,
        """
        INSERT INTO btc_transactions (txid, block_height, block_hash, time, is_coinbase,
                                      n_inputs, n_outputs, input_sats, output_sats, fee_sats)
        SELECT t.txid, t.height, t.block_hash, t.time, t.is_coinbase,
               CASE WHEN t.is_coinbase THEN 1 ELSE len(t.inputs) END, len(t.outputs),
               i.input_sats, coalesce(o.output_sats, 0), i.input_sats - coalesce(o.output_sats, 0)
        FROM _etl_tx t
        LEFT JOIN (SELECT txid, sum(value_sats) AS output_sats FROM _etl_out GROUP BY txid) o
            USING (txid)
        LEFT JOIN (
            SELECT txid, sum(value_sats) AS input_sats FROM _etl_in
            GROUP BY txid HAVING count(*) = count(value_sats)
        ) i USING (txid)
        """,
    )
    ended("transactions")
    all_rows = _one(con, "SELECT count(*) FROM _etl_all")
    for name in ("_etl_all", "_etl_tx", "_etl_blocks", "_etl_out", "_etl_out_typed", "_etl_in"):
        con.execute(f"DROP TABLE {name}")
    return {
        "blocks_loaded": blocks,
        "transactions": transactions,
        "duplicate_txids": all_rows - transactions,
        "inputs": inputs,
        "outputs": outputs,
    }


def _one(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    row = con.execute(sql).fetchone()
    return int(row[0]) if row and row[0] is not None else 0
