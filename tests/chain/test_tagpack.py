from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from seized.chain.tagpack import load_tagpack, tags_from_market, write_tags
from seized.errors import InputError
from seized.model import migrate


def test_hydra_tags_inherit_the_header(shared_data: Path) -> None:
    pack = load_tagpack(shared_data / "tagpacks" / "hydra.yaml")
    assert len(pack.tags) == 117 and pack.warnings == []
    first = pack.tags[0]
    assert first.address == "1BCWMwpR4M1nYUuuYe2bmzrNuwGoF9ZAbA"
    assert first.fields["label"] == "Hydra Market"
    assert first.fields["category"] == "market"
    assert first.fields["confidence"] == "authority_data"
    assert first.fields["network"] == "BTC"
    assert all(t.valid for t in pack.tags)


def test_known_defects_are_warnings_with_lines(shared_data: Path) -> None:
    ofac = load_tagpack(shared_data / "tagpacks" / "ofac.yaml")
    assert len(ofac.tags) == 572
    messages = [w.message for w in ofac.warnings]
    assert len(messages) == 2
    assert "'confidence' is missing" in messages[0]
    assert "TUCsTq7TofTCJRRoHk6RvhMoS2mJLm5Yzq" in messages[1]
    btc = [t for t in ofac.tags if t.fields.get("currency") == "BTC"]
    assert len(btc) == 385 and sum(1 for t in btc if t.valid) == 384
    wallet = load_tagpack(shared_data / "tagpacks" / "walletexplorer.yaml")
    assert len(wallet.tags) == 386
    assert [w.message for w in wallet.warnings] == ["tag has no actor"] * 2
    assert all(w.line and w.line > 1 for w in wallet.warnings)


def test_tags_are_written_and_replaced_on_reimport(shared_data: Path) -> None:
    con = duckdb.connect()
    migrate(con)
    pack = load_tagpack(shared_data / "tagpacks" / "walletexplorer.yaml")
    assert write_tags(con, pack, evidence_id=3) == 386
    assert write_tags(con, pack, evidence_id=3) == 386
    rows = con.execute(
        "SELECT count(*), count(DISTINCT label), min(confidence_level), "
        "count(*) FILTER (category = 'exchange') FROM tags"
    ).fetchone()
    assert rows == (386, 272, 50, 120)


def test_broken_yaml_names_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: x\ncreator: y\ntags:\n- address: [unclosed\n")
    with pytest.raises(InputError) as err:
        load_tagpack(bad)
    assert err.value.line is not None and err.value.line >= 4


def test_missing_mandatory_header_is_an_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: x\ntags: []\n")
    with pytest.raises(InputError, match="creator"):
        load_tagpack(bad)


def test_market_wallet_addresses_become_tags() -> None:
    con = duckdb.connect()
    migrate(con)
    con.execute(
        "INSERT INTO wallet_addresses (market_id, account_id, address, kind, raw_table) VALUES "
        "('silk', 'silk:7', '1BCWMwpR4M1nYUuuYe2bmzrNuwGoF9ZAbA', 'deposit', 'wallets'), "
        "('silk', NULL, 'bc1qj6j6p0jdefl6pvdzx3kx8245yy5mz6q4luhzes', 'hot', 'hot_wallets'), "
        "('silk', 'silk:7', '1BoatSLRHtKNngkdXEeobR76b53LETtpyT', 'withdrawal', 'wallets')"
    )
    assert tags_from_market(con) == 3
    rows = con.execute(
        "SELECT label, account_id, category, actor FROM tags ORDER BY label"
    ).fetchall()
    # the market's own addresses are the market's; the one a user gave to be paid to is theirs
    assert rows == [
        ("silk deposit of silk:7", "silk:7", "market", "silk"),
        ("silk hot (market)", None, "market", "silk"),
        ("silk withdrawal of silk:7", "silk:7", "user", None),
    ]
