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


def N_(text: str) -> str:  # noqa: N802 - gettext's marker name, known to tests/test_strings_catalogue.py
    """Marks a relation's words for the catalogue: pages translate them when shown (the projection keeps
    English, the one language its ranking and caches are keyed on)."""
    return text


def _lo(name: str, forward: str, out_title: str, in_title: str, weight: float = 1.0) -> Relation:
    return Relation(LO + name, forward, out_title, in_title, weight)


RELATIONS: tuple[Relation, ...] = (
    _lo("meetsNeed", N_("meets the need"), N_("Needs it meets"), N_("Services and settings for this need")),
    _lo("forAgeBand", N_("is for"), N_("Ages"), N_("For this age")),
    _lo("servesArea", N_("serves"), N_("Areas it serves"), N_("Services and settings in this area")),
    _lo("locatedIn", N_("is based in"), N_("Where it is based"), N_("Based here")),
    _lo(
        "inLocalOfferOf",
        N_("is in the local offer of"),
        N_("In the local offer of"),
        N_("In this council's local offer"),
    ),
    _lo("inSector", N_("is in the sector"), N_("Sector"), N_("In this sector"), WEAK),
    _lo("aboutHeading", N_("is filed under"), N_("Topics"), N_("Filed under this topic")),
    _lo("legalBasis", N_("has its legal basis in"), N_("The law behind this"), N_("What this law is behind")),
    _lo("providedBy", N_("is provided by"), N_("Provided by"), N_("Services it provides")),
    _lo("runBy", N_("is run by"), N_("Run by"), N_("Settings it runs")),
    _lo(
        "pfaTheme", N_("helps prepare for adulthood through"), N_("Preparing for adulthood"), N_("Linked to this theme")
    ),
    _lo("accessLevel", N_("is available as"), N_("How to get it"), N_("Services you can get this way"), WEAK),
    _lo("fundingRoute", N_("is paid for by"), N_("How it is paid for"), N_("Services paid for this way"), WEAK),
    _lo("referralRoute", N_("is reached by"), N_("How to be referred"), N_("Services reached this way"), WEAK),
    _lo("organisationType", N_("is a"), N_("Kind of organisation"), N_("Organisations of this kind"), WEAK),
    Relation(SKOS + "broader", N_("comes under"), N_("Part of"), N_("Narrower topics")),
    Relation(SKOS + "related", N_("is related to"), N_("Related topics"), N_("Related topics")),
    _lo("dovetailsInto", N_("leads on to"), N_("Leads on to"), N_("Leads on from")),
    _lo("forNeed", N_("is for the need"), N_("For the need"), N_("Pathways for this need")),
    _lo("hasStep", N_("has the step"), N_("Steps"), N_("Step of the pathway")),
    _lo("nextStep", N_("is followed by"), N_("Next step"), N_("Step before")),
    _lo("resolutionStage", N_("is at the stage"), N_("Stage when things go wrong"), N_("Steps at this stage")),
    _lo("about", N_("asks about"), N_("What it asks about"), N_("Questions about this")),
    _lo("inQuestionSet", N_("is in the question set"), N_("Question set"), N_("Questions in this set")),
    _lo("partOfArea", N_("is part of"), N_("Part of"), N_("Districts and boroughs in this area")),
    _lo("partOfLegislation", N_("is part of"), N_("Part of"), N_("Sections and regulations")),
    _lo("subdivisionOf", N_("is a subsection of"), N_("Subsection of"), N_("Subsections")),
)
BY_PROPERTY: dict[str, Relation] = {relation.property: relation for relation in RELATIONS}
