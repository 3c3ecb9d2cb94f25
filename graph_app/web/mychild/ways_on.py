"""Where a family can go from their map with one click: a wider need, a wider area, only settings with a
resource base, search with their answers already set, and the pathways that apply; and the groups the
picture of their map is drawn from (static/js/mindmap.js reads them from the HTML list)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from flask import url_for

from ..core.graph import Graph
from ..core.i18n import N_, translate
from ..core.labels import same_language
from ..core.links import Link
from .choice import ADULTHOOD_AGE, Choice, area_neighbours, area_options, broader_choice, choice_args, context_args
from .map_builder import Step

MAP_GROUP_CAP = 6  # the picture shows at most six children per node; the rest wait behind "+n more"
FIRST_STEPS = 5  # "Pathways for you" shows each pathway's first steps; its page has the rest
PLAN_END_AGE = 16  # from 16 a young person's EHC plan can end: say when it carries on and when it stops
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


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
    next_to = area_neighbours(graph).get(choice.area.slug, [])
    neighbours = None
    if choice.near:
        neighbours = WayOn(
            translate("Only {district} again", district=choice.area.label),
            url_for("mychild.page", **choice_args(choice, near=None)) + "#settings",
        )
    elif next_to:
        neighbours = WayOn(
            translate("Include neighbouring districts: {names}", names=", ".join(a.label for a in next_to)),
            url_for("mychild.page", **choice_args(choice, near="1")) + "#settings",
            translate(
                "Adds the nurseries, schools and colleges in the districts next to {district}, "
                "also across the council border.",
                district=choice.area.label,
            ),
        )
    whole = None
    if not choice.area.is_council and council is not None:
        whole = WayOn(
            translate("Show all of {council}", council=council.label),
            url_for("mychild.page", **choice_args(choice, area=council.slug, near=None)),
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
    return {"widen": widen, "neighbours": neighbours, "council": whole, "provision": provision, "search": search}


def pathway_links(result: dict[str, Any], choice: Choice) -> list[dict[str, Any]]:
    """The pathways that apply, first: the EHC needs assessment, the care pathways of the chosen needs, and
    preparing for adulthood from 14."""
    found: list[dict[str, Any]] = [
        {
            "link": result["ehc"].link,
            "why": translate("if you need more help than your school or college can usually give")
            if choice.for_me
            else translate("if your child needs more help than their nursery, school or college can usually give"),
        }
        | first_steps(result["ehc"].steps)
    ]
    if result.get("plan_end"):
        why = (
            translate("when your EHC plan carries on, and when it can stop")
            if choice.for_me
            else translate("when your young person's EHC plan carries on, and when it can stop")
        )
        found.append({"link": result["plan_end"]["link"], "why": why, "summary": result["plan_end"]["summary"]})
    for pathway in result["pathways"]:
        need = need_words(pathway.for_need.label) if pathway.for_need else ""
        why = translate("the care pathway for {need}", need=need) if need else ""
        found.append({"link": pathway.link, "why": why} | first_steps(pathway.steps))
    if choice.age >= ADULTHOOD_AGE:
        found.append(
            {
                "link": Link("", translate("Preparing for adulthood"), "#preparing-for-adulthood", "section"),
                "why": translate("from age 14, plans look ahead to work, where to live, friends and health"),
            }
        )
    return found


def first_steps(steps: list[Step]) -> dict[str, Any]:
    """A pathway's first steps, how many more its page has, and, when no step has a time limit in weeks
    but all share one timescale (such as "no statutory timescale"), that timescale said once."""
    timescales = {s.timescale for s in steps}
    shared = None
    if not any(s.deadline_weeks and s.deadline_weeks != "0" for s in steps) and len(timescales) == 1:
        shared = next(iter(timescales))
    return {"steps": steps[:FIRST_STEPS], "all_steps": len(steps) if len(steps) > FIRST_STEPS else 0, "when": shared}


def one_line(text: str | None) -> str | None:
    """The first sentence of a definition: the answer in one line, the topic's page has the rest."""
    return same_language(SENTENCE_END.split(text.strip(), maxsplit=1)[0], text) if text else None


def need_words(label: str) -> str:
    """A need's name inside a sentence: lower case first letter, unless the first word is an acronym."""
    first = label.split(" ", 1)[0]
    return label if first.isupper() else same_language(label[:1].lower() + label[1:], label)


def no_service_note(result: dict[str, Any], choice: Choice) -> str | None:
    """Said plainly when the chosen needs have a care pathway but no specialist service in the area's
    sample: then the pathway's steps are the answer."""
    if not choice.needs or not result["pathways"] or result["sections"]["with-assessment"].count:
        return None
    needs = translate(" or ").join(need_words(n.label) for n in choice.needs)
    if choice.for_me:
        text = N_(
            "No specialist service for {needs} in {area}'s sample yet: this is what happens for you, step by step."
        )
    else:
        text = N_(
            "No specialist service for {needs} in {area}'s sample yet: "
            "this is what happens for your child, step by step."
        )
    return translate(text, needs=needs, area=choice.area.label)


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
