"""Checks on the SE7 framework data: headings, expectations, questions, areas and pathways.

These files are hand-curated facts (the framework's wording, ONS codes, statutory timescales), so the
tests guard what an edit could silently break: counts, ordering, links between nodes, and the slugs that
ontology/README.md promises to other files.
"""

import re
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDFS, SKOS

ROOT = Path(__file__).parents[1]
FILES = {
    "headings": ROOT / "data" / "framework" / "headings.ttl",
    "expectations": ROOT / "data" / "framework" / "expectations.ttl",
    "questions": ROOT / "data" / "framework" / "questions.ttl",
    "areas": ROOT / "data" / "areas.ttl",
    "pathways": ROOT / "data" / "pathways.ttl",
}
README = ROOT / "ontology" / "README.md"

LO = Namespace("https://w3id.org/se7-local-offer/def#")
SCHEMA = Namespace("https://schema.org/")
ID = "https://w3id.org/se7-local-offer/id/"
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")

HEALTH_NEEDS = [
    "slcn-feeding",
    "physical-impairment",
    "sensory-impairment",
    "complex-health-needs",
    "palliative-care",
    "long-term-conditions",
    "global-developmental-delay",
    "bladder-and-bowel",
    "dyspraxia",
    "specialist-dental",
    "mental-health",
    "challenging-behaviour",
    "acquired-brain-injury",
]
ADULT_NEEDS = [
    "adult-learning-disabilities",
    "adult-physical-disabilities",
    "adult-sensory-impairment",
    "adult-mental-health",
]
COUNCILS = ["brighton-and-hove", "east-sussex", "hampshire", "kent", "medway", "surrey", "west-sussex"]
GSS = re.compile(r"^E0[6-9]\d{6}$|^E10\d{6}$")
# kinds whose nodes these five files define; references to them must resolve here
OWN_KINDS = {
    "heading",
    "question",
    "question-set",
    "expectation",
    "area",
    "contact",
    "pathway",
    "step",
    "dataset",
    "scheme",
}


def node(kind, slug):
    return URIRef(f"{ID}{kind}/{slug}")


def kind_slug(term):
    rest = str(term)[len(ID) :]
    kind, _, slug = rest.partition("/")
    return kind, slug


@pytest.fixture(scope="module")
def graphs():
    return {name: Graph().parse(path, format="turtle") for name, path in FILES.items()}


@pytest.fixture(scope="module")
def g(graphs):
    union = Graph()
    for part in graphs.values():
        union += part
    return union


@pytest.fixture(scope="module")
def readme_slugs():
    """Fixed slugs from README's "Fixed slugs" section, by bullet topic: {topic: [kind/slug, ...]}."""
    text = README.read_text(encoding="utf-8")
    section = text.split("## Fixed slugs", 1)[1]
    bullets, current = [], None
    for line in section.splitlines():
        if line.startswith("- "):
            current = [line[2:]]
            bullets.append(current)
        elif line.startswith("  ") and current is not None:
            current.append(line.strip())
    out = {}
    for parts in bullets:
        body = " ".join(parts)
        topic = body.split(":", 1)[0].strip().lower()
        kind, found = None, []
        for token in re.findall(r"`([^`]+)`", body):
            if "/" in token:
                kind, token = token.split("/", 1)
            if kind is None or token.startswith("-") or "{" in token or token.startswith(('"', "'")):
                continue
            found.append(f"{kind}/{token}")
        out[topic] = found
    return out


# ---------------------------------------------------------------------------- parsing


@pytest.mark.parametrize("name", sorted(FILES))
def test_parses_with_pyoxigraph(name):
    store = pyoxigraph.Store()
    store.load(path=str(FILES[name]), format=pyoxigraph.RdfFormat.TURTLE)
    assert len(store) > 100


def test_human_text_is_english_and_ligatures_fixed(g):
    text_props = {
        RDFS.label,
        RDFS.comment,
        DCTERMS.description,
        SKOS.prefLabel,
        SKOS.altLabel,
        SKOS.definition,
        SKOS.scopeNote,
        LO.timescale,
        LO.responsibleParty,
        LO.ifThingsGoWrong,
        DCTERMS.title,
    }
    broken = re.compile(r"\b(fi|fl) [a-z]|diffi c|benefi t|qualifi c|leafl e|offi ce|suffi c")
    for s, p, o in g:
        if p in text_props:
            assert isinstance(o, Literal) and o.language == "en", (s, p, o)
            assert not broken.search(str(o)), (s, p, o)
            assert str(o) == str(o).strip() and "  " not in str(o), (s, p, o)


