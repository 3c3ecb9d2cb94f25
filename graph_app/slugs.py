"""Slugs, the last part of every node's IRI and URL: the SE7 councils' slugs, the pattern a slug must
match, and how a slug is made from a name (lower-case ASCII words joined by hyphens, ontology/README.md)."""

from __future__ import annotations

import re

COUNCILS: tuple[str, ...] = ("brighton-and-hove", "east-sussex", "hampshire", "kent", "medway", "surrey", "west-sussex")
SLUG_TEXT = r"[a-z0-9][a-z0-9-]{0,200}"  # to embed in a larger pattern (a path, a form field)
SLUG = re.compile(rf"^{SLUG_TEXT}$")
_NON_SLUG = re.compile(r"[^a-z0-9]+")


def is_slug(text: str) -> bool:
    return SLUG.match(text) is not None


def slugify(text: str, limit: int = 150) -> str:
    """Lower-case ASCII words joined by hyphens ("St Mary's" -> "st-marys"), at most `limit` characters;
    empty when the text has no letters or digits."""
    return _NON_SLUG.sub("-", text.lower().replace("'", "")).strip("-")[:limit]
