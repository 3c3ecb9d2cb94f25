"""Quality and outcomes (issue 19) from the DfE register: `graph-app import gias` reads OfstedLastInsp and
OfstedRating (name) into an inspection with the register as its source, with a real build; a blank date records
nothing and nothing is ever guessed for a real school."""

from __future__ import annotations

from datetime import date

import pytest
import rdflib
from test_import_oruk import FIXTURES, ID, TODAY, ask, small_project

from graph_app.importers import run_import
from graph_app.importers.gias_inspection import add_inspection
from graph_app.importers.records import LOV, Record, node

CSV = FIXTURES / "gias" / "establishments.csv"
GIAS = "<https://get-information-schools.service.gov.uk/>"


@pytest.fixture(scope="module")
def project(tmp_path_factory, hermit_cache):
    return small_project(tmp_path_factory.mktemp("gias-quality"), hermit_cache)


@pytest.fixture(scope="module")
def imported(project):
    settings, imports = project
    return run_import("gias", str(CSV), settings, council=None, target_dir=imports, today=TODAY)


def test_the_registers_inspection_is_recorded_with_its_date_grade_report_and_source(project, imported):
    settings, _imports = project
    inspection = f"<{ID}inspection/setting-gias-990001-2024-03-14>"
    assert ask(
        settings,
        f"ASK {{ <{ID}setting/gias-990001> lo:inspection {inspection} . {inspection} a lo:Inspection ; "
        f"lo:inspectedBy <{ID}organisation/ofsted> ; lo:judgement <{ID}judgement/ofsted-good> ; "
        "lo:inspectedOn '2024-03-14'^^<http://www.w3.org/2001/XMLSchema#date> ; "
        "schema:url <https://reports.ofsted.gov.uk/provider/ELS/990001> ; "
        f"dcterms:source {GIAS} }}",
    )
    # a real school's inspection is never sample data
    assert not ask(settings, f"ASK {{ {inspection} lo:isSample ?any }}")
    # an old one is kept as the register gives it: the gap analysis finds it
    assert ask(
        settings,
        f"ASK {{ <{ID}setting/gias-990002> lo:inspection/lo:judgement <{ID}judgement/ofsted-requires-improvement> }}",
    )


def test_blank_columns_record_nothing_and_a_grade_without_a_date_is_reported(project, imported):
    settings, _imports = project
    assert not ask(settings, f"ASK {{ <{ID}setting/gias-990003> lo:inspection ?any }}")
    assert not ask(settings, f"ASK {{ <{ID}setting/gias-990007> lo:inspection ?any }}")
    assert (
        "establishment 990007: field 'OfstedLastInsp': blank, so the rating 'Good' is not recorded (no date)"
        in imported.result.notes
    )


def test_a_real_schools_page_says_what_the_register_says_and_nothing_more(project, imported, make_app):
    settings, _imports = project
    client = make_app(settings).test_client()
    html = client.get("/id/setting/gias-990001").get_data(as_text=True)
    line = html[html.index('<p class="govuk-body se7-inspection">') :]
    line = " ".join(line[: line.index("</p>")].split())
    assert (
        "<strong>Ofsted (the Office for Standards in Education):</strong> Good, inspected "
        '<time datetime="2024-03-14">March 2024</time> — <a class="govuk-link" '
        'href="https://reports.ofsted.gov.uk/provider/ELS/990001">read the report</a>'
    ) in line
    assert "(sample)" not in line
    twin = client.get("/id/setting/gias-990001.json").get_json()["quality"]["inspections"][0]
    assert twin["sample"] is False and twin["source"] is not None
    # blank in the register: the page says none is recorded, never a guess
    assert "No inspection is recorded here for this setting." in client.get("/id/setting/gias-990003").get_data(
        as_text=True
    )


def _record(urn: str = "123456") -> Record:
    return Record("establishment", urn, node("setting", f"gias-{urn}"))


def _inspections(record: Record) -> list[tuple]:
    return [t for t in record.triples if t[1] == LOV.inspection]


@pytest.mark.parametrize(
    ("columns", "note"),
    [
        (
            {"OfstedLastInsp": "01-02-2027", "OfstedRating (name)": "Good"},
            "field 'OfstedLastInsp': 2027-02-01 is in the future: no inspection recorded",
        ),
        (
            {"OfstedLastInsp": "31-02-2024", "OfstedRating (name)": "Good"},
            "field 'OfstedLastInsp': '31-02-2024' is not a date (DD-MM-YYYY): no inspection recorded",
        ),
        (
            {"OfstedLastInsp": "01-02-2024", "OfstedRating (name)": "Good", "InspectorateName (name)": "ISI"},
            "field 'InspectorateName (name)': 'ISI' is not Ofsted: its inspection is not recorded",
        ),
    ],
)
def test_a_date_that_cannot_be_right_or_another_inspectorate_records_nothing(columns, note):
    record = _record()
    add_inspection(record, columns, date(2026, 11, 28))
    assert _inspections(record) == []
    assert record.notes == [f"establishment 123456: {note}"]


def test_an_unknown_grade_keeps_the_date_without_a_judgement_and_the_report_column_wins():
    record = _record()
    columns = {
        "OfstedLastInsp": "2025-01-20",
        "OfstedRating (name)": "Brilliant",
        "InspectorateReport": "https://reports.example.org/123456",
    }
    add_inspection(record, columns, date(2026, 11, 28))
    inspection = node("inspection", "setting-gias-123456-2025-01-20")
    assert _inspections(record) == [(record.iri, LOV.inspection, inspection)]
    assert not [t for t in record.triples if t[1] == LOV.judgement]
    assert (inspection, rdflib.URIRef("https://schema.org/url"), rdflib.URIRef(columns["InspectorateReport"])) in (
        record.triples
    )
    assert record.notes == [
        "establishment 123456: field 'OfstedRating (name)': 'Brilliant' is not an Ofsted grade: "
        "the judgement is left out"
    ]


@pytest.mark.parametrize(
    ("grade", "judgement"),
    [
        ("Serious Weaknesses", "ofsted-inadequate"),
        ("Outstanding", "ofsted-outstanding"),
        ("Requires improvement", "ofsted-requires-improvement"),
    ],
)
def test_register_grades_map_to_ofsted_grades(grade, judgement):
    record = _record()
    add_inspection(record, {"OfstedLastInsp": "7-3-2024", "OfstedRating (name)": grade}, date(2026, 11, 28))
    assert [t[2] for t in record.triples if t[1] == LOV.judgement] == [node("judgement", judgement)]
