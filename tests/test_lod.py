"""Linked open data: content negotiation at node IRIs, dumps that round-trip, the VoID/DCAT
description, sitemap and robots."""

from __future__ import annotations

import gzip
import resource
import subprocess
import sys
import textwrap

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
    for fmt, rdf_format in (("nt", ox.RdfFormat.N_TRIPLES), ("ttl", ox.RdfFormat.TURTLE),
                            ("jsonld", ox.RdfFormat.JSON_LD)):
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
    rows = store.select("SELECT ?c WHERE { ?a <https://w3id.org/se7-local-offer/def#partOfArea> ?c }",
                        {"a": ox.NamedNode(str(area))})
    return {rdflib.URIRef(r["c"].value) for r in rows}


def test_web_dumps_stream_the_file(client):
    response = client.get("/dumps/all.ttl.gz")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/gzip"
    assert b"@prefix" in gzip.decompress(response.get_data())
    assert client.get("/dumps/../../etc/passwd").status_code == 404
    assert client.get("/dumps/area-narnia.nt.gz").status_code == 404


def test_void_dcat_description(client):
    response = client.get("/.well-known/void", headers={"Accept": "text/turtle"})
    graph = rdflib.Graph().parse(data=response.get_data(as_text=True), format="turtle")
    void = rdflib.Namespace("http://rdfs.org/ns/void#")
    dcat = rdflib.Namespace("http://www.w3.org/ns/dcat#")
    dataset = next(graph.subjects(rdflib.RDF.type, dcat.Dataset))
    assert (dataset, rdflib.DCTERMS.license,
            rdflib.URIRef("http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/")) in graph
    assert int(graph.value(dataset, void.triples)) > 10_000
    assert graph.value(dataset, void.sparqlEndpoint) == rdflib.URIRef("http://localhost/sparql")
    assert len(list(graph.objects(dataset, void.subset))) == 7
    assert len(list(graph.subjects(rdflib.RDF.type, dcat.Distribution))) == 24
    assert list(graph.objects(dataset, void.exampleResource))


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
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        base = "https://w3id.org/se7-local-offer/"
        out = Path({str(tmp_path)!r})
        write_dump(store, library, base, "all", "ttl", out / "all.ttl.gz")
        write_dump(store, library, base, "all", "jsonld", out / "all.jsonld.gz")
        print(len(store), before, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    triples, _before_kb, peak_kb = map(int, result.stdout.split())
    assert triples > 250_000
    assert peak_kb / 1024 < MEMORY_BOUND_MB, f"peak {peak_kb / 1024:.0f} MB"
    assert resource  # the bound is measured in the child process, not this one
