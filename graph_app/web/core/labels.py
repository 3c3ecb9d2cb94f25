"""Names in the reader's language: labels are language-tagged data, so a council adds Polish or Urdu
names as data and pages pick them up, falling back to English."""

from __future__ import annotations

from collections.abc import Iterable

from flask import g, request
from pyoxigraph import Literal, NamedNode

from .graph import Graph
from .version_lru import node_answers

DEFAULT_LANGUAGE = "en"
LANGUAGE_COOKIE = "se7_lang"  # set by language_choice.py when the reader follows a language link


def reader_languages() -> list[str]:
    """The browser's languages in order of preference (primary subtags), then English (worked out once
    per request: a page asks dozens of times)."""
    if "reader_languages" not in g:
        g.reader_languages = _reader_languages()
    return list(g.reader_languages)


def _reader_languages() -> list[str]:
    """?lang= first, then the language chosen on an earlier page (its cookie), then the browser's."""
    preferred = [
        chosen.lower()
        for chosen in (request.args.get("lang", ""), request.cookies.get(LANGUAGE_COOKIE, ""))
        if chosen.isalpha() and len(chosen) <= 8
    ]
    preferred += [lang.split("-")[0].lower() for lang, _q in request.accept_languages]
    ordered = []
    for lang in [*preferred, DEFAULT_LANGUAGE]:
        if lang and lang not in ordered:
            ordered.append(lang)
    return ordered


class Label(str):
    """A text from the data (a name, a definition, a description, a statement...) that knows its
    language, so a page can mark a text that is not in the page's language (WCAG 2.2 SC 3.1.2, Language
    of Parts: `lang_attr` and `lang_span` in i18n.py). Any string operation gives a plain str: code that
    reshapes a text keeps its language with `same_language`."""

    lang: str

    def __new__(cls, text: str, lang: str = DEFAULT_LANGUAGE) -> Label:
        label = super().__new__(cls, text)
        label.lang = lang or DEFAULT_LANGUAGE
        return label

    def __reduce__(self) -> tuple:  # copies (dataclasses.asdict) and pickles keep the language
        return (Label, (str(self), self.lang))


def same_language(text: str, source: object) -> str:
    """`text` (made from `source`: a paragraph of it, a join of its values) in `source`'s language."""
    lang = getattr(source, "lang", None)
    return Label(text, lang) if lang else text


def literal_text(value: Literal) -> str:
    """A literal's text, knowing its language when it is text (tagged, or an untagged string: English);
    numbers, dates and other typed values stay plain str (they have no language)."""
    if value.language:
        return Label(value.value, value.language.split("-")[0].lower())
    datatype = value.datatype.value if value.datatype else ""
    return Label(value.value) if not datatype or datatype.endswith("#string") else value.value


def pick(labels: dict[str, str], languages: list[str]) -> Label | None:
    """The label in the first language that has one; untagged text counts as English."""
    for lang in languages:
        if lang in labels:
            return Label(labels[lang], lang)
    for lang, text in labels.items():
        return Label(text, lang)
    return None


def is_iri(text: str) -> bool:
    """Whether the text is an absolute IRI (form values and URL parameters may be anything)."""
    try:
        NamedNode(text)
    except ValueError:
        return False
    return True


def label_map(graph: Graph, iris: Iterable[str], languages: list[str] | None = None) -> dict[str, str]:
    """IRI -> name in the reader's language, for many nodes in one query. Names already read in this store
    version come from the version's name cache (a page names the same councils, topics and needs as the last
    page); only the others are asked for."""
    unique = sorted(set(iris))
    if not unique:
        return {}
    languages = languages or reader_languages()
    cache = node_answers(graph, "names")
    known, missing = cache.lookup(unique)
    nodes = [NamedNode(i) for i in missing if is_iri(i)]  # a value typed into a form may be no IRI at all
    if nodes:
        found: dict[str, dict[str, str]] = {}
        for row in graph.library.select(graph.store, "navigate/labels", node=nodes):
            literal = row["label"]
            language = literal.language if isinstance(literal, Literal) else None
            found.setdefault(row["node"].value, {})[language or DEFAULT_LANGUAGE] = literal.value
        cache.keep({node.value: found.get(node.value, {}) for node in nodes})
        known.update(found)
    # in the order the query gives them (one node after another, as listed)
    return {iri: pick(known[iri], languages) or iri for iri in unique if known.get(iri)}
