"""Everything a node page shows, gathered in a few queries: the plain-English summary, the links in and
out grouped under human headings, and the boxes every page has (who can help, what to do if things go
wrong, the law behind it, when it was last checked, and whether it is an invented sample record)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask import url_for
from pyoxigraph import Literal, NamedNode

from ...namespaces import LO, RDF, RDFS
from ..core.chrome import this_page
from ..core.context import family_context, with_context
from ..core.graph import Graph
from ..core.labels import label_map, reader_languages
from ..core.links import Link, node_link
from ..core.ontology_names import family_kind_name, property_labels
from ..core.opening_times import in_words, schedules
from ..core.prices_places import feature_names, place_words, places, price_words, prices
from ..core.staff_user import current_user
from ..core.staleness import checked_map, stamp
from .council_statements import CouncilStatements, council_statements
from .easy_read import EasyRead, easy_read
from .first_screen import NextStep, TimeLimit, contacts, eligibility, next_steps, provision, time_limit
from .help_here import LawBehind, ThingsGoWrong, WhoCanHelp, councils_of, law_behind, things_go_wrong, who_can_help
from .local_help import (
    Excerpt,
    LocalContacts,
    NeedBridges,
    TopicLocal,
    answer_excerpts,
    best_pathway,
    council_name,
    local_contacts,
    need_bridges,
    topic_contacts,
    topic_local,
)
from .pathway_view import PathwayView, pathway_view
from .record_links import (
    _in_link_groups,
    _in_previews,
    _links_url,
    _out_groups,
    feature,
    hub_rows,
    merge_groups,
)
from .record_summary import Review, SummaryRow, detail_rows, review, summary_rows
from .setting_answers import AnswerView, answer_views
from .shaping import IN, LinkGroup, group_heading, group_literals
from .talk_it_through import talk_it_through


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
    time_limit: TimeLimit | None = None  # steps and resolution stages: the limit the family must meet
    bridges: NeedBridges | None = None  # needs
    excerpts: list[Excerpt] | None = None  # questions: what settings in the chosen council answered
    area_name: str | None = None  # the family's chosen council
    topic_local: TopicLocal | None = None  # topics: their services in the chosen council, on the first screen
    council_statement: CouncilStatements | None = None  # headings: what the councils say, the chosen one first
    easy_read: EasyRead | None = None  # pathways and key topics: shown first, before the full version


class NotFound(LookupError):
    """Nothing is recorded at this IRI."""


def build_node_page(graph: Graph, kind: str, slug: str, today: date | None = None) -> NodePage:
    iri = f"{graph.id_base}{kind}/{slug}"
    node = NamedNode(iri)
    languages = reader_languages()
    library, store = graph.library, graph.store
    in_counts = _in_link_groups(graph, node)  # first: it tells whether the node is a hub (hub_rows)
    statements = hub_rows(
        graph,
        node,
        "node_statements",
        lambda: library.select(store, "navigate/node_statements", node=node, page=1, per_page=1000),
    )
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
    linked = [iri, *(t for ts in out_links.values() for t in ts)]
    linked += [s for _p, _c, rows in previews for s, _sample in rows]
    names = label_map(graph, linked, languages)
    checked = checked_map(graph, linked, today)  # an area's or a need's lists say which records may be out of date
    labels = property_labels(graph)

    def link(target: str, sample: bool = False) -> Link:
        return stamp(
            node_link(
                target,
                names.get(target) or target.rsplit("/", 1)[-1],
                graph.id_base,
                sample or target in sample_targets,
            ),
            checked,
        )

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
    if pathway and kind == "pathway":  # where the flowchart is drawn
        pathway.talk = talk_it_through(graph, languages)
    area_slug = family_context().area_slug
    area = f"{graph.id_base}area/{area_slug}" if area_slug else None
    area_name = council_name(graph, area, languages)
    staff = current_user() is not None
    summary = summary_rows(kind, values, out_links, link)
    helpers = who_can_help(graph, iri, out_links, languages)
    page = NodePage(
        iri=iri,
        kind=kind,
        slug=slug,
        label=label,
        kind_label=kind_label,
        type_labels=sorted(set(type_labels)),
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
        easy_read=easy_read(values),
    )
    if kind in ("service", "setting"):
        _first_screen(graph, page, out_links, link, area, staff)
    elif kind == "need":
        page.bridges = need_bridges(graph, iri)
    elif kind == "heading":
        choose = url_for("area_choice.choose", next=this_page())
        page.council_statement = council_statements(
            graph, iri, area, area_name, languages, today or date.today(), choose
        )
        _topic_first_screen(graph, page, area, area_name, staff, out_links)
    elif kind in ("step", "pathway", "resolution-stage"):
        steps = [iri] if kind == "step" else [s.iri for s in pathway.steps] if pathway else []
        if kind == "resolution-stage":
            steps = [s.step.iri for s in page.things_go_wrong.stages if s.link.iri == iri and s.step]
        page.local_contacts = local_contacts(graph, steps, area, area_name, staff, out_links)
        page.time_limit = time_limit(graph, iri, languages) if kind != "pathway" else None
    elif kind == "question":
        page.excerpts = answer_excerpts(graph, iri, area)
    return page


def _topic_first_screen(
    graph: Graph, page: NodePage, area: str | None, area_name: str | None, staff: bool, out: dict[str, list[str]]
) -> None:
    """A topic names who to contact in the family's council (its pathway's steps' contacts, else the
    contacts filed under it) and its services there, so neither waits under "All connections"."""
    if page.pathway:
        page.local_contacts = local_contacts(graph, [s.iri for s in page.pathway.steps], area, area_name, staff, out)
    if not (page.local_contacts and page.local_contacts.has_local):
        found = topic_contacts(graph, page.iri, area, area_name, staff, out)
        if found.has_local or page.pathway:
            page.local_contacts = found
    context = family_context()
    local = topic_local(graph, page.iri, area, area_name, context.age)
    if local.has_any:
        # search with the topic's words, the context, and the records' kind when they share one (else topics
        # and glossary entries that match the words come before the services)
        kinds = {r.iri[len(graph.id_base) :].split("/", 1)[0] for r in local.records}
        one = kinds.pop() if len(kinds) == 1 else None
        local.see_all_url = with_context(url_for("search.results", q=page.label, **({"kind": one} if one else {})))
        local.choose_url = url_for("area_choice.choose", next=this_page())
        page.topic_local = local


def _prices_and_places(graph: Graph, page: NodePage) -> None:
    """ "Free", "£5 a session"; each place with its address and accessibility, after how to get it (issue 18)."""
    after = next((i + 1 for i, row in enumerate(page.summary) if row.name == "How to get it"), len(page.summary))
    if found := [w for w in (price_words(p) for p in prices(graph, page.iri)) if w]:
        page.summary.insert(after, SummaryRow("Prices", found))
    if where := places(graph, page.iri):
        names = feature_names(graph, where)
        page.summary.insert(after, SummaryRow("Places it runs", [place_words(p, names) for p in where]))


def _first_screen(graph: Graph, page: NodePage, out: dict[str, list[str]], link, area: str | None, staff: bool) -> None:
    """Contact in "How to get it", who can use it, specialist provision, and the next steps."""
    found = contacts(graph, page.iri, staff)
    criteria, assessed = eligibility(graph, page.iri)
    rows = {row.name: row for row in page.summary}
    if found:
        if "How to get it" not in rows:
            rows["How to get it"] = SummaryRow("How to get it")
            page.summary.insert(1, rows["How to get it"])
        rows["How to get it"].contacts = found
    if times := schedules(graph, page.iri):  # opening times in plain words, after how to get it (issue 18)
        after = next((i + 1 for i, row in enumerate(page.summary) if row.name == "How to get it"), len(page.summary))
        page.summary.insert(after, SummaryRow("Opening times", [in_words(t) for t in times]))
    _prices_and_places(graph, page)
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
    council = (
        (council_iri.rsplit("/", 1)[-1], label_map(graph, [council_iri]).get(council_iri, "")) if council_iri else None
    )
    iass = next(
        (
            h.link
            for c in page.who_can_help.councils
            if c.council.iri == council_iri
            for h in c.helpers
            if h.role == "iass"
        ),
        None,
    )
    page.next_steps = next_steps(
        graph,
        needs_assessment=assessed,
        need=need,
        care_pathway=care[0] if care else None,
        iass=iass,
        council=council,
        kind=page.kind,
    )


def _answers(
    graph: Graph, kind: str, iri: str, out: dict[str, list[str]], in_counts: list, languages: list[str]
) -> list[AnswerView]:
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
