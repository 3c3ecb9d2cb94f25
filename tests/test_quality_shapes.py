"""The quality and outcomes shapes (issue 19, ontology/shapes.ttl) with both validators the project uses (the
build's SHACL compiled to SPARQL, and pyshacl): an inspection date may not be in the future, a value from the
sample must be marked sample, a sample value may sit only on a sample record (never a real school), the grade
must be the inspecting body's, and a destinations figure needs a share from 0 to 100 and a year like 2022/23.
A correct inspection and figure pass; each broken copy fails with its own message."""

from __future__ import annotations

from datetime import date, timedelta

import pyoxigraph as ox
import pytest
import rdflib

from graph_app.build import shacl_sparql, validation
from graph_app.config import PROJECT_ROOT

SHAPES = PROJECT_ROOT / "ontology" / "shapes.ttl"
PREFIXES = """
@prefix lo: <https://w3id.org/se7-local-offer/def#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix schema: <https://schema.org/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix organisation: <https://w3id.org/se7-local-offer/id/organisation/> .
@prefix judgement: <https://w3id.org/se7-local-offer/id/judgement/> .
@prefix destination: <https://w3id.org/se7-local-offer/id/destination/> .
@prefix setting: <https://w3id.org/se7-local-offer/id/setting/> .
@prefix inspection: <https://w3id.org/se7-local-offer/id/inspection/> .
@prefix figure: <https://w3id.org/se7-local-offer/id/destination-figure/> .
@prefix dataset: <https://w3id.org/se7-local-offer/id/dataset/> .
"""
TERMS = """
organisation:ofsted a lo:Inspectorate .
organisation:cqc a lo:Inspectorate .
judgement:ofsted-good a lo:InspectionJudgement ; lo:forInspectorate organisation:ofsted .
judgement:cqc-good a lo:InspectionJudgement ; lo:forInspectorate organisation:cqc .
destination:education a lo:Destination .
"""
GOOD = """
setting:sample-school lo:isSample true ; lo:inspection inspection:one ; lo:destinationFigure figure:one .
inspection:one a lo:Inspection ; lo:inspectedBy organisation:ofsted ; lo:judgement judgement:ofsted-good ;
    lo:inspectedOn "{day}"^^xsd:date ; schema:url <https://example.org/report> ;
    lo:isSample true ; dcterms:source dataset:sample .
figure:one a lo:DestinationFigure ; lo:destination destination:education ;
    lo:percentage "87.5"^^xsd:decimal ; lo:cohortYear "2022/23" ; lo:isSample true ; dcterms:source dataset:sample .
"""
ID = "https://w3id.org/se7-local-offer/id/"
PAST = (date.today() - timedelta(days=400)).isoformat()
TOMORROW = (date.today() + timedelta(days=1)).isoformat()


def _found(text: str) -> set[tuple[str, str]]:
    """(focus, message) of every violation, the same from both validators."""
    data = PREFIXES + TERMS + text
    graph = rdflib.Graph().parse(data=data, format="turtle")
    store = ox.Store()
    store.load(data, format=ox.RdfFormat.TURTLE)
    compiled = {(v.focus, v.message) for v in shacl_sparql.validate(lambda q: list(store.query(q)), SHAPES, workers=1)}
    reference = {(v.focus, v.message) for v in validation.validate(graph, SHAPES)}
    assert compiled == reference
    return compiled


def test_a_correct_inspection_and_figure_pass():
    assert _found(GOOD.format(day=PAST)) == set()


@pytest.mark.parametrize(
    ("change", "focus", "message"),
    [
        (
            lambda t: t.format(day=TOMORROW),
            "inspection/one",
            "The inspection date is in the future: only an inspection that has happened has a judgement.",
        ),
        (
            lambda t: t.format(day=PAST).replace(
                "schema:url <https://example.org/report> ;\n    lo:isSample true ;",
                "schema:url <https://example.org/report> ;",
            ),
            "inspection/one",
            "A value taken from the invented sample must be marked as sample (lo:isSample true).",
        ),
        (
            lambda t: t.format(day=PAST).replace("setting:sample-school lo:isSample true ;", "setting:real-school"),
            "inspection/one",
            "An invented sample value may only be given to an invented sample record, never to a real setting or "
            "service.",
        ),
        (
            lambda t: t.format(day=PAST).replace("judgement:ofsted-good", "judgement:cqc-good"),
            "inspection/one",
            "The judgement must be one grade of the inspectorate that inspected: Outstanding, Good, Requires "
            "improvement or Inadequate.",
        ),
        (
            lambda t: t.format(day=PAST).replace('"87.5"^^xsd:decimal', '"187.5"^^xsd:decimal'),
            "destination-figure/one",
            "Give the share as a number of per cent from 0 to 100, such as 87.5.",
        ),
        (
            lambda t: t.format(day=PAST).replace('"2022/23"', '"2023"'),
            "destination-figure/one",
            "Write the leavers' year as the Department for Education does, such as 2022/23.",
        ),
        (
            lambda t: t.format(day=PAST).replace('lo:inspectedOn "' + PAST + '"^^xsd:date ;', ""),
            "inspection/one",
            "Give the day of the inspection as a date such as 2024-03-14.",
        ),
    ],
    ids=[
        "future-date",
        "sample-unmarked",
        "sample-on-real-school",
        "other-bodys-grade",
        "over-100",
        "bad-year",
        "no-date",
    ],
)
def test_each_broken_copy_fails_with_its_message(change, focus, message):
    assert (ID + focus, message) in _found(change(GOOD))


def test_a_real_inspection_from_the_register_needs_no_sample_mark():
    real = (
        GOOD.format(day=PAST)
        .replace("lo:isSample true ; ", "")
        .replace("setting:sample-school lo:isSample true ;", "setting:gias-100001")
    )
    real = real.replace(
        "dcterms:source dataset:sample",
        'dcterms:source <https://get-information-schools.service.gov.uk/>, "establishments.csv"',
    )
    assert _found(real) == set()
