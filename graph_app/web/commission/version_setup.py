"""What the gap pages read once per store version besides their results (the form's choices, the councils
with their populations, the needs, the build's date, the words for the average), worked out by the gap
warm-up (graph_app/gaps/warm_up.py) as soon as it notices a new version and before the analyses, so the
pages that come after that do not pay for them (issue 20).

A request that sees a new version before the warm-up has noticed it (it looks every 2 s, or at once when
woken) still works them out itself: with the page cache (graph.memo) keyed by version there is nothing
correct to borrow from the previous version, since a publish may change a council's or a need's name."""

from __future__ import annotations

from typing import Any

from ..core.context import known_needs
from ..core.graph import Graph
from .average_words import average_found
from .choices import gaps, options
from .compare import councils_with_population
from .history import built_of


def prepare(graph: Graph) -> None:
    """Fill this version's memos the pages read first (each is one query, kept until the next version)."""
    options(graph)
    councils_with_population(graph)
    known_needs()
    built_of(graph)
    average_found(graph)


@gaps.record_once
def _prepared_by_the_warm_up(state: Any) -> None:
    state.app.extensions.setdefault("version_setup", []).append(prepare)
