"""Small functions that turn query rows into what templates show: links, and the human heading of each
group of links on a node page."""

from __future__ import annotations

from dataclasses import dataclass, field

from pyoxigraph import Literal

from ...namespaces import DCTERMS, LO, RDF, RDFS, SCHEMA, SKOS
from ..core.i18n import translate
from ..core.labels import DEFAULT_LANGUAGE, Label
from ..core.links import Link

OUT, IN = "out", "in"
ANY = "*"

# (page kind, property, direction) -> the heading a family reads; ANY matches every kind of page.
# Anything not here is named from the property's rdfs:label in the ontology (see group_heading).
HEADINGS: dict[tuple[str, str, str], str] = {
    # what a service, setting or provider links to
    (ANY, LO + "providedBy", OUT): "Who runs it",
    (ANY, LO + "runBy", OUT): "Who runs it",
    (ANY, LO + "meetsNeed", OUT): "Needs it helps with",
    (ANY, LO + "forAgeBand", OUT): "Ages",
    (ANY, LO + "servesArea", OUT): "Where",
    (ANY, LO + "locatedIn", OUT): "Where it is based",
    (ANY, LO + "inLocalOfferOf", OUT): "In the local offer of",
    (ANY, LO + "inSector", OUT): "Kind of support",
    (ANY, LO + "accessLevel", OUT): "Who can get it",
    (ANY, LO + "referralRoute", OUT): "How to get it",
    (ANY, LO + "fundingRoute", OUT): "Cost and funding",
    (ANY, LO + "hasEligibilityCriterion", OUT): "Who can use it",
    (ANY, LO + "hasContact", OUT): "How to get in touch",
    (ANY, LO + "aboutHeading", OUT): "Topics",
    (ANY, LO + "legalBasis", OUT): "The law behind this",
    (ANY, LO + "pfaTheme", OUT): "Preparing for adulthood",
    (ANY, LO + "usesQuestionSet", OUT): "Questions it answers",
    ("setting", LO + "usesQuestionSet", OUT): "Questions this setting answers",
    (ANY, LO + "organisationType", OUT): "Kind of organisation",
    (ANY, SKOS + "broader", OUT): "Part of",
    (ANY, SKOS + "related", OUT): "Related",
    ("expectation", SKOS + "related", OUT): "Questions that show whether a setting does this",
    ("need", LO + "dovetailsInto", OUT): "The adult need it leads on to",
    ("pathway", LO + "dovetailsInto", OUT): "What comes next: the adult pathway",
    (ANY, LO + "forNeed", OUT): "The need it is for",
    (ANY, LO + "hasStep", OUT): "Steps",
    (ANY, LO + "stepOf", OUT): "Part of the pathway",
    (ANY, LO + "nextStep", OUT): "Next step",
    (ANY, LO + "resolutionStage", OUT): "Stage of sorting out a disagreement",
    (ANY, LO + "partOfLegislation", OUT): "Part of",
    (ANY, LO + "subdivisionOf", OUT): "Part of the section",
    (ANY, LO + "partOfArea", OUT): "Part of",
    (ANY, LO + "informationAdviceSupport", OUT): "Information, advice and support service (SENDIASS)",
    (ANY, LO + "parentCarerForum", OUT): "Parent carer forum",
    (ANY, LO + "inQuestionSet", OUT): "Question set",
    (ANY, LO + "about", OUT): "What it is about",
    (ANY, LO + "answers", OUT): "The question",
    (ANY, LO + "answerOf", OUT): "Answer given by",
    (ANY, LO + "commentOn", OUT): "Comment on",
    (ANY, DCTERMS + "source", OUT): "Where this information comes from",
    (ANY, SKOS + "inScheme", OUT): "In the list of",
    (ANY, SKOS + "inScheme", IN): "Terms in this list",
    (ANY, LO + "respondsTo", OUT): "In reply to",
    (ANY, "http://www.w3.org/ns/prov#wasAssociatedWith", OUT): "Made by",  # a change to a record
    # what links to a node
    ("need", LO + "meetsNeed", IN): "Services for this need",
    ("need", LO + "forNeed", IN): "Pathways for this need",
    ("need", SKOS + "broader", IN): "More specific needs",
    ("need", LO + "about", IN): "Questions about this need",
    ("need", LO + "dovetailsInto", IN): "Children's needs that lead on to this",
    ("need", SKOS + "related", IN): "Related needs",
    (ANY, LO + "providedBy", IN): "Services it runs",
    (ANY, LO + "runBy", IN): "Settings it runs",
    (ANY, LO + "forAgeBand", IN): "Services, settings and pathways for this age",
    (ANY, LO + "servesArea", IN): "Services and settings for this area",
    (ANY, LO + "locatedIn", IN): "Based here",
    (ANY, LO + "inLocalOfferOf", IN): "In this council's local offer",
    (ANY, LO + "partOfArea", IN): "Districts and boroughs in this area",
    (ANY, LO + "legalBasis", IN): "What this law is behind",
    (ANY, LO + "subdivisionOf", IN): "Subsections",
    (ANY, LO + "partOfLegislation", IN): "Sections and regulations",
    (ANY, LO + "aboutHeading", IN): "Filed under this topic",
    ("heading", SKOS + "broader", IN): "Topics under this one",
    (ANY, SKOS + "broader", IN): "More specific",
    (ANY, LO + "inSector", IN): "Services of this kind",
    (ANY, LO + "accessLevel", IN): "Services you can get this way",
    (ANY, LO + "referralRoute", IN): "Services you can get this way",
    (ANY, LO + "fundingRoute", IN): "Services paid for this way",
    (ANY, LO + "organisationType", IN): "Providers of this kind",
    (ANY, LO + "pfaTheme", IN): "Services and settings for this theme",
    (ANY, LO + "about", IN): "Questions about this",
    (ANY, LO + "answers", IN): "Answers to this question",
    (ANY, LO + "answerOf", IN): "Answers to the SE7 questions",
    (ANY, LO + "inQuestionSet", IN): "Questions in this set",
    (ANY, LO + "usesQuestionSet", IN): "Settings and services that answer these questions",
    ("question", SKOS + "related", IN): "What every setting is expected to do (the area-wide offer)",
    (ANY, SKOS + "related", IN): "Related",
    (ANY, LO + "forNeed", IN): "Pathways for this",
    (ANY, LO + "stepOf", IN): "Steps",
    (ANY, LO + "hasStep", IN): "Part of the pathway",
    (ANY, LO + "nextStep", IN): "Comes after",
    (ANY, LO + "resolutionStage", IN): "Steps at this stage",
    ("pathway", LO + "dovetailsInto", IN): "Children's pathways that lead on to this",
    (ANY, LO + "dovetailsInto", IN): "Leads on from",
    (ANY, LO + "hasContact", IN): "Contact for",
    (ANY, LO + "informationAdviceSupport", IN): "The information, advice and support service for",
    (ANY, LO + "parentCarerForum", IN): "The parent carer forum for",
    (ANY, LO + "hasEligibilityCriterion", IN): "Who can use",
    (ANY, LO + "commentOn", IN): "Comments",
    (ANY, LO + "respondsTo", IN): "Responses",
    (ANY, DCTERMS + "source", IN): "Records taken from this source",
    (ANY, RDFS + "seeAlso", IN): "See also",
}
# links a page shows in a section of its own, or that only matter to machines
HIDDEN_LINKS: set[tuple[str, str]] = {
    (SKOS + "broaderTransitive", OUT),
    (SKOS + "broaderTransitive", IN),
    (SKOS + "narrowerTransitive", OUT),
    (SKOS + "topConceptOf", OUT),
    (SKOS + "hasTopConcept", IN),
    (RDF + "type", OUT),
    (RDFS + "seeAlso", OUT),
    (SCHEMA + "url", OUT),  # web addresses: the summary shows them
    (LO + "legalBasis", OUT),  # "The law behind this" box on every page
    (LO + "stepOf", IN),
    (LO + "hasStep", OUT),  # the pathway's flowchart and step list
    (LO + "answerOf", IN),  # the answers section
    (LO + "changeHistory", OUT),  # "What changed and when" (explore/change_history.py)
    (LO + "changeOf", IN),
    (LO + "changeHistory", IN),  # a change's page names its record once ("Change to")
    ("http://www.w3.org/ns/prov#wasAssociatedWith", IN),  # an organisation's changes: for machines (its RDF)
}
# properties named in the facts of a page (literal values), where the ontology has no label
VALUE_NAMES = {
    SKOS + "altLabel": "Other words people use",
    SKOS + "definition": "What it means",
    SKOS + "notation": "Code",
    SKOS + "hiddenLabel": "",
    DCTERMS + "description": "About",
    DCTERMS + "title": "Title",
    DCTERMS + "modified": "Last changed",
    RDFS + "comment": "Note",
    SCHEMA + "telephone": "Phone",
    SCHEMA + "email": "Email",
    "http://www.w3.org/ns/prov#startedAtTime": "Started",  # a change to a record
    "http://www.w3.org/ns/prov#endedAtTime": "Published",
}


