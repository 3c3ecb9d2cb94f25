"""The standard pages (issue 16), each with its JSON twin holding the facts it states: /accessibility,
/privacy, /cookies, /about-the-data and /contact. The words are in the templates (templates/about/);
the facts come from the code that makes them true (facts.py) and, for contact, from the graph."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import Blueprint

from ...slugs import COUNCILS
from ..core.contact_values import ROLES, details_by_contact
from ..core.context import family_context
from ..core.graph import get_graph
from ..core.labels import label_map
from ..core.links import Link, node_link
from ..core.twin import respond, twin_route
from . import facts

about = Blueprint("about", __name__)


@twin_route(about, "/accessibility")
def accessibility() -> object:
    return respond(
        "about/accessibility.html",
        title="Accessibility statement",
        standard=facts.STANDARD,
        tested_widths=list(facts.BROWSER_WIDTHS),
        reflow_width=facts.REFLOW_WIDTH,
        tools=["axe-core", "Chromium"],
    )


@twin_route(about, "/privacy")
def privacy() -> object:
    return respond("about/privacy.html", title="Privacy notice", limits=facts.limits())


@twin_route(about, "/cookies")
def cookies() -> object:
    return respond("about/cookies.html", title="Cookies", cookies=facts.cookies(), cookies_for_reading=0)


@twin_route(about, "/about-the-data")
def about_the_data() -> object:
    return respond(
        "about/data.html",
        title="About the data and its licence",
        licence=facts.LICENCE,
        boundary_licence=facts.BOUNDARY_LICENCE,
    )


@dataclass
class CouncilContact:
    role: str  # iass, forum or sen-team
    role_name: str
    link: Link
    website: str | None


@dataclass
class CouncilContacts:
    council: Link
    contacts: list[CouncilContact] = field(default_factory=list)


@twin_route(about, "/contact")
def contact() -> object:
    """The chosen council's SEN team, SENDIASS and parent carer forum (their checked details are drawn by
    explore/_node_contact.html's macro); every council's, briefly, when none is chosen."""
    graph = get_graph()
    chosen = family_context().area_slug
    wanted = [chosen] if chosen else list(COUNCILS)
    councils = _council_contacts(graph, [f"{graph.id_base}area/{slug}" for slug in wanted])
    return respond("about/contact.html", title="Contact", chosen=chosen, councils=councils)


def _council_contacts(graph, council_iris: list[str]) -> list[CouncilContacts]:
    details = details_by_contact(graph, staff=False)  # who they are and their websites; values are drawn apart
    names = label_map(graph, set(council_iris) | set(details))
    order = list(ROLES)
    found = {iri: CouncilContacts(node_link(iri, names.get(iri, iri), graph.id_base)) for iri in council_iris}
    for contact, entry in sorted(details.items(), key=lambda item: order.index(item[1].role)):
        if entry.council in found:
            found[entry.council].contacts.append(
                CouncilContact(
                    entry.role,
                    ROLES[entry.role],
                    node_link(contact, names.get(contact, contact), graph.id_base),
                    entry.website,
                )
            )
    return list(found.values())
