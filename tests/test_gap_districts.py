"""District drill-down (issue 17) on the real build: the district analysis against a count worked out
independently in Python from the store's plain triples, the SVG map (well-formed, one path per district,
each with a title), every number linking to a list of exactly the records counted, "none found" pages
that say what was looked for and offer the nearest matches, and bad parameters refused with a 400."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from html import unescape

import pytest

from graph_app.gaps.district_results import ready_rows
from graph_app.gaps.district_shapes import district_map, simplify
from graph_app.gaps.districts import coverage_rows, districts, narrow_rows

ID = "https://w3id.org/se7-local-offer/id/"
LO = "https://w3id.org/se7-local-offer/def#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
KENT = ID + "area/kent"
AUTISM, SECONDARY = ID + "need/autism", ID + "age-band/11-15"
SVG = "{http://www.w3.org/2000/svg}"
PAGE = "/gaps/districts?area=kent&need=autism&age_band=11-15"


def pairs(store, predicate: str) -> list[tuple[str, str]]:
    """Every (subject, object) of one predicate: no rule of the analysis is used to read them."""
    rows = store.select(f"SELECT ?s ?o WHERE {{ ?s <{predicate}> ?o }}")
    return [(r["s"].value, r["o"].value) for r in rows]


def counted_cells(store) -> set[tuple[str, str]]:
    """The (need, age band) pairs a need is counted at: its lo:appliesFromAge/lo:appliesToAge (0 to 25 when
    not given) overlap the band's ages (adult needs start at 18, so they have no cell for under-16s)."""
    ages = (
        {s: int(o) for s, o in pairs(store, LO + "appliesFromAge")},
        {s: int(o) for s, o in pairs(store, LO + "appliesToAge")},
    )
    low, high = {s: int(o) for s, o in pairs(store, LO + "minAge")}, {s: int(o) for s, o in pairs(store, LO + "maxAge")}
    typed = pairs(store, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    needs = {s for s, o in typed if o == LO + "Need"}
    bands = {s for s, o in typed if o == LO + "AgeBand"}
    return {(n, b) for n in needs for b in bands if ages[0].get(n, 0) <= high[b] and ages[1].get(n, 25) >= low[b]}


@pytest.fixture(scope="module")
def expected(embedded_store) -> dict[tuple[str, str, str, bool], set[str]]:
    """(place, need, age band, specialist only) -> the services counted there, worked out in Python: a service
    counts for a need it meets or a broader one, for an age band it is for, for a place it serves."""
    store = embedded_store
    services = {s for s, o in pairs(store, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type") if o == LO + "Service"}
    services -= {s for s, _ in pairs(store, LO + "closedOn")}  # a closed service is not provision (issue 19)
    levels = defaultdict(set)  # service -> whether each of its access levels needs a specialist assessment
    needs_assessment = dict(pairs(store, LO + "needsSpecialistAssessment"))
    for service, level in pairs(store, LO + "accessLevel"):
        if service in services and level in needs_assessment:
            levels[service].add(needs_assessment[level] == "true")
    broader = defaultdict(set)
    for narrower, wider in pairs(store, SKOS + "broaderTransitive"):
        broader[narrower].add(wider)
    needs = defaultdict(set)
    for service, need in pairs(store, LO + "meetsNeed"):
        needs[service] |= {need} | broader[need]
    ages = defaultdict(set)
    for service, band in pairs(store, LO + "forAgeBand"):
        ages[service].add(band)
    found: dict[tuple[str, str, str, bool], set[str]] = defaultdict(set)
    for service, place in pairs(store, LO + "servesArea"):
        if not levels[service]:
            continue
        specialist_only = all(levels[service])  # open access when any level needs no assessment
        for need in needs[service]:
            for band in ages[service]:
                found[(place, need, band, specialist_only)].add(service)
    return found


@pytest.fixture(scope="module")
def rows(embedded_store, library):
    return coverage_rows(embedded_store, library)


def test_district_rows_match_an_independent_count(rows, expected, embedded_store, library):
    every = districts(embedded_store, library)
    kent = [d for d in every if d.council == KENT]
    assert len(kent) == 12  # data/areas.ttl: Kent's twelve districts and boroughs
    cells = counted_cells(embedded_store)
    assert {(r["need"]["iri"], r["age_band"]["iri"]) for r in rows} == cells
    assert len(rows) == len(every) * len(cells)  # the whole grid of counted cells, a row per cell
    for row in rows:
        district, area = row["district"]["iri"], row["area"]["iri"]
        need, band = row["need"]["iri"], row["age_band"]["iri"]
        assert row["districtServices"] == len(expected.get((district, need, band, False), ())), row
        assert row["councilServices"] == len(expected.get((area, need, band, False), ())), row
        assert row["districtSpecialist"] == len(expected.get((district, need, band, True), ())), row
        assert row["councilSpecialist"] == len(expected.get((area, need, band, True), ())), row


def test_the_kent_question_has_districts_with_and_without(rows):
    cell = narrow_rows(rows, {"area": KENT, "need": AUTISM, "age_band": SECONDARY})
    assert len(cell) == 12
    none = [r for r in cell if r["districtServices"] == 0]
    assert 0 < len(none) < 12  # the drill-down shows a difference the council total hid


def test_simplify_keeps_the_ends_and_drops_points_on_a_line():
    line = [(0.0, 0.0), (1.0, 0.001), (2.0, 0.0), (3.0, 5.0)]
    assert simplify(line, 0.01) == [(0.0, 0.0), (2.0, 0.0), (3.0, 5.0)]


def test_district_outlines_exist_for_every_kent_district(embedded_store, library):
    kent = [d for d in districts(embedded_store, library) if d.council == KENT]
    drawn = district_map(tuple(d.code for d in kent))
    assert set(drawn.shapes) == {d.code for d in kent}
    assert all(shape.path.startswith("M") and shape.path.endswith("Z") for shape in drawn.shapes.values())


def _svg(html: str) -> ET.Element:
    found = re.search(r'<svg xmlns="http://www.w3.org/2000/svg" role="group".*?</svg>', html, re.S)
    assert found, "no map on the page"
    return ET.fromstring(found.group(0))  # raises if the SVG is not well-formed XML


def test_the_map_is_well_formed_svg_with_a_titled_path_per_district(client):
    response = client.get(PAGE)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    svg = _svg(html)
    paths = svg.findall(f".//{SVG}path")
    assert len(paths) == 12
    for path in paths:
        title = path.find(f"{SVG}title")
        assert title is not None and title.text and ":" in title.text
        assert path.get("role") == "img" and path.get("aria-label") == title.text
    numbers = [t.text for t in svg.findall(f".//{SVG}text")]
    assert len(numbers) == 12 and all(n.isdigit() for n in numbers)
    assert "Martin Chorley" in html and "creativecommons.org/licenses/by/4.0" in html  # the licence's attribution
    print(f"map SVG: {len(ET.tostring(svg))} bytes")


def _services_listed(client, href: str) -> set[str]:
    page = client.get(unescape(href))
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    listed = re.search(r'<ul class="govuk-list govuk-list--bullet"[^>]*id="services">(.*?)</ul>', html, re.S)
    return set(re.findall(r'href="/id/service/([^"]+)"', listed.group(1))) if listed else set()


def test_every_number_links_to_exactly_the_services_counted(client, expected):
    html = client.get(PAGE).get_data(as_text=True)
    table = html[html.index('id="district-table"') :]
    body = table[table.index("<tbody") : table.index("</tbody>")]
    cells = re.findall(
        r'<td class="govuk-table__cell govuk-table__cell--numeric[^"]*"><a class="govuk-link" '
        r'href="([^"]+)"[^>]*>([^<]+)<span',
        body,
    )
    assert len(cells) == 48  # district and council-wide figures, open and specialist, for 12 districts
    for href, text in cells:
        place = ID + "area/" + re.search(r"place=([a-z0-9-]+)", href).group(1)
        counted = expected.get((place, AUTISM, SECONDARY, "access=specialist" in href), set())
        shown = int(re.search(r"\d+", text).group(0))
        listed = _services_listed(client, href)
        assert shown == len(counted) == len(listed)
        assert listed == {iri.rsplit("/", 1)[-1] for iri in counted}


def test_none_found_says_what_was_looked_for_and_the_nearest_matches(client, expected):
    html = client.get(PAGE + "&show=none").get_data(as_text=True)
    rows = re.findall(r'<tr class="govuk-table__row" id="district-([a-z-]+)">(.*?)</tr>', html, re.S)
    assert rows and all("None (0)" in row for _, row in rows)
    empty = rows[0][0]
    page = client.get(f"/gaps/districts/services?place={empty}&need=autism&age_band=11-15").get_data(as_text=True)
    assert "No services found." in page and "Looked for: services that serve" in page
    assert "/gaps/districts/services?place=kent&amp;need=autism&amp;age_band=11-15" in page  # council-wide
    # a district with none names its neighbours that have some (lo:adjacentTo), with links to their lists
    neighbour_links = [row for _, row in rows if "Neighbouring districts with some" in row]
    assert neighbour_links
    for row in neighbour_links:
        assert re.search(r'href="/gaps/districts/services\?place=[a-z-]+&amp;need=autism', row)


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("area=kent%27%3B&need=autism&age_band=11-15", "'area'"),
        ("area=brighton-and-hove", "'area'"),  # a unitary council has no districts
        ("area=kent&need=nothing-like-it", "'need'"),
        ("area=kent&need=autism&age_band=11-15&show=all", "'show'"),
    ],
)
def test_bad_choices_are_refused_naming_the_parameter(client, query, named):
    response = client.get("/gaps/districts?" + query)
    assert response.status_code == 400
    assert named in response.get_data(as_text=True).replace("&#39;", "'")


def test_the_services_list_needs_all_its_parameters(client):
    response = client.get("/gaps/districts/services?place=dartford&need=autism")
    assert response.status_code == 400 and "age_band" in response.get_data(as_text=True)
    response = client.get("/gaps/districts/services?place=dartford&need=autism&age_band=11-15&access=all")
    assert response.status_code == 400 and "access" in response.get_data(as_text=True)


def test_the_coverage_page_links_to_the_district_drill_down(client):
    html = client.get("/gaps/coverage-matrix?need=autism&age_band=11-15").get_data(as_text=True)
    assert 'href="/gaps/districts?area=kent&amp;need=autism&amp;age_band=11-15"' in html


def test_the_warm_up_works_out_the_district_rows_too(make_app, built):
    """Both 'cover' choices, kept with the other stored results (a page only reads them)."""
    app = make_app(built, WARM_GAPS=False)
    app.extensions["gap_warmer"].warm_once()
    graph = app.extensions["graph"]
    with app.app_context():
        for cover in ("any", "most"):
            rows = ready_rows(graph, graph.store, cover)
            assert rows and {"districtServices", "councilServices"} <= set(rows[0]), cover


def test_the_overview_numbers_link_to_exactly_the_combinations_counted(client, expected, embedded_store):
    """Kent with no need chosen: each district's count of need x age band combinations with no district
    service (and with none at all) against the store, and its link lists exactly that many."""
    typed = pairs(embedded_store, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    needs = {s for s, o in typed if o == LO + "Need"}
    bands = {s for s, o in typed if o == LO + "AgeBand"}
    applies = counted_cells(embedded_store)
    html = client.get("/gaps/districts?area=kent").get_data(as_text=True)
    table = html[html.index('id="results"') :]
    rows = re.findall(r'<tr class="govuk-table__row" id="district-([a-z-]+)">(.*?)</tr>', table, re.S)
    assert len(rows) == 12
    for slug, row in rows:
        district = ID + "area/" + slug
        cells = re.findall(r'href="([^"]+)">(\d+)<span', row)
        assert len(cells) == 2
        without_local = [
            (n, b) for n in needs for b in bands if (n, b) in applies and not expected.get((district, n, b, False))
        ]
        without_any = [(n, b) for n, b in without_local if not expected.get((KENT, n, b, False))]
        for (href, text), counted in zip(cells, (without_local, without_any), strict=True):
            assert int(text) == len(counted)
            listed = client.get(unescape(href)).get_data(as_text=True)
            body = listed[listed.index('id="district-gaps"') :] if 'id="district-gaps"' in listed else ""
            assert body.count('<tr class="govuk-table__row">') - 1 == len(counted) or (not counted and not body)


def test_a_district_with_none_offers_its_neighbours_with_some(client, expected, embedded_store):
    """The services page of a district with none names the neighbouring districts (lo:adjacentTo) that have
    some for the same need and age band, with their counts, and nothing else as a neighbour."""
    adjacent = defaultdict(set)
    for a, b in pairs(embedded_store, LO + "adjacentTo"):
        adjacent[a].add(b)
    html = client.get(PAGE + "&show=none").get_data(as_text=True)
    empty = re.findall(
        r'<tr class="govuk-table__row" id="district-([a-z-]+)">', html[html.index('id="district-table"') :]
    )
    assert empty
    for slug in empty:
        page = client.get(f"/gaps/districts/services?place={slug}&need=autism&age_band=11-15").get_data(as_text=True)
        offered = dict(
            re.findall(
                r'href="/gaps/districts/services\?place=([a-z-]+)&amp;need=autism&amp;age_band=11-15">'
                r"(\d+) service",
                page,
            )
        )
        want = {
            n.rsplit("/", 1)[-1]: len(expected[(n, AUTISM, SECONDARY, False)])
            for n in adjacent[ID + "area/" + slug]
            if expected.get((n, AUTISM, SECONDARY, False))
            and (n, KENT) in set(pairs(embedded_store, LO + "partOfArea"))
        }
        assert {k: int(v) for k, v in offered.items()} == want
