"""Change over time on the gap analyses (issue 17), over the real built sample and a private database of this
module's own: every store version kept with its date and each council's headline figures; ordinary
versions forgotten after 90 days and snapshots kept for good; a quarter-end snapshot on the first new
version after the quarter; snapshots on demand by a commissioner only (POST with the CSRF token and a
name); "change since" a snapshot as a difference column with marks in words; a trend line per council;
the board report's change since the last report from the snapshots; and demand-side evidence from
searches, counted with no query text and shown with small counts suppressed."""

from __future__ import annotations

import re
import secrets
import sqlite3
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from html import unescape

import pytest
from staff_helpers import csrf_from, login

from graph_app.gaps import snapshots
from graph_app.gaps.analysis import run_gap
from graph_app.gaps.rates import number_text
from graph_app.private import open_private_db
from graph_app.private import search_demand as demand_counts
from graph_app.private.accounts import create_user
from graph_app.private.db import PrivateDB
from graph_app.web.commission import history

ID = "https://w3id.org/se7-local-offer/id/"
KENT = ID + "area/kent"


@pytest.fixture(scope="module")
def site(served, tmp_path_factory, make_module_app):
    settings = replace(served, private_db_path=tmp_path_factory.mktemp("change-over-time") / "private.sqlite")
    return make_module_app(settings), settings


def _db(site) -> PrivateDB:
    return open_private_db(site[1])


def _signed_in(site, role: str, provider: str | None = None):
    app, settings = site
    client = app.test_client()
    password = "correct horse " + secrets.token_hex(8)
    email = f"{role}-{secrets.token_hex(4)}@staff.example.org"
    create_user(open_private_db(settings), email, f"Test {role}", role, provider, password)
    assert login(client, email, password).status_code == 303
    return client


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# 1. each version kept with its date and figures; retention


def test_a_version_is_kept_with_its_date_and_every_councils_headline_figures(site, embedded_store, library):
    app, _settings = site
    assert app.test_client().get("/gaps/coverage-matrix").status_code == 200
    version = app.extensions["graph"].store.version()
    with _db(site).connect() as conn:
        row = conn.execute("SELECT * FROM gap_versions WHERE store_version = ?", (version,)).fetchone()
        councils = conn.execute(
            "SELECT COUNT(DISTINCT council_iri) FROM gap_figures WHERE store_version = ?", (version,)
        ).fetchone()[0]
    assert row is not None and row["seen_at"][:10] == datetime.now(UTC).date().isoformat()
    assert councils == 7
    gaps_in_kent = [
        r for r in run_gap(embedded_store, library, "coverage_matrix", area=KENT).rows if r["services"] == 0
    ]
    assert snapshots.figures_of(_db(site), version, KENT)["coverage_matrix"] == len(gaps_in_kent) > 0


def test_ordinary_versions_are_forgotten_after_90_days_and_snapshots_kept_for_good(tmp_path):
    db = PrivateDB(tmp_path / "private.sqlite")
    now = datetime(2027, 6, 1, tzinfo=UTC)
    for name, age in (("old", 120), ("old-snapshot", 200), ("recent", 30)):
        snapshots.record_version(db, name, None, {KENT: {"coverage_matrix": 4}}, now=now - timedelta(days=age))
    snapshots.take(db, "Before the panel", "old-snapshot", None, {"coverage_matrix": {"columns": [], "rows": []}})
    assert snapshots.prune(db, now=now) == 1
    with db.connect() as conn:
        kept = {r[0] for r in conn.execute("SELECT store_version FROM gap_versions")}
        figures = {r[0] for r in conn.execute("SELECT store_version FROM gap_figures")}
    assert kept == figures == {"old-snapshot", "recent"}
    assert [s.name for s in snapshots.snapshots(db)] == ["Before the panel"]


# 2. snapshots: at a quarter end, and on demand


