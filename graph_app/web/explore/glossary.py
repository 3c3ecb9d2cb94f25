"""The glossary of acronyms and terms (data/glossary.ttl), its page, and the `abbr` filter that explains
each known acronym on its first use on a page.

Using the filter in a template: `{{ text|abbr }}` escapes the text and wraps the first use on the page of
each acronym in `<abbr title="long form">`. It accepts Markup too (only the text between tags is touched,
never inside an existing <abbr>, <code> or <pre>). "First use" is tracked per request, so write the filter on
every piece of text families read (names, descriptions, answers), in page order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from flask import Blueprint
from markupsafe import Markup, escape
from pyoxigraph import NamedNode

from ..core.context_globals import request_globals
from ..core.graph import get_graph
from ..core.labels import DEFAULT_LANGUAGE, Label, label_map, reader_languages
from ..core.links import node_link
from ..core.twin import respond, twin_route

glossary = Blueprint("glossary", __name__)

SCHEME_SLUG = "scheme/glossary"
TERM_PREFIX = "glossary/"
# text inside these elements is never marked up
_SKIP_INSIDE = {"abbr", "code", "pre", "script", "style", "title", "textarea", "option"}
_TAG = re.compile(r"(<[^<>]*>)")  # not [^>]*: quadratic on many "<" without ">"
_TAG_NAME = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9]*)")


@dataclass
class Term:
    iri: str
    slug: str
    labels: dict[str, str] = field(default_factory=dict)  # language -> short form (skos:prefLabel)
    long_forms: dict[str, str] = field(default_factory=dict)  # language -> long form (skos:altLabel)
    definitions: dict[str, str] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    see_also: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)

    @property
    def is_abbreviation(self) -> bool:
        """A one-word short form with a capital letter and a long form: EHC, SpLD, Ofsted (not 'EHC plan')."""
        short = self.labels.get(DEFAULT_LANGUAGE, "")
        return bool(self.long_forms) and " " not in short and any(c.isupper() for c in short)


@dataclass(frozen=True)
class Glossary:
    terms: dict[str, Term]  # slug -> term
    pattern: re.Pattern | None  # every abbreviation's short form, longest first
    by_short_form: dict[str, Term]


def load_glossary() -> Glossary:
    """Every term, in every language, read once per store version."""
    graph = get_graph()
    return graph.memo("glossary", lambda: _read_glossary(graph))


def _read_glossary(graph) -> Glossary:
    scheme = NamedNode(graph.id_base + SCHEME_SLUG)
    terms: dict[str, Term] = {}
    term_base = graph.id_base + TERM_PREFIX
    for row in graph.library.select(graph.store, "navigate/glossary_terms", scheme=scheme):
        iri = row["term"].value
        term = terms.setdefault(iri, Term(iri, iri[len(term_base) :] if iri.startswith(term_base) else iri))
        name, value = row["field"].value, row["value"]
        language = getattr(value, "language", None) or DEFAULT_LANGUAGE
        if name == "prefLabel":
            term.labels[language] = value.value
        elif name == "altLabel":
            term.long_forms.setdefault(language, value.value)
        elif name == "definition":
            term.definitions[language] = value.value
        elif name in ("source", "seeAlso", "related"):
            getattr(term, {"source": "sources", "seeAlso": "see_also", "related": "related"}[name]).append(value.value)
    by_short = {label: term for term in terms.values() if term.is_abbreviation for label in term.labels.values()}
    words = sorted(by_short, key=lambda s: (-len(s), s))
    pattern = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, words)) + r")(?!\w)") if words else None
    return Glossary({t.slug: t for t in terms.values()}, pattern, by_short)


def pick(values: dict[str, str], languages: list[str]) -> tuple[str, str] | None:
    """(language, text) in the first of the reader's languages that has one, else any."""
    for lang in languages:
        if lang in values:
            return lang, values[lang]
    return next(iter(values.items()), None)


