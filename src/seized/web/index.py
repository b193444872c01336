"""The full-text search index of a case (tantivy), and searching it within a scope.

One document per person, account, listing, order, message, address, transaction, cluster and
exchange, with a title, a text, exact identifiers (account ids, usernames, e-mails, handles,
phone numbers, PGP fingerprints, addresses, transaction ids) and the countries of the persons
who touched it. A document also says which ids must be visible for a scope to see it (an order
to its buyer or vendor, a message to both sides, the shipping address of an order to its buyer
alone, which is why it is a document of its own): the countries filter the search, and
:meth:`Scope.sees` decides each hit.

The index lives in ``CASE/index/<generation>/``; ``CASE/index/CURRENT`` names the generation in
use, so a rebuild replaces it at once and a server that has the old one open notices.
"""

from __future__ import annotations

import json
import re
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import tantivy

from seized.stages import Progress, phases
from seized.web.scope import Scope

FOLDER = "index"
CURRENT = "CURRENT"
#: characters of a text that are indexed (seized texts can be megabytes)
MAX_INDEXED = 100_000
PREVIEW = 240
MAX_WORDS = 16
PER_KIND = 20
KINDS = ("person", "account", "listing", "order", "message", "address", "transaction",
         "cluster", "exchange")  # fmt: skip
_TOKEN = re.compile(r"[^\W_]+")


def schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("kind", stored=True, tokenizer_name="raw")
    builder.add_text_field("id", stored=True, tokenizer_name="raw")
    builder.add_text_field("title", stored=True)
    builder.add_text_field("body")
    builder.add_text_field("preview", stored=True, tokenizer_name="raw", index_option="basic")
    builder.add_text_field("idents", tokenizer_name="raw")
    builder.add_text_field("countries", tokenizer_name="raw")
    builder.add_text_field("check", stored=True, tokenizer_name="raw", index_option="basic")
    return builder.build()


# -- building ---------------------------------------------------------------------------------

_PERSON_COUNTRY = """
WITH pc AS (SELECT person_id, country FROM targets WHERE country IS NOT NULL),
ac AS (
  SELECT p.account_id, pc.country FROM persons AS p JOIN pc USING (person_id)
  UNION SELECT unnest(t.accounts), t.country FROM targets AS t WHERE t.country IS NOT NULL
  UNION SELECT a.account_id, pc.country FROM accounts AS a JOIN pc ON pc.person_id = a.account_id
),
owned AS (
  SELECT address, account_id FROM wallet_addresses WHERE account_id IS NOT NULL
  UNION SELECT address, account_id FROM payouts WHERE account_id IS NOT NULL
  UNION SELECT value, account_id FROM identifiers
    WHERE kind IN ('btc_address', 'xmr_address') AND account_id IS NOT NULL
  UNION SELECT address, account_id FROM tags WHERE account_id IS NOT NULL
),
acl AS (SELECT account_id, list(DISTINCT country) AS countries FROM ac GROUP BY account_id),
adc AS (
  SELECT o.address, ac.country FROM owned AS o JOIN ac USING (account_id)
  UNION SELECT f.from_address, pc.country FROM money_flows AS f JOIN pc USING (person_id)
  UNION SELECT f.to_address, pc.country FROM money_flows AS f JOIN pc USING (person_id)
  UNION SELECT c.address, pc.country FROM cashouts AS c JOIN pc USING (person_id)
)
"""

