"""The W3C SPARQL 1.1 Protocol tests, read from the manifest in ../shared/reference and sent to the
real app. The update tests must get the read-only refusal (403) instead of success."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS

from graph_app.config import Settings
from tests.server_process import oxigraph_binary, oxigraph_process

W3C = Path(__file__).resolve().parents[2] / "shared" / "reference" / "w3c-sparql11-protocol"
if not W3C.exists():  # CI has ../shared beside the clone; a developer's checkout may sit elsewhere
    W3C = Path(os.environ.get("SHARED_DIR", "/work/shared")) / "reference" / "w3c-sparql11-protocol"
REMOTE = os.environ.get("GRAPH_APP_TEST_STORE", "embedded") == "remote"  # as in conftest.py
MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = rdflib.Namespace("http://www.w3.org/2011/http#")
CNT = rdflib.Namespace("http://www.w3.org/2011/content#")
UT = rdflib.Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HTS = rdflib.Namespace("http://www.w3.org/2011/http-statusCodes#")


def load_manifest() -> tuple[rdflib.Graph, list[rdflib.URIRef]]:
    graph = rdflib.Graph().parse(W3C / "manifest.ttl", format="turtle")
    manifest = next(graph.subjects(RDF.type, MF.Manifest))
    return graph, list(Collection(graph, graph.value(manifest, MF.entries)))


GRAPH, ENTRIES = load_manifest()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """This module's store: the manifest's data files in the named graphs it expects, read embedded or (in
    remote mode, GRAPH_APP_TEST_STORE=remote) through a real `oxigraph serve` over the same store, so the
    protocol tests run in both modes. It overrides conftest's `served` (the project's build) for this module."""
    data_dir = tmp_path_factory.mktemp("w3c")
    build = data_dir / "builds" / "w3c-protocol"
    build.mkdir(parents=True)
    store = ox.Store(str(build / "oxigraph"))
    for entry in ENTRIES:
        for data in GRAPH.objects(entry, UT.graphData):
            name = ox.NamedNode(str(GRAPH.value(data, RDFS.label)))
            path = Path(str(GRAPH.value(data, UT.graph)).replace("file://", ""))
            store.load(path=str(W3C / path.name), format=ox.RdfFormat.N_TRIPLES, to_graph=name)
    store.flush()
    del store
    (data_dir / "current").symlink_to(Path("builds") / "w3c-protocol")
    settings = replace(Settings(), data_dir=data_dir)
    if not REMOTE:
        yield settings
        return
    with oxigraph_process(oxigraph_binary(), build / "oxigraph") as server:
        yield replace(settings, sparql_url=server.url + "/query")


@pytest.fixture(scope="module")
def protocol_app(served, make_module_app):
    """The app over the manifest's store."""
    return make_module_app(served, SPARQL_RATE=(10_000, 60.0))


def requests_of(entry):
    action = GRAPH.value(entry, MF.action)
    return list(Collection(GRAPH, GRAPH.value(action, HT.requests)))


def expected_statuses(response_node) -> set[str]:
    return {str(s).rsplit("#", 1)[1] for s in GRAPH.objects(response_node, MF.expectedStatus)}


def is_update_test(entry) -> bool:
    name = str(entry).rsplit("#", 1)[1]
    return name.startswith("update_")


@pytest.mark.parametrize("entry", ENTRIES, ids=[str(e).rsplit("#", 1)[1] for e in ENTRIES])
def test_w3c_protocol(protocol_app, entry):
    client = protocol_app.test_client()
    for req in requests_of(entry):
        method = str(GRAPH.value(req, HT.methodName))
        path = str(GRAPH.value(req, HT.absolutePath))
        body_node = GRAPH.value(req, HT.body)
        body = str(GRAPH.value(body_node, CNT.chars)) if body_node is not None else None
        headers = {}
        header_list = GRAPH.value(req, HT.headers)
        if header_list is not None:
            for header in Collection(GRAPH, header_list):
                headers[str(GRAPH.value(header, HT.fieldName))] = str(GRAPH.value(header, HT.fieldValue))
        content_type = headers.pop("content-type", None)
        data = body.encode("utf-16") if content_type and "UTF-16" in content_type else body
        response = client.open(path, method=method, data=data, content_type=content_type, headers=headers)
        expected = GRAPH.value(req, HT.resp)
        statuses = expected_statuses(expected)
        if is_update_test(entry) and method == "POST" and content_type != "application/sparql-query":
            assert response.status_code == 403, response.get_data(as_text=True)
            assert "read-only" in response.get_data(as_text=True)
            continue
        if is_update_test(entry):
            continue  # the ASK that would check the update's effect cannot apply to a read-only store
        if statuses == {"StatusCode4xx"}:
            assert 400 <= response.status_code < 500, (response.status_code, response.get_data(as_text=True))
            continue
        assert response.status_code < 400, response.get_data(as_text=True)
        fmt = GRAPH.value(expected, MF.expectedFormat)
        mime = response.headers["Content-Type"].split(";")[0]
        if fmt is not None and str(fmt) in ("boolean", "tabular"):
            allowed = {"application/sparql-results+json", "application/sparql-results+xml"}
            if str(fmt) == "tabular":
                allowed |= {"text/csv", "text/tab-separated-values"}
            assert mime in allowed
        elif fmt is not None and str(fmt) == "RDF":
            assert mime in {"application/rdf+xml", "text/turtle", "application/n-triples"}
        boolean = GRAPH.value(expected, MF.expectedBoolean)
        if boolean is not None:
            assert json.loads(response.get_data())["boolean"] is boolean.toPython()


def test_manifest_was_read():
    assert len(ENTRIES) >= 30
