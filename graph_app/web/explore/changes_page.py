"""What changed in a council's Local Offer in the last 90 days (issue 19): /changes?area=kent (and its JSON
twin) and the same list as an Atom 1.0 feed, /changes.atom?area=kent, so families, SENDIASS and newsletters
can follow closures, moved services and changed criteria. The list is the public history
(graph_app/live/history.py, queries/changes/area_changes.rq); the feed is written with ElementTree, so every
name and note from the data is escaped."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date, timedelta

from flask import Blueprint, Response, abort, request, url_for
from pyoxigraph import NamedNode

from ...slugs import COUNCILS
from ..core.area import council_names
from ..core.context import family_context
from ..core.graph import get_graph
from ..core.i18n import interface_language, translate
from ..core.labels import label_map
from ..core.links import node_url
from ..core.public_url import absolute
from ..core.staleness import long_date
from ..core.twin import respond, twin_route
from .service_changes import LO, NOTICE_FIELDS, RECENT_DAYS, listed_names

changes = Blueprint("changes", __name__)
SHOWN = 200  # a council's 90 days at national scale; more are in the SPARQL endpoint
ATOM = "http://www.w3.org/2005/Atom"


@dataclass(frozen=True)
class ChangeItem:
    change: str  # the change's IRI (the Atom entry's id)
    ended: str  # when it was published, xsd:dateTime text
    day: str
    day_words: str
    record: str
    label: str
    url: str | None
    what: str  # "Closed on 16 October 2026" or "waiting time changed"
    closed_on: str = ""
    notice: str = ""  # the record's own note to families, when this change set it
    organisation: str = ""
    organisation_url: str | None = None


@dataclass(frozen=True)
class ChangesPage:
    council: str  # slug, "" when none is chosen yet
    council_name: str
    since: str
    since_words: str
    items: list[ChangeItem] = field(default_factory=list)
    more: bool = False
    feed_url: str = ""
    councils: list[tuple[str, str]] = field(default_factory=list)  # (slug, name) to choose from


@twin_route(changes, "/changes")
def page() -> Response | str:
    data = changes_page(required=False)
    return respond("explore/changes.html", changes=data, title=_title(data))


@changes.route("/changes.atom", methods=["GET"])
def feed() -> Response:
    data = changes_page(required=True)
    body = atom(data)
    return Response(
        body, mimetype="application/atom+xml", headers={"Content-Type": "application/atom+xml; charset=utf-8"}
    )


def _title(data: ChangesPage) -> str:
    if not data.council:
        return translate("What has changed recently")
    return translate("What has changed in {council}'s Local Offer", council=data.council_name)


def changes_page(required: bool, today: date | None = None) -> ChangesPage:
    """The chosen council's changes since `since` (90 days ago unless the address says another day)."""
    today = today or date.today()
    since = _since(today)
    council = family_context().area_slug or ""
    names = council_names()
    if not council:
        if required:
            abort(400, translate("The 'area' parameter is required: a council, for example area=kent."))
        return ChangesPage("", "", since.isoformat(), long_date(since), councils=[(s, names[s]) for s in COUNCILS])
    graph = get_graph()
    area = NamedNode(f"{graph.id_base}area/{council}")
    rows = graph.library.select(
        graph.store, "changes/area_changes", page=1, per_page=SHOWN + 1, area=area, since=since.isoformat()
    )
    shown = [r for r in rows[:SHOWN] if r["ended"].value[:10] <= today.isoformat()]
    fields: dict[str, list[str]] = {}
    if shown:
        for row in graph.library.select(
            graph.store, "navigate/change_fields", change=[NamedNode(r["change"].value) for r in shown]
        ):
            fields.setdefault(row["change"].value, []).append(row["field"].value)
    mentioned = [r["record"].value for r in shown] + [r["organisation"].value for r in shown if r.get("organisation")]
    mentioned += [f for found in fields.values() for f in found]
    labels = label_map(graph, mentioned)
    items = [_item(r, fields.get(r["change"].value, []), labels, graph.id_base) for r in shown]
    return ChangesPage(
        council,
        names.get(council, council),
        since.isoformat(),
        long_date(since),
        items,
        len(rows) > SHOWN,
        url_for("changes.feed", area=council),
    )


