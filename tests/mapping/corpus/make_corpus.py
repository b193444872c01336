"""Write the evidence of every corpus schema from one seeded world.

    python -m tests.mapping.corpus.make_corpus

Each schema's folder holds its evidence (a dump or a folder of files) and reference.yaml, the
mapping a person wrote for it. The evidence is committed; rerunning this rewrites it unchanged.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from .schemas_files import dnm_csv, mongo_jsonl, scrape_csv
from .schemas_more import mk_abbrev, uuid_pg
from .schemas_sql import german_mariadb, prisma_pg, tbl_kingdom
from .world import World, build

HERE = Path(__file__).resolve().parent
Writer = Callable[[World, Path], None]

#: schema -> (writer, the evidence inside its folder: a file or a folder of files)
SCHEMAS: dict[str, tuple[Writer, str]] = {
    "tbl_kingdom": (tbl_kingdom, "kingdom.sql"),
    "prisma_pg": (prisma_pg, "market.sql"),
    "german_mariadb": (german_mariadb, "marktplatz.sql"),
    "scrape_csv": (scrape_csv, "export"),
    "uuid_pg": (uuid_pg, "market.sql"),
    "dnm_csv": (dnm_csv, "dataset"),
    "mk_abbrev": (mk_abbrev, "mk.sql"),
    "mongo_jsonl": (mongo_jsonl, "export"),
}


def evidence(schema: str) -> Path:
    return HERE / schema / SCHEMAS[schema][1]


def main() -> None:
    world = build()
    for schema, (writer, name) in SCHEMAS.items():
        folder = HERE / schema
        folder.mkdir(exist_ok=True)
        target = folder / name
        if "." not in name:  # a folder of files
            shutil.rmtree(target, ignore_errors=True)
            target.mkdir()
            writer(world, target)
        else:
            writer(world, folder)


if __name__ == "__main__":
    main()
