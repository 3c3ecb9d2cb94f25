"""The family's context (core/context.py): the council chosen (address or cookie), the age and the needs
put the family's council first in lists, go into "See all" (search with the context set) and record
links, show as removable chips, are reported by the JSON twins, and a bad value is a 400 naming it."""

from __future__ import annotations

import html
import re
import sqlite3
from urllib.parse import parse_qs, urlsplit

import pytest

from graph_app.layout import Layout
from graph_app.store import EmbeddedStore

NEED = "/id/need/autism"
ID = "https://w3id.org/se7-local-offer/id/"


@pytest.fixture(scope="module")
def councils_of(built):
    """IRI -> the councils the search index files it under (built independently of the web's query)."""
    connection = sqlite3.connect(Layout(built.data_dir).current().search_path)
    rows = connection.execute("SELECT d.iri, f.value FROM docs d JOIN facets f ON f.doc = d.id WHERE f.facet = 'area'")
    found: dict[str, set[str]] = {}
    for iri, value in rows:
        found.setdefault(iri, set()).add(value.rsplit("/", 1)[-1])
    connection.close()
    return found


def service_group(data: dict) -> dict:
    return next(g for g in data["groups"] if any(m["kind"] == "service" for m in g["members"]))


def check_medway_first(data: dict, councils_of) -> None:
    group = service_group(data)
    assert group["elsewhere"] > 0, "other councils' services are counted as elsewhere"
    local = [m for m in group["members"] if "medway" in councils_of.get(m["iri"], set())]
    assert local, "Medway's services are shown"
    # every Medway service comes before any other council's
    flags = ["medway" in councils_of.get(m["iri"], {"medway"}) for m in group["members"]]
    assert flags == sorted(flags, reverse=True), flags
    assert data["context"]["area"] == "medway"


def test_cookie_council_lists_its_services_first(client, councils_of):
    client.set_cookie("se7_area", "medway")
    try:
        data = client.get(f"/map/neighbourhood.json?node={NEED}").get_json()
        page = client.get(f"/map/neighbourhood?node={NEED}").get_data(as_text=True)
    finally:
        client.delete_cookie("se7_area")
    check_medway_first(data, councils_of)
    assert data["context"]["source"] == "cookie"
    assert "Elsewhere in SE7 (" in page and "Showing Medway" in page


def test_address_council_without_cookie_does_the_same(client, councils_of):
    data = client.get(f"/map/neighbourhood.json?node={NEED}&area=medway").get_json()
    check_medway_first(data, councils_of)
    assert data["context"]["source"] == "address"
    plain = client.get(f"/map/neighbourhood.json?node={NEED}").get_json()
    assert service_group(plain)["elsewhere"] == 0 and plain["context"]["area"] is None


def test_area_all_shows_everything_even_with_the_cookie(client):
    client.set_cookie("se7_area", "medway")
    try:
        data = client.get(f"/map/neighbourhood.json?node={NEED}&area=all").get_json()
    finally:
        client.delete_cookie("se7_area")
    assert data["context"]["area"] is None and data["context"]["all_areas"] is True
    assert all(g["elsewhere"] == 0 for g in data["groups"])


def test_see_all_opens_search_with_need_area_and_age(client):
    data = client.get(f"/map/neighbourhood.json?node={NEED}&area=medway&age=4").get_json()
    group = service_group(data)
    assert group["more_url"], "the autism services group has more than it shows"
    url = urlsplit(group["more_url"])
    args = parse_qs(url.query)
    assert url.path == "/search"
    assert args.pop("kind", ["service"]) == ["service"] or set(m["kind"] for m in group["members"]) != {"service"}
    assert args == {"need": ["autism"], "area": ["medway"], "age": ["4"]}
    search = client.get(url.path + ".json?" + url.query).get_json()
    assert search["filters"]["need"] == "autism" and search["filters"]["area"] == "medway"
    assert search["filters"]["age"] == 4 and search["total"] > 0
    assert search["context"] == {
        "area": "medway",
        "source": "address",
        "age": 4,
        "needs": ["autism"],
        "all_areas": False,
    }


def test_links_from_a_record_page_carry_area_and_age(client):
    page = client.get(f"{NEED}?area=medway&age=4").get_data(as_text=True)
    mindmap = page.split('id="mindmap-heading"', 1)[1]
    links = [href for href in mindmap.split('href="')[1:] if href.startswith("/id/")]
    assert links and all("area=medway&amp;age=4" in href.split('"', 1)[0] for href in links[:10]), links[:3]
    # without a context in the address, record links stay plain
    plain = client.get(NEED).get_data(as_text=True)
    assert "?area=" not in plain.split("<main", 1)[-1]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("age=26", "age"),
        ("age=four", "age"),
        ("area=narnia", "area"),
        ("need=not-a-need", "need"),
        ("need=autism&need=%3Cscript%3E", "need"),
    ],
)
def test_bad_context_is_a_400_naming_the_parameter(client, query, parameter):
    for path in (f"/related?node={NEED}&{query}", f"/a-z/service?{query}", f"/search.json?{query}"):
        response = client.get(path)
        assert response.status_code == 400, path
        assert f"'{parameter}'" in html.unescape(response.get_data(as_text=True)), path
        if response.mimetype == "text/html":
            assert "<script>" not in response.get_data(as_text=True)


