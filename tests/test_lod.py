"""Linked open data: content negotiation at node IRIs, dumps that round-trip, the VoID/DCAT
description, sitemap and robots."""

from __future__ import annotations

import gzip
import resource
import subprocess
import sys
import textwrap
from dataclasses import replace

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from graph_app.exporters.dumps import export_all

FORMATS = {
    "text/turtle": ("turtle", ".ttl"),
    "application/ld+json": ("json-ld", ".jsonld"),
    "application/rdf+xml": ("xml", ".rdf"),
    "application/n-triples": ("nt", ".nt"),
}
ID = "https://w3id.org/se7-local-offer/id/"


@pytest.mark.parametrize("accept", list(FORMATS))
def test_node_iri_answers_each_rdf_format(client, accept):
    rdflib_format, extension = FORMATS[accept]
    negotiated = client.get("/id/need/autism", headers={"Accept": accept})
    assert negotiated.status_code == 200
    assert negotiated.headers["Content-Type"].startswith(accept)
    assert "Accept" in negotiated.headers["Vary"]
    graph = rdflib.Graph().parse(data=negotiated.get_data(as_text=True), format=rdflib_format)
    autism = rdflib.URIRef(ID + "need/autism")
    assert (autism, rdflib.SKOS.prefLabel, rdflib.Literal("Autism", lang="en")) in graph
    by_extension = client.get(f"/id/need/autism{extension}")
    assert by_extension.status_code == 200
    assert isomorphic(graph, rdflib.Graph().parse(data=by_extension.get_data(as_text=True), format=rdflib_format))


@pytest.mark.parametrize(
    "path", ["/id/need/autism", "/id/area/kent", "/id/pathway/ehc-needs-assessment", "/id/clause/cfa-2014-s30"]
)
def test_node_page_links_to_each_rdf_format_and_the_links_resolve(client, path):
    page = client.get(path, headers={"Accept": "text/html"}).get_data(as_text=True)
    for media, (rdflib_format, extension) in FORMATS.items():
        address = path + extension
        assert f'href="{address}" type="{media}"' in page, f"{path} has no visible link to {address}"
        assert f'<link rel="alternate" type="{media}" href="{address}"' in page
        response = client.get(address)
        assert response.status_code == 200 and response.headers["Content-Type"].startswith(media)
        graph = rdflib.Graph().parse(data=response.get_data(as_text=True), format=rdflib_format)
        assert (rdflib.URIRef(ID + path.removeprefix("/id/")), None, None) in graph


@pytest.mark.parametrize("path", ["/", "/id/need/autism", "/gaps", "/sparql", "/glossary", "/search?q=autism"])
def test_every_page_footer_links_the_dataset_description_and_commissioners_pages(client, path):
    page = client.get(path, headers={"Accept": "text/html"}).get_data(as_text=True)
    footer = page.split('<footer class="govuk-footer"', 1)[1]
    for address in ("/.well-known/void", "/gaps", "/sparql"):
        assert f'href="{address}"' in footer, f"the footer of {path} does not link to {address}"
    described = client.get("/.well-known/void", headers={"Accept": "text/turtle"})
    assert described.status_code == 200 and described.headers["Content-Type"].startswith("text/turtle")
    assert client.get("/gaps").status_code == 200


