"""Where records are for and whom (their councils and ages: web/core/context.places) is kept per store version
(issue 20): a hub page split by the family's council and age asks the store only for records it has not read in
this version, the kept answers are the store's, and a publish (a new version) is seen at once. Real store, real
live publish, Flask test client."""

from __future__ import annotations

import pytest
from live_helpers import LO, copy_build, current_store, ntriples, statements
from pyoxigraph import NamedNode
from query_log import views_without_kept
from test_queries_run import LIBRARY

from graph_app.live import Replace
from graph_app.live.publisher import publish
from graph_app.web.core.context import Place, places

ID = "https://w3id.org/se7-local-offer/id/"
KENT = ID + "area/kent"


def busiest_topic(store) -> str:
    rows = store.select(
        f"SELECT ?t (COUNT(?s) AS ?c) WHERE {{ ?s <{LO}aboutHeading> ?t }} GROUP BY ?t ORDER BY DESC(?c) ?t LIMIT 1"
    )
    return rows[0]["t"].value


@pytest.mark.parametrize("context", ["?area=kent", "?area=medway&age=4"])
def test_a_second_view_asks_for_no_place_it_has_read(app, client, caplog, monkeypatch, embedded_store, context):
    path = "/id/" + busiest_topic(embedded_store)[len(ID) :] + context
    (first, first_html), (again, again_html) = views_without_kept(app, client, caplog, monkeypatch, path, "places")
    assert "navigate/context_places" in first
    assert "navigate/context_places" not in again
    assert again_html == first_html


def store_places(store, iris: list[str]) -> dict[str, Place]:
    """The places as the query gives them, worked out here without the web layer."""
    found: dict[str, dict] = {iri: {"councils": set(), "min": None, "max": None} for iri in iris}
    for row in LIBRARY.select(store, "navigate/context_places", node=[NamedNode(i) for i in iris]):
        entry = found[row["node"].value]
        if "council" in row:
            entry["councils"].add(row["council"].value.removeprefix(ID + "area/"))
        for key, var in (("min", "minAge"), ("max", "maxAge")):
            if var in row:
                entry[key] = int(row[var].value)
    return {iri: Place(frozenset(e["councils"]), e["min"], e["max"]) for iri, e in found.items()}


def test_kept_places_are_the_stores(app, embedded_store):
    rows = embedded_store.select(
        f"SELECT DISTINCT ?s WHERE {{ {{ ?s a <{LO}Service> }} UNION {{ ?s a <{LO}Setting> }} }} ORDER BY ?s LIMIT 60"
    )
    iris = [r["s"].value for r in rows] + [KENT, ID + "need/autism"]  # and two nodes with no place of their own
    want = store_places(embedded_store, iris)
    assert any(p.councils for p in want.values()) and any(p.min_age is not None for p in want.values())
    with app.test_request_context("/"):
        cold = places(iris[::2])  # some may be kept by earlier tests: half asked, half kept
        warm = places(iris)
        again = places(iris[::-1])
    assert {i: cold[i] for i in iris[::2]} == {i: want[i] for i in iris[::2]}
    assert warm == again == want


@pytest.fixture(scope="module")
def places_settings(built, tmp_path_factory):
    return copy_build(built, tmp_path_factory.mktemp("places-cache") / "data")


def test_a_publish_moves_a_service_at_once(places_settings, make_module_app):
    """A service now serving Kent, for ages 3 to 9: the kept places of the version before are not used."""
    app = make_module_app(places_settings)
    store = current_store(places_settings)
    service = store.select(
        f"SELECT ?s WHERE {{ ?s a <{LO}Service> ; <{LO}servesArea> ?a . FILTER(?a != <{KENT}>) }} ORDER BY ?s LIMIT 1"
    )[0]["s"].value
    with app.test_request_context("/"):
        before = places([service])[service]
    assert before.councils and before.councils != {"kent"}
    moved = (LO + "servesArea", LO + "inLocalOfferOf", LO + "minAge", LO + "maxAge")
    kept = [t for t in statements(store, service) if t.predicate.value not in moved]
    del store
    publish(
        places_settings,
        [
            Replace(
                service,
                ntriples(kept)
                + f"\n<{service}> <{LO}servesArea> <{KENT}> ."
                + f'\n<{service}> <{LO}minAge> "3"^^<http://www.w3.org/2001/XMLSchema#integer> .'
                + f'\n<{service}> <{LO}maxAge> "9"^^<http://www.w3.org/2001/XMLSchema#integer> .',
            )
        ],
        actor="test places cache",
        summary="A service moved to Kent",
    )
    with app.test_request_context("/"):
        after = places([service])[service]
    assert after == store_places(current_store(places_settings), [service])[service]
    assert "kent" in after.councils and (after.min_age, after.max_age) == (3, 9)
    assert after != before
