"""The family's context: the council they chose, their child's age and needs, read from the address
(`area`, `age`, `need`), the council falling back to the area cookie (core/area.py). Every list, "See
all", related and map page reads it here, shows it as removable chips and carries it in its links, so
it works without cookies and can be bookmarked. A bad value is a 400 naming the parameter.

Slightly over the ~350-line mark on purpose: reading, checking, the chips and the links of one context are
one rule, and splitting them would let the header and the page read it differently again (issue 14)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from flask import Flask, abort, g, request, url_for
from pyoxigraph import NamedNode
from werkzeug.exceptions import HTTPException

from ...namespaces import lo
from ...store import Row
from .area import COUNCIL_SLUGS, council_names, current_area_slug
from .graph import Graph, get_graph
from .i18n import translate
from .labels import label_map, reader_languages
from .version_lru import node_answers

ALL_AREAS = "all"  # area=all: every SE7 council, even when the cookie chose one
MAX_AGE = 25
AGE_BAND = re.compile(r"^\d{1,2}-\d{1,2}$")  # search's age-band facet ("5-10"); search checks the band itself
MAX_NEEDS = 10
PARAMS = ("area", "age", "need")


@dataclass(frozen=True)
class FamilyContext:
    area_slug: str | None = None
    area_source: str | None = None  # 'address' | 'cookie' | None
    age: int | None = None
    needs: tuple[str, ...] = ()
    all_areas: bool = False  # area=all in the address (kept in links: it overrides the cookie)
    age_band: str | None = None  # an age band such as 5-10, for search's facet

    def is_empty(self) -> bool:
        return self.area_slug is None and self.age is None and not self.needs and not self.age_band

    def as_json(self) -> dict[str, object]:
        """What the JSON twins report as the context applied."""
        return {
            "area": self.area_slug,
            "source": self.area_source,
            "age": self.age,
            "needs": list(self.needs),
            "all_areas": self.all_areas,
        }


@dataclass(frozen=True)
class Chip:
    """One part of the context shown as "label · remove_label", the remove link clearing only that part."""

    param: str
    value: object
    label: str
    remove_label: str
    source: str | None
    remove_url: str


def known_needs() -> dict[str, str]:
    """need slug -> need IRI, for every need in the store (once per store version)."""
    graph = get_graph()
    prefix = f"{graph.id_base}need/"

    def compute() -> dict[str, str]:
        # `class` is a Python keyword: pass the parameters as a mapping rather than **{...} into select()
        need = NamedNode(lo("Need"))
        rows: list[Row] = graph.library.run(graph.store, "navigate/kind_members", "select", {"class": need})
        return {r["node"].value[len(prefix) :]: r["node"].value for r in rows if r["node"].value.startswith(prefix)}

    return graph.memo("context:known_needs", compute)


def _read_area() -> tuple[str | None, str | None, bool]:
    raw = request.args.get("area", "").strip()
    if raw == ALL_AREAS:
        return None, None, True
    if raw:
        if raw not in COUNCIL_SLUGS:
            abort(
                400,
                translate(
                    "The 'area' parameter must be a council: {councils}, or all; '{value}' is not one.",
                    councils=", ".join(COUNCIL_SLUGS),
                    value=raw[:60],
                ),
            )
        return raw, "address", False
    cookie = current_area_slug()
    return (cookie, "cookie", False) if cookie else (None, None, False)


def _read_age() -> tuple[int | None, str | None]:
    raw = request.args.get("age", "").strip()
    if not raw:
        return None, None
    if raw.isdigit() and len(raw) <= 3 and int(raw) <= MAX_AGE:
        return int(raw), None
    if AGE_BAND.match(raw):
        return None, raw
    abort(
        400,
        translate(
            "The 'age' parameter must be an age in whole years from 0 to {most} (or an age band such as 5-10); "
            "'{value}' is not one.",
            most=MAX_AGE,
            value=raw[:60],
        ),
    )


def _read_needs() -> tuple[str, ...]:
    raw = [v.strip() for v in request.args.getlist("need") if v.strip()]
    if len(raw) > MAX_NEEDS:
        abort(400, translate("The 'need' parameter may be given at most {most} times.", most=MAX_NEEDS))
    known = known_needs()
    for value in raw:
        if value not in known:
            abort(
                400,
                translate(
                    "The 'need' parameter must name a need in the address form, such as autism; '{value}' is not one.",
                    value=value[:60],
                ),
            )
    return tuple(dict.fromkeys(raw))


def family_context() -> FamilyContext:
    """This request's context, read and checked once (memoised on flask.g)."""
    if "family_context" not in g:
        area, source, all_areas = _read_area()
        age, band = _read_age()
        g.family_context = FamilyContext(area, source, age, _read_needs(), all_areas, band)
    return g.family_context


