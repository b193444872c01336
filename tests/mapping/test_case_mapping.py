"""The mapping in force is the case's own copy, as set: edited, moved or copied cases."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from tests.mapping.conftest import SHOP_MAPPING, ShopCase

from seized.case import Case
from seized.cli import cli
from seized.errors import IntegrityError
from seized.ingest.stage import IngestOptions, ingest_map

EDITED = SHOP_MAPPING.replace("username,", "'forged' AS username,")


def mapping_row(case: Case) -> tuple[str, str]:
    with case.connect(read_only=True) as con:
        row = con.execute(
            "SELECT mapping_path, mapping_sha256 FROM markets WHERE market_id = 'shop'"
        ).fetchall()[0]
    return str(row[0]), str(row[1])


def usernames(case: Case) -> list[str]:
    with case.connect(read_only=True) as con:
        return [
            str(r[0]) for r in con.execute("SELECT username FROM accounts ORDER BY 1").fetchall()
        ]


def test_the_mapping_path_is_relative_to_the_case(shop: ShopCase) -> None:
    path, _ = mapping_row(shop.case)
    assert path == "mappings/shop.yaml"
    assert (shop.case.root / path).read_text(encoding="utf-8") == SHOP_MAPPING


def test_an_edited_mapping_in_the_case_is_refused(shop: ShopCase) -> None:
    (shop.case.root / "mappings" / "shop.yaml").write_text(EDITED, encoding="utf-8")
    before = shop.snapshot()
    with pytest.raises(IntegrityError, match="changed after it was set") as caught:
        shop.ingest()
    assert "mappings/shop.yaml" in str(caught.value)
    assert shop.snapshot() == before
    assert usernames(shop.case) == ["user1", "user2", "user3"]


def test_the_cli_exits_4_on_an_edited_mapping(shop: ShopCase) -> None:
    (shop.case.root / "mappings" / "shop.yaml").write_text(EDITED, encoding="utf-8")
    result = CliRunner().invoke(cli, ["ingest", str(shop.case.root), "--force"])
    assert result.exit_code == 4, result.output
    assert "the mapping file changed after it was set" in result.output
    assert "Traceback" not in result.output
    assert usernames(shop.case) == ["user1", "user2", "user3"]


def test_a_deleted_mapping_is_refused(shop: ShopCase) -> None:
    (shop.case.root / "mappings" / "shop.yaml").unlink()
    with pytest.raises(IntegrityError, match="cannot be read"):
        shop.ingest()


def test_setting_the_edited_mapping_again_uses_it(shop: ShopCase) -> None:
    shop.map_with(EDITED)
    assert usernames(shop.case) == ["forged", "forged", "forged"]


def test_a_moved_case_ingests_with_its_own_mapping(shop: ShopCase, tmp_path: Path) -> None:
    moved = tmp_path / "moved"
    shutil.move(shop.case.root, moved)
    case = Case.open(moved, actor="tester")
    result = ingest_map(case, "shop", IngestOptions(force=True))
    assert result.counts == {"accounts": 3}


def test_a_copied_case_reads_its_own_mapping(shop: ShopCase, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(shop.case.root, copy)
    # the original's mapping changes (and is set again there); the copy keeps its own
    shop.map_with(EDITED)
    case = Case.open(copy, actor="tester")
    ingest_map(case, "shop", IngestOptions(force=True))
    assert usernames(case) == ["user1", "user2", "user3"]


@pytest.mark.parametrize("moved", [False, True])
def test_an_absolute_path_of_an_older_case_reads_the_case_copy(
    shop: ShopCase, tmp_path: Path, moved: bool
) -> None:
    """Cases made before the path was stored relative hold their own absolute path."""
    with shop.case.connect() as con:
        con.execute(
            "UPDATE markets SET mapping_path = ? WHERE market_id = 'shop'",
            [str(shop.case.root / "mappings" / "shop.yaml")],
        )
    root = shop.case.root
    if moved:
        root = tmp_path / "moved"
        shutil.copytree(shop.case.root, root)
        # the original's copy is edited: the moved case must not read it
        (shop.case.root / "mappings" / "shop.yaml").write_text(EDITED, encoding="utf-8")
    case = Case.open(root, actor="tester")
    assert ingest_map(case, "shop", IngestOptions(force=True)).counts == {"accounts": 3}
    assert usernames(case) == ["user1", "user2", "user3"]


def test_a_mapping_path_leaving_the_case_is_refused(shop: ShopCase) -> None:
    with shop.case.connect() as con:
        con.execute(
            "UPDATE markets SET mapping_path = '../work/shop.yaml' WHERE market_id = 'shop'"
        )
    with pytest.raises(IntegrityError, match="leaves the case directory"):
        shop.ingest()
