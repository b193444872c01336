"""Inline SVG charts: no script, no fonts or images to fetch; every label is escaped."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from markupsafe import Markup, escape

Format = Callable[[float], str]
PALETTE = ("#2f5d8a", "#c8553d", "#6a994e", "#8d6a9f", "#d4a017")


def _plain(value: float) -> str:
    return f"{value:,.0f}"


def _tick(x: float, label: str, width: int) -> float:
    """A centred axis label's x, moved in so the whole label stays inside the chart."""
    half = 3.6 * len(label) + 2
    return min(max(x, half), width - half)


def _axis_room(label: str) -> int:
    """Left margin for a y-axis label: its width at 11 px plus a gap (never clipped)."""
    return max(40, 12 + round(6.8 * len(label)))


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
    top_value = max((v for _, values in series for v in values), default=0.0) or 1.0
    left, bottom, top_pad = _axis_room(fmt(top_value)), 40, 24
    plot_w = width - left - 10
    plot_h = height - bottom - top_pad
    top = top_value
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
        x = _tick(left + i * group + group / 2, labels[i], width)
        parts.append(
            f'<text x="{x:.1f}" y="{height - bottom + 16}" text-anchor="middle">'
            f"{escape(labels[i])}</text>"
        )
    if not labels:
        parts.append(f'<text x="{left + 10}" y="{top_pad + 30}">no data</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def stacked(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    *,
    title: str,
    fmt: Format = _plain,
    width: int = 720,
    height: int = 260,
) -> Markup:
    """Stacked columns over time: one column per label, one coloured part per series."""
    totals = [sum(values[i] for _, values in series) for i in range(len(labels))]
    top = max(totals, default=0.0) or 1.0
    legend_rows = (len(series) + 3) // 4
    left, bottom, top_pad = _axis_room(fmt(top)), 40, 12 + 16 * legend_rows
    plot_w, plot_h = width - left - 10, height - bottom - top_pad
    group = plot_w / max(len(labels), 1)
    parts = [
        f'<svg role="img" width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{left}" y1="{top_pad + plot_h}" x2="{width - 10}" y2="{top_pad + plot_h}" '
        'stroke="#999"/>',
        f'<text x="{left - 6}" y="{top_pad + 4}" text-anchor="end">{escape(fmt(top))}</text>',
        f'<text x="{left - 6}" y="{top_pad + plot_h}" text-anchor="end">0</text>',
    ]
    colours = (*PALETTE, "#4d908e", "#f28482", "#7f7f7f")
    for s, (name, _) in enumerate(series):
        x, y = left + (s % 4) * ((width - left) // 4), 4 + 16 * (s // 4)
        short = name if len(name) <= 24 else name[:23] + "…"
        parts.append(
            f'<rect x="{x}" y="{y}" width="10" height="10" fill="{colours[s % len(colours)]}"/>'
            f'<text x="{x + 14}" y="{y + 9}">{escape(short)}</text>'
        )
    for i, label in enumerate(labels):
        base = float(top_pad + plot_h)
        for s, (name, values) in enumerate(series):
            h = plot_h * values[i] / top
            if h <= 0:
                continue
            base -= h
            parts.append(
                f'<rect x="{left + i * group + group * 0.1:.1f}" y="{base:.1f}" '
                f'width="{max(1.0, group * 0.8):.1f}" height="{h:.1f}" '
                f'fill="{colours[s % len(colours)]}"><title>{escape(label)} {escape(name)}: '
                f"{escape(fmt(values[i]))}</title></rect>"
            )
    step = max(1, len(labels) // 8)
    for i in range(0, len(labels), step):
        parts.append(
            f'<text x="{_tick(left + i * group + group / 2, labels[i], width):.1f}" '
            f'y="{height - bottom + 16}" '
            f'text-anchor="middle">{escape(labels[i])}</text>'
        )
    if not labels:
        parts.append(f'<text x="{left + 10}" y="{top_pad + 30}">no data</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def timeline(
    months: Sequence[str],
    rows: Sequence[tuple[str, Sequence[float], Sequence[tuple[str, str]]]],
    *,
    title: str,
    width: int = 720,
) -> Markup:
    """One lane per market over the whole period: a cell per month shaded by activity, and
    marks for dated events (``(month, what)``) above it."""
    label_w, lane = 110, 34
    height = 40 + lane * max(len(rows), 1)
    cell = (width - label_w - 10) / max(len(months), 1)
    top = max((v for _, values, _ in rows for v in values), default=0.0) or 1.0
    parts = [
        f'<svg role="img" width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
        f"<title>{escape(title)}</title>",
    ]
    where = {m: i for i, m in enumerate(months)}
    for r, (name, values, events) in enumerate(rows):
        y = 10 + r * lane
        short = name if len(name) <= 16 else name[:15] + "…"
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 18}" text-anchor="end">{escape(short)}</text>'
        )
        for i, value in enumerate(values):
            if value <= 0:
                continue
            opacity = 0.15 + 0.85 * (value / top) ** 0.5
            parts.append(
                f'<rect x="{label_w + i * cell:.1f}" y="{y + 8}" width="{max(cell - 1, 1):.1f}" '
                f'height="14" fill="{PALETTE[0]}" fill-opacity="{opacity:.2f}">'
                f"<title>{escape(name)} {escape(months[i])}: {value:,.0f} orders</title></rect>"
            )
        for month, what in events:
            if month not in where:
                continue
            x = label_w + where[month] * cell + cell / 2
            parts.append(
                f'<path d="M{x:.1f},{y + 6}l-4,-6h8z" fill="{PALETTE[1]}">'
                f"<title>{escape(month)}: {escape(what)}</title></path>"
            )
    step = max(1, len(months) // 8)
    for i in range(0, len(months), step):
        parts.append(
            f'<text x="{_tick(label_w + i * cell + cell / 2, months[i], width):.1f}" '
            f'y="{height - 8}" '
            f'text-anchor="middle">{escape(months[i])}</text>'
        )
    if not rows:
        parts.append('<text x="10" y="30">no data</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
