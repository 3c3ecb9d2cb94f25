"""/staff/contacts: every contact detail of each council's SENDIASS, parent carer forum and SEN team, with
its source, the date it was checked and whether it was (issue 16), so staff see what families are not
shown yet. Admins edit a detail with the shared record form (/staff/records/contact-value/<slug>/edit)."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import Blueprint, render_template

from ..core.contact_values import ROLES, ContactDetails, details_by_contact
from ..core.graph import get_graph
from ..core.labels import label_map
from ..core.staff_user import current_user, login_required

staff_contacts = Blueprint("staff_contacts", __name__, url_prefix="/staff/contacts")


@dataclass
class CouncilContacts:
    council: str
    name: str
    may_edit: bool = False  # this council's admins and regional admins
    contacts: list[tuple[str, ContactDetails]] = field(default_factory=list)  # (contact's name, details)


@staff_contacts.get("/")
@login_required
def index() -> str:
    graph = get_graph()
    details = details_by_contact(graph, staff=True)
    names = label_map(graph, {d.council for d in details.values()} | set(details), ["en"])
    councils: dict[str, CouncilContacts] = {}
    order = list(ROLES)
    user = current_user()
    assert user is not None  # login_required
    for contact, entry in sorted(details.items(), key=lambda item: order.index(item[1].role)):
        council = councils.setdefault(
            entry.council,
            CouncilContacts(entry.council, names.get(entry.council, ""), user.can_edit_council(entry.council)),
        )
        council.contacts.append((names.get(contact, contact), entry))
    values = [v for d in details.values() for v in d.values]
    return render_template(
        "staff/staff_contacts.html",
        councils=sorted(councils.values(), key=lambda c: c.name),
        roles=ROLES,
        counts={
            "checked": sum(v.shown_to_families for v in values),
            "unchecked": sum(bool(v.value) and not v.shown_to_families for v in values),
            "missing": sum(not v.value for v in values),
        },
    )
