"""Whole rendered pages kept in memory per store version, so a popular page is built once, not per visit.

A page of the public graph is a function of the store version and of what the request says about the
reader; nothing else on these pages changes between publishes. So the finished response (status, headers,
body) of an anonymous GET or HEAD is kept under a key of:

    store version, today's date (pages that count from today), scheme and host (absolute links),
    path and query string, chosen area (its cookie), reader languages (?lang=, the language cookie and
    Accept-Language),
    the Accept header (JSON twins and RDF formats answer by content negotiation)

A published edit or a rebuild makes a new store version, so the next request has a new key and is built
afresh, in every worker process, with nothing to invalidate (graph_app/live, graph_app/layout.py).

Never kept: requests carrying the session cookie or an Authorization header (staff, or a visitor with a
session token), non-200 answers, answers that set a cookie or say no-store, and pages of the maps
blueprint while this process still serves the projection of an older version (projection_keeper.py).

The one per-visitor value on these pages is the CSRF token of their comment and area forms. A page being
built for the cache is rendered with a placeholder in its place (csrf.csrf_token reads g.anonymous_csrf),
and every response, fresh or from the cache, gets a token minted for that request. The placeholder is
random per process and alphanumeric, so no data can contain it and no escaping changes it.

Each kept page has a weak ETag (version and key), and If-None-Match gets 304. The ETag includes the day,
so a page a browser revalidates never carries a token older than the day a signed token lasts; pages with
a token are marked private so no shared cache hands one visitor's token to another.

Memory is bounded per process: least recently used pages go first once the total passes the limit
(GRAPH_APP_PAGE_CACHE_MB, default 64; GRAPH_APP_PAGE_CACHE=0 turns the cache off, e.g. to measure it).
"""

from __future__ import annotations

import hashlib
import secrets
import threading
from dataclasses import dataclass
from datetime import date

from cachetools import LRUCache
from flask import Flask, current_app, g, request, session
from werkzeug.wrappers import Response

from ...config import env_setting
from . import csrf
from .area import current_area_slug
from .graph import get_graph
from .labels import reader_languages

# the views whose output depends only on the store version and the key above (checked by reading them:
# no private database, no session, no randomness); search, "My child", gaps and staff pages are not here
ENDPOINTS = frozenset(
    {
        "explore.node",
        "explore.node_json",
        "explore.node_links",
        "explore.node_links_json",
        "explore.kind_list",
        "explore.kind_list_json",
        "lod.node_as",
        "maps.home",
        "maps.home_json",
        "maps.a_to_z",
        "maps.a_to_z_json",
        "maps.a_to_z_part",
        "maps.a_to_z_part_json",
        "maps.related_page",
        "maps.related_page_json",
        "maps.neighbourhood_page",
        "maps.neighbourhood_page_json",
        "maps.path_page",
        "maps.path_page_json",
        "glossary.index",
        "glossary.index_json",
        "area_choice.choose",
        "area_choice.choose_json",
    }
)
PROJECTION_BLUEPRINT = "maps"  # its pages read the graph projection, which may lag a publish for a moment
ENTRY_OVERHEAD = 512  # bytes per kept page beyond its body and headers: key, entry object, dict slot
NOT_KEPT_HEADERS = frozenset({"content-length", "set-cookie", "date"})
_STATE = "_page_cache"


@dataclass(frozen=True)
class Entry:
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    has_token: bool  # the body holds the CSRF placeholder, replaced per response
    size: int


