"""Checks on the controlled vocabularies in ontology/: needs.ttl, schemes.ttl and legislation.ttl.

They guard what other files rely on (every slug in ontology/README.md exists), what families rely on (plain
English, many search words per need) and facts that must be right (age bands, SEN codes, the law's numbers).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDFS, SKOS

ROOT = Path(__file__).parents[1]
ONTOLOGY = ROOT / "ontology"
LO = Namespace("https://w3id.org/se7-local-offer/def#")
ID = "https://w3id.org/se7-local-offer/id/"
NEEDS_SCHEME = URIRef(ID + "scheme/needs")
XSD_INTEGER = URIRef("http://www.w3.org/2001/XMLSchema#integer")

# The kinds whose fixed slugs these three files own.
OWNED_KINDS = {
    "need",
    "age-band",
    "sector",
    "organisation-type",
    "access-level",
    "referral-route",
    "funding-route",
    "pfa-theme",
    "resolution-stage",
    "legislation",
    "clause",
}
SEN_CODES = {"SPLD", "MLD", "SLD", "PMLD", "SEMH", "SLCN", "HI", "VI", "MSI", "PD", "ASD", "OTH"}
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def iri(kind: str, slug: str) -> URIRef:
    return URIRef(f"{ID}{kind}/{slug}")


def _parse(*names: str) -> Graph:
    graph = Graph()
    for name in names:
        graph.parse(ONTOLOGY / name, format="turtle")
    return graph


@pytest.fixture(scope="module")
def needs() -> Graph:
    return _parse("needs.ttl")


@pytest.fixture(scope="module")
def schemes() -> Graph:
    return _parse("schemes.ttl")


@pytest.fixture(scope="module")
def law() -> Graph:
    return _parse("legislation.ttl")


@pytest.fixture(scope="module")
def everything() -> Graph:
    return _parse("needs.ttl", "schemes.ttl", "legislation.ttl")


def readme_fixed_slugs() -> dict[str, set[str]]:
    """Slugs by kind from the README's "Fixed slugs" section.

    A group starts with a backticked `kind/slug`; the bare backticked slugs after it share that kind.
    """
    text = (ONTOLOGY / "README.md").read_text(encoding="utf-8")
    section = text.split("## Fixed slugs", 1)[1].split("\n## ", 1)[0]
    found: dict[str, set[str]] = {}
    for line in section.split("\n- "):
        kind = None
        for token in re.findall(r"`([^`]+)`", line):
            if any(ch in token for ch in "{}….") or " " in token:
                continue
            if "/" in token:
                kind, token = token.split("/", 1)
            if kind is not None:
                found.setdefault(kind, set()).add(token)
    return found


def en_literals(graph: Graph, subject: URIRef, predicate: URIRef) -> list[Literal]:
    return [o for o in graph.objects(subject, predicate) if isinstance(o, Literal) and o.language == "en"]


def needs_of(graph: Graph, cls: URIRef) -> set[URIRef]:
    return {s for s in graph.subjects(RDF.type, cls) if isinstance(s, URIRef)}


# ------------------------------------------------------------------------------------- all three files


def test_readme_slugs_are_found() -> None:
    slugs = readme_fixed_slugs()
    assert len(slugs.get("need", ())) == 46
    assert slugs["age-band"] == {"0-4", "5-10", "11-15", "16-18", "19-25"}
    assert len(slugs["legislation"]) == 4


@pytest.mark.parametrize("kind", sorted(OWNED_KINDS))
def test_every_readme_slug_exists_with_a_label(everything: Graph, kind: str) -> None:
    missing = []
    for slug in sorted(readme_fixed_slugs().get(kind, ())):
        node = iri(kind, slug)
        label = SKOS.prefLabel if kind not in {"legislation", "clause"} else RDFS.label
        if not en_literals(everything, node, label):
            missing.append(f"{kind}/{slug}")
    assert not missing, f"README slugs with no English label: {missing}"


def test_no_concept_has_two_english_preflabels(everything: Graph) -> None:
    concepts = set(everything.subjects(RDF.type, SKOS.Concept)) | set(everything.subjects(RDF.type, SKOS.ConceptScheme))
    bad = [c for c in concepts if len(en_literals(everything, c, SKOS.prefLabel)) != 1]
    assert not bad, f"need exactly one English prefLabel: {bad}"


def test_all_human_text_is_tagged_english(everything: Graph) -> None:
    text_predicates = {SKOS.prefLabel, SKOS.altLabel, SKOS.definition, RDFS.label, DCTERMS.description}
    untagged = [
        (s, p, o)
        for s, p, o in everything
        if p in text_predicates and (not isinstance(o, Literal) or o.language != "en" or not str(o).strip())
    ]
    assert not untagged, untagged[:5]


def test_node_iris_are_flat_with_valid_slugs(everything: Graph) -> None:
    bad = []
    for node in set(everything.subjects()) | set(everything.objects()):
        if isinstance(node, URIRef) and str(node).startswith(ID):
            parts = str(node)[len(ID) :].split("/")
            if len(parts) != 2 or not SLUG.match(parts[1]):
                bad.append(str(node))
    assert not bad, bad


def test_concepts_have_scheme_and_definition(everything: Graph) -> None:
    for concept in everything.subjects(RDF.type, SKOS.Concept):
        scheme = everything.value(concept, SKOS.inScheme)
        assert (scheme, RDF.type, SKOS.ConceptScheme) in everything, concept
        assert en_literals(everything, concept, SKOS.definition), concept


def test_top_concepts_agree_both_ways(everything: Graph) -> None:
    for concept, scheme in everything.subject_objects(SKOS.topConceptOf):
        assert (scheme, SKOS.hasTopConcept, concept) in everything
        assert (concept, SKOS.inScheme, scheme) in everything
    for scheme, concept in everything.subject_objects(SKOS.hasTopConcept):
        assert (concept, SKOS.topConceptOf, scheme) in everything


# ------------------------------------------------------------------------------------------- needs.ttl


def test_need_counts_by_level(needs: Graph) -> None:
    assert len(needs_of(needs, LO.BroadAreaOfNeed)) == 4
    assert len(needs_of(needs, LO.SENType)) == 12
    assert len(needs_of(needs, LO.HealthNeed)) == 13  # the framework's 13 care pathways
    assert len(needs_of(needs, LO.AdultNeed)) == 4  # the framework's 4 adult pathways
    assert len(needs_of(needs, LO.SpecificNeed)) >= 13


def test_every_need_is_a_typed_concept_in_the_needs_scheme(needs: Graph) -> None:
    subclasses = [LO.BroadAreaOfNeed, LO.SENType, LO.HealthNeed, LO.AdultNeed, LO.SpecificNeed]
    for need in needs_of(needs, LO.Need):
        assert (need, RDF.type, SKOS.Concept) in needs, need
        assert (need, SKOS.inScheme, NEEDS_SCHEME) in needs, need
        assert sum((need, RDF.type, cls) in needs for cls in subclasses) == 1, need


def test_sen_types_carry_the_twelve_census_codes(needs: Graph) -> None:
    codes = []
    for sen_type in needs_of(needs, LO.SENType):
        notations = list(needs.objects(sen_type, SKOS.notation))
        assert len(notations) == 1, sen_type
        codes.append(str(notations[0]))
    assert sorted(codes) == sorted(SEN_CODES)
    assert needs.value(iri("need", "autism"), SKOS.notation) == Literal("ASD")
    assert needs.value(iri("need", "speech-language-communication"), SKOS.notation) == Literal("SLCN")


def test_every_need_has_a_plain_definition_and_a_source(needs: Graph) -> None:
    for need in needs_of(needs, LO.Need):
        definitions = en_literals(needs, need, SKOS.definition)
        assert len(definitions) == 1, need
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", str(definitions[0])) if s]
        assert 1 <= len(sentences) <= 3, (need, sentences)
        assert all(isinstance(o, URIRef) for o in needs.objects(need, DCTERMS.source)), need
        assert list(needs.objects(need, DCTERMS.source)), need


def test_family_search_words_per_need(needs: Graph) -> None:
    all_needs = needs_of(needs, LO.Need)
    counts = {n: len(en_literals(needs, n, SKOS.altLabel)) for n in all_needs}
    assert sum(counts.values()) / len(counts) >= 3
    minimum = {
        LO.SENType: 6,
        LO.HealthNeed: 6,
        LO.SpecificNeed: 6,
        LO.BroadAreaOfNeed: 3,
        LO.AdultNeed: 3,
    }
    for cls, least in minimum.items():
        short = {str(n): counts[n] for n in needs_of(needs, cls) if counts[n] < least}
        assert not short, f"{cls} needs at least {least} altLabels: {short}"


def test_family_words_for_common_searches(needs: Graph) -> None:
    """Spot checks on words parents actually type: these must find the right need."""
    expected = {
        "autism": ["on the spectrum", "meltdowns", "ASD", "Asperger's"],
        "slcn-feeding": ["fussy eater", "tube fed", "dysphagia"],
        "sensory-processing": ["covers ears", "sensory overload"],
        "speech-language-communication": ["late talker", "not talking yet"],
        "hearing-impairment": ["deaf", "glue ear"],
        "adhd": ["can't sit still", "ADD"],
        "dyslexia": ["struggles with reading"],
        "bladder-and-bowel": ["not potty trained", "soiling"],
        "anxiety": ["school refusal", "won't go to school"],
    }
    for slug, words in expected.items():
        labels = {str(o).lower() for o in needs.objects(iri("need", slug), SKOS.altLabel)}
        assert {w.lower() for w in words} <= labels, (slug, set(words) - labels)


def test_no_search_word_points_at_two_needs(needs: Graph) -> None:
    owner: dict[str, URIRef] = {}
    clashes = []
    for need in needs_of(needs, LO.Need):
        for label in en_literals(needs, need, SKOS.prefLabel) + en_literals(needs, need, SKOS.altLabel):
            key = str(label).strip().lower()
            if key in owner and owner[key] != need:
                clashes.append((key, str(owner[key]), str(need)))
            owner.setdefault(key, need)
    assert not clashes, clashes


def test_hierarchy(needs: Graph) -> None:
    broad = needs_of(needs, LO.BroadAreaOfNeed)
    sen_types = needs_of(needs, LO.SENType)
    adult = needs_of(needs, LO.AdultNeed)
    other = iri("need", "other-difficulty")
    tops = set(needs.objects(NEEDS_SCHEME, SKOS.hasTopConcept))
    assert tops == broad | adult | {other}
    for top in tops:
        assert not list(needs.objects(top, SKOS.broader)), top
    for sen_type in sen_types - {other}:
        parents = set(needs.objects(sen_type, SKOS.broader))
        assert parents and parents <= broad, sen_type
    for health in needs_of(needs, LO.HealthNeed):
        parents = set(needs.objects(health, SKOS.broader))
        assert parents and parents <= sen_types, health
    for specific in needs_of(needs, LO.SpecificNeed):
        parents = set(needs.objects(specific, SKOS.broader))
        assert parents and parents <= sen_types | needs_of(needs, LO.HealthNeed), specific
    # no cycles: a need is never among its own ancestors
    for need in needs_of(needs, LO.Need):
        ancestors: set[URIRef] = set()
        frontier = set(needs.objects(need, SKOS.broader))
        while frontier:
            assert need not in frontier, f"cycle through {need}"
            ancestors |= frontier
            frontier = {p for n in frontier for p in needs.objects(n, SKOS.broader)} - ancestors


def test_child_health_needs_dovetail_into_adult_needs(needs: Graph) -> None:
    adult = needs_of(needs, LO.AdultNeed)
    for health in needs_of(needs, LO.HealthNeed):
        targets = set(needs.objects(health, LO.dovetailsInto))
        assert targets and targets <= adult, health
    assert (iri("need", "mental-health"), LO.dovetailsInto, iri("need", "adult-mental-health")) in needs
    sensory = (iri("need", "sensory-impairment"), LO.dovetailsInto, iri("need", "adult-sensory-impairment"))
    assert sensory in needs


# ----------------------------------------------------------------------------------------- schemes.ttl


def test_each_small_scheme_is_described(schemes: Graph) -> None:
    scheme_iris = set(schemes.subjects(RDF.type, SKOS.ConceptScheme))
    # 8, issue 18's price units and accessibility features, issue 19's inspection grades (shared, Ofsted's, the
    # CQC's) and destinations
    assert len(scheme_iris) == 14
    for scheme in scheme_iris:
        assert str(scheme).startswith(ID + "scheme/")
        assert en_literals(schemes, scheme, SKOS.definition), scheme
        assert len(en_literals(schemes, scheme, SKOS.altLabel)) >= 2, scheme
        members = set(schemes.subjects(SKOS.inScheme, scheme))
        assert members == set(schemes.objects(scheme, SKOS.hasTopConcept)), scheme
        for concept in members:
            assert len(en_literals(schemes, concept, SKOS.altLabel)) >= 2, concept


def test_age_bands_cover_0_to_25_without_gaps_or_overlaps(schemes: Graph) -> None:
    bands = []
    for band in schemes.subjects(RDF.type, LO.AgeBand):
        low, high = schemes.value(band, LO.minAge), schemes.value(band, LO.maxAge)
        assert low.datatype == XSD_INTEGER and high.datatype == XSD_INTEGER, band
        assert str(band).endswith(f"/{low.toPython()}-{high.toPython()}"), band
        bands.append((low.toPython(), high.toPython()))
    bands.sort()
    assert len(bands) == 5
    assert bands[0][0] == 0 and bands[-1][1] == 25
    for (_, previous_high), (low, high) in zip(bands, bands[1:], strict=False):
        assert low == previous_high + 1 and low <= high
    assert schemes.value(iri("age-band", "0-4"), SKOS.prefLabel) == Literal("Early years (0 to 4)", lang="en")
    assert schemes.value(iri("age-band", "16-18"), SKOS.prefLabel) == Literal("Post-16 (16 to 18)", lang="en")


def test_only_specialist_access_needs_a_specialist_assessment(schemes: Graph) -> None:
    flags = {
        str(level).rsplit("/", 1)[1]: schemes.value(level, LO.needsSpecialistAssessment).toPython()
        for level in schemes.subjects(RDF.type, LO.AccessLevel)
    }
    assert flags == {"universal": False, "targeted": False, "specialist": True}


def test_resolution_stages_are_in_order(schemes: Graph) -> None:
    positions = {
        schemes.value(stage, LO.position).toPython(): str(stage).rsplit("/", 1)[1]
        for stage in schemes.subjects(RDF.type, LO.ResolutionStage)
    }
    assert positions == {1: "raising-a-concern", 2: "disagreement", 3: "mediation", 4: "appeal-to-tribunal"}


def test_legal_basis_points_at_declared_clauses(everything: Graph) -> None:
    for subject, clause in everything.subject_objects(LO.legalBasis):
        assert (clause, RDF.type, LO.LegislationClause) in everything, (subject, clause)
    basis = set(everything.objects(iri("funding-route", "personal-budget"), LO.legalBasis))
    assert basis == {iri("clause", "cfa-2014-s49")}


# ------------------------------------------------------------------------------------- legislation.ttl

LEGISLATION_GOV_UK = {
    "cfa-2014": "http://www.legislation.gov.uk/ukpga/2014/6/",
    "ca-1989": "http://www.legislation.gov.uk/ukpga/1989/41/",
    "eqa-2010": "http://www.legislation.gov.uk/ukpga/2010/15/",
    "send-regs-2014": "http://www.legislation.gov.uk/uksi/2014/1530/",
    "ea-1996": "http://www.legislation.gov.uk/ukpga/1996/56/",
    "cca-2006": "http://www.legislation.gov.uk/ukpga/2006/21/",
    "ca-2004": "http://www.legislation.gov.uk/ukpga/2004/31/",
    "csdpa-1970": "http://www.legislation.gov.uk/ukpga/1970/44/",
    "care-2014": "http://www.legislation.gov.uk/ukpga/2014/23/",
    "nhs-2006": "http://www.legislation.gov.uk/ukpga/2006/41/",
    "ha-1996": "http://www.legislation.gov.uk/ukpga/1996/52/",
    "hgcra-1996": "http://www.legislation.gov.uk/ukpga/1996/53/",
    "breaks-regs-2011": "http://www.legislation.gov.uk/uksi/2011/707/",
}
# act, kind, number (508b is section 508B), a schedule's paragraph (-para6), then any subdivision (-1-c)
CLAUSE_SLUG = re.compile(rf"^({'|'.join(LEGISLATION_GOV_UK)})-(s|reg|sch)(\d+[a-z]*)((?:-para\d+)?)((?:-[0-9a-z]+)*)$")


def test_enough_clauses_each_linked_to_legislation_gov_uk(law: Graph) -> None:
    clauses = set(law.subjects(RDF.type, LO.LegislationClause))
    assert len(clauses) >= 20
    for clause in clauses:
        assert len(en_literals(law, clause, RDFS.label)) == 1, clause
        assert en_literals(law, clause, DCTERMS.description), clause
        assert law.value(clause, SKOS.notation) is not None, clause
        see_also = [str(o) for o in law.objects(clause, RDFS.seeAlso)]
        assert see_also and all(o.startswith("http://www.legislation.gov.uk/") for o in see_also), clause
        assert set(see_also) == {str(o) for o in law.objects(clause, DCTERMS.source)}, clause
        act = law.value(clause, LO.partOfLegislation)
        assert (act, RDF.type, LO.Legislation) in law, clause


def test_clause_slugs_match_their_official_iris(law: Graph) -> None:
    """Slug, notation and legislation.gov.uk IRI all name the same section, regulation or schedule."""
    kind_path = {"s": "section", "reg": "regulation", "sch": "schedule"}
    for clause in law.subjects(RDF.type, LO.LegislationClause):
        slug = str(clause).rsplit("/", 1)[1]
        match = CLAUSE_SLUG.match(slug)
        assert match, slug
        act, kind, number, paragraph, subdivision = match.groups()
        number = number.upper()
        expected = f"{LEGISLATION_GOV_UK[act]}{kind_path[kind]}/{number}"
        expected += f"/paragraph/{paragraph.removeprefix('-para')}" if paragraph else ""
        assert str(law.value(clause, RDFS.seeAlso)) == expected, slug
        assert re.search(rf"\b{number}\b", str(law.value(clause, SKOS.notation))), slug
        assert re.search(rf"(section|regulation|Schedule) {number}\b", str(law.value(clause, RDFS.label))), slug
        assert str(law.value(law.value(clause, LO.partOfLegislation), RDFS.seeAlso)) == LEGISLATION_GOV_UK[act][:-1]
        parent = law.value(clause, LO.subdivisionOf)
        if subdivision:
            assert parent == iri("clause", f"{act}-{kind}{number.lower()}{paragraph}"), slug
        else:
            assert parent is None, slug


def test_statutory_timescales_are_stated(law: Graph) -> None:
    def text(slug: str) -> str:
        return str(law.value(iri("clause", slug), DCTERMS.description))

    assert "6 weeks" in text("send-regs-2014-reg5")
    assert "16 weeks" in text("send-regs-2014-reg10")
    assert "20 weeks" in text("send-regs-2014-reg13") and "15 days" in text("send-regs-2014-reg13")
    assert "2 months" in text("send-regs-2014-reg33")
    assert law.value(iri("clause", "cfa-2014-s30"), RDFS.label) == Literal(
        "Children and Families Act 2014, section 30: Local offer", lang="en"
    )


# ------------------------------------------------------------------------------ every lo: term is declared

DECLARING_KINDS = {
    URIRef("http://www.w3.org/2002/07/owl#" + k)
    for k in ("Class", "ObjectProperty", "DatatypeProperty", "AnnotationProperty", "NamedIndividual")
}
# how code names a term of our vocabulary: lo:schedule in SPARQL, LOV.schedule or LO + "schedule" in Python
TERM_IN_CODE = re.compile(
    r"""\blo:([A-Za-z][A-Za-z0-9]*)|\bLOV\.([A-Za-z][A-Za-z0-9]*)|\bLO \+ "([A-Za-z][A-Za-z0-9]*)\""""
)


