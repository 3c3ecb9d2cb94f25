"""The Local Offer itself on statutory and need pages: who to write to in the family's council at a
statutory step (or "choose your council"), the official GOV.UK pages and the sources of time limits, a
need's bridges (care pathway, EHC needs assessment, urgent help) and the answers settings gave to a question."""

from __future__ import annotations

from dataclasses import dataclass, field

from pyoxigraph import NamedNode

from ...namespaces import LO
from ..core.graph import Graph
from ..core.labels import label_map
from ..core.links import Link, node_link
from .first_screen import ContactView

EXCERPT = 200  # characters of an answer shown on a question's page
EXCERPTS = 12


@dataclass
class LocalContacts:
    council: str | None  # the chosen council's name, None when no council is chosen
    contacts: list[ContactView] = field(default_factory=list)
    roles: dict[str, str] = field(default_factory=dict)  # contact IRI -> its role in words
    official: list[str] = field(default_factory=list)  # lo:officialGuidance pages
    time_limit_sources: list[str] = field(default_factory=list)  # lo:timeLimitSource pages
    has_local: bool = False  # whether the data names a local contact for this record at all


ROLES = {
    LO + "senTeam": "Special educational needs (SEN) team",
    LO + "mediationService": "Mediation adviser",
    LO + "informationAdviceSupport": "Information, advice and support service (SENDIASS)",
}


def local_contacts(
    graph: Graph, steps: list[str], area: str | None, area_name: str | None, staff: bool, out: dict[str, list[str]]
) -> LocalContacts:
    """Who to contact at the first of `steps` that names local contacts, in the chosen council only."""
    view = LocalContacts(
        area_name if area else None,
        official=list(dict.fromkeys(out.get(LO + "officialGuidance", []))),
        time_limit_sources=list(dict.fromkeys(out.get(LO + "timeLimitSource", []))),
    )
    for step in steps:
        rows = graph.library.select(graph.store, "navigate/step_local_contacts", step=NamedNode(step))
        if not rows:
            continue
        view.has_local = True
        if not area:
            break
        found: dict[str, ContactView] = {}
        for row in rows:
            if row["council"].value != area:
                continue
            iri = row["contact"].value
            entry = found.setdefault(iri, ContactView(node_link(iri, row["label"].value, graph.id_base)))
            for key, bucket in (("telephone", entry.telephone), ("email", entry.email), ("url", entry.web)):
                if key in row and row[key].value not in bucket:
                    bucket.append(row[key].value)
            if "role" in row:
                view.roles[iri] = ROLES.get(row["role"].value, "")
            if "verificationStatus" in row and row["verificationStatus"].value == LO + "Unverified":
                entry.unverified = True
                if staff and "verificationNote" in row:
                    entry.note = row["verificationNote"].value
        order = list(ROLES.values())  # the SEN team first: it is who a family writes to
        view.contacts = sorted(
            found.values(),
            key=lambda c: order.index(view.roles[c.link.iri]) if view.roles.get(c.link.iri) in order else len(order),
        )
        break
    return view


@dataclass
class UrgentHelp:
    link: Link
    description: str | None
    telephone: str | None
    url: str | None
    sources: list[str] = field(default_factory=list)


@dataclass
class NeedBridges:
    care_pathways: list[Link] = field(default_factory=list)
    ehc_assessment: list[Link] = field(default_factory=list)
    urgent: list[UrgentHelp] = field(default_factory=list)


def need_bridges(graph: Graph, need: str) -> NeedBridges:
    """A need's care pathway (its own or its broader need's), the EHC needs assessment and urgent help."""
    bridges = NeedBridges()
    urgent: dict[str, UrgentHelp] = {}
    for row in graph.library.select(graph.store, "navigate/need_bridges", need=NamedNode(need)):
        target = row["target"].value
        link = node_link(target, row["label"].value, graph.id_base)
        kind = row["kind"].value
        if kind == "care-pathway" and link not in bridges.care_pathways:
            bridges.care_pathways.append(link)
        elif kind == "ehc-assessment" and link not in bridges.ehc_assessment:
            bridges.ehc_assessment.append(link)
        elif kind == "urgent-help":
            entry = urgent.setdefault(
                target,
                UrgentHelp(
                    link,
                    row["description"].value if "description" in row else None,
                    row["telephone"].value if "telephone" in row else None,
                    row["url"].value if "url" in row else None,
                ),
            )
            if "source" in row and row["source"].value not in entry.sources:
                entry.sources.append(row["source"].value)
    # the emergency first, then the rest as the data orders them
    bridges.urgent = sorted(urgent.values(), key=lambda u: (u.telephone != "999", u.link.iri))
    return bridges


@dataclass
class Excerpt:
    owner: Link
    text: str
    answer: Link


def answer_excerpts(graph: Graph, question: str, area: str | None) -> list[Excerpt]:
    """The first words of what settings and services in the chosen council answered to a question."""
    values: dict[str, object] = {"question": NamedNode(question)}
    if area:
        values["area"] = NamedNode(area)
    rows = graph.library.select(graph.store, "navigate/question_answer_excerpts", page=1, per_page=EXCERPTS, **values)
    excerpts = []
    for row in rows:
        text = row["text"].value
        short = text if len(text) <= EXCERPT else text[:EXCERPT].rsplit(" ", 1)[0].rstrip(",;:") + "…"
        owner = node_link(
            row["owner"].value,
            row["ownerLabel"].value,
            graph.id_base,
            "isSample" in row and row["isSample"].value == "true",
        )
        excerpts.append(Excerpt(owner, short, node_link(row["answer"].value, "Full answer", graph.id_base)))
    return excerpts


def best_pathway(graph: Graph, heading: str) -> str | None:
    """The pathway with most steps filed under a topic, or None."""
    rows = graph.library.select(graph.store, "navigate/heading_pathways", heading=NamedNode(heading))
    return rows[0]["pathway"].value if rows else None


def council_name(graph: Graph, area: str | None, languages: list[str]) -> str | None:
    return label_map(graph, [area], languages).get(area) if area else None
