"""The ontology's names for properties and kinds of page, in the page's language (data/translations/*.ttl),
English where a term has none. Its own module because it needs both the labels and the interface language,
and i18n already reads labels."""

from __future__ import annotations

from ...namespaces import KINDS, LO
from .graph import Graph, get_graph
from .i18n import interface_language
from .labels import DEFAULT_LANGUAGE, Label, same_language


def property_labels(graph: Graph) -> dict[str, str]:
    """Property and class IRI -> its name from the ontology in the page's language (data/translations/*.ttl),
    English where a term has none, each a Label knowing its language; once per store version and language."""
    language = interface_language()

    def compute() -> dict[str, str]:
        names: dict[str, dict[str, str]] = {}
        for row in graph.library.select(graph.store, "navigate/property_labels"):
            tag = getattr(row["label"], "language", None) or DEFAULT_LANGUAGE  # a literal; the row type allows any term
            names.setdefault(row["property"].value, {})[tag] = row["label"].value
        chosen: dict[str, str] = {}
        for iri, found in names.items():
            lang = language if language in found else DEFAULT_LANGUAGE
            if lang in found:  # English on a Welsh page is a Label("...", "en"): the page marks it (SC 3.1.2)
                chosen[iri] = Label(found[lang], lang)
        return chosen

    return graph.memo(f"property_labels:{language}", compute)


def family_kind_name(kind: str, labels: dict[str, str] | None = None) -> str:
    """The families' name for a kind of page: the class's label in the ontology ("Step", "Ways to pay",
    "Topic"), else the display name in KINDS. URL slugs stay as they are. `labels` is property_labels()
    when the caller has it; without it, the served store's."""
    if kind not in KINDS:
        return kind.replace("-", " ").capitalize()
    cls = KINDS[kind][0]
    if labels is None and cls:
        labels = property_labels(get_graph())
    name = labels.get(LO + cls) if cls and labels else None
    return same_language(name[:1].upper() + name[1:], name) if name else KINDS[kind][1]
