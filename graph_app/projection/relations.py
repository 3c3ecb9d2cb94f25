"""The links that carry meaning for a family, with the words a page uses for each.

Only these properties enter the projection: never rdf:type (every service would be two hops from every
other through lo:Service), nor contacts, eligibility criteria or answers (folded into their owner).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..namespaces import LO, SKOS

# a classification shared by a third of all services says little about closeness: its links count for
# less in "related" ranking (path-finding already charges by degree)
WEAK = 0.25


@dataclass(frozen=True)
class Relation:
    property: str
    forward: str  # "A {forward} B", read along the link: "meets the need"
    out_title: str  # heading on A's map for its links of this kind
    in_title: str  # heading on B's map for the links arriving
    weight: float = 1.0


def _lo(name: str, forward: str, out_title: str, in_title: str, weight: float = 1.0) -> Relation:
    return Relation(LO + name, forward, out_title, in_title, weight)


RELATIONS: tuple[Relation, ...] = (
    _lo("meetsNeed", "meets the need", "Needs it meets", "Services and settings for this need"),
    _lo("forAgeBand", "is for", "Ages", "For this age"),
    _lo("servesArea", "serves", "Areas it serves", "Services and settings in this area"),
    _lo("locatedIn", "is based in", "Where it is based", "Based here"),
    _lo("inLocalOfferOf", "is in the local offer of", "In the local offer of", "In this council's local offer"),
    _lo("inSector", "is in the sector", "Sector", "In this sector", WEAK),
    _lo("aboutHeading", "is filed under", "Topics", "Filed under this topic"),
    _lo("legalBasis", "has its legal basis in", "The law behind this", "What this law is behind"),
    _lo("providedBy", "is provided by", "Provided by", "Services it provides"),
    _lo("runBy", "is run by", "Run by", "Settings it runs"),
    _lo("pfaTheme", "helps prepare for adulthood through", "Preparing for adulthood", "Linked to this theme"),
    _lo("accessLevel", "is available as", "How to get it", "Services you can get this way", WEAK),
    _lo("fundingRoute", "is paid for by", "How it is paid for", "Services paid for this way", WEAK),
    _lo("referralRoute", "is reached by", "How to be referred", "Services reached this way", WEAK),
    _lo("organisationType", "is a", "Kind of organisation", "Organisations of this kind", WEAK),
    Relation(SKOS + "broader", "comes under", "Part of", "Narrower topics"),
    Relation(SKOS + "related", "is related to", "Related topics", "Related topics"),
    _lo("dovetailsInto", "leads on to", "Leads on to", "Leads on from"),
    _lo("forNeed", "is for the need", "For the need", "Pathways for this need"),
    _lo("hasStep", "has the step", "Steps", "Step of the pathway"),
    _lo("nextStep", "is followed by", "Next step", "Step before"),
    _lo("resolutionStage", "is at the stage", "Stage when things go wrong", "Steps at this stage"),
    _lo("about", "asks about", "What it asks about", "Questions about this"),
    _lo("inQuestionSet", "is in the question set", "Question set", "Questions in this set"),
    _lo("partOfArea", "is part of", "Part of", "Districts and boroughs in this area"),
    _lo("partOfLegislation", "is part of", "Part of", "Sections and regulations"),
    _lo("subdivisionOf", "is a subsection of", "Subsection of", "Subsections"),
)
BY_PROPERTY: dict[str, Relation] = {relation.property: relation for relation in RELATIONS}
