"""`graph-app import gias`: a GIAS-layout CSV (invented schools) into settings, with a real build; wrong
headers and a non-UTF-8 file give exact messages and change nothing."""

from __future__ import annotations

import csv
import re

import pytest
import rdflib
from test_import_oruk import BROKEN, FIXTURES, ID, TODAY, ask, small_project, snapshot

from graph_app.config import PROJECT_ROOT
from graph_app.importers import ImportFailed, run_import
from graph_app.importers.gias import REQUIRED_COLUMNS, SEN_COLUMNS
from graph_app.importers.tables import gias_la_table
from graph_app.slugs import COUNCILS

CSV = FIXTURES / "gias" / "establishments.csv"
MAPPINGS = PROJECT_ROOT / "data" / "mappings"


@pytest.fixture(scope="module")
def project(tmp_path_factory, hermit_cache):
    return small_project(tmp_path_factory.mktemp("gias-import"), hermit_cache)


@pytest.fixture(scope="module")
def imported(project):
    settings, imports = project
    return run_import("gias", str(CSV), settings, council=None, target_dir=imports, today=TODAY)


def test_fixture_has_the_gias_layout():
    with CSV.open(encoding="utf-8") as handle:
        headers = next(csv.reader(handle))
    assert set(REQUIRED_COLUMNS) | set(SEN_COLUMNS) <= set(headers)


def test_rows_outside_se7_and_bad_rows_are_reported_and_skipped(imported):
    assert [str(p) for p in imported.result.problems] == [
        "establishment 990004: field 'LA (code)': '202' (Camden) is not one of the seven SE7 councils",
        "establishment 990005: field 'StatutoryLowAge': expected a whole number, got 'two'",
    ]
    assert imported.written is not None and imported.written.name == "gias-establishments.ttl"
    assert len(imported.result.records) == 5


def test_special_school_is_a_specialist_school_with_needs_and_district(project, imported):
    settings, _imports = project
    school = f"<{ID}setting/gias-990001>"
    # the build's defined class: a school that is a specialist setting is a special school
    assert ask(
        settings,
        f"ASK {{ {school} a lo:SpecialSchool ; lo:meetsNeed <{ID}need/autism>, "
        f"<{ID}need/speech-language-communication> ; lo:locatedIn <{ID}area/tunbridge-wells> ; "
        f"lo:inLocalOfferOf <{ID}area/kent> ; lo:minAge 4 ; lo:maxAge 19 ; "
        f"lo:usesQuestionSet <{ID}question-set/young-person> ; "
        "lo:lastReviewed '2026-11-28'^^<http://www.w3.org/2001/XMLSchema#date> ; "
        "lo:hasContact/schema:url <http://www.oakhurst.example.org> ; "
        "prov:wasDerivedFrom <https://get-information-schools.service.gov.uk/Establishments/"
        "Establishment/Details/990001> }",
    )
    assert not ask(settings, f"ASK {{ {school} lo:isSample ?any }}")


def test_phase_and_provision_choose_the_classes(project, imported):
    settings, _imports = project
    # resourced provision makes a mainstream primary school specialist, as the issue asks
    assert ask(
        settings,
        f"ASK {{ <{ID}setting/gias-990002> a lo:School, lo:SpecialistSetting ; "
        f"lo:meetsNeed <{ID}need/hearing-impairment> ; lo:usesQuestionSet "
        f"<{ID}question-set/parent-carer> }}",
    )
    assert ask(
        settings,
        f"ASK {{ <{ID}setting/gias-990003> a lo:School, lo:MainstreamSetting ; lo:locatedIn <{ID}area/medway> }}",
    )
    # a further education college for 16 to 99 is clamped to 25, the original kept in a comment
    assert ask(
        settings,
        f"ASK {{ <{ID}setting/gias-990006> a lo:College ; lo:maxAge 25 ; lo:locatedIn "
        f"<{ID}area/worthing> ; rdfs:comment ?c . FILTER(CONTAINS(STR(?c), '16 to 99')) }}",
    )