class PageCache:
    """An LRU of finished pages, bounded by bytes (cachetools' LRUCache sized by each entry's bytes), emptied
    when the store version changes; safe to share between a worker's threads."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.placeholder = "pagecachecsrf" + secrets.token_hex(16)  # per process: no page can contain it
        self._entries: LRUCache[tuple, Entry] = LRUCache(max_bytes, getsizeof=_size_of)
        self._version: str | None = None
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    @property
    def used_bytes(self) -> int:
        return int(self._entries.currsize)

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: tuple) -> Entry | None:
        with self._lock:
            entry = self._entries.get(key)  # a hit is the most recently used from now on
            if entry is None:
                self.misses += 1
                return None
            self.hits += 1
            return entry

    def put(self, version: str, key: tuple, entry: Entry) -> None:
        if entry.size > self.max_bytes // 8:  # one huge page must not push out hundreds of others
            return
        with self._lock:
            if version != self._version:  # a new store version: the old pages will never be asked for again
                self._entries.clear()
                self._version = version
            self._entries[key] = entry  # the least recently used pages go until it fits


def _size_of(entry: Entry) -> int:
    return entry.size


@dataclass
class _Request:
    """What the hooks pass from before the view to after it, for one cacheable request."""

    key: tuple
    version: str
    etag: str
    hit: bool = False


def cache_size_from_env() -> int:
    """Bytes per process from GRAPH_APP_PAGE_CACHE / GRAPH_APP_PAGE_CACHE_MB; 0 means off."""
    if not env_setting("GRAPH_APP_PAGE_CACHE"):
        return 0
    return int(env_setting("GRAPH_APP_PAGE_CACHE_MB") * 1024 * 1024)


def get_page_cache() -> PageCache | None:
    return current_app.extensions.get("page_cache")


def _projection_current(version: str) -> bool:
    keeper = current_app.extensions.get("projection_keeper")
    return keeper is not None and keeper.ready_version == version


def _cacheable_request() -> bool:
    if request.method not in ("GET", "HEAD") or request.endpoint not in ENDPOINTS:
        return False
    if current_app.config["SESSION_COOKIE_NAME"] in request.cookies or "Authorization" in request.headers:
        return False  # a session (staff, or a token of its own) or credentials: this visitor's own page
    return True


def _key(version: str) -> tuple:
    return (
        version,
        date.today().isoformat(),
        request.host_url,
        request.script_root,
        request.path,
        request.query_string,
        current_area_slug(),
        tuple(reader_languages()),
        request.headers.get("Accept", ""),
    )


def _etag(key: tuple) -> str:
    return hashlib.sha256(repr(key).encode("utf-8")).hexdigest()[:32]


def _lookup() -> Response | None:
    """Before the view: answer from the cache (or 304), or mark the request to be kept after the view."""
    cache = get_page_cache()
    if cache is None or not _cacheable_request():
        return None
    try:
        version = get_graph().store.version()  # the store this whole request reads (pinned in g)
    except Exception:  # no build yet or the store unreachable: the view says so, uncached
        return None
    if request.blueprint == PROJECTION_BLUEPRINT and not _projection_current(version):
        return None
    key = _key(version)
    state = _Request(key, version, _etag(key))
    setattr(g, _STATE, state)
    entry = cache.get(key)
    if entry is None:
        g.anonymous_csrf = cache.placeholder  # the page is rendered with the placeholder for its forms
        return None
    state.hit = True
    if request.if_none_match.contains_weak(state.etag):
        kept = [
            (name, value)
            for name, value in entry.headers
            if name.lower() in ("etag", "cache-control", "vary", "content-language")
        ]
        return Response(status=304, headers=kept)
    body = entry.body
    if entry.has_token:
        body = body.replace(cache.placeholder.encode(), _fresh_token().encode())
    return Response(body, status=entry.status, headers=list(entry.headers))


def _fresh_token() -> str:
    """A CSRF token minted for this request (never the one a page was rendered with)."""
    g.pop("anonymous_csrf", None)
    return csrf.csrf_token()


def _keep(response: Response) -> Response:
    """After every other after-request hook: keep the finished page, and put a real token in its forms."""
    state: _Request | None = g.pop(_STATE, None)
    if state is None or state.hit:
        return response
    cache = get_page_cache()
    if cache is None:  # state is only set when a cache exists; nothing to keep without one
        return response
    placeholder = cache.placeholder.encode()
    storable = _storable(response, state.version)
    body = b"" if response.is_streamed else response.get_data()
    has_token = placeholder in body
    if storable:
        response.set_etag(state.etag, weak=True)
        # revalidate on every use; with a token in it, for this browser only (never a shared cache)
        response.headers.setdefault("Cache-Control", "private, no-cache" if has_token else "no-cache")
        headers = tuple(
            (name, value) for name, value in response.headers.items() if name.lower() not in NOT_KEPT_HEADERS
        )
        size = len(body) + sum(len(n) + len(v) for n, v in headers) + ENTRY_OVERHEAD + len(repr(state.key))
        cache.put(state.version, state.key, Entry(response.status_code, headers, body, has_token, size))
    if has_token:
        response.set_data(body.replace(placeholder, _fresh_token().encode()))
    if storable:
        response.make_conditional(request)
    return response


def _storable(response: Response, version: str) -> bool:
    if response.status_code != 200 or response.is_streamed or response.direct_passthrough:
        return False
    if "Set-Cookie" in response.headers or session.modified:
        return False
    if "no-store" in response.headers.get("Cache-Control", ""):
        return False
    if request.blueprint == PROJECTION_BLUEPRINT and not _projection_current(version):
        return False  # a newer projection became ready meanwhile: the page may mix versions
    return True


def init_app(app: Flask) -> None:
    """Call before any other part registers hooks: `_keep` must run after every other after-request hook
    (Flask runs them in reverse order), on the response exactly as it leaves the app."""
    size = app.config.get("PAGE_CACHE_BYTES", cache_size_from_env())
    if size <= 0:
        return
    app.extensions["page_cache"] = PageCache(size)
    app.before_request(_lookup)
    app.after_request(_keep)