def test_references_to_our_own_kinds_resolve(g):
    subjects = set(g.subjects())
    for s, p, o in g:
        if isinstance(o, URIRef) and str(o).startswith(ID) and p != RDF.type:
            kind, slug = kind_slug(o)
            assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug), o
            if kind in OWN_KINDS:
                assert o in subjects, f"{s} {p} {o}: target not defined"


def test_references_to_other_vocabularies_use_readme_slugs(g, readme_slugs):
    known = {f"{ID}{x}" for xs in readme_slugs.values() for x in xs}
    checked = {
        "need",
        "sector",
        "pfa-theme",
        "resolution-stage",
        "access-level",
        "referral-route",
        "funding-route",
        "age-band",
    }
    for s, p, o in g:
        if isinstance(o, URIRef) and str(o).startswith(ID) and kind_slug(o)[0] in checked:
            assert str(o) in known, f"{s} {p} {o}: not a README slug"
        if isinstance(o, URIRef) and str(o).startswith(ID) and kind_slug(o)[0] == "clause":
            assert re.fullmatch(
                r"(cfa-2014|ca-1989|eqa-2010|send-regs-2014)-(s\d+[a-z0-9-]*|reg\d+|sch\d+)", kind_slug(o)[1]
            ), o


def test_references_resolve_in_the_ontology_files_when_present(g):
    """Needs, sectors, clauses etc. are defined by ontology/*.ttl; check each kind that is defined there."""
    onto = Graph()
    for path in sorted((ROOT / "ontology").glob("*.ttl")):
        onto.parse(path, format="turtle")
    defined = {o for o in onto.subjects() if isinstance(o, URIRef) and str(o).startswith(ID)}
    kinds_defined = {kind_slug(o)[0] for o in defined}
    for s, p, o in g:
        if isinstance(o, URIRef) and str(o).startswith(ID) and p != RDF.type:
            kind = kind_slug(o)[0]
            if kind not in OWN_KINDS and kind in kinds_defined:
                assert o in defined, f"{s} {p} {o}: not defined in ontology/*.ttl"


# ---------------------------------------------------------------------------- README contract


def test_every_readme_heading_question_set_pathway_and_contact_slug_exists(g, readme_slugs):
    subjects = set(g.subjects())
    wanted = []
    for topic in ("headings", "question sets"):
        assert readme_slugs[topic], topic
        wanted += readme_slugs[topic]
    # templated slugs the README spells with placeholders or ranges
    wanted += [f"question/parent-carer-{n:02d}" for n in range(1, 15)]
    wanted += [f"question/young-person-{n:02d}" for n in range(1, 14)]
    wanted += [f"question/service-{n:02d}" for n in range(1, 10)]
    wanted += ["pathway/ehc-needs-assessment", "pathway/resolving-disagreements"]
    wanted += [f"pathway/care-{n}" for n in HEALTH_NEEDS] + [f"pathway/{n}" for n in ADULT_NEEDS]
    wanted += [f"contact/{c}-{k}" for c in COUNCILS for k in ("iass", "parent-carer-forum")]
    wanted += [f"area/{c}" for c in COUNCILS]
    readme = README.read_text(encoding="utf-8")
    for need in HEALTH_NEEDS + ADULT_NEEDS + COUNCILS:
        assert f"`{need}`" in readme or f"`area/{need}`" in readme, need
    missing = [w for w in wanted if URIRef(ID + w) not in subjects]
    assert not missing, missing


# ---------------------------------------------------------------------------- headings


def test_four_sections(g):
    sections = set(g.subjects(RDF.type, LO.Section))
    assert sections == {node("heading", s) for s in ("education", "health", "social-care", "preparation-for-adulthood")}


