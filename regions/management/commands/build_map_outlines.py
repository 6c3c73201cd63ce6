"""Build `regions/data/departements-map.json`, the départements' outlines the directory's map draws
(`regions.outlines`), from the open-data boundary files (IGN Admin Express 2018 via
gregoiredavid/france-geojson, Licence Ouverte: see README, "Reference data").

Run again when the outlines change:
    python manage.py build_map_outlines ../shared/data/geo/

The outlines are projected once here (metropolitan France in Lambert-93's conic projection, each overseas
département in its own frame, Île-de-France again, enlarged), simplified (Douglas–Peucker) and rounded
to whole units of the drawing, and written as SVG path data: the application then draws its maps without
any geographic computation. Two levels of detail: `detail` for the map page, `overview` (coarser, a few
kilobytes) for the small map of a lab's page.
"""

import json
import math
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from regions.outlines import IDF, OUTLINES_FILE, OVERSEAS

METROPOLE_FILE = "departements-metropole-simplifie.geojson"
OVERSEAS_FILE = "departements-avec-outre-mer.geojson"

WIDTH, HEIGHT = 1060, 820
# Where each part of the drawing goes: x, y, width, height in the drawing's units. Each overseas frame
# leaves room below it for its name.
METROPOLE_FRAME = (250, 10, 800, 800)
OVERSEAS_FRAMES = {code: (10, 10 + i * 162, 160, 124) for i, code in enumerate(OVERSEAS)}
# The Bay of Biscay is sea: Île-de-France, enlarged, goes there.
IDF_FRAME = (190, 575, 230, 200)
# Douglas–Peucker tolerance (drawing units) of each level of detail; rings smaller than the area are left
# out (islets a few units wide, invisible at the map's size).
LEVELS = {"detail": (0.5, 4.0), "overview": (3.0, 40.0)}

Point = tuple[float, float]
Ring = list[Point]


def _lambert93(lon: float, lat: float) -> Point:
    """Lambert-93's conic conformal projection (standard parallels 44° and 49°, central meridian 3°) on a
    sphere: the shape of France as French maps show it; the drawing is scaled afterwards."""
    phi1, phi2, phi0, lon0 = (math.radians(v) for v in (44.0, 49.0, 46.5, 3.0))

    def t(phi: float) -> float:
        return math.tan(math.pi / 4 + phi / 2)

    n = math.log(math.cos(phi1) / math.cos(phi2)) / math.log(t(phi2) / t(phi1))
    f = math.cos(phi1) * t(phi1) ** n / n
    rho, rho0 = f / t(math.radians(lat)) ** n, f / t(phi0) ** n
    theta = n * (math.radians(lon) - lon0)
    return rho * math.sin(theta), rho0 - rho * math.cos(theta)


def _equirectangular(lon: float, lat: float, mid_lat: float) -> Point:
    return lon * math.cos(math.radians(mid_lat)), lat


def _polygons(feature: dict) -> list[list[Ring]]:
    geometry = feature["geometry"]
    coordinates = geometry["coordinates"]
    return coordinates if geometry["type"] == "MultiPolygon" else [coordinates]


def _rings(feature: dict) -> list[Ring]:
    return [[(point[0], point[1]) for point in ring] for polygon in _polygons(feature) for ring in polygon]


def _fitted(rings_by_code: dict[str, list[Ring]], frame: tuple[int, int, int, int]) -> dict[str, list[Ring]]:
    """Projected rings scaled (one scale for all, y upwards to downwards) and centred into `frame`."""
    xs = [x for rings in rings_by_code.values() for ring in rings for x, _y in ring]
    ys = [y for rings in rings_by_code.values() for ring in rings for _x, y in ring]
    left, top, width, height = frame
    scale = min(width / (max(xs) - min(xs)), height / (max(ys) - min(ys)))
    dx = left + (width - (max(xs) - min(xs)) * scale) / 2
    dy = top + (height - (max(ys) - min(ys)) * scale) / 2
    return {
        code: [[(dx + (x - min(xs)) * scale, dy + (max(ys) - y) * scale) for x, y in ring] for ring in rings]
        for code, rings in rings_by_code.items()
    }


def _distance(point: Point, start: Point, end: Point) -> float:
    (x, y), (x1, y1), (x2, y2) = point, start, end
    length = math.hypot(x2 - x1, y2 - y1)
    if length == 0:
        return math.hypot(x - x1, y - y1)
    return abs((x2 - x1) * (y1 - y) - (x1 - x) * (y2 - y1)) / length


