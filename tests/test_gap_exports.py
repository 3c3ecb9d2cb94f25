"""Gap analysis downloads keep their context (issue 17): a CSV with a UTF-8 byte-order mark read by
Python's csv module as a spreadsheet would, a filename naming the analysis, choices and date, CSV on
the Web (CSVW) metadata read by a real CSVW client (the `csvw` package), a zip holding the CSV, the
metadata and a README, and the JSON twin carrying the same facts."""

from __future__ import annotations

import csv
import io
import json
import re
import warnings
import zipfile
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from csvw import CSVW, Table

from graph_app.web.commission import exports

SAFE_NAME = re.compile(r"^[a-z0-9-]+\.(csv|zip)$")
CSVW_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_]*$")  # a CSVW column name (no leading underscore)
QUERY = "?area=kent&need=autism&age_band=11-15"


@pytest.fixture(scope="module")
def exports_app(served, make_module_app):
    return make_module_app(served)


@pytest.fixture
def web(exports_app):
    return exports_app.test_client()


def filename_of(response) -> str:
    match = re.fullmatch(r'attachment; filename="([^"]+)"', response.headers["Content-Disposition"])
    assert match, response.headers["Content-Disposition"]
    return match.group(1)


def read_csv(data: bytes) -> list[list[str]]:
    """As a spreadsheet reads a UTF-8 CSV: the byte-order mark says UTF-8 and is not part of the text."""
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize("name", ["coverage-matrix", "not-reviewed", "sufficiency", "unanswered-questions"])
def test_csv_starts_with_a_byte_order_mark_and_holds_the_table_in_labels(web, name):
    query = "?area=kent" + ("&need=autism" if name == "coverage-matrix" else "")
    download = web.get(f"/gaps/{name}.csv{query}")
    assert download.status_code == 200 and download.mimetype == "text/csv"
    assert download.data.startswith(b"\xef\xbb\xbf")
    assert not download.data[3:].startswith(b"\xef\xbb\xbf")  # one mark, not two
    table = read_csv(download.data)
    data = web.get(f"/gaps/{name}.json{query}").get_json()
    labels = [c["label"] for c in data["columns"]]
    assert table[0][: len(labels)] == labels
    assert not any(h.startswith(("http", "<")) or ":" in h for h in table[0]), table[0]
    assert [row[: len(labels)] for row in table[1:]] == data["table"]
    # the columns holding records hold their names; their web addresses are in the "(link)" columns only
    for row in table[1:]:
        assert not any(cell.startswith("http") for cell in row[: len(labels)]), row
        assert all(cell.startswith("https://") or cell == "" for cell in row[len(labels) :]), row


def test_a_dash_survives_the_round_trip(web):
    """The words that turned into mojibake in Excel ("–" shown as "â€“"): every non-ASCII character of
    each analysis's table comes back from its CSV read as UTF-8 with the mark, and at least one
    analysis has some (so this test can fail)."""
    seen = set()
    for analysis in web.get("/gaps.json").get_json()["analyses"]:
        query = ""  # every council
        data = web.get(f"/gaps/{analysis['name']}.json{query}").get_json()
        wanted = {ch for row in data["table"] for cell in row for ch in cell if ord(ch) > 127}
        if not wanted:
            continue
        table = read_csv(web.get(f"/gaps/{analysis['name']}.csv{query}").data)
        found = {ch for row in table[1:] for cell in row for ch in cell if ord(ch) > 127}
        assert found == wanted, analysis["name"]
        assert "â€" not in "".join(cell for row in table for cell in row)
        seen |= wanted
    assert seen, "no analysis has a non-ASCII character to check"


