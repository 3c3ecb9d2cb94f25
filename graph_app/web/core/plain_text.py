"""Plain text as families read it: paragraphs from text written with empty lines between them. The text is
never markup: templates escape each paragraph, so anything a writer types shows as typed."""

from __future__ import annotations

import re

from .labels import same_language

_BREAK = re.compile(r"\n[ \t]*\n+")


def paragraphs(text: str) -> list[str]:
    """The paragraphs of a text (an empty line between two), each with its lines joined by a space."""
    parts = _BREAK.split((text or "").replace("\r\n", "\n").replace("\r", "\n"))
    found = [" ".join(line.strip() for line in part.split("\n") if line.strip()) for part in parts if part.strip()]
    return [same_language(part, text) for part in found]  # each paragraph in the text's language (labels.Label)
