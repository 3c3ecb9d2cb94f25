"""The reader's council area: chosen with a plain form, kept in a cookie, validated, and never a way to
send people to another site."""

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
