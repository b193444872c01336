"""The files around the dumps: seized keys, the exchanges' TagPack and the case file."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import yaml

from seized.synth.keys import Key, KeyRing
from seized.synth.world import EXCHANGES, MARKETS, World


def write_keys(out: Path, world: World, keyring: KeyRing) -> list[dict[str, Any]]:
    """OUT/keys/<name>.asc (passphrase-protected secret keys) and OUT/keys/passphrases.txt."""
    folder = out / "keys"
    folder.mkdir(parents=True, exist_ok=True)
    seized: list[tuple[str, Key]] = [
        (f"server-{name}", key) for name, key in zip(MARKETS, world.server_keys, strict=True)
    ]
    done = {k.fingerprint for _, k in seized}
    for person in world.persons:
        if not person.arrested:
            continue
        for a in person.accounts:
            if a.key is not None and a.key.fingerprint not in done:
                done.add(a.key.fingerprint)
                seized.append((f"vendor-{person.person_id}-{len(seized)}", a.key))
    lines = []
    listed = []
    for name, key in seized:
        passphrase = world.passphrases[key.fingerprint]
        keyring.export_secret(key, folder / f"{name}.asc", passphrase)
        lines.append(f"{key.fingerprint} {passphrase}\n")
        listed.append(
            {
                "file": f"keys/{name}.asc",
                "fingerprint": key.fingerprint,
                "rsa": key.rsa,
                "user_id": key.user_id,
            }
        )
    (folder / "passphrases.txt").write_text("".join(lines), encoding="utf-8")
    return listed


def write_tagpack(
    out: Path, world: World, exchange_addresses: list[set[str]], lastmod: str
) -> Path:
    """OUT/tags/exchanges.yaml: a GraphSense TagPack labelling a few addresses of each exchange."""
    rng = random.Random(f"tagpack-{lastmod}")
    tags = []
    for i, name in enumerate(EXCHANGES):
        hot = list(world.exchange_hot[i])
        deposits = sorted(exchange_addresses[i] - set(hot))
        chosen = hot[:2] + rng.sample(deposits, min(3, len(deposits)))
        for address in chosen:
            tags.append({"address": address, "label": name})
    document = {
        "title": "Synthetic exchanges of the seized test server",
        "creator": "seized synth",
        "description": "Hot wallet and customer deposit addresses of the synthetic exchanges",
        "source": "synthetic",
        "currency": "BTC",
        "lastmod": lastmod,
        "is_public": True,
        "confidence": "service_data",
        "category": "exchange",
        "tags": tags,
    }
    path = out / "tags" / "exchanges.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


CASE_TEMPLATE = """# A case file for `seized run`: the evidence of this synthetic seized server.
# Paths are relative to this file.

[case]
name = "synthetic seized server (scale {scale}, seed {seed})"

{evidence}
[keys]
files = [{keys}]
passphrases = "keys/passphrases.txt"

[chain]
sources = ["chain/blocks"]

[tags]
files = ["tags/exchanges.yaml"]
"""


def write_case(
    out: Path, scale: str, seed: int, dumps: list[tuple[str, str, str]], keys: list[str]
) -> None:
    """OUT/case.toml. ``dumps`` are (market, file or folder relative to OUT, mapping: a software
    name or a mapping file relative to OUT)."""
    evidence = "".join(
        f'[[evidence]]\npath = "{path}"\nmarket = "{market}"\nmapping = "{mapping}"\n\n'
        for market, path, mapping in dumps
    )
    text = CASE_TEMPLATE.format(
        scale=scale, seed=seed, evidence=evidence, keys=", ".join(f'"{k}"' for k in keys)
    )
    (out / "case.toml").write_text(text, encoding="utf-8")
