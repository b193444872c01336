"""The workbench application: its state, the security headers, sessions, CSRF and the audit
of every request that reads or changes case data.

:func:`create_app` builds a Starlette/FastAPI application for one case; :mod:`seized.web.pages`
and :mod:`seized.web.api` add the routes, :mod:`seized.web.actions` the actions.
"""

from __future__ import annotations

import hmac
import os
import re
import secrets
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from seized.case import Case
from seized.web.audit import AuditLog
from seized.web.db import CaseReader
from seized.web.index import SearchIndex
from seized.web.scope import Scope, build_scope
from seized.web.store import Store
from seized.web.users import Session, User, find_session

COOKIE = "seized_session"
#: no page loads anything from elsewhere, and no inline script or style runs
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
STATIC = Path(__file__).resolve().parent / "static"
SECRET_FILE = "secret.key"
#: failed logins of one name or one client before it must wait LOCKOUT_SECONDS
MAX_FAILURES = 10
LOCKOUT_SECONDS = 15 * 60


class NotVisible(HTTPException):
    """404 for what does not exist and for what the scope may not see alike."""

    def __init__(self) -> None:
        super().__init__(status_code=404, detail="not found")


class LoginNeeded(HTTPException):
    def __init__(self) -> None:
        super().__init__(status_code=401, detail="log in first")


@dataclass
class Workbench:
    case: Case
    reader: CaseReader
    store: Store
    audit: AuditLog
    index: SearchIndex
    secret: bytes
    secure_cookies: bool
    templates: jinja2.Environment
    case_name: str = ""
    scopes: dict[str, Scope] = field(default_factory=dict)
    scope_lock: threading.Lock = field(default_factory=threading.Lock)
    scope_locks: dict[str, threading.Lock] = field(default_factory=dict)
    failures: dict[str, list[float]] = field(default_factory=dict)

    def scope(self, session: Session) -> Scope:
        return self.scope_of(session.user.countries, lead=session.user.lead)

    def scope_of(self, countries: tuple[str, ...], *, lead: bool) -> Scope:
        """The scope of an agency, built once; while one agency's scope is built (seconds on a
        large case) the others' requests go on."""
        key = "lead" if lead else ",".join(countries)
        with self.scope_lock:
            lock = self.scope_locks.setdefault(key, threading.Lock())
        with lock:
            found = self.scopes.get(key)
            if found is None:
                with self.reader.read() as con:
                    found = build_scope(con, countries, lead=lead, secret=self.secret)
                self.scopes[key] = found
        return found

    def warm(self, users: list[User]) -> threading.Thread:
        """Build the scopes of ``users``' agencies in the background, so that their first
        pages do not wait for them."""

        def build() -> None:
            for countries, lead in dict.fromkeys((u.countries, u.lead) for u in users):
                self.scope_of(countries, lead=lead)

        thread = threading.Thread(target=build, name="scopes", daemon=True)
        thread.start()
        return thread

    def locked_out(self, *keys: str) -> bool:
        now = time.time()
        for key in keys:
            recent = [t for t in self.failures.get(key, []) if t > now - LOCKOUT_SECONDS]
            self.failures[key] = recent
            if len(recent) >= MAX_FAILURES:
                return True
        return False

    def failed(self, *keys: str) -> None:
        for key in keys:
            self.failures.setdefault(key, []).append(time.time())


def _secret(store: Store) -> bytes:
    path = store.folder / SECRET_FILE
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(secrets.token_hex(32))
    return bytes.fromhex(path.read_text(encoding="ascii").strip())


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("seized.web", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["urlencode"] = lambda value: quote(str(value), safe="")
    env.filters["btc"] = lambda sats: "" if sats is None else f"{int(sats) / 1e8:.8f} BTC"
    return env


def create_app(case_root: Path, *, secure_cookies: bool = False) -> FastAPI:
    from seized.web import actions, api, pages

    case = Case.open(case_root)
    store = Store(case.root)
    bench = Workbench(
        case=case,
        reader=CaseReader(case),
        store=store,
        audit=AuditLog(store),
        index=SearchIndex(case.root),
        secret=_secret(store),
        secure_cookies=secure_cookies,
        templates=environment(),
        case_name=case.name,
    )

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        bench.audit.close()
        bench.reader.close()

    app = FastAPI(
        title="seized workbench",
        version="1",
        openapi_url="/api/openapi.json",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.bench = bench

    @app.middleware("http")
    async def headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if not request.url.path.startswith("/static/"):
            response.headers["Cache-Control"] = "no-store"
        return response

    @app.exception_handler(LoginNeeded)
    async def login_needed(request: Request, exc: LoginNeeded) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": exc.detail}, status_code=401)
        return RedirectResponse("/login", status_code=303)

    @app.exception_handler(NotVisible)
    async def not_visible(request: Request, exc: NotVisible) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": "not found"}, status_code=404)
        return page(request, "notfound.html", {}, status=404)

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    pages.add_routes(app)
    api.add_routes(app)
    actions.add_routes(app)
    return app


# -- helpers for the routes -------------------------------------------------------------------


def bench_of(request: Request) -> Workbench:
    found: Workbench = request.app.state.bench
    return found


def session_of(request: Request) -> Session:
    """The live session of the request, or 401 (pages: a redirect to the login form)."""
    session = find_session(bench_of(request).store, request.cookies.get(COOKIE))
    if session is None:
        raise LoginNeeded()
    return session


def check_csrf(request: Request, session: Session, token: str | None) -> None:
    given = token or request.headers.get("x-csrf-token") or ""
    if not hmac.compare_digest(given.encode(), session.csrf.encode()):
        raise HTTPException(status_code=403, detail="the form is stale: reload the page")


def collect_ids(value: Any, found: list[str] | None = None) -> list[str]:
    """The ids an answer carries: every value under a key naming an id, address or txid."""
    found = [] if found is None else found
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, str) and (
                key in ("id", "address", "txid", "label", "node") or key.endswith("_id")
            ):
                found.append(item)
            elif isinstance(item, dict | list | tuple):
                collect_ids(item, found)
    elif isinstance(value, list | tuple):
        for item in value:
            collect_ids(item, found)
    return found


def audit(
    request: Request, session: Session, status: int, data: Any = None, route: str | None = None
) -> None:
    """One audit entry for a request that read or changed case data."""
    path = route or getattr(request.scope.get("route"), "path", request.url.path)
    path = re.sub(r"\{(\w+):\w+\}", r"{\1}", str(path))  # /{value:path} -> /{value}
    params = dict(request.query_params)
    params.update({k: str(v) for k, v in request.path_params.items()})
    bench_of(request).audit.append(
        user=session.user.name,
        agency=session.user.agency,
        route=path,
        method=request.method,
        params=params,
        status=status,
        ids=sorted(set(collect_ids(data))) if data is not None else [],
    )


def page(
    request: Request,
    template: str,
    context: dict[str, Any],
    *,
    session: Session | None = None,
    status: int = 200,
) -> HTMLResponse:
    bench = bench_of(request)
    if session is None:
        session = find_session(bench.store, request.cookies.get(COOKIE))
    html = bench.templates.get_template(template).render(
        user=session.user if session else None,
        csrf=session.csrf if session else "",
        case_name=bench.case_name,
        **context,
    )
    return HTMLResponse(html, status_code=status)
