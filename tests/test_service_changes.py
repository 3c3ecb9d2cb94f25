"""Service changes (issue 19) on the real build: a closed service's page says when it closed and offers open
alternatives for the same needs and ages (the same council's first), in HTML, the JSON twin and RDF; search
still finds it, marked and after open ones; a record's first screen has a dated "What changed" notice for 90
days; /changes?area=kent lists the council's changes and /changes.atom?area=kent is Atom 1.0 to a real
feed parser. The sample (data/sample/service-changes.ttl) holds one closed Kent service and changes in Kent
and Surrey, dated October 2026: tests that count from today say what they expect either way."""

from __future__ import annotations

from datetime import date, timedelta

import feedparser
import pyoxigraph as ox
import pytest

from graph_app.web.core.graph import get_graph
from graph_app.web.explore.service_changes import RECENT_DAYS, service_changes

LO = "https://w3id.org/se7-local-offer/def#"
BASE = "https://w3id.org/se7-local-offer/id/"
CLOSED = "friday-night-social-bramblehurst-family-hub"
CLOSED_IRI = BASE + "service/" + CLOSED
SINCE = "2026-09-01"  # before every sample change, so the list does not depend on today's date
KENT_CHANGES = {
    BASE + "change/service-dover-specialist-short-breaks-sample-1",
    BASE + "change/service-maidstone-supported-internships-sample-1",
    BASE + "change/service-friday-night-social-bramblehurst-family-hub-sample-1",
}
SURREY_CHANGE = BASE + "change/service-surrey-heath-sensory-support-teaching-service-sample-1"


def _facts(embedded_store, iri: str) -> dict:
    rows = embedded_store.select(
        f"SELECT ?p ?o WHERE {{ <{iri}> ?p ?o FILTER(?p IN (<{LO}meetsNeed>, <{LO}minAge>, <{LO}maxAge>, "
        f"<{LO}inLocalOfferOf>, <{LO}closedOn>)) }}"
    )
    facts: dict = {}
    for row in rows:
        facts.setdefault(row["p"].value.rsplit("#", 1)[-1], set()).add(row["o"].value)
    return facts


def test_a_closed_service_says_when_and_offers_open_alternatives_for_the_same_needs_and_ages(client, embedded_store):
    page = client.get(f"/id/service/{CLOSED}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'This service closed on <time datetime="2026-10-16">16 October 2026</time>.' in html
    assert html.index("This service closed on") < html.index("All connections")  # first screen
    assert "Instead, try:" in html
    twin = client.get(f"/id/service/{CLOSED}.json").get_json()["service_changes"]
    assert twin["closed_on"] == "2026-10-16"
    alternatives = twin["alternatives"]
    assert alternatives, "the sample has open Kent services for autism or MLD at 14 to 25"
    closed = _facts(embedded_store, CLOSED_IRI)
    low, high = int(min(closed["minAge"])), int(max(closed["maxAge"]))
    for alternative in alternatives:
        assert alternative["url"] in html
        facts = _facts(embedded_store, alternative["iri"])
        assert "closedOn" not in facts  # open
        assert facts["meetsNeed"] & closed["meetsNeed"]  # the same needs
        assert int(min(facts.get("minAge", {"0"}))) <= high and low <= int(max(facts.get("maxAge", {"25"})))
    # the same council's first: once one from another council is listed, none from Kent follows
    councils = [a["same_council"] for a in alternatives]
    assert councils == sorted(councils, reverse=True) and councils[0]
    for alternative in alternatives:
        in_kent = BASE + "area/kent" in _facts(embedded_store, alternative["iri"])["inLocalOfferOf"]
        assert alternative["same_council"] == in_kent


def test_the_closed_service_and_its_change_are_in_its_rdf(client):
    turtle = client.get(f"/id/service/{CLOSED}", headers={"Accept": "text/turtle"})
    assert turtle.status_code == 200
    graph = {q.triple for q in ox.parse(turtle.get_data(), format=ox.RdfFormat.TURTLE)}
    closed_on = ox.Literal("2026-10-16", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))
    assert ox.Triple(ox.NamedNode(CLOSED_IRI), ox.NamedNode(LO + "closedOn"), closed_on) in graph
    change = BASE + "change/service-friday-night-social-bramblehurst-family-hub-sample-1"
    assert ox.Triple(ox.NamedNode(CLOSED_IRI), ox.NamedNode(LO + "changeHistory"), ox.NamedNode(change)) in graph


