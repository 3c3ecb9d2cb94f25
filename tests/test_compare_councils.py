"""Compare councils (/gaps/compare) over the real built sample: its numbers against an independent
computation (each analysis run directly on the store, populations read from data/population.ttl with
rdflib), the page's table against its JSON twin, and bad council parameters refused with a 400 naming
the parameter and the value. The rates' formatting is tested as a unit."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib

from graph_app.gaps.analysis import run_gap
from graph_app.gaps.rates import number_text, per_10000, rate_text

ROOT = Path(__file__).resolve().parent.parent
LO = rdflib.Namespace("https://w3id.org/se7-local-offer/def#")
DCT = rdflib.Namespace("http://purl.org/dc/terms/")
ID = "https://w3id.org/se7-local-offer/id/"


@pytest.fixture(scope="module")
def compare_app(served, make_module_app):
    return make_module_app(served)


@pytest.fixture
def web(compare_app):
    return compare_app.test_client()


def populations() -> dict[str, int]:
    """The latest population per council IRI, straight from the data file."""
    graph = rdflib.Graph().parse(ROOT / "data" / "population.ttl")
    latest: dict[str, tuple[int, int]] = {}
    for estimate in graph.subjects(LO.forArea, None):
        area = str(graph.value(estimate, LO.forArea))
        year = int(str(graph.value(estimate, DCT.temporal)))
        people = int(graph.value(estimate, LO.populationAged0to25))
        if area not in latest or year > latest[area][0]:
            latest[area] = (year, people)
    return {area: people for area, (_year, people) in latest.items()}


# how each headline is counted, written again here from the analyses' columns (not from compare.py)
def independent_count(name: str, rows: list[dict]) -> int:
    if name == "coverage_matrix":
        return len([r for r in rows if r["services"] == 0])
    if name == "not_reviewed":
        return sum(r["records"] for r in rows)
    if name == "comments_by_topic":
        return sum(r["awaitingResponse"] or 0 for r in rows)
    return len(rows)


def test_two_councils_match_an_independent_computation(web, embedded_store, library):
    data = web.get("/gaps/compare.json?council=kent&council=surrey").get_json()
    assert [c["slug"] for c in data["councils"]] == ["kent", "surrey"]
    every = data["average_over"]
    assert len(every) >= 7 and {"kent", "surrey", "medway"} <= set(every)
    people = populations()
    assert data["councils"][0]["population_aged_0_to_25"] == people[ID + "area/kent"]
    names = [f["analysis"].replace("-", "_") for f in data["figures"]]
    assert {"coverage_matrix", "no_contact_or_referral", "out_of_area", "not_reviewed"} <= set(names)
    nonzero = 0
    for figure in data["figures"]:
        name = figure["analysis"].replace("-", "_")
        counts = {
            slug: independent_count(name, run_gap(embedded_store, library, name, area=ID + "area/" + slug).rows)
            for slug in every
        }
        mean = sum(counts.values()) / len(counts)
        assert figure["se7_average"]["count"] == pytest.approx(mean, abs=1e-3), name
        for slug in ("kent", "surrey"):
            shown = figure["councils"][slug]
            assert shown["count"] == counts[slug], (name, slug)
            nonzero += counts[slug] > 0
            if figure["rate_per_10000_children"]:
                rate = counts[slug] * 10000 / people[ID + "area/" + slug]
                assert shown["per_10000"] == pytest.approx(rate, abs=1e-3), (name, slug)
                rates = [counts[s] * 10000 / people[ID + "area/" + s] for s in every if ID + "area/" + s in people]
                assert figure["se7_average"]["per_10000"] == pytest.approx(sum(rates) / len(rates), abs=1e-3)
            else:
                assert shown["per_10000"] is None
            direction = shown["count_vs_average"]["direction"]
            expected = "same" if abs(counts[slug] - mean) < 0.05 else ("above" if counts[slug] > mean else "below")
            assert direction == expected, (name, slug)
    assert nonzero >= 4  # the sample's deliberate gaps: a comparison of zeros would prove nothing


def test_page_shows_the_same_numbers_with_marks_and_words(web):
    page = web.get("/gaps/compare?council=kent&council=surrey&council=medway")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    data = web.get("/gaps/compare.json?council=kent&council=surrey&council=medway").get_json()
    for label in ("Kent", "Surrey", "Medway", "SE7 average"):
        assert f">{label}</th>" in html
    assert 'value="kent" checked' in html and 'value="medway" checked' in html
    assert 'value="hampshire">' in html  # not chosen, not checked
    assert "above the SE7 average" in html or "below the SE7 average" in html
    assert "▲" in html or "▼" in html
    coverage = next(f for f in data["figures"] if f["analysis"] == "coverage-matrix")
    row = html.split('id="figure-coverage_matrix"', 1)[1].split("</tr>", 1)[0]
    assert f'{coverage["councils"]["kent"]["count"]:,}<span class="govuk-visually-hidden"> (Kent)' in row
    assert "0.00" not in html  # rates never as fractions of a child


def test_no_choice_shows_the_form(web):
    page = web.get("/gaps/compare")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'type="checkbox"' in html and "Headline figures" not in html


@pytest.mark.parametrize(
    "query, value",
    [
        ("council=kent&council=atlantis", "atlantis"),
        ("council=kent&council=<script>", "<script>"),
        ("council=kent&council=" + ID + "need/autism", ID + "need/autism"),
        ("council=kent&council=%22%3B+DROP+ALL", '"; DROP ALL'),
    ],
)
def test_unknown_council_is_a_400_naming_parameter_and_value(web, query, value):
    for path in ("/gaps/compare?", "/gaps/compare.json?"):
        response = web.get(path + query)
        assert response.status_code == 400, path + query
        text = response.get_data(as_text=True)
        assert "Parameter 'council'" in text or "Parameter &#39;council&#39;" in text
        assert "is not one of the councils" in text
        if path.endswith(".json?"):
            assert any(value in str(v) for v in response.get_json().values())  # the value named, as a JSON string
        else:
            assert "<script>" not in text  # escaped in the HTML error page
            shown = text.replace("&#34;", '"').replace("&quot;", '"')
            assert (value if "<" not in value else "&lt;script&gt;") in shown


def test_one_council_is_a_400_asking_for_two(web):
    page = web.get("/gaps/compare?council=kent")
    assert page.status_code == 400
    assert "Choose two or more councils" in page.get_data(as_text=True)
    assert web.get("/gaps/compare.json?council=kent&council=kent").status_code == 400


@pytest.mark.parametrize(
    "rate, text",
    [
        (None, "—"),
        (0, "0"),
        (0.005, "less than 0.1"),
        (0.05, "0.1"),
        (2.449, "2.4"),
        (9.96, "10"),
        (12.5, "12"),
        (1234.6, "1,235"),
        (-3.21, "3.2"),
    ],
)
def test_rate_text(rate, text):
    assert rate_text(rate) == text


def test_per_10000_and_number_text():
    assert per_10000(5, 1000) == 50
    assert per_10000(5, None) is None and per_10000(5, 0) is None
    assert rate_text(per_10000(1, 300_000)) == "less than 0.1"
    assert rate_text(per_10000(7, 490_000)) == "0.1"
    assert number_text(3) == "3" and number_text(2.5) == "2.5" and number_text(1234) == "1,234"