def test_the_quarter_end_snapshot_is_taken_by_the_first_version_after_the_quarter(site):
    app, _settings = site
    db = _db(site)
    graph = app.extensions["graph"]
    assert snapshots.quarter_due(db, date.today()) is None  # nothing was seen before this quarter began
    began = snapshots.quarter_start(date.today())
    closed = snapshots.quarter_of(began - timedelta(days=1))
    seen = datetime.combine(began - timedelta(days=3), datetime.min.time(), UTC)
    snapshots.record_version(db, "a-version-of-last-quarter", "2026-01-01", {KENT: {"coverage_matrix": 1}}, seen)
    assert snapshots.quarter_due(db, date.today()) == closed
    with app.app_context():
        assert history.record(graph, graph.store.version(), date.today())
        assert history.record(graph, graph.store.version(), date.today())  # a second time takes no second one
    quarter = [s for s in snapshots.snapshots(db) if s.kind == "quarter"]
    assert [(s.period, s.store_version) for s in quarter] == [(closed, graph.store.version())]
    assert snapshots.result_of(db, quarter[0].id, "coverage_matrix")["rows"]
    assert snapshots.quarter_due(db, date.today()) is None


def test_a_snapshot_on_demand_is_for_commissioners_with_a_token_and_a_name(site):
    app, _settings = site
    assert app.test_client().get("/staff/gaps/snapshots").status_code in (302, 303)  # to sign in
    editor = _signed_in(site, "editor", ID + "provider/some-provider")
    assert editor.get("/staff/gaps/snapshots").status_code == 403
    moderator = _signed_in(site, "moderator")
    page = moderator.get("/staff/gaps/snapshots")
    assert page.status_code == 200
    token = csrf_from(page.get_data(as_text=True))
    assert moderator.post("/staff/gaps/snapshots", data={"name": "No token"}).status_code in (400, 403)
    empty = moderator.post("/staff/gaps/snapshots", data={"name": "  ", "csrf_token": token})
    assert empty.status_code == 400 and 'href="#name"' in empty.get_data(as_text=True)
    hostile = "<script>alert(1)</script> panel"
    made = moderator.post("/staff/gaps/snapshots", data={"name": hostile, "csrf_token": token})
    assert made.status_code == 303
    listed = moderator.get("/staff/gaps/snapshots").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; panel" in listed and "<script>alert(1)" not in listed
    names = [s.name for s in snapshots.snapshots(_db(site))]
    assert hostile in names
    taken = next(s for s in snapshots.snapshots(_db(site)) if s.name == hostile)
    assert taken.kind == "on_demand" and taken.user_name == "Test moderator"
    assert snapshots.result_of(_db(site), taken.id, "specialist_only") is not None


# 3. change since a snapshot


def _altered_snapshot(site, embedded_store, library) -> tuple[int, dict, dict]:
    """A snapshot of another version whose Kent coverage differs from today's in known ways: one cell had 2
    more services, one had 1 fewer, one cell is missing (new since then) and one no longer listed."""
    rows = run_gap(embedded_store, library, "coverage_matrix").rows
    kent = [r for r in rows if r["area"]["iri"] == KENT]
    more, fewer, missing = kent[0], kent[1], kent[2]
    then = []
    for r in rows:
        if r is missing:
            continue
        if r is more:
            r = {**r, "services": r["services"] + 2}
        if r is fewer:
            r = {**r, "services": r["services"] - 1}
        then.append(r)
    gone = {**more, "need": {"iri": ID + "need/a-need-since-retired", "label": "A need since retired"}}
    then.append(gone)
    columns = [["area", "Council"], ["need", "Need"], ["age_band", "Age band"], ["services", "Services"]]
    db = _db(site)
    snapshots.record_version(db, "an-earlier-version", "2026-09-30", {KENT: {"coverage_matrix": 3.0}})
    taken = snapshots.take(
        db,
        "End of the pilot",
        "an-earlier-version",
        "2026-09-30",
        {"coverage_matrix": {"columns": columns, "rows": then}},
    )
    return taken.id, {"more": more, "fewer": fewer, "missing": missing}, then


