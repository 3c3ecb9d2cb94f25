"""Formats and access points (issue 19): easy read summaries shown first (page, JSON twin, RDF), the
"talk it through" line beside each flowchart naming the family's council's SENDIASS from the graph, and
"print or save this list" for My child and search results, made from the address alone. Real build, real
store, Flask test client; the checked phone number is entered by a council admin through the real form."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest
import rdflib
from live_helpers import copy_build, form_data
from staff_helpers import login, make_staff

from graph_app.config import PROJECT_ROOT
from graph_app.web.core.labels import Label
from graph_app.web.explore.easy_read import EASY_READ, easy_read

LO = rdflib.Namespace("https://w3id.org/se7-local-offer/def#")
ID = "https://w3id.org/se7-local-offer/id/"
MY_CHILD = "age=7&area=kent&need=autism"
EDIT = "/staff/records/contact-value/{slug}/edit"


@pytest.fixture(scope="module")
def data_graph() -> rdflib.Graph:
    graph = rdflib.Graph()
    for name in ("pathways.ttl", "easy-read.ttl"):
        graph.parse(PROJECT_ROOT / "data" / name)
    return graph


# --- easy read ------------------------------------------------------------------------------------------------


def test_easy_read_is_one_sentence_a_line_in_its_language():
    found = easy_read({EASY_READ: [Label("You can ask for help.\n\n  It is free.  \n", "en")]})
    assert found is not None
    assert found.sentences == ["You can ask for help.", "It is free."]
    assert found.language == "en"
    assert easy_read({}) is None
    assert easy_read({EASY_READ: [Label("  \n ", "en")]}) is None


def test_every_pathway_has_an_easy_read_summary_of_short_sentences(data_graph):
    pathways = {s for s in data_graph.subjects() if str(s).startswith(ID + "pathway/")}
    assert len(pathways) == 20
    for pathway in pathways:
        texts = list(data_graph.objects(pathway, LO.easyRead))
        assert len(texts) == 1 and texts[0].language == "en", pathway
        for sentence in str(texts[0]).splitlines():
            assert sentence.strip() == sentence and sentence[-1] in ".?", (pathway, sentence)
            assert len(sentence.split()) <= 16, (pathway, sentence)  # short: one idea a line


def test_a_pathway_page_shows_easy_read_first_and_in_its_twin_and_rdf(client, data_graph):
    path = "/id/pathway/ehc-needs-assessment"
    page = client.get(path).get_data(as_text=True)
    box = page.index('id="easy-read-heading"')
    assert box < page.index('class="govuk-body se7-lead"')  # before the full version's first words
    assert box < page.index('id="pathway-heading"')
    assert 'href="#full-version"' in page and 'id="full-version"' in page
    expected = str(data_graph.value(rdflib.URIRef(ID + "pathway/ehc-needs-assessment"), LO.easyRead)).splitlines()
    shown = re.findall(r"<li>(.*?)</li>", page[box : page.index('id="full-version"')])
    assert [re.sub(r"<[^>]+>", "", html.unescape(s)) for s in shown] == expected
    twin = client.get(path + ".json").get_json()
    assert twin["page"]["easy_read"] == {"sentences": expected, "language": "en"}
    turtle = client.get(path + ".ttl").get_data(as_text=True)
    graph = rdflib.Graph().parse(data=turtle, format="turtle")
    assert str(graph.value(rdflib.URIRef(ID + "pathway/ehc-needs-assessment"), LO.easyRead)).splitlines() == expected
    # a key framework topic has one too; a record without one shows no box
    assert 'id="easy-read-heading"' in client.get("/id/heading/ehc-assessment").get_data(as_text=True)
    assert 'id="easy-read-heading"' not in client.get("/id/need/autism").get_data(as_text=True)


def test_a_welsh_page_marks_the_english_easy_read(client):
    page = client.get("/id/pathway/care-mental-health?lang=cy").get_data(as_text=True)
    assert re.search(r'<section class="se7-easy-read"[^>]*lang="en"', page)


# --- talk it through --------------------------------------------------------------------------------------------


def _talk(page: str) -> str:
    start = page.index('id="talk-it-through"')
    return page[start : page.index("</div>", start)]


def test_the_flowchart_names_the_chosen_councils_sendiass(client):
    page = client.get("/id/pathway/care-mental-health?area=kent").get_data(as_text=True)
    line = _talk(page)
    assert page.index('id="talk-it-through"') < page.index('class="se7-flowchart"')  # beside it, read first
    assert "Kent&#39;s" in line and 'href="/id/contact/kent-iass"' in line
    assert "Information, Advice and Support Kent (IASK)" in line
    # no number checked yet: the website, never an unchecked value
    assert "being checked" in line and "https://www.kent.gov.uk/" in line and "tel:" not in line


def test_with_no_council_chosen_the_line_asks_to_choose_one(client):
    none = _talk(client.get("/id/pathway/care-mental-health?area=all").get_data(as_text=True))
    assert "Choose your council to see who to call" in none and "/area?next=" in html.unescape(none)
    assert "/id/contact/" not in none


def test_only_pathway_pages_carry_the_line(client):
    assert 'id="talk-it-through"' not in client.get("/id/step/ehc-01-request?area=kent").get_data(as_text=True)
    twin = client.get("/id/pathway/care-mental-health.json?area=kent").get_json()
    talk = twin["page"]["pathway"]["talk"]
    assert talk["council"]["label"] == "Kent" and talk["service"]["iri"] == ID + "contact/kent-iass"
    assert talk["telephone"] is None


@pytest.fixture(scope="module")
def checked_settings(built, tmp_path_factory):
    return copy_build(built, tmp_path_factory.mktemp("formats") / "data")


@pytest.fixture(scope="module")
def checked_app(checked_settings, make_module_app):
    return make_module_app(checked_settings)


def test_once_the_council_checks_the_number_families_are_told_to_call_it(checked_app, checked_settings):
    """What a council supplies: its SENDIASS phone number, checked against its source, through the form."""
    number = "01632 960000"  # Ofcom's range for drama: never a real line
    staff = checked_app.test_client()
    user, password = make_staff(checked_settings, "admin")
    assert login(staff, user.email, password).status_code == 303
    data = form_data(staff.get(EDIT.format(slug="kent-iass-telephone")).get_data(as_text=True))
    data["rdf-value"] = [number]
    data["checked-against-source"] = ["yes"]
    saved = staff.post(EDIT.format(slug="kent-iass-telephone"), data=data)
    assert saved.status_code == 303, saved.get_data(as_text=True)[:2000]
    family = checked_app.test_client()
    line = _talk(family.get("/id/pathway/care-mental-health?area=kent").get_data(as_text=True))
    assert "Free, confidential advice: call Kent&#39;s" in line
    assert f'href="tel:{number.replace(" ", "")}">{number}</a>' in line
    printed = family.get(f"/my-child/print?{MY_CHILD}").get_data(as_text=True)
    assert f"Phone: {number}" in printed
    other = _talk(family.get("/id/pathway/care-mental-health?area=surrey").get_data(as_text=True))
    assert number not in other


# --- print or save this list ------------------------------------------------------------------------------------


def _items(page: str) -> list[str]:
    found = re.findall(r'<li class="se7-print-item">\s*<p[^>]*><strong[^>]*>(.*?)</strong>', page)
    return [html.unescape(name) for name in found]


def test_my_child_prints_every_item_of_the_map(client):
    response = client.get(f"/my-child/print?{MY_CHILD}")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"  # personal: no cache keeps it
    page = response.get_data(as_text=True)
    assert '<h1 class="govuk-heading-l">Support for a 7 year old in Kent with autism</h1>' in page
    today = date.today()
    assert f"Printed on {today.day} {today:%B %Y}." in page
    assert f"/my-child?{MY_CHILD.replace('&', '&amp;')}" in page  # the live list's address, to type in
    twin = client.get(f"/my-child.json?{MY_CHILD}").get_json()["result"]
    counts = {slug: section["count"] for slug, section in twin["sections"].items()}
    names = _items(page)
    assert len(names) == sum(counts.values()) + len(twin["contacts"])
    shown = [i["link"]["label"] for g in twin["without_assessment"] + twin["with_assessment"] for i in g["items"]]
    assert set(shown) <= set(names)
    assert {s["link"]["label"] for s in twin["settings"]} <= set(names)
    assert "Records marked Sample are invented" in page  # the sample's services are on it
    printed = client.get(f"/my-child/print.json?{MY_CHILD}").get_json()["list"]
    assert printed["has_sample"] is True and printed["printed_on"] == today.isoformat()


def test_a_printed_service_carries_its_phone_and_email(client):
    printed = client.get(f"/my-child/print.json?{MY_CHILD}").get_json()["list"]
    services = printed["sections"][0]["items"] + printed["sections"][1]["items"]
    item = next(i for i in services if i["reach"]["telephone"])
    slug = item["address"].split("/id/service/")[1].split("?")[0]
    record = client.get(f"/id/service/{slug}").get_data(as_text=True)
    assert item["reach"]["telephone"][0] in record and item["reach"]["email"][0] in record
    assert item["what"].startswith("Service: ")


def test_my_child_links_to_its_printable_list_and_a_bad_choice_is_refused(client):
    page = client.get(f"/my-child?{MY_CHILD}").get_data(as_text=True)
    assert f'href="/my-child/print?{MY_CHILD.replace("&", "&amp;")}"' in page
    bad = client.get("/my-child/print?age=seven&area=kent")
    assert bad.status_code == 400 and "age" in bad.get_data(as_text=True)
    assert client.get("/my-child/print?age=7&area=narnia").status_code == 400


def test_search_results_print_with_their_words_and_filters(client):
    query = "q=swimming&area=kent"
    results = client.get(f"/search?{query}").get_data(as_text=True)
    assert 'href="/search/print?q=swimming&amp;area=kent"' in results
    twin = client.get(f"/search.json?{query}&page=1").get_json()
    page = client.get(f"/search/print?{query}").get_data(as_text=True)
    assert "Search results for “swimming” (Showing Kent)" in html.unescape(page)
    names = _items(page)
    assert len(names) == twin["total"] > 0
    assert [r["label"] for r in twin["results"]] == names[: len(twin["results"])]  # the same order
    assert client.get("/search/print?q=swimming&age=abc").status_code == 400


def test_a_kind_list_prints_in_the_chosen_council_up_to_the_cap(client):
    listing = client.get("/kinds/service?area=kent").get_data(as_text=True)
    link = html.unescape(re.search(r'<a class="govuk-link" href="([^"]+)">Print or save this list</a>', listing)[1])
    assert link == "/search/print?kind=service&area=kent"
    total = client.get("/search.json?kind=service&area=kent").get_json()["total"]
    printed = client.get(link.replace("/print", "/print.json"))
    section = printed.get_json()["list"]["sections"][0]
    assert section["total"] == total and len(section["items"]) == min(total, 200)
    # every council's services together pass the cap: the page says so
    everywhere = client.get("/search/print?kind=service&area=all").get_data(as_text=True)
    found = re.search(r"The first (\d+) of (\d+) are printed here", everywhere)
    assert found and found[1] == "200" and int(found[2]) > 200
    assert len(_items(everywhere)) == 200
