"""The HTML pages: login, home, search, one page per kind of entity, graph, flows, timeline,
map. Every page that shows case data is audited; templates escape every value."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import duckdb
from fastapi import FastAPI, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from seized.web import actions, entities, graph, money
from seized.web.api import search_data
from seized.web.app import (
    COOKIE,
    NotVisible,
    audit,
    bench_of,
    check_csrf,
    page,
    session_of,
)
from seized.web.scope import Scope
from seized.web.users import authenticate, close_session, open_session

Reader = Callable[[duckdb.DuckDBPyConnection, Scope, str], dict[str, Any] | None]

#: path prefix, template, entity kind (for notes), reader
ENTITY_PAGES: list[tuple[str, str, str, Reader]] = [
    ("persons", "person.html", "person", entities.person),
    ("accounts", "account.html", "account", entities.account),
    ("listings", "listing.html", "listing", entities.listing),
    ("orders", "order.html", "order", entities.order),
    ("messages", "message.html", "message", entities.message),
    ("addresses", "address.html", "address", money.address),
    ("clusters", "cluster.html", "cluster", money.cluster),
    ("transactions", "transaction.html", "transaction", money.transaction),
    ("exchanges", "exchange.html", "exchange", money.exchange),
]


def _entity_route(app: FastAPI, prefix: str, template: str, kind: str, reader: Reader) -> None:
    def show(request: Request, value: str) -> HTMLResponse:
        session = session_of(request)
        bench = bench_of(request)
        scope = bench.scope(session)
        with bench.reader.read() as con:
            data = reader(con, scope, value)
        if data is None:
            audit(request, session, 404)
            raise NotVisible()
        audit(request, session, 200, data)
        context = {
            "e": data,
            "kind": kind,
            "entity_id": value,
            "notes": actions.notes(bench, session, kind, value),
            "categories": actions.TAG_CATEGORIES,
        }
        return page(request, template, context, session=session)

    show.__name__ = f"page_{kind}"
    app.add_api_route(f"/{prefix}/{{value:path}}", show, methods=["GET"], include_in_schema=False)


def add_routes(app: FastAPI) -> None:
    @app.get("/login", include_in_schema=False)
    def login_form(request: Request) -> HTMLResponse:
        return page(request, "login.html", {"error": None})

    @app.post("/login", include_in_schema=False)
    def login(
        request: Request,
        username: str = Form(..., max_length=64),
        password: str = Form(..., max_length=1024),
    ) -> Response:
        bench = bench_of(request)
        client = request.client.host if request.client else "?"
        keys = (f"user:{username}", f"client:{client}")
        if bench.locked_out(*keys):
            return page(
                request, "login.html", {"error": "too many failed logins; wait 15 minutes"},
                status=429,
            )  # fmt: skip
        user = authenticate(bench.store, username, password)
        if user is None:
            bench.failed(*keys)
            return page(
                request, "login.html", {"error": "unknown user or wrong password"}, status=401
            )
        token, _ = open_session(bench.store, user)
        response = RedirectResponse("/", status_code=303)
        response.set_cookie(
            COOKIE,
            token,
            httponly=True,
            samesite="strict",
            secure=bench.secure_cookies,
            path="/",
        )
        return response

    @app.post("/logout", include_in_schema=False)
    def logout(request: Request, csrf_token: str = Form("")) -> Response:
        session = session_of(request)
        check_csrf(request, session, csrf_token)
        close_session(bench_of(request).store, request.cookies.get(COOKIE))
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(COOKIE, path="/")
        return response

    @app.get("/", include_in_schema=False)
    def home(request: Request) -> HTMLResponse:
        session = session_of(request)
        bench = bench_of(request)
        scope = bench.scope(session)
        with bench.reader.read() as con:
            targets = con.execute(
                "SELECT person_id, rank, role, country, score, summary FROM targets "
                "WHERE country IS NOT NULL OR ? ORDER BY rank NULLS LAST LIMIT 2000",
                [scope.lead],
            ).fetchall()
            markets = [r[0] for r in con.execute(
                "SELECT DISTINCT market_id FROM accounts ORDER BY 1").fetchall()]  # fmt: skip
            countries = [r[0] for r in con.execute(
                "SELECT DISTINCT country FROM targets WHERE country IS NOT NULL ORDER BY 1"
            ).fetchall()]  # fmt: skip
        shown = [
            {"person_id": t[0], "rank": t[1], "role": t[2], "country": t[3], "score": t[4],
             "summary": scope.text(t[5])}
            for t in targets if scope.sees("person", t[0])
        ][:100]  # fmt: skip
        if not scope.lead:
            countries = list(session.user.countries)
        audit(request, session, 200, shown)
        return page(
            request,
            "home.html",
            {"targets": shown, "markets": markets, "countries": countries},
            session=session,
        )

    @app.get("/search", include_in_schema=False)
    def search(request: Request, q: str = Query("", max_length=2000)) -> HTMLResponse:
        session = session_of(request)
        data = search_data(request, session, q) if q.strip() else {"query": q, "groups": []}
        audit(request, session, 200, data)
        return page(request, "search.html", {"r": data}, session=session)

    for prefix, template, kind, reader in ENTITY_PAGES:
        _entity_route(app, prefix, template, kind, reader)

    @app.get("/graph", include_in_schema=False)
    def graph_page(request: Request, node: str = Query(..., max_length=500)) -> HTMLResponse:
        session = session_of(request)
        bench = bench_of(request)
        with bench.reader.read() as con:
            data = graph.graph(con, bench.scope(session), node, 1)
        if data is None:
            audit(request, session, 404)
            raise NotVisible()
        audit(request, session, 200, data)
        return page(request, "graph.html", {"node": data["node"]}, session=session)

    @app.get("/flows", include_in_schema=False)
    def flows_page(
        request: Request, start: str = Query(..., alias="from", max_length=500)
    ) -> HTMLResponse:
        session = session_of(request)
        bench = bench_of(request)
        with bench.reader.read() as con:
            data = money.flows(con, bench.scope(session), start)
        if data is None:
            audit(request, session, 404)
            raise NotVisible()
        audit(request, session, 200, data)
        return page(request, "flows.html", {"f": data}, session=session)

    @app.get("/timeline", include_in_schema=False)
    def timeline_page(
        request: Request,
        person: str | None = Query(None, max_length=500),
        market: str | None = Query(None, max_length=100),
    ) -> HTMLResponse:
        session = session_of(request)
        bench = bench_of(request)
        with bench.reader.read() as con:
            data = graph.timeline(con, bench.scope(session), person=person, market=market)
        if data is None:
            audit(request, session, 404)
            raise NotVisible()
        audit(request, session, 200, data)
        return page(request, "timeline.html", {"t": data, "bars": _bars(data)}, session=session)

    @app.get("/map", include_in_schema=False)
    def map_page(request: Request) -> HTMLResponse:
        session = session_of(request)
        return page(request, "map.html", {}, session=session)

    @app.get("/packages", include_in_schema=False)
    def packages_page(request: Request) -> HTMLResponse:
        session = session_of(request)
        bench = bench_of(request)
        found = actions.packages(bench, session)
        audit(request, session, 200, {"packages": [{"id": p["name"]} for p in found]})
        return page(request, "packages.html", {"packages": found}, session=session)


def _bars(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Bars for the timeline's chart: one per month, heights in per cent of the busiest."""
    months = data["months"]
    key = "orders" if "market" in data else None
    values = []
    for month in months:
        if key:
            values.append(int(month.get(key) or 0))
        else:
            values.append(
                sum(int(month.get(k) or 0) for k in ("sales", "purchases", "messages", "logins"))
            )
    top = max(values, default=0) or 1
    return [
        {"month": str(m["month"])[:7], "value": v, "height": round(100 * v / top)}
        for m, v in zip(months, values, strict=True)
    ]
