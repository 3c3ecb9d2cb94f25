"""'Print or save this list' for My child (issue 19): the family's whole result as one plain page, every
service, setting, pathway and contact with what it is and how to reach it. Built from the same queries as
the map, with the choice read from the address as the map reads it, so nothing is stored."""

from __future__ import annotations

from typing import Any

from flask import url_for
from pyoxigraph import NamedNode

from ..core.contact_values import details_by_contact
from ..core.graph import Graph
from ..core.i18n import translate
from ..core.print_list import PRINT_CAP, PrintItem, PrintList, PrintSection, Reach, full_address, print_list, reach_of
from .choice import Choice, choice_args, describe
from .map_builder import MapBuilder, ServiceItem, SettingItem, text_of
from .personal_map import SECTIONS


def mychild_print(graph: Graph, choice: Choice) -> PrintList:
    builder = MapBuilder(graph, choice)
    service_rows = builder.services()
    setting_rows = builder.settings()
    pathway_rows = builder.pathways()
    contacts = builder.select("navigate/mychild_contacts", area=NamedNode(choice.area.iri))
    builder.mark_samples(contacts, "contact")
    builder.name_rows(service_rows, setting_rows, pathway_rows, [r["contact"].value for r in contacts])
    open_rows = builder.sort_services([r for r in service_rows if text_of(r, "needsAssessment") != "true"])
    assessed_rows = builder.sort_services([r for r in service_rows if text_of(r, "needsAssessment") == "true"])
    setting_rows = builder.sort_settings(setting_rows)
    shown = [*open_rows[:PRINT_CAP], *assessed_rows[:PRINT_CAP]]
    reach = reach_of(
        graph, [r["service"].value for r in shown] + [r["setting"].value for r in setting_rows[:PRINT_CAP]]
    )
    services = [_service(builder.service_item(r), reach) for r in shown]
    pathways = builder.pathway_views(pathway_rows, {})
    args = choice_args(choice)
    sections = [
        PrintSection(
            translate(SECTIONS["without-assessment"]),
            services[: min(len(open_rows), PRINT_CAP)],
            len(open_rows),
            translate("Nothing in the local offer matches all your answers."),
        ),
        PrintSection(
            translate(SECTIONS["with-assessment"]),
            services[min(len(open_rows), PRINT_CAP) :],
            len(assessed_rows),
            translate("No specialist service in the local offer matches all your answers."),
        ),
        PrintSection(
            translate(SECTIONS["settings"]),
            [_setting(builder.setting_item(r), reach) for r in setting_rows[:PRINT_CAP]],
            len(setting_rows),
            translate("No nursery, school or college in the local offer matches your child's age and area."),
        ),
        PrintSection(
            translate(SECTIONS["pathways"]),
            [_pathway(p) for p in pathways[:PRINT_CAP]],
            len(pathways),
            translate("There is no health care pathway recorded for these needs."),
        ),
        PrintSection(translate("Who to contact"), _contacts(graph, builder, contacts), len(contacts)),
    ]
    return print_list(
        translate("Support for {who}", who=describe(choice)),
        url_for("mychild.page", **args),
        url_for("mychild.page", **args),
        sections,
    )


def _item(link: Any, what: str, reach: Reach | None = None, note: str | None = None) -> PrintItem:
    return PrintItem(link.label, full_address(link.url or link.iri), what, link.is_sample, reach or Reach(), note)


def _service(item: ServiceItem, reach: dict[str, Reach]) -> PrintItem:
    what = translate(
        "Service: {sector}. How to get it: {access}.", sector=item.sector.label, access=item.access_level.label
    )
    note = translate("What it costs: {cost}", cost=item.cost) if item.cost else None
    return _item(item.link, what, reach.get(item.link.iri), note)


def _setting(item: SettingItem, reach: dict[str, Reach]) -> PrintItem:
    if item.needs:
        what = translate("Specialist setting for {needs}", needs=", ".join(n.label for n in item.needs))
    elif item.specialist:
        what = translate("Specialist setting")
    else:
        what = translate("Mainstream setting, open to children with any need")
    note = translate("ages {min} to {max}", min=item.min_age, max=item.max_age)
    if item.located_in:
        note += ", " + item.located_in.label
    return _item(item.link, what, reach.get(item.link.iri), note)


def _pathway(view: Any) -> PrintItem:
    what = translate("Care pathway: how health services help, step by step")
    note = translate("For {need}", need=view.for_need.label) if view.for_need else None
    return _item(view.link, what, None, note)


def _contacts(graph: Graph, builder: MapBuilder, rows: list[dict]) -> list[PrintItem]:
    """The council's SENDIASS and parent carer forum: their website, and the phone and email families may see
    (a statutory contact's values once the council has checked them: core/contact_values.py)."""
    checked = details_by_contact(graph, staff=False)
    items = []
    for row in rows:
        iri = row["contact"].value
        iass = row["role"].value.endswith("informationAdviceSupport")
        what = translate("Information, advice and support (SENDIASS)") if iass else translate("Parent carer forum")
        website = text_of(row, "url")
        reach = Reach(website=[website] if website else [])
        for key, values in (("telephone", reach.telephone), ("email", reach.email)):
            if text_of(row, key):
                values.append(str(text_of(row, key)))
        details = checked.get(iri)
        for value in details.values if details else []:
            target = reach.telephone if value.key == "telephone" else reach.email if value.key == "email" else None
            if target is not None and value.value and value.value not in target:
                target.append(value.value)
        items.append(_item(builder.link(iri), what, reach))
    return items
