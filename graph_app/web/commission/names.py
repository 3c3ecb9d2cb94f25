"""Names in a gap analysis page in the reader's language. A result is worked out once per store version for
every reader, with English names (graph_app/gaps/analysis.py), and kept as JSON; a Welsh or Polish reader's
page swaps each council's, need's and age band's name for the one the data gives in their language
(data/translations/*.ttl), English where it has none, each a labels.Label that knows its language so the
page marks it. One query for the distinct nodes shown (tens, not the rows), and none for an English reader.
The CSV, JSON and ZIP downloads keep the stored English names (exports.py)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ...gaps.analysis import GapAnalysis, GapResult
from ...gaps.charts import make_chart
from ..core.graph import Graph
from ..core.labels import DEFAULT_LANGUAGE, label_map, reader_languages
from .choices import Field


def _names(graph: Graph, iris: set[str]) -> dict[str, str]:
    """IRI -> name in the reader's language; empty for an English reader (the stored names are English)."""
    languages = reader_languages()
    if not iris or languages[0] == DEFAULT_LANGUAGE:
        return {}
    return label_map(graph, iris, languages)


def _renamed(value: Any, names: dict[str, str]) -> Any:
    if isinstance(value, dict) and value.get("iri") in names:
        return {**value, "label": names[value["iri"]]}
    return value


def names_for(graph: Graph, results: list[GapResult]) -> dict[str, str]:
    """The reader's-language names of every node in these results, in one query."""
    return _names(graph, {v["iri"] for r in results for row in r.rows for v in row.values() if isinstance(v, dict)})


def in_reader_language(
    graph: Graph, analysis: GapAnalysis, result: GapResult, names: dict[str, str] | None = None
) -> GapResult:
    """The result with its nodes' names in the reader's language (`names`, else looked up) and its chart
    drawn again from them: a copy, as the stored result is shared by every reader."""
    names = names_for(graph, [result]) if names is None else names
    if not names:
        return result
    rows = [{key: _renamed(value, names) for key, value in row.items()} for row in result.rows]
    chart = make_chart(analysis, rows) if rows else None
    return replace(result, rows=rows, chart=chart)


def fields_in_reader_language(graph: Graph, fields: list[Field]) -> list[Field]:
    """The form's choices (councils, needs, age bands) named in the reader's language."""
    names = _names(graph, {o.iri for f in fields for o in f.options or ()})
    if not names:
        return fields
    return [
        replace(f, options=[replace(o, label=names.get(o.iri, o.label)) for o in f.options])
        if f.options is not None
        else f
        for f in fields
    ]
