"""What a family must be told first about a record that changed (issue 19): a dated "What changed" notice for
a change published in the last 90 days (the record's own words, lo:changeNotice, when its editor wrote some,
else the details that changed, from the public history of graph_app/live/history.py), and, for a closed
service, "This service closed on 3 March 2026. Instead, try: ..." with open alternatives.

Alternatives (queries/changes/alternatives.rq) are open records meeting the same needs for overlapping ages,
those in the same council first and those sharing more needs next; ties are broken by closeness in the
navigation graph (personalised PageRank from the closed record, graph_app/projection), the same measure
"You might also want to look at" uses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from flask import current_app, url_for
from pyoxigraph import NamedNode

from ...projection import personalised_pagerank
from ...slugs import COUNCILS
from ..core.graph import get_graph
from ..core.i18n import translate
from ..core.labels import Label, label_map, reader_languages
from ..core.links import node_url
from ..core.staleness import long_date

RECENT_DAYS = 90  # a change is news to families for this long (the changes page lists the same window)
SHOWN_ALTERNATIVES = 5
HISTORY_READ = 10  # the newest changes read to date the notice
LO = "https://w3id.org/se7-local-offer/def#"
NOTICE_FIELDS = {LO + "changeNotice", LO + "closedOn"}
QUIET_KINDS = ("ChangeChecked", "ChangeCreated")  # not news: checked and still correct, or first published


@dataclass(frozen=True)
class Alternative:
    iri: str
    label: str
    url: str | None
    same_council: bool
    shared_needs: int


@dataclass(frozen=True)
class Notice:
    day: str  # ISO date of the change, for <time datetime>
    day_words: str  # "16 October 2026"
    text: str  # the record's own words, or the details that changed in plain words
    own_words: bool  # the editor wrote it (lo:changeNotice), so the page marks its language
    fields: tuple[str, ...] = ()  # the changed details' names, when the notice names them


@dataclass(frozen=True)
class ServiceChanges:
    closed_on: str = ""  # ISO date, "" when open
    closed_words: str = ""
    alternatives: list[Alternative] = field(default_factory=list)
    notice: Notice | None = None
    changes_url: str = ""  # a council's page links to its changes page

    def __bool__(self) -> bool:
        return bool(self.closed_on or self.notice or self.changes_url)


def service_changes(record_iri: str, today: date | None = None) -> ServiceChanges:
    """The record page's first-screen news: whether it has closed (and what to try instead) and its most
    recent change within RECENT_DAYS of `today` (today when not given)."""
    graph = get_graph()
    council = record_iri.removeprefix(f"{graph.id_base}area/")
    if council in COUNCILS:
        return ServiceChanges(changes_url=url_for("changes.page", area=council))
    today = today or date.today()
    node = NamedNode(record_iri)
    closed, notices = "", {}
    for row in graph.library.select(graph.store, "changes/record_closure", node=node):
        if row.get("closed") is not None:
            closed = row["closed"].value[:10]
        if row.get("notice") is not None:
            notices[row["noticeLang"].value or "en"] = row["notice"].value
    notice = _notice(record_iri, notices, today)
    if not closed:
        return ServiceChanges(notice=notice)
    try:
        closed_words = long_date(closed)
    except ValueError:  # a malformed date in imported data: say nothing rather than fail the page
        return ServiceChanges(notice=notice)
    return ServiceChanges(closed, closed_words, alternatives(record_iri), notice)


def alternatives(record_iri: str, limit: int = SHOWN_ALTERNATIVES) -> list[Alternative]:
    """Open records for the same needs and ages, the same council's first, then by shared needs and
    closeness in the graph."""
    graph = get_graph()
    rows = graph.library.select(graph.store, "changes/alternatives", node=NamedNode(record_iri))
    if not rows:
        return []
    closeness = _closeness(record_iri, [r["alternative"].value for r in rows])
    ranked = sorted(
        rows,
        key=lambda r: (
            -int(r["local"].value),
            -int(r["shared"].value),
            -closeness.get(r["alternative"].value, 0.0),
            r["alternative"].value,
        ),
    )[:limit]
    iris = [r["alternative"].value for r in ranked]
    names = label_map(graph, iris)
    return [
        Alternative(
            r["alternative"].value,
            names.get(r["alternative"].value, r["alternative"].value),
            node_url(r["alternative"].value, graph.id_base),
            r["local"].value == "1",
            int(r["shared"].value),
        )
        for r in ranked
    ]


def _closeness(start_iri: str, iris: list[str]) -> dict[str, float]:
    """Personalised PageRank from the record over the navigation projection, for the candidates only; {}
    when the app keeps no projection (a bare test app) or the record is not in it."""
    keeper: Any = current_app.extensions.get("projection_keeper")
    if keeper is None:
        return {}
    try:
        projection = keeper.get()
    except RuntimeError:  # the projection could not be built: shared needs still order the list
        return {}
    start = projection.index.get(start_iri)
    if start is None:
        return {}
    scores = personalised_pagerank(projection, start)
    return {iri: float(scores[projection.index[iri]]) for iri in iris if iri in projection.index}


def _notice(record_iri: str, notices: dict[str, str], today: date) -> Notice | None:
    """The newest recent change worth telling: the one that set the record's own note when that is recent,
    else the newest recent change in plain words."""
    graph = get_graph()
    rows = graph.library.select(
        graph.store, "navigate/record_changes", page=1, per_page=HISTORY_READ, node=NamedNode(record_iri)
    )
    cutoff = (today - timedelta(days=RECENT_DAYS)).isoformat()
    recent = [
        r
        for r in rows
        if cutoff <= r["ended"].value[:10] <= today.isoformat()
        and r["kind"].value.rsplit("#", 1)[-1] not in QUIET_KINDS
    ]
    if not recent:
        return None
    fields: dict[str, list[str]] = {}
    for row in graph.library.select(
        graph.store, "navigate/change_fields", change=[NamedNode(r["change"].value) for r in recent]
    ):
        fields.setdefault(row["change"].value, []).append(row["field"].value)
    day_of = lambda row: row["ended"].value[:10]  # noqa: E731 - one short use
    if notices:
        setting = [r for r in recent if NOTICE_FIELDS & set(fields.get(r["change"].value, []))]
        if setting:
            text = _pick(notices)
            return Notice(day_of(setting[0]), long_date(day_of(setting[0])), text, True)
    newest = recent[0]
    changed = [f for f in fields.get(newest["change"].value, []) if f not in NOTICE_FIELDS]
    names = label_map(graph, changed)
    named = tuple(names.get(f) or f.rsplit("#", 1)[-1] for f in changed)
    if newest["kind"].value.endswith("ChangeWithdrawn"):
        text = translate("This record was withdrawn.")
    elif named:
        listed = listed_names(named)
        text = translate("These details changed: {fields}. Check them before you get in touch.", fields=listed)
    else:
        text = translate("Some details changed. Check them before you get in touch.")
    return Notice(day_of(newest), long_date(day_of(newest)), text, False, named)


def listed_names(named: list[str] | tuple[str, ...]) -> str:
    """ "cost", "cost and waiting time", "cost, places and waiting time" in the reader's language."""
    if len(named) == 1:
        return named[0]
    return translate("{items} and {last}", items=", ".join(named[:-1]), last=named[-1])


def _pick(notices: dict[str, str]) -> str:
    """The note in the reader's language when written in it, else English, marked with its language."""
    for language in [*reader_languages(), "en", *sorted(notices)]:
        if language in notices:
            return Label(notices[language], language)
    return ""
