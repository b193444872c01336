"""The link graph of the top persons as inline SVG, laid out offline.

Nodes are the top-ranked persons (circles, sized by score, coloured by role) and the markets
they have accounts on (squares); edges are the orders between two of these persons (width by
the amount) and their accounts on a market. The layout is a deterministic force-directed one
(Fruchterman-Reingold, started from a circle), so the same case draws the same picture.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from markupsafe import Markup, escape

ROLE_COLOURS = {
    "admin": "#c8553d",
    "staff": "#c8553d",
    "vendor": "#2f5d8a",
    "reseller": "#8d6a9f",
    "buyer": "#6a994e",
}


@dataclass(frozen=True)
class Node:
    ident: str
    label: str
    kind: str  # a role, or "market"
    size: float  # 0-1
    tip: str


def layout(n: int, edges: Sequence[tuple[int, int, float]], iterations: int = 300) -> np.ndarray:
    """Positions in [0, 1]² for ``n`` nodes joined by weighted ``edges``."""
    if n == 0:
        return np.zeros((0, 2))
    angle = np.arange(n) * 2 * math.pi / max(n, 1)
    pos = np.stack([np.cos(angle), np.sin(angle)], axis=1) * 0.5
    k = 1.5 * math.sqrt(1.0 / n)
    temperature = 0.1
    for _ in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        distance = np.maximum(np.linalg.norm(delta, axis=2), 0.01)
        force = (k * k / distance**2)[:, :, None] * delta  # repulsion
        move = force.sum(axis=1)
        for a, b, w in edges:
            d = pos[a] - pos[b]
            dist = max(float(np.linalg.norm(d)), 0.01)
            pull = d * dist / k * (0.5 + 0.5 * w)
            move[a] -= pull
            move[b] += pull
        move -= pos * 0.02  # a little gravity keeps loose nodes in the picture
        length = np.maximum(np.linalg.norm(move, axis=1), 1e-9)[:, None]
        pos += move / length * np.minimum(length, temperature)
        temperature = max(0.005, temperature * 0.985)
    low, high = pos.min(axis=0), pos.max(axis=0)
    result: np.ndarray = (pos - low) / np.maximum(high - low, 1e-9)
    return result


def draw(
    nodes: Sequence[Node],
    edges: Mapping[tuple[str, str], tuple[float, str]],
    *,
    title: str,
    width: int = 720,
    height: int = 520,
) -> Markup:
    """``edges``: (source, target) -> (weight 0-1, tooltip)."""
    index = {n.ident: i for i, n in enumerate(nodes)}
    pairs = [(index[a], index[b], w) for (a, b), (w, _) in edges.items()]
    pos = layout(len(nodes), pairs)
    margin = 70
    xy = [(margin + p[0] * (width - 2 * margin), 30 + p[1] * (height - 90)) for p in pos.tolist()]
    parts = [
        f'<svg role="img" width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
        f"<title>{escape(title)}</title>",
    ]
    for (a, b), (weight, tip) in edges.items():
        (x1, y1), (x2, y2) = xy[index[a]], xy[index[b]]
        market = nodes[index[b]].kind == "market" or nodes[index[a]].kind == "market"
        colour = "#c9ced6" if market else "#8a6d3b"
        parts.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{colour}" '
            f'stroke-width="{1 + 4 * weight:.1f}" stroke-opacity="0.8">'
            f"<title>{escape(tip)}</title></line>"
        )
    for node, (x, y) in zip(nodes, xy, strict=True):
        r = 5 + 9 * node.size
        if node.kind == "market":
            shape = (
                f'<rect x="{x - 9:.1f}" y="{y - 9:.1f}" width="18" height="18" fill="#444">'
                f"<title>{escape(node.tip)}</title></rect>"
            )
        else:
            colour = ROLE_COLOURS.get(node.kind, "#7f7f7f")
            shape = (
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{colour}" '
                f'stroke="#fff"><title>{escape(node.tip)}</title></circle>'
            )
        short = node.label if len(node.label) <= 18 else node.label[:17] + "…"
        parts.append(
            f'{shape}<text x="{x:.1f}" y="{y + r + 11:.1f}" text-anchor="middle">'
            f"{escape(short)}</text>"
        )
    x = 10
    for role, colour in (("staff", "#c8553d"), ("vendor", "#2f5d8a"), ("reseller", "#8d6a9f"),
                         ("buyer", "#6a994e")):  # fmt: skip
        parts.append(
            f'<circle cx="{x + 5}" cy="{height - 10}" r="5" fill="{colour}"/>'
            f'<text x="{x + 14}" y="{height - 6}">{role}</text>'
        )
        x += 80
    parts.append(
        f'<rect x="{x}" y="{height - 15}" width="10" height="10" fill="#444"/>'
        f'<text x="{x + 14}" y="{height - 6}">market</text>'
        f'<line x1="{x + 80}" y1="{height - 10}" x2="{x + 100}" y2="{height - 10}" '
        f'stroke="#8a6d3b" stroke-width="3"/><text x="{x + 104}" y="{height - 6}">orders</text>'
    )
    if not nodes:
        parts.append('<text x="10" y="30">no data</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
