"""The one check of an email address typed into a form (staff accounts, comments, confidential
feedback): deliberately loose, since only sending to it proves an address works."""

from __future__ import annotations

MAX_LENGTH = 254  # RFC 5321's limit on a path


def is_email_address(text: str) -> bool:
    """Something before an @, a dot in the domain after it, no spaces, at most 254 characters."""
    local, at, domain = text.rpartition("@")
    return bool(at and local and "." in domain and len(text) <= MAX_LENGTH and not any(c.isspace() for c in text))


def address_parts(address: str) -> tuple[str, str]:
    """(local part, domain) of an address, split at its last "@" as is_email_address reads it."""
    local, _, domain = address.rpartition("@")
    return local, domain