def declared_terms() -> set[str]:
    """Local names of the lo: terms core.ttl declares as a class or property with a label and a comment."""
    core = _parse("core.ttl")
    return {
        str(s).removeprefix(str(LO))
        for s in core.subjects(RDF.type, None)
        if str(s).startswith(str(LO))
        and set(core.objects(s, RDF.type)) & DECLARING_KINDS
        and en_literals(core, s, RDFS.label)
        and en_literals(core, s, RDFS.comment)
    }


def terms_used_in_data() -> dict[str, set[str]]:
    """lo: properties and classes used by the RDF files of ontology/ and data/ -> the files using them."""
    used: dict[str, set[str]] = {}
    for path in sorted([*ONTOLOGY.glob("*.ttl"), *(ROOT / "data").rglob("*.ttl")]):
        graph = Graph().parse(path, format="turtle")
        terms = set(graph.predicates()) | set(graph.objects(None, RDF.type))
        for term in terms:
            if isinstance(term, URIRef) and str(term).startswith(str(LO)):
                used.setdefault(str(term).removeprefix(str(LO)), set()).add(str(path.relative_to(ROOT)))
    return used


def terms_used_in_code() -> dict[str, set[str]]:
    """lo: terms named by the queries, the importers, the exporters and the web app (what they write
    into the graph or read from it)."""
    files = [*(ROOT / "queries").rglob("*.rq"), *(ROOT / "queries").rglob("*.ru")]
    for part in ("importers", "exporters", "web", "build"):
        files += (ROOT / "graph_app" / part).rglob("*.py")
    used: dict[str, set[str]] = {}
    for path in files:
        for match in TERM_IN_CODE.finditer(path.read_text(encoding="utf-8")):
            name = next(group for group in match.groups() if group)
            used.setdefault(name, set()).add(str(path.relative_to(ROOT)))
    return used


