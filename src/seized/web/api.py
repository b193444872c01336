"""The JSON API (OpenAPI at ``/api/openapi.json``). The same scope as the pages: 401 without a
session, 404 for an id that does not exist or that the scope may not see."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Query, Request

from seized.web import entities, graph, money
from seized.web.app import NotVisible, audit, bench_of, session_of
from seized.web.index import KINDS, Hit

_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "no session: log in with a form POST to /login"},
    404: {"description": "no such id, or not in the scope of the user's agency"},
}

Data = dict[str, Any]


def answer(request: Request, session: Any, data: Data | None) -> Data:
    """Audit the answer; 404 when there is none."""
    if data is None:
        audit(request, session, 404)
        raise NotVisible()
    audit(request, session, 200, data)
    return data


def hit_url(hit: Hit) -> str:
    from urllib.parse import quote

    plural = {"address": "addresses", "transaction": "transactions"}.get(hit.kind, hit.kind + "s")
    return f"/{plural}/{quote(hit.id, safe=':')}"


def search_data(request: Request, session: Any, q: str) -> Data:
    bench = bench_of(request)
    scope = bench.scope(session)
    groups = bench.index.search(scope, q)
    return {
        "query": q,
        "groups": [
            {
                "kind": kind,
                "hits": [
                    {
                        "kind": h.kind,
                        "id": h.id,
                        "title": scope.text(h.title),
                        "preview": scope.text(h.preview),
                        "url": hit_url(h),
                    }
                    for h in groups[kind]
                ],
            }
            for kind in KINDS
            if kind in groups
        ],
    }


def add_routes(app: FastAPI) -> None:
    @app.get("/api/search", responses=_ERRORS, tags=["search"])
    def api_search(request: Request, q: str = Query(..., max_length=2000)) -> Data:
        """Full-text search over everything the scope sees, grouped by kind."""
        session = session_of(request)
        return answer(request, session, search_data(request, session, q))

    @app.get("/api/persons/{person_id:path}", responses=_ERRORS, tags=["entities"])
    def api_person(request: Request, person_id: str) -> Data:
        """A person: accounts, why they were linked and why the person ranks where it does."""
        session = session_of(request)
        bench = bench_of(request)
        with bench.reader.read() as con:
            data = entities.person(con, bench.scope(session), person_id)
        return answer(request, session, data)

    @app.get("/api/accounts/{account_id:path}", responses=_ERRORS, tags=["entities"])
    def api_account(request: Request, account_id: str) -> Data:
        """An account with its listings, orders, messages, addresses and identifiers."""
        session = session_of(request)
        bench = bench_of(request)
        with bench.reader.read() as con:
            data = entities.account(con, bench.scope(session), account_id)
        return answer(request, session, data)

    @app.get("/api/addresses/{address:path}", responses=_ERRORS, tags=["money"])
    def api_address(request: Request, address: str) -> Data:
        """A Bitcoin address: owners, cluster, tags, transactions and cash-outs."""
        session = session_of(request)
        bench = bench_of(request)
        with bench.reader.read() as con:
            data = money.address(con, bench.scope(session), address)
        return answer(request, session, data)

    @app.get("/api/graph", responses=_ERRORS, tags=["graph"])
    def api_graph(
        request: Request,
        node: str = Query(..., max_length=500, description="kind:id, e.g. person:P-1"),
        depth: int = Query(1, ge=1, le=graph.MAX_DEPTH),
    ) -> Data:
        """The link graph around a node (persons, accounts, keys, addresses, clusters,
        exchanges)."""
        session = session_of(request)
        bench = bench_of(request)
        with bench.reader.read() as con:
            data = graph.graph(con, bench.scope(session), node, depth)
        return answer(request, session, data)

    @app.get("/api/flows", responses=_ERRORS, tags=["money"])
    def api_flows(
        request: Request,
        start: str = Query(
            ..., alias="from", max_length=500, description="person:ID, address:A or an address"
        ),
    ) -> Data:
        """Money flows from a person or an address to its cash-outs."""
        session = session_of(request)
        bench = bench_of(request)
        with bench.reader.read() as con:
            data = money.flows(con, bench.scope(session), start)
        return answer(request, session, data)

    @app.get("/api/timeline", responses=_ERRORS, tags=["graph"])
    def api_timeline(
        request: Request,
        person: str | None = Query(None, max_length=500),
        market: str | None = Query(None, max_length=100),
    ) -> Data:
        """Activity per month of a person or a market."""
        session = session_of(request)
        bench = bench_of(request)
        with bench.reader.read() as con:
            data = graph.timeline(con, bench.scope(session), person=person, market=market)
        return answer(request, session, data)

    @app.get("/api/map", responses=_ERRORS, tags=["graph"])
    def api_map(request: Request) -> Data:
        """Targets per country (the agency's countries; every country for a lead)."""
        session = session_of(request)
        bench = bench_of(request)
        with bench.reader.read() as con:
            data = graph.targets_by_country(con, bench.scope(session))
        audit(request, session, 200, {"countries": [c["country"] for c in data["countries"]]})
        return data
