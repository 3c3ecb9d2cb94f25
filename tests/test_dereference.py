"""Every IRI the site announces dereferences: each address in the sitemap (all its files) and each IRI the
VoID/DCAT dataset description names under our own base answers 200, through the real app over the real
build: every sitemap address to an RDF client (Turtle), and to a browser (HTML) every address that is not a
record plus the first few records of each kind (each kind's page is one template; drawing all 4,000 took
40 s for no further reach). The dataset description's IRIs are walked in both."""

from __future__ import annotations

import re
from urllib.parse import urldefrag, urlsplit

import rdflib

BASE = "https://w3id.org/se7-local-offer/"  # the data's IRI base: the site answers for what is under it
ID = BASE + "id/"
SITE = "http://localhost/"  # where the Flask test client answers
LOC = re.compile(r"<loc>([^<]+)</loc>")
ACCEPTS = ("text/html", "text/turtle")


def _path(address: str) -> str:
    """The site path that answers for an address: IRIs under the base (nodes, the vocabulary) by their path
    under it, the site's own addresses as they are."""
    address = urldefrag(address)[0]
    if address.startswith(BASE):
        return "/" + address[len(BASE) :]
    parts = urlsplit(address)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _sitemap_addresses(client) -> list[str]:
    """The addresses of every urlset, following a sitemap index to each of its files."""
    found: list[str] = []
    pending = ["/sitemap.xml"]
    while pending:
        response = client.get(pending.pop())
        assert response.status_code == 200
        body = response.get_data(as_text=True)
        if "<sitemapindex" in body:
            pending += [_path(loc) for loc in LOC.findall(body)]
        else:
            found += LOC.findall(body)
    return found


def _failures(client, addresses: list[str], accepts: tuple[str, ...] = ACCEPTS) -> list[tuple[str, str, int]]:
    failed = []
    for address in addresses:
        for accept in accepts:
            status = client.get(_path(address), headers={"Accept": accept}).status_code
            if status != 200:
                failed.append((address, accept, status))
    return failed


def _kind(address: str) -> str:
    return address.split("/id/", 1)[1].split("/")[0] if "/id/" in address else address


def _a_few_of_each_kind(addresses: list[str], per_kind: int = 3) -> list[str]:
    """Every address that is not a record, and the first few records of each kind: an HTML page is drawn by
    its kind's template, so this reaches every template while the Turtle walk reaches every record."""
    seen: dict[str, int] = {}
    chosen = []
    for address in addresses:
        kind = _kind(address)
        if seen.get(kind, 0) < per_kind:
            seen[kind] = seen.get(kind, 0) + 1
            chosen.append(address)
    return chosen


def _undescribed(app, addresses: list[str]) -> list[str]:
    """The record addresses the app's own store holds no statement about (one query for all of them: the
    condition under which /id/<kind>/<slug> answers 404 to an RDF client)."""
    from graph_app.web.core.graph import get_graph

    records = sorted({a for a in addresses if a.startswith(ID)})
    values = " ".join(f"<{a}>" for a in records)
    with app.app_context():
        rows = get_graph().store.select(f"SELECT DISTINCT ?s WHERE {{ VALUES ?s {{ {values} }} ?s ?p ?o }}")
    return sorted(set(records) - {row["s"].value for row in rows})


def test_every_sitemap_address_dereferences_as_html_and_turtle(client):
    """Every record address is routed (the app's own NODE_PATH and KINDS) and described in the store, and the
    real Turtle answer is fetched for the first 25 of each kind and every address that is not a record (one
    GET per record, 4,800 of them, took 50 s to 3 min of the suite for no further reach: the answer is one
    query per kind's template, and a record missing from the store is caught by the query above)."""
    from graph_app.namespaces import KINDS
    from graph_app.web.publish.linked_data import NODE_PATH

    addresses = _sitemap_addresses(client)
    kinds = {_kind(a) for a in addresses if "/id/" in a}
    # the kinds that were 404 before (population estimates) are walked, not skipped
    assert {"population", "service", "setting", "dataset"} <= kinds
    assert len(addresses) > 1000
    unrouted = [a for a in addresses if a.startswith(ID) and not _routed(_path(a), NODE_PATH, KINDS)]
    assert unrouted == []
    assert _undescribed(client.application, addresses) == []  # every record exists
    assert _failures(client, _a_few_of_each_kind(addresses, 25), ("text/turtle",)) == []  # and is served
    assert _failures(client, _a_few_of_each_kind(addresses), ("text/html",)) == []


