"""A world map of targets per country, drawn offline as inline SVG.

The geometry is Natural Earth's 1:110m country boundaries as TopoJSON, vendored from the npm
package world-atlas with its licence (``geodata/``); nothing is fetched. Arcs are decoded from
their quantised, delta-encoded form, projected equirectangularly (Antarctica left out) and
thinned to what shows at the drawn size.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from functools import cache
from importlib import resources
from typing import Any

from markupsafe import Markup, escape

#: Features of the map without an ISO numeric code.
_BY_NAME = {"Kosovo": "XK", "N. Cyprus": "CY", "Somaliland": "SO"}
_NORTH, _SOUTH = 84.0, -57.0  # latitudes drawn
Point = tuple[float, float]


def _data(name: str) -> Any:
    text = (resources.files("seized.export") / "geodata" / name).read_text(encoding="utf-8")
    return json.loads(text)


@cache
def _countries() -> list[tuple[str, str, list[list[list[Point]]]]]:
    """(alpha-2, name, polygons as lists of rings of (lon, lat)) per country."""
    topology = _data("countries-110m.json")
    codes: dict[str, str] = _data("iso3166-numeric.json")
    sx, sy = topology["transform"]["scale"]
    tx, ty = topology["transform"]["translate"]
    arcs: list[list[Point]] = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)

    def ring(indices: list[int]) -> list[Point]:
        out: list[Point] = []
        for i in indices:
            points = arcs[i] if i >= 0 else arcs[~i][::-1]
            out.extend(points if not out else points[1:])
        return out

    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        name = str(geometry["properties"]["name"])
        code = codes.get(str(geometry.get("id"))) or _BY_NAME.get(name)
        if code is None or code == "AQ":
            continue
        kind = geometry["type"]
        polygons = [geometry["arcs"]] if kind == "Polygon" else geometry["arcs"]
        countries.append((code, name, [[ring(r) for r in polygon] for polygon in polygons]))
    return countries


def _path(polygons: list[list[list[Point]]], project: Callable[[Point], Point], half: float) -> str:
    parts = []
    for polygon in polygons:
        for points in polygon:
            last: Point | None = None
            coords: list[str] = []
            for point in points:
                x, y = project(point)
                if last is not None and abs(x - last[0]) + abs(y - last[1]) < 1.2:
                    continue
                if last is not None and abs(x - last[0]) > half:  # along the antimeridian
                    coords.append(f"M{x:.1f},{y:.1f}")
                else:
                    coords.append(f"{'L' if coords else 'M'}{x:.1f},{y:.1f}")
                last = (x, y)
            if len(coords) >= 3:
                parts.append("".join(coords) + "Z")
    return "".join(parts)


def world_map(
    values: Mapping[str, float],
    *,
    title: str,
    fmt: Callable[[float], str] = lambda v: f"{v:,.0f}",
    width: int = 720,
) -> Markup:
    """Countries shaded by ``values`` (ISO alpha-2 -> number), with a legend and a title per
    country; countries without a value are grey."""
    scale = width / 360.0
    height = round((_NORTH - _SOUTH) * scale) + 30

    def project(point: Point) -> Point:
        lon, lat = point
        return ((lon + 180.0) * scale, (_NORTH - max(_SOUTH, min(_NORTH, lat))) * scale)

    top = max(values.values(), default=0.0) or 1.0
    parts = [
        f'<svg role="img" width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
        f"<title>{escape(title)}</title>",
        f'<rect x="0" y="0" width="{width}" height="{height - 30}" fill="#eef3f8"/>',
    ]
    for code, name, polygons in _countries():
        value = values.get(code)
        fill = _shade(value / top) if value else "#d9dde3"
        label = f"{name} ({code})" + (f": {fmt(value)}" if value else "")
        parts.append(
            f'<path d="{_path(polygons, project, width / 2)}" fill="{fill}" stroke="#ffffff" '
            f'stroke-width="0.5"><title>{escape(label)}</title></path>'
        )
    legend_y = height - 18
    for i, share in enumerate((0.1, 0.4, 0.7, 1.0)):
        parts.append(
            f'<rect x="{10 + i * 26}" y="{legend_y}" width="24" height="10" '
            f'fill="{_shade(share)}"/>'
        )
    parts.append(
        f'<text x="{10 + 4 * 26 + 6}" y="{legend_y + 9}">up to {escape(fmt(top))}; grey: none'
        "</text>"
    )
    missing = sorted(set(values) - {c for c, _, _ in _countries()})
    if missing:
        parts.append(
            f'<text x="{width - 10}" y="{legend_y + 9}" text-anchor="end">not on the map: '
            f"{escape(', '.join(missing))}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def _shade(share: float) -> str:
    """From a light to a dark blue as ``share`` goes from 0 to 1."""
    share = max(0.0, min(1.0, share)) ** 0.5
    light, dark = (0xC6, 0xDB, 0xEF), (0x08, 0x30, 0x6B)
    rgb = [round(a + (b - a) * share) for a, b in zip(light, dark, strict=True)]
    return "#" + "".join(f"{c:02x}" for c in rgb)
