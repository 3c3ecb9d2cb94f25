"""How to get involved (issue 19): /get-involved?area=kent (and its JSON twin) tells a family how to help
shape their council's SEND services: its parent carer forum (the council's lo:parentCarerForum, with the
guidance notes that explain forums and co-production and cite their sources), its youth forum, the
consultations and surveys open now or coming soon, training and workshops for parents, and, below, past
consultations marked closed with "what we did" where the council gave it. Every record is a node in the
graph with its own page (/id/consultation/..., /id/training/..., /id/youth-forum/...); the list is one named
query (queries/navigate/involvement.rq)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask import Blueprint, Response
from pyoxigraph import NamedNode

from ...namespaces import LO, SCHEMA
from ...slugs import COUNCILS
from ..core.area import council_names
from ..core.contact_values import details_by_contact
from ..core.context import family_context
from ..core.graph import Graph, get_graph
from ..core.i18n import N_, translate
from ..core.labels import Label, label_map
from ..core.links import node_url
from ..core.staleness import long_date
from ..core.twin import respond, twin_route

involvement = Blueprint("involvement", __name__)

KIND_OF_TYPE = {  # most specific first: a survey is also a consultation (the build adds superclasses)
    LO + "Survey": "survey",
    LO + "Consultation": "consultation",
    LO + "ParentTraining": "training",
    LO + "YouthForum": "youth-forum",
}
MODES = {
    SCHEMA + "OnlineEventAttendanceMode": N_("online"),
    SCHEMA + "OfflineEventAttendanceMode": N_("in person"),
    SCHEMA + "MixedEventAttendanceMode": N_("online or in person"),
}
NOTES = ("parent-carer-forums", "co-production")  # note/{slug}: guidance with sources (data/sample/involvement.ttl)


@dataclass(frozen=True)
class Opportunity:
    """One way to get involved: a consultation, survey, training session or youth forum."""

    iri: str
    url: str | None  # its own page
    kind: str  # consultation, survey, training or youth-forum
    label: str
    description: str = ""
    status: str = ""  # consultations: open, upcoming or closed; training: upcoming or past
    start: str = ""  # ISO date (consultations) or date and time (training)
    end: str = ""
    start_words: str = ""  # "16 November 2026", with the time for training
    end_words: str = ""
    website: str = ""  # where to take part or book
    what_we_did: str = ""
    mode: str = ""  # online, in person, online or in person
    place: str = ""
    for_whom: str = ""
    meets: str = ""
    is_sample: bool = False


@dataclass(frozen=True)
class Source:
    url: str
    label: str


@dataclass(frozen=True)
class Note:
    iri: str
    url: str | None
    label: str
    text: str
    based_on: str  # the paragraphs it draws on, in words
    sources: list[Source] = field(default_factory=list)


@dataclass(frozen=True)
class Forum:
    iri: str
    url: str | None
    label: str
    website: str | None
    details: list[tuple[str, str]] = field(default_factory=list)  # (label, value): checked values only


@dataclass(frozen=True)
class InvolvementPage:
    council: str  # slug, "" when none is chosen yet
    council_name: str
    today: str
    forum: Forum | None = None
    notes: list[Note] = field(default_factory=list)
    youth_forums: list[Opportunity] = field(default_factory=list)
    open_now: list[Opportunity] = field(default_factory=list)  # closing soonest first
    coming_soon: list[Opportunity] = field(default_factory=list)  # opening soonest first
    training: list[Opportunity] = field(default_factory=list)  # soonest first; past sessions are left out
    closed: list[Opportunity] = field(default_factory=list)  # most recently closed first
    has_sample: bool = False
    councils: list[tuple[str, str]] = field(default_factory=list)  # (slug, name) to choose from


@twin_route(involvement, "/get-involved")
def page() -> Response | str:
    data = involvement_page()
    return respond("explore/get_involved.html", involvement=data, title=_title(data))


def _title(data: InvolvementPage) -> str:
    if not data.council:
        return translate("How to get involved")
    return translate("How to get involved in {council}", council=data.council_name)


def involvement_page(today: date | None = None) -> InvolvementPage:
    """The chosen council's ways to get involved, sorted for `today` (today unless a test names a day)."""
    today = today or date.today()
    council = family_context().area_slug or ""
    names = council_names()
    if not council:
        return InvolvementPage("", "", today.isoformat(), councils=[(s, names[s]) for s in COUNCILS])
    graph = get_graph()
    area = f"{graph.id_base}area/{council}"
    items = read_opportunities(graph, area, today)
    consultations = [i for i in items if i.kind in ("consultation", "survey")]
    return InvolvementPage(
        council,
        names.get(council, council),
        today.isoformat(),
        _forum(graph, area),
        _notes(graph),
        [i for i in items if i.kind == "youth-forum"],
        sorted((i for i in consultations if i.status == "open"), key=lambda i: (i.end, i.label)),
        sorted((i for i in consultations if i.status == "upcoming"), key=lambda i: (i.start, i.label)),
        sorted((i for i in items if i.kind == "training" and i.status == "upcoming"), key=lambda i: (i.start, i.label)),
        sorted((i for i in consultations if i.status == "closed"), key=lambda i: (i.end, i.label), reverse=True),
        any(i.is_sample for i in items),
    )