_QUERIES: dict[str, str] = {
    "person": """
SELECT t.person_id AS id, concat_ws(' · ', t.person_id, t.role, t.country) AS title,
       concat_ws(' ', t.summary, u.names) AS body,
       list_concat([t.person_id], coalesce(t.accounts, [])) AS idents,
       [t.country] AS countries, json_array('any', json_array(json_array('person', t.person_id)))
       AS "check"
FROM targets AS t LEFT JOIN (
  SELECT x.person_id, string_agg(a.username, ' ') AS names
  FROM (SELECT person_id, unnest(accounts) AS account_id FROM targets) AS x
  JOIN accounts AS a USING (account_id) GROUP BY x.person_id
) AS u USING (person_id)""",
    "account": """
SELECT a.account_id AS id, concat(a.username, ' (', a.market_id, ' ', a.role, ')') AS title,
       concat_ws(' ', a.profile, a.contact, a.email,
                 (SELECT string_agg(i.value, ' ') FROM identifiers AS i
                  WHERE i.account_id = a.account_id)) AS body,
       list_concat([a.account_id, a.username, a.email, a.contact, upper(a.pgp_fingerprint)],
                   coalesce((SELECT list(i.value) FROM identifiers AS i
                             WHERE i.account_id = a.account_id), [])) AS idents,
       (SELECT list(DISTINCT country) FROM ac WHERE ac.account_id = a.account_id) AS countries,
       json_array('any', json_array(json_array('account', a.account_id))) AS "check"
FROM accounts AS a""",
    "listing": """
SELECT l.listing_id AS id, l.title AS title, concat_ws(' ', l.description, l.category) AS body,
       [l.listing_id] AS idents,
       (SELECT list(DISTINCT country) FROM ac WHERE ac.account_id = l.vendor_id) AS countries,
       json_array('any', json_array(json_array('account', l.vendor_id))) AS "check"
FROM listings AS l""",
    "order": """
SELECT o.order_id AS id, concat('order ', o.order_id, ': ', l.title) AS title,
       concat_ws(' ', o.status, l.title) AS body, [o.order_id] AS idents,
       list_concat(b.countries, v.countries) AS countries,
       json_array('any', json_array(json_array('account', o.buyer_id),
                                    json_array('account', o.vendor_id))) AS "check"
FROM orders AS o LEFT JOIN listings AS l USING (listing_id)
LEFT JOIN acl AS b ON b.account_id = o.buyer_id LEFT JOIN acl AS v ON v.account_id = o.vendor_id
UNION ALL
SELECT o.order_id, concat('shipping address of order ', o.order_id),
       o.shipping_address, [o.order_id],
       (SELECT list(DISTINCT country) FROM ac WHERE ac.account_id = o.buyer_id),
       json_array('all', json_array(json_array('account', o.buyer_id)))
FROM orders AS o WHERE o.shipping_address IS NOT NULL""",
    "message": """
SELECT m.message_id AS id, coalesce(m.subject, concat('message ', m.message_id)) AS title,
       coalesce(m.body_plain, m.body) AS body, [m.message_id] AS idents,
       list_concat(f.countries, r.countries) AS countries,
       CASE WHEN m.recipient_id IS NULL
            THEN json_array('all', json_array(json_array('account', m.sender_id)))
            ELSE json_array('all', json_array(json_array('account', m.sender_id),
                                              json_array('account', m.recipient_id))) END
       AS "check"
FROM messages AS m
LEFT JOIN acl AS f ON f.account_id = m.sender_id
LEFT JOIN acl AS r ON r.account_id = m.recipient_id""",
    "address": """
WITH a AS (
  SELECT address FROM wallet_addresses UNION SELECT address FROM payouts
  UNION SELECT value FROM identifiers WHERE kind IN ('btc_address', 'xmr_address')
  UNION SELECT address FROM cashouts UNION SELECT address FROM tags
)
SELECT a.address AS id, a.address AS title,
       (SELECT string_agg(t.label, ' ') FROM tags AS t WHERE t.address = a.address) AS body,
       [a.address] AS idents,
       (SELECT list(DISTINCT country) FROM adc WHERE adc.address = a.address) AS countries,
       json_array('any', json_array(json_array('address', a.address))) AS "check"
FROM a WHERE a.address IS NOT NULL""",
    "transaction": """
WITH x AS (
  SELECT txid, account_id AS who, 'account' AS k FROM payouts WHERE txid IS NOT NULL
  UNION SELECT txid, person_id, 'person' FROM money_flows
  UNION SELECT txid, person_id, 'person' FROM cashouts WHERE txid IS NOT NULL
)
SELECT x.txid AS id, x.txid AS title, NULL AS body, [x.txid] AS idents,
       list(DISTINCT coalesce(ac.country, pc.country)) FILTER (
         coalesce(ac.country, pc.country) IS NOT NULL) AS countries,
       json_array('any', json_array(json_array('transaction', x.txid))) AS "check"
FROM x LEFT JOIN ac ON x.k = 'account' AND ac.account_id = x.who
LEFT JOIN pc ON x.k = 'person' AND pc.person_id = x.who
GROUP BY x.txid""",
    "cluster": """
SELECT c.cluster_id AS id, concat(c.label, ' (cluster ', c.cluster_id, ')') AS title,
       concat_ws(' ', c.label, c.category) AS body, [c.cluster_id] AS idents,
       (SELECT list(DISTINCT adc.country) FROM address_clusters AS m JOIN adc USING (address)
        WHERE m.cluster_id = c.cluster_id) AS countries,
       json_array('any', json_array(json_array('cluster', c.cluster_id))) AS "check"
FROM (SELECT cluster_id, string_agg(label, ', ') AS label, string_agg(category, ', ')
      AS category FROM cluster_labels GROUP BY cluster_id) AS c""",
    "exchange": """
WITH e AS (
  SELECT label FROM cashouts UNION SELECT label FROM cluster_labels WHERE category = 'exchange'
)
SELECT e.label AS id, e.label AS title, concat('exchange ', e.label) AS body,
       [e.label] AS idents,
       (SELECT list(DISTINCT pc.country) FROM cashouts AS c JOIN pc USING (person_id)
        WHERE c.label = e.label) AS countries,
       json_array('any', json_array(json_array('exchange', e.label))) AS "check"
FROM e WHERE e.label IS NOT NULL""",
}


def _documents(con: duckdb.DuckDBPyConnection, kind: str) -> Iterator[tantivy.Document]:
    query = _QUERIES[kind].strip()
    if query.startswith("WITH "):  # one WITH clause with the countries' CTEs
        query = "," + query[len("WITH ") :]
    cursor = con.execute(_PERSON_COUNTRY + query)
    while batch := cursor.fetchmany(5000):
        for doc_id, title, body, idents, countries, check in batch:
            if doc_id is None:
                continue
            text = str(body or "")[:MAX_INDEXED]
            yield tantivy.Document(
                kind=kind,
                id=str(doc_id),
                title=str(title or doc_id)[:PREVIEW],
                body=text,
                preview=text[:PREVIEW],
                idents=sorted({str(v).lower() for v in idents or [] if v}),
                countries=sorted({str(c) for c in countries or [] if c}),
                check=str(check),
            )


