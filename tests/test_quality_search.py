"""The search filter by inspection (issue 19) over the real build and its index: `rated=good-or-outstanding` keeps
the settings and services whose newest inspection is Outstanding or Good (Ofsted's or the CQC's), `rated=GRADE`
one grade; the counts are the store's own; a bad value is a 400 naming the parameter; the filter is a choice
with counts on the page and a removable chip. Expected sets are read from the store with a query of their own."""

from __future__ import annotations

import pytest

LO = "https://w3id.org/se7-local-offer/def#"
ID = "https://w3id.org/se7-local-offer/id/"


def _newest_grades(store) -> dict[str, str]:
    """Record IRI -> the shared grade slug of its newest inspection, worked out in Python from every inspection."""
    rows = store.select(
        f"SELECT ?record ?day ?grade WHERE {{ ?record <{LO}inspection> ?i . ?i <{LO}inspectedOn> ?day ; "
        f"<{LO}judgement>/<http://www.w3.org/2004/02/skos/core#broader> ?grade }}"
    )
    newest: dict[str, tuple[str, str]] = {}
    for row in rows:
        record, day = row["record"].value, row["day"].value
        if record not in newest or day > newest[record][0]:
            newest[record] = (day, row["grade"].value.rsplit("/", 1)[-1])
    return {record: grade for record, (_day, grade) in newest.items()}


def _all_results(client, address: str) -> tuple[int, set[str]]:
    first = client.get(address).get_json()
    iris = {r["iri"] for r in first["results"]}
    for page in range(2, -(-first["total"] // 20) + 1):
        iris |= {r["iri"] for r in client.get(f"{address}&page={page}").get_json()["results"]}
    return first["total"], iris


@pytest.mark.parametrize(
    ("value", "grades"),
    [
        ("good-or-outstanding", {"good", "outstanding"}),
        ("requires-improvement", {"requires-improvement"}),
        ("inadequate", {"inadequate"}),
    ],
)
def test_the_filter_keeps_exactly_the_records_whose_newest_inspection_has_the_grade(
    client, embedded_store, value, grades
):
    expected = {iri for iri, grade in _newest_grades(embedded_store).items() if grade in grades}
    assert expected, "the sample has records with this grade"
    total, found = _all_results(client, f"/search.json?rated={value}&area=all")
    assert found == expected
    assert total == len(expected)


def test_the_filter_narrows_words_and_kind_and_counts_each_choice(client, embedded_store):
    grades = _newest_grades(embedded_store)
    settings = {iri for iri in grades if iri.startswith(ID + "setting/")}
    page = client.get("/search.json?kind=setting&area=all").get_json()
    rated = next(f for f in page["facets"] if f["param"] == "rated")
    counts = {o["value"]: o["count"] for o in rated["options"]}
    assert counts["good"] == sum(1 for iri in settings if grades[iri] == "good")
    assert counts["good-or-outstanding"] == counts["good"] + counts.get("outstanding", 0)
    chosen = client.get("/search.json?kind=setting&area=all&rated=good").get_json()
    assert chosen["total"] == counts["good"]
    assert chosen["filters"]["rated"] == "good" and chosen["filter_count"] == 2
    assert {"param": "rated", "value": "good"}.items() <= next(
        c for c in chosen["applied"] if c["param"] == "rated"
    ).items()


def test_the_page_offers_the_filter_as_a_choice_and_a_removable_chip(client):
    html = client.get("/search?kind=setting&area=all&rated=good-or-outstanding").get_data(as_text=True)
    assert '<select class="govuk-select" id="filter-rated" name="rated">' in html
    assert '<option value="good-or-outstanding" selected>Inspected and rated Good or Outstanding (' in html
    assert "Inspected and rated Good or Outstanding" in html[html.index("<h1") :]


@pytest.mark.parametrize("value", ["bogus", "Good", "good' OR 1=1"])
def test_a_value_not_offered_is_a_400_naming_the_parameter(client, value):
    response = client.get("/search.json", query_string={"rated": value})
    assert response.status_code == 400
    assert "The 'rated' parameter must be the newest inspection's grade" in response.get_json()["message"]
