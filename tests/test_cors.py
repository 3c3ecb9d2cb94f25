"""CORS (issue 15): the public, read-only addresses answer `Access-Control-Allow-Origin: *` (node IRIs in
every format, /sparql with its errors and the preflight of a POST, VoID, dumps, sitemap, the ORUK API);
staff pages, sign-in, editing, comment and feedback forms and My child never do, nor any response that
sets a cookie. Proved with headers, and in Chromium: a page on another origin reads what it may and is
refused what it may not."""

from __future__ import annotations

import http.server
import json
import shutil
import threading
from dataclasses import replace

import pytest
from flask import Flask, Response, session
from server_process import app_server

from graph_app.web.core import cors

PUBLIC = [
    ("/id/need/autism", "text/turtle"),
    ("/id/need/autism", "application/ld+json, application/json"),
    ("/id/need/autism", "application/json"),
    ("/id/need/autism", "application/rdf+xml"),
    ("/id/need/autism.ttl", None),
    ("/id/need/autism.jsonld", None),
    ("/id/need/autism.nt", None),
    ("/id/need/autism.json", None),
    ("/id/need/autism/links.json", None),
    ("/id/need/no-such-need", "text/turtle"),  # a 404 too
    ("/sparql", "text/turtle"),
    ("/sparql?query=ASK%7B%7D", "*/*"),
    ("/sparql?query=SELECT%20%3Fx%20WHERE%20%7B", "*/*"),  # a syntax error: 400
    ("/sparql?query=ASK%7B%7D", "image/png"),  # 406
    ("/.well-known/void", "text/turtle"),
    ("/def", "text/turtle"),  # the vocabulary the dataset names
    ("/dumps/", "text/plain"),
    ("/dumps.json", None),
    ("/sitemap.xml", None),
    ("/robots.txt", None),
    ("/oruk/", None),
    ("/oruk/services", None),
    ("/oruk/openapi.json", None),
]
PRIVATE = [
    ("GET", "/staff/login"),
    ("POST", "/staff/login"),
    ("GET", "/staff/"),
    ("GET", "/staff/records/"),
    ("GET", "/comments/new"),
    ("POST", "/comments"),
    ("GET", "/feedback/new"),
    ("POST", "/feedback"),
    ("GET", "/my-child"),
    ("GET", "/my-child.json"),
    ("POST", "/area"),
    ("GET", "/"),
    ("GET", "/search?q=autism"),
]


@pytest.mark.parametrize(("path", "accept"), PUBLIC)
def test_public_read_only_addresses_allow_any_origin(client, path, accept):
    headers = {"Origin": "https://example.org", **({"Accept": accept} if accept else {})}
    response = client.get(path, headers=headers)
    assert response.headers.get("Access-Control-Allow-Origin") == "*", (path, response.status_code)
    assert "Access-Control-Allow-Credentials" not in response.headers  # `*` never goes with cookies
    assert "Set-Cookie" not in response.headers


