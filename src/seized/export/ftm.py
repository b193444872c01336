"""FollowTheMoney entities (JSON lines, loadable by Aleph) for one package.

Persons, their UserAccounts and Memberships of the markets (Organizations), CryptoWallets,
shipping Addresses, Messages among package persons, and Payments (orders, and cash-outs to
exchanges). An order's counterparty outside the package is a LegalEntity named only by its
opaque reference. Real-world things keep one id across the packages of a case
(:data:`SHARED_KINDS`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from typing import Any

from followthemoney import model
from followthemoney.proxy import EntityProxy

from seized.export.select import OPAQUE, Row, Selection

#: Kinds of real-world things (markets, services such as exchanges, wallet and postal
#: addresses, orders and on-chain transfers): their ids derive from the case and the thing's
#: natural key only, so every country's package of a case gives them the same id and Aleph
#: merges what two agencies hold. Persons, accounts and messages belong to one package anyway;
#: opaque counterparties are numbered per package and must not match across packages.
SHARED_KINDS = frozenset(["market", "service", "wallet", "address", "order", "transfer"])


def entity_id(selection: Selection, kind: str, key: str) -> str:
    scope = () if kind in SHARED_KINDS else (selection.country,)
    digest = hashlib.sha1(
        "\x1f".join((selection.case_name, *scope, kind, key)).encode("utf-8")
    ).hexdigest()
    return f"seized-{kind}-{digest[:32]}"


def _make(schema: str, ident: str) -> EntityProxy:
    entity = model.make_entity(schema)
    entity.id = ident
    return entity


def _btc(sats: object) -> str | None:
    if sats is None:
        return None
    value = sats if isinstance(sats, int | float) else float(str(sats))
    return f"{value / 1e8:.8f}"


class EntityBuilder:
    def __init__(self, selection: Selection) -> None:
        self.sel = selection
        self.account_ids: dict[str, str] = {}
        self.opaque_ids: dict[str, str] = {}
        self.extra: list[EntityProxy] = []

    def person_id(self, person: str) -> str:
        return entity_id(self.sel, "person", person)

    def party(self, account: str | None) -> str | None:
        """The Person behind a package account, or the LegalEntity of an opaque reference."""
        if account is None:
            return None
        owner = self.sel.person_of.get(account)
        if owner is not None:
            return self.person_id(owner)
        found = self.opaque_ids.get(account)
        if found is None:
            found = entity_id(self.sel, "other", account)
            other = _make("LegalEntity", found)
            name = account if account.startswith(OPAQUE.split("#")[0]) else OPAQUE.format(n=0)
            other.add("name", name)
            other.add("description", "counterparty outside this package's jurisdiction")
            self.opaque_ids[account] = found
            self.extra.append(other)
        return found

    def entities(self) -> Iterator[EntityProxy]:
        sel = self.sel
        for target in sel.targets:
            yield self._person(target)
        markets: dict[str, str] = {}
        for account in sel.accounts:
            market = str(account["market_id"])
            if market not in markets:
                markets[market] = entity_id(sel, "market", market)
                org = _make("Organization", markets[market])
                org.add("name", market)
                org.add("description", "online drug market (seized server)")
                org.add("topics", "crime.traffick.drug")
                yield org
            owner = self.person_id(sel.person_of[account["account_id"]])
            member = _make("Membership", entity_id(sel, "membership", account["account_id"]))
            member.add("member", owner)
            member.add("organization", markets[market])
            member.add("role", account.get("role") or "account")
            member.add("startDate", _date(account.get("created_at")))
            yield member
            ident = entity_id(sel, "account", account["account_id"])
            self.account_ids[account["account_id"]] = ident
            entity = _make("UserAccount", ident)
            entity.add("username", account.get("username") or account["native_id"])
            entity.add("service", account["market_id"])
            entity.add("owner", self.person_id(sel.person_of[account["account_id"]]))
            entity.add("email", account.get("email"), quiet=True)
            entity.add("createdAt", _date(account.get("created_at")))
            entity.add("description", account.get("role"))
            yield entity
        yield from self._wallets()
        yield from self._orders()
        yield from self._messages()
        yield from self._cashouts()
        yield from self.extra

    def _person(self, target: Row) -> EntityProxy:
        entity = _make("Person", self.person_id(target["person_id"]))
        names = [a.get("username") for a in self.sel.accounts_of(target["person_id"])]
        names = [n for n in names if n]
        entity.add("name", names[0] if names else target["person_id"])
        entity.add("alias", names[1:])
        entity.add("country", (target.get("country") or "").lower() or None)
        entity.add("summary", target.get("summary"))
        entity.add("topics", "crime.traffick.drug")
        entity.add("notes", f"seized target rank {target.get('rank')}, role {target.get('role')}")
        return entity

    def _wallets(self) -> Iterator[EntityProxy]:
        seen: set[str] = set()
        rows = [(w["account_id"], w["address"], w.get("kind")) for w in self.sel.wallets]
        rows += [(p["account_id"], p.get("address"), "payout") for p in self.sel.payouts]
        for account, address, kind in rows:
            if not address or address in seen:
                continue
            seen.add(address)
            entity = _make("CryptoWallet", entity_id(self.sel, "wallet", address))
            entity.add("publicKey", address)
            entity.add("currency", "BTC")
            entity.add("holder", self.person_id(self.sel.person_of[account]))
            entity.add("description", f"{kind} address on the market")
            yield entity

    def _orders(self) -> Iterator[EntityProxy]:
        for order in self.sel.orders:
            payer = self.party(order["buyer_id"])
            beneficiary = self.party(order["vendor_id"])
            if payer is None or beneficiary is None:
                continue
            entity = _make("Payment", entity_id(self.sel, "order", order["order_id"]))
            entity.add("payer", payer)
            entity.add("beneficiary", beneficiary)
            entity.add("amount", _btc(order.get("amount_sats")))
            entity.add("currency", "BTC")
            entity.add("date", _date(order.get("created_at")))
            entity.add("purpose", order.get("listing_title"))
            entity.add("description", f"market order, status {order.get('status')}")
            entity.add("recordId", order["order_id"])
            yield entity
            if order.get("shipping_address"):
                address = _make(
                    "Address", entity_id(self.sel, "address", order["shipping_address"])
                )
                address.add("full", order["shipping_address"])
                address.add("description", f"shipping address of order {order['order_id']}")
                yield address

    def _messages(self) -> Iterator[EntityProxy]:
        for message in self.sel.messages:
            entity = _make("Message", entity_id(self.sel, "message", message["message_id"]))
            entity.add("bodyText", message.get("text") or "")
            entity.add("subject", message.get("subject"))
            entity.add("sender", self.party(message["sender_id"]))
            entity.add("senderAccount", self.account_ids.get(message["sender_id"]))
            if message.get("recipient_id"):
                entity.add("recipients", self.party(message["recipient_id"]))
                entity.add("recipientAccount", self.account_ids.get(message["recipient_id"]))
            entity.add("date", _date(message.get("created_at")))
            entity.add("recordId", message["message_id"])
            if entity.has("bodyText") and entity.has("sender"):
                yield entity

    def _cashouts(self) -> Iterator[EntityProxy]:
        for i, cash in enumerate(self.sel.cashouts):
            label = cash.get("label") or "unknown service"
            service_id = entity_id(self.sel, "service", label)
            if not any(e.id == service_id for e in self.extra):
                service = _make("Organization", service_id)
                service.add("name", label)
                service.add("sector", cash.get("category"))
                self.extra.append(service)
            if cash.get("txid"):  # the on-chain transfer: the same in every package
                kind, key = "transfer", f"{cash['txid']}:{cash.get('vout')}:{label}"
            else:
                kind, key = "cashout", f"{cash['person_id']}/{cash.get('model')}/{i}"
            entity = _make("Payment", entity_id(self.sel, kind, key))
            entity.add("payer", self.person_id(cash["person_id"]))
            entity.add("beneficiary", service_id)
            entity.add("amount", _btc(cash.get("amount_sats")))
            entity.add("currency", "BTC")
            entity.add("transactionNumber", cash.get("txid"))
            entity.add(
                "description",
                f"cash-out traced on the blockchain ({cash.get('model')}, {cash.get('hops')} hops)",
            )
            yield entity


def _date(value: object) -> str | None:
    return None if value is None else str(value)[:19].replace(" ", "T")


def entity_lines(selection: Selection) -> bytes:
    """The package's entities as FollowTheMoney JSON lines, shipping addresses linked."""
    builder = EntityBuilder(selection)
    entities: dict[str, EntityProxy] = {}
    address_of: dict[str, list[str]] = {}
    for entity in builder.entities():
        if entity.id is None:
            continue
        if entity.id in entities:
            entities[entity.id].merge(entity)
        else:
            entities[entity.id] = entity
    for order in selection.orders:
        owner = selection.person_of.get(order["buyer_id"])
        if owner and order.get("shipping_address"):
            address_id = entity_id(selection, "address", order["shipping_address"])
            address_of.setdefault(builder.person_id(owner), []).append(address_id)
    for person_id, addresses in address_of.items():
        entities[person_id].add("addressEntity", sorted(set(addresses)))
    lines = [json.dumps(e.to_dict(), sort_keys=True, ensure_ascii=False) for e in entities.values()]
    return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""


