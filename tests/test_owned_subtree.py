"""An imported place is removed whole (issue 18): an ORUK import gives a service's place (lo:Venue) nodes of its
own, its address (lo:hasAddress) and accessibility (lo:hasAccessibility), named after the service. Removing
the place on the service's form removes them too, so no statement about any of them is left in the graph;
the version before the removal holds them, so a rollback brings all of them back. Real importer table
(importers/oruk_parts.py), real live publish, real store and private database, Flask test client."""

from __future__ import annotations

import re

import pytest
import rdflib
from live_helpers import LO, copy_build, current_store, form_data, ntriples, statements
from staff_helpers import csrf_from, login, make_staff

from graph_app.importers import oruk_parts
from graph_app.importers.records import Record
from graph_app.live import Replace
from graph_app.live.publisher import publish
from graph_app.private import open_private_db

ID = "https://w3id.org/se7-local-offer/id/"
LOCATION = {  # an ORUK location as a feed gives it, with one address and one accessibility entry
    "id": "loc-1",
    "name": "Oak Hall community centre",
    "location_type": "physical",
    "addresses": [{"id": "addr-1", "address_1": "1 High Street", "city": "Tonbridge", "postal_code": "TN9 1AA"}],
    "accessibility": [{"id": "acc-1", "accessibility": "Step-free entrance", "details": "Ramp at the side door."}],
}


@pytest.fixture(scope="module")
def tree_settings(built, tmp_path_factory):
    return copy_build(built, tmp_path_factory.mktemp("owned-subtree") / "data")


@pytest.fixture(scope="module")
def tree_app(tree_settings, make_module_app):
    return make_module_app(tree_settings)


@pytest.fixture(scope="module")
def imported(tree_settings) -> tuple[str, str, list[str]]:
    """(provider, slug, the place's nodes) of a sample service given an imported place, published live."""
    store = current_store(tree_settings)
    row = store.select(
        f"SELECT ?p ?s WHERE {{ ?s a <{LO}Service> ; <{LO}providedBy> ?p "
        f"FILTER NOT EXISTS {{ ?s <{LO}deliveredAt> ?v }} }} ORDER BY ?s LIMIT 1"
    )[0]
    service = row["s"].value
    record = Record("service", "test", rdflib.URIRef(service))
    oruk_parts.add_venues({"service_at_locations": [{"location": LOCATION}]}, record)
    graph = rdflib.Graph()
    for triple in record.triples:
        graph.add(triple)
    by_subject: dict[str, list[str]] = {}
    for line in graph.serialize(format="nt").splitlines():
        if line.strip():
            by_subject.setdefault(line.split(" ", 1)[0][1:-1], []).append(line)
    own = sorted(s for s in by_subject if s != service)
    changes = [Replace(s, "\n".join(by_subject[s])) for s in own]
    changes.append(Replace(service, ntriples(statements(store, service)) + "\n" + "\n".join(by_subject[service])))
    publish(tree_settings, changes, actor="test import", summary="An ORUK import's place")
    return row["p"].value, service.rsplit("/", 1)[-1], own


def _mentions(settings, nodes: list[str]) -> list[str]:
    values = " ".join(f"<{n}>" for n in nodes)
    rows = current_store(settings).select(
        f"SELECT ?s ?p ?o WHERE {{ VALUES ?n {{ {values} }} "
        "{ ?n ?p ?o BIND(?n AS ?s) } UNION { ?s ?p ?n BIND(?n AS ?o) } }"
    )
    return [f"{r['s']} {r['p']} {r['o']}" for r in rows]


def _venue_form(client, slug: str) -> dict[str, list[str]]:
    html = client.get(f"/staff/records/service/{slug}/edit").get_data(as_text=True)
    data = form_data(html)
    for key in ("sub-cost-count", "sub-venue-count", "sub-schedule-count", "sub-contact-count"):
        if found := re.search(rf'name="{key}" value="(\d+)"', html):
            data[key] = [found.group(1)]
    for name, value in re.findall(r'type="hidden" name="(sub-[a-z]+-\d+-iri)" value="([^"]+)"', html):
        data[name] = [value]
    data["csrf_token"] = [csrf_from(html)]
    return data


def test_the_import_gives_the_place_an_address_and_accessibility_of_its_own(tree_settings, imported):
    _provider, slug, own = imported
    kinds = {n[len(ID) :].split("/", 1)[0] for n in own}
    assert kinds == {"venue", "address", "accessibility"}, own
    assert all(f"/service-{slug}-" in n for n in own)  # each named after the service (live/dependents.py)


def test_a_save_that_leaves_the_place_alone_keeps_it_whole(tree_app, tree_settings, imported):
    """Its imported accessibility node is offered on the form, ticked, so an unchanged save keeps it."""
    provider, slug, own = imported
    client = tree_app.test_client()
    user, password = make_staff(tree_settings, "editor", provider)
    assert login(client, user.email, password).status_code == 303
    feature = next(n for n in own if "/accessibility/" in n)
    data = _venue_form(client, slug)
    assert feature in [v for k, values in data.items() if k.endswith("-lo-hasAccessibility") for v in values]
    data["checked-whole-record"] = ["no"]
    response = client.post(f"/staff/records/service/{slug}/edit", data=data)
    assert response.status_code == 303, response.get_data(as_text=True)[:3000]
    found = _mentions(tree_settings, own)
    assert all(any(n in m for m in found) for n in own)
    venue = next(n for n in own if "/venue/" in n)
    assert f"<{venue}> <{LO}hasAccessibility> <{feature}>" in found


def test_removing_the_place_removes_its_whole_subtree_and_a_rollback_restores_it(tree_app, tree_settings, imported):
    provider, slug, own = imported
    client = tree_app.test_client()
    user, password = make_staff(tree_settings, "editor", provider)
    assert login(client, user.email, password).status_code == 303
    venue = next(n for n in own if "/venue/" in n)
    data = _venue_form(client, slug)
    number = next(k.split("-")[2] for k, v in data.items() if re.fullmatch(r"sub-venue-\d+-iri", k) and v == [venue])
    data[f"sub-venue-{number}-remove"] = ["yes"]
    data["checked-whole-record"] = ["no"]
    response = client.post(f"/staff/records/service/{slug}/edit", data=data)
    assert response.status_code == 303, response.get_data(as_text=True)[:3000]
    assert _mentions(tree_settings, own) == []  # no statement about the place, its address or accessibility

    # versions: the one before the removal holds all three nodes; rolling back to it brings them back
    from graph_app.live import versions

    db = open_private_db(tree_settings)
    service = f"{ID}service/{slug}"
    latest = versions.latest(db, service)
    assert all(f"<{n}>" not in latest.ntriples for n in own)
    before = versions.get(db, service, latest.number - 1)
    assert all(f"<{n}>" in before.ntriples for n in own)
    history = client.get(f"/staff/records/service/{slug}/versions").get_data(as_text=True)
    response = client.post(
        f"/staff/records/service/{slug}/versions/{before.number}/rollback",
        data={"csrf_token": csrf_from(history), "based_on": str(latest.number)},
    )
    assert response.status_code == 303
    mentioned = " ".join(_mentions(tree_settings, own))
    assert all(n in mentioned for n in own)
    assert "TN9 1AA" in tree_app.test_client().get(f"/id/service/{slug}").get_data(as_text=True)
