"""Interface strings in the reader's language (translations/*/LC_MESSAGES/messages.po), with English where
a string has no translation, each language's plural forms, and <html lang> saying which language the
page's interface is in."""

import copy
import re

import pytest
from babel.messages.pofile import read_po
from markupsafe import Markup, escape

from graph_app.web.core import i18n
from graph_app.web.core.i18n import (
    TRANSLATIONS_DIR,
    catalogues,
    compile_all,
    message_ids,
    translate,
    translate_plural,
)
from graph_app.web.core.page_cache import PageCache

UNTRANSLATED = "Skip to main content"  # the string a partial catalogue leaves out in these tests


def html_lang(html: str) -> str:
    return re.search(r'<html lang="([^"]+)"', html).group(1)


def completed(catalog, prefix):
    """A copy of a catalogue with every untranslated message filled in as PREFIX + the English text."""
    english = catalogues()["en"]
    done = copy.deepcopy(catalog)
    for key in message_ids(english):
        if key in done and i18n.is_translated(done[key]):
            continue
        source = english[key]
        if isinstance(source.id, tuple):
            text = tuple(prefix + source.string[min(i, 1)] for i in range(done.num_plurals))
        else:
            text = prefix + source.string
        if key in done:
            done[key].string = text  # Catalog.add keeps an existing message's text
        else:
            done.add(source.id, text)
    return done


def use_catalogues(monkeypatch, books):
    monkeypatch.setattr(i18n, "catalogues", lambda: books)
    compiled = compile_all(books)
    monkeypatch.setattr(i18n, "translations", lambda: compiled)


@pytest.fixture
def complete_polish(monkeypatch, app):
    """Catalogues for Polish and Welsh that translate every string (the real ones are partial): the
    catalogues as a council would have them once a translation is finished. Catalogues are read at start
    in a real deployment, so pages kept by the page cache before the change are set aside meanwhile."""
    if "page_cache" in app.extensions:
        monkeypatch.setitem(app.extensions, "page_cache", PageCache(app.extensions["page_cache"].max_bytes))
    books = dict(catalogues())
    books["pl"] = completed(books["pl"], "PL ")
    books["cy"] = completed(books["cy"], "CY ")
    use_catalogues(monkeypatch, books)
    return {key: books["pl"][key].string for key in message_ids(books["pl"])}


def partial(catalog, key=UNTRANSLATED):
    """A copy of a catalogue with one message's translation taken out: a translation not finished yet."""
    left = copy.deepcopy(catalog)
    left[key].string = tuple("" for _ in left[key].string) if isinstance(left[key].id, tuple) else ""
    return left


@pytest.fixture
def partial_translations(monkeypatch, app):
    """The real Polish and Welsh catalogues, each with one string left untranslated (the real ones are
    complete): the catalogues as they are while a translation is under way."""
    if "page_cache" in app.extensions:
        monkeypatch.setitem(app.extensions, "page_cache", PageCache(app.extensions["page_cache"].max_bytes))
    books = dict(catalogues())
    books["pl"] = partial(books["pl"])
    books["cy"] = partial(books["cy"])
    use_catalogues(monkeypatch, books)
    return books


@pytest.mark.parametrize("language, accept", [("pl", "pl-PL,pl;q=0.9,en;q=0.5"), ("cy", "cy-GB,cy")])
def test_a_partial_translation_leaves_the_interface_in_english(client, partial_translations, language, accept):
    """A catalogue that lacks even one string: a page in Polish would be partly English under
    <html lang="pl">, so the interface stays English and says so."""
    theirs = partial_translations[language]["Search, in your own words"].string
    assert theirs and language not in i18n.complete_languages()
    response = client.get("/glossary", headers={"Accept-Language": accept})
    html = response.get_data(as_text=True)
    assert html_lang(html) == "en" and response.headers["Content-Language"] == "en"
    assert UNTRANSLATED in html and str(escape(theirs)) not in html


def test_a_complete_translation_is_the_page_language(client, complete_polish):
    html = client.get("/glossary", headers={"Accept-Language": "pl-PL,pl;q=0.9,en;q=0.5"}).get_data(as_text=True)
    assert html_lang(html) == "pl"
    assert complete_polish["Skip to main content"] in html
    assert "Skip to main content" not in html