def abbr(text: object) -> Markup:
    """Escape `text` and wrap the first use on this page of each known acronym in <abbr title>."""
    html = text if isinstance(text, Markup) else escape("" if text is None else str(text))
    kept = request_globals()
    if kept is None:
        return Markup(html)
    state = getattr(kept, "_abbr_state", None)
    if state is None:  # once per request: a page calls this ~100 times, and the memo look-up was most of it
        state = kept._abbr_state = (_glossary_or_none(), kept.setdefault("abbr_seen", set()), reader_languages())
    found, seen, languages = state
    if found is None or found.pattern is None or not found.pattern.search(html):
        return Markup(html)  # no acronym in it (most texts): nothing to wrap, nothing seen

    def wrap(match: re.Match) -> str:
        short = match.group(1)
        term = found.by_short_form[short]
        if term.iri in seen:
            return short
        seen.add(term.iri)
        _lang, long_form = pick(term.long_forms, languages)
        return f'<abbr title="{escape(long_form)}">{short}</abbr>'

    out, open_skips = [], []
    for part in _TAG.split(str(html)):
        if part.startswith("<"):
            tag = _TAG_NAME.match(part)
            name = tag.group(2).lower() if tag else ""
            if name in _SKIP_INSIDE and not part.endswith("/>"):
                if not tag.group(1):
                    open_skips.append(name)
                elif name in open_skips:
                    del open_skips[len(open_skips) - 1 - open_skips[::-1].index(name)]
        elif open_skips:
            if open_skips[-1] == "abbr":  # already explained by the author: that was the first use
                seen.update(found.by_short_form[m.group(1)].iri for m in found.pattern.finditer(part))
        elif part:
            part = found.pattern.sub(wrap, part)
        out.append(part)
    return Markup("".join(out))


def _glossary_or_none() -> Glossary | None:
    try:
        return load_glossary()
    except Exception:  # no build yet: show the text unchanged rather than fail the page
        return None


@twin_route(glossary, "/glossary")
def index() -> object:
    """Every term A to Z, with anchors (/glossary#ehc-plan), in the reader's language where one exists."""
    graph = get_graph()
    languages = reader_languages()
    found = load_glossary()
    linked = {iri for t in found.terms.values() for iri in [*t.sources, *t.see_also] if iri.startswith(graph.id_base)}
    names = label_map(graph, linked, languages)
    by_iri = {t.iri: t for t in found.terms.values()}
    entries = []
    for term in found.terms.values():
        label_lang, label = pick(term.labels, languages) or (DEFAULT_LANGUAGE, term.slug)
        long_form = pick(term.long_forms, languages)
        definition = pick(term.definitions, languages)
        entries.append(
            {
                "slug": term.slug,
                "iri": term.iri,
                "label": label,
                "label_language": label_lang,
                "long_form": long_form[1] if long_form else None,
                "long_form_language": long_form[0] if long_form else None,
                "definition": definition[1] if definition else "",
                "definition_language": definition[0] if definition else None,
                "related": [
                    {"slug": by_iri[i].slug, "label": Label(*reversed(pick(by_iri[i].labels, languages)))}
                    for i in term.related
                    if i in by_iri
                ],
                "see_also": [_link(i, names, graph.id_base) for i in term.see_also],
                "sources": [_link(i, names, graph.id_base) for i in term.sources],
            }
        )
    entries.sort(key=lambda e: (e["label"].casefold(), e["slug"]))
    letters: dict[str, list[dict]] = {}
    for entry in entries:
        first = entry["label"][:1].upper()
        letters.setdefault(first if first.isalpha() else "#", []).append(entry)
    return respond("explore/glossary.html", terms=entries, letters=letters, title="Glossary")


def _link(iri: str, names: dict[str, str], id_base: str) -> dict[str, str | None]:
    """A source or see-also: our own node page where there is one, else the outside page by its site name."""
    if iri.startswith(id_base):
        link = node_link(iri, names.get(iri, iri), id_base)
        return {"iri": iri, "label": link.label, "url": link.url}
    return {"iri": iri, "label": urlsplit(iri).netloc.removeprefix("www.") or iri, "url": iri}


def init_app(app) -> None:
    app.add_template_filter(abbr, "abbr")
    # read by the gap warm-up as soon as it notices a new store version (issue 20: ~0.1 s a page need not pay)
    app.extensions.setdefault("version_setup", []).append(lambda graph: load_glossary())
