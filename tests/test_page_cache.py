"""The rendered-page cache (graph_app/web/page_cache.py): pages are kept per store version and per what the
request says about the reader; every response gets its own CSRF token; staff never share a page; a
published edit shows at once, in this process and in other server processes; 304 for a matching ETag.
Real builds on disk (a private copy where a test publishes), real server processes."""

from __future__ import annotations

import hashlib
import re
import time
from pathlib import Path

import pytest
import requests
from itsdangerous import URLSafeTimedSerializer
from live_helpers import copy_build, current_store, first_service, with_description
from server_process import app_server
from staff_helpers import csrf_from, login, make_staff

from graph_app.live import Replace, publish
from graph_app.web.core.page_cache import ENTRY_OVERHEAD, Entry, PageCache, get_page_cache

ID = "https://w3id.org/se7-local-offer/id/"
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
SECURITY_HEADERS = ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy")


@pytest.fixture
def site(built, tmp_path):
    """A private copy of the session's build: these tests publish, sign staff in and post comments."""
    return copy_build(built, tmp_path / "data")


@pytest.fixture
def app(site, make_app):
    return make_app(site)


def _page(site) -> str:
    return "/id/" + first_service(current_store(site))[len(ID) :]


def _tokens(html: str) -> set[str]:
    return set(TOKEN.findall(html))


def _cache(app) -> PageCache:
    with app.app_context():
        return get_page_cache()


# ---- the LRU itself ---------------------------------------------------------------------------------


def _entry(size: int) -> Entry:
    return Entry(200, (), b"x" * size, False, size + ENTRY_OVERHEAD)


def test_least_recently_used_pages_go_first_once_over_the_byte_limit():
    cache = PageCache(8 * 11_000)  # room for eight pages of 10,012 bytes
    for name in "abcdefgh":
        cache.put("v1", (name,), _entry(9_500))
    assert len(cache) == 8 and cache.get(("a",)) is not None  # a is now the most recently used
    cache.put("v1", ("i",), _entry(9_500))
    assert cache.used_bytes <= cache.max_bytes and len(cache) == 8
    assert cache.get(("b",)) is None and cache.get(("a",)) is not None and cache.get(("i",)) is not None


def test_a_page_larger_than_an_eighth_of_the_cache_is_not_kept():
    cache = PageCache(80_000)
    cache.put("v1", ("big",), _entry(20_000))
    assert cache.get(("big",)) is None and cache.used_bytes == 0


def test_a_new_store_version_drops_the_pages_of_the_old_one():
    cache = PageCache(1_000_000)
    cache.put("v1", ("v1", "page"), _entry(100))
    cache.put("v2", ("v2", "page"), _entry(100))
    assert len(cache) == 1 and cache.get(("v1", "page")) is None


# ---- through the app --------------------------------------------------------------------------------


def test_the_second_visit_is_served_from_the_cache_with_the_same_page_and_headers(app, site):
    page = _page(site)
    client = app.test_client()
    first = client.get(page)
    cache = _cache(app)
    hits = cache.hits
    second = client.get(page)
    assert first.status_code == second.status_code == 200
    assert cache.hits == hits + 1
    assert TOKEN.sub("", first.get_data(as_text=True)) == TOKEN.sub("", second.get_data(as_text=True))
    for name in (*SECURITY_HEADERS, "ETag", "Vary", "Content-Language", "Cache-Control"):
        assert second.headers.get(name) == first.headers.get(name), name
    assert first.headers["ETag"].startswith('W/"')
    assert second.headers["Cache-Control"] == "private, no-cache"  # it has a form token: no shared caches


def test_a_matching_etag_gets_304_without_a_body_and_a_stale_one_gets_the_page(app, site):
    page = _page(site)
    client = app.test_client()
    etag = client.get(page).headers["ETag"]
    for _ in range(2):  # the first from the view, the second from the cache
        not_modified = client.get(page, headers={"If-None-Match": etag})
        assert not_modified.status_code == 304 and not_modified.data == b""
        assert not_modified.headers["ETag"] == etag
        assert "Content-Security-Policy" in not_modified.headers
    assert client.get(page, headers={"If-None-Match": 'W/"something-else"'}).status_code == 200


def test_every_response_carries_a_token_minted_for_it_and_the_kept_page_holds_none(app, site):
    page = _page(site)
    anonymous_a, anonymous_b = app.test_client(), app.test_client()
    first = _tokens(anonymous_a.get(page).get_data(as_text=True))
    time.sleep(1.1)  # signed tokens carry the second they were made
    before = int(time.time())
    served = anonymous_b.get(page, headers={"User-Agent": "Browser B"})
    second = _tokens(served.get_data(as_text=True))
    assert _cache(app).hits >= 1
    assert len(first) == len(second) == 1 and first != second
    signer = URLSafeTimedSerializer(app.secret_key, salt="se7-anonymous-form")
    value, stamp = signer.loads(second.pop(), max_age=60, return_timestamp=True)
    # anonymous tokens are bound to the browser's User-Agent (core/csrf.py _visitor): made for B, not copied from A
    assert value == "form:" + hashlib.sha256(b"Browser B").hexdigest()[:16] and stamp.timestamp() >= before
    cache = _cache(app)
    for entry in cache._entries.values():
        kept = entry.body.decode("utf-8", "replace")
        assert _tokens(kept) <= {cache.placeholder}, "a real token was kept in the cache"


