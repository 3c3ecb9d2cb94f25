"""Cross-origin reads of the open data: `Access-Control-Allow-Origin: *` on the public, read-only addresses
(node IRIs in every format, /sparql with its errors and preflight, VoID, dumps, sitemap, the ORUK API), so a
JSON-LD playground, a notebook in a browser or another council's page can read them.

Never on anything that uses cookies: staff pages, sign-in, editing, comment and feedback forms, My child.
Those are simply not listed, and a response that sets a cookie is never shared even on a listed address.
`*` (never an echoed origin) also means browsers send no cookies with these requests.

Nor on HTML pages, even at a listed address: every page carries a form token (the area choice in the page
frame, the comment form on a record page) bound to the reader's browser, and another site's script must not
read one in a family's browser (core/csrf.py). The same address in RDF, JSON-LD or JSON is shared."""

from __future__ import annotations

import re

from flask import Flask, Response, request, session

PUBLIC = re.compile(
    r"^/(?:id/.*|def|sparql/?|\.well-known/void|dumps/.*|dumps\.json|sitemap(?:-\d+)?\.xml|robots\.txt|oruk(?:/.*)?)$"
)
READ_METHODS = "GET, HEAD, OPTIONS"
QUERY_METHODS = "GET, HEAD, POST, OPTIONS"  # /sparql: a query may be POSTed (protocol 2.1.2, 2.1.3)
ALLOWED_REQUEST_HEADERS = "Accept, Accept-Language, Content-Type"
EXPOSED = "Content-Length, Content-Language, Link, Retry-After, Vary, X-SPARQL-Truncated, X-SPARQL-Rows"
PREFLIGHT_MAX_AGE_S = 86_400
HTML = ("text/html", "application/xhtml+xml")


def is_public(path: str) -> bool:
    return PUBLIC.match(path) is not None


def add_cors_headers(response: Response) -> Response:
    # the session cookie is written after these hooks run, so a changed session counts as setting one
    if not is_public(request.path) or "Set-Cookie" in response.headers or session.modified:
        return response
    if response.mimetype in HTML and request.method != "OPTIONS":  # pages carry form tokens (see above)
        return response
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = EXPOSED
    if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
        # a preflight, e.g. a POST of an application/sparql-query body from another origin's script
        response.headers["Access-Control-Allow-Methods"] = (
            QUERY_METHODS if request.path.rstrip("/") == "/sparql" else READ_METHODS
        )
        response.headers["Access-Control-Allow-Headers"] = ALLOWED_REQUEST_HEADERS
        response.headers["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE_S)
    return response


def init_app(app: Flask) -> None:
    app.after_request(add_cors_headers)
