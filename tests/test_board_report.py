"""The board report (/gaps/report/<council>) over the real built sample: a one-page summary first (headline
figures beside the SE7 average, the largest gaps, the change since the last report, said plainly when
there is none), rates per 10,000 written for a reader (never 0.005), and commentary and actions saved by
commissioners only, every save a new version, shown escaped."""

from __future__ import annotations

import re
import secrets
from dataclasses import replace

import pytest
from staff_helpers import csrf_from, login

from graph_app.gaps.analysis import run_gap
from graph_app.private import open_private_db, report_commentary
from graph_app.private.accounts import create_user
from graph_app.web.commission.report_print import css_string

ID = "https://w3id.org/se7-local-offer/id/"
KENT = ID + "area/kent"
FORM = "/staff/reports/kent/commentary"


@pytest.fixture(scope="module")
def site(served, tmp_path_factory, make_module_app):
    """The session's store with a private database of this module's own (its reports and commentary)."""
    settings = replace(served, private_db_path=tmp_path_factory.mktemp("board-report") / "private.sqlite")
    return make_module_app(settings), settings


def _signed_in(site, role: str, council: str | None = None, provider: str | None = None):
    app, settings = site
    client = app.test_client()
    password = "correct horse " + secrets.token_hex(8)
    email = f"{role}-{secrets.token_hex(4)}@staff.example.org"
    create_user(open_private_db(settings), email, f"Test {role}", role, provider, password, council_iri=council)
    assert login(client, email, password).status_code == 303
    return client


def test_summary_comes_first_and_says_there_is_no_earlier_report(site, embedded_store, library):
    app, _settings = site
    client = app.test_client()
    html = client.get("/gaps/report/kent").get_data(as_text=True)
    assert html.index('id="summary"') < html.index('id="out-of-date"') < html.index('id="coverage-matrix"')
    assert "There is no earlier report for Kent to compare with" in html
    data = client.get("/gaps/report/kent.json").get_json()["summary"]
    assert data["last_report"] is None
    figures = {f["analysis"]: f for f in data["figures"]}
    zero = [r for r in run_gap(embedded_store, library, "coverage_matrix", area=KENT).rows if r["services"] == 0]
    assert figures["coverage-matrix"]["count"] == len(zero) > 0
    contact = run_gap(embedded_store, library, "no_contact_or_referral", area=KENT).rows
    assert figures["no-contact-or-referral"]["count"] == len(contact)
    assert figures["no-contact-or-referral"]["per_10000"] == pytest.approx(len(contact) * 10000 / 490000, abs=1e-3)
    assert all(f["change_since_last_report"] is None for f in data["figures"])
    summary = html[html.index('id="summary"') : html.index('id="commentary"')]
    assert "SE7 average" in summary and "per 10,000" in summary
    for f in data["top_gaps"]:
        assert figures[f]["count"] > figures[f]["se7_average_count"]


def test_change_since_the_last_report(site):
    app, settings = site
    client = app.test_client()
    now = {f["analysis"]: f["count"] for f in client.get("/gaps/report/kent.json").get_json()["summary"]["figures"]}
    earlier = {"coverage_matrix": now["coverage-matrix"] + 3, "out_of_area": max(now["out-of-area"] - 1, 0)}
    report_commentary.record_figures(open_private_db(settings), KENT, "an-earlier-build", "2026-09-30", earlier)
    data = client.get("/gaps/report/kent.json").get_json()["summary"]
    changes = {f["analysis"]: f["change_since_last_report"] for f in data["figures"]}
    assert changes["coverage-matrix"] == -3
    assert changes["out-of-area"] == now["out-of-area"] - earlier["out_of_area"]
    assert changes["specialist-only"] is None  # not in the earlier report: no change claimed
    assert data["last_report"]["data_built"] == "2026-09-30"
    html = client.get("/gaps/report/kent").get_data(as_text=True)
    assert "Change since the last report: made" in html and "no earlier report" not in html
    row = html.split('id="summary-coverage_matrix"', 1)[1].split("</tr>", 1)[0]
    assert "▼ 3" in row and f"down 3 from {earlier['coverage_matrix']}" in row


def test_rates_are_per_10000_and_never_tiny_fractions(site):
    app, _settings = site
    html = app.test_client().get("/gaps/report/kent").get_data(as_text=True)
    section = html[html.index('id="sufficiency"') :]
    assert "Services per 10,000 children and young people" in section
    headings = re.findall(r"<th[^>]*>([^<]*)</th>", section)
    assert "Services per 1,000" not in headings and "Population is a sample figure" not in headings
    cells = re.findall(r'<td class="govuk-table__cell[^"]*">([^<]*)</td>', html)
    assert not [c for c in cells if re.fullmatch(r"0\.0\d*", c.strip())]
    assert not re.search(r">\s*0\.00\d", html)