def test_every_lo_term_used_in_data_is_declared() -> None:
    declared = declared_terms()
    undeclared = {name: files for name, files in terms_used_in_data().items() if name not in declared}
    assert not undeclared, (
        f"declare these in ontology/core.ttl (label and comment) and ontology/README.md: {undeclared}"
    )


def test_every_lo_term_named_in_code_is_declared() -> None:
    declared = declared_terms()
    # lo:a/lo:b is how build/validation.py's docstring shows a property path, not a term
    undeclared = {
        name: files for name, files in terms_used_in_code().items() if name not in declared and name not in {"a", "b"}
    }
    assert not undeclared, (
        f"declare these in ontology/core.ttl (label and comment) and ontology/README.md: {undeclared}"
    )


def test_population_vocabulary_is_declared_and_documented() -> None:
    """The population figures of the sufficiency analysis use declared, documented terms."""
    readme = (ONTOLOGY / "README.md").read_text(encoding="utf-8")
    for name in ("PopulationEstimate", "forArea", "populationAged0to25", "schedule"):
        assert name in declared_terms()
        assert f"`{name}`" in readme or f"`lo:{name}`" in readme, f"ontology/README.md does not describe lo:{name}"


def test_the_declared_terms_check_is_not_vacuous() -> None:
    assert {"Service", "meetsNeed", "lastReviewed", "isSample"} <= declared_terms()
    assert {"PopulationEstimate", "forArea", "populationAged0to25"} <= set(terms_used_in_data())
    assert "schedule" in terms_used_in_code() and "misspeltTerm" not in declared_terms()
