"""Everything a node page shows, gathered in a few queries: the plain-English summary, the links in and
out grouped under human headings, and the boxes every page has (who can help, what to do if things go
wrong, the law behind it, when it was last checked, and whether it is an invented sample record)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask import url_for
from pyoxigraph import Literal, NamedNode

from ...namespaces import DCTERMS, KINDS, LO, RDF, RDFS, SCHEMA, SKOS
from ..core.context import family_context
from ..core.graph import Graph
from ..core.labels import label_map, reader_languages
from ..core.links import Link, kind_of, node_link
from ..core.staff_user import current_user
from .first_screen import ContactView, NextStep, contacts, eligibility, next_steps, provision
from .help_here import LawBehind, ThingsGoWrong, WhoCanHelp, councils_of, law_behind, things_go_wrong, who_can_help
from .local_help import (
    Excerpt,
    LocalContacts,
    NeedBridges,
    answer_excerpts,
    best_pathway,
    council_name,
    local_contacts,
    need_bridges,
)
from .pathway_view import PathwayView, pathway_view
from .setting_answers import AnswerView, answer_views
from .shaping import FEATURED, IN, OUT, VALUE_NAMES, LinkGroup, group_heading, group_literals, is_hidden

PREVIEW = 10  # links shown per group; the rest are on the group's own paged list
OUT_OF_DATE_DAYS = 365
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
NAME_PROPERTIES = {RDFS + "label", SKOS + "prefLabel"}
# literal values the page never lists as facts: names, machine flags, and what the summary already says
QUIET_VALUES = NAME_PROPERTIES | {LO + "isSample", LO + "buildId", LO + "lastReviewed", SKOS + "hiddenLabel",
                                  LO + "minAge", LO + "maxAge", LO + "position", LO + "deadlineWeeks"}


@dataclass
class SummaryRow:
    name: str
    texts: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    web: list[str] = field(default_factory=list)  # web addresses outside the explorer
    contacts: list[ContactView] = field(default_factory=list)  # phone, email, web page (How to get it)


@dataclass
class Review:
    date: str  # ISO date
    words: str  # "2 July 2026"
    out_of_date: bool


@dataclass
class NodePage:
    iri: str
    kind: str
    slug: str
    label: str
    kind_label: str
    type_labels: list[str]
    is_sample: bool
    summary: list[SummaryRow]
    details: list[SummaryRow]
    groups: list[LinkGroup]
    who_can_help: WhoCanHelp
    things_go_wrong: ThingsGoWrong
    law: LawBehind
    review: Review | None
    answers: list[AnswerView]
    pathway: PathwayView | None
    next_steps: list[NextStep] = field(default_factory=list)
    local_contacts: LocalContacts | None = None  # statutory steps, stages and pathways
    bridges: NeedBridges | None = None  # needs
    excerpts: list[Excerpt] | None = None  # questions: what settings in the chosen council answered
    area_name: str | None = None  # the family's chosen council


class NotFound(LookupError):
    """Nothing is recorded at this IRI."""


def build_node_page(graph: Graph, kind: str, slug: str, today: date | None = None) -> NodePage:
    iri = f"{graph.id_base}{kind}/{slug}"
    node = NamedNode(iri)
    languages = reader_languages()
    library, store = graph.library, graph.store
    statements = library.select(store, "navigate/node_statements", node=node, page=1, per_page=1000)
    in_counts = _in_link_groups(graph, node)
    if not (statements or in_counts):
        raise NotFound(iri)
    literal_rows: list[dict] = []
    out_links: dict[str, list[str]] = {}
    sample_targets: set[str] = set()
    for row in statements:
        value = row["value"]
        if isinstance(value, Literal):
            literal_rows.append(row)
        elif isinstance(value, NamedNode):
            out_links.setdefault(row["property"].value, []).append(value.value)
            if "isSample" in row and row["isSample"].value == "true":
                sample_targets.add(value.value)
    values = group_literals(literal_rows, languages)
    previews = _in_previews(graph, node, kind, in_counts)
    names = label_map(graph, [iri, *(t for ts in out_links.values() for t in ts),
                              *(s for _p, _c, rows in previews for s, _sample in rows)], languages)
    labels = property_labels(graph)

    def link(target: str, sample: bool = False) -> Link:
        return node_link(target, names.get(target) or target.rsplit("/", 1)[-1], graph.id_base,
                         sample or target in sample_targets)

    groups = _out_groups(graph, kind, slug, out_links, link, labels)
    for prop, count, rows in previews:
        title = group_heading(kind, prop, IN, labels)
        more = _links_url(kind, slug, IN, prop) if count > len(rows) else None
        groups.append(LinkGroup(IN, prop, title, count, [link(s, sample) for s, sample in rows], more))
    label = names.get(iri) or (values.get(RDFS + "label") or [slug])[0]
    types = [t for t in out_links.get(RDF + "type", []) if t.startswith(LO)]
    kind_label = family_kind_name(kind, labels)
    type_labels = [n for n in (labels.get(t) for t in types) if n and n.lower() != kind_label.lower()]
    pathway = _pathway(graph, kind, iri, out_links, languages)
    area_slug = family_context().area_slug
    area = f"{graph.id_base}area/{area_slug}" if area_slug else None
    area_name = council_name(graph, area, languages)
    staff = current_user() is not None
    summary = summary_rows(kind, values, out_links, link)
    helpers = who_can_help(graph, iri, out_links, languages)
    page = NodePage(
        iri=iri, kind=kind, slug=slug, label=label, kind_label=kind_label, type_labels=sorted(set(type_labels)),
        is_sample=values.get(LO + "isSample") == ["true"],
        summary=summary,
        details=detail_rows(values, labels),
        groups=feature(kind, slug, merge_groups(groups)),
        who_can_help=helpers,
        things_go_wrong=things_go_wrong(graph, languages),
        law=law_behind(graph, iri, languages),
        review=review(values.get(LO + "lastReviewed"), today or date.today()),
        answers=_answers(graph, kind, iri, out_links, in_counts, languages),
        pathway=pathway,
        area_name=area_name,
    )
    if kind in ("service", "setting"):
        _first_screen(graph, page, out_links, link, area, staff)
    elif kind == "need":
        page.bridges = need_bridges(graph, iri)
    elif kind == "heading" and pathway:
        # a topic with a pathway names who to contact in the family's council, as its steps do
        page.local_contacts = local_contacts(graph, [s.iri for s in pathway.steps], area, area_name, staff, out_links)
    elif kind in ("step", "pathway", "resolution-stage"):
        steps = [iri] if kind == "step" else [s.iri for s in pathway.steps] if pathway else []
        if kind == "resolution-stage":
            steps = [s.step.iri for s in page.things_go_wrong.stages if s.link.iri == iri and s.step]
        page.local_contacts = local_contacts(graph, steps, area, area_name, staff, out_links)
    elif kind == "question":
        page.excerpts = answer_excerpts(graph, iri, area)
    return page


def family_kind_name(kind: str, labels: dict[str, str]) -> str:
    """The families' name for a kind of page: the class's label in the ontology ("Step", "Ways to pay"),
    else the display name in KINDS. URL slugs stay as they are."""
    cls = KINDS[kind][0]
    name = labels.get(LO + cls) if cls else None
    return name[:1].upper() + name[1:] if name else KINDS[kind][1]


def feature(kind: str, slug: str, groups: list[LinkGroup]) -> list[LinkGroup]:
    """Mark the groups a family reads on the page itself; a need's services also get a search link with
    the need set (the family's council and age are added by the template's with_context)."""
    for group in groups:
        group.featured = (kind, group.property, group.direction) in FEATURED
        if group.featured and kind == "need" and group.property == LO + "meetsNeed":
            group.search = url_for("search.results", need=slug)
    return groups


def merge_groups(groups: list[LinkGroup]) -> list[LinkGroup]:
    """Groups with the same heading (a link and its inverse, or two properties that mean the same to a
    family) become one, each record once."""
    merged: dict[str, LinkGroup] = {}
    for group in groups:
        if group.title not in merged:
            merged[group.title] = LinkGroup(group.direction, group.property, group.title, group.count,
                                            list(group.links), group.see_all)
            continue
        into = merged[group.title]
        known = {item.iri for item in into.links}
        extra = [item for item in group.links if item.iri not in known]
        into.links.extend(extra)
        into.count += group.count - (len(group.links) - len(extra))
        into.see_all = into.see_all or group.see_all
    return list(merged.values())


def _first_screen(graph: Graph, page: NodePage, out: dict[str, list[str]], link, area: str | None,
                  staff: bool) -> None:
    """Contact in "How to get it", who can use it, specialist provision, and the next steps."""
    found = contacts(graph, page.iri, staff)
    criteria, assessed = eligibility(graph, page.iri)
    rows = {row.name: row for row in page.summary}
    if found:
        if "How to get it" not in rows:
            rows["How to get it"] = SummaryRow("How to get it")
            page.summary.insert(1, rows["How to get it"])
        rows["How to get it"].contacts = found
    at = next((i + 1 for i, row in enumerate(page.summary) if row.name == "Where"), len(page.summary))
    if criteria:
        page.summary.insert(at, SummaryRow("Who can use it", criteria))
    if page.kind == "setting" and (said := provision(graph, page.iri)):
        page.summary.insert(1, SummaryRow("Specialist provision", said))
    needs = [link(n) for n in out.get(LO + "meetsNeed", []) or out.get(LO + "specialistProvisionFor", [])]
    need = min(needs, key=lambda n: n.label.lower()) if needs else None
    care = need_bridges(graph, need.iri).care_pathways if need else []
    own = councils_of(graph, page.iri, out)
    council_iri = area or (own[0] if own else None)
    council = (council_iri.rsplit("/", 1)[-1], label_map(graph, [council_iri]).get(council_iri, "")) \
        if council_iri else None
    iass = next((h.link for c in page.who_can_help.councils if c.council.iri == council_iri
                 for h in c.helpers if h.role == "iass"), None)
    page.next_steps = next_steps(graph, needs_assessment=assessed, need=need, care_pathway=care[0] if care else None,
                                 iass=iass, council=council, kind=page.kind)


def property_labels(graph: Graph) -> dict[str, str]:
    """Property and class IRI -> its English name from the ontology, once per store version."""
    return graph.memo("property_labels", lambda: {
        row["property"].value: row["label"].value
        for row in graph.library.select(graph.store, "navigate/property_labels")
        if row["label"].language in (None, "en")
    })


# a hub (an age band, a topic, a council) has thousands of links in: counting them is most of its page's
# time, and the counts only change with the store, so they are kept per store version for hubs only
HUB_LINKS_IN = 200


def _in_link_groups(graph: Graph, node: NamedNode) -> list[dict]:
    hubs: dict[str, list[dict]] = graph.memo("hub_in_link_groups", dict)
    if node.value in hubs:
        return hubs[node.value]
    rows = graph.library.select(graph.store, "navigate/in_link_groups", node=node)
    if sum(int(row["count"].value) for row in rows) >= HUB_LINKS_IN:
        hubs[node.value] = rows
    return rows


def _in_previews(graph: Graph, node: NamedNode, kind: str, counts: list) -> list[tuple[str, int, list]]:
    """For each group of links arriving here: property, how many, and the first PREVIEW of them. Small
    groups come together in one query; each large one is paged in its own query, so a need with
    thousands of services costs about the same as one with three."""
    sizes = {row["property"].value: int(row["count"].value) for row in counts
             if not is_hidden(row["property"].value, IN)}
    members: dict[str, list[tuple[str, bool]]] = {prop: [] for prop in sizes}
    small = [NamedNode(prop) for prop, size in sizes.items() if size <= PREVIEW]
    if small:
        for m in graph.library.select(graph.store, "navigate/in_links_of", node=node, property=small):
            members[m["property"].value].append((m["source"].value, _sampled(m)))
    for prop, size in sizes.items():
        if size > PREVIEW:
            # a few, unsorted: sorting a hub's thousands of links costs ~100 ms at scale 30 (link_lists.py)
            rows = graph.library.select(graph.store, "navigate/in_links_first", page=1, per_page=PREVIEW,
                                        node=node, property=NamedNode(prop))
            members[prop] = [(m["source"].value, _sampled(m)) for m in rows]
    previews = [(prop, sizes[prop], sorted(found) if sizes[prop] <= PREVIEW else found)
                for prop, found in members.items()]
    return sorted(previews, key=lambda p: _group_order(kind, p[0], IN))


def _sampled(row: dict) -> bool:
    return "isSample" in row and row["isSample"].value == "true"


def _out_groups(graph: Graph, kind: str, slug: str, out_links: dict[str, list[str]], link, labels) -> list[LinkGroup]:
    groups = []
    for prop, targets in out_links.items():
        if is_hidden(prop, OUT):
            continue
        inside = [t for t in dict.fromkeys(targets) if kind_of(t, graph.id_base)]
        if not inside:
            continue
        links = sorted((link(t) for t in inside), key=lambda item: item.label.lower())
        more = _links_url(kind, slug, OUT, prop) if len(links) > PREVIEW else None
        groups.append(LinkGroup(OUT, prop, group_heading(kind, prop, OUT, labels), len(links), links[:PREVIEW], more))
    return sorted(groups, key=lambda g: _group_order(kind, g.property, OUT))


# the groups a family most wants first, per direction; the rest follow in their heading's order
FIRST_OUT = [LO + p for p in ("providedBy", "runBy", "meetsNeed", "forNeed", "forAgeBand", "servesArea",
                              "locatedIn", "accessLevel", "referralRoute", "fundingRoute")] + [SKOS + "broader"]
FIRST_IN = [LO + p for p in ("meetsNeed", "forNeed", "providedBy", "runBy", "servesArea", "inLocalOfferOf",
                             "locatedIn", "forAgeBand", "answers")] + [SKOS + "broader"]


def _group_order(kind: str, prop: str, direction: str) -> tuple[int, str]:
    first = FIRST_OUT if direction == OUT else FIRST_IN
    return (first.index(prop) if prop in first else len(first), prop)


def _links_url(kind: str, slug: str, direction: str, prop: str) -> str:
    return url_for("explore.node_links", kind=kind, slug=slug, direction=direction, property=prop)


def ages(values: dict[str, list[str]]) -> str | None:
    low, high = values.get(LO + "minAge"), values.get(LO + "maxAge")
    if low and high:
        return f"{low[0]} to {high[0]} years" if low[0] != high[0] else f"{low[0]} years"
    if low:
        return f"{low[0]} years and over"
    if high:
        return f"Up to {high[0]} years"
    return None


def summary_rows(kind: str, values: dict[str, list[str]], out: dict[str, list[str]], link) -> list[SummaryRow]:
    """The plain-English summary at the top: what it is, who it is for, ages, where, how to get it, cost."""
    rows: list[SummaryRow] = []

    def add(name: str, texts: list[str] | None = None, props: tuple[str, ...] = (),
            web: list[str] | None = None) -> None:
        links = [link(t) for p in props for t in dict.fromkeys(out.get(p, []))]
        row = SummaryRow(name, list(texts or []), sorted(links, key=lambda item: item.label.lower()), list(web or []))
        if row.texts or row.links or row.web:
            rows.append(row)

    definition = values.get(SKOS + "definition", [])
    description = values.get(DCTERMS + "description", [])
    if kind == "need":
        add("What it means", definition or description)
        add("Other words people use", other_words(values))
        add("Part of", props=(SKOS + "broader",))
        add("Leads on to, in adulthood", props=(LO + "dovetailsInto",))
    elif kind in ("service", "setting"):
        add("What it is", description)
        add("How to get it", props=(LO + "referralRoute", LO + "accessLevel"))
        add("Who it is for", props=(LO + "meetsNeed",))
        add("Ages", [a] if (a := ages(values)) else [])
        add("Where", props=(LO + "servesArea",))
        add("Waiting time", values.get(LO + "waitingTime"))
        add("Cost", values.get(LO + "cost"), props=(LO + "fundingRoute",))
        add("Who runs it", props=(LO + "providedBy", LO + "runBy"))
        add("Website", web=out.get(SCHEMA + "url"))
    elif kind == "clause":
        add("What it says", description)
        add("Part of", props=(LO + "partOfLegislation", LO + "subdivisionOf"))
        add("Read the law", web=[u for u in out.get(RDFS + "seeAlso", []) if "legislation.gov.uk/" in u])
    elif kind == "legislation":
        add("What it is", description)
        add("Read the law", web=[u for u in out.get(RDFS + "seeAlso", []) if "legislation.gov.uk/" in u])
    elif kind == "step":
        add("What to do" if description else "What happens", description)
        add("Time limit", values.get(LO + "timescale"))
        add("Who is responsible", values.get(LO + "responsibleParty"))
        add("If it goes wrong", values.get(LO + "ifThingsGoWrong"))
        add("Part of", props=(LO + "stepOf",))
    elif kind == "pathway":
        add("What it is", description)
        add("For", props=(LO + "forNeed",))
        add("Ages", props=(LO + "forAgeBand",))
        add("What comes next", props=(LO + "dovetailsInto",))
    elif kind == "answer":
        add("The question", props=(LO + "answers",))
        add("The answer", values.get(LO + "answerText"))
        add("Answer given by", props=(LO + "answerOf",))
    elif kind == "contact":
        add("What it is", description)
        add("Phone", values.get(SCHEMA + "telephone"))
        add("Email", values.get(SCHEMA + "email"))
        add("Website", web=out.get(SCHEMA + "url"))
    elif kind == "age-band":
        add("What it means", definition or description)
        add("Ages", [a] if (a := ages(values)) else [])
    elif kind == "provider":
        add("What it is", description)
        add("Kind of organisation", props=(LO + "organisationType",))
        add("Where it is based", props=(LO + "locatedIn",))
        add("Website", web=out.get(SCHEMA + "url"))
    else:
        add("What it means" if definition else "What it is", definition or description)
        add("Other words people use", other_words(values))
        add("Part of", props=(SKOS + "broader", LO + "partOfArea", LO + "inQuestionSet"))
        add("Website", web=out.get(SCHEMA + "url"))
    return rows


def other_words(values: dict[str, list[str]]) -> list[str]:
    """The other names people use, on one line, each once whatever its capitals."""
    seen: dict[str, str] = {}
    for word in values.get(SKOS + "altLabel", []):
        seen.setdefault(word.strip().lower(), word.strip())
    return [", ".join(seen.values())] if seen else []


SUMMARISED = {DCTERMS + "description", SKOS + "definition", SKOS + "altLabel", LO + "cost", LO + "waitingTime",
              LO + "timescale", LO + "responsibleParty", LO + "ifThingsGoWrong", LO + "answerText",
              SCHEMA + "telephone", SCHEMA + "email"}


def detail_rows(values: dict[str, list[str]], labels: dict[str, str]) -> list[SummaryRow]:
    """Other recorded facts the summary does not already say (codes, who decides, notes...)."""
    rows = []
    for prop, texts in sorted(values.items()):
        if prop in QUIET_VALUES or prop in SUMMARISED or VALUE_NAMES.get(prop) == "":
            continue
        name = VALUE_NAMES.get(prop) or labels.get(prop) or prop.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        rows.append(SummaryRow(name[:1].upper() + name[1:], texts))
    return rows


def review(dates: list[str] | None, today: date) -> Review | None:
    """The last review date in words, flagged when it is more than a year old."""
    if not dates:
        return None
    try:
        checked = max(date.fromisoformat(d[:10]) for d in dates)
    except ValueError:
        return None
    words = f"{checked.day} {MONTHS[checked.month - 1]} {checked.year}"
    return Review(checked.isoformat(), words, (today - checked).days > OUT_OF_DATE_DAYS)


def _answers(graph: Graph, kind: str, iri: str, out: dict[str, list[str]], in_counts: list,
             languages: list[str]) -> list[AnswerView]:
    answered = any(r["property"].value == LO + "answerOf" for r in in_counts)
    uses = out.get(LO + "usesQuestionSet", [])
    if not (answered or uses):
        return []
    return answer_views(graph, iri, uses, kind == "setting", languages)


def _pathway(graph: Graph, kind: str, iri: str, out: dict[str, list[str]], languages: list[str]) -> PathwayView | None:
    if kind == "pathway":
        return pathway_view(graph, iri, out.get(LO + "dovetailsInto", []), languages)
    if kind == "step" and out.get(LO + "stepOf"):
        return pathway_view(graph, out[LO + "stepOf"][0], [], languages, current_step=iri)
    if kind == "heading" and (best := best_pathway(graph, iri)):
        return pathway_view(graph, best, [], languages)  # the topic's best pathway, inline
    return None
