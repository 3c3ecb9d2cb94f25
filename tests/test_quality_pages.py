"""Quality and outcomes (issue 19) on record pages over the real build: a setting's current inspection in one
plain line on the first screen ("Ofsted (the Office for Standards in Education): Good, inspected March 2024 —
read the report (sample)"), "no inspection recorded" for a setting without one, a note when it is more than five
years old, leavers' destinations as a table with year and source, and the same data in the JSON twin and the
record's RDF (Turtle, JSON-LD). Expected values are read from the store, not written here."""

from __future__ import annotations

import json
from datetime import date

import pytest

from graph_app.web.explore.quality import OLD_AFTER_YEARS, quality

LO = "https://w3id.org/se7-local-offer/def#"
ID = "https://w3id.org/se7-local-offer/id/"
MONTHS = "January February March April May June July August September October November December".split()
SUMMARY = 'id="summary-heading"'


def _newest(store, kind: str, old: bool | None = None, destinations: bool = False) -> dict:
    """A sample record of `kind` with its newest inspection: its day, judgement label and report."""
    rows = store.select(
        f"""PREFIX lo: <{LO}> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX schema: <https://schema.org/>
        SELECT ?record ?day ?label ?report WHERE {{
          ?record lo:isSample true ; lo:inspection ?i . ?i lo:inspectedOn ?day ; lo:judgement/rdfs:label ?label ;
            schema:url ?report .
          FILTER(LANG(?label) = "en" && STRSTARTS(STR(?record), "{ID}{kind}/"))
          FILTER NOT EXISTS {{ ?record lo:inspection/lo:inspectedOn ?later FILTER(STR(?later) > STR(?day)) }}
          {"FILTER EXISTS { ?record lo:destinationFigure ?f }" if destinations else ""}
        }} ORDER BY ?record"""
    )
    today = date.today()
    for row in rows:
        day = date.fromisoformat(row["day"].value)
        years = today.year - day.year - ((today.month, today.day) < (day.month, day.day))
        if old is None or (years >= OLD_AFTER_YEARS) == old:
            return {k: row[k].value for k in ("record", "day", "label", "report")} | {"date": day}
    pytest.fail(f"the sample has no {kind} with such an inspection")


def _path(iri: str) -> str:
    return "/id/" + iri.removeprefix(ID)


def test_a_settings_inspection_is_one_plain_line_on_the_first_screen(client, embedded_store):
    found = _newest(embedded_store, "setting", old=False)
    html = client.get(_path(found["record"])).get_data(as_text=True)
    when = f'<time datetime="{found["day"]}">{MONTHS[found["date"].month - 1]} {found["date"].year}</time>'
    line = f"<strong>Ofsted (the Office for Standards in Education):</strong>\n    {found['label']}, inspected {when}"
    assert line in html
    assert f'— <a class="govuk-link" href="{found["report"]}">read the report</a>' in html
    assert "(sample)</strong>" in html[html.index(line) :]
    assert html.index(line) < html.index(SUMMARY)  # above what it is and how to get it: the first screen
    assert "more than five years ago" not in html


def test_the_twin_carries_every_inspection_newest_first(client, embedded_store):
    found = _newest(embedded_store, "setting", old=False)
    twin = client.get(_path(found["record"]) + ".json").get_json()["quality"]
    current = twin["inspections"][0]
    assert (current["day"], current["judgement"], current["report"]) == (found["day"], found["label"], found["report"])
    assert current["inspectorate_slug"] == "ofsted" and current["sample"] is True and current["old"] is False
    assert twin["not_inspected"] is False


def test_an_inspection_more_than_five_years_old_says_so(client, embedded_store):
    found = _newest(embedded_store, "setting", old=True)
    html = client.get(_path(found["record"])).get_data(as_text=True)
    assert "This inspection was more than five years ago." in html
    assert client.get(_path(found["record"]) + ".json").get_json()["quality"]["inspections"][0]["old"] is True


