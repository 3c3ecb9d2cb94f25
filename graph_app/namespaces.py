"""IRIs the whole package shares: our vocabulary, the instance base and the kinds of node."""

from __future__ import annotations

LO = "https://w3id.org/se7-local-offer/def#"
# The base every file in ontology/ and data/ is written with; a deployment may publish under another
# base (GRAPH_APP_BASE) and the build rewrites the IRIs.
DATA_BASE = "https://w3id.org/se7-local-offer/"

SKOS = "http://www.w3.org/2004/02/skos/core#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SCHEMA = "https://schema.org/"
DCTERMS = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
DCAT = "http://www.w3.org/ns/dcat#"
SH = "http://www.w3.org/ns/shacl#"

PREFIXES: dict[str, str] = {
    "lo": LO,
    "skos": SKOS,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "schema": SCHEMA,
    "dcterms": DCTERMS,
    "prov": PROV,
    "dcat": DCAT,
}

# kind (the IRI path segment) -> (class local name, singular label, plural label)
KINDS: dict[str, tuple[str, str, str]] = {
    "service": ("Service", "Service", "Services"),
    "setting": ("Setting", "Setting (nursery, school or college)", "Settings: nurseries, schools and colleges"),
    "provider": ("Provider", "Provider", "Providers"),
    "need": ("Need", "Need", "Needs"),
    "age-band": ("AgeBand", "Age band", "Age bands"),
    "area": ("Area", "Area", "Areas"),
    "pathway": ("Pathway", "Pathway", "Pathways"),
    "step": ("PathwayStep", "Pathway step", "Pathway steps"),
    "clause": ("LegislationClause", "The law", "The law: sections and regulations"),
    "legislation": ("Legislation", "Act or regulations", "Acts and regulations"),
    "question": ("Question", "Question", "Questions settings and services answer"),
    "question-set": ("QuestionSet", "Question set", "Question sets"),
    "answer": ("Answer", "Answer", "Answers"),
    "heading": ("LocalOfferHeading", "Topic", "Topics"),
    "expectation": ("AreaWideExpectation", "Area-wide expectation", "What every setting is expected to do"),
    "pfa-theme": ("PreparationForAdulthoodTheme", "Preparing for adulthood theme", "Preparing for adulthood"),
    "resolution-stage": ("ResolutionStage", "Step when things go wrong", "When things go wrong"),
    "sector": ("Sector", "Sector", "Sectors"),
    "organisation-type": ("OrganisationType", "Kind of organisation", "Kinds of organisation"),
    "access-level": ("AccessLevel", "How to get it", "Access levels"),
    "referral-route": ("ReferralRoute", "Referral route", "Referral routes"),
    "funding-route": ("FundingRoute", "Funding route", "Funding routes"),
    "criterion": ("EligibilityCriterion", "Who can use it", "Eligibility criteria"),
    "contact": ("Contact", "Contact", "Contacts"),
    "council-statement": ("CouncilStatement", "Council statement", "Council statements"),
    # issue 16: one contact detail with its source and check; no list of them (a family meets them on their
    # contact's page, checked ones only), but their IRIs dereference
    "contact-value": ("", "Contact detail", "Contact details"),
    # details an ORUK import keeps (graph_app/importers/oruk_parts.py), so their IRIs dereference
    "schedule": ("Schedule", "Opening times", "Opening times"),
    "cost": ("CostOption", "Price", "Prices"),
    "language": ("SpokenLanguage", "Language", "Languages"),
    "servicearea": ("ServiceAreaNote", "Area it covers (as the source says)", "Areas covered (as sources say)"),
    "venue": ("Venue", "Place it runs", "Places services run"),
    "address": ("Address", "Address", "Addresses"),
    "accessibility": ("AccessibilityFeature", "Accessibility", "Accessibility of places"),
    "identifier": ("OrganisationIdentifier", "Registered number", "Registered numbers"),
    # issue 18: the editing form's fixed choices (ontology/schemes.ttl), listed under their scheme, not as kinds
    "accessibility-feature": ("", "Accessibility feature", "Accessibility features"),
    "price-unit": ("", "Price per", "Prices per"),
    # named by the dataset description and the sufficiency analysis, so their IRIs dereference too
    "population": ("PopulationEstimate", "Population estimate", "Population estimates"),
    "organisation": ("", "Organisation", "Organisations"),
    "scheme": ("", "List of terms", "Lists of terms"),
    "dataset": ("", "Dataset", "Datasets"),
    "glossary": ("", "Glossary term", "Glossary terms"),
    "comment": ("Comment", "Comment", "Comments"),
    "response": ("Response", "Response", "Responses"),
    "change": ("", "Change to a record", "Changes to records"),  # a record's public history (live/history.py)
    # issue 19, how to get involved (/get-involved): surveys are consultations (lo:Survey), in the same kind
    "consultation": ("Consultation", "Consultation or survey", "Consultations and surveys"),
    "training": ("ParentTraining", "Training or workshop for parents", "Training and workshops for parents"),
    "youth-forum": ("YouthForum", "Youth forum", "Youth forums"),
    "note": ("GuidanceNote", "Guidance note", "Guidance notes"),
    # issue 19, quality and outcomes: an inspection and a destinations figure dereference; the grades and
    # destinations are listed under their scheme
    "inspection": ("Inspection", "Inspection", "Inspections"),
    "destination-figure": ("DestinationFigure", "Destinations figure", "Destinations figures"),
    "judgement": ("", "Inspection judgement", "Inspection judgements"),
    "destination": ("", "Destination", "Destinations"),
}


def node_iri(base: str, kind: str, slug: str) -> str:
    """The IRI of a node: `{base}id/{kind}/{slug}` (base ends with a slash)."""
    return f"{base}id/{kind}/{slug}"


def lo(local_name: str) -> str:
    return LO + local_name


def compact(iri: str) -> str:
    """A short name for an IRI when a known prefix fits (lo:meetsNeed), else the IRI in <>."""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and iri[len(namespace) :].replace("-", "_").isidentifier():
            return f"{prefix}:{iri[len(namespace) :]}"
    return f"<{iri}>"
