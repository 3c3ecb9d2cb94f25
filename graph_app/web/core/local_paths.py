"""Checking that an address a visitor sent is a path on this site (never a way to another site)."""

from __future__ import annotations

from urllib.parse import urlsplit

MAX_LENGTH = 500


def local_path(raw: str | None, keep_query: bool = True) -> str | None:
    """`raw` when it is a path on this site ("/search?q=x"), without the query when `keep_query` is
    False; None for anything that could lead elsewhere ("//host", "https://...", "\\\\host", controls)."""
    if not raw or len(raw) > MAX_LENGTH:
        return None
    parts = urlsplit(raw)
    if (
        parts.scheme
        or parts.netloc
        or not raw.startswith("/")
        or raw.startswith("//")
        or "\\" in raw
        or any(ord(c) < 32 or ord(c) == 127 for c in raw)
    ):
        return None
    if keep_query:
        return raw.split("#", 1)[0]
    return parts.path
