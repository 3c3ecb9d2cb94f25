"""Where a family can go from their map with one click: a wider need, a wider area, only settings with a
resource base, search with their answers already set, and the pathways that apply; and the groups the
picture of their map is drawn from (static/js/mindmap.js reads them from the HTML list)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import url_for

from ..core.graph import Graph
from ..core.i18n import translate
from ..core.links import Link
from .choice import ADULTHOOD_AGE, Choice, area_options, broader_choice, choice_args, context_args

MAP_GROUP_CAP = 6  # the picture shows at most six children per node; the rest wait behind "+n more"


@dataclass
class WayOn:
    text: str
    url: str
    hint: str = ""


def ways_on(graph: Graph, choice: Choice) -> dict[str, WayOn | None]:
    """One-click changes to the question, each a plain link that re-runs the map."""
    wider = broader_choice(graph, choice)
    widen = None
    if wider:
        names = ", ".join(n.label for n in wider)
        widen = WayOn(
            translate("Widen to the broad area of need: {names}", names=names),
            url_for("mychild.page", **choice_args(choice, need=[n.slug for n in wider])),
            translate("Shows everything for the wider area of need, not just the exact need you chose."),
        )
    council = next((a for a in area_options(graph) if a.slug == choice.area.council_slug), None)
    neighbours = None
    if not choice.area.is_council and council is not None:
        neighbours = WayOn(
            translate("Include neighbouring districts: all of {council}", council=council.label),
            url_for("mychild.page", **choice_args(choice, area=council.slug)),
            translate("Shows support across the whole council area, not just {district}.", district=choice.area.label),
        )
    if choice.provision_only:
        provision = WayOn(
            translate("Show every nursery, school and college again"),
            url_for("mychild.page", **choice_args(choice, provision=None)) + "#settings",
        )
    else:
        provision = WayOn(
            translate("Only settings with a resource base or SEN unit for these needs"),
            url_for("mychild.page", **choice_args(choice, provision="1")) + "#settings",
            translate(
                "A resource base (or special educational needs unit) is a specialist class "
                "inside a mainstream school, for children with a particular need."
            ),
        )
    search = WayOn(translate("Search everything for these answers"), url_for("search.results", **context_args(choice)))
    return {"widen": widen, "neighbours": neighbours, "provision": provision, "search": search}


def pathway_links(result: dict[str, Any], choice: Choice) -> list[dict[str, Any]]:
    """The pathways that apply, first: the EHC needs assessment, the care pathways of the chosen needs, and
    preparing for adulthood from 14."""
    found: list[dict[str, Any]] = [
        {
            "link": result["ehc"].link,
            "why": translate("if your child needs more help than their nursery, school or college can usually give"),
        }
    ]
    for pathway in result["pathways"]:
        why = translate("the care pathway for {need}", need=pathway.for_need.label) if pathway.for_need else ""
        found.append({"link": pathway.link, "why": why})
    if choice.age >= ADULTHOOD_AGE:
        found.append(
            {
                "link": Link("", translate("Preparing for adulthood"), "#preparing-for-adulthood", "section"),
                "why": translate("from age 14, plans look ahead to work, where to live, friends and health"),
            }
        )
    return found


def map_groups(result: dict[str, Any]) -> list[dict[str, Any]]:
    """The personal map as groups of links: the same items as the sections below, a few of each."""

    def items(groups: list) -> list[Link]:
        return [item.link for group in groups for item in group.items]

    sections = result["sections"]
    wanted = [
        ("without-assessment", translate("Without an assessment"), items(result["without_assessment"])),
        ("with-assessment", translate("Needs an assessment"), items(result["with_assessment"])),
        ("pathways", translate("Pathways"), [result["ehc"].link] + [p.link for p in result["pathways"]]),
        ("settings", translate("Nurseries, schools and colleges"), [s.link for s in result["settings"]]),
        ("who-to-contact", translate("Who can help"), [c["link"] for c in result["contacts"]]),
    ]
    groups = []
    for slug, title, links in wanted:
        count = sections[slug].count if slug in sections else len(links)
        if slug == "pathways":
            count += 1  # the EHC needs assessment
        groups.append(
            {
                "slug": slug,
                "title": title,
                "members": links[:MAP_GROUP_CAP],
                "more": max(0, count - min(len(links), MAP_GROUP_CAP)),
                "more_url": f"#{slug}",
            }
        )
    return [g for g in groups if g["members"]]
