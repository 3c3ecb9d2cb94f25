"""Which SE7 districts share a boundary, derived from the districts' TopoJSON: writes data/district-adjacency.ttl.

Run it from the repository root when the boundaries or data/areas.ttl change:

    python -m graph_app.importers.district_adjacency \\
        ../shared/reference/geo/se7-districts.topo.json --areas data/areas.ttl --out data/district-adjacency.ttl

Two districts are neighbours when their geometries share at least one arc: TopoJSON stores each boundary
line once, and arc i is used reversed as ~i (= -i - 1), so a shared border is the same arc index in both.
Touching at a single point shares no arc and does not count. The committed file is what the build reads
(the build never needs ../shared); tests/test_district_adjacency.py re-derives it and compares.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator
from itertools import combinations
from pathlib import Path
from typing import Any

import rdflib

from ..namespaces import LO

SOURCE = "https://github.com/martinjc/UK-GeoJSON"
LICENCE = "https://creativecommons.org/licenses/by/4.0/"
# the attribution the source's licence asks every derived file to keep (its README, word for word)
ATTRIBUTION = (
    "GeoJSON and TopoJSON UK Boundary Data by Martin Chorley is licensed under a Creative Commons Attribution 4.0 "
    "International License (https://creativecommons.org/licenses/by/4.0/); attribution by linking to "
    "https://github.com/martinjc/UK-GeoJson. Contains Ordnance Survey data \u00a9 Crown copyright and database "
    "right 2014. Ordnance Survey data covered by the OS OpenData Licence. Contains National Statistics data "
    "\u00a9 Crown copyright and database right. Any further sub-licences must retain this attribution."
)
OBJECT = "districts"
CODE = "LAD13CD"


def _arc_indices(arcs: Any) -> Iterator[int]:
    """Every arc index in a geometry's nested arc lists (Polygon: rings; MultiPolygon: polygons of rings)."""
    if isinstance(arcs, int):
        yield arcs if arcs >= 0 else ~arcs  # ~i is arc i reversed: the same boundary line
    else:
        for part in arcs:
            yield from _arc_indices(part)


def adjacency(topology: dict[str, Any], object_name: str = OBJECT, code: str = CODE) -> set[tuple[str, str]]:
    """The unordered pairs (as sorted tuples of codes) of geometries that share at least one arc."""
    users: dict[int, set[str]] = {}
    for geometry in topology["objects"][object_name]["geometries"]:
        if geometry.get("type") not in ("Polygon", "MultiPolygon"):
            continue
        key = geometry["properties"][code]
        for index in _arc_indices(geometry["arcs"]):
            users.setdefault(index, set()).add(key)
    pairs: set[tuple[str, str]] = set()
    for codes in users.values():
        pairs.update(combinations(sorted(codes), 2))
    return pairs


def area_iris(areas_ttl: Path) -> dict[str, str]:
    """GSS code -> area IRI, from data/areas.ttl's lo:gssCode."""
    graph = rdflib.Graph().parse(areas_ttl, format="turtle")
    return {str(code): str(area) for area, code in graph.subject_objects(rdflib.URIRef(LO + "gssCode"))}


def _curie(iri: str) -> str:
    prefix = "https://w3id.org/se7-local-offer/id/area/"
    if not iri.startswith(prefix):
        raise ValueError(f"{iri} is not an area IRI")
    return "area:" + iri[len(prefix) :]


def turtle(pairs: Iterable[tuple[str, str]], iris: dict[str, str]) -> str:
    """The Turtle file: a header with the attribution, the dataset node, then one triple per ordered pair."""
    missing = sorted({c for pair in pairs for c in pair if c not in iris})
    if missing:
        raise ValueError(f"codes not in data/areas.ttl: {', '.join(missing)}")
    triples = sorted({(_curie(iris[a]), _curie(iris[b])) for x, y in pairs for a, b in ((x, y), (y, x))})
    wrapped = "\n".join("#   " + line for line in _wrap(ATTRIBUTION, 100))
    lines = [
        "# Which SE7 districts and unitary council areas share a boundary (lo:adjacentTo, both directions).",
        "# Derived by graph_app/importers/district_adjacency.py from ../shared/reference/geo/se7-districts.topo.json,",
        f"# cut from {SOURCE} (json/administrative/eng/topo_lad.json): two areas are neighbours when",
        "# their boundaries share at least one TopoJSON arc. Do not edit by hand: re-run the module.",
        "# Only the 48 SE7 areas are in the source, so an area on the SE7 edge (next to London, Dorset, Wiltshire,",
        "# Berkshire, ...) simply has fewer neighbours here: its neighbours outside SE7 are not listed.",
        "#",
        "# Licence and attribution (must be kept in this file and in anything derived from it):",
        wrapped,
        "",
        "@prefix lo: <https://w3id.org/se7-local-offer/def#> .",
        "@prefix area: <https://w3id.org/se7-local-offer/id/area/> .",
        "@prefix dataset: <https://w3id.org/se7-local-offer/id/dataset/> .",
        "@prefix dcat: <http://www.w3.org/ns/dcat#> .",
        "@prefix dcterms: <http://purl.org/dc/terms/> .",
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
        "",
        "dataset:district-adjacency",
        "    a dcat:Dataset ;",
        '    rdfs:label "Which SE7 districts share a boundary"@en ;',
        '    dcterms:title "SE7 district adjacency, from UK boundary data by Martin Chorley"@en ;',
        '    dcterms:description "Pairs of SE7 districts and unitary council areas whose boundaries touch along a '
        "line, derived from generalised 2013 local authority district boundaries. Areas on the edge of SE7 have "
        'fewer neighbours here: those outside SE7 are not listed."@en ;',
        f"    dcterms:source <{SOURCE}> ;",
        f"    dcterms:license <{LICENCE}> ;",
        f'    dcterms:rights "{ATTRIBUTION}"@en .',
        "",
    ]
    lines += [" ".join((a, "lo:adjacentTo", b, ".")) for a, b in triples]  # Turtle with prefixed names
    return "\n".join(lines) + "\n"


def _wrap(text: str, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return lines + ([line] if line else [])


def derive(topojson: Path, areas_ttl: Path) -> str:
    """The text of data/district-adjacency.ttl for these boundaries and areas."""
    topology = json.loads(Path(topojson).read_text(encoding="utf-8"))
    return turtle(adjacency(topology), area_iris(areas_ttl))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m graph_app.importers.district_adjacency", description=__doc__)
    parser.add_argument("topojson", type=Path, help="the SE7 districts' TopoJSON (object 'districts', LAD13CD codes)")
    parser.add_argument("--areas", type=Path, default=Path("data/areas.ttl"), help="where the GSS codes are")
    parser.add_argument("--out", type=Path, default=Path("data/district-adjacency.ttl"), help="file to write")
    args = parser.parse_args(argv)
    try:
        text = derive(args.topojson, args.areas)
    except (OSError, ValueError, KeyError) as error:
        print(f"district adjacency: {error}", file=sys.stderr)
        return 1
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out} ({text.count(' lo:adjacentTo ')} triples)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
