"""How to get involved (issue 19) on the real build: /get-involved?area=kent lists the council's parent carer
forum (real, with the guidance notes' sources), its youth forum, consultations and surveys open now and
coming soon, training for parents (upcoming only) and, below, past consultations marked closed with "what
we did"; the JSON twin holds the same; each record is a node with its own page and RDF; the shapes refuse a
consultation that closes before it opens and a date that does not exist, naming the record and the field; and
every page type's footer links to the page. The sample (data/sample/involvement.ttl) is dated around
November 2026: tests that depend on the day name it (involvement_page(today=...)) or compute from today."""

from __future__ import annotations

import re
from datetime import date

import pyoxigraph as ox
import pytest
import rdflib
import test_standard_pages as standard_pages

from graph_app.build import shacl_sparql, validation
from graph_app.config import PROJECT_ROOT
from graph_app.slugs import COUNCILS
from graph_app.web.explore.involvement_page import involvement_page

SHAPES = PROJECT_ROOT / "ontology" / "shapes.ttl"
SAMPLE = PROJECT_ROOT / "data" / "sample" / "involvement.ttl"
BASE = "https://w3id.org/se7-local-offer/id/"
LO = "https://w3id.org/se7-local-offer/def#"
SCHEMA = "https://schema.org/"
DAY = date(2026, 12, 7)  # a day the Kent sample has one open, one coming, two closed, two upcoming sessions


def _sample_dates() -> dict[str, tuple[str, str, str]]:
    """record IRI -> (class local name, start, end) for every Kent record in the sample file, read with rdflib
    (not the app), so the expected lists below are worked out independently of the page's code."""
    graph = rdflib.Graph().parse(SAMPLE)
    found = {}
    for record in graph.subjects(rdflib.URIRef(LO + "involvementIn"), rdflib.URIRef(BASE + "area/kent")):
        kind = str(graph.value(record, rdflib.RDF.type)).rsplit("#", 1)[-1]
        start = graph.value(record, rdflib.URIRef(SCHEMA + "startDate"))
        end = graph.value(record, rdflib.URIRef(SCHEMA + "endDate"))
        found[str(record)] = (kind, str(start or ""), str(end or ""))
    return found


def test_kent_lists_open_first_then_coming_then_training_and_closed_ones_below(app):
    expected = _sample_dates()
    day = DAY.isoformat()
    consultations = {i: v for i, v in expected.items() if v[0] in ("Consultation", "Survey")}
    with app.test_request_context("/get-involved?area=kent"):
        data = involvement_page(today=DAY)
    assert data.council == "kent" and data.council_name == "Kent"
    assert [i.iri for i in data.open_now] == sorted(
        (i for i, (_k, s, e) in consultations.items() if s <= day <= e), key=lambda i: consultations[i][2]
    )
    assert [i.iri for i in data.coming_soon] == sorted(
        (i for i, (_k, s, _e) in consultations.items() if day < s), key=lambda i: consultations[i][1]
    )
    assert [i.iri for i in data.closed] == sorted(
        (i for i, (_k, _s, e) in consultations.items() if e < day), key=lambda i: consultations[i][2], reverse=True
    )
    trainings = {i: v for i, v in expected.items() if v[0] == "ParentTraining"}
    assert [i.iri for i in data.training] == sorted(
        (i for i, (_k, _s, e) in trainings.items() if e[:10] >= day), key=lambda i: trainings[i][1]
    )
    assert len(data.training) < len(trainings), "the sample has a past session, which is left out"
    assert all(i.is_sample for i in [*data.open_now, *data.coming_soon, *data.closed, *data.training])
    assert data.open_now and data.coming_soon and data.closed and data.training and data.youth_forums
    surveys = {i.iri for i in [*data.open_now, *data.coming_soon, *data.closed] if i.kind == "survey"}
    assert surveys == {i for i, v in consultations.items() if v[0] == "Survey"}


def test_the_order_follows_the_day(app):
    """The same records move from "coming soon" to "open" to "closed" as the days pass."""
    survey = BASE + "consultation/kent-local-offer-survey"
    _kind, opens, closes = _sample_dates()[survey]
    where = {}
    for day in (date.fromisoformat(opens).replace(day=1), date.fromisoformat(opens), date.fromisoformat(closes)):
        with app.test_request_context("/get-involved?area=kent"):
            data = involvement_page(today=day)
        where[day] = next(
            name for name in ("open_now", "coming_soon", "closed") if survey in {i.iri for i in getattr(data, name)}
        )
    assert list(where.values()) == ["coming_soon", "open_now", "open_now"]  # open on the day it closes too
    with app.test_request_context("/get-involved?area=kent"):
        after = involvement_page(today=date.fromordinal(date.fromisoformat(closes).toordinal() + 1))
    assert survey in {i.iri for i in after.closed}