def test_sparql_preflight_for_a_post_with_a_content_type(client):
    response = client.options(
        "/sparql",
        headers={
            "Origin": "https://example.org",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert response.status_code in (200, 204)
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in response.headers["Access-Control-Allow-Methods"]
    assert "content-type" in response.headers["Access-Control-Allow-Headers"].lower()
    node = client.options("/id/need/autism", headers={"Origin": "x", "Access-Control-Request-Method": "GET"})
    assert node.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" not in node.headers["Access-Control-Allow-Methods"]  # node IRIs are read-only


@pytest.mark.parametrize("path", ["/id/need/autism", "/id/area/kent", "/sparql", "/dumps/"])
def test_html_pages_are_not_shared_even_at_public_addresses(client, path):
    """Every page carries a form token bound to the reader's browser (the area choice in the page frame, the
    comment form on a record page): another site's script must not read one. The data formats are shared."""
    page = client.get(path, headers={"Origin": "https://example.org", "Accept": "text/html"})
    assert page.status_code == 200 and 'name="csrf_token"' in page.get_data(as_text=True)
    assert "Access-Control-Allow-Origin" not in page.headers


@pytest.mark.parametrize(("method", "path"), PRIVATE)
def test_pages_with_cookies_and_staff_pages_never_allow_other_origins(client, method, path):
    response = client.open(path, method=method, headers={"Origin": "https://example.org"})
    assert "Access-Control-Allow-Origin" not in response.headers, (method, path, response.status_code)
    preflight = client.options(path, headers={"Origin": "https://example.org", "Access-Control-Request-Method": "POST"})
    assert "Access-Control-Allow-Origin" not in preflight.headers


def test_a_listed_address_that_sets_a_cookie_is_not_shared():
    """The rule itself, on a tiny app with the real hook: a cookie (set by the view, or a changed session,
    written after the hooks run) means no CORS header even on a public address."""
    app = Flask(__name__)
    app.secret_key = "test"
    cors.init_app(app)

    @app.get("/id/need/plain")
    def plain():
        return Response("ok", mimetype="text/turtle")

    @app.get("/id/need/cookie")
    def cookie():
        response = Response("ok", mimetype="text/turtle")
        response.set_cookie("area", "kent")
        return response

    @app.get("/id/need/session")
    def with_session():
        session["seen"] = True
        return Response("ok", mimetype="text/turtle")

    client = app.test_client()
    assert client.get("/id/need/plain").headers["Access-Control-Allow-Origin"] == "*"
    for path in ("/id/need/cookie", "/id/need/session"):
        response = client.get(path)
        assert "Set-Cookie" in response.headers
        assert "Access-Control-Allow-Origin" not in response.headers, path


# ---------------------------------------------------------------- a real browser on another origin

BLANK = b"<!doctype html><html><head><title>another site</title></head><body></body></html>"


class _Blank(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.wfile.write(BLANK)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def other_origin():
    """A blank page on another origin (a real listener: a page the browser made up would count as a public
    site, which Chromium's Private Network Access keeps from loopback whatever CORS says)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Blank)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="module")
def site(served, tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("cors") / "var"
    shutil.copytree(served.data_dir, data_dir, symlinks=True)
    with app_server(replace(served, data_dir=data_dir, private_db_path=None), ready_path="/glossary") as url:
        yield url


FETCH = """async ([url, options]) => {
  try {
    const response = await fetch(url, options);
    return {status: response.status, type: response.headers.get('content-type'), body: await response.text()};
  } catch (error) {
    return {error: String(error)};
  }
}"""


@pytest.mark.slow
def test_chromium_on_another_origin_reads_the_open_data_and_not_the_staff_pages(site, other_origin, browser):
    # the session's Chromium (tests/conftest.py): a second Playwright cannot start in this process
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(other_origin)
        assert page.evaluate("location.origin") != site
        node = page.evaluate(FETCH, [site + "/id/need/autism", {"headers": {"Accept": "application/ld+json"}}])
        assert node.get("status") == 200 and node["type"].startswith("application/ld+json"), node
        assert '"@context"' in node["body"]
        # a POST with Content-Type application/sparql-query needs the preflight, then the answer
        query = {
            "method": "POST",
            "headers": {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
            "body": "ASK { ?s ?p ?o }",
        }
        asked = page.evaluate(FETCH, [site + "/sparql", query])
        assert asked.get("status") == 200 and json.loads(asked["body"])["boolean"] is True, asked
        refused = page.evaluate(FETCH, [site + "/sparql?query=SELECT", {}])
        assert refused.get("status") == 400, refused  # the error is readable too
        for private in ("/staff/login", "/my-child", "/id/need/autism"):  # the last as an HTML page
            blocked = page.evaluate(FETCH, [site + private, {}])
            assert "error" in blocked, (private, blocked)  # the browser refuses to hand the page over
    finally:
        context.close()