def douglas_peucker(points: Ring, tolerance: float) -> Ring:
    """The points of `points` (an open line) a line within `tolerance` of it needs (iterative)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        farthest, index = 0.0, 0
        for i in range(first + 1, last):
            distance = _distance(points[i], points[first], points[last])
            if distance > farthest:
                farthest, index = distance, i
        if farthest > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def _area(ring: Ring) -> float:
    return (
        abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True))) / 2
    )


def simplified_ring(ring: Ring, tolerance: float) -> list[tuple[int, int]]:
    """A closed ring simplified in two halves (so that its first point, where it closes, stays), rounded,
    without repeated points."""
    if ring[0] == ring[-1]:
        ring = ring[:-1]
    middle = len(ring) // 2
    kept = (
        douglas_peucker(ring[: middle + 1], tolerance)[:-1]
        + douglas_peucker(ring[middle:] + ring[:1], tolerance)[:-1]
    )
    rounded: list[tuple[int, int]] = []
    for x, y in kept:
        point = (round(x), round(y))
        if not rounded or point != rounded[-1]:
            rounded.append(point)
    return rounded


def path_data(rings: list[Ring], tolerance: float, min_area: float) -> str:
    """SVG path data of `rings`: each an absolute move then relative lines, closed."""
    parts = []
    # The largest ring is always drawn, however small: Paris stays on the overview.
    largest = max(rings, key=_area)
    for ring in rings:
        points = simplified_ring(ring, tolerance)
        if len(points) < 3 or _area([(float(x), float(y)) for x, y in points]) < min_area:
            if ring is not largest:
                continue
            points = simplified_ring(ring, 0.5)
        (x0, y0), steps = points[0], []
        for (x1, y1), (x2, y2) in zip(points, points[1:], strict=False):
            steps.append(f"{x2 - x1} {y2 - y1}")
        parts.append(f"M{x0} {y0}l" + " ".join(steps) + "z")
    return "".join(parts).replace(" -", "-")


class Command(BaseCommand):
    help = "Builds the départements' outlines the directory's map draws, from the open-data GeoJSON files."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", help=f"the folder holding {METROPOLE_FILE} and {OVERSEAS_FILE}")
        parser.add_argument("--output", default=str(OUTLINES_FILE), help="where to write (the shipped file)")

    def handle(self, *args, source: str, output: str, **options) -> None:
        folder = Path(source)
        try:
            metropole = json.loads((folder / METROPOLE_FILE).read_text(encoding="utf-8"))["features"]
            everything = json.loads((folder / OVERSEAS_FILE).read_text(encoding="utf-8"))["features"]
        except (OSError, ValueError, KeyError) as error:
            raise CommandError(f"Cannot read the outlines in {folder}: {error}") from error
        names = {f["properties"]["code"]: f["properties"]["nom"] for f in [*metropole, *everything]}

        placed = _fitted(
            {
                f["properties"]["code"]: [[_lambert93(*p) for p in ring] for ring in _rings(f)]
                for f in metropole
            },
            METROPOLE_FRAME,
        )
        for feature in everything:
            code = feature["properties"]["code"]
            if code in OVERSEAS:
                rings = _rings(feature)
                mid = sum(lat for ring in rings for _lon, lat in ring) / sum(len(ring) for ring in rings)
                projected = [[_equirectangular(lon, lat, mid) for lon, lat in ring] for ring in rings]
                placed.update(_fitted({code: projected}, OVERSEAS_FRAMES[code]))
        missing = {*OVERSEAS, *IDF} - set(placed)
        if missing:
            raise CommandError(f"No outline for {', '.join(sorted(missing))} in {folder}.")
        enlarged = _fitted({code: placed[code] for code in IDF}, IDF_FRAME)

        outlines = {
            "source": "IGN Admin Express 2018 via gregoiredavid/france-geojson, Licence Ouverte (Etalab)",
            "width": WIDTH,
            "height": HEIGHT,
            "frames": {"idf": IDF_FRAME, **OVERSEAS_FRAMES},
            "names": dict(sorted(names.items())),
        }
        for level, (tolerance, min_area) in LEVELS.items():
            outlines[level] = {
                "departments": {
                    code: path_data(rings, tolerance, min_area) for code, rings in placed.items()
                },
                "idf": {code: path_data(rings, tolerance, min_area) for code, rings in enlarged.items()},
            }
        target = Path(output)
        target.write_text(json.dumps(outlines, ensure_ascii=False, separators=(",", ":")) + "\n")
        self.stdout.write(f"{len(placed)} départements → {target} ({target.stat().st_size // 1024} KiB)")
