"""A node's description as compacted JSON-LD: one `@context` of the project's prefixes (and `id:` for the
dataset's own IRIs), so a JSON-LD client reads `skos:prefLabel` rather than full IRIs, and expanding it
gives back exactly the triples of the Turtle and N-Triples answers (tests/test_jsonld_clients.py proves
that with pyld and rdflib).

Only prefixes go in the context, never term definitions with a type or container: a prefix cannot change
what a value means, so compaction can never lose or alter a triple."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pyoxigraph as ox
import rdflib


def compacted(triples: Iterable[ox.Triple], prefixes: Mapping[str, str]) -> bytes:
    """JSON-LD with an `@context` of `prefixes` for these triples."""
    graph = rdflib.Graph()
    graph.parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
    text = graph.serialize(format="json-ld", context=dict(prefixes), auto_compact=True)
    return text.encode("utf-8")
