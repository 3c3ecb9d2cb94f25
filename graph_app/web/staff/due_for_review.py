"""Staff: "Due for review", the services and settings an editor looks after that may be out of date now or
will be soon (core/staleness.py's rule), soonest first and paged. An editor sees their own provider's
records only; an admin every provider's; a moderator edits no records, so has no such list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import Blueprint, abort, render_template, request, url_for
from pyoxigraph import NamedNode

from ...staleness import due_by, due_on, is_out_of_date
from ..core.graph import get_graph
from ..core.i18n import translate
from ..core.labels import label_map
from ..core.links import node_url
from ..core.staff_user import current_user, roles_required
from ..core.staleness import latest

due_for_review = Blueprint("due_for_review", __name__, url_prefix="/staff/due-for-review")

SOON_DAYS = 60  # "due soon": out of date within this many days
PER_PAGE = 50


@dataclass
class DueRecord:
    iri: str
    kind: str
    slug: str
    label: str
    url: str | None
    edit_url: str
    last_checked: str | None  # ISO date; None when never checked
    due: str | None  # ISO date it becomes out of date; None when never checked
    out_of_date: bool


def due_records(provider: str | None, today: date, page: int) -> tuple[list[DueRecord], bool]:
    """One page of the records out of date or due within SOON_DAYS, soonest first, and whether more follow."""
    graph = get_graph()
    values: dict[str, object] = {"before": due_by(today, SOON_DAYS).isoformat()}
    if provider:
        values["provider"] = NamedNode(provider)
    rows = graph.library.select(graph.store, "live/due_for_review", page=page, per_page=PER_PAGE + 1, **values)
    dates: dict[str, list[str]] = {}
    for row in rows:  # a record with two dates comes twice: keep its latest
        dates.setdefault(row["record"].value, []).extend([row["reviewed"].value] if "reviewed" in row else [])
    iris = list(dates)[:PER_PAGE]
    names = label_map(graph, iris)
    found = []
    for iri in iris:
        kind, slug = iri[len(graph.id_base) :].split("/", 1)
        checked = latest(dates[iri])
        found.append(
            DueRecord(
                iri,
                kind,
                slug,
                names.get(iri, slug),
                node_url(iri, graph.id_base),
                url_for("editing.edit", kind=kind, slug=slug),
                checked.isoformat() if checked else None,
                due_on(checked).isoformat() if checked else None,
                checked is None or is_out_of_date(checked, today),
            )
        )
    return found, len(dates) > PER_PAGE


@due_for_review.get("/")
@roles_required("admin", "editor")
def page() -> str:
    user = current_user()
    assert user is not None  # roles_required let only a signed-in admin or editor through
    raw = request.args.get("page", "1")
    if not raw.isdigit() or not 1 <= int(raw) <= 100000:
        abort(400, translate("The 'page' parameter must be a whole number from 1."))
    number = int(raw)
    provider = None if user.is_admin else user.provider_iri
    records, has_next = due_records(provider, date.today(), number)
    provider_name = label_map(get_graph(), [provider]).get(provider, "") if provider else ""
    return render_template(
        "staff/due_for_review.html",
        records=records,
        page=number,
        has_next=has_next,
        soon_days=SOON_DAYS,
        provider_name=provider_name,
        user=user,
    )
