"""The language choice (core/language_choice.py): ?lang= of a language with a catalogue is remembered in a
cookie for the next pages, the page cache keeps each language apart, every page links to itself in each
language (and hreflang alternates say the same), and a made-up language sets nothing."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from graph_app.web.core.labels import LANGUAGE_COOKIE

RECORD = "/id/need/autism"


def _current(html: str) -> str | None:
    found = re.search(r'<a class="govuk-link" href="[^"]*" lang="(\w+)" hreflang="\1" aria-current="true">', html)
    return found.group(1) if found else None


def _cookie(client) -> str | None:
    cookie = client.get_cookie(LANGUAGE_COOKIE)
    return cookie.value if cookie else None


def test_a_chosen_language_is_kept_for_the_next_pages_and_english_comes_back(client):
    first = client.get(RECORD, query_string={"lang": "pl"})
    assert first.status_code == 200 and _cookie(client) == "pl"
    assert "HttpOnly" in first.headers["Set-Cookie"] and "SameSite=Lax" in first.headers["Set-Cookie"]
    for page in (RECORD, "/glossary", RECORD):  # the second visit to the record may come from the page cache
        html = client.get(page).get_data(as_text=True)
        assert _current(html) == "pl", page
    client.get(RECORD, query_string={"lang": "en"})
    assert _cookie(client) == "en"
    assert _current(client.get(RECORD, headers={"Accept-Language": "pl"}).get_data(as_text=True)) == "en"


def test_without_a_choice_the_browser_language_is_used_and_cached_apart(client):
    polish = client.get(RECORD, headers={"Accept-Language": "pl"}).get_data(as_text=True)
    english = client.get(RECORD).get_data(as_text=True)
    assert _current(polish) == "pl" and _current(english) == "en"
    assert _cookie(client) is None  # only following a language link sets the cookie


def test_a_made_up_language_sets_nothing(client):
    response = client.get(RECORD, query_string={"lang": "xx"})
    assert response.status_code == 200 and _cookie(client) is None
    assert _current(response.get_data(as_text=True)) == "en"


def test_the_links_and_alternates_keep_the_path_and_query(client):
    html = client.get("/search", query_string=[("q", "speech"), ("kind", "service"), ("lang", "cy")]).get_data(
        as_text=True
    )
    links = dict(re.findall(r'<a class="govuk-link" href="([^"]*)" lang="(\w+)"', html)[:3])
    assert sorted(links.values()) == ["cy", "en", "pl"]
    for href, code in links.items():
        address = urlsplit(href.replace("&amp;", "&"))
        assert address.path == "/search"
        assert parse_qs(address.query) == {"q": ["speech"], "kind": ["service"], "lang": [code]}
    alternates = dict(re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]*)">', html))
    assert set(alternates) == {"en", "cy", "pl", "x-default"}
    assert all(href.startswith("http") for href in alternates.values())
    assert "lang=" not in alternates["x-default"]