def test_names_in_another_language_than_the_page_carry_their_own_lang(client, partial_translations):
    """The interface is English (Polish is partial) but the data has a Polish name: it is shown, marked."""
    html = client.get("/id/glossary/local-offer", headers={"Accept-Language": "pl"}).get_data(as_text=True)
    assert html_lang(html) == "en"
    assert re.search(r'<h1 class="govuk-heading-xl" lang="pl">Lokalna oferta', html)
    english = client.get("/id/glossary/local-offer").get_data(as_text=True)
    assert re.search(r'<h1 class="govuk-heading-xl">Local Offer', english)  # same language: nothing added
    # the language links under the header name each language in itself: the rest adds nothing
    body = re.sub(r'<a [^>]*hreflang="[^"]+"[^>]*>', "", english.split("<body", 1)[1])
    assert ' lang="en"' not in body


def test_an_english_name_on_a_page_in_another_language_is_marked_english(client, complete_polish):
    # a sample service: its name is in English only (needs and glossary terms have Polish names)
    page = "/id/service/send-advice-drop-in-brighton-and-hove"
    html = client.get(page, headers={"Accept-Language": "pl"}).get_data(as_text=True)
    assert html_lang(html) == "pl"
    assert re.search(r'<h1 class="govuk-heading-xl" lang="en">', html)


def test_english_is_the_default(client):
    html = client.get("/glossary").get_data(as_text=True)
    assert html_lang(html) == "en"
    assert "Skip to main content" in html


def test_lang_parameter_comes_before_the_browser(client, complete_polish):
    html = client.get("/glossary?lang=cy", headers={"Accept-Language": "pl"}).get_data(as_text=True)
    assert html_lang(html) == "cy"
    assert str(escape(i18n.catalogues()["cy"]["Skip to main content"].string)) in html


def test_a_language_without_a_catalogue_gives_english(client):
    response = client.get("/glossary", headers={"Accept-Language": "ur, fr;q=0.8"})
    assert html_lang(response.get_data(as_text=True)) == "en"
    assert response.headers["Content-Language"] == "en"
    assert "Accept-Language" in response.headers["Vary"]


def test_error_pages_are_translated_too(client, complete_polish):
    response = client.get("/no-such-page", headers={"Accept-Language": "pl"})
    assert response.status_code == 404
    assert complete_polish["Page not found"] in response.get_data(as_text=True)


def test_unknown_keys_show_as_themselves_and_placeholders_are_filled(app, complete_polish):
    with app.test_request_context("/", headers={"Accept-Language": "pl"}):
        assert translate("A sentence nobody has translated") == "A sentence nobody has translated"
        expected = complete_polish["Your area: {name}"].format(name="Kent")
        assert translate("Your area: {name}", name="Kent") == expected


def test_markup_values_are_kept_and_the_rest_escaped(app):
    from markupsafe import Markup

    with app.test_request_context("/"):
        out = translate("Your area: {name}", name=Markup("<b>Kent</b>"))
        escaped = translate("Your area: {name}", name="<b>Kent</b>")
    assert "<b>Kent</b>" in out
    assert escaped == "Your area: <b>Kent</b>" and not hasattr(escaped, "__html__")  # plain str: Jinja escapes it


CATALOGUE_FILES = sorted(TRANSLATIONS_DIR.glob("*/LC_MESSAGES/messages.po"))
PLURAL_FORMS = {"en": 2, "pl": 3, "cy": 6}  # CLDR / gettext: Polish one-few-many, Welsh zero-one-two-few-many-other


def _placeholders(text):
    return set(re.findall(r"\{(\w+)\}", text))


@pytest.mark.parametrize("path", CATALOGUE_FILES, ids=lambda p: p.parent.parent.name)
def test_every_catalogue_is_valid_and_only_translates_known_strings(path):
    language = path.parent.parent.name
    with path.open("rb") as po:
        book = read_po(po, locale=language)
    english = catalogues()["en"]
    assert book.get(i18n.NATIVE_NAME_KEY) and book[i18n.NATIVE_NAME_KEY].string, f"{language} must name its language"
    assert "Plural-Forms" in dict(book.mime_headers), f"{language} must say its plural rule"
    if language in PLURAL_FORMS:
        assert book.num_plurals == PLURAL_FORMS[language]
    unknown = message_ids(book) - message_ids(english)
    assert not unknown, f"{language} translates strings the English catalogue does not have: {sorted(unknown)[:5]}"
    for key in message_ids(book):
        message, source = book[key], english[key]
        assert isinstance(message.id, tuple) == isinstance(source.id, tuple), f"{key!r}: plural in one catalogue only"
        if isinstance(message.id, tuple):
            assert message.id == source.id, key
            assert len(message.string) == book.num_plurals, f"{key!r} needs {book.num_plurals} forms"
            wanted = _placeholders(source.id[1])
            assert all(_placeholders(form) <= wanted | {"count"} for form in message.string if form), key
        elif message.string:
            assert _placeholders(message.string) == _placeholders(source.string), key


