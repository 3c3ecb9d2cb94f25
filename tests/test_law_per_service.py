"""Law per service (issue 16): every kind of service cites the law behind the service itself, not only the
duty to publish a Local Offer (Children and Families Act 2014, section 30); each clause it cites has a
plain-English summary and its legislation.gov.uk source; the build warns about any service that cites only
the duty, the real sample has none, and record pages show each clause's summary."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pyoxigraph as ox
import pytest
from build_helpers import make_settings, quiet_build
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF

from graph_app.build import law_check
from graph_app.build.pipeline import _InProcessStore
from graph_app.config import PROJECT_ROOT
from graph_app.layout import Layout
from graph_app.sample.catalogue import KINDS

ID = "https://w3id.org/se7-local-offer/id/"
LO = "https://w3id.org/se7-local-offer/def#"
ONTOLOGY = PROJECT_ROOT / "ontology"
MINIMAL = PROJECT_ROOT / "tests" / "fixtures" / "build" / "minimal"
DUTY_WARNING = "cite only the Local Offer duty"


def in_duty(slug: str) -> bool:
    """Section 30 itself or one of its subdivisions (such as s.30(2)(e))."""
    return slug == "cfa-2014-s30" or slug.startswith("cfa-2014-s30-")


@pytest.fixture(scope="module")
def law() -> Graph:
    return Graph().parse(ONTOLOGY / "legislation.ttl")


def ages_a_service_can_have(candidates: tuple[tuple[int, int], ...]) -> set[tuple[int, int]]:
    """Every (min, max) the generator can give (services.py _ages narrows a wide range by up to 2 and 1)."""
    found = set()
    for lo, hi in candidates:
        for raise_lo in range(3):
            for lower_hi in range(2):
                if hi - lo > 4 or (raise_lo, lower_hi) == (0, 0):
                    found.add((lo + raise_lo, hi - lower_hi))
    return found


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.key)
def test_every_kind_cites_law_beyond_the_local_offer_duty_at_every_age(kind, law):
    for lo, hi in sorted(ages_a_service_can_have(kind.ages)):
        clauses = kind.clauses(lo, hi)
        assert any(not in_duty(c) for c in clauses), (kind.key, lo, hi, clauses)
        for slug in clauses:
            clause = URIRef(f"{ID}clause/{slug}")
            assert (clause, RDF.type, URIRef(LO + "LegislationClause")) in law, slug


def test_travel_law_follows_the_age():
    travel = next(k for k in KINDS if k.key == "travel-assistance")
    # whole years, both ends inclusive: compulsory school age is 5 to 15, sixth form age 16 to 18
    assert set(travel.clauses(4, 15)) == {"ea-1996-s508b", "ea-1996-sch35b", "ea-1996-s508c"}
    assert set(travel.clauses(4, 16)) == {"ea-1996-s508b", "ea-1996-sch35b", "ea-1996-s508c", "ea-1996-s509aa"}
    assert set(travel.clauses(16, 25)) == {"ea-1996-s509aa", "ea-1996-s508f"}
    assert set(travel.clauses(19, 25)) == {"ea-1996-s508f"}


def test_each_cited_clause_is_summarised_and_sourced(law):
    cited = {slug for kind in KINDS for lo, hi in kind.ages for slug in kind.clauses(lo, hi)}
    assert len(cited) >= 40
    for slug in cited:
        clause = URIRef(f"{ID}clause/{slug}")
        summary = [o for o in law.objects(clause, DCTERMS.description) if isinstance(o, Literal) and o.language == "en"]
        assert len(summary) == 1 and len(str(summary[0])) > 60, slug
        sources = [str(o) for o in law.objects(clause, DCTERMS.source)]
        assert sources and all(s.startswith("http://www.legislation.gov.uk/") for s in sources), slug


def test_families_are_spoken_to_in_the_second_person(law):
    texts = {
        str(law.value(URIRef(f"{ID}clause/{slug}"), DCTERMS.description))
        for slug in ("ea-1996-s508b", "care-2014-s9", "ca-1989-s17za", "breaks-regs-2011-reg4")
    }
    assert all(re.search(r"\byour?\b", t) for t in texts), texts


# ----------------------------------------------------------------------------- the check, on small stores


def store_of(turtle: str) -> _InProcessStore:
    """An in-memory store with the real law and headings' vocabulary plus the records given."""
    store = ox.Store()
    store.load(path=str(ONTOLOGY / "legislation.ttl"), format=ox.RdfFormat.TURTLE)
    prefixes = f"@prefix lo: <{LO}> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
    store.load((prefixes + turtle).encode(), format=ox.RdfFormat.TURTLE)
    return _InProcessStore(store)


