"""Interface strings in the reader's language.

Strings live in strings/{language}.json (a flat object: key -> text; `{name}` placeholders are filled
from keyword arguments). en.json is complete; any other file may hold only some keys, and the rest fall
back to English. A council adds a language by adding a file here (and language-tagged labels to the data):
no code changes. Templates call `_("key")`; an unknown key is shown as itself, so `_("Plain text")` also
works where no key exists yet.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from flask import Flask, Response, g, has_request_context
from markupsafe import Markup, escape

from .labels import DEFAULT_LANGUAGE, reader_languages

STRINGS_DIR = Path(__file__).resolve().parent.parent / "strings"  # graph_app/web/strings
# the name of each language in that language, for the language links; a new file adds itself
NATIVE_NAME_KEY = "language.native_name"


@cache
def catalogues() -> dict[str, dict[str, str]]:
    """Every strings file, by language code (the file name), read once per process."""
    found = {}
    for path in sorted(STRINGS_DIR.glob("*.json")):
        found[path.stem] = json.loads(path.read_text(encoding="utf-8"))
    return found


def complete_languages() -> set[str]:
    """Languages whose strings file translates every string of en.json. Only these can be a page's
    interface language: with a partial file a page would be mostly English under a Polish <html lang>,
    so until a translation is complete the interface stays English (names and definitions from the data
    still come in the reader's language, each marked with its own lang attribute)."""
    books = catalogues()
    english = set(books.get(DEFAULT_LANGUAGE, {}))
    return {code for code, book in books.items() if code == DEFAULT_LANGUAGE or english <= set(book)}


def interface_language() -> str:
    """The reader's first language with a complete strings file, else English: the language every
    interface string on the page is in, so the page's <html lang>."""
    if not has_request_context():
        return DEFAULT_LANGUAGE
    if "interface_language" not in g:
        available = complete_languages()
        g.interface_language = next((lang for lang in reader_languages() if lang in available), DEFAULT_LANGUAGE)
    return g.interface_language


def lang_attr(text: object) -> Markup:
    """` lang="xx"` for a name (labels.Label) in another language than the page's, else nothing: put it
    inside the tag that holds the name, `<a href="..."{{ name|lang_attr }}>{{ name }}</a>`."""
    lang = getattr(text, "lang", None)
    if not lang or lang == interface_language():
        return Markup("")
    return Markup(' lang="{}"').format(lang)


def translate(key: str, **values: object) -> str:
    """The string for `key` in the page's language, else in English, else the key itself. `{name}`
    placeholders are filled from `values`; when a value is Markup (a link, say) the result is Markup
    with the string and every other value escaped."""
    books = catalogues()
    text = books.get(interface_language(), {}).get(key)
    if text is None:
        text = books.get(DEFAULT_LANGUAGE, {}).get(key, key)
    if not values:
        return text
    if any(hasattr(value, "__html__") for value in values.values()):
        return escape(text).format(**values)
    return text.format(**values)


def languages_offered() -> list[tuple[str, str]]:
    """(code, native name) of every language the interface is complete in, English first."""
    books = catalogues()
    codes = sorted(complete_languages(), key=lambda code: (code != DEFAULT_LANGUAGE, code))
    return [(code, books[code].get(NATIVE_NAME_KEY, code)) for code in codes]


def _say_language(response: Response) -> Response:
    """Caches and readers learn that the page depends on the reader's language."""
    if response.mimetype == "text/html":
        response.headers.setdefault("Content-Language", interface_language())
    response.vary.add("Accept-Language")
    return response


def init_app(app: Flask) -> None:
    app.add_template_global(translate, "_")
    app.add_template_global(interface_language, "page_language")
    app.add_template_global(languages_offered, "languages_offered")
    app.add_template_filter(lang_attr, "lang_attr")
    app.after_request(_say_language)
