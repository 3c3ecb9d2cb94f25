"""The three boxes every node page shows: who can help in this area, what to do if things go wrong, and
the law behind the record. What does not depend on the node is computed once per store version."""

from __future__ import annotations

from dataclasses import dataclass, field

from pyoxigraph import NamedNode

from ...namespaces import LO
from ..core.context import family_context
from ..core.graph import Graph, get_graph
from ..core.labels import label_map
from ..core.links import Link, node_link
from .shaping import pick_values

# where a record says which council it belongs to, in order of preference
AREA_LINKS = (LO + "inLocalOfferOf", LO + "servesArea", LO + "locatedIn", LO + "partOfArea")
LOCAL_OFFER_DUTY = "clause/cfa-2014-s30"  # the duty to publish a local offer: the law behind every page
RESOLVING_DISAGREEMENTS = "pathway/resolving-disagreements"
LAW_RANKS = {0: "this record", 1: "its pathway", 2: "its topic", 3: "the section its topic is in"}


@dataclass
class Helper:
    role: str  # "iass" or "forum"
    link: Link
    url: str | None = None
    telephone: str | None = None
    email: str | None = None


@dataclass
class CouncilHelp:
    council: Link
    helpers: list[Helper] = field(default_factory=list)


@dataclass
class WhoCanHelp:
    how_chosen: str  # "record" (the record's own council), "chosen" (the reader's area) or "all"
    councils: list[CouncilHelp]


@dataclass
class Stage:
    position: int
    link: Link
    summary: str
    step: Link | None
    timescale: str | None


@dataclass
class ThingsGoWrong:
    stages: list[Stage]
    pathway: Link | None


@dataclass
class Clause:
    link: Link
    official: str | None  # the legislation.gov.uk page
    summary: str = ""  # what it says in plain English (dcterms:description), in the reader's language if written


@dataclass
class LawBehind:
    clauses: list[Clause]
    source: str  # whose legal basis it is: this record, its pathway, its topic... or the local offer duty


ONE_LINE = 140  # characters: about one line of the side box on a phone, two on a desktop


