"""A record's editing form on a Welsh or Polish page (issue 18): the headings its long lists are grouped
under (kinds of need) and the choices themselves are named from the graph's labels in the page's language
(data/translations/*.ttl), not in English. Real store, Flask test client."""

from __future__ import annotations

import re

import pytest
from live_helpers import LO, copy_build, current_store, unescape
from staff_helpers import login, make_staff

RDFS = "http://www.w3.org/2000/01/rdf-schema#"


@pytest.fixture(scope="module")
def lang_settings(built, tmp_path_factory):
    return copy_build(built, tmp_path_factory.mktemp("choice-language") / "data")


@pytest.fixture(scope="module")
def lang_app(lang_settings, make_module_app):
    return make_module_app(lang_settings)


def _kind_names(settings, language: str) -> dict[str, str]:
    """Each kind of need (a subclass of lo:Need) -> its label in `language`, read from the store."""
    rows = current_store(settings).select(
        f"SELECT ?kind ?name WHERE {{ ?kind <{RDFS}subClassOf> <{LO}Need> ; <{RDFS}label> ?name "
        f'FILTER(LANG(?name) = "{language}") }}'
    )
    return {r["kind"].value: r["name"].value for r in rows}


def _headings(html: str) -> list[str]:
    return [unescape(h) for h in re.findall(r'<span class="se7-choice-group">([^<]+)</span>', html)]


@pytest.mark.parametrize("language", ["cy", "pl"])
def test_the_kinds_of_need_are_headed_in_the_page_language(lang_app, lang_settings, language):
    provider, service = (
        current_store(lang_settings)
        .select(f"SELECT ?p ?s WHERE {{ ?s a <{LO}Service> ; <{LO}providedBy> ?p }} ORDER BY ?s LIMIT 1")[0]
        .values()
    )
    client = lang_app.test_client()
    user, password = make_staff(lang_settings, "editor", provider.value)
    assert login(client, user.email, password).status_code == 303
    url = f"/staff/records/service/{service.value.rsplit('/', 1)[-1]}/parts/who"
    english = _headings(client.get(url + "?lang=en").get_data(as_text=True))
    translated = _headings(client.get(f"{url}?lang={language}").get_data(as_text=True))
    english_names, local_names = _kind_names(lang_settings, "en"), _kind_names(lang_settings, language)
    shown = [k for k, name in english_names.items() if name in english]
    assert len(shown) >= 3, english  # the need list is grouped under the kinds of need
    for kind in shown:
        assert local_names[kind] in translated, (kind, translated)
        assert english_names[kind] not in translated
    assert len(translated) == len(english)  # the same headings, only renamed


def test_the_councils_keep_their_districts_on_a_welsh_page(lang_app, lang_settings):
    """Districts are listed under their council by matching names: renamed alike, the list is the same."""
    provider, service = (
        current_store(lang_settings)
        .select(f"SELECT ?p ?s WHERE {{ ?s a <{LO}Service> ; <{LO}providedBy> ?p }} ORDER BY ?s LIMIT 1")[0]
        .values()
    )
    client = lang_app.test_client()
    user, password = make_staff(lang_settings, "editor", provider.value)
    assert login(client, user.email, password).status_code == 303
    url = f"/staff/records/service/{service.value.rsplit('/', 1)[-1]}/parts/where"
    order = [
        re.findall(r'type="checkbox" value="([^"]+)"', client.get(f"{url}?lang={lang}").get_data(as_text=True))
        for lang in ("en", "cy")
    ]
    assert order[0] and order[0] == order[1]
