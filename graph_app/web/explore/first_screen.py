"""What a family needs on the first screen of a service's or setting's page: how to get in touch (the
record's own contact: phone, email, web page), who can use it, its specialist provision in words, and
three to five next steps chosen for the family's context; on a statutory step's or a resolution stage's
page, the time limit the family must meet."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import url_for
from pyoxigraph import NamedNode

from ...namespaces import LO
from ..core.graph import Graph
from ..core.labels import literal_text, same_language
from ..core.links import Link, node_link
from .shaping import pick_values

EHC_ASSESSMENT = "pathway/ehc-needs-assessment"
MAX_NEXT_STEPS = 5


@dataclass
class ContactView:
    link: Link
    telephone: list[str] = field(default_factory=list)
    email: list[str] = field(default_factory=list)
    web: list[str] = field(default_factory=list)
    unverified: bool = False
    note: str | None = None  # what staff must check; only given to signed-in staff


@dataclass
class NextStep:
    label: str
    url: str
    why: str


@dataclass
class TimeLimit:
    text: str  # the first sentence of the step's timescale: "Contact the mediation adviser within 2 months…"
    sources: list[str] = field(default_factory=list)  # lo:timeLimitSource pages that set it


def time_limit(graph: Graph, node: str, languages: list[str]) -> TimeLimit | None:
    """The time limit at a step, or at a resolution stage (from the step that explains it), in one
    sentence with the pages that set it; None where the data gives none."""
    rows = graph.library.select(graph.store, "navigate/time_limit", node=NamedNode(node))
    picked = pick_values(list(dict.fromkeys(r["timescale"] for r in rows)), languages)
    if not picked:
        return None
    text = picked[0].strip()
    cut = text.find(". ")  # the first sentence holds the limit; the rest explains it, further down
    sources = list(dict.fromkeys(r["source"].value for r in rows if "source" in r))
    return TimeLimit(same_language(text[: cut + 1] if cut > 0 else text, picked[0]), sources)


def contacts(
    graph: Graph, node: str, staff: bool, query: str = "navigate/record_contacts", **values: object
) -> list[ContactView]:
    """The record's contacts with their phone numbers, emails and web pages, one entry per contact."""
    found: dict[str, ContactView] = {}
    for row in graph.library.select(graph.store, query, node=NamedNode(node), **values):
        iri = row["contact"].value
        label = literal_text(row["label"]) if "label" in row else iri.rsplit("/", 1)[-1]
        entry = found.setdefault(iri, ContactView(node_link(iri, label, graph.id_base)))
        for key, bucket in (("telephone", entry.telephone), ("email", entry.email), ("url", entry.web)):
            if key in row and row[key].value not in bucket:
                bucket.append(row[key].value)
        if "verificationStatus" in row and row["verificationStatus"].value == LO + "Unverified":
            entry.unverified = True
            if staff and "verificationNote" in row:
                entry.note = literal_text(row["verificationNote"])
    return list(found.values())


def eligibility(graph: Graph, node: str) -> tuple[list[str], bool]:
    """Who can use it, in words (criterion and who decides), and whether a specialist assessment comes first."""
    texts: list[str] = []
    assessed = False
    for row in graph.library.select(graph.store, "navigate/record_criteria", node=NamedNode(node)):
        if "needsAssessment" in row and row["needsAssessment"].value == "true":
            assessed = True
        for key, prefix in (("description", ""), ("decidedBy", "Who decides: ")):
            if key in row and prefix + row[key].value not in texts:  # in the data's language (labels.Label)
                texts.append(same_language(prefix + row[key].value, literal_text(row[key])))
    return texts, assessed


def provision(graph: Graph, setting: str) -> list[str]:
    """A setting's specialist provision in one plain sentence each: "Resource base for hearing
    impairment, 12 places"."""
    kinds: dict[str, tuple[str, list[str], str | None]] = {}
    for row in graph.library.select(graph.store, "navigate/setting_provision", setting=NamedNode(setting)):
        kind = row["provision"].value
        name = literal_text(row["provisionLabel"]) if "provisionLabel" in row else kind.rsplit("#", 1)[-1]
        cap_key = "senUnitCapacity" if kind.endswith("SENUnitProvision") else "resourceBaseCapacity"
        places = row[cap_key].value if cap_key in row else None
        _name, needs, _cap = kinds.setdefault(kind, (name, [], places))
        if "forLabel" in row and row["forLabel"].value.lower() not in needs:
            needs.append(row["forLabel"].value.lower())
    sentences = []
    for name, needs, cap in kinds.values():
        words = name[:1].upper() + name[1:]
        if needs:
            words += " for " + _and(needs)
        if cap:
            words += f", {cap} places"
        sentences.append(words)
    return sentences


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def next_steps(
    graph: Graph,
    *,
    needs_assessment: bool,
    need: Link | None,
    care_pathway: Link | None,
    iass: Link | None,
    council: tuple[str, str] | None,
    kind: str,
) -> list[NextStep]:
    """Three to five next steps for this family: the EHC needs assessment when the service needs an
    assessment, the need's care pathway, the council's SENDIASS and other services for the same need in
    the family's council (a search with need and area set)."""
    steps: list[NextStep] = []
    if needs_assessment:
        steps.append(
            NextStep(
                "Ask for an education, health and care (EHC) needs assessment",
                url_for("explore.node", kind="pathway", slug=EHC_ASSESSMENT.split("/")[1]),
                "You get this after a specialist assessment: this is how to ask for one, step by step.",
            )
        )
    if care_pathway and care_pathway.url:
        about = need.label.lower() if need else "this need"
        steps.append(
            NextStep(care_pathway.label, care_pathway.url, f"The care pathway for {about}: what happens, in order.")
        )
    if iass and iass.url:
        steps.append(
            NextStep(
                iass.label,
                iass.url,
                "Free, impartial advice about SEND (special educational needs "
                "and disabilities), if you are not sure what to do next.",
            )
        )
    if need:
        slug = need.iri.rsplit("/", 1)[-1]
        plural = "settings" if kind == "setting" else "services"
        if council:
            steps.append(
                NextStep(
                    f"Other {plural} for {need.label.lower()} in {council[1]}",
                    url_for("search.results", need=slug, area=council[0], kind=kind),
                    f"A search with this need and {council[1]} already chosen.",
                )
            )
        else:
            steps.append(
                NextStep(
                    f"Other {plural} for {need.label.lower()}",
                    url_for("search.results", need=slug, kind=kind),
                    "Search with this need already chosen; choose your council to see yours first.",
                )
            )
    elif council:
        plural = "settings" if kind == "setting" else "services"
        steps.append(
            NextStep(
                f"Other {plural} in {council[1]}",
                url_for("search.results", area=council[0], kind=kind),
                f"A search with {council[1]} already chosen.",
            )
        )
    if not needs_assessment and len(steps) < 3:
        steps.append(
            NextStep(
                "Ask for an education, health and care (EHC) needs assessment",
                url_for("explore.node", kind="pathway", slug=EHC_ASSESSMENT.split("/")[1]),
                "If the support your child gets now is not enough, this is how to ask, step by step.",
            )
        )
    return steps[:MAX_NEXT_STEPS]
