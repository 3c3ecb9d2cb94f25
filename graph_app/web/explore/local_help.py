"""The Local Offer itself on statutory and need pages: who to write to in the family's council at a
statutory step (or "choose your council"), the official GOV.UK pages and the sources of time limits, a
need's bridges (care pathway, EHC needs assessment, urgent help) and the answers settings gave to a question."""

from __future__ import annotations

from dataclasses import dataclass, field

from pyoxigraph import NamedNode

from ...namespaces import LO
from ..core.graph import Graph
from ..core.labels import label_map, literal_text, same_language
from ..core.links import Link, node_link
from .first_screen import ContactView
from .version_rows import rows_per_version

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
        rows = rows_per_version(graph, "navigate/step_local_contacts", step=NamedNode(step))  # 10 ms at scale 1
        if rows:
            _pick_council(graph, view, rows, area, staff)
            break
    return view


def topic_contacts(
    graph: Graph, heading: str, area: str | None, area_name: str | None, staff: bool, out: dict[str, list[str]]
) -> LocalContacts:
    """Who to contact about a topic that is not a pathway (moving to a new area: the SEN team), in the
    chosen council only: the contacts filed under the topic (navigate/heading_local_contacts)."""
    view = LocalContacts(
        area_name if area else None,
        official=list(dict.fromkeys(out.get(LO + "officialGuidance", []))),
        time_limit_sources=list(dict.fromkeys(out.get(LO + "timeLimitSource", []))),
    )
    rows = rows_per_version(graph, "navigate/heading_local_contacts", heading=NamedNode(heading))
    if rows:
        _pick_council(graph, view, rows, area, staff)
    return view


def _pick_council(graph: Graph, view: LocalContacts, rows: list, area: str | None, staff: bool) -> None:
    """Fill `view` with the chosen council's contacts from every council's `rows`, the SEN team first."""
    view.has_local = True
    if not area:
        return
    found: dict[str, ContactView] = {}
    for row in rows:
        if row["council"].value != area:
            continue
        iri = row["contact"].value
        entry = found.setdefault(iri, ContactView(node_link(iri, literal_text(row["label"]), graph.id_base)))
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


TOPIC_LOCAL = 6  # services and settings a topic's page shows before "See all"


@dataclass
class TopicLocal:
    """A topic's services and settings in the family's council, for its first screen."""

    council: str | None  # the chosen council's name, None when no council is chosen
    records: list[Link] = field(default_factory=list)  # at most TOPIC_LOCAL
    more: bool = False  # whether there are more than shown
    has_any: bool = False  # whether the topic has services or settings (in the council, when one is chosen)
    see_all_url: str | None = None  # search with the topic's words, council and age set
    choose_url: str | None = None  # the council chooser, coming back here


def topic_local(graph: Graph, heading: str, area: str | None, area_name: str | None, age: int | None) -> TopicLocal:
    """Up to TOPIC_LOCAL of the topic's services and settings in the chosen council (and the child's age);
    with no council chosen, whether the topic has any at all (the page then asks for the council).
    Links are filled in by the view (see_all_url, choose_url)."""
    if not area:  # an ASK stops at the first record; the listing groups and sorts them all (seconds at scale)
        return TopicLocal(None, has_any=graph.library.ask(graph.store, "navigate/heading_has_records", heading=heading))
    values: dict[str, object] = {"heading": NamedNode(heading), "area": NamedNode(area)}
    if age is not None:
        values["age"] = age
    smaller = _council_is_smaller(graph, heading, area)
    listing = "navigate/council_heading_records" if smaller else "navigate/heading_local_records"
    rows = graph.library.select(graph.store, listing, page=1, per_page=TOPIC_LOCAL + 1, **values)
    view = TopicLocal(area_name, has_any=bool(rows))
    names = label_map(graph, [r["record"].value for r in rows])
    for row in rows[:TOPIC_LOCAL]:
        iri = row["record"].value
        name = names.get(iri) or (literal_text(row["label"]) if "label" in row else iri.rsplit("/", 1)[-1])
        sample = "isSample" in row and row["isSample"].value == "true"
        view.records.append(node_link(iri, name, graph.id_base, sample))
    view.more = len(rows) > TOPIC_LOCAL
    return view


PROBE_ROWS = 1000  # records each size probe reads at most (a few ms, once per store version)


def _council_is_smaller(graph: Graph, heading: str, area: str) -> bool:
    """Whether the council has fewer records than the topic, so its listing is faster from the council's
    side: the engine walks the side it starts from record by record (0.9 s for education in Kent at scale
    30 from the topic's 3,783 records). Past PROBE_ROWS the council's side is taken: a council's records
    stop growing at national scale, a broad topic's do not. Sizes are kept per store version."""
    topic = graph.memo(f"topic size {heading}", lambda: _probe(graph, "navigate/heading_record_probe", heading))
    council = graph.memo(f"council size {area}", lambda: _probe(graph, "navigate/council_record_probe", area))
    return topic >= PROBE_ROWS or council < topic


def _probe(graph: Graph, name: str, iri: str) -> int:
    values = {"heading" if "heading" in name else "area": NamedNode(iri)}
    return len(graph.library.select(graph.store, name, page=1, per_page=PROBE_ROWS, **values))


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
    for row in rows_per_version(graph, "navigate/need_bridges", need=NamedNode(need)):  # a need: one of ~40
        target = row["target"].value
        link = node_link(target, literal_text(row["label"]), graph.id_base)
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
                    literal_text(row["description"]) if "description" in row else None,
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
        text = literal_text(row["text"])
        cut = text[:EXCERPT].rsplit(" ", 1)[0].rstrip(",;:") + "…"
        short = text if len(text) <= EXCERPT else same_language(cut, text)
        owner = node_link(
            row["owner"].value,
            literal_text(row["ownerLabel"]),
            graph.id_base,
            "isSample" in row and row["isSample"].value == "true",
        )
        excerpts.append(Excerpt(owner, short, node_link(row["answer"].value, "Full answer", graph.id_base)))
    return excerpts


def best_pathway(graph: Graph, heading: str) -> str | None:
    """The pathway with most steps filed under a topic, or None."""
    rows = rows_per_version(graph, "navigate/heading_pathways", heading=NamedNode(heading))
    return rows[0]["pathway"].value if rows else None


def council_name(graph: Graph, area: str | None, languages: list[str]) -> str | None:
    return label_map(graph, [area], languages).get(area) if area else None