def test_the_page_in_html_says_it_plainly(client):
    page = client.get("/get-involved?area=kent")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert '<h1 class="govuk-heading-xl">How to get involved in Kent</h1>' in html
    assert "Have your say in how Kent runs its services" in html
    # the real forum, by name, with what forums are and the sources the data cites
    assert "Kent Parents and Carers Together (Kent PACT)" in html
    assert "paid through Contact" in html and 'href="https://contact.org.uk/"' in html
    assert "paragraphs 4.12 to 4.13" in html
    assert 'href="https://www.gov.uk/government/publications/send-code-of-practice-0-to-25"' in html
    # sections in order: forum, youth forum, open now, training, past consultations
    order = [html.index(f'id="{name}-heading"') for name in ("forum", "youth", "open", "training", "closed", "why")]
    assert order == sorted(order)
    twin = client.get("/get-involved.json?area=kent").get_json()["involvement"]
    for item in twin["closed"]:
        section = html[html.index('id="closed-heading"') :]
        assert item["url"] in section
        assert f'<time datetime="{item["end"]}">{item["end_words"]}</time>' in section
        if item["what_we_did"]:
            assert item["what_we_did"] in section
    assert any(i["what_we_did"] for i in twin["closed"]) and any(not i["what_we_did"] for i in twin["closed"])
    assert "We will publish what we did here." in html
    assert "invented sample data" in html


def test_the_json_twin_holds_the_same_lists(client):
    twin = client.get("/get-involved.json?area=surrey")
    assert twin.status_code == 200 and twin.mimetype == "application/json"
    data = twin.get_json()["involvement"]
    assert data["council"] == "surrey" and data["forum"]["label"]
    html = client.get("/get-involved?area=surrey").get_data(as_text=True)
    for name in ("open_now", "coming_soon", "training", "closed", "youth_forums"):
        for item in data[name]:
            assert item["url"] in html, (name, item["iri"])
            assert item["iri"].startswith(BASE) and item["is_sample"] is True
    for item in data["training"]:
        assert item["mode"] in {"online", "in person", "online or in person"} and item["for_whom"]
    assert {n["iri"].rsplit("/", 1)[-1] for n in data["notes"]} == {"parent-carer-forums", "co-production"}
    assert all(n["sources"] for n in data["notes"])


@pytest.mark.parametrize("council", COUNCILS)
def test_every_se7_council_has_sample_involvement(client, council):
    data = client.get(f"/get-involved.json?area={council}").get_json()["involvement"]
    assert data["forum"] is not None, "every English area has a parent carer forum"
    assert data["youth_forums"]
    everything = data["open_now"] + data["coming_soon"] + data["closed"] + data["training"]
    assert {i["kind"] for i in everything} >= {"consultation", "survey", "training"}


def test_no_council_chosen_offers_the_councils_and_a_bad_one_is_refused(client):
    page = client.get("/get-involved?area=all")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for slug in COUNCILS:
        assert f'href="/get-involved?area={slug}"' in html
    bad = client.get("/get-involved?area=<script>")
    assert bad.status_code == 400
    assert "area" in bad.get_data(as_text=True) and "<script>" not in bad.get_data(as_text=True)


def test_each_record_is_a_node_with_a_page_and_rdf(client):
    iri = BASE + "consultation/kent-travel-policy-consultation"
    page = client.get("/id/consultation/kent-travel-policy-consultation")
    assert page.status_code == 200
    assert "Travel to school for children with SEND" in page.get_data(as_text=True)
    turtle = client.get("/id/consultation/kent-travel-policy-consultation", headers={"Accept": "text/turtle"})
    assert turtle.status_code == 200
    triples = {q.triple for q in ox.parse(turtle.get_data(), format=ox.RdfFormat.TURTLE)}
    subject = ox.NamedNode(iri)
    assert ox.Triple(subject, ox.NamedNode(LO + "involvementIn"), ox.NamedNode(BASE + "area/kent")) in triples
    closes = [t.object for t in triples if t.subject == subject and t.predicate == ox.NamedNode(SCHEMA + "endDate")]
    assert closes and closes[0].datatype == ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")
    assert any(t.predicate == ox.NamedNode(LO + "whatWeDid") for t in triples if t.subject == subject)
    for kind, slug in (
        ("training", "kent-sleep-workshop"),
        ("youth-forum", "kent-send-youth-voice"),
        ("note", "co-production"),
    ):
        assert client.get(f"/id/{kind}/{slug}").status_code == 200, (kind, slug)


