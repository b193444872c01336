"""What an analyst does: confirm or reject a link, tag an address, note, build a package.

Each action is appended to the workbench store (append-only) and to the case's custody log
(actor ``user@agency``). None writes a table of the case store; what the analysis should use
goes to files the stages read:

* ``CASE/workbench/link-overrides.txt``: the stored link overrides with the analysts' decisions
  over them (the latest per pair wins), in the overrides format (:mod:`seized.link.overrides`);
  the next ``seized link CASE`` applies it.
* ``CASE/workbench/tagpack.yaml``: a GraphSense TagPack of the analysts' tags
  (``seized tags import CASE CASE/workbench/tagpack.yaml``).
* ``CASE/workbench/packages/``: the packages built for a country of the agency's scope.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import yaml
from fastapi import FastAPI, Form, HTTPException, Request
from fastapi.responses import FileResponse, RedirectResponse, Response

from seized.case import Case
from seized.db import dicts as rows
from seized.web import entities, money
from seized.web.app import NotVisible, Workbench, audit, bench_of, check_csrf, session_of
from seized.web.users import Session

OVERRIDES_FILE = "link-overrides.txt"
TAGPACK_FILE = "tagpack.yaml"
PACKAGES = "packages"
NOTE_KINDS = ("person", "account", "listing", "order", "message", "address", "cluster",
              "transaction", "exchange")  # fmt: skip
TAG_CATEGORIES = ("exchange", "market", "mixing_service", "gambling", "vendor", "user",
                  "scam", "ransomware", "other")  # fmt: skip
_PLURAL = {"address": "addresses", "transaction": "transactions"}


def entity_url(kind: str, value: str) -> str:
    return f"/{_PLURAL.get(kind, kind + 's')}/{quote(value, safe=':')}"


def _visible(bench: Workbench, session: Session, kind: str, value: str) -> bool:
    scope = bench.scope(session)
    kinds = ("person", "account", "address", "cluster", "transaction", "exchange")
    if kind in kinds and not scope.sees(kind, value):
        return False
    reader = {
        "person": entities.person, "account": entities.account, "listing": entities.listing,
        "order": entities.order, "message": entities.message, "address": money.address,
        "cluster": money.cluster, "transaction": money.transaction, "exchange": money.exchange,
    }[kind]  # fmt: skip
    with bench.reader.read() as con:
        return reader(con, scope, value) is not None


def _record(
    bench: Workbench, session: Session, kind: str, entity: tuple[str, str], payload: dict[str, Any]
) -> int:
    user = session.user
    action = bench.store.append_action(
        user=user.name,
        agency=user.agency,
        kind=kind,
        entity_kind=entity[0],
        entity_id=entity[1],
        payload=payload,
    )
    with bench.reader.exclusive():
        Case(
            bench.case.root,
            actor=f"{user.name}@{user.agency}",
            signing_key=bench.case.signing_key(),
        ).log(
            f"workbench.{kind}",
            details={"action": action.seq, "entity": f"{entity[0]}:{entity[1]}", **payload},
        )
    return action.seq


def notes(bench: Workbench, session: Session, kind: str, value: str) -> list[dict[str, Any]]:
    """The notes on an entity that the user's agency wrote (a lead reads all)."""
    scope = bench.scope(session)
    return [
        {"at": a.at, "user": a.user, "agency": a.agency, "text": scope.text(a.payload["text"])}
        for a in bench.store.actions("note")
        if a.entity_kind == kind
        and a.entity_id == value
        and (session.user.lead or a.agency == session.user.agency)
    ]


