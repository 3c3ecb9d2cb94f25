"""/sparql: read-only, time-limited, capped, rate-limited, federation refused, every format."""

from __future__ import annotations

import time

import pytest
import rdflib

SELECT = "SELECT ?s ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label } LIMIT 20"
CONSTRUCT = "CONSTRUCT WHERE { ?s a <https://w3id.org/se7-local-offer/def#AgeBand> }"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture
def make_client(built, make_app):
    """A client of a new app over the build, with the config keys given (conftest's make_app closes it)."""
    return lambda **config: make_app(built, **config).test_client()


@pytest.mark.parametrize(
    ("request_kwargs"),
    [
        {
            "method": "POST",
            "data": "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
            "content_type": "application/sparql-update",
        },
        {"method": "POST", "data": {"update": "CLEAR ALL"}},
        {"method": "GET", "query_string": {"update": "CLEAR ALL"}},
        {"method": "GET", "query_string": {"query": "PREFIX x: <urn:x#> DROP ALL"}},
        {
            "method": "POST",
            "data": "# a comment\nDELETE WHERE { ?s ?p ?o }",
            "content_type": "application/sparql-query",
        },
    ],
)
def test_updates_are_refused_and_nothing_changes(make_client, embedded_store, request_kwargs):
    client = make_client()
    before = embedded_store.triple_count()
    response = client.open("/sparql", **request_kwargs)
    assert response.status_code == 403
    assert "read-only" in response.get_data(as_text=True)
    assert embedded_store.triple_count() == before


def test_runaway_query_is_stopped_and_the_server_keeps_serving(make_client):
    client = make_client(SPARQL_TIMEOUT_S=2)
    start = time.monotonic()
    stopped = client.get("/sparql", query_string={"query": RUNAWAY})
    elapsed = time.monotonic() - start
    assert stopped.status_code == 422  # the query's fault, not the server's: never a 5xx (issue 8)
    assert "2 second limit" in stopped.get_data(as_text=True)
    assert elapsed < 6
    again = client.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"})
    assert again.status_code == 200
    assert again.get_json()["boolean"] is True


def test_row_cap_truncates_visibly(make_client):
    client = make_client(SPARQL_ROW_CAP=5)
    response = client.get("/sparql", query_string={"query": SELECT})
    assert response.headers["X-SPARQL-Truncated"] == "true"
    assert len(response.get_json()["results"]["bindings"]) == 5
    small = client.get("/sparql", query_string={"query": SELECT.replace("LIMIT 20", "LIMIT 3")})
    assert small.headers["X-SPARQL-Truncated"] == "false"
    page = client.get("/sparql", query_string={"query": SELECT, "view": "html"})
    assert "Truncated: only the first 5 rows" in page.get_data(as_text=True)


def test_clients_over_budget_get_429_with_retry_after(make_client):
    client = make_client(SPARQL_RATE=(3, 60.0))
    codes = [client.get("/sparql", query_string={"query": "ASK {}"}).status_code for _ in range(3)]
    assert codes == [200, 200, 200]
    refused = client.get("/sparql", query_string={"query": "ASK {}"})
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) >= 1


def test_large_bodies_are_refused(make_client):
    client = make_client(SPARQL_MAX_BODY=100)
    response = client.post("/sparql", data="ASK { " + "?s ?p ?o . " * 50 + "}", content_type="application/sparql-query")
    assert response.status_code == 413


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
        "select * where { service silent <http://10.0.0.1/> { ?s ?p ?o } }",
    ],
)
def test_federation_is_refused(make_client, query):
    response = make_client().get("/sparql", query_string={"query": query})
    assert response.status_code == 400
    assert "SERVICE" in response.get_data(as_text=True)


def test_the_word_service_inside_a_string_is_fine(make_client):
    response = make_client().get("/sparql", query_string={"query": 'ASK { FILTER("SERVICE" != "") }'})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        "PREFIX lo: <https://w3id.org/se7-local-offer/def#> ASK { ?s a lo:Service }",
        "ASK { ?s ?p <https://w3id.org/se7-local-offer/id/service/a-health-service> }",
        "SELECT ?service WHERE { ?service ?p ?o } LIMIT 1",
    ],
)
def test_the_word_service_in_names_iris_and_variables_is_fine(make_client, query):
    assert make_client().get("/sparql", query_string={"query": query}).status_code == 200


@pytest.mark.parametrize(
    ("accept", "mime"),
    [
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
    ],
)
def test_select_formats(make_client, accept, mime):
    response = make_client().get("/sparql", query_string={"query": SELECT}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith(mime)
    text = response.get_data(as_text=True)
    assert "label" in text
    if mime == "text/csv":
        assert len(text.strip().splitlines()) == 21


@pytest.mark.parametrize(
    ("accept", "rdflib_format"),
    [
        ("text/turtle", "turtle"),
        ("application/ld+json", "json-ld"),
        ("application/n-triples", "nt"),
        ("application/rdf+xml", "xml"),
    ],
)
def test_construct_formats_parse_to_the_same_graph(make_client, accept, rdflib_format):
    response = make_client().get("/sparql", query_string={"query": CONSTRUCT}, headers={"Accept": accept})
    assert response.status_code == 200
    graph = rdflib.Graph().parse(data=response.get_data(as_text=True), format=rdflib_format)
    assert len(graph) == 5


def test_unsupported_accept_is_406(make_client):
    response = make_client().get("/sparql", query_string={"query": SELECT}, headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert "text/csv" in response.get_data(as_text=True)


def test_service_description(make_client):
    response = make_client().get("/sparql", headers={"Accept": "text/turtle"})
    graph = rdflib.Graph().parse(data=response.get_data(as_text=True), format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    assert (None, sd.endpoint, None) in graph
    assert (None, sd.supportedLanguage, sd.SPARQL11Query) in graph


def test_editor_works_without_javascript(make_client):
    client = make_client()
    form = client.get("/sparql", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "<textarea" in form and 'name="query"' in form
    result = client.get("/sparql", query_string={"query": SELECT, "view": "html"})
    html = result.get_data(as_text=True)
    assert result.status_code == 200
    assert html.count('<tr class="govuk-table__row">') == 21
    assert "format=csv" in html
    bad = client.get("/sparql", query_string={"query": "SELECT ?x WHERE {", "view": "html"})
    assert bad.status_code == 400
    assert "The query could not be run" in bad.get_data(as_text=True)
    escaped = client.get("/sparql", query_string={"query": 'SELECT ("<script>x</script>" AS ?x) {}', "view": "html"})
    assert "<script>x</script>" not in escaped.get_data(as_text=True)