def test_change_since_a_snapshot_adds_a_difference_column_in_words(site, embedded_store, library):
    app, _settings = site
    snapshot_id, rows, then = _altered_snapshot(site, embedded_store, library)
    client = app.test_client()
    plain = client.get("/gaps/coverage-matrix?area=kent").get_data(as_text=True)
    assert 'name="since"' in plain and "End of the pilot" in plain and "Change since End of the pilot" not in plain
    html = client.get(f"/gaps/coverage-matrix?area=kent&since={snapshot_id}").get_data(as_text=True)
    assert "Change since End of the pilot" in html
    body = html[html.index('id="gap-table"') :]
    cells = re.findall(
        r'<td class="govuk-table__cell se7-change se7-change--(\w+)"><span aria-hidden="true">(.)</span> ([^<]+)</td>',
        body,
    )
    kent_rows = [r for r in run_gap(embedded_store, library, "coverage_matrix", area=KENT).rows]
    assert len(cells) == len(kent_rows)
    assert cells[0] == ("down", "▼", "down 2")  # it had 2 more then
    assert cells[1] == ("up", "▲", "up 1")
    assert cells[2] == ("new", "+", "new since then")
    assert {c[0] for c in cells[3:]} == {"same"} and all(c[2] == "no change" for c in cells[3:])
    summary = _text(html[html.index('id="change-summary"') : html.index('id="results"')])
    # then: one Kent row missing and one since retired, so as many rows as now
    assert f"{len(kent_rows)} now, {len(kent_rows)} in the snapshot; 1 new since then, 1 no longer listed" in summary
    assert "Kent, A need since retired, Early years" in summary
    gaps_now = sum(1 for r in kent_rows if r["services"] == 0)
    gaps_then = sum(1 for r in then if r["area"]["iri"] == KENT and r["services"] == 0)
    assert f"{gaps_now:,} now, {gaps_then:,} in the snapshot" in summary
    twin = client.get(f"/gaps/coverage-matrix.json?area=kent&since={snapshot_id}").get_json()["change_since"]
    assert twin["snapshot"]["name"] == "End of the pilot" and twin["rows_no_longer_listed"] == 1
    assert twin["rows"][0] == {"direction": "down", "text": "down 2", "then": rows["more"]["services"] + 2}
    assert twin["rows"][2]["direction"] == "new" and len(twin["rows"]) == len(kent_rows)
    assert "change_since" not in client.get("/gaps/coverage-matrix.json?area=kent").get_json()


def _heat_cells(html: str) -> dict[tuple[str, str], str]:
    """(need, age band) -> the inner HTML of its heatmap cell."""
    heat = html[html.index('class="govuk-table se7-heatmap"') :]
    heat = heat[: heat.index("</table>")]
    column_cells = re.findall(r'<th scope="col" class="[^"]*se7-heatmap__col"[^>]*>(.*?)</th>', heat)
    columns = [_text(c).strip() for c in column_cells]
    found = {}
    need_rows = re.findall(r'<th scope="row" class="[^"]*se7-heatmap__need"[^>]*>(.*?)</th>(.*?)</tr>', heat, re.S)
    for need, cells in need_rows:
        for column, cell in zip(columns, re.findall(r"<td [^>]*>(.*?)</td>", cells, re.S), strict=True):
            found[(_text(need).strip(), column)] = cell
    return found


def test_the_heatmap_cells_carry_the_change_marks_with_words(site, embedded_store, library):
    """Each heatmap cell that changed since the snapshot has its mark (hidden from screen readers) and the
    words read instead; unchanged cells have none; without ?since= no cell has a mark."""
    app, _settings = site
    snapshot_id, rows, _then = _altered_snapshot(site, embedded_store, library)
    client = app.test_client()
    cells = _heat_cells(client.get(f"/gaps/coverage-matrix?area=kent&since={snapshot_id}").get_data(as_text=True))
    mark = (
        r'<span class="se7-change se7-change--(\w+)"><span aria-hidden="true">(.)</span>'
        r'<span class="govuk-visually-hidden">([^<]+)</span></span>'
    )
    marked = {key: re.search(mark, cell).groups() for key, cell in cells.items() if re.search(mark, cell)}
    name = {k: (r["need"]["label"], r["age_band"]["label"]) for k, r in rows.items()}
    assert marked == {
        name["more"]: ("down", "▼", "down 2"),
        name["fewer"]: ("up", "▲", "up 1"),
        name["missing"]: ("new", "+", "new since then"),
    }
    assert len(cells) > 10
    plain = _heat_cells(client.get("/gaps/coverage-matrix?area=kent").get_data(as_text=True))
    assert plain.keys() == cells.keys() and not any("se7-change" in c for c in plain.values())


def test_change_since_says_when_the_choices_cannot_be_compared_and_refuses_a_bad_snapshot(site):
    app, _settings = site
    client = app.test_client()
    snapshot_id = snapshots.take(_db(site), "Any snapshot", "v-any", None, {}).id  # the page's choices decide
    html = client.get(f"/gaps/not-reviewed?months=3&since={snapshot_id}").get_data(as_text=True)
    assert "There is nothing to compare with for these choices" in html
    for bad in ("999999", "abc", "1 OR 1=1", "-1"):
        answer = client.get("/gaps/coverage-matrix", query_string={"since": bad})
        assert answer.status_code == 400 and "since" in answer.get_data(as_text=True)


