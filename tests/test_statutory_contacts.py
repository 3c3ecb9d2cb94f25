"""Issue 14: each SE7 council's SEN team, mediation adviser and SENDIASS are contact records linked from
the council and from the statutory steps; nothing unchecked is passed off as checked; time limits and
official GOV.UK links are in the data with their sources."""

from __future__ import annotations

import re

import pytest
import rdflib
from rdflib.namespace import RDF, RDFS

from graph_app.config import PROJECT_ROOT

LO = rdflib.Namespace("https://w3id.org/se7-local-offer/def#")
SCHEMA = rdflib.Namespace("https://schema.org/")
DCT = rdflib.Namespace("http://purl.org/dc/terms/")
ID = "https://w3id.org/se7-local-offer/id/"
COUNCILS = ("brighton-and-hove", "east-sussex", "hampshire", "kent", "medway", "surrey", "west-sussex")
TRIBUNAL = rdflib.URIRef(
    "https://www.gov.uk/courts-tribunals/first-tier-tribunal-special-educational-needs-and-disability"
)
APPEAL = rdflib.URIRef("https://www.gov.uk/appeal-ehc-plan-decision")
# The council's main website is the only detail given; the domain of each is well known.
COUNCIL_SITES = {
    "brighton-and-hove": "www.brighton-hove.gov.uk",
    "east-sussex": "www.eastsussex.gov.uk",
    "hampshire": "www.hants.gov.uk",
    "kent": "www.kent.gov.uk",
    "medway": "www.medway.gov.uk",
    "surrey": "www.surreycc.gov.uk",
    "west-sussex": "www.westsussex.gov.uk",
}
OFFICIAL_SOURCE = re.compile(r"^https://(www\.legislation\.gov\.uk|www\.gov\.uk)/")


def node(kind: str, slug: str) -> rdflib.URIRef:
    return rdflib.URIRef(f"{ID}{kind}/{slug}")


@pytest.fixture(scope="module")
def g() -> rdflib.Graph:
    graph = rdflib.Graph()
    for name in (
        "ontology/core.ttl",
        "ontology/schemes.ttl",
        "data/areas.ttl",
        "data/pathways.ttl",
        "data/statutory-contacts.ttl",
        "data/urgent-help.ttl",
        "data/framework/headings.ttl",
    ):
        graph.parse(PROJECT_ROOT / name)
    return graph


@pytest.mark.parametrize("council", COUNCILS)
def test_each_council_has_its_three_statutory_contacts(g, council):
    area = node("area", council)
    roles = {LO.senTeam: "sen-team", LO.mediationService: "mediation", LO.informationAdviceSupport: "iass"}
    for prop, suffix in roles.items():
        contact = g.value(area, prop)
        assert contact == node("contact", f"{council}-{suffix}"), (council, prop)
        assert (contact, RDF.type, LO.Contact) in g
        assert g.value(contact, LO.locatedIn) == area  # a page picks the family's council's contact by this
        assert g.value(contact, RDFS.label)
        # nothing here was checked against a live page, so every record says so and what to check
        assert g.value(contact, LO.verificationStatus) == LO.Unverified, contact
        assert "check before publishing" in str(g.value(contact, LO.verificationNote)).lower(), contact
        sources = list(g.objects(contact, DCT.source))
        assert sources, contact


@pytest.mark.parametrize("council", COUNCILS)
def test_no_invented_phone_email_or_address_for_a_real_council(g, council):
    for suffix in ("sen-team", "mediation", "iass"):
        contact = node("contact", f"{council}-{suffix}")
        for prop in (SCHEMA.telephone, SCHEMA.email, SCHEMA.streetAddress, SCHEMA.postalCode):
            assert g.value(contact, prop) is None, (contact, prop)
    for suffix in ("sen-team", "mediation"):
        url = str(g.value(node("contact", f"{council}-{suffix}"), SCHEMA.url))
        assert url == f"https://{COUNCIL_SITES[council]}/", url


STEPS_AND_ROLES = {
    "ehc-01-request": {"sen-team", "iass"},
    "ehc-02-decision-to-assess": {"sen-team", "mediation"},
    "ehc-06-final-plan": {"sen-team", "mediation"},
    "resolve-03-mediation": {"mediation", "iass"},
    "resolve-04-appeal": {"mediation", "iass"},
    "ehc-review-02-decision": {"sen-team", "mediation"},
}