def write_overrides(bench: Workbench) -> Path:
    """The stored overrides with the analysts' decisions over them, as an overrides file."""
    decided: dict[tuple[str, str], tuple[str, str]] = {}
    for action in bench.store.actions("link"):
        a, b = sorted((action.payload["account_a"], action.payload["account_b"]))
        kind = "must-link" if action.payload["decision"] == "confirm" else "cannot-link"
        note = f"{action.user}@{action.agency} {action.at}: {action.payload.get('note') or ''}"
        decided[(a, b)] = (kind, note)
    with bench.reader.read() as con:
        stored = rows(con, "SELECT kind, account_a, account_b, note FROM link_overrides")
    lines = ["# link overrides: the stored ones and the workbench's decisions over them"]
    for row in stored:
        pair = (min(row["account_a"], row["account_b"]), max(row["account_a"], row["account_b"]))
        if pair not in decided:
            kind = "must-link" if row["kind"] == "must_link" else "cannot-link"
            lines.append(_line(kind, *pair, row["note"] or ""))
    for (a, b), (kind, note) in sorted(decided.items()):
        lines.append(_line(kind, a, b, note))
    path = bench.store.folder / OVERRIDES_FILE
    temporary = path.with_suffix(".tmp")
    temporary.write_text("\n".join(lines) + "\n", encoding="utf-8")
    temporary.replace(path)
    return path


def _line(kind: str, a: str, b: str, note: str) -> str:
    # a note must not start a comment or a new line of the file
    clean = re.sub(r"[\r\n#]+", " ", note).strip()
    return f"{kind:<12}{a}   {b}   {clean}".rstrip()


def write_tagpack(bench: Workbench) -> Path:
    tags = []
    for action in bench.store.actions("tag"):
        tags.append(
            {
                "address": action.entity_id,
                "label": action.payload["label"],
                "category": action.payload["category"],
                "source": f"seized workbench, {action.user}@{action.agency}",
                "context": action.payload.get("note") or "",
                "lastmod": action.at[:10],
            }
        )
    pack = {
        "title": f"Workbench tags of {bench.case.name}",
        "creator": "seized workbench",
        "currency": "BTC",
        "network": "BTC",
        "confidence": "forensic_investigation",
        "tags": tags,
    }
    path = bench.store.folder / TAGPACK_FILE
    temporary = path.with_suffix(".tmp")
    temporary.write_text(yaml.safe_dump(pack, sort_keys=False, allow_unicode=True), "utf-8")
    temporary.replace(path)
    return path


def _text(value: str, limit: int, name: str) -> str:
    text = value.strip()
    if len(text) > limit:
        raise HTTPException(status_code=422, detail=f"{name}: at most {limit} characters")
    return text