@dataclass
class LinkGroup:
    direction: str
    property: str
    title: str
    count: int
    links: list[Link] = field(default_factory=list)
    see_all: str | None = None  # the paged list of every link, when the preview does not hold them all
    featured: bool = False  # shown on the page itself, above the professionals' disclosure
    search: str | None = None  # the same records in search, with the family's context set


# groups a family reads on the page itself (the rest go under "All connections (for professionals)")
FEATURED: set[tuple[str, str, str]] = {
    ("need", LO + "meetsNeed", IN),
    ("need", SKOS + "broader", IN),
    ("provider", LO + "providedBy", IN),
    ("provider", LO + "runBy", IN),
}


def group_heading(page_kind: str, prop: str, direction: str, property_labels: dict[str, str]) -> str:
    """The heading of a group of links on a page of this kind: our own wording where we have it, else
    the property's name from the ontology ("meets need" -> "Meets need", "Linked here as ...")."""
    for key in ((page_kind, prop, direction), (ANY, prop, direction)):
        if key in HEADINGS:
            return HEADINGS[key]
    name = property_labels.get(prop) or prop.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    if direction == OUT:
        return name[:1].upper() + name[1:]
    return translate("Linked here as “{name}”", name=name)


def is_hidden(prop: str, direction: str) -> bool:
    return (prop, direction) in HIDDEN_LINKS


