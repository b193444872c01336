"""Odd evidence through registration and the ingest stage: what is found out when."""

from __future__ import annotations

from pathlib import Path

import pytest
import zstandard
from tests.factories import new_case

from seized.errors import InputError
from seized.evidence import detect_format
from seized.ingest.stage import IngestOptions, ingest_stage
from seized.register import add_evidence

DUMP = (
    "-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)\n"
    "CREATE TABLE `users` (`id` int NOT NULL, `name` varchar(64), PRIMARY KEY (`id`));\n"
    + "".join(f"INSERT INTO `users` VALUES ({i},'user {i}');\n" for i in range(1, 2001))
)


def test_a_zstd_dump_with_a_damaged_tail_is_registered_and_fails_at_ingest(
    tmp_path: Path,
) -> None:
    path = tmp_path / "market.sql.zst"
    path.write_bytes(zstandard.ZstdCompressor().compress(DUMP.encode()) + b"not a zstd frame")
    case = new_case(tmp_path)
    [registered] = add_evidence(case, [path], market="silkway")  # hashed, its start read
    assert detect_format(path) == ("dump", "mysql")
    with pytest.raises(InputError, match="zstd data is damaged") as info:
        ingest_stage(case, IngestOptions())
    assert info.value.offset == len(DUMP.encode())
    assert registered.format == "mysql"


def test_a_dump_with_no_table_is_loaded_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "empty.sql"
    path.write_text("-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)\n--\n", "utf-8")
    case = new_case(tmp_path)
    add_evidence(case, [path], market="silkway")
    raw = next(r for r in ingest_stage(case, IngestOptions()).parts if r.stage == "ingest.raw")
    assert not raw.skipped
    assert any("empty.sql: no table found" in message for message in raw.messages)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32"])
def test_a_dump_written_as_utf16_is_found_to_be_a_dump(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "market.sql"
    path.write_bytes(DUMP.encode(encoding))
    assert detect_format(path) == ("dump", "mysql")
    case = new_case(tmp_path)
    add_evidence(case, [path], market="silkway")
    raw = next(r for r in ingest_stage(case, IngestOptions()).parts if r.stage == "ingest.raw")
    assert raw.counts["users"]["stored"] == 2000
