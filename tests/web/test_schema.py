"""Schemathesis against the OpenAPI description, with the DE/AT analyst's session: every
generated request gets a declared status and a conforming answer, never a server error, and
no answer carries anything out of the analyst's scope."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings

from seized.web.app import COOKIE
from tests.web.conftest import login
from tests.web.leaks import Foreign, leaks

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def token(app: FastAPI) -> str:
    client = TestClient(app)
    login(client, "anna")
    value = client.cookies.get(COOKIE)
    assert value
    return value


def _without_lifespan(app: FastAPI) -> Any:
    """The application for schemathesis's client, which runs the lifespan: its end would close
    the session's application under the tests that follow."""

    async def call(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "lifespan":
            await app(scope, receive, send)
            return
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return

    return call


def test_the_api_conforms_within_the_scope(app: FastAPI, token: str, foreign: Foreign) -> None:
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", _without_lifespan(app))
    operations = {o.ok().label for o in schema.get_all_operations()}
    assert {"GET /api/persons/{person_id}", "GET /api/graph", "GET /api/flows"} <= operations
    seen: set[int] = set()

    @given(case=schema.as_strategy())
    @settings(
        max_examples=200, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    def call(case: schemathesis.Case) -> None:
        response = case.call(cookies={COOKIE: token})
        case.validate_response(response)
        assert response.status_code in (200, 404, 422), response.text[:300]
        assert leaks(response.text, foreign.secrets) == []
        seen.add(response.status_code)

    call()
    assert {200, 404} <= seen
