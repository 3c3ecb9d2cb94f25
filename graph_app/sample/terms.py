"""RDF terms the generator writes, built once (creating pyoxigraph nodes per triple is the main cost
at national scale), and the triples every invented record carries."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from pyoxigraph import Literal, NamedNode, Triple

from ..namespaces import DATA_BASE, DCAT, DCTERMS, LO, RDF, RDFS, SCHEMA, XSD

ID = DATA_BASE + "id/"
DATASET_IRI = ID + "dataset/sample"


def node(kind: str, slug: str) -> NamedNode:
    return NamedNode(f"{ID}{kind}/{slug}")


@lru_cache(maxsize=4096)
def vnode(kind: str, slug: str) -> NamedNode:
    """A node from the shared vocabulary (needs, areas, headings...), cached because reused."""
    return NamedNode(f"{ID}{kind}/{slug}")


def lo(name: str) -> NamedNode:
    return NamedNode(LO + name)


TYPE = NamedNode(RDF + "type")
LABEL = NamedNode(RDFS + "label")
DESCRIPTION = NamedNode(DCTERMS + "description")
TITLE = NamedNode(DCTERMS + "title")
SOURCE = NamedNode(DCTERMS + "source")
IS_SAMPLE = lo("isSample")
TELEPHONE = NamedNode(SCHEMA + "telephone")
EMAIL = NamedNode(SCHEMA + "email")
URL = NamedNode(SCHEMA + "url")
DCAT_DATASET = NamedNode(DCAT + "Dataset")
XSD_DATE = NamedNode(XSD + "date")

# lo: properties and classes, by local name, e.g. P["minAge"], C["Service"].
P = {
    name: lo(name)
    for name in (
        "providedBy",
        "runBy",
        "meetsNeed",
        "minAge",
        "maxAge",
        "servesArea",
        "locatedIn",
        "partOfArea",
        "inLocalOfferOf",
        "inSector",
        "organisationType",
        "accessLevel",
        "hasEligibilityCriterion",
        "decidedBy",
        "referralRoute",
        "fundingRoute",
        "cost",
        "waitingTime",
        "waitingWeeks",
        "capacity",
        "caseload",
        "hasContact",
        "aboutHeading",
        "legalBasis",
        "pfaTheme",
        "lastReviewed",
        "usesQuestionSet",
        "answers",
        "answerOf",
        "answerText",
    )
}
C = {
    name: lo(name)
    for name in (
        "Service",
        "Provider",
        "Setting",
        "EarlyYearsSetting",
        "School",
        "College",
        "MainstreamSetting",
        "SpecialistSetting",
        "Answer",
        "Contact",
        "EligibilityCriterion",
        "LocalAuthority",
        "District",
    )
}

TRUE = Literal(True)
DATASET = NamedNode(DATASET_IRI)


def en(text: str) -> Literal:
    return Literal(text, language="en")


def date(iso: str) -> Literal:
    return Literal(iso, datatype=XSD_DATE)


def integer(n: int) -> Literal:
    return Literal(n)


def record(subject: NamedNode, cls: NamedNode, label: str) -> Iterator[Triple]:
    """Type, label and the two triples that mark an invented record."""
    yield Triple(subject, TYPE, cls)
    yield Triple(subject, LABEL, en(label))
    yield Triple(subject, IS_SAMPLE, TRUE)
    yield Triple(subject, SOURCE, DATASET)


PREFIXES: dict[str, str] = {
    "lo": LO,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "schema": SCHEMA,
    "dcterms": DCTERMS,
    "dcat": DCAT,
    **{
        kind: f"{ID}{kind}/"
        for kind in (
            "dataset",
            "service",
            "setting",
            "provider",
            "contact",
            "criterion",
            "answer",
            "question",
            "question-set",
            "need",
            "area",
            "sector",
            "access-level",
            "referral-route",
            "funding-route",
            "organisation-type",
            "heading",
            "pfa-theme",
            "clause",
        )
    },
}
