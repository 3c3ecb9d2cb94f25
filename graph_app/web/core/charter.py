"""The councils' commitment statements (issue 19): the SE7 framework asks each council for "a commitment
statement or charter about the way that you work with families". Each council's, and the SE7 region's, is
council content (a lo:CouncilStatement its admins keep in the staff editor) under the heading the region names
with lo:charterHeading (data/framework/region.ttl). The home page's "About this Local Offer" (map/) and each
council's page (explore/, as a record part) show them, so the reading lives here, where both may import it."""

from __future__ import annotations

from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode

from ...slugs import COUNCILS
from .graph import Graph, get_graph
from .labels import literal_text, reader_languages, same_language
from .links import Link, node_link, node_url
from .plain_text import paragraphs

REGION_SLUG = "se7"  # the seven councils together (lo:Region)


@dataclass(frozen=True)
class CharterStatement:
    council: str  # the council's (or the region's) name
    council_slug: str
    title: str
    paragraphs: list[str]
    url: str  # the statement's own page
    is_sample: bool
    last_reviewed: str | None


@dataclass
class Charter:
    heading_url: str  # the charter heading's page: every council's statement
    regional: CharterStatement | None  # what the seven councils promise together
    council: CharterStatement | None = None  # the chosen council's (home) or the page's council's
    others: list[Link] = field(default_factory=list)  # each council's commitment, when none is shown in full

    def __bool__(self) -> bool:
        return bool(self.regional or self.council or self.others)


def _rank(value: object, languages: list[str]) -> tuple[int, str]:
    """A literal's rank among the reader's languages (lower is better) and its text."""
    if not isinstance(value, Literal):
        return (len(languages) + 1, "")
    lang = (value.language or "en").split("-")[0]
    return (languages.index(lang) if lang in languages else len(languages), literal_text(value))


def charter(graph: Graph, council: str | None, languages: list[str], list_others: bool = True) -> Charter | None:
    """The region's commitment and `council`'s (an area IRI) in full; without a council, links to each
    council's when `list_others`. None when the graph names no charter heading or holds no statement."""
    # the heading first (once per store version), then its statements with the heading bound: one query
    # joining both took 45 ms, this 7 ms
    heading = graph.memo("charter_heading", lambda: _charter_heading(graph))
    if not heading:
        return None
    found: dict[str, dict] = {}
    for row in graph.library.select(graph.store, "navigate/heading_statements", heading=NamedNode(heading)):
        empty = {"area": row["area"].value, "title": (99, ""), "text": (99, "")}
        item = found.setdefault(row["statement"].value, empty)
        area_label = row.get("areaLabel")
        item["name"] = literal_text(area_label) if isinstance(area_label, Literal) else row["area"].value
        for key, column in (("title", "label"), ("text", "text")):
            if row.get(column) is not None:
                item[key] = min(item[key], _rank(row[column], languages))
        for key in ("reviewed", "sample", "regional"):
            if row.get(key) is not None:
                item[key] = row[key].value
    if not found:
        return None
    result = Charter(node_url(heading, graph.id_base) or "", None)
    for iri, item in sorted(found.items(), key=lambda pair: str(pair[1]["name"]).lower()):
        if "regional" in item:
            result.regional = result.regional or _statement(graph, iri, item)
        elif council and item["area"] == council:
            result.council = result.council or _statement(graph, iri, item)
        elif not council and list_others:
            title = item["title"][1]
            name = same_language(f"{item['name']}: {title}", title) if title else item["name"]
            result.others.append(node_link(iri, name, graph.id_base, item.get("sample") == "true"))
    return result if result else None


def _charter_heading(graph: Graph) -> str:
    rows = graph.library.select(graph.store, "navigate/charter")
    return rows[0]["heading"].value if rows else ""


def _statement(graph: Graph, iri: str, item: dict) -> CharterStatement:
    return CharterStatement(
        council=item["name"],
        council_slug=item["area"].rsplit("/", 1)[-1],
        title=item["title"][1],
        paragraphs=paragraphs(item["text"][1]),
        url=node_url(iri, graph.id_base) or iri,
        is_sample=item.get("sample") == "true",
        last_reviewed=item.get("reviewed"),
    )


def charter_for_record(record_iri: str) -> Charter | None:
    """A council's page (area/<council>) shows its commitment beside the region's; the region's page (area/se7)
    the region's and a link to each council's. Every other record: None, with no query."""
    graph = get_graph()
    slug = record_iri.removeprefix(f"{graph.id_base}area/")
    if slug == REGION_SLUG:
        return charter(graph, None, reader_languages())
    if slug not in COUNCILS:
        return None
    return charter(graph, record_iri, reader_languages(), list_others=False)
