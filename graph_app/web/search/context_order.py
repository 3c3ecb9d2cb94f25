"""Suggestions in the family's context (core/context.py): what links to their needs first (directly,
then through the broader need), then the chosen council's and those for the child's age, the rest after.
Nothing is dropped that would have been suggested without a context, only ordered; the search index
gives a wider pool first so local and need-linked names can reach the short list."""

from __future__ import annotations

from ...search import Hit
from ..core.context import Place, age_fits, family_context
from ..core.need_links import UNLINKED, need_ranks

SUGGESTIONS = 8
SUGGEST_POOL = 3  # with a context, the index is asked for this many times the suggestions shown
WHERE_ORDER = {"local": 0, "elsewhere": 1, "other_age": 2}


def where_of(hit: Hit) -> str:
    """Where a hit stands: "local" (the chosen council's, tied to no council, or no council chosen),
    "elsewhere" (only other councils') or "other_age" (the child's age is outside its range)."""
    context = family_context()
    if not age_fits(context.age, Place(min_age=hit.min_age, max_age=hit.max_age)):
        return "other_age"
    if context.area_slug and hit.areas and context.area_slug not in hit.areas:
        return "elsewhere"
    return "local"


def in_context(hits: list[Hit]) -> list[tuple[Hit, str, bool]]:
    """(hit, where, linked to the needs) in the context's order; the index's order within each rank."""
    ranks = need_ranks()
    marked = [(hit, where_of(hit), ranks.get(hit.iri, UNLINKED)) for hit in hits]
    marked.sort(key=lambda m: (m[2], WHERE_ORDER[m[1]]))
    return [(hit, where, rank < UNLINKED) for hit, where, rank in marked]
