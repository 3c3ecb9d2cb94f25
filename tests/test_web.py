"""The web app serves a page for every kind of node in the built graph."""

import re

import pytest

from graph_app.namespaces import KINDS


def test_home_links_to_the_topics(client):
    page = client.get("/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'href="/id/heading/education"' in html


@pytest.mark.parametrize("kind", [k for k, v in KINDS.items() if v[0] and k not in ("comment", "response")])
def test_every_kind_with_records_has_working_pages(client, kind):
    listing = client.get(f"/kinds/{kind}")
    assert listing.status_code == 200
    links = re.findall(rf'href="(/id/{kind}/[a-z0-9-]+)"', listing.get_data(as_text=True))
    if kind in (
        "step",
        "criterion",
        "answer",
        "contact",
        "legislation",
        "expectation",
        "question-set",
        "sector",
        "organisation-type",
        "access-level",
        "referral-route",
        "funding-route",
        "resolution-stage",
        "pfa-theme",
        "heading",
        "service",
        "setting",
        "provider",
        "need",
        "age-band",
        "area",
        "pathway",
        "clause",
        "question",
    ):
        assert links, f"no {kind} records listed"
    for link in links[:3]:
        page = client.get(link)
        assert page.status_code == 200, link
        assert re.search(r'<h1 class="govuk-heading-xl">.+?</h1>', page.get_data(as_text=True)), link
    if links:
        twin = client.get(links[0] + ".json")
        assert twin.is_json and twin.get_json()["page"]["kind"] == kind


def test_need_page_groups_its_services(client):
    html = client.get("/id/need/autism").get_data(as_text=True)
    assert '<h1 class="govuk-heading-xl">Autism</h1>' in html
    assert "Services for this need" in html
    assert re.search(r'href="/id/service/[a-z0-9-]+"', html)


def test_large_groups_are_paged(client):
    html = client.get("/id/need/autism").get_data(as_text=True)
    more = re.search(r'href="(/id/need/autism/links\?[^"]+)"', html)
    assert more, "a need with many services links to the full, paged list"
    page1 = client.get(more.group(1).replace("&amp;", "&"))
    assert page1.status_code == 200
    assert len(re.findall(r'<li><a class="govuk-link" href="/id/', page1.get_data(as_text=True))) > 10


def test_sample_records_say_so(client):
    html = client.get("/kinds/service").get_data(as_text=True)
    service = re.search(r'href="(/id/service/[a-z0-9-]+)"', html).group(1)
    page = client.get(service).get_data(as_text=True)
    assert "Invented sample record" in page
    assert "Sample data." in page


def test_unknown_node_is_404_and_bad_input_is_400(client):
    assert client.get("/id/need/no-such-need").status_code == 404
    assert client.get("/id/nonsense/autism").status_code == 404
    assert client.get("/id/need/..%2F..%2Fetc").status_code == 404
    assert client.get("/kinds/service?page=abc").status_code == 400
    bad = client.get("/id/need/autism/links?direction=out&property=not%20an%20iri")
    assert bad.status_code == 400
    assert "property" in bad.get_data(as_text=True)


def test_search_finds_needs_by_family_words(client):
    html = client.get("/search?q=autistic").get_data(as_text=True)
    assert 'href="/id/need/autism"' in html


def test_search_escapes_what_was_typed(client):
    html = client.get("/search?q=%3Cscript%3Ealert(1)%3C/script%3E").get_data(as_text=True)
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;" in html
