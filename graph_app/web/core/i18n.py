"""Interface strings in the reader's language, from gettext catalogues, with each language's plural rules.

Catalogues are translations/{language}/LC_MESSAGES/messages.po (Flask-Babel's layout). A msgid is the key
templates and Python pass to `_()` / `translate()`, mostly the English text itself; `{name}` placeholders
are filled from keyword arguments. en is complete; another catalogue may leave msgstr empty, and those
strings fall back to English. A council adds a language by adding a .po file (and language-tagged labels
to the data): no code changes. An unknown key is shown as itself, so `_("Plain text")` works too.

Counts go through `_n(singular, plural, n)` (`translate_plural`): the catalogue's Plural-Forms header
picks the form (English 2, Polish 3, Welsh 6), evaluated by Python's gettext, not by code here.

Why compile in memory: each .po is read with Babel and compiled to .mo bytes when the app starts (about
0.1 s for all three, once per process, measured on 2 busy shared cores: reading 50-95 ms, compiling 12 ms);
no .mo is committed or built by `make install`. A compiled file beside its source drifts silently (an
edited .po shows the old text until someone recompiles), and a deployment from a clone would need the
extra step; the .po is the one truth.

Flask-Babel chooses the locale with `interface_language()` (below), so `flask_babel.get_locale()` and its
gettext functions agree with `_()`; its Jinja set-up is off because `_` here takes `{name}` placeholders
and the Markup rule of `translate()`, not gettext's `%(name)s`.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations
from flask import Flask, Response
from flask_babel import Babel, Domain, get_locale  # type: ignore[import-untyped]
from markupsafe import Markup, escape

from .context_globals import app_globals, request_globals
from .labels import DEFAULT_LANGUAGE, Label, reader_languages

TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "translations"  # graph_app/web/translations
DOMAIN = "messages"
# the name of each language in that language, for the language links; a new catalogue adds itself
NATIVE_NAME_KEY = "language.native_name"


@cache
def catalogues() -> dict[str, Catalog]:
    """Every catalogue, by language code (its folder name), read once per process."""
    found = {}
    for path in sorted(TRANSLATIONS_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        language = path.parent.parent.name
        with path.open("rb") as po:
            found[language] = read_po(po, locale=language, domain=DOMAIN)
    return found


def is_translated(message: Message) -> bool:
    """Every form of the message has text and no translator flagged it fuzzy (unsure)."""
    forms = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
    return not message.fuzzy and all(forms)


def message_ids(catalog: Catalog) -> set[str]:
    """The keys of a catalogue (a plural message by its singular msgid), without the header."""
    return {message.id if isinstance(message.id, str) else message.id[0] for message in catalog if message.id}


def translated_ids(catalog: Catalog) -> set[str]:
    return {key for key in message_ids(catalog) if is_translated(catalog[key])}


def compile_catalogue(catalog: Catalog) -> Translations:
    """The catalogue as gettext reads it, with only its translated messages. write_mo alone would keep an
    untranslated plural message and fill its forms with msgid, msgid_plural, msgid_plural...: in Welsh,
    whose form for 1 is the second, that prints "1 results"; left out, English's own rule answers."""
    kept = Catalog(locale=catalog.locale, domain=DOMAIN)
    kept.mime_headers = catalog.mime_headers  # with its Plural-Forms
    for message in catalog:
        if message.id and is_translated(message):
            kept[message.id] = message
    mo = io.BytesIO()
    write_mo(mo, kept)
    mo.seek(0)
    return Translations(mo, domain=DOMAIN)


def compile_all(books: dict[str, Catalog]) -> dict[str, Translations]:
    """Each catalogue compiled, every language falling back to English for what it leaves out."""
    compiled = {language: compile_catalogue(catalog) for language, catalog in books.items()}
    english = compiled.get(DEFAULT_LANGUAGE)
    for language, book in compiled.items():
        if english is not None and language != DEFAULT_LANGUAGE:
            book.add_fallback(english)
    return compiled


@cache
def translations() -> dict[str, Translations]:
    return compile_all(catalogues())


def complete_languages() -> set[str]:
    """Languages whose catalogue translates every string of the English one. Only these can be a page's
    interface language: with a partial catalogue a page would be mostly English under a Polish <html lang>,
    so until a translation is complete the interface stays English (names and definitions from the data
    still come in the reader's language, each marked with its own lang attribute)."""
    books = catalogues()
    if _complete[0] is not books:  # worked out once per set of catalogues (milliseconds, not per request)
        english = message_ids(books[DEFAULT_LANGUAGE]) if DEFAULT_LANGUAGE in books else set()
        found = {code for code, book in books.items() if code == DEFAULT_LANGUAGE or english <= translated_ids(book)}
        _complete[:] = [books, frozenset(found)]
    return set(_complete[1])


_complete: list = [None, frozenset()]  # [the catalogues, their complete languages]


def interface_language() -> str:
    """The reader's first language with a complete catalogue, else English: the language every
    interface string on the page is in, so the page's <html lang>. Flask-Babel's locale selector."""
    kept = request_globals()
    if kept is None:
        return DEFAULT_LANGUAGE
    language = getattr(kept, "interface_language", None)
    if language is None:
        available = complete_languages()
        language = next((lang for lang in reader_languages() if lang in available), DEFAULT_LANGUAGE)
        kept.interface_language = language
    return language


