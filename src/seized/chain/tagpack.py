"""GraphSense TagPacks: load, inherit header fields, validate, and write the tags table.

A TagPack is YAML: header fields (title, creator, label, currency, category, confidence, ...)
apply to every tag unless the tag sets its own. Validation follows the TagPack schema and the
confidence taxonomy shipped in ``taxonomy/`` (copied from the GraphSense TagPack tool). Real
packs have known defects — a pack without ``confidence``, a Tron address tagged ``BTC``, tags
without ``actor`` — which produce warnings naming the line, not a failed import: nothing is
dropped, an address that fails its checksum is kept with ``valid = false``.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import yaml

from seized import yamlload
from seized.chain.address import is_valid_address
from seized.db import literal_list, quote_literal
from seized.errors import InputError
from seized.vocabulary import PAYOUT_KINDS, SEIZED_TAGPACK

#: Tag fields stored in the tags table, besides the address.
TAG_FIELDS = (
    "label",
    "category",
    "source",
    "confidence",
    "currency",
    "network",
    "actor",
    "context",
    "is_cluster_definer",
)


@dataclass(frozen=True)
class TagWarning:
    line: int | None
    message: str


@dataclass
class Tag:
    address: str | None
    fields: dict[str, Any]
    line: int | None
    valid: bool | None


@dataclass
class TagPack:
    path: Path
    header: dict[str, Any]
    tags: list[Tag] = field(default_factory=list)
    warnings: list[TagWarning] = field(default_factory=list)

    @property
    def title(self) -> str:
        return str(self.header.get("title") or self.path.stem)


@cache
def schema() -> dict[str, dict[str, Any]]:
    text = resources.files("seized.chain.taxonomy").joinpath("tagpack_schema.yaml").read_text()
    loaded: dict[str, dict[str, Any]] = yamlload.load(text, "taxonomy/tagpack_schema.yaml")
    return loaded


@cache
def confidence_levels() -> dict[str, int]:
    text = resources.files("seized.chain.taxonomy").joinpath("confidence.csv").read_text()
    return {row["id"]: int(row["level"]) for row in csv.DictReader(text.splitlines())}


def _tag_lines(root: yaml.MappingNode) -> tuple[int | None, list[int]]:
    """The line of the ``tags`` key and of each item of its list, from the node tree."""
    for key, value in root.value:
        if isinstance(key, yaml.ScalarNode) and key.value == "tags":
            items = value.value if isinstance(value, yaml.SequenceNode) else []
            return yamlload.line(key), [yamlload.line(item) for item in items]
    return None, []


def load_tagpack(path: Path) -> TagPack:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text: {exc.reason}", path, offset=exc.start) from exc
    root = yamlload.compose(text, path)
    if not isinstance(root, yaml.MappingNode):
        raise InputError("a tag pack is a YAML mapping with a `tags` list", path, line=1)
    tags_line, lines = _tag_lines(root)
    value = yamlload.construct(root, path)
    if not isinstance(value, dict):  # a mapping tagged !!set
        raise InputError("a tag pack is a YAML mapping with a `tags` list", path, line=1)
    data = {str(k): v for k, v in value.items()}
    spec = schema()
    header = {k: v for k, v in data.items() if k != "tags"}
    pack = TagPack(path, header)
    for name, rule in spec["header"].items():
        if rule.get("mandatory") and name not in data:
            raise InputError(f"the mandatory header field {name!r} is missing", path, line=1)
    tags = data.get("tags")
    if not isinstance(tags, list):
        raise InputError("`tags` must be a list", path, line=tags_line or 1)
    levels = confidence_levels()
    tag_rules: dict[str, dict[str, Any]] = spec["tag"]
    reported: set[str] = set()
    no_actor: list[int | None] = []
    if len(lines) != len(tags):  # merge keys or aliases made the list: no lines to give
        lines = []
    for index, item in enumerate(tags):
        line = lines[index] if lines else None
        if not isinstance(item, dict):
            raise InputError("each tag must be a mapping (key: value lines)", path, line=line)
        raw = {str(k): v for k, v in item.items()}
        merged: dict[str, Any] = {k: v for k, v in header.items() if k in tag_rules}
        merged.update(raw)
        merged.setdefault("network", merged.get("currency"))
        for name, rule in tag_rules.items():
            if rule.get("mandatory") and merged.get(name) in (None, ""):
                key = f"missing:{name}"
                if key not in reported:
                    pack.warnings.append(
                        TagWarning(line, f"mandatory field {name!r} is missing (first at this tag)")
                    )
                    reported.add(key)
        unknown = sorted(set(raw) - set(tag_rules))
        if unknown:
            pack.warnings.append(TagWarning(line, f"unknown tag fields: {', '.join(unknown)}"))
        confidence = merged.get("confidence")
        if confidence is not None and str(confidence) not in levels:
            pack.warnings.append(
                TagWarning(line, f"confidence {confidence!r} is not in the taxonomy")
            )
        if "actor" not in merged:
            no_actor.append(line)
        address = merged.get("address")
        valid: bool | None = None
        if address is not None:
            address = str(address).strip()
            if str(merged.get("currency", "")).upper() == "BTC":
                valid = is_valid_address(address)
                if not valid:
                    pack.warnings.append(
                        TagWarning(
                            line, f"{address} is tagged BTC but is not a valid Bitcoin address"
                        )
                    )
        if isinstance(merged.get("lastmod"), (dt.date, dt.datetime)):
            merged["lastmod"] = merged["lastmod"].isoformat()
        pack.tags.append(Tag(address, merged, line, valid))
    if no_actor and len(no_actor) < len(pack.tags):
        # Only a defect where the pack otherwise names actors.
        pack.warnings.extend(TagWarning(line, "tag has no actor") for line in no_actor)
    return pack


def write_tags(
    con: duckdb.DuckDBPyConnection, pack: TagPack, *, evidence_id: int | None = None
) -> int:
    """Replace this pack's tags in the tags table; returns the number of tags written."""
    levels = confidence_levels()
    con.execute("DELETE FROM tags WHERE tagpack = ?", [pack.title])
    rows = []
    for tag in pack.tags:
        f = tag.fields
        confidence = f.get("confidence")
        rows.append(
            (
                tag.address,
                None,
                str(f.get("label", "")),
                _text(f.get("category")),
                _text(f.get("source")),
                _text(confidence),
                None,
                _text(f.get("currency")),
                _text(f.get("network")),
                _text(f.get("actor")),
                _text(f.get("context")),
                bool(f["is_cluster_definer"]) if "is_cluster_definer" in f else None,
                levels.get(str(confidence)) if confidence is not None else None,
                pack.title,
                evidence_id,
                tag.line,
                tag.valid,
            )
        )
    if rows:
        con.executemany(
            "INSERT INTO tags (address, cluster_id, label, category, source, confidence, "
            "account_id, currency, network, actor, context, is_cluster_definer, "
            "confidence_level, tagpack, evidence_id, line, valid) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    return len(rows)


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


MARKET_TAGS_SQL = f"""
INSERT INTO tags (address, label, category, source, confidence, account_id, currency, network,
                  actor, confidence_level, tagpack, evidence_id, valid)
SELECT w.address,
       w.market_id || ' ' || w.kind || CASE WHEN w.account_id IS NULL THEN ' (market)'
                                            ELSE ' of ' || w.account_id END,
       CASE WHEN w.user_owned THEN 'user' ELSE 'market' END,
       {quote_literal(SEIZED_TAGPACK)} || ' of ' || w.market_id
           || ' (' || coalesce(w.raw_table, '?') || ')',
       'forensic_investigation',
       w.account_id,
       'BTC', 'BTC',
       CASE WHEN w.user_owned THEN NULL ELSE w.market_id END,
       ?,
       {quote_literal(SEIZED_TAGPACK)},
       w.evidence_id,
       NULL
FROM (SELECT *,  -- an address the account asked to be paid to: the user's, not the market's
             account_id IS NOT NULL AND kind IN {literal_list(PAYOUT_KINDS)} AS user_owned
        FROM wallet_addresses) AS w
"""


def tags_from_market(con: duckdb.DuckDBPyConnection) -> int:
    """Tags for every address in the seized wallet tables (deposit, withdrawal, hot, ...).

    The market's own addresses (hot wallets, the deposit addresses it made for each account) are
    category ``market`` with the market as actor. The addresses a user gave the market to be paid
    to (withdrawal, payout, refund) belong to the user, not the market: category ``user``, no
    actor, the account in ``account_id``.
    """
    con.execute("DELETE FROM tags WHERE tagpack = ?", [SEIZED_TAGPACK])
    con.execute(MARKET_TAGS_SQL, [confidence_levels()["forensic_investigation"]])
    row = con.execute("SELECT count(*) FROM tags WHERE tagpack = ?", [SEIZED_TAGPACK]).fetchone()
    return int(row[0]) if row else 0
