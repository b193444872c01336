"""The synthetic chain, checked by an independent implementation (python-bitcoinlib).

A small market story — exchange funding deposits of every address type, a multi-input market
sweep, an escrow payout, a peel chain to exchange deposits and a CoinJoin — is written once; the
tests read the blk files back with python-bitcoinlib and compare them with the ETL export.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from bitcoin.core import CBlock, b2lx
from bitcoin.core.script import CScript
from bitcoin.segwit_addr import decode as bech32_v0_decode

from seized.synth import bitcoin as chain_module
from seized.synth.bitcoin import Chain, Outpoint

COIN = 100_000_000
T0 = 1_577_836_800
MAGIC = bytes.fromhex("f9beb4d9")
P = 2**256 - 2**32 - 977
KINDS = ("p2pkh", "p2sh-p2wpkh", "p2wpkh", "p2tr")


@dataclass
class Story:
    out: Path
    deposits: list[str]
    sweep_txid: str
    payout_txid: str
    peel_txids: list[str]
    exchange_deposits: list[str]
    coinjoin_txid: str
    coinjoin_addresses: list[tuple[str, str]]
    late_txid: str
    late_time: int


def write_story(out: Path, seed: int) -> Story:
    chain = Chain(out, seed=seed, blk_file_size=6_000)
    exchange = chain.mint(chain.new_address("p2wpkh"), 50 * COIN, time=T0)
    deposits = [chain.new_address(kind) for kind in KINDS]
    funded: list[Outpoint] = []
    change = exchange
    for i, deposit in enumerate(deposits):  # buyers buy coins and fund their deposit addresses
        amount = 2_000_000 * (i + 1)
        rest = change.value - amount - 1_500
        _, (paid, change) = chain.pay(
            [change], [(deposit, amount), (chain.new_address(), rest)], time=T0 + 300 * i
        )
        funded.append(paid)
    hot = chain.new_address("p2sh-p2wpkh")
    swept = sum(op.value for op in funded) - 4_000
    sweep_txid, (pool,) = chain.pay(funded, [(hot, swept)], fee=4_000, time=T0 + 4_000)
    vendor = chain.new_address("p2tr")
    payout_txid, (payout, _rest) = chain.pay(
        [pool], [(vendor, 15_000_000), (chain.new_address(), swept - 15_000_000 - 2_000)]
    )
    chain.mine()
    exchange_deposits = [chain.new_address("p2pkh") for _ in range(4)]
    peel_txids = []
    coin = payout
    for hop, deposit in enumerate(exchange_deposits):  # the vendor cashes out by peeling
        txid, (_peel, coin) = chain.pay(
            [coin],
            [(deposit, 3_000_000), (chain.new_address(), coin.value - 3_000_000 - 700)],
            time=T0 + 10_000 + 900 * hop,
        )
        peel_txids.append(txid)
    owners = chain.mint_many([(chain.new_address(), 1_234_567 + i) for i in range(3)])
    addresses = [(chain.new_address("p2wpkh"), chain.new_address("p2wpkh")) for _ in owners]
    coinjoin_txid, _ = chain.coinjoin(
        [([op], mix, back) for op, (mix, back) in zip(owners, addresses, strict=True)],
        1_000_000,
        fee_per_participant=1_000,
    )
    late_time = T0 + 50_000
    late_txid, _ = chain.pay([coin], [(chain.new_address(), coin.value - 500)], time=late_time)
    chain.close()
    return Story(
        out,
        deposits,
        sweep_txid,
        payout_txid,
        peel_txids,
        exchange_deposits,
        coinjoin_txid,
        addresses,
        late_txid,
        late_time,
    )


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> Story:
    return write_story(tmp_path_factory.mktemp("chain"), seed=11)


def read_blocks(folder: Path) -> list[CBlock]:
    blocks = []
    for path in sorted(folder.glob("blk*.dat")):
        data = path.read_bytes()
        pos = 0
        while pos < len(data):
            assert data[pos : pos + 4] == MAGIC
            size = int.from_bytes(data[pos + 4 : pos + 8], "little")
            raw = data[pos + 8 : pos + 8 + size]
            block = CBlock.deserialize(raw)  # raises on bytes left over
            assert block.serialize() == raw
            blocks.append(block)
            pos += 8 + size
    return blocks


def read_jsonl(path: Path) -> list[dict[str, object]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


@pytest.fixture(scope="module")
def blocks(story: Story) -> list[CBlock]:
    return read_blocks(story.out / "blocks")


@pytest.fixture(scope="module")
def etl_blocks(story: Story) -> list[dict[str, object]]:
    return read_jsonl(story.out / "etl" / "blocks.jsonl")


@pytest.fixture(scope="module")
def etl_txs(story: Story) -> list[dict[str, object]]:
    return read_jsonl(story.out / "etl" / "transactions.jsonl")


def etl_tx(etl_txs: list[dict[str, object]], txid: str) -> dict[str, object]:
    (found,) = [tx for tx in etl_txs if tx["hash"] == txid]
    return found


def target_of(bits: int) -> int:
    return (bits & 0xFFFFFF) * 256 ** ((bits >> 24) - 3)


def bip34_height(script_sig: bytes) -> int:
    first = script_sig[0]
    if first == 0 or 0x51 <= first <= 0x60:
        return 0 if first == 0 else first - 0x50
    return int.from_bytes(script_sig[1 : 1 + first], "little")


def test_blocks_form_a_chain_with_work_and_merkle_roots(blocks: list[CBlock]) -> None:
    assert len(blocks) >= 8
    prev = b"\0" * 32
    last_time = 0
    for height, block in enumerate(blocks):
        assert block.hashPrevBlock == prev
        assert block.nBits == 0x207FFFFF
        assert int.from_bytes(block.GetHash(), "little") <= target_of(block.nBits)
        assert block.calc_merkle_root() == block.hashMerkleRoot
        assert block.nTime > last_time
        coinbase = block.vtx[0]
        assert coinbase.is_coinbase()
        assert all(not tx.is_coinbase() for tx in block.vtx[1:])
        assert bip34_height(bytes(coinbase.vin[0].scriptSig)) == height
        prev, last_time = block.GetHash(), block.nTime


def test_segwit_blocks_commit_to_their_witnesses(blocks: list[CBlock]) -> None:
    segwit_blocks = [b for b in blocks if any(tx.has_witness() for tx in b.vtx[1:])]
    assert segwit_blocks
    for block in segwit_blocks:
        index = block.get_witness_commitment_index()
        script = bytes(block.vtx[0].vout[index].scriptPubKey)
        reserved = bytes(block.vtx[0].wit.vtxinwit[0].scriptWitness.stack[0])
        root = block.calc_witness_merkle_root()
        assert script[6:] == hashlib.sha256(hashlib.sha256(root + reserved).digest()).digest()
    for block in blocks:
        if block not in segwit_blocks:
            assert not block.vtx[0].has_witness()


def test_etl_matches_the_blk_files(
    blocks: list[CBlock], etl_blocks: list[dict[str, object]], etl_txs: list[dict[str, object]]
) -> None:
    assert [b2lx(b.GetHash()) for b in blocks] == [row["hash"] for row in etl_blocks]
    txids = [b2lx(tx.GetTxid()) for b in blocks for tx in b.vtx]
    assert txids == [row["hash"] for row in etl_txs]
    spendable: dict[tuple[str, int], int] = {}
    rows = iter(etl_txs)
    for height, (block, brow) in enumerate(zip(blocks, etl_blocks, strict=True)):
        assert brow["number"] == height
        assert brow["size"] == len(block.serialize())
        assert brow["weight"] == block.GetWeight()
        assert brow["transaction_count"] == len(block.vtx)
        assert brow["merkle_root"] == b2lx(block.hashMerkleRoot)
        assert brow["timestamp"] == block.nTime
        assert int(str(brow["nonce"]), 16) == block.nNonce
        assert brow["coinbase_param"] == bytes(block.vtx[0].vin[0].scriptSig).hex()
        for tx in block.vtx:
            row = next(rows)
            txid = b2lx(tx.GetTxid())
            assert row["block_hash"] == brow["hash"]
            assert row["block_number"] == height
            assert row["size"] == len(tx.serialize())
            assert row["virtual_size"] == (tx.calc_weight() + 3) // 4
            values = [out.nValue for out in tx.vout]
            outputs = row["outputs"]
            assert isinstance(outputs, list)
            assert [o["value"] for o in outputs] == values
            assert [o["script_hex"] for o in outputs] == [
                bytes(o.scriptPubKey).hex() for o in tx.vout
            ]
            assert row["output_value"] == sum(values)
            inputs = row["inputs"]
            assert isinstance(inputs, list)
            if tx.is_coinbase():
                assert row["is_coinbase"] is True and inputs == [] and row["fee"] == 0
            else:
                spent = [spendable.pop((b2lx(i.prevout.hash), i.prevout.n)) for i in tx.vin]
                assert [i["value"] for i in inputs] == spent
                assert [i["script_hex"] for i in inputs] == [
                    bytes(i.scriptSig).hex() for i in tx.vin
                ]
                assert row["input_value"] == sum(spent)
                assert row["fee"] == sum(spent) - sum(values) >= 0
            for n, value in enumerate(values):
                spendable[(txid, n)] = value


def test_coinbases_pay_subsidy_fees_and_mints(
    blocks: list[CBlock], etl_txs: list[dict[str, object]]
) -> None:
    fees: dict[str, int] = {}
    for row in etl_txs:
        if not row["is_coinbase"]:
            key = str(row["block_hash"])
            fees[key] = fees.get(key, 0) + int(str(row["fee"]))
    for block in blocks:
        pool_output = block.vtx[0].vout[0].nValue
        assert pool_output == 50 * COIN + fees.get(b2lx(block.GetHash()), 0)


def on_curve(x_bytes: bytes) -> bool:
    x = int.from_bytes(x_bytes, "big")
    return pow((x**3 + 7) % P, (P - 1) // 2, P) == 1


def hash160(data: bytes) -> bytes:
    return hashlib.new("ripemd160", hashlib.sha256(data).digest()).digest()


def test_every_spend_carries_the_key_of_its_address(blocks: list[CBlock]) -> None:
    scripts: dict[tuple[bytes, int], bytes] = {}
    kinds: set[str] = set()
    for block in blocks:
        for tx in block.vtx:
            for n, out in enumerate(tx.vout):
                scripts[(tx.GetTxid(), n)] = bytes(out.scriptPubKey)
            if tx.is_coinbase():
                continue
            for i, txin in enumerate(tx.vin):
                spent = scripts.pop((txin.prevout.hash, txin.prevout.n))
                sig = bytes(txin.scriptSig)
                stack = (
                    [bytes(x) for x in tx.wit.vtxinwit[i].scriptWitness.stack]
                    if (tx.has_witness())
                    else []
                )
                if spent[:3] == b"\x76\xa9\x14":
                    kinds.add("p2pkh")
                    signature, pubkey = list(CScript(sig))
                    assert len(signature) == 71 and signature[-1] == 1 and stack == []
                    assert hash160(pubkey) == spent[3:23] and on_curve(pubkey[1:])
                elif spent[:2] == b"\xa9\x14":
                    kinds.add("p2sh-p2wpkh")
                    (redeem,) = list(CScript(sig))
                    assert hash160(redeem) == spent[2:22]
                    assert redeem == b"\x00\x14" + hash160(stack[1]) and on_curve(stack[1][1:])
                elif spent[:2] == b"\x00\x14":
                    kinds.add("p2wpkh")
                    assert sig == b"" and len(stack[0]) == 71
                    assert hash160(stack[1]) == spent[2:] and on_curve(stack[1][1:])
                else:
                    assert spent[:2] == b"\x51\x20" and sig == b""
                    kinds.add("p2tr")
                    assert [len(x) for x in stack] == [64] and on_curve(spent[2:])
    assert kinds == set(KINDS)


def bech32m_ok(address: str) -> bool:
    charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
    hrp, data = address[: address.rfind("1")], address[address.rfind("1") + 1 :]
    values = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]
    values += [charset.index(c) for c in data]
    generators = [0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3]
    chk = 1
    for value in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ value
        for i in range(5):
            chk ^= generators[i] if (top >> i) & 1 else 0
    return chk == 0x2BC830A3


def base58check_payload(address: str) -> bytes:
    alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
    number = 0
    for char in address:
        number = number * 58 + alphabet.index(char)
    raw = number.to_bytes(25, "big")
    assert hashlib.sha256(hashlib.sha256(raw[:21]).digest()).digest()[:4] == raw[21:]
    return raw[:21]


def test_addresses_have_valid_checksums_and_match_scripts(
    etl_txs: list[dict[str, object]],
) -> None:
    seen: set[str] = set()
    for row in etl_txs:
        outputs = row["outputs"]
        assert isinstance(outputs, list)
        for out in outputs:
            (address,) = out["addresses"]
            script = bytes.fromhex(out["script_hex"])
            kind = out["type"]
            seen.add(kind)
            if kind == "pubkeyhash":
                assert base58check_payload(address) == b"\x00" + script[3:23]
            elif kind == "scripthash":
                assert base58check_payload(address) == b"\x05" + script[2:22]
            elif kind == "witness_v0_keyhash":
                assert bech32_v0_decode("bc", address) == (0, list(script[2:]))
            elif kind == "witness_v1_taproot":
                assert address.startswith("bc1p") and bech32m_ok(address)
            else:
                assert kind == "nonstandard" and script[:6] == bytes.fromhex("6a24aa21a9ed")
                assert address == "nonstandard" + hashlib.sha256(script).hexdigest()[:40]
    assert seen == {
        "pubkeyhash",
        "scripthash",
        "witness_v0_keyhash",
        "witness_v1_taproot",
        "nonstandard",
    }


def test_sweep_spends_one_deposit_of_each_kind(
    story: Story, etl_txs: list[dict[str, object]]
) -> None:
    sweep = etl_tx(etl_txs, story.sweep_txid)
    inputs = sweep["inputs"]
    assert isinstance(inputs, list)
    assert [i["addresses"] for i in inputs] == [[a] for a in story.deposits]
    assert [i["type"] for i in inputs] == [
        "pubkeyhash",
        "scripthash",
        "witness_v0_keyhash",
        "witness_v1_taproot",
    ]
    assert sweep["output_count"] == 1 and sweep["fee"] == 4_000
    assert str(inputs[0]["script_asm"]).split()[0].endswith("[ALL]")


def test_peel_chain_links_hop_to_hop(story: Story, etl_txs: list[dict[str, object]]) -> None:
    previous = story.payout_txid
    for txid, deposit in zip(story.peel_txids, story.exchange_deposits, strict=True):
        row = etl_tx(etl_txs, txid)
        inputs, outputs = row["inputs"], row["outputs"]
        assert isinstance(inputs, list) and isinstance(outputs, list)
        assert [(i["spent_transaction_hash"], i["spent_output_index"]) for i in inputs] == [
            (previous, 0 if previous == story.payout_txid else 1)
        ]
        assert outputs[0]["addresses"] == [deposit] and outputs[0]["value"] == 3_000_000
        previous = txid


def test_coinjoin_has_equal_outputs_and_change(
    story: Story, etl_txs: list[dict[str, object]]
) -> None:
    row = etl_tx(etl_txs, story.coinjoin_txid)
    outputs = row["outputs"]
    assert isinstance(outputs, list)
    by_address = {o["addresses"][0]: o["value"] for o in outputs}
    for i, (mix, back) in enumerate(story.coinjoin_addresses):
        assert by_address[mix] == 1_000_000
        assert by_address[back] == 1_234_567 + i - 1_000_000 - 1_000
    assert row["input_count"] == 3 and row["fee"] == 3_000
    order = [o["addresses"][0] for o in outputs]
    assert order != [a for pair in story.coinjoin_addresses for a in pair]  # shuffled


def test_payment_time_is_respected(story: Story, etl_txs: list[dict[str, object]]) -> None:
    row = etl_tx(etl_txs, story.late_txid)
    assert int(str(row["block_timestamp"])) >= story.late_time


def test_blk_files_rotate(story: Story) -> None:
    files = sorted((story.out / "blocks").glob("blk*.dat"))
    assert [f.name for f in files[:2]] == ["blk00000.dat", "blk00001.dat"]
    assert all(f.stat().st_size <= 6_000 for f in files[:-1])


def test_same_seed_same_bytes_other_seed_other_bytes(story: Story, tmp_path: Path) -> None:
    again = write_story(tmp_path / "again", seed=11)
    other = write_story(tmp_path / "other", seed=12)
    names = [p.relative_to(story.out) for p in sorted(story.out.rglob("*")) if p.is_file()]
    for name in names:
        assert (again.out / name).read_bytes() == (story.out / name).read_bytes()
    assert (other.out / "etl/transactions.jsonl").read_bytes() != (
        story.out / "etl/transactions.jsonl"
    ).read_bytes()


# --- misuse ---------------------------------------------------------------------------------


@pytest.fixture
def chain(tmp_path: Path) -> Chain:
    return Chain(tmp_path, seed=3)


def test_double_spend_raises_and_changes_nothing(chain: Chain) -> None:
    coin = chain.mint(chain.new_address(), COIN)
    chain.pay([coin], [(chain.new_address(), COIN - 1_000)])
    with pytest.raises(ValueError, match="already spent"):
        chain.pay([coin], [(chain.new_address(), COIN - 1_000)])
    other = chain.mint(chain.new_address(), COIN)
    with pytest.raises(ValueError, match="already spent"):
        chain.pay([other, other], [(chain.new_address(), COIN)])
    assert chain.is_unspent(other.txid, other.vout)
    assert chain.utxo(other.txid, other.vout) == other


def test_unknown_outpoint_and_bad_amounts_raise(chain: Chain) -> None:
    coin = chain.mint(chain.new_address(), COIN)
    ghost = Outpoint("ab" * 32, 0, COIN, coin.address)
    with pytest.raises(ValueError, match="unknown"):
        chain.pay([ghost], [(chain.new_address(), 1)])
    with pytest.raises(ValueError, match="exceed"):
        chain.pay([coin], [(chain.new_address(), COIN + 1)])
    with pytest.raises(ValueError, match="fee is 1000"):
        chain.pay([coin], [(chain.new_address(), COIN - 1_000)], fee=999)
    with pytest.raises(ValueError, match="holds"):
        chain.pay([Outpoint(coin.txid, 0, COIN - 1, coin.address)], [(coin.address, 1)])
    with pytest.raises(ValueError, match="not a valid"):
        chain.pay([coin], [("1NotAnAddress", 1)])
    with pytest.raises(ValueError, match="not a mainnet"):
        chain.pay([coin], [("tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx", 1)])
    assert chain.is_unspent(coin.txid, 0)


def test_foreign_addresses_can_be_paid_not_spent(chain: Chain) -> None:
    coin = chain.mint(chain.new_address(), COIN)
    foreign = "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"
    _, (out,) = chain.pay([coin], [(foreign.upper(), COIN)])
    assert out.address == foreign
    with pytest.raises(ValueError, match="no key"):
        chain.pay([out], [(chain.new_address(), COIN)])


def test_one_time_addresses_are_forgotten_when_spent(chain: Chain) -> None:
    once = chain.new_address("p2wpkh", once=True)
    kept = chain.new_address("p2wpkh")
    first, second = chain.mint_many([(once, COIN), (kept, COIN)])
    with pytest.raises(ValueError, match="exceed"):  # a failed payment forgets nothing
        chain.pay([first], [(kept, COIN + 1)])
    _, (change,) = chain.pay([first], [(kept, COIN - 1_000)])
    chain.pay([second, change], [(kept, 2 * COIN - 3_000)])  # a kept address stays spendable
    third = chain.mint(once, COIN)  # a one-time address can still be paid...
    with pytest.raises(ValueError, match="no key"):  # ...but its key went with the first spend
        chain.pay([third], [(kept, COIN - 1_000)])


def test_full_mempool_is_mined_on_its_own(chain: Chain, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chain_module, "BLOCK_WEIGHT_TARGET", 900)
    coin = chain.mint(chain.new_address("p2wpkh"), COIN)
    height = chain.height
    for _ in range(6):
        _, (coin,) = chain.pay([coin], [(chain.new_address("p2wpkh"), coin.value - 200)])
    assert chain.height >= height + 2
    assert chain.mempool_size < 6


def test_full_blocks_of_a_busy_day_stay_in_that_day(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(chain_module, "BLOCK_WEIGHT_TARGET", 900)
    day = 86_400
    chain = Chain(tmp_path, seed=3, start_time=T0, block_interval=day)
    coin = chain.mint(chain.new_address("p2wpkh"), COIN)
    for _ in range(12):  # all on the first day: several full blocks
        _, (coin,) = chain.pay(
            [coin], [(chain.new_address("p2wpkh"), coin.value - 200)], time=T0 + 3_600
        )
    chain.pay([coin], [(chain.new_address("p2wpkh"), coin.value - 200)], time=T0 + 2 * day)
    chain.close()
    times = [int(str(b["timestamp"])) for b in read_jsonl(tmp_path / "etl" / "blocks.jsonl")]
    assert len(times) >= 5 and times == sorted(times) and len(set(times)) == len(times)
    assert max(times[:-1]) < T0 + 2 * day
    assert T0 + 2 * day <= times[-1] < T0 + 3 * day


def test_mint_many_splits_funding_blocks(chain: Chain, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chain_module, "MINTS_PER_BLOCK", 3)
    minted = chain.mint_many([(chain.new_address(), 1_000 + i) for i in range(7)])
    assert chain.height == 2
    assert len({op.txid for op in minted}) == 3
    assert [op.vout for op in minted] == [1, 2, 3, 1, 2, 3, 1]


def test_mine_rejects_time_going_back(chain: Chain) -> None:
    chain.mine(T0 + 1_000)
    with pytest.raises(ValueError, match="before"):
        chain.mine(T0)
    summary = chain.close()
    assert summary.blocks == 1 and summary.transactions == 1 and summary.files == 1
    with pytest.raises(ValueError, match="closed"):
        chain.mine()