def test_filename_names_the_analysis_the_choices_and_the_date(web):
    today = date.today().isoformat()
    plain = filename_of(web.get("/gaps/coverage-matrix.csv"))
    kent = filename_of(web.get("/gaps/coverage-matrix.csv?area=kent"))
    chosen = filename_of(web.get(f"/gaps/coverage-matrix.csv{QUERY}"))
    medway = filename_of(web.get("/gaps/coverage-matrix.csv?area=medway&need=autism&age_band=11-15"))
    assert plain == f"se7-gaps-coverage-matrix-{today}.csv"
    assert kent == f"se7-gaps-coverage-matrix-kent-{today}.csv"
    assert chosen == f"se7-gaps-coverage-matrix-kent-autism-11-15-{today}.csv"
    assert len({plain, kent, chosen, medway}) == 4
    months = filename_of(web.get("/gaps/not-reviewed.csv?area=kent&months=18"))
    assert months == f"se7-gaps-not-reviewed-kent-months-18-{today}.csv"
    dated = filename_of(web.get("/gaps/not-reviewed.csv?as_of=2026-11-01&area=kent"))
    assert dated == f"se7-gaps-not-reviewed-kent-as-of-2026-11-01-{today}.csv"
    for name in (plain, kent, chosen, medway, months, dated):
        assert SAFE_NAME.match(name), name


def test_csv_links_its_csvw_metadata_and_a_csvw_client_reads_both(web, tmp_path: Path):
    download = web.get(f"/gaps/coverage-matrix.csv{QUERY}")
    link = download.headers["Link"]
    match = re.fullmatch(r'<([^>]+)>; rel="describedby"; type="application/csvm\+json"', link)
    assert match, link
    meta_response = web.get(match.group(1))
    assert meta_response.status_code == 200 and meta_response.mimetype == "application/csvm+json"
    metadata = meta_response.get_json(force=True)
    header = read_csv(download.data)[0]
    check_metadata_shape(metadata, header, area_label="Kent")
    assert metadata["url"].endswith(f"/gaps/coverage-matrix.csv{QUERY}")
    # a real CSVW client: the csvw package reads the CSV through the metadata, checking each column
    (tmp_path / "table.csv").write_bytes(download.data)
    (tmp_path / exports.METADATA_NAME).write_text(json.dumps({**metadata, "url": "table.csv"}), encoding="utf-8")
    rows = read_with_csvw(tmp_path / exports.METADATA_NAME)
    assert len(rows) == len(read_csv(download.data)) - 1 > 0
    assert list(rows[0]) == [c["name"] for c in metadata["tableSchema"]["columns"]]
    assert all(isinstance(row["services"], int) for row in rows)  # the integer datatype was applied


def check_metadata_shape(metadata: dict, header: list[str], area_label: str) -> None:
    context = metadata["@context"]
    assert context == "http://www.w3.org/ns/csvw" or context[0] == "http://www.w3.org/ns/csvw"
    columns = metadata["tableSchema"]["columns"]
    assert [c["titles"] for c in columns] == header
    assert all(CSVW_NAME.match(c["name"]) for c in columns), [c["name"] for c in columns]
    assert len({c["name"] for c in columns}) == len(columns)
    assert metadata["dc:created"]["@value"] == date.today().isoformat()
    assert metadata["schema:version"]  # the build id
    assert metadata["dc:source"]["@id"].startswith("http")
    notes = {n["schema:propertyID"]: n for n in metadata["notes"]}
    assert notes["area"]["schema:value"] == area_label
    assert notes["area"]["schema:url"]["@id"].startswith("https://w3id.org/se7-local-offer/id/")
    assert isinstance(notes["sample_data"]["schema:value"], bool)


def read_with_csvw(metadata_path: Path) -> list[dict]:
    """The rows as the csvw package reads them through the metadata: it matches each heading of the
    header row to a column's `titles` (an unmatched heading is a warning, made an error here) and
    converts each cell by the column's datatype (strict: a cell that does not fit is an error)."""
    assert CSVW(str(metadata_path)).is_valid
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return [dict(row) for row in Table.from_file(metadata_path).iterdicts(strict=True)]


