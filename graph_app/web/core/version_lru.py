"""Answers about single nodes (a name, a last-checked date) kept per store version, for the nodes pages show
most (issue 20): bounded, because national scale has ~100,000 services and a worker must not keep them all."""

from __future__ import annotations

import threading
from typing import Any

from cachetools import LRUCache

from .graph import Graph

NODES_KEPT = 20_000  # nodes a worker keeps per store version and kind of answer: a few MB, every hub many times over


class NodeAnswers:
    """IRI -> answer of one store version, the least recently used dropped past `size` (hubs and vocabulary
    terms, asked about on most pages, stay). A node with no answer is kept as an empty value so it is not
    asked about again. Answers are shared by every request: read them, never change them."""

    def __init__(self, size: int = NODES_KEPT) -> None:
        self._answers: LRUCache[str, Any] = LRUCache(size)
        self._lock = threading.Lock()  # an LRU read reorders it: requests in threads must not interleave

    def lookup(self, iris: list[str]) -> tuple[dict[str, Any], list[str]]:
        """(the kept answers, the IRIs not kept), in the order given."""
        known: dict[str, Any] = {}
        missing: list[str] = []
        with self._lock:
            for iri in iris:
                answer = self._answers.get(iri)
                if answer is None:
                    missing.append(iri)
                else:
                    known[iri] = answer
        return known, missing

    def keep(self, answers: dict[str, Any]) -> None:
        with self._lock:
            for iri, answer in answers.items():
                self._answers[iri] = answer


def node_answers(graph: Graph, name: str) -> NodeAnswers:
    """The answers called `name` of the store version being read; kept with the version's other memo values,
    so a build or a publish (a new version) starts empty."""
    return graph.memo("node_answers:" + name, NodeAnswers)
