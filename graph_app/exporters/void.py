"""The dataset description: VoID and DCAT in one graph (title, publisher, licence, dates, counts,
distributions, the SPARQL endpoint, example resources, one subset per council)."""

from __future__ import annotations

import pyoxigraph as ox

from ..namespaces import DCAT, DCTERMS, RDF, RDFS, XSD
from .dumps import COUNCILS, FORMATS, dump_name

VOID = "http://rdfs.org/ns/void#"
FOAF = "http://xmlns.com/foaf/0.1/"
OGL = "http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
TITLE = "SE7 Local Offer: special educational needs and disabilities support"
DESCRIPTION = (
    "The SEND Local Offer of the seven SE7 councils (Brighton and Hove, East Sussex, Hampshire, Kent, "
    "Medway, Surrey, West Sussex) as linked data: services, settings, needs, pathways, the law behind "
    "them. Services, settings, providers and contacts marked lo:isSample are invented sample data."
)
PUBLISHER = "id/organisation/se7"  # under the data's IRI base
PUBLISHER_NAME = "The SE7 councils"
# DCAT 3: dcat:mediaType and dcat:compressFormat take a dcterms:MediaType, named by its IANA registry IRI
IANA_MEDIA = "https://www.iana.org/assignments/media-types/"


def media_type_iri(media: str) -> ox.NamedNode:
    """The IANA registry IRI of a media type ("text/turtle" -> .../media-types/text/turtle)."""
    return ox.NamedNode(IANA_MEDIA + media)


def describe(
    site: str, base: str, build_id: str, modified: str | None, triples: int, examples: list[str]
) -> list[ox.Triple]:
    """`site` is where this server answers (http://host/), `base` the IRI base of the data."""
    dataset = ox.NamedNode(site + ".well-known/void#dataset")

    def t(s: ox.NamedNode | ox.BlankNode, p: str, o: ox.NamedNode | ox.Literal | ox.BlankNode) -> ox.Triple:
        return ox.Triple(s, ox.NamedNode(p), o)

    def text(value: str) -> ox.Literal:
        return ox.Literal(value, language="en")

    out = [
        t(dataset, RDF + "type", ox.NamedNode(VOID + "Dataset")),
        t(dataset, RDF + "type", ox.NamedNode(DCAT + "Dataset")),
        t(dataset, DCTERMS + "title", text(TITLE)),
        t(dataset, DCTERMS + "description", text(DESCRIPTION)),
        t(dataset, DCTERMS + "publisher", ox.NamedNode(base + PUBLISHER)),
        # the publisher's own record is data/organisations.ttl (its IRI dereferences); name it here too
        t(ox.NamedNode(base + PUBLISHER), RDF + "type", ox.NamedNode(FOAF + "Organization")),
        t(ox.NamedNode(base + PUBLISHER), RDFS + "label", text(PUBLISHER_NAME)),
        t(dataset, DCTERMS + "license", ox.NamedNode(OGL)),
        t(dataset, DCTERMS + "identifier", ox.Literal(build_id)),
        t(dataset, VOID + "triples", ox.Literal(str(triples), datatype=ox.NamedNode(XSD + "integer"))),
        t(dataset, VOID + "sparqlEndpoint", ox.NamedNode(site + "sparql")),
        t(dataset, VOID + "uriSpace", ox.Literal(base + "id/")),
        t(dataset, VOID + "vocabulary", ox.NamedNode("https://w3id.org/se7-local-offer/def#")),
        t(dataset, DCAT + "landingPage", ox.NamedNode(site)),
    ]
    if modified:
        out.append(t(dataset, DCTERMS + "modified", ox.Literal(modified, datatype=ox.NamedNode(XSD + "dateTime"))))
    out += [t(dataset, VOID + "exampleResource", ox.NamedNode(iri)) for iri in examples]
    for subset in ("all", *(f"area-{c}" for c in COUNCILS)):
        target = dataset
        if subset != "all":
            target = ox.NamedNode(site + f".well-known/void#{subset}")
            out += [
                t(dataset, VOID + "subset", target),
                t(target, RDF + "type", ox.NamedNode(VOID + "Dataset")),
                t(target, DCTERMS + "title", text(f"The local offer of {subset[5:].replace('-', ' ').title()}")),
                t(target, DCTERMS + "license", ox.NamedNode(OGL)),
            ]
        for fmt, (_rdf, media) in FORMATS.items():
            url = ox.NamedNode(site + "dumps/" + dump_name(subset, fmt))
            distribution = ox.NamedNode(site + f".well-known/void#{subset}-{fmt}")
            out += [
                t(target, VOID + "dataDump", url),
                t(target, DCAT + "distribution", distribution),
                t(distribution, RDF + "type", ox.NamedNode(DCAT + "Distribution")),
                t(distribution, DCAT + "downloadURL", url),
                t(distribution, DCAT + "mediaType", media_type_iri(media)),
                t(distribution, DCAT + "compressFormat", media_type_iri("application/gzip")),
                t(distribution, DCTERMS + "license", ox.NamedNode(OGL)),
            ]
    return out
