"""District outlines for the choropleth maps: the SE7 district boundaries (data/geo/se7-districts.topo.json,
copied from ../shared/reference/geo/ with its licence beside it as data/geo/LICENCE.md, so the app never
needs ../shared) decoded, simplified and projected into SVG path data.

Kept as a file read by the app rather than put in the graph: outlines are drawing data, not facts a
query needs, and the TopoJSON keeps each shared border once, so simplifying arc by arc (before the rings
are put together) leaves neighbouring districts without gaps or overlaps.

Projection: equirectangular with the longitude scaled by cos(latitude) at the middle of the shown
districts; at the size of a county the distortion is far below a pixel.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..config import PROJECT_ROOT

TOPOLOGY = PROJECT_ROOT / "data" / "geo" / "se7-districts.topo.json"
OBJECT = "districts"
CODE = "LAD13CD"
# the attribution the boundaries' licence asks for on every page that draws them (data/geo/LICENCE.md)
ATTRIBUTION = (
    "GeoJSON and TopoJSON UK Boundary Data by Martin Chorley is licensed under a Creative Commons Attribution "
    "4.0 International License. Contains Ordnance Survey data \u00a9 Crown copyright and database right 2014. "
    "Ordnance Survey data covered by the OS OpenData Licence. Contains National Statistics data \u00a9 Crown "
    "copyright and database right."
)
SOURCE_URL = "https://github.com/martinjc/UK-GeoJson"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
TOLERANCE_DEG = 0.004  # about 300 m: the outline keeps its shape at 600 px wide and the SVG stays small

Point = tuple[float, float]


@dataclass(frozen=True)
class Shape:
    code: str
    path: str  # SVG path data in the map's pixel space
    centre: Point  # where the district's number is written


@dataclass(frozen=True)
class DistrictMap:
    width: int
    height: int
    shapes: dict[str, Shape]


@lru_cache(maxsize=1)
def _topology(path: Path = TOPOLOGY) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _decoded_arcs(topology: dict[str, Any]) -> list[list[Point]]:
    """The arcs as lon/lat points (TopoJSON quantises them and stores each point as a step from the last)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def simplify(points: list[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker: the fewest points within `tolerance` of the line; the two ends are always kept
    (they are where borders meet, so neighbours stay joined)."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        length = math.hypot(x2 - x1, y2 - y1)
        far, far_index = 0.0, -1
        for i in range(first + 1, last):
            px, py = points[i]
            if length == 0:
                distance = math.hypot(px - x1, py - y1)
            else:
                distance = abs((x2 - x1) * (y1 - py) - (x1 - px) * (y2 - y1)) / length
            if distance > far:
                far, far_index = distance, i
        if far > tolerance and far_index > 0:
            keep[far_index] = True
            stack.extend([(first, far_index), (far_index, last)])
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def _rings(geometry: dict[str, Any]) -> list[list[int]]:
    if geometry["type"] == "Polygon":
        return list(geometry["arcs"])
    if geometry["type"] == "MultiPolygon":
        return [ring for polygon in geometry["arcs"] for ring in polygon]
    return []


def _ring_points(ring: list[int], arcs: list[list[Point]]) -> list[Point]:
    points: list[Point] = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]  # ~i is arc i walked backwards
        points.extend(arc[1:] if points else arc)  # each arc starts where the last ended
    return points


def district_map(codes: tuple[str, ...], width: int = 600, tolerance: float = TOLERANCE_DEG) -> DistrictMap:
    """The outlines of the districts with these ONS codes, fitted into `width` pixels (the height follows
    the shape). Codes not in the boundary file are left out (the page lists them in its table anyway)."""
    return _district_map(tuple(sorted(codes)), width, tolerance)


@lru_cache(maxsize=32)
def _district_map(codes: tuple[str, ...], width: int, tolerance: float) -> DistrictMap:
    topology = _topology()
    arcs = [simplify(arc, tolerance) for arc in _decoded_arcs(topology)]
    rings: dict[str, list[list[Point]]] = {}
    for geometry in topology["objects"][OBJECT]["geometries"]:
        code = geometry["properties"][CODE]
        if code in codes:
            rings[code] = [_ring_points(ring, arcs) for ring in _rings(geometry)]
    every = [p for found in rings.values() for ring in found for p in ring]
    if not every:
        return DistrictMap(width, 0, {})
    west, east = min(p[0] for p in every), max(p[0] for p in every)
    south, north = min(p[1] for p in every), max(p[1] for p in every)
    squeeze = math.cos(math.radians((south + north) / 2))  # a degree of longitude is shorter than one of latitude
    margin = 4
    scale = (width - 2 * margin) / max((east - west) * squeeze, 1e-9)
    height = round((north - south) * scale) + 2 * margin

    def project(point: Point) -> Point:
        return ((point[0] - west) * squeeze * scale + margin, (north - point[1]) * scale + margin)

    shapes = {}
    for code, found in rings.items():
        parts = []
        biggest: list[Point] = []
        for ring in found:
            projected = [project(p) for p in ring]
            if len(projected) < 3:
                continue
            if _area(projected) > _area(biggest):
                biggest = projected
            parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in projected) + "Z")
        shapes[code] = Shape(code, "".join(parts), _centre(biggest))
    return DistrictMap(width, height, shapes)


def _area(ring: list[Point]) -> float:
    if len(ring) < 3:
        return 0.0
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True))) / 2


def _centre(ring: list[Point]) -> Point:
    """The centroid of the largest ring (where the number goes); a ring's centroid can fall outside a very
    concave outline, but SE7 districts are compact enough."""
    area = 0.0
    cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x1 * y2 - x2 * y1
        area += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    if abs(area) < 1e-9:
        xs, ys = [p[0] for p in ring], [p[1] for p in ring]
        return (sum(xs) / max(len(xs), 1), sum(ys) / max(len(ys), 1))
    return (round(cx / (3 * area), 1), round(cy / (3 * area), 1))
