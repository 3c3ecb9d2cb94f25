"""A commissioner downloads a gap analysis in a real Chromium and opens it as a spreadsheet would (issue 17):
the file starts with a UTF-8 byte-order mark, its headings are the page's column headings, its cells the
names shown on the page (not web addresses), and its name says the analysis, the council and the date.
The ZIP download carries the CSV on the Web metadata, and the editor link opens the analysis's query."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

from axe_check import assert_accessible
from playwright.sync_api import expect

PAGE = "/gaps/not-reviewed?area=kent&months=18"


def _download(page, link_name: str) -> tuple[str, bytes]:
    with page.expect_download(timeout=120_000) as info:
        page.get_by_role("link", name=link_name).first.click()
    download = info.value
    return download.suggested_filename, Path(download.path()).read_bytes()


def test_csv_downloaded_from_the_page_reads_as_a_spreadsheet_would(live_server, page):
    page.goto(live_server + PAGE, timeout=120_000)
    table = page.locator("table.se7-gap-table").first
    headings = [h.strip() for h in table.locator("thead th").all_inner_texts()]
    first_row = [c.strip() for c in table.locator("tbody tr").first.locator("th, td").all_inner_texts()]
    name, data = _download(page, "CSV file of this table")
    assert name == f"se7-gaps-not-reviewed-kent-months-18-{date.today().isoformat()}.csv"
    assert data.startswith(b"\xef\xbb\xbf")  # Excel reads the file as UTF-8 because of this mark
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0][: len(headings)] == headings
    assert not any(h.startswith("http") for h in rows[0])  # headings are words, not IRIs
    assert rows[1][: len(first_row)] == first_row
    assert not any(cell.startswith("http") for cell in rows[1][: len(headings)])  # names, not addresses
    assert any(cell.startswith("https://w3id.org/") for cell in rows[1][len(headings) :])  # links kept apart


def test_zip_download_carries_the_context(live_server, page, tmp_path):
    page.goto(live_server + PAGE, timeout=120_000)
    name, data = _download(page, "Download the ZIP file")
    assert name.endswith(".zip") and "kent" in name
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        metadata = json.loads(archive.read("csv-metadata.json"))
        table = archive.read(metadata["url"]).decode("utf-8-sig")
        readme = archive.read("README.txt").decode("utf-8")
    header = next(csv.reader(io.StringIO(table)))
    assert [c["titles"] for c in metadata["tableSchema"]["columns"]] == header
    assert "Council: Kent" in readme and "Months since the last review: 18" in readme


def test_editor_link_opens_the_query_with_the_choices(live_server, page):
    """The longest analysis query (the coverage matrix) in the link still fits gunicorn's request line."""
    page.goto(live_server + "/gaps/coverage-matrix?area=kent&need=autism", timeout=120_000)
    page.get_by_role("link", name="Open this analysis in the query editor with my choices").click()
    page.wait_for_load_state()
    query = page.locator("#query").input_value()
    assert "VALUES (" in query and "<https://w3id.org/se7-local-offer/id/area/kent>" in query
    expect(page.get_by_role("heading", name="Results")).to_be_visible()
    assert page.locator(".sparql-results table tbody tr").count() == 5  # Kent x autism x the five age bands


def test_editor_explains_a_mistake_accessibly(live_server, page):
    broken = "SELECT ?s WHERE {\n  ?s a lo:Service .\n}"
    page.goto(live_server + "/sparql?" + urlencode({"view": "html", "query": broken}), timeout=120_000)
    summary = page.locator(".govuk-error-summary")
    assert "lo:" in summary.inner_text() and "Line 2, column 8." in summary.inner_text()
    summary.get_by_text("What the query engine said (for experts)").click()
    expect(page.locator(".se7-sparql-error__engine")).to_be_visible()
    assert_accessible(page)
