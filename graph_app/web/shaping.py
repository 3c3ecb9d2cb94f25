"""Small functions that turn query rows into what templates show."""

from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import NamedNode

from ..namespaces import KINDS, LO, RDFS, SKOS

# plain-English headings for links that arrive at a node, where "X of" would read badly
INCOMING_LABELS = {
    LO + "meetsNeed": "Services and settings for this need",
    LO + "providedBy": "Services it provides",
    LO + "forAgeBand": "Services, settings and pathways for this age",
    LO + "servesArea": "Services and settings in this area",
    LO + "locatedIn": "Based here",
    LO + "inLocalOfferOf": "In this council's local offer",
    LO + "partOfArea": "Districts and boroughs in this area",
    LO + "legalBasis": "What this law is behind",
    LO + "aboutHeading": "Filed under this topic",
    LO + "inSector": "Services in this sector",
    LO + "accessLevel": "Services you can get this way",
    LO + "answers": "Answers to this question",
    LO + "answerOf": "Answers to the SE7 questions",
    LO + "inQuestionSet": "Questions in this set",
    LO + "forNeed": "Pathways for this need",
    LO + "stepOf": "Steps",
    SKOS + "broader": "Narrower topics",
    SKOS + "broaderTransitive": "Everything under this",
}
# plain-English names for reused vocabularies' properties (ours carry rdfs:label in core.ttl)
PROPERTY_NAMES = {
    SKOS + "altLabel": "Also known as",
    SKOS + "definition": "What it means",
    SKOS + "notation": "Code",
    SKOS + "broader": "Part of",
    SKOS + "related": "Related",
    "http://purl.org/dc/terms/description": "About",
    "http://purl.org/dc/terms/title": "Title",
    "http://purl.org/dc/terms/modified": "Last changed",
    "http://www.w3.org/2000/01/rdf-schema#comment": "Note",
    "http://www.w3.org/2000/01/rdf-schema#seeAlso": "See also",
    "https://schema.org/telephone": "Phone",
    "https://schema.org/email": "Email",
    "https://schema.org/url": "Website",
}
HIDDEN_PROPERTIES = {SKOS + "broaderTransitive", SKOS + "inScheme", SKOS + "topConceptOf",
                     "http://purl.org/dc/terms/source"}


@dataclass(frozen=True)
class Link:
    iri: str
    label: str
    url: str | None
    kind: str
    is_sample: bool = False


@dataclass
class LinkGroup:
    direction: str
    property: str
    title: str
    count: int
    links: list[Link]


def node_link(iri: str, label: str, id_base: str, is_sample: bool = False) -> Link:
    from .explore import node_url

    kind = iri[len(id_base):].split("/", 1)[0] if iri.startswith(id_base) else ""
    return Link(iri, label, node_url(iri, id_base), KINDS.get(kind, ("", "", ""))[1], is_sample)


def group_values(rows: list[dict]) -> dict[str, list[str]]:
    """Literal values by property name; the name comes first under the key 'label'."""
    facts: dict[str, list[str]] = {}
    for row in rows:
        prop = row["property"].value
        if prop in (RDFS + "label", SKOS + "prefLabel"):
            key = "label"
        elif prop == LO + "isSample" or prop == LO + "buildId":
            continue
        else:
            key = property_name(prop, row)
        value = row["value"].value
        if value not in facts.setdefault(key, []):
            facts[key].append(value)
    return facts


def link_groups(graph, node: NamedNode, rows: list[dict], direction: str, preview: int) -> list[LinkGroup]:  # noqa: ANN001
    name = "navigate/out_links" if direction == "out" else "navigate/in_links"
    key = "target" if direction == "out" else "source"
    groups = []
    for row in rows:
        prop = row["property"].value
        if prop in HIDDEN_PROPERTIES:
            continue
        label = property_name(prop, row)
        if direction == "out":
            title = label[:1].upper() + label[1:]
        else:
            title = INCOMING_LABELS.get(prop, f"Linked here as “{label}”")
        members = graph.library.select(graph.store, name, page=1, per_page=preview, node=node, property=NamedNode(prop))
        links = [node_link(m[key].value, m["label"].value, graph.id_base, "isSample" in m) for m in members]
        groups.append(LinkGroup(direction, prop, title, int(row["count"].value), links))
    return groups


def property_name(prop: str, row: dict) -> str:
    if prop in PROPERTY_NAMES:
        return PROPERTY_NAMES[prop]
    if "propertyLabel" in row:
        return row["propertyLabel"].value
    return prop.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