def build_index(
    con: duckdb.DuckDBPyConnection, root: Path, progress: Progress | None = None
) -> dict[str, int]:
    """Index the case store ``con`` into a new generation under ``root`` and make it the
    current one; returns the documents per kind. ``progress`` is told each kind's phase and
    the final commit as they end (:func:`seized.stages.phases`)."""
    ended = phases(progress, "index", [*KINDS, "commit"])
    root.mkdir(exist_ok=True)
    generation = uuid.uuid4().hex[:12]
    folder = root / generation
    folder.mkdir()
    counts: dict[str, int] = {}
    try:
        index = tantivy.Index(schema(), path=str(folder))
        writer = index.writer(heap_size=128_000_000, num_threads=1)
        for kind in KINDS:
            counts[kind] = 0
            for document in _documents(con, kind):
                writer.add_document(document)
                counts[kind] += 1
            ended(kind)
        writer.commit()
        writer.wait_merging_threads()
        ended("commit")
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    temporary = root / f"{CURRENT}.{generation}"
    temporary.write_text(generation + "\n", encoding="utf-8")
    temporary.replace(root / CURRENT)
    for old in root.iterdir():
        if old.is_dir() and old.name != generation:
            shutil.rmtree(old, ignore_errors=True)
    return counts


def current(root: Path) -> Path | None:
    """The folder of the index in use, or None when there is none."""
    try:
        name = (root / CURRENT).read_text(encoding="utf-8").strip()
    except OSError:
        return None
    folder = root / name
    return folder if name and (folder / "meta.json").is_file() else None


# -- searching --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    kind: str
    id: str
    title: str
    preview: str
    check: list[Any]


def _word_query(schema_: tantivy.Schema, word: str) -> tantivy.Query:
    Query, Occur = tantivy.Query, tantivy.Occur
    options = [(Occur.Should, Query.term_query(schema_, "idents", word.lower()))]
    tokens = [t.lower() for t in _TOKEN.findall(word) if len(t.encode()) <= 40]
    for field in ("title", "body"):
        if len(tokens) == 1:
            options.append((Occur.Should, Query.term_query(schema_, field, tokens[0])))
        elif len(tokens) > 1:
            options.append((Occur.Should, Query.phrase_query(schema_, field, tokens)))
    return Query.boolean_query(options)


class SearchIndex:
    """The current index of a case; reopened when a rebuild made another current."""

    def __init__(self, case_root: Path) -> None:
        self.root = case_root / FOLDER
        self._folder: Path | None = None
        self._index: tantivy.Index | None = None

    def _open(self) -> tantivy.Index | None:
        folder = current(self.root)
        if folder != self._folder:
            self._index = tantivy.Index.open(str(folder)) if folder else None
            self._folder = folder
        return self._index

    def search(self, scope: Scope, text: str, *, limit: int = 400) -> dict[str, list[Hit]]:
        """Hits grouped by kind, at most :data:`PER_KIND` each, only what ``scope`` sees.

        Words that name something of another jurisdiction (what the scope's redactor would
        withhold) are dropped, so a search cannot tell that such a name occurs."""
        index = self._open()
        if index is None:
            return {}
        words = [w[:200] for w in text.split()][:MAX_WORDS]
        if not scope.lead:
            words = [w for w in words if scope.text(w) == w]
        if not words:
            return {}
        schema_ = index.schema
        Query, Occur = tantivy.Query, tantivy.Occur
        parts = [(Occur.Must, _word_query(schema_, w)) for w in words]
        if not scope.lead:
            parts.append(
                (Occur.Must, Query.term_set_query(schema_, "countries", list(scope.countries)))
            )
        searcher = index.searcher()
        result = searcher.search(Query.boolean_query(parts), limit)
        groups: dict[str, list[Hit]] = {}
        seen: set[tuple[str, str]] = set()
        for _score, address in result.hits:
            doc = searcher.doc(address)
            kind, doc_id = doc["kind"][0], doc["id"][0]
            check = json.loads(doc["check"][0])
            if (kind, doc_id) in seen or not allowed(scope, check):
                continue
            seen.add((kind, doc_id))
            group = groups.setdefault(kind, [])
            if len(group) < PER_KIND:
                group.append(Hit(kind, doc_id, doc["title"][0], doc["preview"][0], check))
        return groups


def allowed(scope: Scope, check: list[Any]) -> bool:
    """Does the scope see what a document requires (``["any"|"all", [[kind, id], ...]]``)?"""
    mode, needs = check[0], [n for n in check[1] if n[1] is not None]
    if not needs:
        return scope.lead
    seen = [scope.sees(kind, value) for kind, value in needs]
    return all(seen) if mode == "all" else any(seen)
