"""Security headers on every kind of response, and error pages that never show a stack trace or a secret."""

from __future__ import annotations

import pytest

from graph_app.web.core.security import CONTENT_SECURITY_POLICY

RESPONSES = [
    "/",
    "/glossary",
    "/glossary.json",
    "/static/site.css",
    "/id/need/no-such-need",
    "/sparql",
    "/sparql?query=ASK%7B%7D",
    "/oruk/openapi.json",
    "/robots.txt",
    "/id/need/autism.ttl",
]


@pytest.mark.parametrize("path", RESPONSES)
def test_every_response_carries_the_headers(client, path):
    response = client.get(path)
    headers = response.headers
    assert headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    for directive in (
        "script-src 'self'",
        "style-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ):
        assert directive in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in headers["Permissions-Policy"]


def test_no_inline_script_or_style_in_pages(client):
    """The policy would refuse them; the browser test proves it, this catches them without a browser."""
    import re

    for path in ("/", "/glossary", "/search?q=autism", "/sparql", "/id/pathway/ehc-needs-assessment", "/gaps"):
        html = client.get(path).get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/ld\+json)[^>]*>", html), path
        assert not re.search(r"\sstyle=\"", html), path
        assert not re.search(r"\son[a-z]+=\"", html), path


@pytest.fixture
def failing_app(built, make_app):
    """The deployed configuration (TESTING off) with a test-only route that raises, holding a fake secret."""
    app = make_app(built, TESTING=False, SECRET_KEY="not-a-real-secret-0xC0FFEE")

    @app.route("/__test__/boom")
    def boom():
        secret = "password=hunter2"  # noqa: F841 - would show in a debugger's traceback
        raise RuntimeError("database at /srv/secret/path exploded")

    return app


@pytest.mark.parametrize("accept", ["text/html", "application/json"])
def test_an_exception_gives_a_plain_500(failing_app, accept):
    response = failing_app.test_client().get("/__test__/boom", headers={"Accept": accept})
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    for leaked in ("Traceback", "RuntimeError", "/srv/secret", "hunter2", "C0FFEE", "exploded", ".py"):
        assert leaked not in body
    if accept == "application/json":
        assert response.get_json() == {
            "error": "Sorry, something went wrong on our side",
            "status": 500,
            "message": response.get_json()["message"],
        }
    else:
        assert "Sorry, something went wrong on our side" in body
        assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY


def test_wrong_method_and_oversized_body(failing_app):
    client = failing_app.test_client()
    response = client.delete("/glossary")
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"]
    assert "Traceback" not in response.get_data(as_text=True)
    response = client.post("/area", data={"area": "x" * (2 * 1024 * 1024)})
    assert response.status_code in (400, 413)


def test_cookies_are_secure_over_https(failing_app):
    @failing_app.route("/__test__/cookie")
    def cookie():
        from flask import make_response

        response = make_response("ok")
        response.set_cookie("probe", "1")
        return response

    client = failing_app.test_client()
    over_https = client.get("/__test__/cookie", base_url="https://localhost")
    assert "Secure" in over_https.headers["Set-Cookie"]
    over_http = client.get("/__test__/cookie")
    assert "Secure" not in over_http.headers["Set-Cookie"]
    assert failing_app.config["SESSION_COOKIE_HTTPONLY"] is True
