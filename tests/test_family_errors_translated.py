"""Error messages ask the catalogue too (issue 16, "Welsh and Polish, complete"): a bad address on the family
pages (search, My child, the map, record pages, the kinds lists' paging), a page that does not exist, a staff
form with a bad date, a failed sign-in and the pathway flowchart's words, on the real app and store.

The app's compiled catalogue is swapped for a pseudo-language that marks every string it is asked for with
⟦ ⟧ (as tests/test_professional_pages_translated.py does): a message written in English in Python, or
werkzeug's own English description, shows up unmarked. Values a message quotes (the parameter's bad value)
are filled in inside the marks; names from the data carry a lang attribute and are left out of the check.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import replace
from html import unescape

import pytest
from live_helpers import form_data
from lxml import html as lxml_html
from staff_helpers import login, make_staff, token
from test_professional_pages_translated import CLOSE, OPEN, Marked, without_marked

from graph_app.private import open_private_db
from graph_app.private.accounts import create_user
from graph_app.web.core import i18n

ID = "https://w3id.org/se7-local-offer/id/"

ENGLISH = re.compile(r"[A-Za-z]{3,}")  # a word of three letters or more (single letters and numbers are not words)

# family pages with a bad parameter, or an address that names nothing: (path, status)
BAD_ADDRESSES = [
    ("/search?q=autism&page=zz", 400),
    ("/search?q=autism&kind=nothing", 400),
    ("/search?q=autism&sector=nothing", 400),
    ("/search?q=autism&no_assessment=maybe", 400),
    ("/search?q=autism&provision=maybe", 400),
    ("/search?q=" + "a" * 301, 400),
    ("/search?q=autism&age=old", 400),
    ("/search?q=autism&area=atlantis", 400),
    ("/search?q=autism&need=nothing-like-it", 400),
    ("/my-child/settings?age=7&area=kent", 400),  # no need chosen
    ("/my-child/settings?age=7&area=kent&need=autism&page=zz", 400),
    ("/my-child/nowhere", 404),
    ("/path?from=/id/need/autism", 400),
    ("/path?from=qqqzzzxxx&to=/id/need/autism", 404),
    ("/map/neighbourhood?node=/nowhere", 400),
    ("/a-z/nothing", 404),
    ("/id/need/autism/links?direction=sideways", 400),
    ("/id/need/autism/links?direction=out&property=not-an-iri", 400),
    ("/id/need/no-such-need", 404),
    ("/kinds/need?page=zz", 400),
    ("/kinds/nothing", 404),
    ("/no-such-page-at-all", 404),
    ("/area?next=//elsewhere.example", 400),
    ("/comments/new?page=//elsewhere.example", 400),
    ("/comments/new?page=/no/such/page", 400),
    ("/comments/new?page=/id/need/no-such-need", 400),
    ("/feedback/new?about=nothing", 400),
    ("/feedback/new?about=service/no-such-service", 404),
]


@pytest.fixture(scope="module")
def staff_settings(built, tmp_path_factory):
    return replace(built, private_db_path=tmp_path_factory.mktemp("private") / "private.sqlite")


@pytest.fixture
def pseudo_app(staff_settings, make_app, monkeypatch):
    monkeypatch.setattr(i18n, "current_translations", lambda: Marked())
    return make_app(staff_settings, WARM_GAPS=False)


def english_left(fragment: str) -> list[str]:
    """Words in the HTML fragment's text outside ⟦ ⟧, leaving out scripts and names from the data (elements
    with a lang attribute)."""
    root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    for element in root.xpath(".//script | .//style | .//*[@lang]"):
        element.drop_tree()
    return ENGLISH.findall(without_marked(unescape(root.text_content())))


def main_of(html: str) -> str:
    found = re.search(r"<main[\s\S]*</main>", html)
    assert found, "the page has no <main>"
    return found.group(0)


@pytest.mark.parametrize(("path", "status"), BAD_ADDRESSES, ids=[p for p, _ in BAD_ADDRESSES])
def test_bad_addresses_on_family_pages_ask_the_catalogue(pseudo_app, path, status):
    response = pseudo_app.test_client().get(path, headers={"Accept": "text/html"})
    assert response.status_code == status, (path, response.status_code)
    main = main_of(response.get_data(as_text=True))
    assert OPEN in main, f"{path}: the pseudo-language is not in use"
    left = english_left(main)
    assert not left, f"{path}: English not from the catalogue: {left[:8]}"


def test_a_bad_parameter_is_named_inside_the_catalogue_string(pseudo_app):
    """The message keeps naming the parameter and the bad value (filled into the translated text)."""
    html = unescape(pseudo_app.test_client().get("/search?q=autism&age=old").get_data(as_text=True))
    assert OPEN + "The 'age' parameter must be an age in whole years from 0 to 25" in html
    assert "'old' is not one." + CLOSE in html


def test_a_json_error_asks_the_catalogue_too(pseudo_app):
    response = pseudo_app.test_client().get("/kinds/need.json?page=zz")
    assert response.status_code == 400
    body = response.get_json()
    assert body["error"].startswith(OPEN) and body["message"].startswith(OPEN), body


def test_the_pseudo_check_can_fail():
    """English outside the marks is found; marked text, data marked lang="en" and numbers are not."""
    assert english_left("<p>⟦Page not found⟧ Nothing here</p>") == ["Nothing", "here"]
    assert english_left('<p>⟦Page not found⟧ <span lang="en">Kent County Council</span> 404</p>') == []


def test_a_failed_sign_in_asks_the_catalogue(pseudo_app, staff_settings):
    client = pseudo_app.test_client()
    user, _password = make_staff(staff_settings, "admin")
    sent = client.post(
        "/staff/login", data={"email": user.email, "password": "not the password", "csrf_token": token(client)}
    )
    assert sent.status_code in (400, 401), sent.status_code
    main = main_of(sent.get_data(as_text=True))
    assert "govuk-error-summary" in main, "no error summary"
    left = english_left(main)
    assert not left, f"sign-in failure: English not from the catalogue: {left[:8]}"


def test_a_staff_form_with_a_bad_date_asks_the_catalogue(pseudo_app, staff_settings):
    client = pseudo_app.test_client()
    email, password = f"kent-admin-{secrets.token_hex(4)}@staff.example.org", "correct horse " + secrets.token_hex(8)
    create_user(open_private_db(staff_settings), email, "Test", "admin", None, password, council_iri=ID + "area/kent")
    assert login(client, email, password).status_code == 303
    edit = "/staff/records/council-statement/kent-education-travel-policy/edit"  # it has a "check again by" date
    page = client.get(edit).get_data(as_text=True)
    dates = re.findall(r'class="govuk-input govuk-input--width-10[^"]*" id="([^"]+)"', page)
    assert dates, f"{edit}: no date field"
    assert "lo-reviewDue" in dates
    form = form_data(page)
    form.pop("lo-lastReviewed", None)  # "Last checked" is set by the app, never posted (staff/review_check.py)
    form["lo-reviewDue"] = ["the first of never"]
    sent = client.post(edit, data=form)
    assert sent.status_code in (200, 400), sent.status_code
    html = sent.get_data(as_text=True)
    summary = r'<div class="govuk-error-summary[\s\S]*?</ul>'
    beside = r'<p id="[^"]+" class="govuk-error-message">[\s\S]*?</p>'
    errors = re.findall(summary + "|" + beside, html)
    assert len(errors) >= 2, "no error summary and message by the field"
    for error in errors:
        assert OPEN in error, error
        left = english_left(error)
        assert not left, f"{edit}: form error not from the catalogue: {left[:8]}"


def test_the_pathway_flowchart_asks_the_catalogue(pseudo_app):
    """The flowchart's deadlines ("Start: week 0", "By week 6"), "Then:" and its description are catalogue
    strings; the steps' names are data."""
    client = pseudo_app.test_client()
    listing = client.get("/kinds/pathway").get_data(as_text=True)
    svgs = []
    for slug in re.findall(r'href="/id/pathway/([a-z0-9-]+)"', listing):
        html = unescape(client.get(f"/id/pathway/{slug}").get_data(as_text=True))
        svgs += re.findall(r'<svg class="flowchart"[\s\S]*?</svg>', html)
        if any('class="flowchart__deadline"' in svg for svg in svgs) and any("Then: " in svg for svg in svgs):
            break  # one with deadlines and one with a pathway after it
    assert svgs, "no pathway page draws a flowchart"
    deadlines = [d for svg in svgs for d in re.findall(r'class="flowchart__deadline"[^>]*>([^<]*)<', svg)]
    assert deadlines, "no flowchart shows a deadline"
    assert all(d.startswith(OPEN) and d.endswith(CLOSE) for d in deadlines), deadlines[:5]
    for svg in svgs:
        desc = re.search(r"<desc[^>]*>([^<]*)</desc>", svg).group(1)
        title = re.search(r"<title[^>]*>([^<]*)</title>", svg).group(1)
        assert desc.startswith(OPEN) and title.startswith(OPEN + "Flowchart: "), (title, desc[:80])
        assert "Deadlines:" not in without_marked(desc) and "steps in order" not in without_marked(desc)
    onward = [t for svg in svgs for t in re.findall(r">([^<]*Then: [^<]*)<", svg)]
    assert all(OPEN + "Then: " in t for t in onward), onward[:3]


