"""/staff/council-content: a council's statements under the framework's headings, for its admins to keep:
which headings have none yet, which are due to be checked, with links to write or edit each one (the form,
versions and checks are the editor's: editing.py). A council admin sees their own council; a regional
admin chooses one. The SE7 region (area/se7) is listed like a council, with only the headings the seven
councils answer together (data/framework/region.ttl); its admins are the accounts whose council it is."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import Blueprint, abort, current_app, render_template, request, url_for
from pyoxigraph import NamedNode

from ...live import records
from ..core.area import COUNCIL_SLUGS, council_names
from ..core.graph import get_graph
from ..core.i18n import N_, translate
from ..core.labels import label_map, reader_languages
from ..core.links import node_url
from ..core.staff_user import current_user, roles_required

REGION_SLUG = "se7"  # the seven councils together: their shared statements
OWNER_SLUGS = (*COUNCIL_SLUGS, REGION_SLUG)

council_content = Blueprint("council_content", __name__, url_prefix="/staff/council-content")


@dataclass
class HeadingRow:
    heading: str
    heading_url: str
    slug: str | None  # the statement's, when there is one
    label: str
    reviewed: str | None
    due: str | None
    status: str  # "missing", "overdue", "due" or "ok"
    sample: bool


def status_of(reviewed: str | None, due: str | None, today: date, every_months: int) -> str:
    """ "overdue" past its date to check again (or, without one, `every_months` after the last check);
    "due" within a month of that; else "ok"."""
    if due:
        try:
            days = (date.fromisoformat(due) - today).days
        except ValueError:
            return "overdue"
        return "overdue" if days < 0 else "due" if days <= 31 else "ok"
    return records.review_status(reviewed, today, every_months)


@dataclass
class InvolvementRow:
    """A consultation, survey, training session or youth forum of the council (issue 19), for its admins."""

    kind: str  # the IRI kind: consultation, training or youth-forum
    slug: str
    label: str
    what: str  # "Consultation", "Survey", "Youth forum"
    dates: str  # "2027-01-10 to 2027-02-28", or ""
    url: str | None


LO_SURVEY = "https://w3id.org/se7-local-offer/def#Survey"
INVOLVEMENT_TYPES = {  # most specific first: a survey is also a consultation
    LO_SURVEY: ("consultation", N_("Survey")),
    "https://w3id.org/se7-local-offer/def#Consultation": ("consultation", N_("Consultation")),
    "https://w3id.org/se7-local-offer/def#YouthForum": ("youth-forum", N_("Youth forum")),
    "https://w3id.org/se7-local-offer/def#ParentTraining": ("training", N_("Training or workshop for parents")),
}


def involvement_rows(area: str) -> list[InvolvementRow]:
    """The council's youth forums, training sessions, then consultations and surveys, newest first."""
    graph = get_graph()
    found: dict[str, tuple[str, str, str]] = {}
    for row in graph.library.select(graph.store, "navigate/involvement", area=NamedNode(area)):
        record, kind_of = row["record"].value, INVOLVEMENT_TYPES.get(row["type"].value)
        if kind_of is None or (record in found and found[record][1] == INVOLVEMENT_TYPES[LO_SURVEY][1]):
            continue
        # a day, or a day and time (training): "2027-01-20 10:00 to 2027-01-20 12:00"
        dates = " to ".join(row[k].value[:16].replace("T", " ") for k in ("start", "end") if row.get(k) is not None)
        found[record] = (kind_of[0], kind_of[1], dates)
    labels = label_map(graph, found, reader_languages())
    rows = [
        InvolvementRow(
            kind, iri.rsplit("/", 1)[-1], labels.get(iri, iri), translate(what), dates, node_url(iri, graph.id_base)
        )
        for iri, (kind, what, dates) in found.items()
    ]
    return sorted(rows, key=lambda r: (r.kind, r.dates.rsplit(" to ", 1)[-1]), reverse=True)


@council_content.get("/")
@roles_required("admin")
def index() -> tuple[str, int] | str:
    user = current_user()
    if user is None:  # roles_required has sent anonymous visitors to sign in
        abort(403)
    slug = request.args.get("council", "") or (user.council_iri or "").rsplit("/", 1)[-1]
    if slug and slug not in OWNER_SLUGS:
        abort(400, translate("The council ('council') must be one of: {councils}.", councils=", ".join(OWNER_SLUGS)))
    graph = get_graph()
    area = f"{graph.id_base}area/{slug}" if slug else None
    if area and not user.can_edit_council(area):
        abort(403)
    rows: list[HeadingRow] = []
    if area:
        today, months = date.today(), current_app.config.get("REVIEW_MONTHS", records.REVIEW_MONTHS)
        for row in graph.library.select(graph.store, "live/council_statements", area=NamedNode(area)):
            heading = row["heading"].value
            statement = row["statement"].value if "statement" in row else None
            reviewed = row["reviewed"].value if "reviewed" in row else None
            due = row["due"].value if "due" in row else None
            rows.append(
                HeadingRow(
                    heading=row["headingLabel"].value if "headingLabel" in row else heading.rsplit("/", 1)[-1],
                    heading_url=node_url(heading, graph.id_base) or heading,
                    slug=statement.rsplit("/", 1)[-1] if statement else None,
                    label=row["label"].value if "label" in row else "",
                    reviewed=reviewed,
                    due=due,
                    status=status_of(reviewed, due, today, months) if statement else "missing",
                    sample="sample" in row and row["sample"].value == "true",
                )
            )
        order = {"missing": 0, "overdue": 1, "due": 2, "ok": 3}
        rows.sort(key=lambda r: (order[r.status], r.heading.lower(), r.heading_url))
    involvement = involvement_rows(area) if area and slug != REGION_SLUG else []
    names = {**council_names(), **_region_name(graph)}
    return render_template(
        "staff/council_content.html",
        council=slug,
        council_name=names.get(slug, "") if slug else "",
        councils=names if user.council_iri is None else {},
        rows=rows,
        counts={s: sum(r.status == s for r in rows) for s in ("missing", "overdue", "due", "ok")},
        write_url=lambda heading: url_for("editing.create", kind="council-statement", heading=heading),
        involvement=involvement,
        region=slug == REGION_SLUG,
    )


def _region_name(graph) -> dict[str, str]:
    """{"se7": the region's name in the reader's language} (a name is data, like the councils')."""
    iri = f"{graph.id_base}area/{REGION_SLUG}"
    return {REGION_SLUG: label_map(graph, [iri], reader_languages()).get(iri, "SE7")}
