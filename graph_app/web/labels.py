"""Names in the reader's language: labels are language-tagged data, so a council adds Polish or Urdu
names as data and pages pick them up, falling back to English."""

from __future__ import annotations

from collections.abc import Iterable

from flask import request
from pyoxigraph import NamedNode

from .graph import Graph

DEFAULT_LANGUAGE = "en"


def reader_languages() -> list[str]:
    """The browser's languages in order of preference (primary subtags), then English."""
    chosen = request.args.get("lang", "")
    preferred = [chosen] if chosen.isalpha() and len(chosen) <= 8 else []
    preferred += [lang.split("-")[0].lower() for lang, _q in request.accept_languages]
    ordered = []
    for lang in [*preferred, DEFAULT_LANGUAGE]:
        if lang and lang not in ordered:
            ordered.append(lang)
    return ordered


def pick(labels: dict[str, str], languages: list[str]) -> str | None:
    """The label in the first language that has one; untagged text counts as English."""
    for lang in languages:
        if lang in labels:
            return labels[lang]
    return next(iter(labels.values()), None)


def label_map(graph: Graph, iris: Iterable[str], languages: list[str] | None = None) -> dict[str, str]:
    """IRI -> name in the reader's language, for many nodes in one query."""
    unique = sorted(set(iris))
    if not unique:
        return {}
    languages = languages or reader_languages()
    found: dict[str, dict[str, str]] = {}
    rows = graph.library.select(graph.store, "navigate/labels", node=[NamedNode(i) for i in unique])
    for row in rows:
        literal = row["label"]
        found.setdefault(row["node"].value, {})[literal.language or DEFAULT_LANGUAGE] = literal.value
    return {iri: pick(labels, languages) or iri for iri, labels in found.items()}
