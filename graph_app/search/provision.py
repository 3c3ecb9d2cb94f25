"""Resource bases and SEN units in search (issue 14): whether the words typed ask for one, and the line a
result shows ("Resource base for hearing impairment, 6 places") so a family can judge it without opening it.

The provision's names and the needs it is for are searchable through the build (queries/search/texts.rq,
field "provision"); this module only reads the question and writes the line."""

from __future__ import annotations

from .text import stem, terms, words

# what families and councils call a resource base or SEN unit; a query holding one of these phrases (its
# words next to each other, after stemming) asks for settings that have one
PROVISION_PHRASES = (
    "resource base",
    "resourced provision",
    "resource provision",
    "specialist resource provision",
    "specialist resource base",
    "specialist resource",
    "SRP",
    "SEN unit",
    "SEND unit",
    "special educational needs unit",
    "specialist unit",
    "hearing unit",
    "deaf unit",
    "autism unit",
    "autism base",
)
_PHRASE_TERMS = tuple(" " + " ".join(terms(p, keep_stop_words=True)) + " " for p in PROVISION_PHRASES)
_PHRASE_STEMS = sorted((tuple(terms(p, keep_stop_words=True)) for p in PROVISION_PHRASES), key=len, reverse=True)


def asks_for_provision(text: str) -> bool:
    """Whether the words typed ask for a resource base or SEN unit ("resource base for hearing impairment")."""
    typed = " " + " ".join(terms(text, keep_stop_words=True)) + " "
    return any(phrase in typed for phrase in _PHRASE_TERMS)


def without_provision_words(text: str) -> str:
    """The words typed without those naming a resource base or SEN unit: once the filter keeps only
    settings that have one, "hearing impairment" is what is left to match, so an SEN unit for hearing
    impairment is found as well as a resource base for it ("" when nothing else was typed)."""
    typed = words(text)
    stems = [stem(w) for w in typed]
    kept: list[str] = []
    position = 0
    while position < len(typed):
        phrase = next((p for p in _PHRASE_STEMS if tuple(stems[position : position + len(p)]) == p), None)
        if phrase:
            position += len(phrase)
        else:
            kept.append(typed[position])
            position += 1
    return " ".join(kept)


def _need_name(label: str) -> str:
    """A need's name inside a sentence: "hearing impairment", but "ADHD" stays as it is."""
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


def provision_line(kind_name: str, needs: list[str], capacity: int | None) -> str:
    """ "Resource base for hearing impairment, 6 places": the provision, its needs (in name order) and places."""
    names = sorted(_need_name(n) for n in needs)
    line = kind_name
    if names:
        line += " for " + (", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0])
    if capacity:
        line += f", {capacity} {'place' if capacity == 1 else 'places'}"
    return line
