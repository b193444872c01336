"""Inline SVG charts: no script, no fonts or images to fetch; every label is escaped."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from markupsafe import Markup, escape

Format = Callable[[float], str]
PALETTE = ("#2f5d8a", "#c8553d", "#6a994e", "#8d6a9f", "#d4a017")


def _plain(value: float) -> str:
    return f"{value:,.0f}"


def bars(
    items: Sequence[tuple[str, float]], *, title: str, fmt: Format = _plain, width: int = 560
) -> Markup:
    """Horizontal bars, one per item, largest value sets the scale."""
    row = 20
    label_w = 180
    height = 30 + row * max(len(items), 1)
    top = max((v for _, v in items), default=0.0) or 1.0
    parts = [
        f'<svg role="img" width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
        f"<title>{escape(title)}</title>",
    ]
    for i, (label, value) in enumerate(items):
        y = 20 + i * row
        w = max(1.0, (width - label_w - 110) * value / top)
        short = label if len(label) <= 28 else label[:27] + "…"
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 13}" text-anchor="end">{escape(short)}</text>'
            f'<rect x="{label_w}" y="{y + 2}" width="{w:.1f}" height="{row - 6}" '
            f'fill="{PALETTE[0]}"><title>{escape(label)}: {escape(fmt(value))}</title></rect>'
            f'<text x="{label_w + w + 6:.1f}" y="{y + 13}">{escape(fmt(value))}</text>'
        )
    if not items:
        parts.append('<text x="10" y="30">no data</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def columns(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    *,
    title: str,
    fmt: Format = _plain,
    width: int = 560,
    height: int = 220,
) -> Markup:
    """Columns over time (one group per label), one colour per series, with a legend."""
    left, bottom, top_pad = 70, 40, 24
    plot_w = width - left - 10
    plot_h = height - bottom - top_pad
    top = max((v for _, values in series for v in values), default=0.0) or 1.0
    n = max(len(labels), 1)
    group = plot_w / n
    bar_w = max(1.0, group * 0.8 / max(len(series), 1))
    parts = [
        f'<svg role="img" width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{left}" y1="{top_pad + plot_h}" x2="{width - 10}" y2="{top_pad + plot_h}" '
        'stroke="#999"/>',
        f'<text x="{left - 6}" y="{top_pad + 4}" text-anchor="end">{escape(fmt(top))}</text>',
        f'<text x="{left - 6}" y="{top_pad + plot_h}" text-anchor="end">0</text>',
    ]
    for s, (name, values) in enumerate(series):
        colour = PALETTE[s % len(PALETTE)]
        parts.append(
            f'<rect x="{left + 130 * s}" y="4" width="10" height="10" fill="{colour}"/>'
            f'<text x="{left + 130 * s + 14}" y="13">{escape(name)}</text>'
        )
        for i, value in enumerate(values):
            h = plot_h * value / top
            x = left + i * group + group * 0.1 + s * bar_w
            parts.append(
                f'<rect x="{x:.1f}" y="{top_pad + plot_h - h:.1f}" width="{bar_w:.1f}" '
                f'height="{h:.1f}" fill="{colour}"><title>{escape(labels[i])} {escape(name)}: '
                f"{escape(fmt(value))}</title></rect>"
            )
    step = max(1, len(labels) // 8)
    for i in range(0, len(labels), step):
        x = left + i * group + group / 2
        parts.append(
            f'<text x="{x:.1f}" y="{height - bottom + 16}" text-anchor="middle">'
            f"{escape(labels[i])}</text>"
        )
    if not labels:
        parts.append(f'<text x="{left + 10}" y="{top_pad + 30}">no data</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
