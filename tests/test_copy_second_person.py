"""Issue 14: the texts families read are the Local Offer itself, in the second person, saying what to do;
kinds have families' names; misspellings are searchable (skos:hiddenLabel) but never shown."""

from __future__ import annotations

import re

import pytest
import rdflib
from rdflib.namespace import RDF, RDFS, SKOS

from graph_app.config import PROJECT_ROOT

LO = rdflib.Namespace("https://w3id.org/se7-local-offer/def#")
DCT = rdflib.Namespace("http://purl.org/dc/terms/")
ID = "https://w3id.org/se7-local-offer/id/"
# Talking about the Local Offer instead of being it.
ABOUT_THE_OFFER = re.compile(r"\b(the local offer should|should (include|tell|say|set out)|must include)\b", re.I)
SECOND_PERSON = re.compile(r"\b(you|your)\b", re.I)


@pytest.fixture(scope="module")
def g() -> rdflib.Graph:
    graph = rdflib.Graph()
    for name in (
        "ontology/core.ttl",
        "ontology/needs.ttl",
        "ontology/schemes.ttl",
        "data/pathways.ttl",
        "data/framework/headings.ttl",
    ):
        graph.parse(PROJECT_ROOT / name)
    return graph


def texts(g, subject):
    return [str(o) for p in (SKOS.definition, DCT.description) for o in g.objects(subject, p)]


def test_resolution_stages_speak_to_the_family(g):
    stages = list(g.subjects(RDF.type, LO.ResolutionStage))
    assert len(stages) == 4
    for stage in stages:
        for text in texts(g, stage):
            assert SECOND_PERSON.search(text) and not ABOUT_THE_OFFER.search(text), (stage, text)


def test_statutory_and_disagreement_steps_speak_to_the_family(g):
    pathways = [
        rdflib.URIRef(f"{ID}pathway/{p}")
        for p in ("ehc-needs-assessment", "resolving-disagreements", "ehc-annual-review")
    ]
    steps = [s for p in pathways for s in g.objects(p, LO.hasStep)]
    assert len(steps) == 13
    for subject in pathways + steps:
        for text in texts(g, subject):
            assert SECOND_PERSON.search(text) and not ABOUT_THE_OFFER.search(text), (subject, text)


def test_things_going_wrong_topics_say_what_to_do(g):
    root = rdflib.URIRef(f"{ID}heading/things-going-wrong")
    topics = [root, *g.subjects(SKOS.broader, root)]
    assert len(topics) >= 8
    for topic in topics:
        for text in texts(g, topic):
            assert SECOND_PERSON.search(text) and not ABOUT_THE_OFFER.search(text), (topic, text)


def test_no_topic_talks_about_what_the_local_offer_should_contain(g):
    offenders = [
        (s, t)
        for s in g.subjects(RDF.type, LO.LocalOfferHeading)
        for t in texts(g, s)
        if ABOUT_THE_OFFER.search(t) and "you" not in t.lower()
    ]
    assert offenders == []


@pytest.mark.parametrize(
    ("cls", "name"),
    [
        ("LocalOfferHeading", "Topic"),
        ("PathwayStep", "Step"),
        ("FundingRoute", "Ways to pay"),
        ("ReferralRoute", "How to ask for it"),
        ("EligibilityCriterion", "Who can use it"),
        ("LocalAuthority", "Council area"),
    ],
)
def test_kinds_have_families_names(g, cls, name):
    labels = [str(o) for o in g.objects(LO[cls], RDFS.label)]
    assert labels == [name]
    # the internal name stays findable for professionals
    assert list(g.objects(LO[cls], SKOS.altLabel))


MISSPELLINGS = {
    "autism": {"autisum", "austism", "autisim", "asbergers"},
    "dyslexia": {"dislexia", "dyslexsia"},
    "anxiety": {"anxity", "anxeity"},
    "epilepsy": {"epilepsey", "epilespy"},
    "asthma": {"athsma", "asma"},
    "mental-health": {"mental heath"},
}


@pytest.mark.parametrize(("need", "words"), MISSPELLINGS.items())
def test_misspellings_are_hidden_labels_not_alt_labels(g, need, words):
    subject = rdflib.URIRef(f"{ID}need/{need}")
    alt = {str(o).lower() for o in g.objects(subject, SKOS.altLabel)}
    hidden = {str(o).lower() for o in g.objects(subject, SKOS.hiddenLabel)}
    assert words <= hidden and not (words & alt)


def test_no_known_misspelling_left_among_shown_words(g):
    every_misspelling = {w for group in MISSPELLINGS.values() for w in group} | {
        "speach delay",
        "dispraxia",
        "dislexic",
        "discalculia",
        "dyscalcula",
        "celebral palsy",
        "cerebal palsy",
        "cerebral palsey",
        "diabetis",
        "diabeties",
    }
    shown = {str(o).lower() for o in g.objects(None, SKOS.altLabel)} | {
        str(o).lower() for o in g.objects(None, SKOS.prefLabel)
    }
    assert not (every_misspelling & shown)
    hidden = {str(o).lower() for o in g.objects(None, SKOS.hiddenLabel)}
    assert every_misspelling <= hidden
