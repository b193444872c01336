"""Payout and refund addresses their owner spent together on chain (one multi-input cluster)."""

from __future__ import annotations

from pathlib import Path

from seized.runfile import CaseFile, stage_options
from seized.stages import stage
from tests.link.conftest import LinkCase


def _address(n: int) -> str:
    return f"bc1qtest{n:034d}"


def test_payout_addresses_in_one_cluster_link_their_accounts(link_case: LinkCase) -> None:
    a = link_case.account("m1:a", "northwind")
    b = link_case.account("m2:b", "eastgale")
    link_case.payout(a, _address(1))
    link_case.wallet(b, _address(2), "withdrawal")
    link_case.cluster("cl_one", _address(1), _address(2), _address(3))
    # an exchange's cluster: its customers' deposit addresses, swept together
    c = link_case.account("m1:c", "southpaw", "buyer")
    d = link_case.account("m2:d", "westerly", "buyer")
    link_case.wallet(c, _address(4), "refund")
    link_case.wallet(d, _address(5), "refund")
    link_case.cluster("cl_exchange", _address(4), _address(5))
    link_case.cluster_label("cl_exchange", "Bitvault", "exchange")
    # an exchange's deposit addresses, swept into its (labelled) hot wallet, not labelled
    # themselves: refund addresses at an exchange
    h = link_case.account("m1:h", "northstar", "buyer")
    k = link_case.account("m2:k", "southstar", "buyer")
    link_case.wallet(h, _address(9), "refund")
    link_case.wallet(k, _address(10), "refund")
    link_case.cluster("cl_deposits", _address(9), _address(10), _address(11))
    link_case.cluster("cl_hot", _address(12))
    link_case.cluster_label("cl_hot", "Bitvault", "exchange")
    link_case.transaction("sweep", [_address(9), _address(10), _address(11)], [_address(12)])
    # the two payout addresses of cl_one are spent together too, to a change address
    link_case.transaction("cospend", [_address(1), _address(2)], [_address(12), _address(13)])
    # a cluster holding a market's own address
    e = link_case.account("m1:e", "polaris")
    f = link_case.account("m3:f", "vega")
    link_case.wallet(e, _address(6), "withdrawal")
    link_case.wallet(f, _address(7), "withdrawal")
    link_case.wallet(None, _address(8), "hot", market="m1")
    link_case.cluster("cl_market", _address(6), _address(7), _address(8))
    # a cluster that many accounts' payout addresses fall into
    crowd = [link_case.account(f"m{1 + i % 3}:g{i}", f"crowd{i}", "buyer") for i in range(8)]
    for i, account in enumerate(crowd):
        link_case.wallet(account, _address(100 + i), "refund")
    link_case.cluster("cl_crowd", *(_address(100 + i) for i in range(8)))
    persons = link_case.link(model=False)
    assert persons[a] == persons[b]
    assert len({persons[x] for x in (c, d, e, f, h, k, *crowd)}) == 14
    proof, _ = link_case.evidence(a)
    assert proof["links"] == [{"to": b, "rule": "co_spent", "value": "cl_one"}]
    with link_case.case.connect(read_only=True) as con:
        reasons = dict(
            con.execute(
                "SELECT value, reason FROM link_exclusions WHERE kind = 'cluster'"
            ).fetchall()
        )
    assert reasons == {
        "cl_exchange": "service_cluster",
        "cl_deposits": "service_cluster",
        "cl_market": "market_wallet",
        "cl_crowd": "crowded",
    }


def test_one_address_in_a_cluster_is_a_shared_address_only(link_case: LinkCase) -> None:
    a = link_case.account("m1:a", "northwind")
    b = link_case.account("m2:b", "eastgale")
    link_case.payout(a, _address(1))
    link_case.payout(b, _address(1))
    link_case.cluster("cl_one", _address(1), _address(2))
    link_case.link(model=False)
    proof, _ = link_case.evidence(a)
    assert [link["rule"] for link in proof["links"]] == ["shared_address"]


def test_a_case_file_with_a_chain_clusters_before_linking(tmp_path: Path) -> None:
    spec = CaseFile(tmp_path / "case.toml", tmp_path / "case", None, chain=[tmp_path / "blocks"])
    order = [name for name, _ in stage_options(spec)]
    assert order.index("chain.cluster") < order.index("link") < order.index("trace")
    link = stage("link")
    assert "chain.cluster" in link.after and "address_clusters" in link.reads
