"""/.well-known/void for people: the dataset description (VoID and DCAT) as an HTML page with the same
facts RDF clients get (title, description, publisher, licence, dumps with formats and sizes, the SPARQL
endpoint, example records, one subset per council), and links to the RDF forms of it."""

from __future__ import annotations

from typing import Any

from ...exporters import void
from ..core.area import council_names
from ..core.graph import get_graph
from ..core.labels import label_map
from ..core.links import node_link
from ..core.public_url import absolute

# the RDF forms of the description, by the `format=` short names the view already understands
RDF_FORMS = (
    ("ttl", "Turtle", "text/turtle"),
    ("rdfxml", "RDF/XML", "application/rdf+xml"),
    ("jsonld", "JSON-LD", "application/ld+json"),
    ("nt", "N-Triples", "application/n-triples"),
)


def page_data(
    build_id: str, modified: str | None, triples: int, examples: list[str], dumps: list[dict[str, Any]]
) -> dict[str, Any]:
    """What the page shows: the same inputs void.describe turns into triples, plus names for the links."""
    graph = get_graph()
    names = label_map(graph, [*examples, graph.settings.base + void.PUBLISHER])
    publisher = graph.settings.base + void.PUBLISHER
    councils = council_names()
    return {
        "title": void.TITLE,
        "description": void.DESCRIPTION,
        "publisher": node_link(publisher, names.get(publisher, void.PUBLISHER_NAME), graph.id_base),
        "licence": void.OGL,
        "identifier": build_id,
        "modified": modified,
        "triples": triples,
        "sparql": absolute("/sparql"),
        "vocabulary": "https://w3id.org/se7-local-offer/def#",
        "uri_space": graph.id_base,
        "examples": sorted(
            (node_link(iri, names.get(iri, iri.rsplit("/", 1)[-1]), graph.id_base) for iri in examples),
            key=lambda link: link.kind,
        ),
        "subsets": [{"slug": c, "name": councils.get(c, c)} for c in void.COUNCILS],
        "files": dumps,
        "rdf_forms": [
            {"url": f"/.well-known/void?format={key}", "name": name, "media_type": media}
            for key, name, media in RDF_FORMS
        ],
    }
