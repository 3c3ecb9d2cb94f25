"""Compression and static caching over real HTTP (`graph-app serve` in its own process): pages, JSON and
static text come br or gzip as the client asks, never to a client that does not; versioned static URLs
are immutable for a year, unversioned ones get a short cache; record pages load only the scripts they use."""

from __future__ import annotations

import gzip
import re

import brotli
import pytest
import requests
from server_process import app_server

from graph_app.web.core.static_files import IMMUTABLE, choose_encoding


@pytest.fixture(scope="module")
def server(built):
    with app_server(built) as url:
        yield url


def get(url: str, encoding: str | None) -> requests.Response:
    # a raw read: requests would otherwise undo gzip itself and hide what came over the wire
    response = requests.get(url, headers={"Accept-Encoding": encoding or "identity"}, stream=True, timeout=60)
    response.wire = response.raw.read(decode_content=False)
    return response


@pytest.mark.parametrize(
    "path", ["/id/need/autism", "/id/need/autism.json", "/static/site.css", "/static/js/mindmap.js"]
)
def test_text_answers_are_compressed_when_accepted(server, path):
    plain = get(server + path, None)
    assert plain.status_code == 200 and "Content-Encoding" not in plain.headers
    assert "Accept-Encoding" in plain.headers["Vary"]
    zipped = get(server + path, "gzip")
    assert zipped.headers["Content-Encoding"] == "gzip"
    body = gzip.decompress(zipped.wire)
    assert int(zipped.headers["Content-Length"]) == len(zipped.wire) < len(body)
    broken = get(server + path, "gzip, deflate, br")
    assert broken.headers["Content-Encoding"] == "br"
    assert len(brotli.decompress(broken.wire)) == len(body)
    if path.startswith("/static/"):  # the same bytes whichever way they travel
        assert body == plain.wire == brotli.decompress(broken.wire)


def test_compressed_dumps_are_not_compressed_again(server):
    listing = requests.get(server + "/dumps/", timeout=60).text
    dump = re.search(r'href="(/dumps/[^"]+\.gz)"', listing)
    if not dump:
        pytest.skip("this build lists no .gz dump")
    response = get(server + dump.group(1), "gzip, br")
    assert "Content-Encoding" not in response.headers


def test_static_urls_carry_a_content_version_and_are_immutable(server):
    page = requests.get(server + "/id/need/autism", timeout=60).text
    css = re.search(r'href="(/static/site\.css\?v=[0-9a-f]{16})"', page)
    assert css, "site.css is not linked with ?v=<content hash>"
    versioned = requests.get(server + css.group(1), timeout=60)
    assert versioned.headers["Cache-Control"] == IMMUTABLE
    bare = requests.get(server + "/static/site.css", timeout=60)
    assert bare.headers["Cache-Control"] == "public, max-age=300"
    stale = requests.get(server + "/static/site.css?v=0000000000000000", timeout=60)
    assert "immutable" not in stale.headers["Cache-Control"]
    # every static URL on the page is versioned, including GOV.UK Frontend's module for govuk-init.js
    assert not re.search(r'(?:src|href|data-govuk-frontend)="/static/[^"?]+"', page)


def test_record_page_loads_only_the_scripts_it_uses(server):
    page = requests.get(server + "/id/need/autism", timeout=60).text
    scripts = re.findall(r'<script[^>]+src="/static/([^"?]+)', page)
    assert "vendor/cytoscape/cytoscape.min.js" not in scripts
    assert "js/search-suggest.js" not in scripts  # only search pages have the search-as-you-type box
    search = requests.get(server + "/search?q=autism", timeout=60).text
    assert "js/search-suggest.js" in search


@pytest.mark.parametrize(
    "header,expected",
    [
        ("gzip, deflate, br", "br"),
        ("gzip", "gzip"),
        ("br;q=0, gzip", "gzip"),
        ("identity", None),
        ("", None),
        ("*", "br"),
        ("gzip;q=0", None),
    ],
)
def test_choose_encoding(header, expected):
    assert choose_encoding(header) == expected