def first_sentence(text: str, limit: int = ONE_LINE) -> str:
    """The first sentence, shortened at a word to about one line."""
    ends = [cut for cut in (text.find(end) for end in (". ", "? ", "! ")) if cut > 0]
    sentence = text[: min(ends) + 1] if ends else text
    if len(sentence) <= limit:
        return sentence
    return sentence[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def councils_of(graph: Graph, node: str, out_links: dict[str, list[str]]) -> list[str]:
    """The councils a record belongs to: an area's own council, else the council of the areas it is in,
    serves or is listed by, in that order."""
    area_council = graph.memo(
        "area_councils",
        lambda: {
            row["area"].value: row["council"].value
            for row in graph.library.select(graph.store, "navigate/area_councils")
        },
    )
    if node in area_council:
        return [area_council[node]]
    for prop in AREA_LINKS:
        found = [area_council[a] for a in out_links.get(prop, []) if a in area_council]
        if found:
            return list(dict.fromkeys(found))
    return []


def _council_help(graph: Graph, languages: list[str]) -> dict[str, CouncilHelp]:
    def compute() -> dict[str, CouncilHelp]:
        rows = graph.library.select(graph.store, "navigate/council_help")
        names = label_map(graph, [r["council"].value for r in rows] + [r["contact"].value for r in rows], languages)
        found: dict[str, CouncilHelp] = {}
        for row in rows:
            council = row["council"].value
            entry = found.setdefault(
                council, CouncilHelp(node_link(council, names.get(council, council), graph.id_base))
            )
            contact = row["contact"].value
            entry.helpers.append(
                Helper(
                    row["role"].value,
                    node_link(contact, names.get(contact, contact), graph.id_base),
                    row["url"].value if "url" in row else None,
                    row["telephone"].value if "telephone" in row else None,
                    row["email"].value if "email" in row else None,
                )
            )
        return dict(sorted(found.items(), key=lambda item: item[1].council.label))

    return graph.memo("council_help:" + ",".join(languages), compute)


def who_can_help(graph: Graph, node: str, out_links: dict[str, list[str]], languages: list[str]) -> WhoCanHelp:
    """The SENDIASS and parent carer forum of the record's council(s), else of the reader's chosen area,
    else of all seven councils."""
    every = _council_help(graph, languages)
    own = [every[c] for c in councils_of(graph, node, out_links) if c in every]
    if own:
        return WhoCanHelp("record", own)
    chosen = _chosen_area()
    if chosen in every:
        return WhoCanHelp("chosen", [every[chosen]])
    return WhoCanHelp("all", list(every.values()))


def _chosen_area() -> str | None:
    """The family's council: from the address (?area=) or the area cookie (core/context.py)."""
    slug = family_context().area_slug
    return f"{get_graph().id_base}area/{slug}" if slug else None


def things_go_wrong(graph: Graph, languages: list[str]) -> ThingsGoWrong:
    """The four stages of resolving a disagreement, in order, one line each."""

    def compute() -> ThingsGoWrong:
        rows = graph.library.select(graph.store, "navigate/resolution_stages")
        iris = {r[k].value for r in rows for k in ("stage", "step", "pathway") if k in r}
        names = label_map(graph, iris, languages)
        stages: dict[str, Stage] = {}
        definitions: dict[str, list] = {}
        timescales: dict[str, list] = {}  # the step's time limit in every language the data has it
        pathway = None
        for row in rows:
            stage = row["stage"].value
            if "definition" in row:
                definitions.setdefault(stage, []).append(row["definition"])
            if "timescale" in row:
                timescales.setdefault(stage, []).append(row["timescale"])
            if stage in stages:
                continue
            step = row["step"].value if "step" in row else None
            if "pathway" in row:
                pathway = row["pathway"].value
            stages[stage] = Stage(
                int(row["position"].value),
                node_link(stage, names.get(stage, stage), graph.id_base),
                "",
                node_link(step, names.get(step, step), graph.id_base) if step else None,
                None,
            )
        for stage, entry in stages.items():
            limits = pick_values(list(dict.fromkeys(timescales.get(stage, []))), languages)
            entry.timescale = limits[0] if limits else None
            text = pick_values(list(dict.fromkeys(definitions.get(stage, []))), languages)
            entry.summary = first_sentence(text[0]) if text else ""
        pathway = pathway or graph.id_base + RESOLVING_DISAGREEMENTS
        return ThingsGoWrong(
            sorted(stages.values(), key=lambda s: s.position),
            node_link(
                pathway,
                names.get(pathway) or label_map(graph, [pathway], languages).get(pathway, "Resolving disagreements"),
                graph.id_base,
            ),
        )

    return graph.memo("things_go_wrong:" + ",".join(languages), compute)


def law_behind(graph: Graph, node: str, languages: list[str]) -> LawBehind:
    """The record's own legal basis, else its pathway's, its topic's or its section's; else the duty to
    publish a local offer (Children and Families Act 2014, section 30)."""
    rows = graph.library.select(graph.store, "navigate/law_behind", node=NamedNode(node))
    summaries: dict[str, list] = {}
    if rows:
        best = min(int(r["rank"].value) for r in rows)
        chosen = {
            r["clause"].value: (r["official"].value if "official" in r else None)
            for r in rows
            if int(r["rank"].value) == best
        }
        for r in rows:
            if "summary" in r and int(r["rank"].value) == best:
                summaries.setdefault(r["clause"].value, []).append(r["summary"])
        source = LAW_RANKS[best]
    else:
        duty = graph.id_base + LOCAL_OFFER_DUTY
        official, summaries[duty] = _official(graph, duty)
        chosen = {duty: official}
        source = "the duty to publish a local offer"
    names = label_map(graph, chosen, languages)
    clauses = [
        Clause(node_link(c, names.get(c, c), graph.id_base), official, _summary(summaries.get(c, []), languages))
        for c, official in chosen.items()
    ]
    return LawBehind(sorted(clauses, key=lambda c: c.link.iri), source)


def _summary(values: list, languages: list[str]) -> str:
    """One plain-English summary in the reader's language (English otherwise); rows repeat it per page link."""
    picked = pick_values(list(dict.fromkeys(values)), languages)
    return picked[0] if picked else ""


def _official(graph: Graph, clause: str) -> tuple[str | None, list]:
    """The legislation.gov.uk page of a clause (rdfs:seeAlso) and its summaries, once per store version."""
    return graph.memo("official-summary:" + clause, lambda: _see_also(graph, clause))


def _see_also(graph: Graph, clause: str) -> tuple[str | None, list]:
    rows = graph.library.select(graph.store, "navigate/clause_official", node=NamedNode(clause))
    return (rows[0]["official"].value if rows else None), [r["summary"] for r in rows if "summary" in r]
