"""Issue 14: every need links to the EHC needs assessment and, through its broader need, to its care
pathway; mental-health needs link to urgent help. data/need-bridges.ttl is what the rule gives."""

from __future__ import annotations

import rdflib
from need_bridges import OUT, URGENT_HELP, care_pathways, needs, render, slug, source_graph

LO = rdflib.Namespace("https://w3id.org/se7-local-offer/def#")
ID = "https://w3id.org/se7-local-offer/id/"


def test_file_is_what_the_rule_gives():
    assert OUT.read_text(encoding="utf-8") == render(source_graph()), "run: python tests/need_bridges.py"


def test_issue_examples():
    bridges = rdflib.Graph().parse(OUT)
    need = lambda s: rdflib.URIRef(f"{ID}need/{s}")  # noqa: E731
    pathway = lambda s: rdflib.URIRef(f"{ID}pathway/{s}")  # noqa: E731
    assert pathway("care-mental-health") in set(bridges.objects(need("anxiety"), LO.carePathway))
    assert pathway("care-long-term-conditions") in set(bridges.objects(need("epilepsy"), LO.carePathway))
    assert pathway("care-sensory-impairment") in set(bridges.objects(need("hearing-impairment"), LO.carePathway))
    assert bridges.value(need("autism"), LO.ehcAssessmentPathway) == pathway("ehc-needs-assessment")
    urgent = {rdflib.URIRef(f"{ID}contact/{c}") for c in URGENT_HELP}
    for mental in ("anxiety", "mental-health", "selective-mutism", "adult-mental-health"):
        assert set(bridges.objects(need(mental), LO.urgentHelp)) == urgent, mental
    for other in ("epilepsy", "dyslexia", "hearing-impairment"):
        assert not list(bridges.objects(need(other), LO.urgentHelp)), other


def test_every_need_bridged_and_care_pathway_from_an_ancestor_or_narrower_need():
    g = source_graph()
    bridges = rdflib.Graph().parse(OUT)
    for n in needs(g):
        assert bridges.value(n, LO.ehcAssessmentPathway) is not None, n
        for p in bridges.objects(n, LO.carePathway):
            assert p in care_pathways(g, n)
            for_need = g.value(p, LO.forNeed)
            related = {
                n,
                *g.transitive_objects(n, rdflib.namespace.SKOS.broader),
                *g.subjects(rdflib.namespace.SKOS.broader, n),
            }
            assert for_need in related, (slug(n), slug(p))
    with_care = [n for n in needs(g) if list(bridges.objects(n, LO.carePathway))]
    assert len(with_care) >= 35