def test_headings_are_complete_concepts(g):
    scheme = node("scheme", "headings")
    dataset = node("dataset", "se7-framework")
    labels = set()
    for h in g.subjects(RDF.type, LO.LocalOfferHeading):
        assert (h, RDF.type, SKOS.Concept) in g
        assert (h, SKOS.inScheme, scheme) in g
        assert (h, DCTERMS.source, dataset) in g
        prefs = list(g.objects(h, SKOS.prefLabel))
        assert len(prefs) == 1, h
        assert str(prefs[0]).lower() not in labels, f"duplicate prefLabel {prefs[0]}"
        labels.add(str(prefs[0]).lower())
        assert g.value(h, SKOS.definition), h
        assert list(g.objects(h, SKOS.altLabel)), h
        broader = list(g.objects(h, SKOS.broader))
        top = (h, SKOS.topConceptOf, scheme) in g
        assert top != bool(broader), f"{h}: exactly one of top concept / broader"
        for b in broader:
            assert (b, RDF.type, LO.LocalOfferHeading) in g


def test_framework_lists_and_items(g):
    def children(slug):
        return set(g.subjects(SKOS.broader, node("heading", slug)))

    assert node("heading", "social-care-area-wide-offer") in children("social-care")
    no_assessment = children("social-care-without-specialist-assessment")
    assert node("heading", "social-care-short-breaks-statement") in no_assessment
    sizes = {
        "education-other-information": 10,
        "education-sen-services": 4,
        "education-individual-setting": 3,
        "social-care-area-wide-offer": 4,
        "social-care-specialist-support": 4,
        "social-care-other-information": 10,
        "social-care-without-specialist-assessment": 6,
        "social-care-with-specialist-assessment": 6,
        "health-area-wide-offer": 4,
        "health-care-pathways": 5,
        "health-other-information": 10,
        "health-targeted-specialist-support": 14,
        "preparation-for-adulthood-area-wide-offer": 3,
        "preparation-for-adulthood-targeted-specialist": 5,
        "preparation-for-adulthood-other-information": 9,
        "preparation-for-adulthood-themes": 5,
        "things-going-wrong": 7,
    }
    for slug, n in sizes.items():
        assert len(children(slug)) == n, slug


def test_items_link_to_topics_and_law(g):
    def about(slug):
        return set(g.objects(node("heading", slug), LO.aboutHeading))

    def law(slug):
        return set(g.objects(node("heading", slug), LO.legalBasis))

    for sec in ("education", "social-care", "health", "preparation-for-adulthood"):
        item = f"{sec}-request-ehc-assessment"
        assert node("heading", "ehc-assessment") in about(item)
        assert node("clause", "cfa-2014-s36") in law(item)
        item = f"{sec}-funding-personal-budget"
        assert node("heading", "personal-budgets") in about(item)
        assert node("clause", "cfa-2014-s49") in law(item)
    assert node("clause", "ca-1989-s17") in law("social-care-section-17")
    for slug in ("raising-a-concern", "disagreement"):
        assert node("resolution-stage", slug) in set(
            g.objects(node("heading", f"things-going-wrong-{slug}"), SKOS.related)
        )
    appeal = set(g.objects(node("heading", "things-going-wrong-going-to-appeal"), SKOS.related))
    assert {node("resolution-stage", "mediation"), node("resolution-stage", "appeal-to-tribunal")} <= appeal


def test_dataset_node(g):
    ds = node("dataset", "se7-framework")
    assert (ds, RDF.type, URIRef("http://www.w3.org/ns/dcat#Dataset")) in g
    assert str(g.value(ds, DCTERMS.title)) == "SE7 Local Offer Framework and Guidance"
    assert str(g.value(ds, DCTERMS.publisher)) == "SE7 SEND Pathfinder"
    assert g.value(ds, DCTERMS.description)


# ---------------------------------------------------------------------------- questions and expectations


@pytest.mark.parametrize("qset,count", [("parent-carer", 14), ("young-person", 13), ("service", 9)])
def test_question_sets(g, qset, count):
    qs = node("question-set", qset)
    assert (qs, RDF.type, LO.QuestionSet) in g
    assert g.value(qs, RDFS.label) and g.value(qs, DCTERMS.description)
    questions = list(g.subjects(LO.inQuestionSet, qs))
    assert len(questions) == count
    positions = sorted(int(g.value(q, LO.position)) for q in questions)
    assert positions == list(range(1, count + 1))
    for q in questions:
        pos = int(g.value(q, LO.position))
        assert q == node("question", f"{qset}-{pos:02d}")
        assert (q, RDF.type, LO.Question) in g
        assert g.value(q, RDFS.label) and g.value(q, DCTERMS.description)
        assert list(g.objects(q, LO.about)), q