def _since(today: date) -> date:
    raw = request.args.get("since", "").strip()
    if not raw:
        return today - timedelta(days=RECENT_DAYS)
    try:
        chosen = date.fromisoformat(raw)
    except ValueError:
        chosen = None
    if chosen is None or len(raw) != 10 or chosen > today:
        abort(400, translate("The 'since' parameter must be a date written as YYYY-MM-DD, no later than today."))
    return chosen


def _item(row: dict, changed: list[str], labels: dict[str, str], id_base: str) -> ChangeItem:
    record = row["record"].value
    day = row["ended"].value[:10]
    closed = row["closed"].value[:10] if row.get("closed") is not None else ""
    organisation = row["organisation"].value if row.get("organisation") is not None else ""
    sets_notice = bool(NOTICE_FIELDS & set(changed))
    named = [labels.get(f) or f.rsplit("#", 1)[-1] for f in changed if f not in NOTICE_FIELDS]
    if closed and LO + "closedOn" in changed:
        what = translate("Closed on {date}", date=long_date(closed))
    elif row["kind"].value.endswith("ChangeWithdrawn"):
        what = translate("withdrawn")
    elif row["kind"].value.endswith("ChangeCreated"):
        what = translate("added")
    elif named:
        listed = listed_names(named)
        what = translate("{fields} changed", fields=listed)
    elif row["kind"].value.endswith("ChangeChecked"):
        what = translate("checked and still correct")
    else:
        what = translate("Some details changed")
    return ChangeItem(
        row["change"].value,
        row["ended"].value,
        day,
        long_date(day),
        record,
        labels.get(record, record.rsplit("/", 1)[-1]),
        node_url(record, id_base),
        what,
        closed,
        row["notice"].value if sets_notice and row.get("notice") is not None else "",
        labels.get(organisation, "") if organisation else "",
        node_url(organisation, id_base) if organisation else None,
    )


def atom(data: ChangesPage) -> bytes:
    """The page's list as an Atom 1.0 feed (RFC 4287): the feed's id is its own address, each entry's the
    change's IRI, so a reader never shows one change twice."""
    ET.register_namespace("", ATOM)

    def sub(parent: ET.Element, name: str, text: str | None = None, **attributes: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{name}", attributes)
        if text is not None:
            element.text = text
        return element

    root = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": interface_language()})
    self_url = absolute(url_for("changes.feed", area=data.council))
    sub(root, "id", self_url)
    sub(root, "title", _title(data))
    sub(root, "subtitle", translate("Services and settings that closed, moved or changed in the last 90 days."))
    newest = data.items[0].ended if data.items else f"{data.since}T00:00:00Z"
    sub(root, "updated", _rfc3339(newest))
    sub(root, "link", rel="self", href=self_url, type="application/atom+xml")
    sub(root, "link", rel="alternate", href=absolute(url_for("changes.page", area=data.council)), type="text/html")
    author = sub(root, "author")
    sub(author, "name", data.council_name)
    for item in data.items:
        entry = sub(root, "entry")
        sub(entry, "id", item.change)
        sub(entry, "title", f"{item.label}: {item.what}")
        sub(entry, "updated", _rfc3339(item.ended))
        if item.url:
            sub(entry, "link", rel="alternate", href=absolute(item.url), type="text/html")
        if item.organisation:
            sub(sub(entry, "author"), "name", item.organisation)
        summary = f"{item.day_words}: {item.what}." + (f" {item.notice}" if item.notice else "")
        sub(entry, "summary", summary, type="text")
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="utf-8", xml_declaration=False)


def _rfc3339(stamp: str) -> str:
    """An xsd:dateTime as Atom wants it: with a time zone (a stamp without one is taken as UTC)."""
    if "T" not in stamp:
        stamp += "T00:00:00"
    if not (stamp.endswith("Z") or "+" in stamp[10:] or "-" in stamp[10:]):
        stamp += "Z"
    return stamp
