"""The family's needs in the context (need=... from My child or search) order the map, the home map,
related lists and autocomplete: what is linked to the need (or to the broader need it comes under) comes
first, the chosen council's before other councils', and nothing else is lost. Checked against the real
built store: whether a record is linked to a need is asked of the store here, not taken from the page."""

from __future__ import annotations

import sqlite3

import pytest
from pyoxigraph import NamedNode

from graph_app.layout import Layout
from graph_app.store import EmbeddedStore

ID = "https://w3id.org/se7-local-offer/id/"
NEED = "autism"

LINKED = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX schema: <https://schema.org/>
SELECT DISTINCT ?node WHERE {
  ?need skos:broader* ?hub .
  { BIND(?hub AS ?node) } UNION { ?node ?p ?hub } UNION { ?hub ?p ?node }
  FILTER(!BOUND(?p) || ?p NOT IN (rdf:type, skos:inScheme, skos:topConceptOf, skos:hasTopConcept, dcterms:source,
                                  schema:url))
}
"""


@pytest.fixture(scope="module")
def store(served):
    return EmbeddedStore(Layout(served.data_dir).current().store_path)


@pytest.fixture(scope="module")
def linked(store):
    """iri -> whether it is linked to the need (directly or through its broader need), asked of the store."""
    rows = store.select(LINKED, {"need": NamedNode(f"{ID}need/{NEED}")})
    found = {row["node"].value for row in rows if isinstance(row.get("node"), NamedNode)}
    assert len(found) > 10
    return found.__contains__


@pytest.fixture(scope="module")
def councils_of(served):
    """IRI -> the councils the search index files it under."""
    connection = sqlite3.connect(Layout(served.data_dir).current().search_path)
    found: dict[str, set[str]] = {}
    for iri, value in connection.execute(
        "SELECT d.iri, f.value FROM docs d JOIN facets f ON f.doc = d.id WHERE f.facet = 'area'"
    ):
        found.setdefault(iri, set()).add(value.rsplit("/", 1)[-1])
    connection.close()
    return found


def linked_first(flags: list[bool]) -> bool:
    return flags == sorted(flags, reverse=True)


def test_related_on_record_pages_puts_need_linked_items_first(client, linked):
    """Across services of another need, related with need=autism starts with autism-linked items, where
    without the need it did not."""
    services = client.get("/search.json?kind=service&need=adhd").get_json()["results"]
    moved = 0
    for result in services[:12]:
        node = result["url"]
        plain = client.get(f"/related.json?node={node}").get_json()["related"]
        ordered = client.get(f"/related.json?node={node}&need={NEED}").get_json()
        assert ordered["context"]["needs"] == [NEED]
        items = ordered["related"]
        owner = 1 if items and items[0].get("reason") == "this record belongs to it" else 0
        flags = [linked(item["iri"]) for item in items[owner:]]
        assert linked_first(flags), (node, flags)
        assert [item["need_linked"] for item in items[owner:]] == flags, node
        if any(flags) and not linked(plain[owner]["iri"]):
            moved += 1
            assert linked(items[owner]["iri"]), node
    assert moved, "some service's related list gained autism-linked items first"


def test_related_keeps_the_council_split_with_needs_first_within(client, linked, councils_of):
    services = client.get("/search.json?kind=service&need=adhd&area=kent").get_json()["results"]
    for result in services[:10]:
        items = client.get(f"/related.json?node={result['url']}&need={NEED}&area=medway").get_json()["related"]
        order = {"local": 0, "elsewhere": 1, "other_age": 2}
        assert [order[i["where"]] for i in items] == sorted(order[i["where"]] for i in items)
        for where in ("local", "elsewhere"):
            part = [i for i in items if i["where"] == where and i.get("reason") != "this record belongs to it"]
            assert linked_first([linked(i["iri"]) for i in part]), (result["url"], where)
        for item in items:
            if item["where"] == "elsewhere":
                assert "medway" not in councils_of.get(item["iri"], set())


def test_map_groups_put_need_linked_members_first(client, linked):
    node = "/id/area/kent"  # a hub: hundreds of services and settings, most not for autism
    plain = {g["title"]: g for g in client.get(f"/map/neighbourhood.json?node={node}").get_json()["groups"]}
    data = client.get(f"/map/neighbourhood.json?node={node}&need={NEED}").get_json()
    assert data["context"]["needs"] == [NEED]
    gained = 0
    for group in data["groups"]:
        flags = [linked(m["iri"]) for m in group["members"]]
        assert linked_first(flags), group["title"]
        before = sum(linked(m["iri"]) for m in plain[group["title"]]["members"])
        assert sum(flags) >= before, group["title"]
        gained += sum(flags) > before
        assert group["count"] == plain[group["title"]]["count"], "nothing is lost, only ordered"
    assert gained, "the need brought linked members into the groups shown"


def test_map_with_area_and_need_puts_the_council_first_then_the_need(client, linked, councils_of):
    node = "/id/need/broad-communication-and-interaction"
    data = client.get(f"/map/neighbourhood.json?node={node}&need={NEED}&area=medway")
    group = next(g for g in data.get_json()["groups"] if any(m["kind"] == "service" for m in g["members"]))
    local = [m for m in group["members"] if "medway" in councils_of.get(m["iri"], {"medway"})]
    assert group["members"][: len(local)] == local, "the council's first"
    assert linked_first([linked(m["iri"]) for m in local])


def test_home_map_puts_the_broader_need_first(client, store):
    need = "anxiety"
    query = "SELECT ?b WHERE { ?n <http://www.w3.org/2004/02/skos/core#broader>+ ?b }"
    broader = [row["b"].value for row in store.select(query, {"n": NamedNode(f"{ID}need/{need}")})]
    home = lambda query: client.get("/" + query, headers={"Accept": "application/json"}).get_json()  # noqa: E731
    plain = next(g for g in home("")["groups"] if g["key"] == "needs")["members"]
    data = home(f"?need={need}&area=medway")
    needs = next(g for g in data["groups"] if g["key"] == "needs")["members"]
    assert broader and plain[0]["iri"] not in broader, "the test needs a need whose broader need is not first already"
    assert needs[0]["iri"] in broader
    assert sorted(m["iri"] for m in needs) == sorted(m["iri"] for m in plain)
    areas = next(g for g in data["groups"] if g["key"] == "areas")["members"]
    assert areas[0]["iri"] == ID + "area/medway"
    assert data["context"]["needs"] == [need] and data["context"]["area"] == "medway"


def suggestions(client, query: str) -> dict:
    response = client.get("/search/suggest?" + query)
    assert response.status_code == 200, query
    return response.get_json()


def test_suggestions_without_context_report_none(client):
    data = suggestions(client, "q=autis")
    assert data["context"] == {"area": None, "source": None, "age": None, "needs": [], "all_areas": False}
    assert data["suggestions"] and all(s["where"] == "local" for s in data["suggestions"])
    assert not any(s["need_linked"] for s in data["suggestions"])


def test_suggestions_put_the_council_first_and_report_it(client, councils_of):
    plain = suggestions(client, "q=autism")["suggestions"]
    elsewhere = [i for i, s in enumerate(plain) if councils_of.get(s["iri"]) and "medway" not in councils_of[s["iri"]]]
    assert elsewhere and elsewhere[0] < len(plain) - 1, "other councils' records are suggested without a context"
    data = suggestions(client, "q=autism&area=medway")
    assert data["context"]["area"] == "medway" and data["context"]["source"] == "address"
    wheres = []
    for s in data["suggestions"]:
        councils = councils_of.get(s["iri"], set())
        where = "elsewhere" if councils and "medway" not in councils else "local"
        assert s["where"] == where, s["label"]
        assert "area=medway" in s["url"]
        wheres.append(where == "local")
    assert wheres == sorted(wheres, reverse=True), "the council's (and no council's) first"
    assert any("medway" in councils_of.get(s["iri"], set()) for s in data["suggestions"])


def test_suggestions_put_need_linked_names_first(client, linked):
    reordered = 0
    for text in ("speech", "short", "care", "school", "sleep", "therapy"):
        plain = suggestions(client, f"q={text}")["suggestions"]
        data = suggestions(client, f"q={text}&need={NEED}")
        assert data["context"]["needs"] == [NEED]
        flags = [linked(s["iri"]) for s in data["suggestions"]]
        assert [s["need_linked"] for s in data["suggestions"]] == flags, text
        assert linked_first(flags), text
        reordered += not linked_first([linked(s["iri"]) for s in plain])
    assert reordered, "for some words the need changed the order"


def test_suggestions_refuse_a_bad_context_naming_it(client):
    for query, name in (("q=autis&need=not-a-need", "need"), ("q=autis&area=narnia", "area"), ("q=au&age=99", "age")):
        response = client.get("/search/suggest?" + query)
        assert response.status_code == 400
        assert f"'{name}'" in response.get_data(as_text=True).replace("&#39;", "'")