# 4. trend lines


def test_a_councils_trend_line_is_an_svg_with_its_table(site):
    app, _settings = site
    db = _db(site)
    for days, count in ((60, 9.0), (30, 7.0)):
        seen = datetime.now(UTC) - timedelta(days=days)
        snapshots.record_version(db, f"trend-{days}", None, {KENT: {"coverage_matrix": count}}, seen)
    html = app.test_client().get("/gaps/coverage-matrix?area=kent").get_data(as_text=True)
    section = html[html.index('id="trend"') :]
    svg = section[section.index("<svg") : section.index("</svg>")]
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg and "<path" in svg
    table = _text(section[section.index("<table") : section.index("</table>")])
    day60 = (datetime.now(UTC) - timedelta(days=60)).date().isoformat()
    assert f"{day60} 9" in table
    first, last = (
        re.findall(r"(\d{4}-\d{2}-\d{2}) ([\d,]+) ", table + " ")[0],
        re.findall(r"(\d{4}-\d{2}-\d{2}) ([\d,]+) ", table + " ")[-1],
    )
    assert f"From {first[1]} on {first[0]} to {last[1]} on {last[0]}." in _text(svg)  # the line in words
    report = app.test_client().get("/gaps/report/kent").get_data(as_text=True)
    assert 'id="trends"' in report and f"{day60} 9" in _text(report[report.index('id="trends"') :])


# 6. the board report's change since the last report, from the snapshots


def test_the_report_says_the_change_since_the_last_snapshot(site, embedded_store, library):
    app, _settings = site
    db = _db(site)
    snapshots.record_version(db, "v-last-quarter", "2026-09-30", {KENT: {"coverage_matrix": 2.0, "out_of_area": 1.0}})
    snapshots.take(db, "Last quarter's board", "v-last-quarter", "2026-09-30", {})
    data = app.test_client().get("/gaps/report/kent.json").get_json()["summary"]
    last = snapshots.latest_snapshot_before(_db(site), app.extensions["graph"].store.version())
    assert data["last_report"]["snapshot"] == last.name == "Last quarter's board"
    then = snapshots.figures_of(_db(site), last.store_version, KENT)
    changes = {f["analysis"]: f for f in data["figures"]}
    assert (
        changes["coverage-matrix"]["change_since_last_report"]
        == changes["coverage-matrix"]["count"] - then["coverage_matrix"]
    )
    assert changes["specialist-only"]["change_since_last_report"] is None  # not in that snapshot's figures
    assert changes["out-of-area"]["change_since_last_report"] == changes["out-of-area"]["count"] - 1
    html = app.test_client().get("/gaps/report/kent").get_data(as_text=True)
    assert "Change since the last report: the snapshot Last quarter&#39;s board" in _text(html)


# 5. demand-side evidence


QUERIES = ["autism support near me", "my son Tommy Atkins 12 Acacia Road", "zzqx unicorn bakery", "autism"]


def test_searches_are_counted_without_their_words_and_shown_with_small_counts_suppressed(site):
    app, _settings = site
    client = app.test_client()
    for q in QUERIES:
        assert client.get("/search", query_string={"q": q, "area": "kent"}).status_code == 200
    for _ in range(5):
        client.get("/search", query_string={"q": "xqzvw wobblegrunt", "area": "kent"})
    db = _db(site)
    with db.connect() as conn:
        rows = [dict(r) for r in conn.execute("SELECT * FROM search_demand")]
    month = demand_counts.month_of(date.today())
    assert {r["month"] for r in rows} == {month} and {r["area"] for r in rows} == {"kent"}
    nothing = next(r for r in rows if r["need"] == "" and r["outcome"] == "nothing")
    assert nothing["count"] >= 6  # the unicorn bakery and the five that found nothing
    assert any(r["need"] == "autism" for r in rows)
    html = client.get("/gaps/coverage-matrix?area=kent").get_data(as_text=True)
    section = _text(html[html.index('id="searches"') :])
    assert "No need recognised in the words" in section and "Families searched and found nothing" in section
    assert "fewer than 5" in section  # the few autism searches are not shown as a number