def test_a_setting_without_an_inspection_says_none_is_recorded(client, embedded_store):
    rows = embedded_store.select(
        f"SELECT ?s WHERE {{ ?s a <{LO}Setting> ; <{LO}isSample> true "
        f"FILTER NOT EXISTS {{ ?s <{LO}inspection> ?i }} }} ORDER BY ?s LIMIT 1"
    )
    assert rows, "the sample leaves some settings without an inspection"
    path = _path(rows[0]["s"].value)
    html = client.get(path).get_data(as_text=True)
    assert "No inspection is recorded here for this setting." in html
    assert 'href="https://reports.ofsted.gov.uk/"' in html
    twin = client.get(path + ".json").get_json()["quality"]
    assert twin["not_inspected"] is True and twin["inspections"] == []


def test_a_health_service_shows_its_cqc_rating(client, embedded_store):
    rows = embedded_store.select(
        f"SELECT ?s WHERE {{ ?s a <{LO}Service> ; <{LO}inspection>/<{LO}inspectedBy> <{ID}organisation/cqc> }} "
        "ORDER BY ?s LIMIT 1"
    )
    html = client.get(_path(rows[0]["s"].value)).get_data(as_text=True)
    assert "<strong>CQC (the Care Quality Commission):</strong>" in html
    # a service without an inspection says nothing about it: only settings must be inspected
    other = embedded_store.select(
        f"SELECT ?s WHERE {{ ?s a <{LO}Service> FILTER NOT EXISTS {{ ?s <{LO}inspection> ?i }} }} ORDER BY ?s LIMIT 1"
    )
    twin = client.get(_path(other[0]["s"].value) + ".json").get_json()["quality"]
    assert twin == {"inspections": [], "destinations": [], "not_inspected": False, "find_reports": ""}


def test_destinations_are_a_table_with_year_and_source(client, embedded_store):
    found = _newest(embedded_store, "setting", destinations=True)
    rows = embedded_store.select(
        f"SELECT ?label ?pc ?year WHERE {{ <{found['record']}> <{LO}destinationFigure> ?f . "
        f"?f <{LO}destination>/<http://www.w3.org/2000/01/rdf-schema#label> ?label ; <{LO}percentage> ?pc ; "
        f'<{LO}cohortYear> ?year FILTER(LANG(?label) = "en") }}'
    )
    html = client.get(_path(found["record"])).get_data(as_text=True)
    table = html[html.index('id="destinations-heading"') :]
    table = table[: table.index("</table>")]
    for row in rows:
        assert f">{row['label'].value}</th>" in table
        assert f">{float(row['pc'].value):g}%</td>" in table
        assert f">{row['year'].value}</td>" in table
    assert table.count("(sample)</strong>") == len(rows) == 4
    twin = client.get(_path(found["record"]) + ".json").get_json()["quality"]["destinations"]
    assert [d["slug"] for d in twin] == ["education", "training", "employment", "not-sustained"]
    assert {d["source"] for d in twin} == {"Sample local offer (invented)"}


def test_the_records_rdf_carries_its_inspection(client, embedded_store):
    found = _newest(embedded_store, "setting", destinations=True)
    turtle = client.get(_path(found["record"]) + ".ttl").get_data(as_text=True)
    assert "lo:inspection" in turtle and "lo:inspectedOn" in turtle and "lo:judgement" in turtle
    assert "lo:destinationFigure" in turtle and "lo:percentage" in turtle and "lo:cohortYear" in turtle
    document = json.loads(client.get(_path(found["record"]) + ".jsonld").get_data(as_text=True))
    text = json.dumps(document)
    assert found["day"] in text and found["report"] in text


def test_five_years_counts_from_today(app, embedded_store):
    found = _newest(embedded_store, "setting")
    day = found["date"]
    with app.test_request_context("/"):
        just_before = quality(found["record"], today=day.replace(year=day.year + OLD_AFTER_YEARS) - date.resolution)
        on_the_day = quality(found["record"], today=day.replace(year=day.year + OLD_AFTER_YEARS))
        need = quality(ID + "need/autism")
    assert just_before.inspections[0].old is False
    assert on_the_day.inspections[0].old is True
    assert not need and need.inspections == []