def current_translations() -> Translations:
    """The compiled catalogue of Flask-Babel's locale (English outside an app context). Kept on `g` with
    the locale object and the catalogues it came from: a page calls this ~300 times, and asking Flask-Babel
    each time (three context look-ups and a locale name built) was a tenth of a node page's rendering. A
    locale switched by force_locale or refresh, or catalogues swapped, is a different object: looked up again."""
    books = translations()
    context = app_globals()
    if context is None:
        return books.get(DEFAULT_LANGUAGE) or books[DEFAULT_LANGUAGE]
    kept = getattr(context, "_catalogue_kept", None)
    if kept is not None and kept[1] is books:
        babel = getattr(context, "_flask_babel", None)  # where Flask-Babel keeps its locale for this context
        if babel is not None and getattr(babel, "babel_locale", None) is kept[0]:
            return kept[2]
    locale = get_locale()
    book = books.get(str(locale) if locale else DEFAULT_LANGUAGE) or books[DEFAULT_LANGUAGE]
    context._catalogue_kept = (locale, books, book)
    return book


def lang_attr(text: object) -> Markup:
    """` lang="xx"` for a name (labels.Label) in another language than the page's, else nothing: put it
    inside the tag that holds the name, `<a href="..."{{ name|lang_attr }}>{{ name }}</a>`. A plain str is
    the page's own (interface) text: nothing."""
    lang = getattr(text, "lang", None)
    if not lang or lang == interface_language():
        return Markup("")
    return Markup(' lang="{}"').format(lang)


def lang_span(text: object, shown: object = None) -> Markup:
    """A text from the data inside a sentence of the interface or beside other words: `<span lang="xx">`
    around it when its language is not the page's, else the text alone (escaped). `shown` is what to
    print when it differs from `text` (the text through |abbr, say): `{{ name|lang_span(name|abbr) }}`."""
    body = escape(text if shown is None else shown)
    attr = lang_attr(text)
    return Markup("<span{}>{}</span>").format(attr, body) if attr else Markup(body)


def english(text: object) -> object:
    """A text known to be English data that lost its language on the way (the gap analyses are worked out
    once per store version, in English, for every reader, and kept as JSON): a labels.Label in English, so
    `lang_attr` and `lang_span` mark it on a Welsh page. Anything else (numbers, Labels) as it is."""
    return Label(text) if isinstance(text, str) and not isinstance(text, (Label, Markup)) else text


def lang_of(texts: object) -> Markup:
    """`lang_attr` for an element that holds several texts (a list, a row's texts): the language they
    share when it is not the page's."""
    firsts = {getattr(text, "lang", None): text for text in texts or ()}  # type: ignore[attr-defined]
    return lang_attr(next(iter(firsts.values()))) if len(firsts) == 1 else Markup("")


def _fill(text: str, values: dict[str, object]) -> str:
    """`{name}` placeholders filled; when a value is Markup (a link, say) the result is Markup with the
    string and every other value escaped."""
    if not values:
        return text
    if any(hasattr(value, "__html__") for value in values.values()):
        return escape(text).format(**values)
    return text.format(**values)


def translate(key: str, **values: object) -> str:
    """The string for `key` in the page's language, else in English, else the key itself."""
    return _fill(current_translations().gettext(key), values)


def translate_plural(singular: str, plural: str, n: int, **values: object) -> str:
    """The form of a counted string that the page's language uses for `n` (msgid `singular`, msgid_plural
    `plural`); `{count}` is n unless given. Template: `_n("{count} result", "{count} results", total)`."""
    values.setdefault("count", n)
    return _fill(current_translations().ngettext(singular, plural, n), values)


def N_(key: str) -> str:  # noqa: N802 - gettext's name for a marker, known to extractors
    """Marks a string kept in a table for translation later (`translate(TABLE[x])`): returns it unchanged,
    and the catalogue test finds it."""
    return key


class _CatalogueDomain(Domain):
    """Flask-Babel's gettext functions read the catalogues compiled here, not .mo files."""

    def get_translations(self) -> Translations:
        return current_translations()


class _Babel(Babel):
    @property
    def domain_instance(self) -> Domain:
        return _DOMAIN


_DOMAIN = _CatalogueDomain(translation_directories=[str(TRANSLATIONS_DIR)], domain=DOMAIN)


def _say_language(response: Response) -> Response:
    """Caches and readers learn that the page depends on the reader's language."""
    if response.mimetype == "text/html":
        response.headers.setdefault("Content-Language", interface_language())
    response.vary.add("Accept-Language")
    return response


def init_app(app: Flask) -> None:
    translations()  # read and compile now: a broken .po stops the start, and no request waits for it
    _Babel(configure_jinja=False).init_app(
        app,
        default_locale=DEFAULT_LANGUAGE,
        default_domain=DOMAIN,
        default_translation_directories=str(TRANSLATIONS_DIR),
        locale_selector=interface_language,
    )
    app.add_template_global(translate, "_")
    app.add_template_global(translate_plural, "_n")
    app.add_template_global(interface_language, "page_language")
    app.add_template_filter(lang_attr, "lang_attr")
    app.add_template_filter(lang_span, "lang_span")
    app.add_template_filter(lang_of, "lang_of")
    app.add_template_filter(english, "english")
    app.after_request(_say_language)