def test_question_wording_and_topics(g):
    label = str(g.value(node("question", "parent-carer-14"), RDFS.label))
    assert label == "Who can I contact for further information?"
    yp11 = str(g.value(node("question", "young-person-11"), DCTERMS.description))
    assert "a. " in yp11 and "b. " in yp11 and "c. " in yp11
    assert node("pfa-theme", "paid-employment") in set(g.objects(node("question", "young-person-13"), LO.about))
    assert node("heading", "personal-budgets") in set(g.objects(node("question", "service-04"), LO.about))


def test_expectations(g):
    exps = list(g.subjects(RDF.type, LO.AreaWideExpectation))
    assert len(exps) == 19
    assert sorted(int(g.value(e, LO.position)) for e in exps) == list(range(1, 20))
    for e in exps:
        assert g.value(e, RDFS.label) and g.value(e, DCTERMS.description)
        assert node("heading", "education") in set(g.objects(e, LO.aboutHeading))
        for q in g.objects(e, SKOS.related):
            assert (q, RDF.type, LO.Question) in g
    with_questions = [e for e in exps if list(g.objects(e, SKOS.related))]
    assert len(with_questions) >= 18
    accessible = node("expectation", "accessible-environment")
    assert node("clause", "eqa-2010-s20") in set(g.objects(accessible, LO.legalBasis))


# ---------------------------------------------------------------------------- areas and contacts


def test_seven_councils_with_gss_codes(g):
    councils = set(g.subjects(RDF.type, LO.LocalAuthority))
    assert councils == {node("area", c) for c in COUNCILS}
    codes = {}
    for c in councils:
        code = str(g.value(c, LO.gssCode))
        assert GSS.match(code), code
        assert str(g.value(c, SKOS.notation)) == code
        assert (c, RDFS.seeAlso, URIRef(f"http://statistics.data.gov.uk/id/statistical-geography/{code}")) in g
        codes[kind_slug(c)[1]] = code
    assert codes["kent"] == "E10000016" and codes["medway"] == "E06000035"
    assert codes["brighton-and-hove"] == "E06000043"


def test_districts_point_at_councils(g):
    councils = set(g.subjects(RDF.type, LO.LocalAuthority))
    districts = list(g.subjects(RDF.type, LO.District))
    assert len(districts) == 46
    per_council = {}
    all_codes = []
    for d in districts:
        parent = g.value(d, LO.partOfArea)
        assert parent in councils, d
        code = str(g.value(d, LO.gssCode))
        assert re.fullmatch(r"E07\d{6}", code), code
        assert str(g.value(d, SKOS.notation)) == code
        all_codes.append(code)
        per_council[kind_slug(parent)[1]] = per_council.get(kind_slug(parent)[1], 0) + 1
    assert len(set(all_codes)) == len(all_codes)
    assert per_council == {"east-sussex": 5, "hampshire": 11, "kent": 12, "surrey": 11, "west-sussex": 7}
    assert str(g.value(node("area", "eastbourne"), LO.gssCode)) == "E07000061"
    assert str(g.value(node("area", "worthing"), LO.gssCode)) == "E07000229"
    # Portsmouth and Southampton are unitary councils outside Hampshire's county area
    assert not {"E06000044", "E06000045"} & {str(o) for o in g.objects(None, LO.gssCode)}


def test_every_council_has_iass_and_forum_contacts(g):
    for c in COUNCILS:
        council = node("area", c)
        iass = g.value(council, LO.informationAdviceSupport)
        pcf = g.value(council, LO.parentCarerForum)
        assert iass == node("contact", f"{c}-iass") and pcf == node("contact", f"{c}-parent-carer-forum")
        for contact in (iass, pcf):
            assert (contact, RDF.type, LO.Contact) in g
            assert g.value(contact, RDFS.label) and g.value(contact, DCTERMS.description)
            assert g.value(contact, LO.lastReviewed) == Literal("2026-11-28", datatype=XSD_DATE)
            assert g.value(contact, DCTERMS.source) is not None
            assert Literal("Check these public details before publishing.", lang="en") in set(
                g.objects(contact, RDFS.comment)
            )
            # never invent contact details for a real organisation
            assert g.value(contact, SCHEMA.telephone) is None and g.value(contact, SCHEMA.email) is None
        assert node("clause", "cfa-2014-s32") in set(g.objects(iass, LO.legalBasis))
        assert "SENDIASS" in str(g.value(iass, DCTERMS.description))