def read_opportunities(graph: Graph, area: str, today: date) -> list[Opportunity]:
    """Every involvement record of the council at `area`, one per record, with its status on `today`."""
    rows = graph.library.select(graph.store, "navigate/involvement", area=NamedNode(area))
    return opportunities(graph, rows, today)


def opportunities(graph: Graph, rows: list, today: date) -> list[Opportunity]:
    """One Opportunity per record of navigate/involvement's rows (a record has a row per type it has)."""
    by_record: dict[str, dict] = {}
    for row in rows:
        record = row["record"].value
        kinds = by_record.setdefault(record, {"row": row, "kinds": set()})["kinds"]
        kinds.add(KIND_OF_TYPE[row["type"].value])
    labels = label_map(graph, by_record)
    found = []
    for record, entry in by_record.items():
        kind = next(k for k in KIND_OF_TYPE.values() if k in entry["kinds"])
        found.append(_opportunity(record, kind, entry["row"], labels, graph.id_base, today))
    return found


def _text(row: dict, name: str) -> str:
    value = row.get(name)
    return Label(value.value, "en") if value is not None else ""


def _opportunity(record: str, kind: str, row: dict, labels: dict[str, str], id_base: str, today: date) -> Opportunity:
    start = row["start"].value if row.get("start") is not None else ""
    end = row["end"].value if row.get("end") is not None else ""
    mode = MODES.get(row["mode"].value, "") if row.get("mode") is not None else ""
    return Opportunity(
        iri=record,
        url=node_url(record, id_base),
        kind=kind,
        label=labels.get(record, record.rsplit("/", 1)[-1]),
        description=_text(row, "description"),
        status=_status(kind, start, end, today),
        start=start,
        end=end,
        start_words=_when(start),
        end_words=_when(end, day_too=kind != "training" or end[:10] != start[:10]),
        website=row["url"].value if row.get("url") is not None else "",
        what_we_did=_text(row, "outcome"),
        mode=translate(mode) if mode else "",
        place=_text(row, "place"),
        for_whom=_text(row, "audience"),
        meets=_text(row, "meets"),
        is_sample=row.get("sample") is not None and row["sample"].value == "true",
    )


def _status(kind: str, start: str, end: str, today: date) -> str:
    """open / upcoming / closed for a consultation; upcoming / past for training (by its last day)."""
    day = today.isoformat()
    if kind == "youth-forum":
        return ""
    if kind == "training":
        return "upcoming" if (end or start)[:10] >= day else "past"
    if start and day < start[:10]:
        return "upcoming"
    if end and end[:10] < day:
        return "closed"
    return "open"


def _when(stamp: str, day_too: bool = True) -> str:
    """ "20 January 2027", "20 January 2027, 10:00" or just "12:00" (the end of a session on its start day)."""
    if not stamp:
        return ""
    time = stamp[11:16] if len(stamp) >= 16 else ""
    if not day_too:
        return time
    try:
        day = long_date(stamp[:10])
    except ValueError:  # no real date (the build's shapes report it): show it as written rather than fail
        return stamp
    return f"{day}, {time}" if time else day


def _forum(graph: Graph, area: str) -> Forum | None:
    """The council's parent carer forum (data/areas.ttl), with the details checked against a source."""
    forum = next(
        (d for d in details_by_contact(graph, staff=False).values() if d.council == area and d.role == "forum"), None
    )
    if forum is None:
        return None
    name = label_map(graph, [forum.contact]).get(forum.contact, forum.contact)
    details = [(translate(v.label), v.value or "") for v in forum.values if v.shown_to_families]
    return Forum(forum.contact, node_url(forum.contact, graph.id_base), name, forum.website, details)


def _notes(graph: Graph) -> list[Note]:
    iris = [f"{graph.id_base}note/{slug}" for slug in NOTES]
    rows = graph.library.select(graph.store, "navigate/guidance_notes", note=[NamedNode(i) for i in iris])
    sources: dict[str, list[str]] = {}
    texts: dict[str, tuple[str, str]] = {}
    for row in rows:
        note = row["note"].value
        texts[note] = (row["description"].value, row["comment"].value if row.get("comment") is not None else "")
        if row.get("source") is not None and row["source"].value not in sources.setdefault(note, []):
            sources[note].append(row["source"].value)
    labels = label_map(graph, [*texts, *(s for found in sources.values() for s in found)])
    notes = []
    for iri in iris:
        if iri not in texts:
            continue
        cited = [Source(node_url(s, graph.id_base) or s, _source_name(s, labels)) for s in sources.get(iri, [])]
        text, based_on = texts[iri]
        notes.append(
            Note(
                iri, node_url(iri, graph.id_base), labels.get(iri, iri), Label(text, "en"), Label(based_on, "en"), cited
            )
        )
    return notes


def _source_name(iri: str, labels: dict[str, str]) -> str:
    """A source's name in the graph, else its web address without the scheme (www.gov.uk/...)."""
    named = labels.get(iri)
    if named and named != iri:
        return named
    return iri.split("://", 1)[-1].rstrip("/")