def test_commentary_only_by_commissioners(site):
    app, _settings = site
    anonymous = app.test_client().get(FORM)
    assert anonymous.status_code in (302, 303) and "/staff/login" in anonymous.headers["Location"]
    editor = _signed_in(site, "editor", provider=ID + "provider/kent-county-council")
    assert editor.get(FORM).status_code == 403
    medway_admin = _signed_in(site, "admin", ID + "area/medway")
    assert medway_admin.get(FORM).status_code == 403
    assert _signed_in(site, "admin", KENT).get(FORM).status_code == 200
    moderator = _signed_in(site, "moderator")
    page = moderator.get(FORM)
    assert page.status_code == 200
    token = csrf_from(page.get_data(as_text=True))
    assert editor.post(FORM, data={"csrf_token": token, "commentary": "x"}).status_code in (400, 403)
    assert moderator.post(FORM, data={"commentary": "no token"}).status_code == 400


def test_commentary_saved_versioned_and_escaped(site):
    app, settings = site
    moderator = _signed_in(site, "moderator")
    token = csrf_from(moderator.get(FORM).get_data(as_text=True))
    hostile = '<script>alert("board")</script> Autism waits are long.\n\nSecond paragraph & more.'
    first = {
        "csrf_token": token,
        "commentary": hostile,
        "action-1": "Commission an <b>open-access</b> service",
        "owner-1": "Head of SEND commissioning",
        "due-1": "2027-03-31",
    }
    saved = moderator.post(FORM, data=first)
    assert saved.status_code == 303 and saved.headers["Location"].endswith("/gaps/report/kent#commentary")
    html = app.test_client().get("/gaps/report/kent").get_data(as_text=True)
    commentary = html[html.index('id="commentary"') :]
    assert "<script>alert" not in html and "&lt;script&gt;alert" in commentary
    assert "&lt;b&gt;open-access&lt;/b&gt;" in commentary and "Head of SEND commissioning" in commentary
    assert "2027-03-31" in commentary and "Version 1 of the commentary" in commentary
    assert "Second paragraph &amp; more." in commentary
    second = moderator.post(FORM, data={"csrf_token": token, "commentary": "Revised after the board."})
    assert second.status_code == 303
    html = app.test_client().get("/gaps/report/kent").get_data(as_text=True)
    assert "Revised after the board." in html and "Version 2 of the commentary" in html
    assert "Head of SEND commissioning" not in html  # the latest version only
    period = report_commentary.period_of(__import__("datetime").date.today())
    versions = report_commentary.versions(open_private_db(settings), KENT, period)
    assert [v.version for v in versions] == [2, 1]
    assert versions[1].commentary.startswith("<script>")  # kept as typed; escaped when shown
    assert versions[1].actions[0].owner == "Head of SEND commissioning"
    data = app.test_client().get("/gaps/report/kent.json").get_json()["summary"]["commentary"]
    assert data["version"] == 2 and data["text"] == "Revised after the board."


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"action-1": "Do something", "owner-1": ""}, "owner-1"),
        ({"action-2": "", "owner-2": "Someone"}, "action-2"),
        ({"action-1": "Do it", "owner-1": "Me", "due-1": "next March"}, "due-1"),
        ({"commentary": "x" * 5001}, "commentary"),
    ],
)
def test_bad_commentary_is_a_400_naming_the_field(site, fields, field):
    moderator = _signed_in(site, "moderator")
    token = csrf_from(moderator.get(FORM).get_data(as_text=True))
    response = moderator.post(FORM, data={"csrf_token": token, **fields})
    assert response.status_code == 400
    assert f'href="#{field}"' in response.get_data(as_text=True)


def test_print_stylesheet_names_the_council_safely(site):
    app, _settings = site
    css = app.test_client().get("/gaps/report/kent/print.css")
    assert css.status_code == 200 and css.mimetype == "text/css"
    text = css.get_data(as_text=True)
    assert "@top-left" in text and "Kent" in text
    assert app.test_client().get("/gaps/report/atlantis/print.css").status_code == 404
    escaped = css_string('Evil" } body { display: none } "')
    assert escaped.count('"') == 2 and "}" not in escaped and "{" not in escaped
