"""The choices a family makes on 'My child' (age, area, needs): the options offered, read from the graph once
per store version, and the checking of what was asked, with an error per field."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from flask import request

from ..core.graph import Graph, get_graph
from ..core.i18n import N_, interface_language, translate
from ..core.labels import DEFAULT_LANGUAGE, Label, label_map, literal_text, same_language

MIN_AGE, MAX_AGE = 0, 25
ADULTHOOD_AGE = 14  # preparing for adulthood starts in year 9 (age 13 to 14) in the SEND Code of Practice
NOT_SURE = "not-sure"
MAX_NEEDS = 60  # more ticks than the form has boxes is not a family's choice
HINT_WORDS = 3
GROUP_TITLES = {"other": N_("Other needs and health conditions"), "adult": N_("Needs as an adult (18 to 25)")}


# --- the choices a family can make: needs and areas, from the graph, once per store version ----------------


@dataclass(frozen=True)
class NeedOption:
    slug: str
    iri: str
    label: str
    hint: str
    group: str  # the slug of its broad area of need, or "other" / "adult"
    is_broad: bool


@dataclass
class NeedGroup:
    slug: str
    title: str
    options: list[NeedOption]


@dataclass(frozen=True)
class AreaOption:
    slug: str
    iri: str
    label: str
    council_slug: str
    council_label: str

    @property
    def is_council(self) -> bool:
        return self.slug == self.council_slug


@dataclass
class FieldError:
    field: str
    message: str
    anchor: str


@dataclass
class Choice:
    age: int
    area: AreaOption
    needs: list[NeedOption]
    not_sure: bool
    provision_only: bool = False  # only settings with a resource base or SEN unit for the chosen needs
    for_me: bool = False  # a young person (16 to 25) looking for themselves: the page says "you"
    near: bool = False  # settings in the districts next to the chosen one too, across council borders


def _slug(iri: str, id_base: str, kind: str) -> str | None:
    prefix = f"{id_base}{kind}/"
    return iri[len(prefix) :] if iri.startswith(prefix) else None


def family_words(words: str) -> str:
    """A few of the everyday phrases families use for a need, for the checkbox hint: phrases rather than
    acronyms and misspellings, shortest first so the hint stays one line."""
    phrases = sorted({w for w in words.split("|") if " " in w and not w.isupper()}, key=lambda w: (len(w), w))
    return same_language(", ".join(phrases[:HINT_WORDS]), words)


def _words_in(tagged: str, language: str) -> str:
    """The family words of the page's language from "en:autistic|cy:awtistig" (mychild_need_options), else
    the English ones, joined by "|" and knowing their language."""
    by_language: dict[str, list[str]] = {}
    for item in tagged.split("|") if tagged else []:
        lang, _colon, word = item.partition(":")
        by_language.setdefault(lang, []).append(word)
    chosen = language if language in by_language else DEFAULT_LANGUAGE
    return Label("|".join(by_language.get(chosen, [])), chosen)


def need_groups(graph: Graph) -> list[NeedGroup]:
    """Every need, grouped under its broad area of need (the broad area first), then other and adult needs."""

    language = interface_language()  # names and family words in the page's language, English where none

    def compute() -> list[NeedGroup]:
        rows = graph.library.select(graph.store, "navigate/mychild_need_options", lang=language)
        broad_areas: dict[str, set[str]] = {}
        for row in rows:
            if "broadArea" in row:
                broad_areas.setdefault(row["need"].value, set()).add(row["broadArea"].value)
        options: dict[str, NeedOption] = {}
        for row in rows:
            iri = row["need"].value
            slug = _slug(iri, graph.id_base, "need")
            if slug is None or slug in options:
                continue
            if "isBroad" in row:
                group = slug
            elif iri in broad_areas:  # a need under two broad areas is listed under the first
                group = _slug(sorted(broad_areas[iri])[0], graph.id_base, "need") or "other"
            else:
                group = "adult" if "isAdult" in row else "other"
            words = _words_in(row["words"].value if "words" in row else "", language)
            label = literal_text(row["label"])  # a labels.Label: a Welsh page marks an English name
            options[slug] = NeedOption(slug, iri, label, family_words(words), group, "isBroad" in row)
        groups = [NeedGroup(o.slug, o.label, [o]) for o in options.values() if o.is_broad]
        groups.sort(key=lambda g: g.title.lower())
        groups += [NeedGroup(slug, translate(title), []) for slug, title in GROUP_TITLES.items()]  # memo per language
        by_slug = {g.slug: g for g in groups}
        for option in sorted(options.values(), key=lambda o: o.label.lower()):
            if not option.is_broad:
                by_slug[option.group].options.append(option)
        return [g for g in groups if g.options]

    return graph.memo(f"mychild_need_groups:{language}", compute)


def need_ancestors(graph: Graph) -> dict[str, set[str]]:
    """need IRI -> every broader need above it."""

    def compute() -> dict[str, set[str]]:
        found: dict[str, set[str]] = {}
        for row in graph.library.select(graph.store, "navigate/mychild_need_ancestors"):
            found.setdefault(row["need"].value, set()).add(row["ancestor"].value)
        return found

    return graph.memo("mychild_need_ancestors", compute)


def area_options(graph: Graph) -> list[AreaOption]:
    """The councils, each followed by its districts."""

    def compute() -> list[AreaOption]:
        found = []
        for row in graph.library.select(graph.store, "navigate/mychild_area_options"):
            slug = _slug(row["area"].value, graph.id_base, "area")
            council = _slug(row["council"].value, graph.id_base, "area")
            if slug and council:
                found.append(
                    AreaOption(
                        slug, row["area"].value, literal_text(row["label"]), council, literal_text(row["councilLabel"])
                    )
                )
        found.sort(key=lambda a: (a.council_label.lower(), not a.is_council, a.label.lower()))
        return found

    return graph.memo("mychild_area_options", compute)


def area_neighbours(graph: Graph) -> dict[str, list[AreaOption]]:
    """area slug -> the districts and unitary areas that share a boundary with it (data/district-adjacency.ttl),
    by name; a county council area has none (only its districts have boundaries in the data)."""

    def compute() -> dict[str, list[AreaOption]]:
        by_iri = {a.iri: a for a in area_options(graph)}
        found: dict[str, list[AreaOption]] = {}
        for row in graph.library.select(graph.store, "navigate/area_neighbours"):
            area, neighbour = by_iri.get(row["area"].value), by_iri.get(row["neighbour"].value)
            if area and neighbour:
                found.setdefault(area.slug, []).append(neighbour)
        for options in found.values():
            options.sort(key=lambda a: a.label.lower())
        return found

    return graph.memo("mychild_area_neighbours", compute)


# --- checking what was asked -----------------------------------------------------------------------------


def has_query() -> bool:
    return any(name in request.args for name in ("age", "area", "need"))


def parse_choice(graph: Graph) -> tuple[Choice | None, list[FieldError], dict[str, Any]]:
    """The family's choice from the address, or the errors to show next to each field. The raw input is
    returned as typed, so the form can show it back (Jinja escapes it)."""
    raw_age = request.args.get("age", "")[:40]
    raw_area = request.args.get("area", "")[:100]
    raw_needs = request.args.getlist("need")[: MAX_NEEDS + 1]
    raw = {
        "age": raw_age,
        "area": raw_area,
        "need": [n[:100] for n in raw_needs],
        "for": request.args.get("for", "")[:10],
    }
    errors: list[FieldError] = []

    age_text = raw_age.strip()
    age = None
    if not age_text:
        errors.append(FieldError("age", translate("Enter your child's age in years"), "age"))
    elif not re.fullmatch(r"[0-9]{1,3}", age_text):
        errors.append(FieldError("age", translate("Age must be a whole number of years, like 7"), "age"))
    elif not MIN_AGE <= int(age_text) <= MAX_AGE:
        errors.append(FieldError("age", translate("Age must be between 0 and 25"), "age"))
    else:
        age = int(age_text)

    areas = {a.slug: a for a in area_options(graph)}
    area = areas.get(raw_area.strip())
    if not raw_area.strip():
        errors.append(FieldError("area", translate("Select your council or district"), "area"))
    elif area is None:
        errors.append(FieldError("area", translate("Select a council or district from the list"), "area"))

    known = {o.slug: o for g in need_groups(graph) for o in g.options}
    chosen = [n.strip() for n in raw_needs if n.strip()]
    unknown = [n for n in chosen if n != NOT_SURE and n not in known]
    if not chosen:
        message = translate("Select your child's needs, or select \u2018I\u2019m not sure\u2019")
        errors.append(FieldError("need", message, "need"))
    elif len(chosen) > MAX_NEEDS:
        errors.append(FieldError("need", translate("Select fewer needs"), "need"))
    elif unknown:
        errors.append(FieldError("need", translate("Select needs from the list"), "need"))

    raw_provision = request.args.get("provision", "").strip()
    if raw_provision not in ("", "1"):
        errors.append(FieldError("provision", translate("The 'provision' parameter must be 1 or left out"), "settings"))

    raw_near = request.args.get("near", "").strip()
    if raw_near not in ("", "1"):
        errors.append(FieldError("near", translate("The 'near' parameter must be 1 or left out"), "settings"))

    raw_for = request.args.get("for", "").strip()
    if raw_for not in ("", "child", "me"):
        errors.append(FieldError("for", translate("The 'for' parameter must be 'child' or 'me'"), "age"))

    if errors or age is None or area is None:
        return None, errors, raw
    needs = [known[slug] for slug in dict.fromkeys(chosen) if slug in known]
    # "near" only means something for an area with neighbours; elsewhere it changes nothing and is dropped
    near = raw_near == "1" and bool(area_neighbours(graph).get(area.slug))
    return Choice(age, area, needs, NOT_SURE in chosen, raw_provision == "1", raw_for == "me", near), [], raw


def choice_args(choice: Choice, **changes: Any) -> dict[str, Any]:
    """The choice as the query parameters of its address (with some changed: a wider need, a wider area)."""
    needs = [n.slug for n in choice.needs] + ([NOT_SURE] if choice.not_sure else [])
    args: dict[str, Any] = {"age": choice.age, "area": choice.area.slug, "need": needs}
    if choice.provision_only:
        args["provision"] = "1"
    if choice.for_me:
        args["for"] = "me"
    if choice.near:
        args["near"] = "1"
    args.update(changes)
    return {k: v for k, v in args.items() if v is not None}


def context_args(choice: Choice) -> dict[str, Any]:
    """The family's context for links out of the map (record pages, search): the council, age and needs,
    the names the rest of the site reads (core/context.py)."""
    return {"area": choice.area.council_slug, "age": choice.age, "need": [n.slug for n in choice.needs]}


def broader_choice(graph: Graph, choice: Choice) -> list[NeedOption]:
    """The chosen needs widened to their broad areas of need (a broad area stays itself); empty when
    that changes nothing."""
    broad = {g.slug: g.options[0] for g in need_groups(graph) if g.options and g.options[0].is_broad}
    wider = list(dict.fromkeys(broad.get(n.group, n) for n in choice.needs))
    return wider if [n.slug for n in wider] != [n.slug for n in choice.needs] else []


def describe(choice: Choice) -> str:
    """'a 7 year old in Kent with autism'; 'you (17) in Kent with autism' for a young person."""
    if choice.for_me:
        who = translate("you ({age})", age=choice.age)
    elif choice.age == 0:
        who = translate("a baby under 1 year old")
    elif choice.age in (8, 11, 18):  # the English article is part of the message: other languages have none
        who = translate("an {age} year old", age=choice.age)
    else:
        who = translate("a {age} year old", age=choice.age)
    text = translate("{who} in {area}", who=who, area=choice.area.label)
    if choice.needs:
        names = [_lower_first(name) for name in _need_names(choice.needs)]
        joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " " + translate("and") + " " + names[-1]
        text += " " + translate("with {needs}", needs=joined)
    return text


def _need_names(needs: list[NeedOption]) -> list[str]:
    """The needs' names in the page's language (a Polish page says "autyzm"), English where a need has none."""
    if interface_language() == DEFAULT_LANGUAGE:
        return [n.label for n in needs]
    names = label_map(get_graph(), [n.iri for n in needs], [interface_language(), DEFAULT_LANGUAGE])
    return [str(names.get(n.iri) or n.label) for n in needs]


def _lower_first(label: str) -> str:
    # "Autism" reads as "with autism"; "ADHD (...)" keeps its capitals
    return label[:1].lower() + label[1:] if label[1:2].islower() else label
