"""Interface strings in the reader's language (strings/*.json), with English where a string has no
translation, and <html lang> saying which language the page's interface is in."""

import json
import re

import pytest
from markupsafe import escape

from graph_app.web.core import i18n
from graph_app.web.core.i18n import STRINGS_DIR, catalogues, translate
from graph_app.web.core.page_cache import PageCache


def html_lang(html: str) -> str:
    return re.search(r'<html lang="([^"]+)"', html).group(1)


@pytest.fixture
def complete_polish(monkeypatch, app):
    """A strings file for Polish that translates every string (the real pl.json is partial): the
    catalogues as a council would have them once a translation is finished. Catalogues are read at start
    in a real deployment, so pages kept by the page cache before the change are set aside meanwhile."""
    if "page_cache" in app.extensions:
        monkeypatch.setitem(app.extensions, "page_cache", PageCache(app.extensions["page_cache"].max_bytes))
    books = {code: dict(book) for code, book in catalogues().items()}
    books["pl"] = {key: books["pl"].get(key, "PL " + text) for key, text in books["en"].items()}
    books["cy"] = {key: books["cy"].get(key, "CY " + text) for key, text in books["en"].items()}
    monkeypatch.setattr(i18n, "catalogues", lambda: books)
    return books["pl"]


def test_a_partial_translation_leaves_the_interface_in_english(client):
    """pl.json translates a few strings only: a page in Polish would be mostly English under
    <html lang="pl">, so the interface stays English and says so."""
    polish = catalogues()["pl"]
    assert "pl" not in i18n.complete_languages()
    response = client.get("/glossary", headers={"Accept-Language": "pl-PL,pl;q=0.9,en;q=0.5"})
    html = response.get_data(as_text=True)
    assert html_lang(html) == "en" and response.headers["Content-Language"] == "en"
    assert "Skip to main content" in html and polish["Skip to main content"] not in html


def test_a_complete_translation_is_the_page_language(client, complete_polish):
    html = client.get("/glossary", headers={"Accept-Language": "pl-PL,pl;q=0.9,en;q=0.5"}).get_data(as_text=True)
    assert html_lang(html) == "pl"
    assert complete_polish["Skip to main content"] in html
    assert "Skip to main content" not in html


def test_names_in_another_language_than_the_page_carry_their_own_lang(client):
    """The interface is English (Polish is partial) but the data has a Polish name: it is shown, marked."""
    html = client.get("/id/glossary/local-offer", headers={"Accept-Language": "pl"}).get_data(as_text=True)
    assert html_lang(html) == "en"
    assert re.search(r'<h1 class="govuk-heading-xl" lang="pl">Lokalna oferta', html)
    english = client.get("/id/glossary/local-offer").get_data(as_text=True)
    assert re.search(r'<h1 class="govuk-heading-xl">Local Offer', english)  # same language: nothing added
    assert ' lang="en"' not in english.split("<body", 1)[1].split("se7-footer__languages", 1)[0]


def test_an_english_name_on_a_page_in_another_language_is_marked_english(client, complete_polish):
    html = client.get("/id/need/autism", headers={"Accept-Language": "pl"}).get_data(as_text=True)
    assert html_lang(html) == "pl"
    assert re.search(r'<h1 class="govuk-heading-xl" lang="en">', html)


def test_english_is_the_default(client):
    html = client.get("/glossary").get_data(as_text=True)
    assert html_lang(html) == "en"
    assert "Skip to main content" in html


def test_lang_parameter_comes_before_the_browser(client, complete_polish):
    html = client.get("/glossary?lang=cy", headers={"Accept-Language": "pl"}).get_data(as_text=True)
    assert html_lang(html) == "cy"
    assert str(escape(i18n.catalogues()["cy"]["Skip to main content"])) in html


def test_a_language_without_a_strings_file_gives_english(client):
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


@pytest.mark.parametrize("path", sorted(STRINGS_DIR.glob("*.json")), ids=lambda p: p.name)
def test_every_strings_file_is_valid_and_only_translates_known_strings(path):
    english = json.loads((STRINGS_DIR / "en.json").read_text(encoding="utf-8"))
    strings = json.loads(path.read_text(encoding="utf-8"))
    assert strings.get("language.native_name"), f"{path.name} must name its language"
    unknown = set(strings) - set(english)
    assert not unknown, f"{path.name} translates strings en.json does not have: {sorted(unknown)[:5]}"
    for key, text in strings.items():
        assert set(re.findall(r"\{(\w+)\}", text)) == set(re.findall(r"\{(\w+)\}", english[key])), key


def test_every_string_the_frame_uses_is_in_english_catalogue():
    from graph_app.config import PROJECT_ROOT

    english = json.loads((STRINGS_DIR / "en.json").read_text(encoding="utf-8"))
    templates = PROJECT_ROOT / "graph_app" / "web" / "templates"
    for name in ("core/base.html", "core/error.html", "core/_links.html", "explore/glossary.html", "explore/area.html"):
        for key in re.findall(r'_\("((?:[^"\\]|\\.)*)"', (templates / name).read_text(encoding="utf-8")):
            assert key in english, f"{name}: {key!r} is not in strings/en.json"
