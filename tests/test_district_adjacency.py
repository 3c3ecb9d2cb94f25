"""District adjacency (issue 14 item 9): data/district-adjacency.ttl is what graph_app/importers/district_adjacency.py
derives from the SE7 districts' TopoJSON, symmetric, with the known borders and the source's attribution."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from graph_app.importers.district_adjacency import ATTRIBUTION, adjacency, derive, main

ROOT = Path(__file__).resolve().parents[1]
COMMITTED = ROOT / "data" / "district-adjacency.ttl"
GEO = Path(__file__).resolve().parents[2] / "shared" / "reference" / "geo"
if not GEO.exists():  # CI has ../shared beside the clone; a developer's checkout may sit elsewhere
    GEO = Path(os.environ.get("SHARED_DIR", "/work/shared")) / "reference" / "geo"
TOPOJSON = GEO / "se7-districts.topo.json"
ID = "https://w3id.org/se7-local-offer/id/area/"


def neighbours() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for a, b in re.findall(r"^area:(\S+) lo:adjacentTo area:(\S+) \.$", COMMITTED.read_text(encoding="utf-8"), re.M):
        found.setdefault(a, set()).add(b)
    return found


def test_the_committed_file_is_what_the_boundaries_give():
    assert TOPOJSON.exists(), f"the reference boundaries are missing: {TOPOJSON}"
    assert derive(TOPOJSON, ROOT / "data" / "areas.ttl") == COMMITTED.read_text(encoding="utf-8")


def test_the_cli_writes_the_same_file(tmp_path):
    out = tmp_path / "adjacency.ttl"
    assert main([str(TOPOJSON), "--areas", str(ROOT / "data" / "areas.ttl"), "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == COMMITTED.read_text(encoding="utf-8")
    assert main([str(tmp_path / "missing.json"), "--out", str(tmp_path / "x.ttl")]) == 1


def test_symmetric_and_every_area_has_a_neighbour():
    found = neighbours()
    assert len(found) == 48  # every SE7 district and unitary area
    for area, others in found.items():
        assert others, area
        assert area not in others, area
        for other in others:
            assert area in found[other], (area, other)


@pytest.mark.parametrize(
    "first, second",
    [
        ("medway", "maidstone"),
        ("medway", "swale"),
        ("medway", "gravesham"),
        ("medway", "tonbridge-and-malling"),
        ("brighton-and-hove", "lewes"),
        ("brighton-and-hove", "adur"),
        ("brighton-and-hove", "mid-sussex"),
        ("eastbourne", "wealden"),
        ("hastings", "rother"),
        ("tonbridge-and-malling", "tunbridge-wells"),
    ],
)
def test_known_borders(first, second):
    found = neighbours()
    assert second in found[first] and first in found[second]


@pytest.mark.parametrize(
    "first, second", [("dover", "eastbourne"), ("medway", "dartford"), ("eastbourne", "lewes"), ("gosport", "havant")]
)
def test_not_neighbours(first, second):
    assert second not in neighbours()[first]


def test_eastbourne_and_hastings_are_enclosed():
    found = neighbours()
    assert found["eastbourne"] == {"wealden"} and found["hastings"] == {"rother"}


def test_a_shared_arc_counts_in_either_direction_and_a_point_does_not():
    topology = {
        "objects": {
            "districts": {
                "geometries": [
                    {"type": "Polygon", "properties": {"LAD13CD": "A"}, "arcs": [[0, 1]]},
                    {"type": "MultiPolygon", "properties": {"LAD13CD": "B"}, "arcs": [[[2, ~1]], [[3]]]},
                    {"type": "Polygon", "properties": {"LAD13CD": "C"}, "arcs": [[4]]},
                    {"type": "Polygon", "properties": {"LAD13CD": "D"}, "arcs": [[~3, 5]]},
                ]
            }
        }
    }
    assert adjacency(topology) == {("A", "B"), ("B", "D")}


def test_the_file_carries_the_source_and_its_attribution():
    text = COMMITTED.read_text(encoding="utf-8")
    header = " ".join(line.lstrip("# ").strip() for line in text.splitlines() if line.startswith("#"))
    assert " ".join(ATTRIBUTION.split()) in header
    assert "dcterms:source <https://github.com/martinjc/UK-GeoJSON>" in text
    assert "dcterms:license <https://creativecommons.org/licenses/by/4.0/>" in text
    assert "dcterms:rights" in text and "fewer neighbours" in header


def test_the_built_graph_has_the_adjacency(embedded_store):
    rows = embedded_store.select(
        "PREFIX lo: <https://w3id.org/se7-local-offer/def#> "
        f"SELECT ?other WHERE {{ <{ID}medway> lo:adjacentTo ?other }}"
    )
    assert {r["other"].value.rsplit("/", 1)[-1] for r in rows} == {
        "gravesham",
        "maidstone",
        "swale",
        "tonbridge-and-malling",
    }
