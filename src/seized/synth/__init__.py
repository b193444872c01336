"""``seized synth``: a synthetic seized marketplace server with its ground truth.

:func:`generate` writes, for a scale and a seed::

    OUT/
      markets/silkway.sql      market 'silkway' on synth-bazaar: a mysqldump (MySQL 5.7)
      markets/hydrant.sql      market 'hydrant' on synth-agorax: a plain pg_dump (COPY form)
      markets/nightowl.sqlite  market 'nightowl' on synth-owl: an SQLite database
      markets/lantern/*.csv    market 'lantern', known only from a scrape of its vendor pages
      markets/lantern.yaml     the scrape's mapping (see :mod:`seized.synth.scrape`)
      keys/*.asc               seized secret keys, armored and passphrase-protected: the three
                               market server keys and the keys of a few arrested vendors
      keys/passphrases.txt     one line per seized key: ``FINGERPRINT passphrase``
      chain/blocks/blk*.dat    the synthetic Bitcoin chain in Bitcoin Core's block-file format
      chain/etl/*.jsonl        the same chain in the blockchain-etl schema (blocks, transactions)
      tags/exchanges.yaml      a GraphSense TagPack labelling a few addresses of each exchange
      truth.json               the ground truth (see :mod:`seized.synth.truth`)
      case.toml                a case file for ``seized run`` (below)

Each market software has its own table and column names, id style, units, time format, role and
status codes (see :mod:`seized.synth.bazaar`, :mod:`~seized.synth.agorax` and
:mod:`~seized.synth.owl`);
the mappings ``synth-bazaar``, ``synth-agorax`` and ``synth-owl`` ship with the package.

``case.toml`` has this shape (paths relative to the file)::

    [case]
    name = "..."
    [[evidence]]            # one per market dump, and the scrape
    path = "markets/silkway.sql"
    market = "silkway"
    mapping = "synth-bazaar"
    [keys]
    files = ["keys/server-silkway.asc", ...]
    passphrases = "keys/passphrases.txt"
    [chain]
    sources = ["chain/blocks"]
    [tags]
    files = ["tags/exchanges.yaml"]

Deterministic for a seed: two runs write identical files except for PGP key material (keys, and
the armored keys, messages and fingerprints derived from them), which OpenPGP libraries make from
fresh randomness. Rows are streamed to disk, so the large scale runs in bounded memory (accounts,
listings and unsettled orders are held; orders, messages and chain transactions are not).
"""

from __future__ import annotations

import random
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from seized.synth.agorax import Agorax
from seized.synth.bazaar import Bazaar
from seized.synth.bitcoin import Chain
from seized.synth.keys import KeyRing
from seized.synth.money import Money
from seized.synth.mysqldump import MySQLDumpWriter
from seized.synth.outputs import write_case, write_keys, write_tagpack
from seized.synth.owl import EUR_PER_BTC, Owl
from seized.synth.pgdump import PgDumpWriter
from seized.synth.scale import scale_named
from seized.synth.scrape import write_scrape
from seized.synth.sink import DumpWriter
from seized.synth.software import Software
from seized.synth.sqlitefile import SqliteWriter
from seized.synth.story import Story
from seized.synth.truth import Truth
from seized.synth.world import MARKETS, SCRAPE, WorldBuilder

__all__ = ["START", "SynthSummary", "generate"]

START = 1_577_836_800  # 2020-01-01 00:00:00 UTC: the first day of the market history


@dataclass
class SynthSummary:
    out: Path
    scale: str
    seed: int
    markets: dict[str, Path] = field(default_factory=dict)  # market -> dump file
    scrape: Path | None = None  # the scraped market's folder of CSV files
    mappings: dict[str, str] = field(default_factory=dict)  # market -> mapping software name
    accounts: int = 0
    orders: int = 0
    messages: int = 0
    persons: int = 0
    blocks: int = 0
    transactions: int = 0
    seconds: float = 0.0