def _table_rows(html: str) -> list[list[str]]:
    body = html[html.index("<tbody") : html.index("</tbody>")]
    return [
        [unescape(_text(c)).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]


def test_the_json_twins_carry_the_trend_lines_and_searches_the_pages_show(site):
    """The analysis page's trend table and searches table, and the report's trend tables, against their JSON
    twins: the same days, figures and counts (a count under the minimum cell size is null in JSON where the
    page says "fewer than 5"; no raw count is in the JSON)."""
    app, _settings = site
    client = app.test_client()
    db = _db(site)
    seen = datetime.now(UTC) - timedelta(days=45)
    snapshots.record_version(db, "trend-json", None, {KENT: {"coverage_matrix": 11.0}}, seen)
    for q in ("autism", "xqzvw wobblegrunt"):
        client.get("/search", query_string={"q": q, "area": "kent"})
    html = client.get("/gaps/coverage-matrix?area=kent").get_data(as_text=True)
    twin = client.get("/gaps/coverage-matrix.json?area=kent").get_json()
    assert twin["rows"] and twin["metadata"]  # the kept body is still whole

    trend = html[html.index('id="trend"') :]
    page_points = _table_rows(trend[trend.index("<table") :])
    (line,) = twin["trends"]
    assert line["figure"] and line["summary"] in _text(trend)
    assert [[p["day"], number_text(p["count"]), p["snapshot"] or ""] for p in line["points"]] == page_points
    assert any(p["day"] == seen.date().isoformat() and p["count"] == 11.0 for p in line["points"])

    section = html[html.index('id="searches"') :]
    page_searches = _table_rows(section)
    few = "fewer than 5"
    json_searches = [
        [
            r["label"] or "No need recognised in the words",
            few if r["searches"] is None else str(r["searches"]),
            few if r["found_nothing"] is None else str(r["found_nothing"]),
        ]
        for r in twin["searches"]["rows"]
    ]
    assert json_searches == [row[:3] for row in page_searches] and twin["searches"]["min_cell"] == 5
    assert any(r["searches"] is None for r in twin["searches"]["rows"])  # suppressed, not a raw count
    assert all(set(r) == {"need", "label", "searches", "found_nothing"} for r in twin["searches"]["rows"])

    report = client.get("/gaps/report/kent").get_data(as_text=True)
    report_twin = client.get("/gaps/report/kent.json").get_json()
    trends = report[report.index('id="trends"') :]
    for line in report_twin["trends"]:
        block = trends[trends.index(f'id="report-trend-{line["analysis"]}"') :]
        rows = _table_rows(block[block.index("<table") :]) if line["points"] else []
        assert [[p["day"], number_text(p["count"]), p["snapshot"] or ""] for p in line["points"]] == rows
    assert any(line["points"] for line in report_twin["trends"])


def test_the_demand_counts_hold_no_query_text(site):
    """Every value in the private database after the searches above: none holds a word that was typed."""
    words = {w.lower() for q in QUERIES for w in q.split() if len(w) > 3} - {"autism"}  # a vocabulary term
    found = []
    connection = sqlite3.connect(site[1].private_db)
    try:
        tables = [r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            for row in connection.execute(f'SELECT * FROM "{table}"'):  # noqa: S608 - names from sqlite_master
                for value in row:
                    text = value.decode("latin-1") if isinstance(value, bytes) else str(value)
                    found += [w for w in words if w in text.lower()]
    finally:
        connection.close()
    assert found == []
    assert demand_counts.vocabulary_need("Support for AUTISM, please", [("autism", "Autism")]) == "autism"
    assert demand_counts.vocabulary_need("autistic", [("autism", "Autism")]) is None


def test_a_count_under_five_is_never_shown_as_a_number(tmp_path):
    db = PrivateDB(tmp_path / "private.sqlite")
    for _ in range(4):
        demand_counts.count_search(db, "autism", "kent", False, date(2026, 11, 3))
    for _ in range(5):
        demand_counts.count_search(db, "adhd", "kent", True, date(2026, 11, 3))
    shown = {d.need: (d.searches_shown, d.found_nothing_shown) for d in demand_counts.demand(db, date(2026, 12, 1))}
    assert shown == {"autism": (None, None), "adhd": (5, None)}
    assert demand_counts.demand(db, date(2028, 1, 1)) == []  # older than 12 months: not shown


def test_the_privacy_notice_says_what_is_counted(site):
    html = _text(site[0].test_client().get("/privacy").get_data(as_text=True))
    assert "searches" in html and "the words you type are never kept" in html
