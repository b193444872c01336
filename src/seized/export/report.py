"""`seized report`: the whole case on one self-contained HTML page.

Summary, revenue and activity over time, what was sold, the markets' timeline, money flows
(cash-outs of persons by service, the markets' own apart), the top targets with their reasons
(25 rows a page), where the targets are (a world map) and the link graph of the top persons.
Inline CSS, JS and SVG only; no address outside the file is referenced, and a
Content-Security-Policy pins the inline style and script by hash.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from seized import __version__
from seized.case import Case
from seized.export import charts, overview
from seized.export import reasons as why
from seized.export.html import render
from seized.export.manifest import sha256_file

#: The targets the report lists, best first; the page shows them 25 at a time.
TOP_TARGETS = 500


def _rows(
    con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None
) -> list[dict[str, Any]]:
    cursor = con.execute(sql, params)
    names = [d[0] for d in cursor.description or []]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    row = con.execute(f'SELECT count(*) FROM "{table}"').fetchone()  # table names are ours
    return int(row[0]) if row else 0


_MONTHLY = """
WITH o AS (
    SELECT strftime(date_trunc('month', created_at), '%Y-%m') AS month,
           sum(amount_sats) FILTER (WHERE status = 'finalized') AS revenue,
           count(*) AS orders
    FROM orders WHERE created_at IS NOT NULL GROUP BY 1
), m AS (
    SELECT strftime(date_trunc('month', created_at), '%Y-%m') AS month, count(*) AS messages
    FROM messages WHERE created_at IS NOT NULL GROUP BY 1
)
SELECT month, coalesce(o.revenue, 0) AS revenue, coalesce(o.orders, 0) AS orders,
       coalesce(m.messages, 0) AS messages
FROM o FULL JOIN m USING (month) ORDER BY month
"""
_MARKETS = """
SELECT a.market_id, count(*) AS accounts,
       count(*) FILTER (WHERE a.role = 'vendor') AS vendors,
       count(*) FILTER (WHERE a.role = 'buyer') AS buyers,
       (SELECT count(*) FROM listings AS l WHERE l.market_id = a.market_id) AS listings,
       (SELECT count(*) FROM orders AS o WHERE o.market_id = a.market_id) AS orders,
       (SELECT coalesce(sum(amount_sats), 0) FROM orders AS o
        WHERE o.market_id = a.market_id AND o.status = 'finalized') AS revenue_sats
FROM accounts AS a GROUP BY a.market_id ORDER BY a.market_id
"""
_COUNTRIES = """
SELECT coalesce(country, '??') AS country, count(*) AS persons,
       count(*) FILTER (WHERE role IN ('admin', 'staff')) AS staff,
       count(*) FILTER (WHERE role = 'vendor') AS vendors,
       count(*) FILTER (WHERE role NOT IN ('admin', 'staff', 'vendor')) AS buyers,
       coalesce(sum(revenue_sats), 0) AS revenue_sats, coalesce(sum(spend_sats), 0) AS spend_sats,
       round(avg(country_confidence), 2) AS confidence, min(rank) AS best_rank
FROM targets GROUP BY 1 ORDER BY persons DESC, country
"""
_TOP = """
SELECT person_id, role, score, rank, country, country_confidence, reasons, summary,
       accounts, markets, revenue_sats, spend_sats
FROM targets ORDER BY rank NULLS LAST, person_id LIMIT ?
"""


def _btc(value: float) -> str:
    return f"{value / 1e8:,.4f} BTC"


def report_context(con: duckdb.DuckDBPyConnection, case_name: str) -> dict[str, Any]:
    monthly = _rows(con, _MONTHLY)
    months = [str(m["month"]) for m in monthly]
    top = _rows(con, _TOP, [TOP_TARGETS])
    usernames = {
        str(a): str(u)
        for a, u in con.execute("SELECT account_id, username FROM accounts").fetchall()
    }
    for t in top:
        t["reason_lines"] = why.lines(t.get("reasons"), usernames)
        t["breakdown"] = why.breakdown(t.get("reasons"))
        t["usernames"] = [
            f"{usernames.get(str(a), str(a))} ({str(a).split(':', 1)[0]})"
            for a in t.get("accounts") or []
        ]
    countries = _rows(con, _COUNTRIES)
    totals = {
        "markets": _count(con, "markets") or len({m["market_id"] for m in _rows(con, _MARKETS)}),
        "accounts": _count(con, "accounts"),
        "listings": _count(con, "listings"),
        "orders": _count(con, "orders"),
        "messages": _count(con, "messages"),
        "targets": _count(con, "targets"),
        "btc transactions": _count(con, "btc_transactions"),
        "persons cashing out": len(
            con.execute(
                "SELECT DISTINCT person_id FROM cashouts WHERE NOT starts_with(person_id, ?)",
                [overview.MARKET_PREFIX],
            ).fetchall()
        ),
    }
    revenue = sum(int(m["revenue"] or 0) for m in monthly)
    found = con.execute("SELECT sum(revenue_estimated_sats) FROM economics").fetchone()
    estimated = int(found[0] or 0) if found else 0
    return {
        "case": case_name,
        "created": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "version": __version__,
        "totals": totals,
        "revenue": _btc(revenue),
        "estimated": _btc(estimated) if estimated else None,
        "markets": _rows(con, _MARKETS),
        "revenue_chart": charts.columns(
            months,
            [("finalized revenue", [float(m["revenue"] or 0) for m in monthly])],
            title="Revenue per month (finalized orders)",
            fmt=_btc,
        ),
        "activity_chart": charts.columns(
            months,
            [
                ("orders", [float(m["orders"]) for m in monthly]),
                ("messages", [float(m["messages"]) for m in monthly]),
            ],
            title="Activity per month",
        ),
        **overview.money_flows(con),
        **overview.sold(con),
        **overview.timeline(con),
        "map_chart": overview.world(countries),
        "graph_chart": overview.link_graph(con, usernames),
        "country_chart": charts.bars(
            [(str(c["country"]), float(c["persons"])) for c in countries[:20]],
            title="Persons per country",
        ),
        "countries": countries,
        "top": top,
    }


def write_report(case: Case, out: Path) -> Path:
    """Write the case report to ``out`` (one HTML file) and record it in the custody log."""
    out = out.resolve()
    with case.connect(read_only=True) as con:
        context = report_context(con, case.name)
    html = render("report.html.j2", **context)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(f".{out.name}.partial-{os.getpid()}")
    partial.write_text(html, encoding="utf-8")
    partial.replace(out)
    case.log(
        "report",
        outputs={"files": {str(out): sha256_file(out)}, "targets": context["totals"]["targets"]},
    )
    return out
