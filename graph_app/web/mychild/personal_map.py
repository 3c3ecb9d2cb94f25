"""The personal map: everything on a family's 'My child' result, as plain data shared by the page and its twin."""

from __future__ import annotations

from typing import Any

from flask import url_for
from pyoxigraph import NamedNode

from ...namespaces import LO
from ..core.graph import Graph
from ..core.i18n import N_, interface_language, translate, translate_plural
from ..core.links import Link
from .choice import ADULTHOOD_AGE, Choice, choice_args, describe, need_groups
from .map_builder import MapBuilder, PathwayView, Section, group_by_sector, int_of, text_of
from .ways_on import PLAN_END_AGE, map_groups, no_service_note, one_line, pathway_links, ways_on

SECTION_CAP = 10  # items per section on the map; "see all" lists the rest
PATHWAY_CAP = 5
THEME_CAP = 3
SECTIONS = {
    "without-assessment": N_("Available without an assessment"),
    "with-assessment": N_("Needs an assessment or referral"),
    "settings": N_("Nurseries, schools and colleges"),
    "pathways": N_("Care pathways"),
}


def build_map(graph: Graph, choice: Choice) -> dict[str, Any]:
    """Everything on the personal map, as plain data (the HTML page and its JSON twin share it)."""
    builder = MapBuilder(graph, choice)
    id_base = graph.id_base
    ehc = f"{id_base}pathway/ehc-needs-assessment"
    resolving = f"{id_base}pathway/resolving-disagreements"
    service_rows = builder.services()
    setting_rows = builder.settings()
    pathway_rows = builder.pathways()
    contacts = builder.select("navigate/mychild_contacts", area=NamedNode(choice.area.iri))
    language = interface_language()
    stages = graph.memo(
        f"mychild_resolution:{language}", lambda: builder.select("navigate/mychild_resolution", lang=language)
    )
    adult = choice.age >= ADULTHOOD_AGE
    # a young person 16 to 25 (or asking for themselves) wants to know when their EHC plan stops
    plan_end = f"{id_base}heading/preparation-for-adulthood-end-of-ehc-plan"
    plan_end_rows = (
        builder.select("navigate/mychild_topic", heading=NamedNode(plan_end))
        if choice.age >= PLAN_END_AGE or choice.for_me
        else []
    )
    theme_rows = (
        builder.select("navigate/mychild_adulthood", age=choice.age, area=NamedNode(choice.area.iri)) if adult else []
    )
    themes = graph.memo("mychild_pfa_themes", lambda: builder.select("navigate/mychild_pfa_themes"))
    builder.mark_samples(theme_rows, "service")
    builder.mark_samples(contacts, "contact")
    broad = [g.options[0].iri for g in need_groups(graph) if g.options and g.options[0].is_broad]
    extra = [ehc, resolving, choice.area.iri] + broad + ([plan_end] if plan_end_rows else [])
    extra += [r["contact"].value for r in contacts] + [r["council"].value for r in contacts]
    extra += [r[k].value for r in stages for k in ("stage", "step") if k in r]
    extra += [r["service"].value for r in theme_rows] + ([r["theme"].value for r in themes] if adult else [])
    adult_iris = [a for found in builder.adult_pathways(pathway_rows).values() for a in found]
    step_rows = builder.step_rows([ehc] + [r["pathway"].value for r in pathway_rows] + adult_iris)
    builder.name_rows(service_rows, setting_rows, pathway_rows + step_rows, extra)
    steps = builder.step_views(step_rows)

    open_rows = builder.sort_services([r for r in service_rows if text_of(r, "needsAssessment") != "true"])
    assessed_rows = builder.sort_services([r for r in service_rows if text_of(r, "needsAssessment") == "true"])
    setting_rows = builder.sort_settings(setting_rows)
    pathways = builder.pathway_views(pathway_rows, steps)
    shown_pathways = pathways[:PATHWAY_CAP]
    ehc_steps = steps.get(ehc, [])
    args = choice_args(choice)

    def see_all(slug: str, count: int, cap: int) -> str | None:
        return url_for("mychild.section", section=slug, **args) if count > cap else None

    sections = {
        "without-assessment": Section(
            "without-assessment",
            SECTIONS["without-assessment"],
            len(open_rows),
            see_all("without-assessment", len(open_rows), SECTION_CAP),
        ),
        "with-assessment": Section(
            "with-assessment",
            SECTIONS["with-assessment"],
            len(assessed_rows),
            see_all("with-assessment", len(assessed_rows), SECTION_CAP),
        ),
        "pathways": Section(
            "pathways", SECTIONS["pathways"], len(pathways), see_all("pathways", len(pathways), PATHWAY_CAP)
        ),
        "settings": Section(
            "settings", SECTIONS["settings"], len(setting_rows), see_all("settings", len(setting_rows), SECTION_CAP)
        ),
    }
    council = next(iter(contacts), None)
    by_theme: dict[str, list[Link]] = {}
    for row in theme_rows:
        by_theme.setdefault(row["theme"].value, []).append(builder.link(row["service"].value))
    result = {
        "choice": args,
        "summary": summary_text(choice, sections),
        "sections": sections,
        "without_assessment": group_by_sector([builder.service_item(r) for r in open_rows[:SECTION_CAP]]),
        "with_assessment": group_by_sector([builder.service_item(r) for r in assessed_rows[:SECTION_CAP]]),
        "ehc": PathwayView(builder.link(ehc), ehc_steps),
        "pathways": shown_pathways,
        "council": builder.link(council["council"].value) if council else builder.link(choice.area.iri),
        "contacts": [contact_view(builder, r) for r in contacts],
        "settings": [builder.setting_item(r) for r in setting_rows[:SECTION_CAP]],
        "things_go_wrong": {"pathway": builder.link(resolving), "stages": [stage_view(builder, r) for r in stages]},
        "adulthood": [
            {
                "theme": builder.link(t["theme"].value),
                "definition": text_of(t, "definition"),
                "services": by_theme.get(t["theme"].value, [])[:THEME_CAP],
                "count": len(by_theme.get(t["theme"].value, [])),
            }
            for t in sorted(themes, key=lambda t: builder.link(t["theme"].value).label.lower())
        ]
        if adult
        else [],
        "broad_areas": [builder.link(iri) for iri in broad] if choice.not_sure else [],
        "provision_only": choice.provision_only,
        "district": None if choice.area.is_council else choice.area.label,
        "nearby": nearby_text(builder),
        "ways_on": ways_on(graph, choice),
        "plan_end": {"link": builder.link(plan_end), "summary": one_line(text_of(plan_end_rows[0], "definition"))}
        if plan_end_rows
        else None,
    }
    result["pathway_note"] = no_service_note(result, choice)
    result["pathway_links"] = pathway_links(result, choice)
    result["map_groups"] = map_groups(result)
    return result