def test_a_bad_area_choice_asks_the_catalogue(pseudo_app):
    """The "Choose your council" form posted with a council that is not one."""
    client = pseudo_app.test_client()
    sent = client.post("/area", data={"area": "atlantis", "next": "/", "csrf_token": token(client, "/area")})
    assert sent.status_code == 400, sent.status_code
    main = main_of(sent.get_data(as_text=True))
    assert OPEN + "The 'area' parameter must be one of: " in unescape(main)
    assert not english_left(main), english_left(main)[:8]


def test_a_comment_with_mistakes_and_an_expired_form_ask_the_catalogue(pseudo_app):
    """A family's comment form: a name too long and a bad email are said in catalogue words, and so is a
    form sent without its token (the CSRF guard's page)."""
    client = pseudo_app.test_client()
    page = "/id/need/autism"
    form = {"page": page, "comment": "", "name": "n" * 500, "email": "not an email", "csrf_token": ""}
    form["csrf_token"] = token(client, f"/comments/new?page={page}")
    sent = client.post("/comments", data=form)
    assert sent.status_code == 400, sent.status_code
    main = main_of(sent.get_data(as_text=True))
    errors = re.findall(r'<div class="govuk-error-summary[\s\S]*?</ul>', main)
    assert errors and errors[0].count(OPEN) >= 3, "the summary and each of its three errors from the catalogue"
    assert not english_left(errors[0]), english_left(errors[0])[:8]
    expired = client.post("/comments", data={**form, "csrf_token": "forged"}, headers={"Accept": "text/html"})
    assert expired.status_code == 400
    main = main_of(expired.get_data(as_text=True))
    assert OPEN + "This form has expired" in unescape(main)
    assert not english_left(main), english_left(main)[:8]


