"""The commissioning gap analysis "Settings with no inspection in the last five years" (issue 19) over the real
build: exactly the open settings whose newest inspection is five years old or more, or that have none, per
council, worked out here in Python from every setting's inspections; the five-year edge counts from `as_of`;
the page, its JSON twin and CSV hold the same rows; a bad date is a 400 naming the parameter."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from graph_app.gaps.analysis import run_gap

LO = "https://w3id.org/se7-local-offer/def#"
ID = "https://w3id.org/se7-local-offer/id/"
AS_OF = "2026-11-01"


def _settings(store) -> dict[tuple[str, str], str | None]:
    """(council, setting) -> its newest inspection day (None when it has none), for every open setting."""
    found: dict[tuple[str, str], str | None] = {}
    for row in store.select(
        f"SELECT ?area ?setting WHERE {{ ?setting a <{LO}Setting> ; <{LO}inLocalOfferOf> ?area "
        f"FILTER NOT EXISTS {{ ?setting <{LO}closedOn> ?c }} }}"
    ):
        found[(row["area"].value, row["setting"].value)] = None
    for row in store.select(f"SELECT ?setting ?day WHERE {{ ?setting <{LO}inspection>/<{LO}inspectedOn> ?day }}"):
        for key in [k for k in found if k[1] == row["setting"].value]:
            found[key] = max(found[key] or "", row["day"].value)
    return found


def _expected(store, as_of: str) -> set[tuple[str, str]]:
    today = date.fromisoformat(as_of)
    back = today.replace(year=today.year - 5).isoformat()
    return {key for key, day in _settings(store).items() if day is None or day <= back}


def _rows(store, library, **params) -> set[tuple[str, str]]:
    result = run_gap(store, library, "not_inspected", **params)
    return {(row["area"]["iri"], row["setting"]["iri"]) for row in result.rows}


def test_lists_exactly_the_settings_not_inspected_in_five_years(embedded_store, library):
    expected = _expected(embedded_store, AS_OF)
    found = _rows(embedded_store, library, as_of=AS_OF)
    assert found == expected
    never = {key for key, day in _settings(embedded_store).items() if day is None}
    assert never and never < found, "the sample has settings with no inspection, and they are listed"
    assert len(found - never) >= 5, "and some inspected more than five years ago"


def test_the_five_years_count_from_as_of_to_the_day(embedded_store, library):
    dated = sorted((day, key) for key, day in _settings(embedded_store).items() if day)
    day, key = dated[len(dated) // 2]
    inspected = date.fromisoformat(day)
    on_the_day = inspected.replace(year=inspected.year + 5).isoformat()
    day_before = date.fromordinal(date.fromisoformat(on_the_day).toordinal() - 1).isoformat()
    assert key in _rows(embedded_store, library, as_of=on_the_day)
    assert key not in _rows(embedded_store, library, as_of=day_before)


def test_a_council_keeps_its_own_settings(embedded_store, library):
    kent = _rows(embedded_store, library, as_of=AS_OF, area=ID + "area/kent")
    assert kent == {key for key in _expected(embedded_store, AS_OF) if key[0] == ID + "area/kent"}
    assert kent


def test_page_twin_and_csv_hold_the_same_rows(client, embedded_store):
    expected = {key[1] for key in _expected(embedded_store, AS_OF) if key[0] == ID + "area/kent"}
    html = client.get(f"/gaps/not-inspected?area=kent&as_of={AS_OF}").get_data(as_text=True)
    assert "Settings with no inspection in the last five years" in html
    for setting in expected:
        assert f'href="/id/{setting.removeprefix(ID)}"' in html
    twin = client.get(f"/gaps/not-inspected.json?area=kent&as_of={AS_OF}").get_json()
    assert {row["setting"]["iri"] for row in twin["rows"]} == expected
    assert [c["key"] for c in twin["columns"]] == ["area", "setting", "lastInspected", "judgement"]
    download = twin["downloads"]["csv"]
    table = list(csv.DictReader(io.StringIO(client.get(download).get_data(as_text=True))))
    assert len(table) == len(expected)


@pytest.mark.parametrize("value", ["2026-13-01", "yesterday", "2026-11-01') ."])
def test_a_bad_date_is_a_400_naming_the_parameter(client, value):
    response = client.get("/gaps/not-inspected.json", query_string={"as_of": value})
    assert response.status_code == 400
    assert "as_of" in response.get_json()["message"]