def test_search_still_finds_a_closed_service_marked_and_after_open_ones(app):
    with app.test_request_context("/"):
        found = get_graph().search.search("Friday Night Social", limit=30)
    hits = [h for h in found.hits if h.iri == CLOSED_IRI]
    assert hits and hits[0].closed_on == "2026-10-16"
    position = found.hits.index(hits[0])
    assert all(not h.closed_on for h in found.hits[:position])  # every open match comes first
    assert any(not h.closed_on for h in found.hits), "other Friday or social matches exist and are open"


def test_the_search_page_marks_a_closed_service(client):
    html = client.get("/search?q=Friday+Night+Social").get_data(as_text=True)
    assert "Closed on 16 October 2026" in html


@pytest.mark.parametrize(
    ("slug", "own_words"),
    [("maidstone-supported-internships", True), ("dover-specialist-short-breaks", False)],
)
def test_a_recent_change_is_a_dated_notice_for_ninety_days(app, slug, own_words):
    iri = BASE + "service/" + slug
    with app.test_request_context("/"):
        notice = service_changes(iri, today=date(2026, 12, 1)).notice
        later = service_changes(iri, today=date(2026, 10, 1) + timedelta(days=RECENT_DAYS + 60)).notice
    assert notice is not None and notice.own_words is own_words
    if own_words:
        assert notice.day == "2026-10-28" and "Year 13" in notice.text
    else:
        assert notice.day == "2026-10-30" and "aiting time" in notice.text and "Check them" in notice.text
    assert later is None  # news no longer after 90 days


def test_the_record_page_shows_the_notice_while_it_is_recent(client):
    html = client.get("/id/service/maidstone-supported-internships").get_data(as_text=True)
    recent = (date.today() - date(2026, 10, 28)).days <= RECENT_DAYS
    assert ("What changed on" in html) is recent
    if recent:
        assert html.index("What changed on") < html.index("All connections")


def test_the_changes_page_lists_the_councils_changes_only(client):
    html = client.get(f"/changes?area=kent&since={SINCE}").get_data(as_text=True)
    twin = client.get(f"/changes.json?area=kent&since={SINCE}").get_json()["changes"]
    assert {item["change"] for item in twin["items"]} == KENT_CHANGES
    assert [item["ended"] for item in twin["items"]] == sorted((i["ended"] for i in twin["items"]), reverse=True)
    closed = next(i for i in twin["items"] if i["record"] == CLOSED_IRI)
    assert closed["what"] == "Closed on 16 October 2026" and closed["closed_on"] == "2026-10-16"
    assert "Surrey Heath Sensory" not in html and f"/id/service/{CLOSED}" in html
    assert 'href="/changes.atom?area=kent"' in html
    surrey = client.get(f"/changes.json?area=surrey&since={SINCE}").get_json()["changes"]
    assert {item["change"] for item in surrey["items"]} == {SURREY_CHANGE}


def test_the_changes_page_counts_ninety_days_back_from_today(client):
    twin = client.get("/changes.json?area=kent").get_json()["changes"]
    assert twin["since"] == (date.today() - timedelta(days=RECENT_DAYS)).isoformat()
    assert all(item["day"] >= twin["since"] for item in twin["items"])


def test_the_changes_feed_is_atom_to_a_feed_parser(client):
    response = client.get(f"/changes.atom?area=kent&since={SINCE}")
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    feed = feedparser.parse(response.get_data())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.id.endswith("/changes.atom?area=kent") and feed.feed.updated_parsed
    assert {entry.id for entry in feed.entries} == KENT_CHANGES
    for entry in feed.entries:
        assert entry.updated_parsed and entry.link.startswith("http") and "/id/service/" in entry.link
    closed = next(e for e in feed.entries if e.id.endswith(CLOSED + "-sample-1"))
    assert "Closed on 16 October 2026" in closed.title and "family hub building" in closed.summary


@pytest.mark.parametrize(
    ("address", "named"),
    [
        ("/changes.atom", "'area'"),
        ("/changes.atom?area=atlantis", "'area'"),
        ("/changes?area=kent&since=yesterday", "'since'"),
        ("/changes.json?area=kent&since=2999-01-01", "'since'"),
        ("/changes.atom?area=kent&since=2026-02-30", "'since'"),
    ],
)
def test_a_bad_address_is_a_400_naming_the_parameter(client, address, named):
    response = client.get(address)
    assert response.status_code == 400
    assert named in response.get_data(as_text=True).replace("&#39;", "'")


def test_without_a_council_the_page_offers_each_and_a_council_page_links_to_its_changes(client):
    html = client.get("/changes").get_data(as_text=True)
    assert 'href="/changes?area=kent"' in html and 'href="/changes?area=medway"' in html
    assert 'href="/changes?area=kent"' in client.get("/id/area/kent").get_data(as_text=True)
