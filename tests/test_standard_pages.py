"""The standard pages a council site must have (issue 16): accessibility statement, privacy notice, cookies,
about the data and its licence, contact. Each answers 200 with its JSON twin, is linked from the footer of
every kind of page, and states facts the code makes true (cookie names, limits, licence), so a change to
the code that the page does not follow fails here. Real build and store, Flask test client."""

from __future__ import annotations

import html
import re

import pytest

from graph_app.private.comments import BODY_MAX as COMMENT_MAX
from graph_app.private.rate_limits import FORM_LIMITS
from graph_app.web.about.facts import LICENCE
from graph_app.web.core.area import COOKIE as AREA_COOKIE
from graph_app.web.core.cookie_session import COOKIE as SESSION_SETTINGS
from graph_app.web.core.labels import LANGUAGE_COOKIE

PAGES = {
    "/accessibility": "Accessibility statement",
    "/privacy": "Privacy notice",
    "/cookies": "Cookies",
    "/about-the-data": "About the data and its licence",
    "/contact": "Contact",
}
# one page of each kind a family, professional or member of staff meets
PAGE_KINDS = [
    "/",
    "/id/need/autism",
    "/id/contact/kent-iass",
    "/id/step/ehc-01-request?area=kent",
    "/search?q=speech",
    "/my-child",
    "/glossary",
    "/a-z/need/1",
    "/gaps",
    "/professionals",
    "/area",
    "/dumps/",
    "/staff/login",
    "/id/need/no-such-need",  # the error page
    *PAGES,
]


@pytest.mark.parametrize("path", list(PAGES))
def test_each_standard_page_answers_with_its_title_and_json_twin(client, path):
    response = client.get(path)
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert re.search(rf"<h1 class=\"govuk-heading-xl\">{re.escape(html.escape(PAGES[path]))}</h1>", text)
    assert text.count("<h1") == 1
    twin = client.get(path + ".json")
    assert twin.status_code == 200 and twin.is_json
    assert twin.get_json()["title"] == PAGES[path]


@pytest.mark.parametrize("path", PAGE_KINDS)
def test_every_kind_of_page_links_each_standard_page_from_its_footer(client, path):
    response = client.get(path)
    assert response.status_code in (200, 404), path
    footer = response.get_data(as_text=True).split('<footer class="govuk-footer">', 1)[1]
    for page in PAGES:
        assert f'href="{page}"' in footer, (path, page)


def test_reading_pages_sets_no_cookie(client):
    for path in [p for p in PAGE_KINDS if not p.startswith("/staff")]:
        response = client.get(path)
        assert "Set-Cookie" not in response.headers, path


def test_the_cookies_page_names_every_cookie_the_code_sets(client):
    text = client.get("/cookies").get_data(as_text=True)
    names = {SESSION_SETTINGS["SESSION_COOKIE_NAME"], AREA_COOKIE, LANGUAGE_COOKIE}
    for name in names:
        assert f"<code>{name}</code>" in text, name
    assert "Reading this website sets no cookies." in text
    twin = client.get("/cookies.json").get_json()
    assert {c["name"] for c in twin["cookies"]} == names
    assert twin["cookies_for_reading"] == 0


def test_choosing_an_area_sets_the_cookie_the_page_names(client):
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/area").get_data(as_text=True)).group(1)
    response = client.post("/area", data={"area": "kent", "csrf_token": token, "next": "/"})
    assert response.status_code == 303
    assert response.headers["Set-Cookie"].startswith(f"{AREA_COOKIE}=kent")


def test_the_privacy_notice_states_the_real_limits_and_who_sees_what(client):
    text = html.unescape(client.get("/privacy").get_data(as_text=True))
    count, seconds = FORM_LIMITS["COMMENT_LIMIT"]
    assert f"up to {COMMENT_MAX} characters" in text
    assert f"more than {count} comments or messages in {int(seconds // 60)} minutes" in text
    assert "Your email address is never published." in text
    assert "does not delete comments or feedback by itself yet" in text  # the code has no deletion
    assert 'href="/contact"' in text


def test_the_data_page_gives_the_licence_and_the_ways_to_get_the_data(client):
    text = client.get("/about-the-data").get_data(as_text=True)
    assert f'href="{LICENCE}" rel="license"' in text
    for link in ('href="/dumps/"', 'href="/sparql"', 'href="/.well-known/void"'):
        assert link in text, link
    assert "invented sample data" in text


def test_the_accessibility_statement_says_what_was_tested(client):
    text = html.unescape(client.get("/accessibility").get_data(as_text=True))
    assert "axe-core in the Chromium browser" in text and "1280 pixels" in text and "390 pixels" in text
    assert "WCAG 2.2 AA" in text and "What does not work yet" in text and "Tell us about a problem" in text


def test_contact_shows_the_chosen_councils_contacts_and_only_checked_details(client):
    kent = html.unescape(client.get("/contact?area=kent").get_data(as_text=True))
    assert "Information, Advice and Support Kent (IASK)" in kent and "Kent PACT" in kent
    assert "Kent County Council: special educational needs (SEN) team" in kent
    assert "Surrey" not in kent.split("<main", 1)[1].split("</main>", 1)[0]
    assert "03000 41 41 41" not in kent  # Kent's switchboard is recorded but not checked
    assert "Contact details are being checked: use the council's website." in kent
    every = html.unescape(client.get("/contact").get_data(as_text=True))
    for name in ("Brighton and Hove", "East Sussex", "Hampshire", "Kent", "Medway", "Surrey", "West Sussex"):
        assert name in every, name
    twin = client.get("/contact.json?area=medway").get_json()
    assert [c["council"]["label"] for c in twin["councils"]] == ["Medway"]
    assert {c["role"] for c in twin["councils"][0]["contacts"]} == {"iass", "forum", "sen-team"}