SUMMARY_LINES = {  # section -> what to say for none, and the singular and plural msgids for a count
    "without-assessment": (
        N_("nothing you can use without an assessment"),
        N_("{count} thing you can use without an assessment"),
        N_("{count} things you can use without an assessment"),
    ),
    "with-assessment": (
        N_("nothing that needs an assessment or a referral"),
        N_("{count} that needs an assessment or a referral"),
        N_("{count} that need an assessment or a referral"),
    ),
    "pathways": (N_("no care pathway for these needs"), N_("{count} care pathway"), N_("{count} care pathways")),
    "settings": (
        N_("no nursery, school or college"),
        N_("{count} nursery, school or college"),
        N_("{count} nurseries, schools or colleges"),
    ),
}


def nearby_text(builder: MapBuilder) -> str | None:
    """Where the settings listed come from, said once above them; None for a whole council area."""
    places = builder.places()
    if not places:
        return None
    if len(places) == 1:
        return translate("Those in {district}.", district=places[0].label)
    names = ", ".join(p.label for p in places[1:])
    text = N_("Those in {district} and the districts next to it: {names}.")
    return translate(text, district=places[0].label, names=names)


def summary_text(choice: Choice, sections: dict[str, Section]) -> dict[str, Any]:
    """The short summary at the top, with a line per section that links to it."""
    lines = []
    for slug, (none, one, many) in SUMMARY_LINES.items():
        count = sections[slug].count
        lines.append((slug, translate(none) if count == 0 else translate_plural(one, many, count)))
    return {"for": describe(choice), "lines": lines}


def contact_view(builder: MapBuilder, row: dict) -> dict[str, Any]:
    role = "iass" if row["role"].value == LO + "informationAdviceSupport" else "forum"
    return {
        "role": role,
        "link": builder.link(row["contact"].value),
        "description": text_of(row, "description"),
        "url": text_of(row, "url"),
        "telephone": text_of(row, "telephone"),
        "email": text_of(row, "email"),
    }


def stage_view(builder: MapBuilder, row: dict) -> dict[str, Any]:
    return {
        "stage": builder.link(row["stage"].value),
        "position": int_of(row.get("position")),
        "definition": text_of(row, "definition"),
        "step": builder.link(row["step"].value) if "step" in row else None,
        "timescale": text_of(row, "timescale"),
    }
