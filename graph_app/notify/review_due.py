"""Records due for review: a notice to the provider's editors once a record's last check is 11 months old
(a month before families see "May be out of date" at 12, graph_app/staleness.py), with a one-click "review now"
link to each record's review page. Sent once per record per due date (review_notices, migration 025): a
record checked again gets a new due date and, 11 months on, a new notice. Run by `graph-app notify due`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from pyoxigraph import Literal, NamedNode

from ..config import Settings
from ..mail import outbox
from ..mail.message import one_line
from ..private.accounts import now_text
from ..private.db import PrivateDB
from ..queries import QueryLibrary
from ..staleness import REVIEW_MONTHS, due_by, due_on
from ..store import GraphStore
from . import texts
from .events import link
from .recipients import editors_of, providers_with_editors
from .texts import paragraphs

NOTICE_MONTHS = REVIEW_MONTHS - 1  # told at 11 months, a month before the record shows as out of date
PER_PAGE = 1000
NEVER = "never"  # the due date of a record never checked: told once, until it is first checked


@dataclass(frozen=True)
class DueRecord:
    iri: str
    kind: str
    slug: str
    label: str
    checked: date | None

    @property
    def due_key(self) -> str:
        """The date the notice is for: the day the record's last check turned 11 months old."""
        if self.checked is None:
            return NEVER
        return (due_on(self.checked, NOTICE_MONTHS) + timedelta(days=1)).isoformat()


def _latest(texts_: list[str]) -> date | None:
    found = []
    for text in texts_:
        try:
            found.append(date.fromisoformat(text[:10]))
        except ValueError:
            continue
    return max(found, default=None)


def labels(store: GraphStore, library: QueryLibrary, iris: list[str]) -> dict[str, str]:
    """English names (else any), one query."""
    if not iris:
        return {}
    found: dict[str, dict[str | None, str]] = {}
    for row in library.select(store, "navigate/labels", node=[NamedNode(i) for i in iris]):
        label = row["label"]
        language = label.language if isinstance(label, Literal) else None
        found.setdefault(row["node"].value, {})[language] = label.value
    return {iri: names.get("en") or names.get(None) or next(iter(names.values())) for iri, names in found.items()}


def due_records(
    store: GraphStore, library: QueryLibrary, id_base: str, provider: str | None, today: date, months: int
) -> list[DueRecord]:
    """The provider's records last checked `months` or more months ago (or never), oldest check first."""
    before = due_by(today, 0, months).isoformat()
    dates: dict[str, list[str]] = {}
    page = 1
    while True:
        values: dict[str, Any] = {"before": before}
        if provider:
            values["provider"] = NamedNode(provider)
        rows = library.select(store, "live/due_for_review", page=page, per_page=PER_PAGE, **values)
        for row in rows:
            dates.setdefault(row["record"].value, []).extend([row["reviewed"].value] if "reviewed" in row else [])
        if len(rows) < PER_PAGE:
            break
        page += 1
    names = labels(store, library, list(dates))
    found = []
    for iri, checked in dates.items():
        kind, _, slug = iri.removeprefix(id_base).partition("/")
        found.append(DueRecord(iri, kind, slug, names.get(iri, slug), _latest(checked)))
    return found


def record_councils(store: GraphStore, library: QueryLibrary) -> dict[str, str]:
    """Record IRI -> its council's IRI (the first, as record_council.rq), for every record in one query."""
    found: dict[str, str] = {}
    for row in library.select(store, "live/record_councils"):
        found.setdefault(row["record"].value, row["council"].value)
    return found


def overdue_count(store: GraphStore, library: QueryLibrary, provider: str | None, today: date) -> int:
    """How many of the provider's records (every provider's: None) are out of date today (12 months, or never)."""
    values: dict[str, Any] = {"before": due_by(today, 0).isoformat()}
    if provider:
        values["provider"] = NamedNode(provider)
    rows = library.select(store, "live/overdue_count", **values)
    return int(rows[0]["count"].value) if rows else 0


def send_due_notices(
    settings: Settings, db: PrivateDB, store: GraphStore, library: QueryLibrary, site: str, today: date
) -> tuple[int, int]:
    """Queue the notices not sent before, one email per editor listing their newly due records; (records,
    emails)."""
    id_base = settings.base + "id/"
    with db.connect() as conn:
        providers = providers_with_editors(conn)
    councils = record_councils(store, library) if providers else {}  # so a council's admins see the emails
    told = emails = 0
    for provider in providers:
        records = due_records(store, library, id_base, provider, today, NOTICE_MONTHS)
        with db.connect(immediate=True) as conn:
            new = []
            for record in records:
                cursor = conn.execute(
                    "INSERT OR IGNORE INTO review_notices (record_iri, due_on, sent_at) VALUES (?, ?, ?)",
                    (record.iri, record.due_key, now_text()),
                )
                if cursor.rowcount:
                    new.append(record)
            if not new:
                continue
            body = paragraphs(
                texts.DUE_INTRO,
                *(_record_lines(record, site) for record in new),
                texts.DUE_ALL + "\n" + link(site, "/staff/due-for-review/"),
                texts.SIGN_OFF,
            )
            for editor in editors_of(conn, provider):
                outbox.queue(
                    conn,
                    settings.mail_from,
                    kind="review-due",
                    to_address=editor.email,
                    to_name=editor.name,
                    to_user_id=editor.id,
                    subject=texts.DUE_SUBJECT,
                    body=body,
                    provider_iri=provider,
                    council_iri=councils.get(provider),
                )
                emails += 1
            told += len(new)
    return told, emails


def _record_lines(record: DueRecord, site: str) -> str:
    name = one_line(record.label)
    if record.checked is None:
        said = texts.DUE_NEVER.format(name=name)
    else:
        out_of_date = due_on(record.checked) + timedelta(days=1)
        said = texts.DUE_RECORD.format(name=name, checked=_day(record.checked), due=_day(out_of_date))
    return said + "\n" + texts.DUE_REVIEW + " " + link(site, f"/staff/records/{record.kind}/{record.slug}/reviewed")


def _day(day: date) -> str:
    return f"{day.day} {day.strftime('%B %Y')}"