def test_the_best_source_of_law_decides(library):
    store = store_of(
        """
        <H/section-duty> lo:legalBasis <C/cfa-2014-s30> .
        <H/topic-duty> skos:broader <H/section-duty> .
        <H/topic-care> skos:broader <H/section-duty> ; lo:legalBasis <C/ca-1989-s17> .
        <S/bare> a lo:Service .
        <S/own-pfa> a lo:Service ; lo:legalBasis <C/cfa-2014-s30-2-e> ; lo:aboutHeading <H/topic-care> .
        <S/section-only> a lo:Service ; lo:aboutHeading <H/topic-duty> .
        <S/own-care> a lo:Service ; lo:legalBasis <C/ca-1989-s17> .
        <S/topic-care> a lo:Service ; lo:aboutHeading <H/topic-care> .
        """.replace("<H/", f"<{ID}heading/")
        .replace("<C/", f"<{ID}clause/")
        .replace("<S/", f"<{ID}service/")
    )
    found = law_check.duty_only_services(store, library, ID)
    # its own basis wins over its topic's, as on the record page: s.30(2)(e) alone is still the duty
    assert found == [ID + "service/bare", ID + "service/own-pfa", ID + "service/section-only"]


def test_no_warning_when_every_service_cites_its_law(library):
    store = store_of(f"<{ID}service/own-care> a lo:Service ; lo:legalBasis <{ID}clause/ca-1989-s17> .")
    assert law_check.warnings(store, library, ID) == []


# ----------------------------------------------------------------------------------------- real builds


def test_the_build_warns_about_a_service_citing_only_the_duty(tmp_path: Path, hermit_cache):
    """The minimal fixture's one service cites no law, so the duty is all a family would see."""
    settings = make_settings(tmp_path / "var", ONTOLOGY, MINIMAL)
    quiet_build(settings, hermit_cache)
    warnings = [w for w in Layout(settings.data_dir).current().manifest()["warnings"] if DUTY_WARNING in w]
    assert len(warnings) == 1
    assert warnings[0].startswith("1 services cite only the Local Offer duty")
    assert f"Fixture sensory play <{ID}service/fixture-sensory-play>" in warnings[0]


def test_the_built_sample_has_no_service_citing_only_the_duty(built, embedded_store, library):
    services = embedded_store.select(f"SELECT (COUNT(?s) AS ?n) WHERE {{ ?s a <{LO}Service> }}")
    assert int(services[0]["n"].value) >= 350
    assert law_check.duty_only_services(embedded_store, library, ID) == []
    manifest = Layout(built.data_dir).current().manifest()
    assert not [w for w in manifest["warnings"] if DUTY_WARNING in w]


def test_the_record_page_shows_each_clauses_plain_english_summary(client, embedded_store):
    rows = embedded_store.select(
        f"SELECT ?s WHERE {{ ?s <{LO}legalBasis> <{ID}clause/ea-1996-s508b> }} ORDER BY ?s LIMIT 1"
    )
    assert rows, "no sample service cites s.508B"
    html = client.get("/id/" + rows[0]["s"].value[len(ID) :]).get_data(as_text=True)
    start = html.index('aria-labelledby="law-heading"')
    box = unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html[start : html.index("</section>", start)])))
    assert "Education Act 1996, section 508B: Travel arrangements for eligible children" in box
    assert "the council must make suitable travel arrangements, free of charge" in box
    assert 'href="http://www.legislation.gov.uk/ukpga/1996/56/section/508B"' in html[start:]