def test_resource_base_and_sen_unit_with_needs_places_address_and_district(project, imported):
    settings, _imports = project
    school = f"<{ID}setting/gias-990007>"
    assert ask(
        settings,
        f"ASK {{ {school} lo:specialistProvision lo:ResourceBaseProvision, lo:SENUnitProvision ; "
        f"lo:specialistProvisionFor <{ID}need/specific-learning-difficulty>, "
        f"<{ID}need/vision-impairment>, <{ID}need/speech-language-communication> ; "
        "lo:resourceBaseCapacity 10 ; lo:senUnitCapacity 8 ; "
        'schema:streetAddress "2 Kingsmead Road (invented), Chandler\'s Ford" ; '
        "schema:addressLocality 'Eastleigh' ; schema:postalCode 'SO53 1AA' ; "
        f"lo:locatedIn <{ID}area/eastleigh> ; lo:servesArea <{ID}area/eastleigh> ; "
        f"lo:inLocalOfferOf <{ID}area/hampshire> }}",
    )
    # a resource base only, its places from ResourcedProvisionCapacity
    assert ask(
        settings,
        f"ASK {{ <{ID}setting/gias-990002> lo:specialistProvision lo:ResourceBaseProvision ; "
        "lo:resourceBaseCapacity 14 ; "
        f"lo:specialistProvisionFor <{ID}need/hearing-impairment> ; schema:postalCode 'TN23 1AA' }}",
    )
    assert not ask(settings, f"ASK {{ <{ID}setting/gias-990002> lo:specialistProvision lo:SENUnitProvision }}")
    # "Not applicable": a special school has no resource base or unit, and its needs are not "provision for"
    assert not ask(
        settings, f"ASK {{ <{ID}setting/gias-990001> lo:specialistProvision|lo:specialistProvisionFor ?any }}"
    )


def test_unknown_provision_type_is_reported():
    from datetime import date

    from graph_app.importers.gias import GiasContext, map_rows, read_rows
    from graph_app.importers.vocabulary import load_vocabulary

    text = CSV.read_text(encoding="utf-8").replace("Resourced provision and SEN unit", "Nurture group")
    context = GiasContext(None, load_vocabulary(PROJECT_ROOT), MAPPINGS, rdflib.URIRef(ID), date(2026, 11, 28))
    result = map_rows(read_rows(text, "x.csv"), context)
    assert (
        "establishment 990007: field 'TypeOfResourcedProvision (name)': 'Nurture group' is not one of: "
        "Resourced provision, SEN unit, Resourced provision and SEN unit, Not applicable"
        in [str(p) for p in result.problems]
    )


@pytest.mark.parametrize(
    ("fixture", "encoding", "message"),
    [
        (
            "wrong_headers.csv",
            "utf-8",
            "wrong_headers.csv: not a GIAS establishment extract: missing columns 'EstablishmentName', 'LA (code)', "
            "'LA (name)', 'TypeOfEstablishment (name)', 'PhaseOfEducation (name)', 'StatutoryLowAge', "
            "'StatutoryHighAge', 'Postcode', 'SchoolWebsite'",
        ),
        (
            "not_utf8.csv",
            "utf-8",
            "not_utf8.csv: not UTF-8 text (byte 0xe9 at position 639); save it as UTF-8, or give the file's encoding "
            "with --encoding (GIAS downloads are cp1252)",
        ),
        ("not_utf8.csv", "klingon", "unknown encoding 'klingon'"),
    ],
)
def test_broken_csv_gives_exact_message_and_changes_nothing(project, imported, fixture, encoding, message):
    settings, imports = project
    before = snapshot(settings, imports)
    with pytest.raises(ImportFailed) as caught:
        run_import(
            "gias", str(BROKEN / fixture), settings, council=None, target_dir=imports, today=TODAY, encoding=encoding
        )
    assert caught.value.message == message
    assert snapshot(settings, imports) == before


def test_a_record_imported_by_another_file_is_skipped(project, imported):
    settings, imports = project
    before = snapshot(settings, imports)
    outcome = run_import("gias", str(CSV), settings, council="kent", target_dir=imports, today=TODAY, name="again")
    problems = [str(p) for p in outcome.result.problems]
    assert [p for p in problems if "already imported" in p] == [
        "establishment 990001: field 'id': already imported by gias-establishments.ttl: import that source again to "
        "change it",
        "establishment 990002: field 'id': already imported by gias-establishments.ttl: import that source again to "
        "change it",
    ]
    assert outcome.written is None
    assert snapshot(settings, imports) == before