def validate(lines: Iterable[str]) -> list[str]:
    """Problems of FollowTheMoney JSON lines: unknown schema or property, invalid or missing
    values, references to entities that are not in the file or of the wrong schema."""
    problems: list[str] = []
    data: dict[str, dict[str, Any]] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"line {number}: not JSON ({exc.msg})")
            continue
        data[str(item.get("id"))] = item
        schema = model.get(item.get("schema", ""))
        if schema is None or schema.abstract:
            problems.append(f"line {number}: unknown or abstract schema {item.get('schema')!r}")
            continue
        if not item.get("id"):
            problems.append(f"line {number}: no id")
        try:
            schema.validate(item)
        except Exception as exc:  # followthemoney raises InvalidData
            problems.append(f"line {number}: {exc}")
        props = item.get("properties", {})
        for name in schema.required:
            if not props.get(name):
                problems.append(f"line {number}: {schema.name} lacks required {name}")
        for name, values in props.items():
            prop = schema.properties.get(name)
            if prop is None:
                problems.append(f"line {number}: {schema.name} has no property {name}")
                continue
            for value in values:
                if not prop.type.validate(value):
                    problems.append(f"line {number}: {name}={value!r} is not a valid {prop.type}")
    for item in data.values():
        schema = model.get(item.get("schema", ""))
        if schema is None:
            continue
        for name, values in item.get("properties", {}).items():
            prop = schema.properties.get(name)
            if prop is None or prop.range is None or prop.type.name != "entity":
                continue
            for value in values:
                target = data.get(value)
                target_schema = model.get(target.get("schema", "")) if target else None
                if target_schema is None:
                    problems.append(f"{item['id']}: {name} points to missing entity {value}")
                elif not target_schema.is_a(prop.range):
                    problems.append(f"{item['id']}: {name} points to a {target_schema.name}")
    return problems
