"""The fuzz targets by name: one per parser of seized, each ``module:attribute`` of a
:class:`tests.fuzz.harness.Target` (imported only in the child process that fuzzes it)."""

TARGETS: dict[str, str] = {
    "mysql": "tests.fuzz.targets.ingest:MYSQL",
    "postgres": "tests.fuzz.targets.ingest:POSTGRES",
    "sqlite": "tests.fuzz.targets.sqlite:SQLITE",
    "csv": "tests.fuzz.targets.tabular:CSV",
    "jsonl": "tests.fuzz.targets.tabular:JSONL",
    "stream": "tests.fuzz.targets.stream:STREAM",
    "sink": "tests.fuzz.targets.rawsink:SINK",
    "block": "tests.fuzz.targets.chain:BLOCK",
    "blk": "tests.fuzz.targets.chain:BLK",
    "etl": "tests.fuzz.targets.etl:ETL",
    "tagpack": "tests.fuzz.targets.yamlfiles:TAGPACK",
    "mapping": "tests.fuzz.targets.yamlfiles:MAPPING",
    "yaml": "tests.fuzz.targets.yamlfiles:YAML",
    "armor": "tests.fuzz.targets.pgp:ARMOR",
    "packets": "tests.fuzz.targets.pgp:PACKETS",
    "keys": "tests.fuzz.targets.pgp:KEYS",
    "opener": "tests.fuzz.targets.opener:OPENER",
}