def test_signed_in_staff_never_share_a_page_or_a_token_with_visitors(app, site):
    page = _page(site)
    user, password = make_staff(site, "moderator")
    staff = app.test_client()
    assert login(staff, user.email, password).status_code == 303
    visitor = app.test_client()
    visitor_tokens = _tokens(visitor.get(page).get_data(as_text=True))
    cache = _cache(app)
    kept, hits, misses = len(cache), cache.hits, cache.misses
    staff_tokens = _tokens(staff.get(page).get_data(as_text=True))
    staff_tokens |= _tokens(staff.get(page).get_data(as_text=True))
    assert (len(cache), cache.hits, cache.misses) == (kept, hits, misses)  # never looked up, never kept
    with staff.session_transaction() as session:
        assert staff_tokens == {session["csrf"]}  # the session's own token, on every visit
    later_visitor = _tokens(app.test_client().get(page).get_data(as_text=True))
    assert not staff_tokens & (visitor_tokens | later_visitor)


def test_a_comment_sent_with_the_token_of_a_cached_page_is_accepted(app, site):
    page = _page(site)
    app.test_client().get(page)  # fills the cache
    client = app.test_client()
    hits = _cache(app).hits
    html = client.get(page).get_data(as_text=True)
    assert _cache(app).hits == hits + 1
    response = client.post(
        "/comments",
        data={
            "page": page,
            "comment": "The opening hours on this page are wrong",
            "name": "",
            "email": "",
            "csrf_token": csrf_from(html),
        },
        environ_base={"REMOTE_ADDR": "203.0.113.201"},
    )
    assert response.status_code == 303 and response.headers["Location"].startswith("/comments/sent")


def test_pages_are_kept_apart_by_area_cookie_language_and_accept(app, site):
    page = _page(site)
    client = app.test_client()
    plain = client.get(page).get_data(as_text=True)
    client.set_cookie("se7_area", "kent")
    kent = client.get(page).get_data(as_text=True)
    assert "Your area: Kent" in kent and "Your area: Kent" not in plain
    client.delete_cookie("se7_area")
    assert TOKEN.sub("", client.get(page).get_data(as_text=True)) == TOKEN.sub("", plain)
    as_json = client.get(page, headers={"Accept": "application/json"})
    assert as_json.mimetype == "application/json" and as_json.get_json()
    assert client.get(page).mimetype == "text/html"
    turtle = client.get(page, headers={"Accept": "text/turtle"})
    assert turtle.mimetype == "text/turtle"
    welsh = client.get(page, headers={"Accept-Language": "cy"})
    assert welsh.headers.get("ETag") != client.get(page).headers.get("ETag")


def test_errors_and_pages_outside_the_list_are_not_kept(app):
    client = app.test_client()
    cache = _cache(app)
    for _ in range(2):
        assert client.get("/id/service/no-such-service-anywhere").status_code == 404
        assert client.get("/search?q=speech").status_code == 200
    assert len(cache) == 0 and cache.hits == 0
    assert "ETag" not in client.get("/search?q=speech").headers


def test_the_cache_can_be_turned_off(site, monkeypatch, make_app):
    monkeypatch.setenv("GRAPH_APP_PAGE_CACHE", "0")
    app = make_app(site)
    response = app.test_client().get(_page(site))
    assert response.status_code == 200 and "ETag" not in response.headers
    assert _cache(app) is None


def test_a_published_edit_shows_on_the_next_request(app, site):
    page = _page(site)
    client = app.test_client()
    for _ in range(2):
        assert "Kingfisher riverside sessions" not in client.get(page).get_data(as_text=True)
    etag = client.get(page).headers["ETag"]
    store = current_store(site)
    service = first_service(store)
    publish(
        site,
        [Replace(service, with_description(store, service, "Kingfisher riverside sessions"))],
        actor="tester",
        summary="new description",
    )
    after = client.get(page, headers={"If-None-Match": etag})
    assert after.status_code == 200 and "Kingfisher riverside sessions" in after.get_data(as_text=True)
    assert after.headers["ETag"] != etag


def test_a_published_edit_shows_at_once_in_every_server_process(site):
    page = _page(site)
    with app_server(site) as one, app_server(site) as two:
        old = {}
        for url in (one, two):
            for _ in range(2):  # the second answer comes from that process's cache
                response = requests.get(url + page, timeout=30)
                assert response.status_code == 200 and "Heron wetland walks" not in response.text
            old[url] = response.headers["ETag"]
        store = current_store(site)
        service = first_service(store)
        publish(
            site,
            [Replace(service, with_description(store, service, "Heron wetland walks"))],
            actor="tester",
            summary="new description",
        )
        for url in (one, two):
            response = requests.get(url + page, headers={"If-None-Match": old[url]}, timeout=30)
            assert response.status_code == 200 and "Heron wetland walks" in response.text, url


def test_only_known_cookies_are_read_by_the_web_pages():
    """The cache key holds the area cookie and skips requests with the session cookie; a page reading any
    other cookie would be served to readers it was not made for. Add that cookie to the key first."""
    web = Path(__file__).parents[1] / "graph_app" / "web"
    readers = {
        path.relative_to(web).as_posix()
        for path in web.rglob("*.py")
        if "request.cookies" in path.read_text(encoding="utf-8")
    }
    # the language cookie (labels.py reads it, language_choice.py sets it) is in the key through reader_languages
    known = {"core/area.py", "core/page_cache.py", "core/labels.py", "core/language_choice.py"}
    assert "core/area.py" in readers and readers <= known
    assert re.findall(r"request\.cookies\.get\((\w+)", (web / "core" / "area.py").read_text()) == ["COOKIE"]
    labels = (web / "core" / "labels.py").read_text()
    assert re.findall(r"request\.cookies\.get\((\w+)", labels) == ["LANGUAGE_COOKIE"]