def test_twin_reports_the_context_applied(client):
    data = client.get(f"/related.json?node={NEED}&area=kent&age=7&need=autism&need=adhd").get_json()
    assert data["context"] == {
        "area": "kent",
        "source": "address",
        "age": 7,
        "needs": ["autism", "adhd"],
        "all_areas": False,
    }
    atoz = client.get("/a-z/service.json?area=kent").get_json()
    assert atoz["context"]["area"] == "kent"


def test_chip_remove_link_clears_only_that_part(client):
    data = client.get(f"/related.json?node={NEED}&area=medway&age=4&need=autism&need=adhd").get_json()
    chips = {(c["param"], c["value"]): parse_qs(urlsplit(c["remove_url"]).query) for c in data["chips"]}
    assert chips[("area", "medway")] == {"node": [NEED], "area": ["all"], "age": ["4"], "need": ["autism", "adhd"]}
    assert chips[("age", 4)] == {"node": [NEED], "area": ["medway"], "need": ["autism", "adhd"]}
    assert chips[("need", "autism")] == {"node": [NEED], "area": ["medway"], "age": ["4"], "need": ["adhd"]}
    labels = [c["label"] for c in data["chips"]]
    assert labels[:2] == ["Showing Medway", "Age 4"] and "Autism" in labels


def test_a_to_z_of_services_puts_the_council_first_and_drops_other_ages(client, councils_of):
    path = "/a-z/service" if client.get("/a-z/service.json").get_json()["entries"] else "/a-z/service/1"
    everything = client.get(path + ".json").get_json()
    data = client.get(path + ".json?area=medway&age=4").get_json()
    assert data["entries"] and data["elsewhere"]
    assert all("medway" in councils_of.get(e["iri"], {"medway"}) for e in data["entries"])
    assert all("medway" not in councils_of.get(e["iri"], set()) for e in data["elsewhere"])
    total = len(data["entries"]) + len(data["elsewhere"]) + len(data["other_ages"])
    assert total == len(everything["entries"])
    page = client.get(path + "?area=medway&age=4").get_data(as_text=True)
    assert "Elsewhere in SE7 (" in page and "Not for age 4 (" in page


def test_related_marks_other_councils_as_elsewhere(client, councils_of):
    data = client.get(f"/related.json?node=/id/service/{first_service(client)}&area=medway").get_json()
    order = {"local": 0, "elsewhere": 1, "other_age": 2}
    wheres = [item["where"] for item in data["related"]]
    assert wheres == sorted(wheres, key=order.get)
    for item in data["related"]:
        if item["where"] == "elsewhere":
            assert "medway" not in councils_of.get(item["iri"], set())


def first_service(client) -> str:
    return client.get("/search.json?kind=service&area=kent").get_json()["results"][0]["url"].rsplit("/", 1)[-1]


def test_address_council_beats_the_cookie_in_the_lists(client, councils_of):
    """Cookie Kent, ?area=medway: Medway's services are the local list, Kent's are elsewhere."""
    client.set_cookie("se7_area", "kent")
    try:
        data = client.get(f"/map/neighbourhood.json?node={NEED}&area=medway").get_json()
        related = client.get(f"/related.json?node=/id/service/{first_service(client)}&area=medway").get_json()
    finally:
        client.delete_cookie("se7_area")
    check_medway_first(data, councils_of)
    assert data["context"]["source"] == "address" and related["context"]["area"] == "medway"
    for item in related["related"]:
        councils = councils_of.get(item["iri"], set())
        assert item["where"] != "local" or not councils or "medway" in councils


def featured_records(page: str) -> list[str]:
    """The records a need page's first group (its services and settings, on the page itself) shows."""
    section = page.split('class="se7-link-group"', 1)[1].split("</section>", 1)[0]
    section = section.split("<details", 1)[0]  # the ones shown, not those folded under "n more"
    return [ID + "/".join(found) for found in re.findall(r'href="/id/(service|setting)/([^"?#]+)', section)]


IN_COUNCIL = """
PREFIX lo: <https://w3id.org/se7-local-offer/def#>
SELECT DISTINCT ?record ?council WHERE {
  ?record (lo:servesArea|lo:inLocalOfferOf|lo:locatedIn) ?area .
  ?area lo:partOfArea* ?council .
  ?council a lo:LocalAuthority .
}
"""


@pytest.fixture(scope="module")
def served_in(served):
    """IRI -> the councils a record serves, is listed by or is in (a district counts for its council)."""
    found: dict[str, set[str]] = {}
    for row in EmbeddedStore(Layout(served.data_dir).current().store_path).select(IN_COUNCIL):
        found.setdefault(row["record"].value, set()).add(row["council"].value.rsplit("/", 1)[-1])
    return found


def test_a_needs_own_list_of_services_puts_the_council_first(client, served_in):
    """The services a need page shows above "All connections" are the family's council's first."""
    plain = featured_records(client.get("/id/need/anxiety").get_data(as_text=True))
    assert "surrey" not in served_in.get(plain[0], {"surrey"}), "the test needs a list that does not start in Surrey"
    shown = featured_records(client.get("/id/need/anxiety?area=surrey").get_data(as_text=True))
    flags = ["surrey" in served_in.get(iri, {"surrey"}) for iri in shown]
    assert flags and flags[0] and flags == sorted(flags, reverse=True), shown