@pytest.mark.parametrize(
    "path",
    sorted(
        {
            *standard_pages.PAGE_KINDS,  # one page of each kind (family, professional, staff, error, standard)
            "/changes?area=kent",
            "/you-said-we-did",
            "/get-involved",
            "/get-involved?area=kent",
            "/id/consultation/kent-short-breaks-review",
        }
    ),
)
def test_every_page_type_links_to_it_in_the_footer(client, path):
    response = client.get(path)
    assert response.status_code in (200, 404), path  # 404: the error page has the footer too
    html = response.get_data(as_text=True)
    footer = html[html.index('<footer class="govuk-footer">') :]
    assert re.search(r'<a class="govuk-footer__link" href="/get-involved">How to get involved', footer), path


def test_you_said_we_did_links_to_it(client):
    html = client.get("/you-said-we-did").get_data(as_text=True)
    main = html[: html.index('<footer class="govuk-footer">')]
    assert 'href="/get-involved"' in main


# --- the shapes -------------------------------------------------------------------------------------------

PREFIXES = f"""@prefix lo: <{LO}> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix schema: <{SCHEMA}> .
@prefix dcterms: <http://purl.org/dc/terms/> . @prefix area: <{BASE}area/> .
@prefix c: <{BASE}consultation/> . @prefix t: <{BASE}training/> .
area:kent a lo:LocalAuthority . schema:OnlineEventAttendanceMode a schema:EventAttendanceModeEnumeration .
"""
GOOD = """c:kent-test a lo:Consultation ;
    rdfs:label "Short breaks: have your say"@en ;
    dcterms:description "Tell us what helps your family and what is missing."@en ;
    lo:involvementIn area:kent ;
    schema:startDate "2027-01-10"^^xsd:date ; schema:endDate "2027-02-28"^^xsd:date .
t:kent-test a lo:ParentTraining ;
    rdfs:label "Understanding EHC plans"@en ;
    dcterms:description "A free session on what an EHC plan is and how to ask for one."@en ;
    lo:involvementIn area:kent ; lo:forWhom "Parents of children aged 0 to 25"@en ;
    schema:eventAttendanceMode schema:OnlineEventAttendanceMode ;
    schema:startDate "2027-01-20T10:00:00"^^xsd:dateTime ; schema:endDate "2027-01-20T12:00:00"^^xsd:dateTime .
"""


def _violations(turtle: str) -> set[tuple[str, str, str]]:
    """(record, field, message) of every violation, by pyshacl and by the build's compiled SPARQL alike."""
    return _graph_violations(rdflib.Graph().parse(data=PREFIXES + turtle, format="turtle"))


def _graph_violations(graph: rdflib.Graph) -> set[tuple[str, str, str]]:
    """What the build's compiled SPARQL check refuses, compared with pyshacl (the reference) where it can say."""
    store = ox.Store()
    store.load(graph.serialize(format="nt").encode(), format=ox.RdfFormat.N_TRIPLES)
    by_sparql = {
        (v.focus, v.field, v.message)
        for v in shacl_sparql.validate(lambda q: list(store.query(q)), SHAPES)
        if v.severity == "Violation"
    }
    try:
        found = validation.validate(graph, SHAPES)
    except TypeError:  # pyshacl cannot compare an ill-formed start date with sh:lessThanOrEquals (rdflib raises)
        return by_sparql
    by_pyshacl = {(v.focus, v.field, v.message) for v in found if v.severity == "Violation"}
    # the compiled check also flags the start when the end is no real date ("cannot be compared", as the SHACL
    # spec says of sh:lessThanOrEquals); pyshacl lets that pair pass. Everything else is the same.
    extra = by_sparql - by_pyshacl
    assert by_pyshacl <= by_sparql and all(field == "schema:startDate" for _f, field, _m in extra), extra
    return by_sparql


def test_good_records_and_the_whole_sample_conform():
    assert _violations(GOOD) == set()
    graph = rdflib.Graph().parse(data=PREFIXES, format="turtle").parse(SAMPLE)
    for council in COUNCILS:
        graph.add((rdflib.URIRef(f"{BASE}area/{council}"), rdflib.RDF.type, rdflib.URIRef(LO + "LocalAuthority")))
    for survey in list(graph.subjects(rdflib.RDF.type, rdflib.URIRef(LO + "Survey"))):
        graph.add((survey, rdflib.RDF.type, rdflib.URIRef(LO + "Consultation")))  # as the build's reasoning does
    for mode in ("Offline", "Mixed"):
        enumeration = rdflib.URIRef(SCHEMA + "EventAttendanceModeEnumeration")
        graph.add((rdflib.URIRef(f"{SCHEMA}{mode}EventAttendanceMode"), rdflib.RDF.type, enumeration))
    assert len(set(graph.subjects(rdflib.URIRef(LO + "involvementIn"), None))) >= 7 * 8
    assert _graph_violations(graph) == set()


