"""HTML pages that open anywhere with no network: one file, inline CSS and JS, strict CSP.

The pages carry seized text, which is hostile. Jinja2 escapes every value (autoescape on); the
Content-Security-Policy allows only the page's own inline style and script, by hash, so even
markup that slipped through could run nothing and fetch nothing.
"""

from __future__ import annotations

import base64
import hashlib
from functools import cache
from importlib import resources
from typing import Any

import jinja2
from markupsafe import Markup


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("seized.export", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_blank_none,
    )
    env.filters["btc"] = btc
    env.filters["when"] = when
    return env


def _blank_none(value: object) -> object:
    """A missing value prints as nothing, never as "None"."""
    return "" if value is None else value


def asset(name: str) -> str:
    return (resources.files("seized.export") / "templates" / name).read_text(encoding="utf-8")


def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def render(template: str, **context: Any) -> str:
    """Render a page with the shared stylesheet and script inlined and pinned by the CSP."""
    css = asset("page.css")
    js = asset("page.js")
    csp = (
        f"default-src 'none'; style-src {_hash(css)}; script-src {_hash(js)}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    page = environment().get_template(template)
    return page.render(css=Markup(css), js=Markup(js), csp=csp, **context)


def btc(sats: object) -> str:
    if sats is None:
        return ""
    value = sats if isinstance(sats, int | float) else float(str(sats))
    return f"{value / 1e8:,.8f} BTC"


def when(value: object) -> str:
    if value is None:
        return ""
    text = str(value)
    return text[:19]
