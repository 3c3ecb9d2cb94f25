"""Words a gap query returns as cell values, not names from the data (council_content.rq's "What needs
doing"). The query keeps them in English, as the code its CSV, JSON and tests read; a page shows each
through the catalogue (commission/gaps_macros.html), so a Welsh or Polish reader sees their language.
A new word a query returns goes here too: tests/test_professional_pages_translated.py checks that every
value of such a column is one of these."""

from __future__ import annotations


def N_(text: str) -> str:  # noqa: N802 - gettext's name for a marker (tests/test_strings_catalogue.py finds it)
    return text


ROW_WORDS: frozenset[str] = frozenset(
    {
        N_("No statement yet"),
        N_("Past its review date"),
    }
)
# the columns whose values are these words, per analysis
WORD_COLUMNS: dict[str, tuple[str, ...]] = {"council_content": ("problem",)}
