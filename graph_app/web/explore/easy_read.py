"""A record's easy read summary (lo:easyRead, issue 19): short sentences, one idea each, one a line, shown
first on its page in a box headed "Easy read" with a link to the full version, and in the JSON twin."""

from __future__ import annotations

from dataclasses import dataclass

from ...namespaces import LO
from ..core.labels import Label

EASY_READ = LO + "easyRead"


@dataclass
class EasyRead:
    sentences: list[str]  # one idea each, in the order written
    language: str | None  # the text's language tag ("en"): a Welsh page marks an English summary lang="en"


def easy_read(values: dict[str, list[str]]) -> EasyRead | None:
    """The summary in the reader's language (values already picked by language), one sentence a line."""
    texts = values.get(EASY_READ) or []
    if not texts:
        return None
    text = texts[0]
    sentences = [line.strip() for line in str(text).splitlines() if line.strip()]
    language = text.lang if isinstance(text, Label) else None
    return EasyRead(sentences, language) if sentences else None
