"""Node IRIs for JSON-LD clients (issue 15): what jsonld.js, the JSON-LD playground and pyld send
(`Accept: application/ld+json, application/json`) gets JSON-LD, not the page's JSON twin; the JSON-LD is
compacted with the project's prefixes in an `@context`, and still expands to exactly the triples of the
Turtle answer, proved with two independent processors (pyld fetching from the served app, and rdflib).
The other names Turtle goes by (`text/n3`, `application/x-turtle`, `application/turtle`) are understood."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace

import pytest
import rdflib
from pyld import jsonld
from rdflib.compare import isomorphic
from server_process import app_server

from graph_app.namespaces import PREFIXES

ID = "https://w3id.org/se7-local-offer/id/"
NODES = ["need/autism", "area/kent", "pathway/ehc-needs-assessment", "clause/cfa-2014-s30"]
JSONLD_CLIENTS = "application/ld+json, application/json"  # jsonld.js, the playground, pyld


def turtle_graph(client, node: str) -> rdflib.Graph:
    response = client.get(f"/id/{node}.ttl")
    assert response.status_code == 200
    return rdflib.Graph().parse(data=response.get_data(as_text=True), format="turtle")


@pytest.mark.parametrize("node", NODES)
def test_jsonld_clients_get_compacted_jsonld_that_expands_to_the_same_triples(client, node):
    response = client.get(f"/id/{node}", headers={"Accept": JSONLD_CLIENTS})
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/ld+json")
    document = json.loads(response.get_data())
    context = document["@context"]
    assert context["skos"] == PREFIXES["skos"] and context["lo"] == PREFIXES["lo"] and context["id"] == ID
    nodes = document.get("@graph", [document])
    described = [n for n in nodes if n.get("@id") in (ID + node, f"id:{node}")]
    assert len(described) == 1
    properties = [key for key in described[0] if not key.startswith("@")]
    assert properties and all(key.split(":", 1)[0] in PREFIXES for key in properties), properties  # compacted
    expected = turtle_graph(client, node)
    assert len(expected) > 3
    # rdflib reads it back to the same graph
    assert isomorphic(rdflib.Graph().parse(data=response.get_data(as_text=True), format="json-ld"), expected)
    # pyld (an independent processor) expands it, and its RDF is the same graph
    nquads = jsonld.to_rdf(document, {"format": "application/n-quads"})
    assert isomorphic(rdflib.Graph().parse(data=nquads, format="nt"), expected)
    # the .jsonld file is the same document
    assert json.loads(client.get(f"/id/{node}.jsonld").get_data()) == document


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        (JSONLD_CLIENTS, "application/ld+json"),
        ("application/json, application/ld+json", "application/ld+json"),  # JSON-LD at the same q still wins
        ("application/ld+json;profile=http://www.w3.org/ns/json-ld#compacted", "application/ld+json"),
        ("application/json", "application/json"),  # the page's JSON twin, as before
        ("application/json, application/ld+json;q=0.5", "application/json"),
        ("text/n3", "text/turtle"),
        ("application/x-turtle", "text/turtle"),
        ("application/turtle", "text/turtle"),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html"),  # a browser
        ("*/*", "text/html"),
        ("application/xml,application/xhtml+xml,text/html;q=0.9,text/plain;q=0.8,*/*;q=0.5", "text/html"),  # old Safari
    ],
)
def test_node_accept_headers(client, accept, media):
    response = client.get("/id/need/autism", headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["Content-Type"].split(";")[0] == media
    assert "Accept" in response.headers["Vary"]
    if media == "text/turtle":
        assert isomorphic(
            rdflib.Graph().parse(data=response.get_data(as_text=True)), turtle_graph(client, "need/autism")
        )


@pytest.fixture(scope="module")
def server(served, tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("jsonld-clients") / "var"
    shutil.copytree(served.data_dir, data_dir, symlinks=True)
    with app_server(replace(served, data_dir=data_dir, private_db_path=None), ready_path="/glossary") as url:
        yield url


@pytest.mark.slow
def test_pyld_fetching_from_the_served_app(server, client):
    """pyld's own document loader (requests, Accept: application/ld+json, application/json) over HTTP."""
    for node in NODES[:2]:
        expanded = jsonld.expand(f"{server}/id/{node}")
        assert expanded and all(not key.startswith(("skos:", "lo:")) for item in expanded for key in item)
        nquads = jsonld.to_rdf(expanded, {"format": "application/n-quads"})
        assert isomorphic(rdflib.Graph().parse(data=nquads, format="nt"), turtle_graph(client, node))
        context = {"skos": PREFIXES["skos"], "rdfs": PREFIXES["rdfs"]}
        compacted = json.dumps(jsonld.compact(f"{server}/id/{node}", {"@context": context}))
        assert '"skos:prefLabel"' in compacted or '"rdfs:label"' in compacted
