"""The départements' outlines the directory's map draws: SVG path data, projected and simplified once by
`manage.py build_map_outlines` from IGN's open data (see README, "Reference data"), shipped in
`regions/data/departements-map.json`.

The drawing is one coordinate system (`width` × `height`): metropolitan France, a frame per overseas
département (`OVERSEAS`), and Île-de-France enlarged (`IDF`) in the Bay of Biscay. Each level of detail
(`detail` for the map page, `overview` for a lab page's small map) gives each département's path, and the
enlarged Île-de-France's.
"""

import functools
import json
from dataclasses import dataclass
from pathlib import Path

OUTLINES_FILE = Path(__file__).parent / "data" / "departements-map.json"

# The overseas départements, each drawn in its own frame; the other overseas collectivities (975, 977…)
# have no outline: their labs are listed beside the map.
OVERSEAS = ("971", "972", "973", "974", "976")
# Île-de-France, drawn again enlarged: Paris and its inner ring are a few units wide on the whole map.
IDF = ("75", "77", "78", "91", "92", "93", "94", "95")


@dataclass(frozen=True)
class Outlines:
    width: int
    height: int
    frames: dict[str, tuple[int, int, int, int]]  # "idf" and each overseas code: x, y, width, height
    names: dict[str, str]  # code → name, as the source names them
    departments: dict[str, str]  # code → SVG path data
    idf: dict[str, str]  # code → SVG path data, enlarged


@functools.cache
def outlines(level: str = "detail") -> Outlines:
    """The shipped outlines at `level` ("detail" or "overview"), read once per process."""
    data = json.loads(OUTLINES_FILE.read_text(encoding="utf-8"))
    return Outlines(
        width=data["width"],
        height=data["height"],
        frames={code: tuple(frame) for code, frame in data["frames"].items()},
        names=data["names"],
        departments=data[level]["departments"],
        idf=data[level]["idf"],
    )
