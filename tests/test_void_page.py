"""/.well-known/void by content negotiation: a browser gets an HTML page describing the dataset (the site's
own page frame), RDF clients keep the VoID/DCAT description in the format they ask for."""

from __future__ import annotations

import re

import pytest
import rdflib
from build_helpers import STORE_MODE

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
RDF = {
    "text/turtle": "turtle",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
    "application/n-triples": "nt",
}


@pytest.mark.parametrize("accept", ["text/html", BROWSER, "application/xhtml+xml"])
def test_browsers_get_an_html_page(client, accept):
    response = client.get("/.well-known/void", headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/html")
    assert "Accept" in response.headers["Vary"]
    page = response.get_data(as_text=True)
    assert '<footer class="govuk-footer' in page  # the site's base template, not a bare page


@pytest.mark.parametrize("accept", [*RDF, "*/*", None])
def test_rdf_clients_keep_rdf(client, accept):
    response = client.get("/.well-known/void", headers={"Accept": accept} if accept else {})
    assert response.status_code == 200
    media = accept if accept in RDF else "text/turtle"  # curl's */* and no Accept get Turtle
    assert response.headers["Content-Type"].startswith(media)
    graph = rdflib.Graph().parse(data=response.get_data(as_text=True), format=RDF[media])
    assert (None, rdflib.RDF.type, rdflib.URIRef("http://rdfs.org/ns/void#Dataset")) in graph


def test_nothing_acceptable_is_406_naming_html_too(client):
    response = client.get("/.well-known/void", headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert "text/html" in response.get_data(as_text=True) and "text/turtle" in response.get_data(as_text=True)


def _turtle(client) -> rdflib.Graph:
    body = client.get("/.well-known/void", headers={"Accept": "text/turtle"}).get_data(as_text=True)
    return rdflib.Graph().parse(data=body, format="turtle")


def test_the_page_shows_what_the_rdf_says(client):
    """Title, description, licence, publisher, SPARQL endpoint, every dump with its format and every example
    resource: each fact of the RDF description is on the page (read from the RDF, not from the view's code)."""
    graph = _turtle(client)
    void = rdflib.Namespace("http://rdfs.org/ns/void#")
    dcat = rdflib.Namespace("http://www.w3.org/ns/dcat#")
    dataset = rdflib.URIRef("http://localhost/.well-known/void#dataset")
    page = client.get("/.well-known/void", headers={"Accept": BROWSER}).get_data(as_text=True)
    text = re.sub(r"\s+", " ", page).replace("&#39;", "'")
    assert str(graph.value(dataset, rdflib.DCTERMS.title)) in text
    assert str(graph.value(dataset, rdflib.DCTERMS.description)) in text
    assert f'href="{graph.value(dataset, rdflib.DCTERMS.license)}" rel="license"' in page
    assert f'href="{graph.value(dataset, void.sparqlEndpoint)}"' in page
    assert f"{int(graph.value(dataset, void.triples)):,}" in text
    publisher = str(graph.value(dataset, rdflib.DCTERMS.publisher))
    assert f'href="{publisher.removeprefix("https://w3id.org/se7-local-offer")}"' in page
    for distribution in graph.subjects(rdflib.RDF.type, dcat.Distribution):
        url = str(graph.value(distribution, dcat.downloadURL)).removeprefix("http://localhost")
        media = str(graph.value(distribution, dcat.mediaType)).rsplit("media-types/", 1)[1]
        row = re.search(rf'href="{re.escape(url)}" download>.*?</tr>', page, re.S)
        assert row is not None, url
        assert media in row.group(0)
    for example in graph.objects(dataset, void.exampleResource):
        assert f'href="{str(example).removeprefix("https://w3id.org/se7-local-offer")}"' in page


def test_the_page_links_each_rdf_form_and_each_link_gives_that_format(client):
    page = client.get("/.well-known/void", headers={"Accept": "text/html"}).get_data(as_text=True)
    links = re.findall(r'<link rel="alternate" type="([^"]+)" href="([^"]+)"', page)
    assert {media for media, _href in links} == set(RDF)
    for media, href in links:
        response = client.get(href.replace("&amp;", "&"), headers={"Accept": BROWSER})
        assert response.status_code == 200 and response.headers["Content-Type"].startswith(media)


def test_the_page_gives_dump_sizes_once_made(client):
    """A dump that has been made shows its size in the table (before, 'made when first downloaded'). Over a
    remote store no file is kept: every download is streamed, and the table says so instead of a size."""
    assert client.get("/dumps/area-medway.ttl.gz").status_code == 200
    page = client.get("/.well-known/void", headers={"Accept": "text/html"}).get_data(as_text=True)
    row = re.search(r'href="/dumps/area-medway.ttl.gz" download>.*?</tr>', page, re.S).group(0)
    if STORE_MODE == "embedded":
        assert re.search(r"\d+(\.\d)? (Bytes|kB|MB)", row), row
    else:
        assert "streamed from the store when downloaded" in row and "made when first" not in row, row
