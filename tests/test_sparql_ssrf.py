"""Issue 12, item 1: /sparql never makes the engine call another host. A real HTTP listener on loopback
records every request; a generated set of SERVICE spellings is sent by GET, POST form and POST body, in
embedded and remote mode: the listener is never called and each answer is a 400 naming SERVICE."""

from __future__ import annotations

import http.server
import itertools
import threading
from dataclasses import replace

import pytest


@pytest.fixture(scope="module")
def listener():
    hits: list[str] = []

    class Record(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # http.server's naming
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.end_headers()
            self.wfile.write(b'{"head":{"vars":["s"]},"results":{"bindings":[]}}')

        do_POST = do_GET

        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Record)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", hits
    server.shutdown()


def _u(text: str) -> str:
    """Every letter of `text` as a \\u escape."""
    return "".join(f"\\u{ord(c):04X}" for c in text)


def spellings(url: str) -> list[str]:
    """SERVICE queries in the spellings the grammar (and oxigraph's keyword matching) allow."""
    keywords = [
        "SERVICE",
        "service",
        "SeRvIcE",
        "SERVICE SILENT",
        "service silent",
        "SERVICE#x\nSILENT",
        "SERVICEsilent",
        _u("SERVICE"),
        "\\u0053ERVICE",
        "SERVIC\\u0045 SILENT",
    ]
    prefixes = ["é", "ex", "σ", "服务", "service", "SERVICE", "a.b", "x-y", "é·"]
    gaps = [" ", "\n", "\t", "#c\n", " # SERVICE?\n ", "\r\n"]
    endpoints = [(f"<{url}>", ""), ("<>", f"BASE <{url}>\n"), ("?u", ""), (f"<{_u('h')}ttp{url[4:]}>", "")]
    endpoints += [(f"{p}:x", f"PREFIX {p}: <{url}>\n") for p in prefixes]
    endpoints.append((":x", f"PREFIX : <{url}>\n"))
    queries = []
    for (keyword, gap), (endpoint, prologue) in itertools.product(zip(keywords, itertools.cycle(gaps)), endpoints):
        bind = f"BIND(<{url}> AS ?u) " if endpoint == "?u" else ""
        queries.append(f"{prologue}SELECT * WHERE {{ {bind}{keyword}{gap}{endpoint}{gap}{{ ?s ?p ?o }} }}")
    queries += [
        f"PREFIX : <{url}>\nSELECT * {{ SERVICE:x {{ ?s ?p ?o }} }}",  # read as SERVICE then :x
        f"SELECT * {{ ?a ?b trueSERVICE <{url}> {{ }} }}",
        f"SELECT * {{ {{ {{ SERVICE <{url}> {{ }} }} }} }}",
        f"SELECT * {{ OPTIONAL {{ SERVICE <{url}> {{ }} }} }}",
        f"ASK {{ MINUS {{ SERVICE SILENT <{url}> {{ }} }} }}",
    ]
    return queries


def _sends(client, query: str):
    yield client.get("/sparql", query_string={"query": query})
    yield client.post("/sparql", data={"query": query})
    yield client.post("/sparql", data=query.encode(), content_type="application/sparql-query")


@pytest.mark.parametrize("mode", ["embedded", "remote"])
def test_no_spelling_of_service_reaches_another_host(request, built, listener, mode, make_app):
    url, hits = listener
    settings = (
        built
        if mode == "embedded"
        else replace(built, sparql_url=request.getfixturevalue("oxigraph_server") + "/query")
    )
    client = make_app(settings, SPARQL_RATE=(10**6, 1.0)).test_client()
    queries = spellings(url)
    assert len(queries) > 100
    for query in queries:
        for response in _sends(client, query):
            text = response.get_data(as_text=True)
            assert response.status_code == 400, (query, response.status_code, text)
            assert "SERVICE" in text, (query, text)
    assert hits == []


def test_the_listener_would_be_called_without_the_guard(listener):
    """The test can fail: the engine itself does call the listener for the plainest spelling."""
    import pyoxigraph as ox

    url, hits = listener
    before = len(hits)
    list(ox.Store().query(f"SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}"))
    assert len(hits) == before + 1
    hits.clear()


@pytest.mark.parametrize(
    "query",
    [
        'SELECT ?service WHERE { ?service ?p "SERVICE" } LIMIT 1',
        "PREFIX lo: <https://w3id.org/se7-local-offer/def#>\nSELECT ?s WHERE { ?s a lo:Service } LIMIT 1",
        "ASK { ?s ?p <https://w3id.org/se7-local-offer/id/service/x> } # SERVICE <http://127.0.0.1/>",
        "SELECT ('''SERVICE <http://127.0.0.1/> {}''' AS ?x) {}",
        'SELECT ("\\u0053ERVICE" AS ?x) {}',
        "PREFIX ex: <http://example.org/service/>\nASK { ?s ex:SERVICE ?o }",
        'SELECT ("a"@en-GB AS ?x) (1.5e3 AS ?y) ("1"^^<http://www.w3.org/2001/XMLSchema#int> AS ?z) {}',
    ],
)
def test_ordinary_queries_mentioning_service_still_work(built, query, make_app):
    client = make_app(built).test_client()
    for response in _sends(client, query):
        assert response.status_code == 200, (query, response.get_data(as_text=True))


@pytest.mark.parametrize(
    ("query", "where"),
    [
        ('SELECT * { ?s ?p "open }', "line 1, column 18"),
        ("SELECT * {\n  ?s ?p ?o ` }", "line 2, column 12"),
        ("SELECT * { ?s ?p 'a\nb' }", "line 1, column 18"),
    ],
)
def test_a_query_the_lexer_cannot_read_is_a_400_that_says_where(built, query, where, make_app):
    app = make_app(built)
    response = app.test_client().post("/sparql", data={"query": query})
    assert response.status_code == 400
    assert where in response.get_data(as_text=True)


def test_updates_stay_refused(built, make_app):
    app = make_app(built)
    client = app.test_client()
    for query in (
        "LOAD <http://127.0.0.1:9/x>",
        "PREFIX é: <urn:x> LOAD <http://127.0.0.1:9/x>",
        "# c\nINSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "BASE <urn:x> DROP ALL",
    ):
        assert client.post("/sparql", data={"query": query}).status_code == 403, query
