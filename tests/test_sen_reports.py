"""SEN information reports (issue 19) on the real build: every maintained school, maintained nursery school and
academy must publish one (Children and Families Act 2014, s.69; SEND Regulations 2014, reg. 51 and Schedule 1;
SEND Code of Practice 6.79-6.83). A school's page links to its report where the record gives the report's own
address (lo:senInformationReport), else says what the report is and where to look (the school's website, never
passed off as the report); the JSON twin and RDF carry it; the GIAS importer types the schools with the duty
(lo:MaintainedSchool) and keeps SchoolWebsite as the website; the gap analysis lists the schools with the duty
and no report; an editor sets the report's address in the staff form, which refuses anything but https://."""

from __future__ import annotations

from datetime import date

import pyoxigraph as ox
import pytest
import rdflib
from live_helpers import copy_build, current_store, form_data
from staff_helpers import login, make_staff

from graph_app.config import PROJECT_ROOT
from graph_app.gaps import run_gap
from graph_app.importers.gias import GiasContext, map_rows, read_rows
from graph_app.importers.vocabulary import load_vocabulary

LO = "https://w3id.org/se7-local-offer/def#"
ID = "https://w3id.org/se7-local-offer/id/"
SCHEMA_URL = "https://schema.org/url"
GIAS_CSV = PROJECT_ROOT / "data" / "fixtures" / "gias" / "establishments.csv"
LINK_TEXT = "Read this school&#39;s SEN (special educational needs) information report"
EXPLAINED = "Every maintained school, maintained nursery school and academy must publish one"
FIELD = "lo-senInformationReport"


