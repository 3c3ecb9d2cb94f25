"""The reader's council area: chosen with a plain form, kept in a cookie, validated, and never a way to
send people to another site."""

import re

import pytest
from staff_helpers import csrf_from

from graph_app.web.core.area import COOKIE, COUNCIL_SLUGS, current_area

ID = "https://w3id.org/se7-local-offer/id/"


def post_area(client, data, **options):
    """POST the area form as a browser does: with the CSRF token from the form on a page."""
    page = client.get("/area", base_url=options.get("base_url", "http://localhost"))
    return client.post("/area", data={**data, "csrf_token": csrf_from(page.get_data(as_text=True))}, **options)


def cookie_header(response) -> str:
    return next(v for k, v in response.headers.items() if k == "Set-Cookie" and v.startswith(COOKIE + "="))


@pytest.mark.parametrize("slug", COUNCIL_SLUGS)
def test_choosing_an_area_sets_a_safe_cookie_and_goes_back(client, slug):
    response = post_area(client, {"area": slug, "next": "/glossary?lang=en"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/glossary?lang=en"
    header = cookie_header(response)
    assert header.startswith(f"{COOKIE}={slug};")
    assert "HttpOnly" in header and "SameSite=Lax" in header and "Max-Age=31536000" in header
    assert "Secure" not in header  # plain HTTP here


def test_the_cookie_is_secure_over_https(client):
    response = post_area(client, {"area": "kent", "next": "/"}, base_url="https://localhost")
    assert "Secure" in cookie_header(response)


def test_the_chosen_area_shows_on_every_page(client):
    post_area(client, {"area": "medway", "next": "/"})
    for path in ("/glossary", "/area", "/no-such-page"):
        html = client.get(path).get_data(as_text=True)
        assert "se7-area--medway" in html
        assert 'value="medway" selected' in html


def test_current_area_gives_the_council_iri(app):
    with app.test_request_context("/", headers={"Cookie": f"{COOKIE}=west-sussex"}):
        assert current_area() == ID + "area/west-sussex"
    with app.test_request_context("/"):
        assert current_area() is None


@pytest.mark.parametrize("value", ["eastbourne", "Kent", "kent%3B", "../kent", "", "x" * 300])
def test_a_cookie_that_is_not_one_of_the_seven_is_ignored(app, client, value):
    with app.test_request_context("/", headers={"Cookie": f"{COOKIE}={value}"}):
        assert current_area() is None
    client.set_cookie(COOKIE, value)
    response = client.get("/glossary")
    assert response.status_code == 200
    assert "se7-area--" not in response.get_data(as_text=True)


def test_an_unknown_area_is_refused(client):
    response = post_area(client, {"area": "eastbourne", "next": "/"})
    assert response.status_code == 400
    assert "area" in response.get_data(as_text=True)


def test_clearing_the_area(client):
    post_area(client, {"area": "kent", "next": "/"})
    response = post_area(client, {"area": "none", "next": "/glossary"})
    assert response.status_code == 303
    assert cookie_header(response).startswith(f"{COOKIE}=;")
    assert "se7-area--" not in client.get("/glossary").get_data(as_text=True)


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "\\\\evil.example",
        "evil.example",
        "javascript:alert(1)",
        "/ok\r\nSet-Cookie: x=1",
        "http:/evil.example",
    ],
)
def test_open_redirects_are_refused(client, target):
    response = post_area(client, {"area": "kent", "next": target})
    assert response.status_code == 400
    assert "next" in response.get_data(as_text=True)
    assert "Set-Cookie" not in response.headers


def test_without_next_it_goes_home(client):
    response = post_area(client, {"area": "kent"})
    assert response.status_code == 303 and response.headers["Location"] == "/"


def test_the_chooser_page_and_its_json_twin(client):
    post_area(client, {"area": "surrey", "next": "/"})
    html = client.get("/area?next=/glossary").get_data(as_text=True)
    assert 'name="next" value="/glossary"' in html
    assert 'value="surrey" checked' in html
    data = client.get("/area.json").get_json()
    assert [c["slug"] for c in data["councils"]] == list(COUNCIL_SLUGS)
    assert data["chosen"] == "surrey"
    assert all(c["name"] and c["iri"] == ID + "area/" + c["slug"] for c in data["councils"])
    assert client.get("/area?next=//evil.example").status_code == 400


def test_pages_vary_by_cookie(client):
    assert "Cookie" in client.get("/glossary").headers["Vary"]


def header_area(page: str) -> str | None:
    """The council named in the header bar (None when it names none)."""
    header = page.split("</header>", 1)[0]
    found = re.search(r'class="se7-header__area">(.*?)</p>', header, re.S)
    return re.sub(r"<[^>]+>", "", found.group(1)).replace("Your area:", "").strip() if found else None


def test_area_all_in_the_address_beats_the_cookie_in_header_and_chips(client):
    client.set_cookie(COOKIE, "kent")
    try:
        page = client.get("/a-z/service?area=all").get_data(as_text=True)
        plain = client.get("/a-z/service").get_data(as_text=True)
    finally:
        client.delete_cookie(COOKIE)
    assert header_area(plain) == "Kent", "the cookie's council without ?area"
    assert header_area(page) == "All SE7 areas"
    header = page.split("</header>", 1)[0]
    assert "se7-area--kent" not in header and 'value="kent" selected' not in header
    assert 'value="none" selected' in header
    assert "Showing Kent" not in page and "Showing Medway" not in page
    assert 'data-context="area=all"' in page  # what the page's scripts send


def test_area_in_the_address_beats_the_cookie_everywhere_on_the_page(client):
    client.set_cookie(COOKIE, "kent")
    try:
        page = client.get("/a-z/service?area=medway").get_data(as_text=True)
        data = client.get("/a-z/service.json?area=medway").get_json()
    finally:
        client.delete_cookie(COOKIE)
    assert header_area(page) == "Medway"
    header = page.split("</header>", 1)[0]
    assert "se7-area--medway" in header and 'value="medway" selected' in header and "se7-area--kent" not in header
    main = page.split("<main", 1)[1]
    assert "Showing Medway" in main and "Showing Kent" not in main
    assert data["context"]["area"] == "medway" and data["context"]["source"] == "address"
    assert 'data-context="area=medway"' in page


def test_a_bad_part_of_the_context_still_gets_a_header(client):
    """The 400 page for a bad need still renders its frame, with the council from the address."""
    response = client.get("/a-z/service?area=medway&need=not-a-need")
    assert response.status_code == 400
    assert header_area(response.get_data(as_text=True)) == "Medway"
    assert header_area(client.get("/a-z/service?area=narnia").get_data(as_text=True)) is None
    client.set_cookie(COOKIE, "kent")
    try:  # a bad council in the address: its 400 page's header keeps the cookie's
        assert header_area(client.get("/a-z/service?area=narnia").get_data(as_text=True)) == "Kent"
    finally:
        client.delete_cookie(COOKIE)
