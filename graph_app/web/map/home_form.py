"""The home page's "Tell us three things" form: the areas (councils, each with its districts) and the needs
grouped under their broad areas, read from the graph once per store version with the same named queries
the 'My child' form uses (the form sends its answers to /my-child, which checks them)."""

from __future__ import annotations

from dataclasses import dataclass

from ..core.graph import Graph

OTHER_NEEDS = "Other needs and health conditions"


@dataclass(frozen=True)
class Option:
    slug: str
    label: str


@dataclass(frozen=True)
class OptionGroup:
    title: str
    options: tuple[Option, ...]


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
            label, members = councils.setdefault(council, (row["councilLabel"].value, []))
            if slug == council:
                members.insert(0, Option(slug, f"{label}: the whole council area"))
            else:
                members.append(Option(slug, row["label"].value))
        groups = []
        for label, members in sorted(councils.values(), key=lambda c: c[0].lower()):
            head = [m for m in members if m.label.endswith(": the whole council area")]
            rest = sorted((m for m in members if m not in head), key=lambda m: m.label.lower())
            groups.append(OptionGroup(label, tuple(head + rest)))
        return groups

    return graph.memo("home_area_groups", compute)


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
                broad[row["need"].value] = row["label"].value
        for row in rows:
            slug = _slug(row["need"].value, graph.id_base, "need")
            if not slug or "isBroad" in row or "isAdult" in row:
                continue
            if "broadArea" in row and row["broadArea"].value in broad:
                under.setdefault(row["broadArea"].value, {})[slug] = row["label"].value
            elif not any(slug in members for members in under.values()):
                other[slug] = row["label"].value
        groups = []
        for iri, title in sorted(broad.items(), key=lambda b: b[1].lower()):
            slug = _slug(iri, graph.id_base, "need") or ""
            members = sorted(under.get(iri, {}).items(), key=lambda m: m[1].lower())
            options = [Option(slug, f"{title} (in general)")] + [Option(s, label) for s, label in members]
            groups.append(OptionGroup(title, tuple(options)))
        placed = {o.slug for g in groups for o in g.options}
        rest = sorted(((s, label) for s, label in other.items() if s not in placed), key=lambda m: m[1].lower())
        if rest:
            groups.append(OptionGroup(OTHER_NEEDS, tuple(Option(s, label) for s, label in rest)))
        return groups

    return graph.memo("home_need_groups", compute)