def literal_language(value: Literal) -> str | None:
    """The literal's language tag, English for untagged strings, None for numbers, dates and booleans."""
    if value.language:
        return value.language
    datatype = value.datatype.value if value.datatype else ""
    return DEFAULT_LANGUAGE if datatype.endswith("#string") or not datatype else None


def pick_values(values: list[Literal], languages: list[str]) -> list[str]:
    """The values in the reader's first language that has any (English otherwise); values that have no
    language (numbers, dates) are all kept."""
    plain = [v.value for v in values if literal_language(v) is None]
    by_language: dict[str, list[str]] = {}
    for v in values:
        lang = literal_language(v)
        if lang is not None:  # each text knows its language (labels.Label), so a page can mark it
            by_language.setdefault(lang.split("-")[0].lower(), []).append(Label(v.value, lang.split("-")[0].lower()))
    for lang in [*languages, DEFAULT_LANGUAGE]:
        if lang in by_language:
            return plain + by_language[lang]
    return plain + next(iter(by_language.values()), [])


def group_literals(rows: list[dict], languages: list[str]) -> dict[str, list[str]]:
    """property IRI -> its values in the reader's language, from rows of (?property, ?value)."""
    raw: dict[str, list[Literal]] = {}
    for row in rows:
        raw.setdefault(row["property"].value, []).append(row["value"])
    return {prop: sorted(dict.fromkeys(pick_values(values, languages))) for prop, values in raw.items()}
