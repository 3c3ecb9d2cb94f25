"""The gap analysis pages and reports over the real built sample: the generator's deliberate gaps
(graph_app/sample/gaps.py) show up, bad parameters get a 400 naming them, and the CSV and JSON
downloads hold exactly the table."""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser
from urllib.parse import quote

import pytest

from graph_app.sample.gaps import GAPS

ID = "https://w3id.org/se7-local-offer/id/"
ANALYSES = [
    "coverage-matrix",
    "specialist-only",
    "care-pathways-without-adult-pathway",
    "unanswered-questions",
    "not-reviewed",
    "no-contact-or-referral",
    "out-of-area",
    "unlinked-duties",
    "comments-by-topic",
    "sufficiency",
    "council-content",
    "waiting-times",
    "places",
    "not-inspected",
    "sen-reports",
]
PARAMETERS = ["area", "need", "age_band", "months", "as_of", "cover", "settings"]
INJECTIONS = ['"; DROP ALL', "<x> } UNION {", "') .", "kent\nDROP ALL", "{ }", "kent }"]


@pytest.fixture(scope="module")
def gaps_app(served, make_module_app):
    return make_module_app(served)


@pytest.fixture
def web(gaps_app):
    return gaps_app.test_client()


class TableReader(HTMLParser):
    """The cell texts of the first table with class se7-gap-table in a page."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.headers: list[str] = []
        self._in_table = self._done = False
        self._cell: list[str] | None = None
        self._in_head = False

    def handle_starttag(self, tag, attrs):
        classes = dict(attrs).get("class") or ""
        if tag == "table" and "se7-gap-table" in classes and not self._done:
            self._in_table = True
        elif self._in_table and tag == "thead":
            self._in_head = True
        elif self._in_table and tag == "tr" and not self._in_head:
            self.rows.append([])
        elif self._in_table and tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if not self._in_table:
            return
        if tag in ("td", "th") and self._cell is not None:
            text = re.sub(r"\s+", " ", "".join(self._cell)).strip()
            (self.headers if self._in_head else self.rows[-1]).append(text)
            self._cell = None
        elif tag == "thead":
            self._in_head = False
        elif tag == "table":
            self._in_table, self._done = False, True

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def html_table(body: bytes) -> tuple[list[str], list[list[str]]]:
    reader = TableReader()
    reader.feed(body.decode())
    return reader.headers, reader.rows


def test_index_lists_every_analysis_and_report(web):
    page = web.get("/gaps")
    assert page.status_code == 200
    for name in ANALYSES:
        assert f'href="/gaps/{name}"'.encode() in page.data
    assert b'href="/gaps/report/medway"' in page.data
    listed = web.get("/gaps.json").get_json()
    assert [a["name"] for a in listed["analyses"]] == ANALYSES
    assert len(listed["councils"]) == 7


@pytest.mark.parametrize("name", ANALYSES)
def test_every_analysis_page_renders_with_form_and_downloads(web, name):
    page = web.get(f"/gaps/{name}")
    assert page.status_code == 200, page.data[:500]
    text = page.data.decode()
    assert text.count("<h1") == 1
    assert 'method="get"' in text or name == "care-pathways-without-adult-pathway"
    data = web.get(f"/gaps/{name}.json").get_json()
    if data["rows"]:
        assert f'href="/gaps/{name}.csv' in text
        assert "<caption" in text and 'scope="col"' in text
    else:
        assert data["empty_message"] in text


def test_deliberate_coverage_gaps_show_up(web):
    """Every whole gap the generator guarantees is an empty cell of the coverage matrix."""
    for gap in GAPS:
        if gap.access_levels or gap.age_band is None:
            continue
        data = web.get(
            f"/gaps/coverage-matrix.json?area={gap.council}&need={gap.need}&age_band={gap.age_band}"
        ).get_json()
        assert data["table"] and data["table"][0][-1] == "0", gap.describe()
    # the brief's own example, on the page: specialist dental for 19 to 25 year olds in Medway
    page = web.get("/gaps/coverage-matrix?area=medway&need=specialist-dental").data.decode()
    row = re.search(r"Specialist dental needs</th>(.*?)</tr>", page, re.S).group(1)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    assert "None" in cells[-1] and "se7-heat--none" in row  # the 19 to 25 column, shown by word and class


def test_vision_impairment_in_surrey_only_through_specialist_assessment(web):
    data = web.get("/gaps/specialist-only.json?area=surrey").get_json()
    assert ["Surrey", "Vision impairment (VI)"] in [row[:2] for row in data["table"]] or any(
        r[0] == "Surrey" and r[1].startswith("Vision impairment") for r in data["table"]
    )


def test_specialist_dental_pathway_has_no_adult_pathway(web):
    data = web.get("/gaps/care-pathways-without-adult-pathway.json").get_json()
    assert [row["pathway"]["iri"] for row in data["rows"]] == [ID + "pathway/care-specialist-dental"]


def test_five_settings_missing_answers(web):
    data = web.get("/gaps/unanswered-questions.json").get_json()
    assert len(data["rows"]) == 5
    for row in data["rows"]:
        assert "/setting/" in row["record"]["iri"]
        numbers = [int(n) for n in row["questions"].split(", ")]
        assert numbers == sorted(numbers) and len(numbers) == row["missing"] in (2, 3)


def test_no_comments_yet_is_said(web):
    page = web.get("/gaps/comments-by-topic")
    assert b"No published comments yet" in page.data


def test_sufficiency_says_population_figures_are_samples(web):
    page = web.get("/gaps/sufficiency?area=kent").data.decode()
    assert "The population figures are sample figures" in page
    # and says how a council replaces them with the official figures
    assert "Estimates of the population for the UK, England, Wales, Scotland and Northern Ireland" in page
    assert "MYE2" in page and "data/population.ttl" in page
    data = web.get("/gaps/sufficiency.json?area=kent").get_json()
    assert {row["populationIsSample"] for row in data["rows"]} == {True}
    assert all(row["population"] > 0 for row in data["rows"])


def test_not_reviewed_uses_months(web):
    twelve = web.get("/gaps/not-reviewed.json?as_of=2026-11-01").get_json()["rows"]
    thirty = web.get("/gaps/not-reviewed.json?as_of=2026-11-01&months=30").get_json()["rows"]
    assert sum(r["records"] for r in thirty) < sum(r["records"] for r in twelve)
    assert all(r["oldest"] <= "2025-11-01" for r in twelve if r["oldest"])


@pytest.mark.parametrize("name", ["coverage-matrix", "not-reviewed", "out-of-area", "unanswered-questions"])
def test_csv_and_json_match_the_table(web, name):
    query = "?area=kent" if name != "coverage-matrix" else "?area=kent&need=autism"
    headers, rows = html_table(web.get(f"/gaps/{name}{query}").data)
    data = web.get(f"/gaps/{name}.json{query}").get_json()
    assert rows and rows == data["table"]
    assert headers == [c["label"] for c in data["columns"]]
    download = web.get(f"/gaps/{name}.csv{query}")
    assert download.mimetype == "text/csv"
    assert "attachment" in download.headers["Content-Disposition"]
    lines = list(csv.reader(io.StringIO(download.data.decode("utf-8-sig"))))
    assert lines[0][: len(headers)] == headers
    assert [line[: len(headers)] for line in lines[1:]] == rows


@pytest.mark.parametrize("injection", INJECTIONS)
def test_injection_strings_in_every_parameter_get_a_400_naming_it(web, injection):
    listed = web.get("/gaps.json").get_json()["analyses"]
    tried = 0
    for analysis in listed:
        for parameter in analysis["parameters"]:
            for suffix in ("", ".json", ".csv"):
                response = web.get(f"/gaps/{analysis['name']}{suffix}?{parameter}={quote(injection)}")
                assert response.status_code == 400, (analysis["name"], parameter, injection)
                assert parameter.encode() in response.data
                tried += 1
    assert tried >= 3 * 15  # every parameter of every analysis, in the page and both downloads
    assert {p for a in listed for p in a["parameters"]} == set(PARAMETERS)


def test_a_parameter_the_analysis_does_not_take_is_ignored(web):
    assert web.get("/gaps/care-pathways-without-adult-pathway?months=%7B%20%7D").status_code == 200


def test_store_unchanged_after_injections(web, embedded_store):
    before = embedded_store.triple_count()
    for injection in INJECTIONS:
        web.get(f"/gaps/coverage-matrix?area={quote(injection)}&need={quote(injection)}")
    assert embedded_store.triple_count() == before


@pytest.mark.parametrize(
    "url",
    [
        "/gaps/not-reviewed?months=0",
        "/gaps/not-reviewed?months=-1",
        "/gaps/not-reviewed?months=1e3",
        "/gaps/not-reviewed?as_of=2026-13-01",
        "/gaps/coverage-matrix?need=not-a-need",
        "/gaps/coverage-matrix?age_band=0-99",
        "/gaps/coverage-matrix?area=https://example.org/area/kent",
    ],
)
def test_bad_values_are_400(web, url):
    response = web.get(url)
    assert response.status_code == 400
    assert re.search(r"Parameter (&#39;|')(\w+)", response.data.decode())


def test_full_iris_are_accepted_as_well_as_slugs(web):
    by_slug = web.get("/gaps/coverage-matrix.json?area=kent&need=autism").get_json()
    by_iri = web.get(f"/gaps/coverage-matrix.json?area={quote(ID + 'area/kent')}&need=autism").get_json()
    assert by_slug["table"] == by_iri["table"]


def test_unknown_analysis_and_council_are_404(web):
    assert web.get("/gaps/no-such-thing").status_code == 404
    assert web.get("/gaps/report").status_code == 404
    assert web.get("/gaps/report/atlantis").status_code == 404
    assert web.get("/gaps/report/..%2f..%2fetc").status_code == 404


def test_report_gathers_every_analysis_for_the_council(web):
    page = web.get("/gaps/report/medway")
    assert page.status_code == 200
    text = page.data.decode()
    assert 'media="print"' in text and "css/print.css" in text
    for name in ANALYSES:
        assert f'id="{name}"' in text
    assert "Report made" in text and "Data built" in text and "Median last review" in text
    assert "sample data" in text.lower()
    data = web.get("/gaps/report/medway.json").get_json()
    assert data["council"]["slug"] == "medway"
    assert data["oldest_review"] <= data["median_review"] <= data["today"]
    assert len(data["analyses"]) == len(ANALYSES)
    coverage = next(a for a in data["analyses"] if a["name"] == "coverage-matrix")
    assert {row[0] for row in coverage["table"]} == {"Medway"}
    dental = [row for row in coverage["table"] if row[1] == "Specialist dental needs"]
    assert dental[-1][2].endswith("(19 to 25)") and dental[-1][3] == "0"


def test_a_long_result_is_paged_keeping_each_councils_rows_together(web, monkeypatch):
    """At national scale every council's coverage matrix is 34,500 rows: the HTML page shows a page of
    whole councils at a time, the downloads keep every row, and a bad page number is a 400 naming it."""
    import graph_app.gaps.analysis

    everything = web.get("/gaps/coverage-matrix.json").get_json()["rows"]
    councils = list(dict.fromkeys(row["area"]["label"] for row in everything))
    per_council = len(everything) // len(councils)
    monkeypatch.setattr(graph_app.gaps.analysis, "ROWS_PER_PAGE", per_council * 2)  # two councils a page
    first = web.get("/gaps/coverage-matrix").get_data(as_text=True)
    assert f"Rows 1 to {per_council * 2:,} of {len(everything):,}" in first
    assert f"page 1 of {-(-len(councils) // 2)}" in first
    assert 'rel="next"' in first and 'rel="prev"' not in first
    second = web.get("/gaps/coverage-matrix?page=2").get_data(as_text=True)
    heading = re.compile(r"for each need and age band in ([^:\"<>]+):")
    assert heading.findall(first) == councils[:2]
    assert heading.findall(second) == councils[2:4]
    assert 'rel="prev"' in second
    assert len(web.get("/gaps/coverage-matrix.json?page=2").get_json()["rows"]) == len(everything)
    for bad in ("0", "x", "99"):
        response = web.get(f"/gaps/coverage-matrix?page={bad}")
        assert response.status_code == 400 and "page" in response.get_data(as_text=True)