def _with_test_message(language):
    """The real catalogues plus one counted message whose form i reads "form i: {count}", compiled the
    way the app compiles them, so the choice of form comes from the real Plural-Forms header."""
    books = dict(i18n.catalogues())  # as the app has them now (a test may have completed one)
    book = copy.deepcopy(books[language])
    book.add(
        ("{count} test apple", "{count} test apples"), tuple(f"form {i}: {{count}}" for i in range(book.num_plurals))
    )
    books[language] = book
    return books


@pytest.mark.parametrize(
    "language, counts",
    [
        ("en", {1: 0, 2: 1, 0: 1}),
        ("pl", {1: 0, 2: 1, 5: 2, 22: 1, 25: 2, 12: 2, 0: 2, 104: 1, 111: 2}),
        ("cy", {0: 0, 1: 1, 2: 2, 3: 3, 6: 4, 7: 5, 4: 5, 100: 5}),
    ],
)
def test_each_language_chooses_its_own_plural_form(language, counts):
    compiled = compile_all(_with_test_message(language))[language]
    chosen = {n: compiled.ngettext("{count} test apple", "{count} test apples", n) for n in counts}
    assert chosen == {n: f"form {form}: {{count}}" for n, form in counts.items()}


def test_a_page_in_polish_counts_in_polish(app, monkeypatch, complete_polish):
    """Through the app: Flask-Babel's locale is the interface language, and _n / translate_plural (and
    flask_babel's own ngettext) pick the Polish form and fill {count}."""
    import flask_babel

    use_catalogues(monkeypatch, _with_test_message("pl"))
    with app.test_request_context("/", headers={"Accept-Language": "pl"}):
        assert str(flask_babel.get_locale()) == "pl" and i18n.interface_language() == "pl"
        said = {n: translate_plural("{count} test apple", "{count} test apples", n) for n in (1, 3, 5, 22)}
        assert said == {1: "form 0: 1", 3: "form 1: 3", 5: "form 2: 5", 22: "form 1: 22"}
        assert flask_babel.ngettext("{count} test apple", "{count} test apples", 5) == "form 2: {count}"
        html = app.jinja_env.from_string('{{ _n("{count} test apple", "{count} test apples", 5) }}').render()
        assert html == "form 2: 5"


def test_an_untranslated_plural_falls_back_to_english():
    """A Welsh catalogue that leaves a counted string empty: English forms, never an empty string."""
    books = dict(catalogues())
    books["cy"] = partial(books["cy"], "{count} result")
    welsh = compile_all(books)["cy"]
    assert not i18n.is_translated(books["cy"]["{count} result"])
    assert welsh.ngettext("{count} result", "{count} results", 1) == "{count} result"
    assert welsh.ngettext("{count} result", "{count} results", 6) == "{count} results"


def test_english_counts(app):
    with app.test_request_context("/"):
        assert translate_plural("{count} result", "{count} results", 1) == "1 result"
        assert translate_plural("{count} result", "{count} results", 0) == "0 results"
        out = translate_plural("Not for age {age} ({count})", "Not for age {age} ({count})", 2, age=Markup("<b>7</b>"))
        assert out == Markup("Not for age <b>7</b> (2)")
        plain = translate_plural(
            "See the {count} service for {need}", "See all {count} services for {need}", 3, need="<i>"
        )
        assert plain == "See all 3 services for <i>" and not hasattr(plain, "__html__")  # plain str: Jinja escapes it


def test_the_search_page_counts_its_results(client):
    for query in ("autism", "speech and language therapy"):
        html = client.get("/search", query_string={"q": query}).get_data(as_text=True)
        count = re.search(r'id="result-count">(\d+) (results?)<', html)
        assert count, f"no result count for {query!r}"
        assert count.group(2) == ("result" if count.group(1) == "1" else "results")