@pytest.mark.parametrize(("step", "roles"), STEPS_AND_ROLES.items())
def test_statutory_steps_link_every_councils_contact(g, step, roles):
    linked = set(g.objects(node("step", step), LO.localContact))
    assert linked == {node("contact", f"{c}-{r}") for c in COUNCILS for r in roles}


def test_every_local_contact_belongs_to_one_council(g):
    for step, contact in g.subject_objects(LO.localContact):
        councils = list(g.objects(contact, LO.locatedIn))
        assert len(councils) == 1 and str(councils[0]).removeprefix(f"{ID}area/") in COUNCILS, (step, contact)


def test_appeal_steps_link_gov_uk_tribunal_pages(g):
    assert {APPEAL, TRIBUNAL} <= set(g.objects(node("step", "resolve-04-appeal"), LO.officialGuidance))
    assert {APPEAL, TRIBUNAL} <= set(g.objects(node("pathway", "resolving-disagreements"), LO.officialGuidance))
    assert {APPEAL, TRIBUNAL} <= set(g.objects(node("resolution-stage", "appeal-to-tribunal"), LO.officialGuidance))
    for step in ("ehc-02-decision-to-assess", "ehc-04-decision-on-plan", "ehc-06-final-plan", "resolve-03-mediation"):
        assert APPEAL in set(g.objects(node("step", step), LO.officialGuidance)), step


@pytest.mark.parametrize(
    ("step", "words", "source"),
    [
        ("ehc-02-decision-to-assess", "6 weeks", "https://www.legislation.gov.uk/uksi/2014/1530/regulation/5"),
        ("ehc-04-decision-on-plan", "16 weeks", "https://www.legislation.gov.uk/uksi/2014/1530/regulation/10"),
        ("ehc-06-final-plan", "20 weeks", "https://www.legislation.gov.uk/uksi/2014/1530/regulation/13"),
        ("resolve-03-mediation", "30 days", "https://www.legislation.gov.uk/uksi/2014/1530/regulation/33"),
        ("resolve-03-mediation", "3 working days", "https://www.legislation.gov.uk/uksi/2014/1530/regulation/33"),
        ("resolve-04-appeal", "two months", "https://www.legislation.gov.uk/uksi/2008/2699/rule/20"),
        ("resolve-04-appeal", "one month", "https://www.legislation.gov.uk/uksi/2008/2699/rule/20"),
        ("ehc-review-01-meeting", "12 months", "https://www.legislation.gov.uk/ukpga/2014/6/section/44"),
        (
            "ehc-review-02-decision",
            "4 weeks",
            "https://www.gov.uk/government/publications/send-code-of-practice-0-to-25",
        ),
    ],
)
def test_time_limits_are_stated_with_their_source(g, step, words, source):
    s = node("step", step)
    assert words in str(g.value(s, LO.timescale)), (step, str(g.value(s, LO.timescale)))
    assert rdflib.URIRef(source) in set(g.objects(s, LO.timeLimitSource)), step


def test_every_time_limit_source_is_official(g):
    sources = list(g.objects(None, LO.timeLimitSource))
    assert len(sources) >= 12
    assert all(OFFICIAL_SOURCE.match(str(s)) for s in sources), sources


def test_annual_review_pathway_follows_the_final_plan(g):
    review = node("pathway", "ehc-annual-review")
    assert (review, RDF.type, LO.StatutoryPathway) in g
    assert review in set(g.objects(node("step", "ehc-06-final-plan"), RDFS.seeAlso))
    steps = sorted(g.objects(review, LO.hasStep), key=lambda s: int(g.value(s, LO.position)))
    assert [int(g.value(s, LO.position)) for s in steps] == [1, 2, 3]
    assert all(g.value(s, LO.deadlineWeeks) is None for s in steps)  # they count from the plan, not the request


def test_urgent_help_contacts_are_the_national_services(g):
    expected = {
        "urgent-999-emergency": "999",
        "urgent-nhs-111-mental-health": "111",
        "urgent-samaritans": "116 123",
        "urgent-childline": "0800 1111",
        "urgent-shout": "85258",
    }
    for slug, number in expected.items():
        contact = node("contact", slug)
        assert str(g.value(contact, SCHEMA.telephone)) == number
        assert number in str(g.value(contact, RDFS.label))
        assert list(g.objects(contact, DCT.source)), slug
        assert g.value(contact, LO.verificationStatus) == LO.Unverified