def _back(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def add_routes(app: FastAPI) -> None:
    @app.post("/actions/note", include_in_schema=False)
    def note(
        request: Request,
        entity_kind: str = Form(...),
        entity_id: str = Form(..., max_length=500),
        text: str = Form(..., max_length=10_000),
        csrf_token: str = Form(""),
    ) -> Response:
        session = session_of(request)
        check_csrf(request, session, csrf_token)
        bench = bench_of(request)
        if entity_kind not in NOTE_KINDS or not _visible(bench, session, entity_kind, entity_id):
            audit(request, session, 404)
            raise NotVisible()
        body = _text(text, 10_000, "text")
        if not body:
            raise HTTPException(status_code=422, detail="an empty note")
        seq = _record(bench, session, "note", (entity_kind, entity_id), {"text": body})
        audit(request, session, 303, {"id": entity_id, "action": str(seq)})
        return _back(entity_url(entity_kind, entity_id))

    @app.post("/actions/link", include_in_schema=False)
    def link(
        request: Request,
        account_a: str = Form(..., max_length=500),
        account_b: str = Form(..., max_length=500),
        decision: str = Form(...),
        note: str = Form("", max_length=2000),
        csrf_token: str = Form(""),
    ) -> Response:
        session = session_of(request)
        check_csrf(request, session, csrf_token)
        bench = bench_of(request)
        if decision not in ("confirm", "reject"):
            raise HTTPException(status_code=422, detail="decision: confirm or reject")
        if account_a == account_b:
            raise HTTPException(status_code=422, detail="a link needs two different accounts")
        for account in (account_a, account_b):
            if not _visible(bench, session, "account", account):
                audit(request, session, 404)
                raise NotVisible()
        payload = {"account_a": account_a, "account_b": account_b, "decision": decision,
                   "note": _text(note, 2000, "note")}  # fmt: skip
        seq = _record(bench, session, "link", ("account", account_a), payload)
        write_overrides(bench)
        audit(request, session, 303, {"account_a": account_a, "account_b": account_b,
                                      "action": str(seq)})  # fmt: skip
        with bench.reader.read() as con:
            person = entities.person_of(con, account_a)
        return _back(entity_url("person", person))

    @app.post("/actions/tag", include_in_schema=False)
    def tag(
        request: Request,
        address: str = Form(..., max_length=200),
        label: str = Form(..., max_length=200),
        category: str = Form(...),
        note: str = Form("", max_length=2000),
        csrf_token: str = Form(""),
    ) -> Response:
        session = session_of(request)
        check_csrf(request, session, csrf_token)
        bench = bench_of(request)
        if not _visible(bench, session, "address", address):
            audit(request, session, 404)
            raise NotVisible()
        if category not in TAG_CATEGORIES or not label.strip():
            raise HTTPException(status_code=422, detail="a label and a known category")
        payload = {"label": _text(label, 200, "label"), "category": category,
                   "note": _text(note, 2000, "note")}  # fmt: skip
        seq = _record(bench, session, "tag", ("address", address), payload)
        write_tagpack(bench)
        audit(request, session, 303, {"address": address, "action": str(seq)})
        return _back(entity_url("address", address))

    @app.post("/actions/package", include_in_schema=False)
    def package(
        request: Request, country: str = Form(..., max_length=2), csrf_token: str = Form("")
    ) -> Response:
        from seized.export.package import write_package

        session = session_of(request)
        check_csrf(request, session, csrf_token)
        bench = bench_of(request)
        code = country.upper()
        if not re.fullmatch(r"[A-Z]{2}", code) or not (
            session.user.lead or code in session.user.countries
        ):
            audit(request, session, 404)
            raise NotVisible()
        user = session.user
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        out = bench.store.folder / PACKAGES / f"{code}-{stamp}"
        out.parent.mkdir(exist_ok=True)
        with bench.reader.exclusive():
            result = write_package(
                Case(
                    bench.case.root,
                    actor=f"{user.name}@{user.agency}",
                    signing_key=bench.case.signing_key(),
                ),
                code,
                out,
            )
        bench.store.append_action(
            user=user.name, agency=user.agency, kind="package", entity_kind="country",
            entity_id=code, payload={"folder": out.name, "zip": result.zip_path.name},
        )  # fmt: skip
        audit(request, session, 303, {"id": result.zip_path.name})
        return _back("/packages")

    @app.get("/packages/{name}", include_in_schema=False)
    def download(request: Request, name: str) -> Response:
        session = session_of(request)
        bench = bench_of(request)
        path = bench.store.folder / PACKAGES / name
        code = name[:2]
        if (
            not re.fullmatch(r"[A-Z]{2}-\d{8}T\d{12}\.zip", name)
            or not (session.user.lead or code in session.user.countries)
            or not path.is_file()
        ):
            audit(request, session, 404)
            raise NotVisible()
        audit(request, session, 200, {"id": name})
        return FileResponse(path, media_type="application/zip", filename=name)


def packages(bench: Workbench, session: Session) -> list[dict[str, str]]:
    """The packages built for the user's countries (every country for a lead)."""
    folder = bench.store.folder / PACKAGES
    if not folder.is_dir():
        return []
    return [
        {"name": p.name, "country": p.name[:2], "built": p.name[3:18]}
        for p in sorted(folder.glob("*.zip"), reverse=True)
        if session.user.lead or p.name[:2] in session.user.countries
    ]