def frame_context() -> FamilyContext:
    """The context the page frame (header, chips, script data) shows: this request's, or, on the page that
    rejects a bad part of it (its own 400), the council alone: the address's when that part is good, else
    the cookie's."""
    try:
        return family_context()
    except HTTPException:
        try:
            area, source, all_areas = _read_area()
        except HTTPException:
            cookie = current_area_slug()
            return FamilyContext(cookie, "cookie" if cookie else None)
        return FamilyContext(area, source, all_areas=all_areas)


def header_context() -> dict[str, object]:
    """For every template: the council the page is for (the one rule: address, else cookie; area=all is
    every SE7 council), its name, and the seven councils for the chooser."""
    context = frame_context()
    names = council_names()
    slug = context.area_slug
    return {
        "area_slug": slug,
        "area_name": names.get(slug) if slug else None,
        "area_all": context.all_areas,
        "council_names": names,
    }


def context_query() -> str:
    """The context as a query string ("area=medway&need=autism") for the page's scripts, which add it to
    their JSON fetches (rendered into a data attribute: scripts never read the cookie)."""
    return urlencode(_args_of(frame_context(), {}), doseq=True)


def context_args(**overrides: object) -> dict[str, str | list[str]]:
    """The context's parameters for a link (only what is set); an override replaces one (None drops it).
    The cookie's council is written out too, so the link works without the cookie."""
    return _args_of(family_context(), overrides)


def _args_of(context: FamilyContext, overrides: dict[str, object]) -> dict[str, str | list[str]]:
    args: dict[str, str | list[str]] = {}
    if context.all_areas:
        args["area"] = ALL_AREAS
    elif context.area_slug:
        args["area"] = context.area_slug
    if context.age is not None:
        args["age"] = str(context.age)
    elif context.age_band:
        args["age"] = context.age_band
    if context.needs:
        args["need"] = list(context.needs)
    for key, value in overrides.items():
        if value is None or value == "" or value == []:
            args.pop(key, None)
        elif isinstance(value, list | tuple):
            args[key] = [str(v) for v in value]
        else:
            args[key] = str(value)
    return args


def with_context(url: str | None, **overrides: object) -> str | None:
    """A local address with the context's parameters added; parameters already in it are kept. Other
    sites' addresses are returned unchanged (the family's context is not sent away)."""
    if not url or not url.startswith("/") or url.startswith("//"):
        return url
    args = context_args(**overrides)
    if not args:  # no context (most views): the address as it is, without parsing it
        return url
    parts = urlsplit(url)
    own = parse_qsl(parts.query, keep_blank_values=True)
    present = {k for k, _v in own}
    extra = [
        (k, v) for k, value in args.items() if k not in present for v in (value if isinstance(value, list) else [value])
    ]
    if not extra:
        return url
    return urlunsplit(parts._replace(query=urlencode(own + extra)))


def here_with(_path: str | None = None, **changes: object) -> str:
    """This page's address (or `_path`) with some parameters changed (None removes one), the context
    written out so the link works without the cookie."""
    args: dict[str, str | list[str]] = {}
    for key in request.args:
        if key not in PARAMS:
            values = [v for v in request.args.getlist(key) if v]
            if values:
                args[key] = values if len(values) > 1 else values[0]
    args.update(context_args())
    for key, value in changes.items():
        if value is None or value == "" or value == []:
            args.pop(key, None)
        else:
            args[key] = [str(v) for v in value] if isinstance(value, list | tuple) else str(value)
    return (_path or request.path) + ("?" + urlencode(args, doseq=True) if args else "")


def need_names(slugs: tuple[str, ...] | list[str]) -> dict[str, str]:
    """need slug -> name in the reader's language."""
    known = known_needs()
    iris = {slug: known[slug] for slug in slugs if slug in known}
    names = label_map(get_graph(), iris.values(), reader_languages()) if iris else {}
    return {slug: str(names.get(iri, slug.replace("-", " ").capitalize())) for slug, iri in iris.items()}


def context_chips(remove_url_for: Callable[..., str] = here_with) -> list[Chip]:
    """The context as removable chips: "Showing Medway · show all SE7", "Age 4 · any age", "Autism · any
    need". `remove_url_for(**changes)` gives the address with a part changed (None removes it)."""
    context = family_context()
    chips: list[Chip] = []
    if context.area_slug:
        name = council_names().get(context.area_slug, context.area_slug)
        chips.append(
            Chip(
                "area",
                context.area_slug,
                f"Showing {name}",
                "show all SE7",
                "chosen council" if context.area_source == "cookie" else context.area_source,
                remove_url_for(area=ALL_AREAS),
            )
        )
    if context.age is not None:
        chips.append(Chip("age", context.age, f"Age {context.age}", "any age", "address", remove_url_for(age=None)))
    names = need_names(context.needs)
    for slug in context.needs:
        rest = [n for n in context.needs if n != slug]
        chips.append(
            Chip("need", slug, names.get(slug, slug), "any need", "address", remove_url_for(need=rest or None))
        )
    return chips


