"""The glossary: every acronym families meet has a plain-English definition and its long form, the page
lists them A to Z with anchors (and a JSON twin), and the `abbr` filter explains only the first use."""

import re

import pytest
from flask import render_template_string
from markupsafe import Markup

from graph_app.web.explore.glossary import abbr, load_glossary

# the acronyms and terms the brief names: each must be in the glossary with a definition
REQUIRED = [
    "EHC",
    "EHC plan",
    "EHC needs assessment",
    "SEN",
    "SEND",
    "SENCO",
    "SENDIASS",
    "IASS",
    "PCF",
    "SEMH",
    "SLCN",
    "SpLD",
    "MLD",
    "SLD",
    "PMLD",
    "HI",
    "VI",
    "MSI",
    "PD",
    "ASD",
    "ASC",
    "ADHD",
    "OT",
    "SALT",
    "SLT",
    "CAMHS",
    "GP",
    "LA",
    "ICB",
    "PfA",
    "DLA",
    "PIP",
    "EHCP",
    "SEN support",
    "Local Offer",
    "personal budget",
    "direct payment",
    "short breaks",
    "tribunal",
    "SENDIST",
    "mediation",
    "annual review",
    "transition",
    "post-16",
    "Ofsted",
    "CQC",
    "CYPP",
    "CAF",
    "section 17",
]


@pytest.fixture
def terms(app):
    with app.test_request_context("/"):
        glossary = load_glossary()
        return {t.labels["en"]: t for t in glossary.terms.values()}


@pytest.mark.parametrize("label", REQUIRED)
def test_every_required_term_is_defined_in_plain_english(terms, label):
    assert label in terms, f"{label} is missing from data/glossary.ttl"
    term = terms[label]
    definition = term.definitions.get("en", "")
    assert len(definition.split()) >= 8, f"{label}: the definition is too short to explain anything"
    if term.is_abbreviation:
        long_form = term.long_forms["en"]
        assert long_form and long_form != label and not long_form.isupper()


def test_acronyms_have_exactly_one_long_form_per_language(app, embedded_store, library, built):
    from pyoxigraph import NamedNode

    rows = library.select(
        embedded_store,
        "navigate/glossary_terms",
        scheme=NamedNode("https://w3id.org/se7-local-offer/id/scheme/glossary"),
    )
    seen = {}
    for row in rows:
        if row["field"].value == "altLabel":
            key = (row["term"].value, row["value"].language)
            assert key not in seen, f"{key} has two long forms: {seen[key]!r} and {row['value'].value!r}"
            seen[key] = row["value"].value


def test_glossary_page_lists_terms_a_to_z_with_anchors(client):
    html = client.get("/glossary").get_data(as_text=True)
    ids = re.findall(r'<dt class="se7-glossary__term" id="([a-z0-9-]+)"', html)
    assert {"ehc-plan", "senco", "sendiass", "section-17"} <= set(ids)
    letters = re.findall(r'<h2 class="govuk-heading-l" id="letter-([A-Z#])"', html)
    assert letters == sorted(letters) and len(letters) >= 10
    labels = re.findall(r'class="govuk-heading-m se7-glossary__label"[^>]*>([^<]+)<', html)
    assert [label.casefold() for label in labels] == sorted(label.casefold() for label in labels)
    assert 'href="#letter-S"' in html


def test_glossary_has_a_json_twin(client):
    data = client.get("/glossary.json").get_json()
    by_slug = {t["slug"]: t for t in data["terms"]}
    assert by_slug["senco"]["long_form"] == "special educational needs co-ordinator"
    assert by_slug["ehc-plan"]["definition"]
    assert any(s["url"] == "/id/clause/cfa-2014-s37" for s in by_slug["ehc-plan"]["sources"])


def test_glossary_picks_the_readers_language_with_english_fallback(client):
    data = client.get("/glossary.json", headers={"Accept-Language": "pl"}).get_json()
    by_slug = {t["slug"]: t for t in data["terms"]}
    assert by_slug["local-offer"]["label"] == "Lokalna oferta"
    assert by_slug["local-offer"]["definition_language"] == "pl"
    assert by_slug["senco"]["definition_language"] == "pl"  # data/translations/pl.ttl
    # a language the data has no words in: every term falls back to English
    other = client.get("/glossary.json", headers={"Accept-Language": "fr"}).get_json()
    assert {t["definition_language"] for t in other["terms"]} == {"en"}
    assert {t["slug"]: t for t in other["terms"]}["local-offer"]["label"] == "Local Offer"
    html = client.get("/glossary", headers={"Accept-Language": "pl"}).get_data(as_text=True)
    # the terms in Polish, whether the interface around them is Polish yet or still English (marked lang="pl"
    # then: test_i18n.py): the interface waits for the catalogue to have every string
    assert re.search(r'(lang="pl")?>Lokalna oferta<', html)
    assert re.search(r'<p class="govuk-body"( lang="pl")?>Nauczyciel w szkole lub przedszkolu', html)


def test_abbr_marks_only_the_first_use_on_a_page(app):
    with app.test_request_context("/"):
        first = abbr("Ask the SENCO about SEN support. The SENCO can help.")
        second = abbr("Your SENCO again, and SEND.")
    assert str(first).count("<abbr") == 2
    assert '<abbr title="special educational needs co-ordinator">SENCO</abbr> about' in first
    assert '<abbr title="special educational needs">SEN</abbr> support' in first
    assert "The SENCO can help" in first
    assert str(second) == 'Your SENCO again, and <abbr title="special educational needs and disabilities">SEND</abbr>.'


def test_first_use_starts_again_on_each_page(app):
    for _ in range(2):
        with app.test_request_context("/"):
            assert "<abbr" in abbr("CAMHS")


def test_abbr_escapes_html_and_returns_markup(app):
    with app.test_request_context("/"):
        out = abbr('<script>alert("SEN")</script> & SEMH')
    assert isinstance(out, Markup)
    assert "<script>" not in out
    assert "&lt;script&gt;" in out and "&amp;" in out
    assert '<abbr title="social, emotional and mental health">SEMH</abbr>' in out


def test_abbr_leaves_tags_and_existing_abbreviations_alone(app):
    with app.test_request_context("/"):
        out = abbr(Markup('<a href="/x?SEN=1" title="SEN">SEN</a> <abbr title="x">ADHD</abbr> ADHD'))
    assert 'href="/x?SEN=1" title="SEN"' in out
    assert '<a href="/x?SEN=1" title="SEN"><abbr title="special educational needs">SEN</abbr></a>' in out
    assert out.count("<abbr") == 2  # the existing one, and SEN; the later ADHD is not wrapped again


def test_abbr_does_not_match_inside_words(app):
    with app.test_request_context("/"):
        out = abbr("SENDIASS, SENDING, PIPE and LAD")
    assert out.count("<abbr") == 1 and ">SENDIASS</abbr>" in out


def test_abbr_filter_is_available_to_templates(app):
    with app.test_request_context("/"):
        html = render_template_string("{{ 'Ask your GP. Your GP knows.'|abbr }}")
    assert html.count("<abbr") == 1 and 'title="general practitioner"' in html


def test_base_layout_explains_its_own_acronyms(client):
    html = client.get("/glossary").get_data(as_text=True)
    assert html.count('<abbr title="South East 7">SE7</abbr>') == 1
