"""Interface strings in the reader's language (strings/*.json), with English where a string has no
translation, and <html lang> saying which language the page's interface is in."""

import json
import re

import pytest
from markupsafe import escape

from graph_app.web.i18n import STRINGS_DIR, catalogues, translate


def html_lang(html: str) -> str:
    return re.search(r'<html lang="([^"]+)"', html).group(1)


def test_polish_reader_gets_polish_strings_where_they_exist_and_english_otherwise(client):
    polish = catalogues()["pl"]
    html = client.get("/glossary", headers={"Accept-Language": "pl-PL,pl;q=0.9,en;q=0.5"}).get_data(as_text=True)
    assert html_lang(html) == "pl"
    assert polish["Skip to main content"] in html
    assert polish["Glossary: what the words mean"] in html
    assert "Skip to main content" not in html
    untranslated = "Glossary, A to Z"
    assert untranslated not in polish
    assert untranslated in html  # falls back to English


def test_english_is_the_default(client):
    html = client.get("/glossary").get_data(as_text=True)
    assert html_lang(html) == "en"
    assert "Skip to main content" in html


def test_lang_parameter_comes_before_the_browser(client):
    html = client.get("/glossary?lang=cy", headers={"Accept-Language": "pl"}).get_data(as_text=True)
    assert html_lang(html) == "cy"
    assert str(escape(catalogues()["cy"]["Skip to main content"])) in html


def test_a_language_without_a_strings_file_gives_english(client):
    response = client.get("/glossary", headers={"Accept-Language": "ur, fr;q=0.8"})
    assert html_lang(response.get_data(as_text=True)) == "en"
    assert response.headers["Content-Language"] == "en"
    assert "Accept-Language" in response.headers["Vary"]


def test_error_pages_are_translated_too(client):
    response = client.get("/no-such-page", headers={"Accept-Language": "pl"})
    assert response.status_code == 404
    assert catalogues()["pl"]["Page not found"] in response.get_data(as_text=True)


def test_unknown_keys_show_as_themselves_and_placeholders_are_filled(app):
    with app.test_request_context("/", headers={"Accept-Language": "pl"}):
        assert translate("A sentence nobody has translated") == "A sentence nobody has translated"
        expected = catalogues()["pl"]["Your area: {name}"].format(name="Kent")
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
    for name in ("base.html", "error.html", "_links.html", "glossary.html", "area.html"):
        for key in re.findall(r'_\("((?:[^"\\]|\\.)*)"', (templates / name).read_text(encoding="utf-8")):
            assert key in english, f"{name}: {key!r} is not in strings/en.json"