def test_cp1252_file_imports_with_its_encoding_and_council_filter(tmp_path, hermit_cache):
    settings, imports = small_project(tmp_path, hermit_cache)
    outcome = run_import(
        "gias",
        str(BROKEN / "not_utf8.csv"),
        settings,
        council="kent",
        target_dir=imports,
        today=TODAY,
        encoding="cp1252",
    )
    assert ask(settings, f"ASK {{ <{ID}setting/gias-990001> rdfs:label 'Oakhurst Ecole Spéciale (invented)'@en }}")
    assert "establishment 990003: field 'LA (code)': Medway is not the council being imported (kent)" in [
        str(p) for p in outcome.result.problems
    ]


def test_mapping_tables_match_the_vocabulary():
    """The GIAS SEN codes are the census codes our SEN types carry as skos:notation; LA codes name SE7."""
    needs_ttl = (PROJECT_ROOT / "ontology" / "needs.ttl").read_text(encoding="utf-8")
    notations = dict(
        re.findall(r'need:([a-z-]+) a lo:Need, lo:SENType.*?skos:notation "([A-Z]+)"', needs_ttl, re.DOTALL)
    )
    with (MAPPINGS / "gias-sen.csv").open(encoding="utf-8") as handle:
        sen = {row["code"].upper(): row["need"] for row in csv.DictReader(handle)}
    assert sen == {code: need for need, code in notations.items()}
    with (MAPPINGS / "gias-la-codes.csv").open(encoding="utf-8") as handle:
        councils = {row["council"] for row in csv.DictReader(handle)}
    assert councils == set(COUNCILS)


# The Department for Education's local authority codes (the `LA (code)` column of GIAS extracts, also
# used in school census and performance tables) for the seven SE7 councils.
DFE_LA_CODES = {
    "845": ("East Sussex", "east-sussex"),
    "846": ("Brighton and Hove", "brighton-and-hove"),
    "886": ("Kent", "kent"),
    "887": ("Medway", "medway"),
    "936": ("Surrey", "surrey"),
    "938": ("West Sussex", "west-sussex"),
    "850": ("Hampshire", "hampshire"),
}


def test_la_codes_are_the_dfe_codes_of_the_se7_councils():
    """Exactly these codes, each to its own council: a swapped pair would file every school of one
    council under another, and the coverage check above would not notice."""
    assert gias_la_table(MAPPINGS) == {code: slug for code, (_name, slug) in DFE_LA_CODES.items()}
    with (MAPPINGS / "gias-la-codes.csv").open(encoding="utf-8") as handle:
        named = {row["la_code"]: row["la_name"] for row in csv.DictReader(handle)}
    assert named == {code: name for code, (name, _slug) in DFE_LA_CODES.items()}


def test_capacity_without_type_names_its_kind_and_bad_postcode_is_left_out():
    from datetime import date

    from graph_app.importers.gias import GiasContext, map_rows, read_rows
    from graph_app.importers.records import LOV, SCH
    from graph_app.importers.vocabulary import load_vocabulary

    text = CSV.read_text(encoding="utf-8").replace(",Resourced provision,", ",,").replace("TN23 1AA", "TN23")
    context = GiasContext(None, load_vocabulary(PROJECT_ROOT), MAPPINGS, rdflib.URIRef(ID), date(2026, 11, 28))
    result = map_rows(read_rows(text, "x.csv"), context)
    record = next(r for r in result.records if r.source_id == "990002")
    school = rdflib.URIRef(f"{ID}setting/gias-990002")
    assert (school, LOV.specialistProvision, LOV.ResourceBaseProvision) in record.triples
    assert (school, LOV.resourceBaseCapacity, rdflib.Literal(14)) in record.triples
    assert not any(p == SCH.postalCode for _s, p, _o in record.triples)
    assert "establishment 990002: field 'Postcode': 'TN23' is not a UK postcode: left out" in record.notes