def test_the_csvw_client_notices_metadata_that_does_not_match(web, tmp_path: Path):
    """So the checks above can fail: a wrong heading or datatype makes the same client say invalid."""
    download = web.get(f"/gaps/coverage-matrix.csv{QUERY}")
    metadata = web.get(f"/gaps/coverage-matrix.csv-metadata.json{QUERY}").get_json(force=True)
    (tmp_path / "table.csv").write_bytes(download.data)
    for column, key, wrong in ((1, "titles", "Needs"), (3, "datatype", "date")):
        broken = json.loads(json.dumps(metadata))
        broken["url"] = "table.csv"
        broken["tableSchema"]["columns"][column][key] = wrong
        path = tmp_path / f"broken-{key}.json"
        path.write_text(json.dumps(broken), encoding="utf-8")
        with pytest.raises((UserWarning, ValueError, AssertionError)):
            read_with_csvw(path)


def test_zip_holds_the_csv_its_csvw_metadata_and_a_readme(web, tmp_path: Path):
    response = web.get(f"/gaps/coverage-matrix.zip{QUERY}")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    name = filename_of(response)
    assert SAFE_NAME.match(name) and name.endswith(".zip")
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        names = set(archive.namelist())
        csv_name = name.removesuffix(".zip") + ".csv"
        assert names == {csv_name, exports.METADATA_NAME, "README.txt"}
        archive.extractall(tmp_path)
    data = (tmp_path / csv_name).read_bytes()
    assert data == web.get(f"/gaps/coverage-matrix.csv{QUERY}").data
    metadata = json.loads((tmp_path / exports.METADATA_NAME).read_text(encoding="utf-8"))
    assert metadata["url"] == csv_name  # relative: the metadata and the table travel together
    check_metadata_shape(metadata, read_csv(data)[0], area_label="Kent")
    assert len(read_with_csvw(tmp_path / exports.METADATA_NAME)) == len(read_csv(data)) - 1
    readme = (tmp_path / "README.txt").read_text(encoding="utf-8")
    assert "Council: Kent" in readme and metadata["schema:version"] in readme
    assert date.today().isoformat() in readme


def test_json_twin_carries_the_same_metadata(web):
    data = web.get(f"/gaps/coverage-matrix.json{QUERY}").get_json()
    meta = data["metadata"]
    metadata = web.get(f"/gaps/coverage-matrix.csv-metadata.json{QUERY}").get_json(force=True)
    assert meta["build_id"] == metadata["schema:version"]
    assert meta["exported"] == metadata["dc:created"]["@value"] == date.today().isoformat()
    assert meta["source"] == metadata["dc:source"]["@id"]
    assert {f["parameter"]: f["value"] for f in meta["filters"]} == {
        "area": "kent",
        "need": "autism",
        "age_band": "11-15",
    }
    sample = next(n for n in metadata["notes"] if n["schema:propertyID"] == "sample_data")["schema:value"]
    assert meta["sample_data"] is sample
    link = urlsplit(data["downloads"]["zip"])
    assert link.path == "/gaps/coverage-matrix.zip" and parse_qs(link.query) == parse_qs(QUERY[1:])


def test_sample_flag_follows_the_store(web, exports_app):
    """The flag is read from the store (lo:isSample), not assumed: the test build is the sample."""
    with exports_app.app_context():
        from graph_app.web.core.graph import get_graph

        graph = get_graph()
        held = graph.library.ask(graph.store, "navigate/has_sample_data")
    assert web.get("/gaps/not-reviewed.json").get_json()["metadata"]["sample_data"] is held


@pytest.mark.parametrize("suffix", [".csv", ".zip", ".csv-metadata.json"])
def test_bad_choices_are_refused_naming_the_parameter(web, suffix):
    response = web.get(f"/gaps/coverage-matrix{suffix}?area=%22%3B%20DROP")
    assert response.status_code == 400 and b"area" in response.data
