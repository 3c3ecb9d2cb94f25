"""The reader's choice of language: the links "English · Cymraeg · Polski" on every page, the hreflang
alternates in every page's head, and the cookie that keeps the choice from one page to the next.

A family picks a language by following a link that adds ?lang=xx to the page they are on (no JavaScript,
path and query kept). The answer to that request sets the cookie (labels.LANGUAGE_COOKIE), so the next
page is in the same language without ?lang=; ?lang=en chooses English back over the browser's own
languages. Only a language with a catalogue is remembered, so a made-up ?lang= sets nothing.

The links list every catalogue, complete or not: a family can choose Welsh before every interface string
is translated, and the names and definitions from the data then come in Welsh (the page's <html lang>
stays English until the catalogue is complete: i18n.interface_language).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from flask import Flask, Response, request

from .i18n import NATIVE_NAME_KEY, translations
from .labels import DEFAULT_LANGUAGE, LANGUAGE_COOKIE, reader_languages
from .public_url import absolute

ONE_YEAR = 365 * 24 * 3600
PARAMETER = "lang"


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str  # in the language itself: "Cymraeg"
    href: str  # this page in that language
    current: bool


def catalogue_languages() -> list[str]:
    """Every language with a catalogue, English first."""
    return sorted(translations(), key=lambda code: (code != DEFAULT_LANGUAGE, code))


def chosen_language() -> str:
    """The first of the reader's languages that has a catalogue (what ?lang=, the cookie or the browser
    asked for), else English."""
    available = set(translations())
    return next((lang for lang in reader_languages() if lang in available), DEFAULT_LANGUAGE)


def _query_with(code: str | None) -> str:
    """This page's query string with lang= set to `code` (or taken out: None), every other value kept."""
    values = {key: items for key, items in request.args.to_dict(flat=False).items() if key != PARAMETER}
    if code is not None:
        values[PARAMETER] = [code]
    return urlencode(values, doseq=True)


def language_url(code: str | None) -> str:
    """This page's path and query in language `code` (None: without a language, for x-default)."""
    query = _query_with(code)
    return request.path + ("?" + query if query else "")


def language_links() -> list[LanguageLink]:
    books = translations()
    chosen = chosen_language()
    return [
        LanguageLink(code, books[code].gettext(NATIVE_NAME_KEY), language_url(code), code == chosen)
        for code in catalogue_languages()
    ]


def alternates() -> list[tuple[str, str]]:
    """(hreflang, absolute URL) of this page in each language, then x-default (the page with no lang=)."""
    pairs = [(code, absolute(language_url(code))) for code in catalogue_languages()]
    return [*pairs, ("x-default", absolute(language_url(None)))]


def _remember_choice(response: Response) -> Response:
    """?lang=xx of a language with a catalogue becomes the reader's language for the next pages."""
    code = request.args.get(PARAMETER, "").lower()
    if request.method == "GET" and code in translations() and request.cookies.get(LANGUAGE_COOKIE) != code:
        response.set_cookie(
            LANGUAGE_COOKIE, code, max_age=ONE_YEAR, path="/", samesite="Lax", httponly=True, secure=request.is_secure
        )
    return response


def init_app(app: Flask) -> None:
    app.add_template_global(language_links, "language_links")
    app.add_template_global(alternates, "language_alternates")
    app.after_request(_remember_choice)
