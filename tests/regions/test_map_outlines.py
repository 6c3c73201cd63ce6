"""The départements' outlines the map draws: the shipped file, and the command that builds it."""

import json

import pytest
from django.core.management import CommandError, call_command

from regions.management.commands.build_map_outlines import douglas_peucker
from regions.outlines import IDF, OUTLINES_FILE, OVERSEAS, outlines
from regions.places import reference


def test_the_shipped_file_draws_every_departement_and_stays_small():
    shapes = outlines()
    metropolitan = {code for code in reference().by_department if len(code) == 2}

    assert set(shapes.departments) == metropolitan | set(OVERSEAS)
    assert all(path.startswith("M") and path.endswith("z") for path in shapes.departments.values())
    assert set(shapes.idf) == set(IDF)
    assert set(outlines("overview").departments) == set(shapes.departments)
    assert OUTLINES_FILE.stat().st_size < 300_000


def test_douglas_peucker_keeps_the_corners_and_drops_the_points_on_a_line():
    line = [(0.0, 0.0), (1.0, 0.1), (2.0, 0.0), (3.0, 5.0), (4.0, 10.0), (5.0, 10.0)]

    assert douglas_peucker(line, 0.5) == [(0.0, 0.0), (2.0, 0.0), (4.0, 10.0), (5.0, 10.0)]


def _square(code: str, lon: float, lat: float, size: float = 0.2) -> dict:
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    return {
        "properties": {"code": code, "nom": f"Dép. {code}"},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


def _write(folder, metropole: list[dict], overseas: list[dict]) -> None:
    for name, features in (
        ("departements-metropole-simplifie.geojson", metropole),
        ("departements-avec-outre-mer.geojson", overseas),
    ):
        (folder / name).write_text(json.dumps({"type": "FeatureCollection", "features": features}))


def test_the_command_projects_simplifies_and_places_each_part(tmp_path):
    metropole = [_square(code, 2.0 + i * 0.2, 48.5) for i, code in enumerate(IDF)] + [
        _square("13", 5.0, 43.3)
    ]
    overseas = [_square(code, -61.5 + i, 16.0) for i, code in enumerate(OVERSEAS)]
    _write(tmp_path, metropole, overseas)
    output = tmp_path / "map.json"

    call_command("build_map_outlines", str(tmp_path), output=str(output))

    data = json.loads(output.read_text())
    assert set(data["detail"]["departments"]) == {*IDF, "13", *OVERSEAS}
    assert data["names"]["13"] == "Dép. 13"
    # Each overseas département fills its own frame.
    x, y, width, height = data["frames"]["971"]
    start = [int(n) for n in data["detail"]["departments"]["971"][1:].split("l")[0].split()]
    assert x <= start[0] <= x + width and y <= start[1] <= y + height


def test_the_command_says_which_overseas_outline_is_missing(tmp_path):
    _write(tmp_path, [_square("13", 5.0, 43.3)], [_square("971", -61.5, 16.0)])

    with pytest.raises(CommandError, match="972"):
        call_command("build_map_outlines", str(tmp_path), output=str(tmp_path / "map.json"))


def test_the_command_says_when_it_cannot_read_the_source(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("build_map_outlines", str(tmp_path / "nowhere"), output=str(tmp_path / "map.json"))