# ---------------------------------------------------------------------------- pathways


def steps_of(g, pathway):
    steps = list(g.objects(pathway, LO.hasStep))
    assert set(steps) == set(g.subjects(LO.stepOf, pathway)), pathway
    steps.sort(key=lambda s: int(g.value(s, LO.position)))
    assert [int(g.value(s, LO.position)) for s in steps] == list(range(1, len(steps) + 1)), pathway
    for a, b in zip(steps, steps[1:], strict=False):
        assert g.value(a, LO.nextStep) == b, a
    assert g.value(steps[-1], LO.nextStep) is None
    for s in steps:
        assert (s, RDF.type, LO.PathwayStep) in g
        for p in (RDFS.label, DCTERMS.description, LO.timescale, LO.responsibleParty, LO.ifThingsGoWrong):
            assert g.value(s, p), (s, p)
    return steps


def test_ehc_pathway_deadlines(g):
    p = node("pathway", "ehc-needs-assessment")
    assert (p, RDF.type, LO.StatutoryPathway) in g
    assert {node("clause", "cfa-2014-s36"), node("clause", "cfa-2014-s37")} <= set(g.objects(p, LO.legalBasis))
    steps = steps_of(g, p)
    timed = [(s, float(g.value(s, LO.deadlineWeeks))) for s in steps if g.value(s, LO.deadlineWeeks) is not None]
    weeks = [w for _, w in timed]
    assert weeks == sorted(weeks) and len(set(weeks)) == len(weeks), weeks
    assert weeks[:1] == [0] and {6, 16, 20} <= set(weeks)
    assert timed[-1][0] == steps[-1] and weeks[-1] == 20
    by_slug = {kind_slug(s)[1]: s for s in steps}
    assert float(g.value(by_slug["ehc-02-decision-to-assess"], LO.deadlineWeeks)) == 6
    law = {kind_slug(o)[1] for s in steps for o in g.objects(s, LO.legalBasis)}
    assert {"send-regs-2014-reg5", "send-regs-2014-reg10", "send-regs-2014-reg13"} <= law
    assert "15 days" in str(g.value(by_slug["ehc-05-draft-plan"], LO.timescale))


def test_care_pathways(g):
    care = set(g.subjects(RDF.type, LO.CarePathway))
    assert care == {node("pathway", f"care-{n}") for n in HEALTH_NEEDS}
    adults = set(g.subjects(RDF.type, LO.AdultPathway))
    assert adults == {node("pathway", n) for n in ADULT_NEEDS}
    without_dovetail = []
    for need in HEALTH_NEEDS:
        p = node("pathway", f"care-{need}")
        assert g.value(p, LO.forNeed) == node("need", need)
        assert node("heading", "health") in set(g.objects(p, LO.aboutHeading))
        steps = steps_of(g, p)
        assert 3 <= len(steps) <= 5, p
        for s in steps:
            assert g.value(s, LO.deadlineWeeks) is None  # no invented statutory timescales
        dovetails = set(g.objects(p, LO.dovetailsInto))
        assert dovetails <= adults, p
        if not dovetails:
            without_dovetail.append(need)
    assert without_dovetail == ["specialist-dental"]  # the deliberate gap for the gap analysis
    for need in ADULT_NEEDS:
        p = node("pathway", need)
        assert g.value(p, LO.forNeed) == node("need", need)
        assert 2 <= len(steps_of(g, p)) <= 3


def test_resolving_disagreements(g):
    p = node("pathway", "resolving-disagreements")
    steps = steps_of(g, p)
    stages = [g.value(s, LO.resolutionStage) for s in steps]
    assert stages == [
        node("resolution-stage", s) for s in ("raising-a-concern", "disagreement", "mediation", "appeal-to-tribunal")
    ]
    appeal = str(g.value(steps[-1], LO.timescale))
    assert "two months" in appeal and "one month" in appeal and "whichever is later" in appeal
    assert "mediation certificate" in str(g.value(steps[2], DCTERMS.description))
    assert node("clause", "cfa-2014-s51") in set(g.objects(p, LO.legalBasis))
