"""The package's link graph as GEXF 1.3 (Gephi and most link-analysis tools read it).

Nodes: persons (labelled with their usernames and markets), their accounts, wallet addresses,
cash-out services and opaque counterparties.
Edges: person–account (owns), account–wallet (uses), buyer–vendor (orders, weighted by count,
with the total in satoshis), sender–recipient (messages), person–service (cash-outs).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import datetime

from seized.export.select import Selection

GEXF_NS = "http://gexf.net/1.3"  # the format's XML namespace name; nothing is fetched from it


_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """Text with the characters XML 1.0 cannot carry replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


class Graph:
    def __init__(self) -> None:
        self.nodes: dict[str, tuple[str, str]] = {}  # id -> (label, kind)
        self.edges: dict[tuple[str, str, str], list[int]] = {}  # (src, dst, kind) -> [n, sats]

    def node(self, ident: str, label: str, kind: str) -> str:
        self.nodes.setdefault(xml_text(ident), (xml_text(label), kind))
        return ident

    def edge(self, source: str, target: str, kind: str, sats: int = 0) -> None:
        item = self.edges.setdefault((xml_text(source), xml_text(target), kind), [0, 0])
        item[0] += 1
        item[1] += sats


def build(selection: Selection) -> Graph:
    sel = selection
    g = Graph()
    for target in sel.targets:
        names = [
            f"{a.get('username') or a['account_id']} ({a['market_id']})"
            for a in sel.accounts_of(target["person_id"])
        ]
        label = ", ".join(names) or str(target["person_id"])
        g.node(f"person:{target['person_id']}", label, "person")
    for account in sel.accounts:
        aid = g.node(f"account:{account['account_id']}", str(account.get("username")), "account")
        g.edge(f"person:{sel.person_of[account['account_id']]}", aid, "owns")

    def party(account: str) -> str:
        if account in sel.person_of:
            return f"account:{account}"
        return g.node(f"other:{account}", account, "other-jurisdiction")

    for wallet in sel.wallets:
        wid = g.node(f"wallet:{wallet['address']}", str(wallet["address"]), "wallet")
        g.edge(f"account:{wallet['account_id']}", wid, "uses")
    for order in sel.orders:
        if order["buyer_id"] and order["vendor_id"]:
            sats = int(order.get("amount_sats") or 0)
            g.edge(party(order["buyer_id"]), party(order["vendor_id"]), "ordered", sats)
    for message in sel.messages:
        if message["sender_id"] and message["recipient_id"]:
            g.edge(party(message["sender_id"]), party(message["recipient_id"]), "messaged")
    for cash in sel.cashouts:
        label = str(cash.get("label") or "unknown service")
        sid = g.node(f"service:{label}", label, "service")
        g.edge(f"person:{cash['person_id']}", sid, "cashed-out", int(cash.get("amount_sats") or 0))
    return g


def gexf(selection: Selection, created: datetime) -> bytes:
    g = build(selection)
    ET.register_namespace("", GEXF_NS)
    root = ET.Element(f"{{{GEXF_NS}}}gexf", {"version": "1.3"})
    meta = ET.SubElement(
        root, f"{{{GEXF_NS}}}meta", {"lastmodifieddate": created.date().isoformat()}
    )
    ET.SubElement(meta, f"{{{GEXF_NS}}}creator").text = "seized"
    ET.SubElement(
        meta, f"{{{GEXF_NS}}}description"
    ).text = f"link graph, case {selection.case_name}, package for {selection.country}"
    graph = ET.SubElement(root, f"{{{GEXF_NS}}}graph", {"defaultedgetype": "directed"})
    node_attrs = ET.SubElement(graph, f"{{{GEXF_NS}}}attributes", {"class": "node"})
    ET.SubElement(
        node_attrs, f"{{{GEXF_NS}}}attribute", {"id": "kind", "title": "kind", "type": "string"}
    )
    edge_attrs = ET.SubElement(graph, f"{{{GEXF_NS}}}attributes", {"class": "edge"})
    ET.SubElement(
        edge_attrs, f"{{{GEXF_NS}}}attribute", {"id": "kind", "title": "kind", "type": "string"}
    )
    ET.SubElement(
        edge_attrs, f"{{{GEXF_NS}}}attribute", {"id": "sats", "title": "satoshis", "type": "long"}
    )
    nodes = ET.SubElement(graph, f"{{{GEXF_NS}}}nodes")
    for ident, (label, kind) in g.nodes.items():
        node = ET.SubElement(nodes, f"{{{GEXF_NS}}}node", {"id": ident, "label": label})
        values = ET.SubElement(node, f"{{{GEXF_NS}}}attvalues")
        ET.SubElement(values, f"{{{GEXF_NS}}}attvalue", {"for": "kind", "value": kind})
    edges = ET.SubElement(graph, f"{{{GEXF_NS}}}edges")
    for n, ((source, target, kind), (count, sats)) in enumerate(g.edges.items()):
        if source not in g.nodes or target not in g.nodes:
            continue
        attrs = {
            "id": str(n),
            "source": source,
            "target": target,
            "weight": str(count),
            "label": kind,
        }
        edge = ET.SubElement(edges, f"{{{GEXF_NS}}}edge", attrs)
        values = ET.SubElement(edge, f"{{{GEXF_NS}}}attvalues")
        ET.SubElement(values, f"{{{GEXF_NS}}}attvalue", {"for": "kind", "value": kind})
        ET.SubElement(values, f"{{{GEXF_NS}}}attvalue", {"for": "sats", "value": str(sats)})
    ET.indent(root)
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data + b"\n"