def test_browsers_get_html_and_unknown_accept_gets_406(client):
    html = client.get("/id/need/autism", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert html.headers["Content-Type"].startswith("text/html")
    assert "Accept" in html.headers["Vary"]
    refused = client.get("/id/need/autism", headers={"Accept": "image/png"})
    assert refused.status_code == 406
    assert "text/turtle" in refused.get_data(as_text=True)


@pytest.mark.parametrize("accept", [*FORMATS, "text/html"])
def test_unknown_iri_is_404_in_every_format(client, accept):
    assert client.get("/id/need/no-such-need", headers={"Accept": accept}).status_code == 404


def test_dumps_round_trip_isomorphic(built, embedded_store, library, tmp_path):
    original = rdflib.Graph()
    dump = tmp_path / "original.nt"
    embedded_store.dump(dump)
    original.parse(dump, format="nt")
    written = export_all(embedded_store.pyoxigraph_store, library, built.base, tmp_path / "dumps")
    assert len(written) == 24
    for fmt, rdf_format in (
        ("nt", ox.RdfFormat.N_TRIPLES),
        ("ttl", ox.RdfFormat.TURTLE),
        ("jsonld", ox.RdfFormat.JSON_LD),
    ):
        fresh = ox.Store()
        fresh.load(gzip.open(tmp_path / "dumps" / f"all.{fmt}.gz").read(), format=rdf_format)
        loaded = rdflib.Graph()
        loaded.parse(data=ox.serialize((q.triple for q in fresh), format=ox.RdfFormat.N_TRIPLES), format="nt")
        assert len(loaded) == len(original), fmt
        assert isomorphic(loaded, original), fmt


def test_area_dump_holds_only_that_area(built, embedded_store, library, tmp_path):
    export_all(embedded_store.pyoxigraph_store, library, built.base, tmp_path)
    kent = rdflib.Graph().parse(data=gzip.open(tmp_path / "area-kent.nt.gz").read(), format="nt")
    services = set(kent.subjects(rdflib.RDF.type, rdflib.URIRef("https://w3id.org/se7-local-offer/def#Service")))
    assert len(services) >= 50
    lo = rdflib.Namespace("https://w3id.org/se7-local-offer/def#")
    kent_iri = rdflib.URIRef(ID + "area/kent")
    for service in services:
        areas = set(kent.objects(service, lo.inLocalOfferOf)) | set(kent.objects(service, lo.servesArea))
        districts = {d for a in areas for d in embedded_store_districts(embedded_store, a)}
        assert kent_iri in areas | districts, service


def embedded_store_districts(store, area):
    rows = store.select(
        "SELECT ?c WHERE { ?a <https://w3id.org/se7-local-offer/def#partOfArea> ?c }", {"a": ox.NamedNode(str(area))}
    )
    return {rdflib.URIRef(r["c"].value) for r in rows}


def test_web_dumps_stream_the_file(client):
    response = client.get("/dumps/all.ttl.gz")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/gzip"
    assert b"@prefix" in gzip.decompress(response.get_data())
    assert client.get("/dumps/../../etc/passwd").status_code == 404
    assert client.get("/dumps/area-narnia.nt.gz").status_code == 404


@pytest.fixture(scope="module")
def remote_client(built, oxigraph_server, make_module_app):
    """The app reading a real `oxigraph serve` process that holds the same build, with no store on disk."""
    settings = replace(built, sparql_url=oxigraph_server + "/query", data_dir=built.data_dir / "no-such-folder")
    return make_module_app(settings).test_client()


@pytest.mark.parametrize(
    ("name", "rdflib_format"),
    [("all.nt.gz", "nt"), ("area-kent.ttl.gz", "turtle"), ("area-medway.jsonld.gz", "json-ld")],
)
def test_dumps_stream_from_a_remote_endpoint(remote_client, client, name, rdflib_format):
    """In remote-store mode a dump is the endpoint's CONSTRUCT, gzip-compressed on the way through:
    the same graph as the embedded store's dump file."""
    response = remote_client.get(f"/dumps/{name}")
    assert response.status_code == 200 and response.headers["Content-Type"] == "application/gzip"
    assert response.headers["Content-Disposition"] == f"attachment; filename={name}"
    streamed = rdflib.Graph().parse(data=gzip.decompress(response.get_data()), format=rdflib_format)
    from_disk = rdflib.Graph().parse(
        data=gzip.decompress(client.get(f"/dumps/{name}").get_data()), format=rdflib_format
    )
    assert len(streamed) > 1000 and isomorphic(streamed, from_disk)


def test_remote_dump_index_says_files_are_made_on_request(remote_client):
    index = remote_client.get("/dumps/").get_data(as_text=True)
    assert "made on request from the SPARQL endpoint" in index and "http://localhost/dumps/all.nt.gz" in index


def test_remote_dump_failure_is_a_plain_503(built, make_app):
    """An endpoint that does not answer gives a 503 that says what happened and where the files are made,
    without naming the private endpoint."""
    settings = replace(built, sparql_url="http://127.0.0.1:9/query")
    response = make_app(settings).test_client().get("/dumps/all.nt.gz")
    assert response.status_code == 503 and response.headers["Retry-After"] == "60"
    text = response.get_data(as_text=True)
    assert "could not be made just now" in text and "graph-app export" in text and "127.0.0.1" not in text


def test_void_dcat_description(client):
    response = client.get("/.well-known/void", headers={"Accept": "text/turtle"})
    graph = rdflib.Graph().parse(data=response.get_data(as_text=True), format="turtle")
    void = rdflib.Namespace("http://rdfs.org/ns/void#")
    dcat = rdflib.Namespace("http://www.w3.org/ns/dcat#")
    dataset = next(graph.subjects(rdflib.RDF.type, dcat.Dataset))
    assert (
        dataset,
        rdflib.DCTERMS.license,
        rdflib.URIRef("http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"),
    ) in graph
    assert int(graph.value(dataset, void.triples)) > 10_000
    assert graph.value(dataset, void.sparqlEndpoint) == rdflib.URIRef("http://localhost/sparql")
    assert len(list(graph.objects(dataset, void.subset))) == 7
    assert len(list(graph.subjects(rdflib.RDF.type, dcat.Distribution))) == 24
    assert list(graph.objects(dataset, void.exampleResource))


def test_dcat_media_types_are_iana_iris(client):
    """DCAT 3 gives dcat:mediaType and dcat:compressFormat the range dcterms:MediaType: IANA registry IRIs,
    not strings (https://www.w3.org/TR/vocab-dcat-3/#Property:distribution_media_type)."""
    response = client.get("/.well-known/void", headers={"Accept": "text/turtle"})
    graph = rdflib.Graph().parse(data=response.get_data(as_text=True), format="turtle")
    dcat = rdflib.Namespace("http://www.w3.org/ns/dcat#")
    iana = "https://www.iana.org/assignments/media-types/"
    media = {graph.value(d, dcat.mediaType) for d in graph.subjects(rdflib.RDF.type, dcat.Distribution)}
    assert media == {rdflib.URIRef(iana + m) for m in ("text/turtle", "application/n-triples", "application/ld+json")}
    compressed = set(graph.objects(None, dcat.compressFormat))
    assert compressed == {rdflib.URIRef(iana + "application/gzip")}


def test_sitemap_and_robots(client):
    sitemap = client.get("/sitemap.xml").get_data(as_text=True)
    assert "<loc>http://localhost/id/need/autism</loc>" in sitemap
    robots = client.get("/robots.txt").get_data(as_text=True)
    assert "Sitemap: http://localhost/sitemap.xml" in robots


MEMORY_BOUND_MB = 400


def test_ten_times_sample_dump_stays_under_memory_bound(tmp_path):
    """A scale-10 graph (about 300,000 triples) dumped as Turtle in a fresh process: its peak memory
    must stay under the bound, because the dump streams."""
    script = textwrap.dedent(f"""
        import gzip, resource, sys
        from pathlib import Path
        import pyoxigraph as ox
        from graph_app.sample import write
        from graph_app.queries import QueryLibrary
        from graph_app.exporters.dumps import write_dump
        sample = Path({str(tmp_path)!r}) / "sample.nt"
        write(sample, scale=10)
        store = ox.Store({str(tmp_path / "db")!r})
        store.bulk_load(path=str(sample), format=ox.RdfFormat.N_TRIPLES)
        library = QueryLibrary(Path("queries"))
        def peak_kb():  # VmHWM: ru_maxrss would carry the parent's size over fork and exec
            return int(next(l for l in open("/proc/self/status") if l.startswith("VmHWM:")).split()[1])
        before = peak_kb()
        base = "https://w3id.org/se7-local-offer/"
        out = Path({str(tmp_path)!r})
        write_dump(store, library, base, "all", "ttl", out / "all.ttl.gz")
        write_dump(store, library, base, "all", "jsonld", out / "all.jsonld.gz")
        print(len(store), before, peak_kb())
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    triples, _before_kb, peak_kb = map(int, result.stdout.split())
    assert triples > 250_000
    assert peak_kb / 1024 < MEMORY_BOUND_MB, f"peak {peak_kb / 1024:.0f} MB"
    assert resource  # the bound is measured in the child process, not this one
