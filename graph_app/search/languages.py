"""Search in Welsh and Polish beside English: which analysis a piece of text or a typed word gets.

The index keeps one set of terms per node, whatever the language: an English name is analysed by
text.py (Snowball English), a name, family word or definition tagged @cy or @pl by welsh.py or polish.py.
A query is analysed in English and, for each word, also in the reader's language (and in every language
the index holds when the word is not an English word of the index), so "autyzmem" finds the need whose
Polish name is "Autyzm" and "nghlyw" the one whose Welsh name says "clyw".

In the index a Welsh or Polish term carries its language ("pl_bed", index_term): English and Polish stems
share one full-text table, and unmarked, the Polish "będą" (stem "bed") would answer an English "bed".
A council adding another language adds a module with the same four names (LANGUAGE, STOP_WORDS, terms,
query_forms) here.
"""

from __future__ import annotations

from collections.abc import Iterable
from types import ModuleType

from . import polish, welsh

ANALYSERS: dict[str, ModuleType] = {module.LANGUAGE: module for module in (welsh, polish)}


def primary(tag: str | None) -> str:
    """The primary subtag of a language tag ("cy-GB" -> "cy"); untagged text is English."""
    return (tag or "en").split("-")[0].lower()


def has_analyser(tag: str | None) -> bool:
    return primary(tag) in ANALYSERS


def language_terms(text: str, tag: str) -> list[str]:
    """The search terms of a text in a language with its own analysis (has_analyser)."""
    return ANALYSERS[primary(tag)].terms(text)


def index_term(language: str, term: str) -> str:
    """A Welsh or Polish term as the index holds it: marked with its language, never equal to an English
    term (those are letters and digits only; the full-text table keeps "_" inside a token)."""
    return f"{language}_{term}"


def query_forms(word: str, languages: Iterable[str]) -> list[tuple[str, str]]:
    """(language, term) for each form a typed word may take in each of `languages` (those with an
    analysis): a word that is a stop word there gives none."""
    forms = []
    for language in languages:
        analyser = ANALYSERS.get(language)
        if analyser is not None and word not in analyser.STOP_WORDS:
            forms += [(language, form) for form in analyser.query_forms(word)]
    return forms


def is_stop_in(word: str, languages: Iterable[str]) -> bool:
    """Whether the word says nothing in one of `languages` ("dla", "ei")."""
    return any(word in ANALYSERS[language].STOP_WORDS for language in languages if language in ANALYSERS)
