"""'Call someone to talk it through': the line beside each flowchart naming the family's council's SEND
information, advice and support service (SENDIASS), from the graph (lo:informationAdviceSupport,
data/areas.ttl; its phone number a lo:ContactValue in data/statutory-contacts.ttl).

The council comes from the family's chosen area (a district's council for a district); with none chosen,
the line asks them to choose, since seven phone numbers beside a flowchart would bury the one they need.
A phone number is shown only when the council has checked it (core/contact_values: the rule families rely
on); until then the line points to the service's website."""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for

from ..core.chrome import this_page
from ..core.contact_values import details_by_contact
from ..core.context import family_context
from ..core.graph import Graph
from ..core.links import Link
from .help_here import _council_help, councils_of


@dataclass
class TalkItThrough:
    council: Link | None  # None: no area chosen, so the line asks the family to choose one
    service: Link | None  # the council's SENDIASS record
    website: str | None = None
    telephone: str | None = None  # a checked number only
    checked_on: str | None = None  # when the number was checked (ISO date)
    choose_url: str | None = None


def talk_it_through(graph: Graph, languages: list[str]) -> TalkItThrough:
    """The family's council's SENDIASS with its checked phone number and website, else a 'choose' link."""
    choose = url_for("area_choice.choose", next=this_page())
    slug = family_context().area_slug
    councils = councils_of(graph, f"{graph.id_base}area/{slug}", {}) if slug else []
    every = _council_help(graph, languages)
    found = every.get(councils[0]) if councils else None
    helper = next((h for h in found.helpers if h.role == "iass"), None) if found else None
    if found is None or helper is None:
        return TalkItThrough(None, None, choose_url=choose)
    details = details_by_contact(graph, staff=False).get(helper.link.iri)
    phone = next((v for v in details.values if v.key == "telephone"), None) if details else None
    website = helper.url or (details.website if details else None)
    return TalkItThrough(
        found.council,
        helper.link,
        website=website,
        telephone=phone.value if phone else helper.telephone,
        checked_on=phone.checked_on if phone else None,
        choose_url=choose,
    )
