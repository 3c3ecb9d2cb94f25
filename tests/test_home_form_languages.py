"""The home page's "Tell us three things" form and My child's heading name the needs in the page's language
(issue 16): the choices are built once per store version in English and named per request, so a Polish
page offers "Autyzm" and "... (ogólnie)" while the English page is unchanged."""

import copy
import re

import pytest

from graph_app.web.core import i18n
from graph_app.web.core.i18n import catalogues, compile_all, message_ids
from graph_app.web.core.page_cache import PageCache


def _options(html: str, select_id: str) -> list[str]:
    select = html.split(f'id="{select_id}"', 1)[1].split("</select>", 1)[0]
    return [re.sub(r"\s+", " ", text).strip() for text in re.findall(r"<option[^>]*>([^<]*)</option>", select)]


@pytest.fixture
def polish_page(monkeypatch, app):
    """The real Polish catalogue, with English text for any string another engineer added since it was last
    translated, so the page is Polish whatever the state of the catalogue (the strings this test reads are
    the real translations)."""
    if "page_cache" in app.extensions:
        monkeypatch.setitem(app.extensions, "page_cache", PageCache(app.extensions["page_cache"].max_bytes))
    books = dict(catalogues())
    polish = copy.deepcopy(books["pl"])
    for key in message_ids(books["en"]) - {k for k in message_ids(polish) if i18n.is_translated(polish[k])}:
        source = books["en"][key]
        text = (
            tuple(source.string[min(i, 1)] for i in range(polish.num_plurals))
            if isinstance(source.id, tuple)
            else source.string
        )
        if key in polish:
            polish[key].string = text
        else:
            polish.add(source.id, text)
    books["pl"] = polish
    compiled = compile_all(books)
    monkeypatch.setattr(i18n, "catalogues", lambda: books)
    monkeypatch.setattr(i18n, "translations", lambda: compiled)


def test_the_english_home_form_is_unchanged(client):
    html = client.get("/").get_data(as_text=True)
    needs = _options(html, "home-need")
    assert "Autism" in needs and "Communication and interaction (in general)" in needs
    assert "Kent: the whole council area" in _options(html, "home-area")


def test_a_polish_page_names_the_needs_in_polish(client, polish_page):
    html = client.get("/", headers={"Accept-Language": "pl"}).get_data(as_text=True)
    assert '<html lang="pl"' in html
    needs = _options(html, "home-need")
    assert "Autyzm" in needs and "Komunikacja i interakcje (ogólnie)" in needs and "Autism" not in needs
    assert "Kent: cały obszar rady" in _options(html, "home-area")
    assert '<optgroup label="Komunikacja i interakcje">' in html


def test_my_child_names_the_needs_in_the_page_language(client, polish_page):
    polish = client.get("/my-child?age=7&area=kent&need=autism", headers={"Accept-Language": "pl"})
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", polish.get_data(as_text=True), re.S).group(1)
    assert "autyzm" in heading and "autism" not in heading
    english = client.get("/my-child?age=7&area=kent&need=autism").get_data(as_text=True)
    assert "a 7 year old in Kent with autism" in re.search(r"<h1[^>]*>(.*?)</h1>", english, re.S).group(1)