def _routed(path: str, node_path, kinds) -> bool:
    match = node_path.match(path)
    return match is not None and match.group(1) in kinds


def _void_iris(client) -> set[str]:
    response = client.get("/.well-known/void", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    graph = rdflib.Graph().parse(data=response.get_data(as_text=True), format="turtle")
    terms = {term for triple in graph for term in triple if isinstance(term, rdflib.URIRef)}
    return {str(t) for t in terms if str(t).startswith((BASE, SITE))}


def test_every_iri_the_dataset_description_names_dereferences(client):
    named = _void_iris(client)
    # the publisher and the example resources are node IRIs; the endpoint, dumps and landing page the site's
    assert ID + "organisation/se7" in named
    assert {SITE + "sparql", SITE, SITE + "dumps/all.nt.gz"} <= named
    assert any(iri.startswith(ID + "service/") for iri in named)
    assert BASE + "def#" in named  # void:vocabulary, served at /def
    assert _failures(client, sorted(named)) == []


def test_the_publisher_is_a_record_with_a_source(client):
    """The SE7 partnership is in data/ (not only in the VoID), so its page and RDF say where it comes from."""
    turtle = client.get("/id/organisation/se7", headers={"Accept": "text/turtle"}).get_data(as_text=True)
    graph = rdflib.Graph().parse(data=turtle, format="turtle")
    se7 = rdflib.URIRef(ID + "organisation/se7")
    assert (se7, rdflib.DCTERMS.source, rdflib.URIRef(ID + "dataset/se7-framework")) in graph
    assert (se7, rdflib.RDF.type, rdflib.FOAF.Organization) in graph
    page = client.get("/id/organisation/se7", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "The SE7 councils" in page


def test_a_population_estimate_dereferences_with_its_area(client):
    turtle = client.get("/id/population/kent-2024", headers={"Accept": "text/turtle"}).get_data(as_text=True)
    graph = rdflib.Graph().parse(data=turtle, format="turtle")
    lo = rdflib.Namespace("https://w3id.org/se7-local-offer/def#")
    assert (rdflib.URIRef(ID + "population/kent-2024"), lo.forArea, rdflib.URIRef(ID + "area/kent")) in graph


def test_the_vocabulary_answers_at_its_address(client):
    """/def: each term of the vocabulary (def#Service) has an entry anchored by its name on the page, and
    its statements in Turtle."""
    turtle = client.get("/def", headers={"Accept": "text/turtle"})
    assert turtle.status_code == 200 and turtle.headers["Content-Type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=turtle.get_data(as_text=True), format="turtle")
    lo = rdflib.Namespace(BASE + "def#")
    assert (lo.Service, rdflib.RDF.type, rdflib.OWL.Class) in graph
    terms = {str(s) for s in graph.subjects(rdflib.RDF.type, None) if str(s).startswith(BASE + "def#")}
    page = client.get("/def", headers={"Accept": "text/html"}).get_data(as_text=True)
    missing = [t for t in terms if f'id="{t.removeprefix(BASE + "def#")}"' not in page and _is_term(graph, t)]
    assert len(terms) > 100 and missing == []


def _is_term(graph: rdflib.Graph, iri: str) -> bool:
    """Classes and properties are listed on the page; individuals (values such as lo:Verified) are not."""
    owl = rdflib.OWL
    kinds = {owl.Class, owl.ObjectProperty, owl.DatatypeProperty, owl.AnnotationProperty}
    return bool(kinds & set(graph.objects(rdflib.URIRef(iri), rdflib.RDF.type)))
