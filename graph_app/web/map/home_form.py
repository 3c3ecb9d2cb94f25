"""The home page's "Tell us three things" form: the areas (councils, each with its districts) and the needs
grouped under their broad areas, read from the graph once per store version with the same named queries
the 'My child' form uses (the form sends its answers to /my-child, which checks them).

The groups are built once per store version with the English names; each request then names the needs in
the page's language (a Polish page lists "Autyzm", a Welsh one "Awtistiaeth") and words such as "(in
general)" through the catalogue, so one memo serves every language."""

from __future__ import annotations

from dataclasses import dataclass

from ..core.graph import Graph
from ..core.i18n import N_, interface_language, translate
from ..core.labels import DEFAULT_LANGUAGE, label_map, literal_text

OTHER_NEEDS = N_("Other needs and health conditions")


@dataclass(frozen=True)
class Option:
    slug: str
    label: str
    general: bool = False  # the whole council area, or a broad area of need "(in general)"


@dataclass(frozen=True)
class OptionGroup:
    title: str
    options: tuple[Option, ...]
    key: str = ""  # the broad area of need's slug (needs), the council's slug (areas)


def _slug(iri: str, id_base: str, kind: str) -> str | None:
    prefix = f"{id_base}{kind}/"
    return iri[len(prefix) :] if iri.startswith(prefix) else None


def area_groups(graph: Graph) -> list[OptionGroup]:
    """Each council as a group: the whole council first, then its districts by name."""

    def compute() -> list[OptionGroup]:
        councils: dict[str, tuple[str, list[Option]]] = {}
        for row in graph.library.select(graph.store, "navigate/mychild_area_options"):
            slug = _slug(row["area"].value, graph.id_base, "area")
            council = _slug(row["council"].value, graph.id_base, "area")
            if not slug or not council:
                continue
            label, members = councils.setdefault(council, (literal_text(row["councilLabel"]), []))
            if slug == council:
                members.insert(0, Option(slug, label, general=True))
            else:
                members.append(Option(slug, literal_text(row["label"])))
        groups = []
        for label, members in sorted(councils.values(), key=lambda c: c[0].lower()):
            head = [m for m in members if m.general]
            rest = sorted((m for m in members if m not in head), key=lambda m: m.label.lower())
            groups.append(OptionGroup(label, tuple(head + rest)))
        return groups

    groups = graph.memo("home_area_groups", compute)
    return [
        OptionGroup(
            group.title,
            tuple(
                Option(o.slug, translate("{name}: the whole council area", name=o.label), True) if o.general else o
                for o in group.options
            ),
            group.key,
        )
        for group in groups
    ]


def need_groups(graph: Graph) -> list[OptionGroup]:
    """The four broad areas of need, each heading its own needs, then the other needs (adult-only needs are
    left to the full form: the front door asks the commonest questions)."""

    def compute() -> list[OptionGroup]:
        broad: dict[str, str] = {}
        under: dict[str, dict[str, str]] = {}
        other: dict[str, str] = {}
        rows = graph.library.select(graph.store, "navigate/mychild_need_options")
        for row in rows:
            slug = _slug(row["need"].value, graph.id_base, "need")
            if slug and "isBroad" in row:
                broad[row["need"].value] = literal_text(row["label"])
        for row in rows:
            slug = _slug(row["need"].value, graph.id_base, "need")
            if not slug or "isBroad" in row or "isAdult" in row:
                continue
            if "broadArea" in row and row["broadArea"].value in broad:
                under.setdefault(row["broadArea"].value, {})[slug] = literal_text(row["label"])
            elif not any(slug in members for members in under.values()):
                other[slug] = literal_text(row["label"])
        groups = []
        for iri, title in sorted(broad.items(), key=lambda b: b[1].lower()):
            slug = _slug(iri, graph.id_base, "need") or ""
            members = sorted(under.get(iri, {}).items(), key=lambda m: m[1].lower())
            options = [Option(slug, title, general=True)] + [Option(s, label) for s, label in members]
            groups.append(OptionGroup(title, tuple(options), slug))
        placed = {o.slug for g in groups for o in g.options}
        rest = sorted(((s, label) for s, label in other.items() if s not in placed), key=lambda m: m[1].lower())
        if rest:
            groups.append(OptionGroup(OTHER_NEEDS, tuple(Option(s, label) for s, label in rest)))
        return groups

    return _named_for_the_page(graph, graph.memo("home_need_groups", compute))


def _named_for_the_page(graph: Graph, groups: list[OptionGroup]) -> list[OptionGroup]:
    """The need groups with each need named in the page's language (English names stay where a need has
    none in that language) and the broad areas marked "(in general)" through the catalogue."""
    names: dict[str, str] = {}
    if interface_language() != DEFAULT_LANGUAGE:
        iris = [f"{graph.id_base}need/{o.slug}" for group in groups for o in group.options]
        names = label_map(graph, iris, [interface_language(), DEFAULT_LANGUAGE])

    def name(slug: str, english: str) -> str:
        return names.get(f"{graph.id_base}need/{slug}") or english  # a labels.Label: the page marks English

    named = []
    for group in groups:
        options = tuple(
            Option(
                o.slug,
                translate("{need} (in general)", need=name(o.slug, o.label)) if o.general else name(o.slug, o.label),
                o.general,
            )
            for o in group.options
        )
        named.append(
            OptionGroup(name(group.key, group.title) if group.key else translate(group.title), options, group.key)
        )
    return named