def test_a_staff_page_refused_to_a_role_asks_the_catalogue(pseudo_app, staff_settings):
    """A moderator opening the admins' accounts page gets a 403 in catalogue words."""
    client = pseudo_app.test_client()
    user, password = make_staff(staff_settings, "moderator")
    assert login(client, user.email, password).status_code == 303
    refused = client.get("/staff/admin/users")
    assert refused.status_code == 403
    main = main_of(refused.get_data(as_text=True))
    assert OPEN + "Your account does not have access to this page." in unescape(main)
    assert not english_left(main), english_left(main)[:8]


def test_too_many_comments_is_said_in_catalogue_words(staff_settings, make_app, monkeypatch, tmp_path):
    """The comment form's rate limit (429): its plain-text message, with the minutes as a plural form."""
    monkeypatch.setattr(i18n, "current_translations", lambda: Marked())
    private = replace(staff_settings, private_db_path=tmp_path / "private.sqlite")  # its own counts
    client = make_app(private, WARM_GAPS=False, COMMENT_LIMIT=(1, 600.0)).test_client()
    page = "/id/need/autism"
    form = {
        "page": page,
        "comment": "Thank you.",
        "name": "",
        "email": "",
        "csrf_token": token(client, f"/comments/new?page={page}"),
    }
    assert client.post("/comments", data=form).status_code in (200, 303)
    refused = client.post("/comments", data=form)
    assert refused.status_code == 429
    text = refused.get_data(as_text=True)
    assert text.startswith(OPEN + "You have sent several comments in a short time. Wait 10 minutes"), text
    assert not ENGLISH.findall(without_marked(text)), text