@dataclass(frozen=True)
class Place:
    """Where a record is for and whom: the councils it serves (empty: not tied to one) and its ages."""

    councils: frozenset[str] = frozenset()
    min_age: int | None = None
    max_age: int | None = None


def places(iris: list[str]) -> dict[str, Place]:
    """IRI -> its councils and age range. Kept per store version (a hub page splits hundreds of records by
    the family's council and age, the same ones on every view); only the records not kept are asked for, in
    one query (navigate/context_places.rq)."""
    if not iris:
        return {}
    graph = get_graph()
    kept = node_answers(graph, "places")
    known, missing = kept.lookup(list(dict.fromkeys(iris)))
    if missing:
        asked = _places_in_store(graph, missing)
        kept.keep(asked)
        known.update(asked)
    return known


def _places_in_store(graph: Graph, iris: list[str]) -> dict[str, Place]:
    """Every IRI of `iris` with its Place (an empty one when the store says nothing of it)."""
    prefix = f"{graph.id_base}area/"
    found: dict[str, dict] = {iri: {"councils": set(), "min": None, "max": None} for iri in iris}
    for row in graph.library.select(graph.store, "navigate/context_places", node=[NamedNode(i) for i in iris]):
        entry = found[row["node"].value]
        if "council" in row and row["council"].value.startswith(prefix):
            entry["councils"].add(row["council"].value[len(prefix) :])
        for key, var in (("min", "minAge"), ("max", "maxAge")):
            if var in row and row[var].value.lstrip("-").isdigit():
                entry[key] = int(row[var].value)
    return {iri: Place(frozenset(e["councils"]), e["min"], e["max"]) for iri, e in found.items()}


def age_fits(age: int | None, place: Place) -> bool:
    """Whether a record for ages min..max (None: no limit) is for a child of `age`."""
    if age is None:
        return True
    return (place.min_age is None or place.min_age <= age) and (place.max_age is None or age <= place.max_age)


@dataclass
class Split:
    """A list cut by the context: the chosen council's items (and those tied to no council) first, the rest
    under "Elsewhere in SE7 (n)", and those the child's age excludes under "Not for age N (n)"."""

    local: list = field(default_factory=list)
    elsewhere: list = field(default_factory=list)
    other_ages: list = field(default_factory=list)
    area_name: str | None = None
    age: int | None = None

    def as_json(self) -> dict[str, object]:
        return {
            "local": self.local,
            "elsewhere": self.elsewhere,
            "other_ages": self.other_ages,
            "area_name": self.area_name,
            "age": self.age,
        }


def split_by_context(items: list, iri_of: Callable[[Any], str] = lambda item: item["iri"]) -> Split:
    """`items` in their order, cut by the family's council and age (nothing moves when neither is set)."""
    context = family_context()
    area_name = council_names().get(context.area_slug) if context.area_slug else None
    split = Split(area_name=area_name, age=context.age)
    if not items or (context.area_slug is None and context.age is None):
        split.local = list(items)
        return split
    known = places([iri_of(item) for item in items])
    for item in items:
        place = known.get(iri_of(item), Place())
        if not age_fits(context.age, place):
            split.other_ages.append(item)
        elif context.area_slug and place.councils and context.area_slug not in place.councils:
            split.elsewhere.append(item)
        else:
            split.local.append(item)
    return split


def _search_url(**changes: str | None) -> str:
    """The search page's address with the family's context and `changes` (search takes one need)."""
    args = context_args(**changes)
    return url_for("search.results") + "?" + urlencode(args, doseq=True)


SEARCHABLE_KINDS = ("service", "setting", "provider", "pathway", "need", "heading", "question", "clause")


def see_all_url(node_iri: str, member_kinds: set[str], fallback: str) -> str:
    """Where "See all" goes: for a need's or a council's records of kinds search knows, search with that need
    or council and the family's area, age and needs set (filtered, judged results instead of an A-Z of
    every council's records; `kind` set when the records are of one kind); otherwise `fallback` (the full
    list) with the context carried."""
    base = get_graph().id_base
    kind, _sep, slug = node_iri[len(base) :].partition("/") if node_iri.startswith(base) else ("", "", "")
    searchable = bool(member_kinds) and member_kinds <= set(SEARCHABLE_KINDS)
    one_kind = next(iter(member_kinds)) if len(member_kinds) == 1 else None
    if searchable and kind == "need" and slug in known_needs():
        return _search_url(kind=one_kind, need=slug)
    if searchable and kind == "area" and slug in COUNCIL_SLUGS:
        return _search_url(kind=one_kind, area=slug)
    return with_context(fallback) or fallback


def init_app(app: Flask) -> None:
    app.context_processor(header_context)
    app.add_template_global(with_context, "with_context")  # links keep the family's context
    app.add_template_global(context_query, "context_query")