def _slug(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def _with_report(store) -> list[tuple[str, str]]:
    rows = store.select(f"SELECT ?s ?r WHERE {{ ?s <{LO}senInformationReport> ?r }} ORDER BY ?s")
    return [(r["s"].value, r["r"].value) for r in rows]


def _without_report(store) -> set[str]:
    """Schools with the duty and no report, found another way than the gap query (FILTER NOT EXISTS)."""
    rows = store.select(
        f"SELECT DISTINCT ?s WHERE {{ ?s a <{LO}MaintainedSchool> ; <{LO}inLocalOfferOf> ?area "
        f"FILTER NOT EXISTS {{ ?s <{LO}senInformationReport> ?r }} FILTER NOT EXISTS {{ ?s <{LO}closedOn> ?c }} }}"
    )
    return {r["s"].value for r in rows}


def test_the_law_behind_the_report_is_cited_in_the_data(embedded_store) -> None:
    for slug, source in (
        ("send-regs-2014-reg51", "http://www.legislation.gov.uk/uksi/2014/1530/regulation/51"),
        ("send-regs-2014-sch1", "http://www.legislation.gov.uk/uksi/2014/1530/schedule/1"),
        ("cfa-2014-s69", "http://www.legislation.gov.uk/ukpga/2014/6/section/69"),
    ):
        assert embedded_store.ask(
            f"ASK {{ <{ID}clause/{slug}> a <{LO}LegislationClause> ; <http://purl.org/dc/terms/source> <{source}> }}"
        )
    cited = {
        r["o"].value
        for r in embedded_store.select(
            f"SELECT ?o WHERE {{ <{LO}senInformationReport> <http://www.w3.org/2000/01/rdf-schema#seeAlso> ?o }}"
        )
    }
    assert "https://www.gov.uk/government/publications/send-code-of-practice-0-to-25" in cited
    assert "http://www.legislation.gov.uk/uksi/2014/1530/regulation/51" in cited


def test_the_sample_has_schools_with_and_without_a_report(embedded_store) -> None:
    linked = _with_report(embedded_store)
    missing = _without_report(embedded_store)
    assert linked and missing  # both cases have something to show
    assert all(report.startswith("https://example.org/") for _s, report in linked)  # invented addresses
    for school, _report in linked:
        assert embedded_store.ask(f"ASK {{ <{school}> <{LO}isSample> true }}")


def _records(text: str) -> dict[str, set[tuple]]:
    context = GiasContext(
        None, load_vocabulary(PROJECT_ROOT), PROJECT_ROOT / "data" / "mappings", rdflib.URIRef(ID), date(2026, 11, 28)
    )
    result = map_rows(read_rows(text, "establishments.csv"), context)
    return {_slug(str(r.iri)): r.triples for r in result.records}


def test_gias_types_the_schools_that_must_publish_and_keeps_the_website_as_the_website() -> None:
    text = GIAS_CSV.read_text(encoding="utf-8")
    records = _records(text)
    duty = rdflib.URIRef(LO + "MaintainedSchool")
    typed = {
        slug for slug, triples in records.items() if any(t[1] == rdflib.RDF.type and t[2] == duty for t in triples)
    }
    # the fixture's community special school, community school and academy converter
    assert {"gias-990001", "gias-990002", "gias-990003"} <= typed
    for slug, triples in records.items():
        assert not any(str(t[1]) == LO + "senInformationReport" for t in triples), slug  # never guessed
    websites = {
        str(t[2])
        for t in records["gias-990002"]
        if str(t[1]) == SCHEMA_URL and t[0] == rdflib.URIRef(ID + "setting/gias-990002")
    }
    assert websites == {"https://brambleford.example.org"}
    # an independent school and a 16 to 19 academy are not named by section 69
    for kind in ("Other independent school", "Academy 16-19 converter"):
        changed = _records(text.replace("Academy converter", kind))
        assert not any(t[1] == rdflib.RDF.type and t[2] == duty for t in changed["gias-990003"]), kind


def test_a_report_address_the_council_adds_to_the_extract_is_read_https_only() -> None:
    """Not a GIAS column: a council adds SENInformationReport for the schools that gave it their report's address."""
    lines = GIAS_CSV.read_text(encoding="utf-8").splitlines()
    given = {
        "990001": "https://www.oakhurst.example.org/send/sen-information-report.pdf",
        "990002": "http://plain.example.org/r",
    }
    rows = [lines[0] + ",SENInformationReport"]
    rows += [line + "," + given.get(line.split(",", 1)[0], "") for line in lines[1:]]
    context = GiasContext(
        None, load_vocabulary(PROJECT_ROOT), PROJECT_ROOT / "data" / "mappings", rdflib.URIRef(ID), date(2026, 11, 28)
    )
    result = map_rows(read_rows("\n".join(rows) + "\n", "establishments.csv"), context)
    reports = {
        _slug(str(s)): str(o) for r in result.records for s, p, o in r.triples if str(p) == LO + "senInformationReport"
    }
    assert reports == {"gias-990001": given["990001"]}  # the http:// one is left out, with a note naming the column
    notes = [n for r in result.records for n in r.notes]
    assert any("990002" in n and "SENInformationReport" in n and "https://" in n for n in notes), notes


def test_a_school_with_a_report_links_to_it_in_html_json_and_rdf(client, embedded_store) -> None:
    school, report = _with_report(embedded_store)[0]
    html = client.get(f"/id/setting/{_slug(school)}").get_data(as_text=True)
    assert LINK_TEXT in html and f'href="{report}"' in html
    assert EXPLAINED not in html
    twin = client.get(f"/id/setting/{_slug(school)}.json").get_json()["sen_report"]
    assert twin["report_url"] == report and twin["must_publish"] is True
    turtle = client.get(f"/id/setting/{_slug(school)}", headers={"Accept": "text/turtle"}).get_data()
    triples = {q.triple for q in ox.parse(turtle, format=ox.RdfFormat.TURTLE)}
    assert ox.Triple(ox.NamedNode(school), ox.NamedNode(LO + "senInformationReport"), ox.NamedNode(report)) in triples


def test_a_school_without_one_says_what_it_is_and_where_to_look(client, embedded_store) -> None:
    school = sorted(_without_report(embedded_store))[0]
    website = embedded_store.select(f"SELECT ?u WHERE {{ <{school}> <{SCHEMA_URL}> ?u }}")[0]["u"].value
    html = client.get(f"/id/setting/{_slug(school)}").get_data(as_text=True)
    section = html[html.index('class="se7-sen-report') : html.index("</section>", html.index('class="se7-sen-report'))]
    assert EXPLAINED in section and LINK_TEXT not in section
    assert f'href="{website}">Look for it on the school&#39;s website' in section  # the website, named as such
    assert 'href="/id/clause/cfa-2014-s69"' in section
    twin = client.get(f"/id/setting/{_slug(school)}.json").get_json()["sen_report"]
    assert twin == {"report_url": "", "must_publish": True, "website": website, "law_url": "/id/clause/cfa-2014-s69"}


def test_a_setting_without_the_duty_or_a_report_says_nothing_about_it(client, embedded_store) -> None:
    college = embedded_store.select(
        f"SELECT ?s WHERE {{ ?s a <{LO}College> FILTER NOT EXISTS {{ ?s a <{LO}MaintainedSchool> }}"
        f" FILTER NOT EXISTS {{ ?s <{LO}senInformationReport> ?r }} }} ORDER BY ?s LIMIT 1"
    )[0]["s"].value
    html = client.get(f"/id/setting/{_slug(college)}").get_data(as_text=True)
    assert "se7-sen-report" not in html
    assert client.get(f"/id/setting/{_slug(college)}.json").get_json()["sen_report"] is None
    assert client.get("/id/need/autism.json").get_json()["sen_report"] is None  # only settings have one


def test_the_gap_analysis_lists_every_school_with_the_duty_and_no_report(embedded_store, library, client) -> None:
    rows = run_gap(embedded_store, library, "sen_reports").rows
    assert {r["setting"]["iri"] for r in rows} == _without_report(embedded_store)
    kent = run_gap(embedded_store, library, "sen_reports", area=ox.NamedNode(ID + "area/kent")).rows
    assert kent and {r["area"]["iri"] for r in kent} == {ID + "area/kent"}
    assert all(r["website"].startswith("https://") for r in rows)  # where to look, from schema:url
    twin = client.get("/gaps/sen-reports.json?area=kent").get_json()
    assert {r["setting"]["iri"] for r in twin["rows"]} == {r["setting"]["iri"] for r in kent}
    page = client.get("/gaps/sen-reports?area=kent").get_data(as_text=True)
    assert all(r["setting"]["label"] in page for r in kent)
    report = client.get("/gaps/report/kent.json").get_json()
    assert "sen-reports" in [a["name"] for a in report["analyses"]]  # the commissioning report lists them


@pytest.fixture(scope="module")
def site(built, tmp_path_factory, make_module_app):
    settings = copy_build(built, tmp_path_factory.mktemp("sen-report-form") / "data")
    return make_module_app(settings), settings


@pytest.fixture(scope="module")
def editor(site):
    """An editor signed in for the provider that runs a school, and the school's slug."""
    app, settings = site
    row = current_store(settings).select(
        f"SELECT ?provider ?setting WHERE {{ ?setting a <{LO}MaintainedSchool> ; <{LO}runBy> ?provider }}"
        " ORDER BY ?setting LIMIT 1"
    )[0]
    client = app.test_client()
    user, password = make_staff(settings, "editor", row["provider"].value)
    assert login(client, user.email, password).status_code == 303
    return client, _slug(row["setting"].value)


def _reports(settings, slug: str) -> set[str]:
    rows = current_store(settings).select(f"SELECT ?r WHERE {{ <{ID}setting/{slug}> <{LO}senInformationReport> ?r }}")
    return {r["r"].value for r in rows}


def test_an_editor_sets_the_report_and_only_an_https_address_is_accepted(site, editor) -> None:
    app, settings = site
    client, slug = editor
    edit = f"/staff/records/setting/{slug}/edit"
    html = client.get(edit).get_data(as_text=True)
    assert f'name="{FIELD}"' in html and "SEN information report" in html
    before = _reports(settings, slug)
    data = form_data(html)
    data[FIELD] = ["http://plain.example.org/sen-report"]
    refused = client.post(edit, data=data)
    assert refused.status_code == 400
    assert "The SEN information report must be one web address starting with https://." in refused.get_data(
        as_text=True
    )
    assert _reports(settings, slug) == before
    address = f"https://example.org/setting/{slug}/our-sen-report-2026"
    data[FIELD] = [address]
    saved = client.post(edit, data=data)
    assert saved.status_code == 303, saved.get_data(as_text=True)[:2000]
    assert _reports(settings, slug) == {address}
    page = app.test_client().get(f"/id/setting/{slug}").get_data(as_text=True)
    assert LINK_TEXT in page and f'href="{address}"' in page