def _writer(software: Software, path: Path, market: str, completed: str) -> DumpWriter:
    if software.dump == "mysql":
        return MySQLDumpWriter(path, market, software.tables, completed)
    if software.dump == "postgres":
        return PgDumpWriter(path, market, software.tables, completed)
    return SqliteWriter(path, software.tables)


def _quiet(stage: str, done: int, total: int) -> None:
    return None


def generate(
    out: Path,
    *,
    scale: str = "small",
    seed: int = 1,
    progress: Callable[[str, int, int], None] | None = None,
) -> SynthSummary:
    """Writes a synthetic seized server into ``out`` (see the module docstring for the layout)."""
    began = time.monotonic()
    size = scale_named(scale)
    report = progress or _quiet
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    for sub in ("markets", "keys", "chain", "tags"):
        shutil.rmtree(out / sub, ignore_errors=True)
    (out / "markets").mkdir()
    rng = random.Random(f"seized-synth:{seed}")
    keyring = KeyRing(random.Random(f"seized-synth-keys:{seed}"))
    chain = Chain(out / "chain", seed=seed, start_time=START, block_interval=86_400)
    softwares: list[Software] = [Bazaar(), Agorax(seed), Owl()]

    report("persons", 0, 1)
    world = WorldBuilder(
        rng,
        size,
        keyring,
        chain.new_address,
        lambda m, seq: softwares[m].native_id("account", seq),
        START,
    ).build()
    report("persons", 1, 1)

    end = START + size.days * 86_400
    completed = datetime.fromtimestamp(end, UTC).strftime("%Y-%m-%d %H:%M:%S")
    suffix = {"mysql": ".sql", "postgres": ".sql", "sqlite": ".sqlite"}
    paths = [
        out / "markets" / f"{name}{suffix[sw.dump]}"
        for name, sw in zip(MARKETS, softwares, strict=True)
    ]
    writers = [
        _writer(sw, path, name, completed)
        for sw, path, name in zip(softwares, paths, MARKETS, strict=True)
    ]
    meta = {
        "scale": scale,
        "seed": seed,
        "start": START,
        "end": end,
        "eur_per_btc": EUR_PER_BTC,
        "software": {name: sw.name for name, sw in zip(MARKETS, softwares, strict=True)},
    }
    truth = Truth(world, set(world.passphrases), meta)
    money = Money(chain, world, random.Random(f"seized-synth-money:{seed}"), truth)
    money.world_noise = size.noise_per_day
    money.start()
    story = Story(rng, size, world, softwares, writers, money, truth, START, report)
    story.run()
    report("dumps", 0, len(writers))
    for i, writer in enumerate(writers):
        writer.close()
        report("dumps", i + 1, len(writers))
    summary = chain.close()
    meta["scrape"] = {"market": SCRAPE, **write_scrape(out, world.scrape, seed, end)}

    keys = write_keys(out, world, keyring)
    write_tagpack(out, world, money.exchange_addresses, completed[:10])
    write_case(
        out,
        scale,
        seed,
        [
            *(
                (name, str(path.relative_to(out)), sw.name)
                for name, path, sw in zip(MARKETS, paths, softwares, strict=True)
            ),
            (SCRAPE, f"markets/{SCRAPE}", f"markets/{SCRAPE}.yaml"),
        ],
        [k["file"] for k in keys],
    )
    chain_truth = {
        "blocks": summary.blocks,
        "transactions": summary.transactions,
        "blk_files": summary.files,
        "tip": summary.tip,
    }
    truth.write(out / "truth.json", chain_truth, keys)
    return SynthSummary(
        out=out,
        scale=scale,
        seed=seed,
        markets=dict(zip(MARKETS, paths, strict=True)),
        scrape=out / "markets" / SCRAPE,
        mappings={name: sw.name for name, sw in zip(MARKETS, softwares, strict=True)},
        accounts=sum(len(a) for a in world.accounts) + len(world.scrape),
        orders=sum(c["orders"] for c in truth.canonical),
        messages=sum(c["messages"] for c in truth.canonical),
        persons=len(world.persons),
        blocks=summary.blocks,
        transactions=summary.transactions,
        seconds=time.monotonic() - began,
    )