@pytest.mark.parametrize(
    ("change", "record", "field"),
    [
        # closes before it opens
        (lambda t: t.replace('"2027-02-28"^^xsd:date', '"2026-12-01"^^xsd:date'), "consultation", "schema:startDate"),
        # a day that does not exist (the end is still after the start as text)
        (lambda t: t.replace('"2027-02-28"^^xsd:date', '"2027-02-30"^^xsd:date'), "consultation", "schema:endDate"),
        (lambda t: t.replace('"2027-01-10"^^xsd:date', '"2027-13-01"^^xsd:date'), "consultation", "schema:startDate"),
        (lambda t: t.replace('"2027-01-10"^^xsd:date', '"soon"^^xsd:date'), "consultation", "schema:startDate"),
        # 29 February only in a leap year
        (lambda t: t.replace('"2027-01-10"^^xsd:date', '"2027-02-29"^^xsd:date'), "consultation", "schema:startDate"),
        (lambda t: t.replace('schema:endDate "2027-02-28"^^xsd:date', ""), "consultation", "schema:endDate"),
        # a session that ends before it starts, or at an hour that does not exist
        (lambda t: t.replace("2027-01-20T12:00:00", "2027-01-20T09:00:00"), "training", "schema:startDate"),
        (lambda t: t.replace("2027-01-20T12:00:00", "2027-01-20T25:00:00"), "training", "schema:endDate"),
    ],
)
def test_a_bad_date_is_refused_naming_the_record_and_field(change, record: str, field: str):
    found = _violations(change(GOOD))
    focus = f"{BASE}{record}/kent-test"
    assert any(f == focus and name == field for f, name, _m in found), found
    message = next(m for f, name, m in found if f == focus and name == field)
    assert "date" in message and re.search(r"20\d\d-\d\d-\d\d", message), message  # says how to write it


def test_a_leap_day_is_a_real_date():
    assert (
        _violations(
            GOOD.replace('"2027-01-10"^^xsd:date', '"2028-02-29"^^xsd:date').replace("2027-02-28", "2028-03-01")
        )
        == set()
    )


def test_a_records_first_screen_says_its_status_and_leads_back_to_the_list(client):
    page = client.get("/id/consultation/kent-travel-policy-consultation").get_data(as_text=True)
    twin = client.get("/id/consultation/kent-travel-policy-consultation.json").get_json()["involvement"]
    item = twin["item"]
    assert item["status"] == "closed" and item["what_we_did"]  # closed in 2026, whatever day the test runs
    first = page[: page.index("All connections")]
    assert f'Closed on <time datetime="{item["end"]}">{item["end_words"]}</time>' in first
    assert "What we did:" in first and item["what_we_did"] in first
    assert 'href="/get-involved?area=kent"' in first and twin["page_url"] == "/get-involved?area=kent"
    training = client.get("/id/training/kent-sleep-workshop.json").get_json()["involvement"]["item"]
    html = client.get("/id/training/kent-sleep-workshop").get_data(as_text=True)
    assert training["kind"] == "training" and training["mode"] == "in person"
    assert f'<time datetime="{training["start"]}">{training["start_words"]}</time>' in html
    assert ("Book a place" in html) == (training["status"] == "upcoming")
    assert "Maidstone Family Hub (sample venue)." in html


def test_a_councils_page_links_to_its_involvement_page_and_other_records_get_nothing(client):
    html = client.get("/id/area/medway").get_data(as_text=True)
    assert 'href="/get-involved?area=medway">How to get involved in Medway</a>' in html
    assert client.get("/id/need/autism.json").get_json()["involvement"] is None


def test_a_date_that_is_no_date_is_shown_as_written_not_a_failure(app):
    """Imported data the shapes would refuse still gives a page (the build reports the record and field)."""
    from graph_app.web.explore import involvement_page as module

    with app.test_request_context("/get-involved?area=kent"):
        assert module._when("2027-02-30") == "2027-02-30"
        assert module._when("2027-01-20T10:00:00") == "20 January 2027, 10:00"
        assert module._when("2027-01-20T12:00:00", day_too=False) == "12:00"
