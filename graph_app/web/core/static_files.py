"""How bytes leave the app: text responses compressed (brotli or gzip, as the client accepts), and static
files addressed by a version in their URL so browsers may keep them for a year.

Versioning: url_for("static", filename=...) adds ?v=<hash of the file's content>, so a changed file has a
new URL. A request carrying the current hash is answered `public, max-age=31536000, immutable`; any other
request for a static file (no v, or an old one) gets a short cache, since its content may change.

Compression is WSGI middleware around the whole app, outside Flask's hooks, so the page cache
(page_cache.py) keeps and revalidates uncompressed pages and every answer, cached or not, is compressed
the same way. Only answers of a known length are compressed: a streamed answer (a SPARQL result, a dump
being written) is passed through untouched, since buffering it would hold back its first byte. Already
compressed types (the .gz dumps, images) are never compressed again.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import threading
from collections.abc import Callable, Iterable
from typing import Any

from cachetools import LRUCache
from flask import Flask, request
from werkzeug.security import safe_join
from werkzeug.wrappers import Response

try:  # brotli is smaller than gzip by a fifth on our pages; gzip alone still works without it
    import brotli
except ImportError:  # pragma: no cover - the package is a dependency
    brotli = None

IMMUTABLE = "public, max-age=31536000, immutable"
SHORT = "public, max-age=300"  # an unversioned static URL: may change with the next deployment
MIN_SIZE = 512  # below this the encoding header costs more than it saves
MAX_SIZE = 16 * 1024 * 1024  # bigger answers are downloads: pass them through rather than hold them in memory
STATIC_CACHE_ENTRIES = 64  # compressed static files kept per process (they are few and never change)
COMPRESSIBLE = frozenset(
    {
        "application/javascript",
        "application/json",
        "application/ld+json",
        "application/manifest+json",
        "application/n-quads",
        "application/n-triples",
        "application/rdf+xml",
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "application/trig",
        "application/xml",
        "image/svg+xml",
        "text/css",
        "text/csv",
        "text/html",
        "text/javascript",
        "text/plain",
        "text/turtle",
        "text/n3",
    }
)

_hashes: dict[str, tuple[tuple[int, int], str]] = {}
_hash_lock = threading.Lock()


def content_version(static_folder: str, filename: str) -> str | None:
    """A short hash of a static file's bytes (recomputed when its size or mtime changes); None if absent."""
    path = safe_join(static_folder, filename)
    if path is None:
        return None
    try:
        stat = os.stat(path)
    except OSError:
        return None
    stamp = (stat.st_mtime_ns, stat.st_size)
    with _hash_lock:
        known = _hashes.get(path)
        if known and known[0] == stamp:
            return known[1]
    with open(path, "rb") as handle:
        digest = hashlib.sha256(handle.read()).hexdigest()[:16]
    with _hash_lock:
        _hashes[path] = (stamp, digest)
    return digest


def init_app(app: Flask) -> None:
    """Version static URLs, set their cache headers, and compress what the app sends."""
    static_folder = app.static_folder or ""

    @app.url_defaults
    def _add_version(endpoint: str, values: dict[str, Any]) -> None:
        if endpoint == "static" and "filename" in values and "v" not in values:
            version = content_version(static_folder, values["filename"])
            if version:
                values["v"] = version

    @app.after_request
    def _static_cache(response: Response) -> Response:
        if request.endpoint == "static" and response.status_code in (200, 304):
            filename = (request.view_args or {}).get("filename", "")
            current = content_version(static_folder, filename)
            response.headers["Cache-Control"] = IMMUTABLE if current and request.args.get("v") == current else SHORT
        return response

    app.wsgi_app = Compressor(app.wsgi_app)  # type: ignore[method-assign]


def choose_encoding(accept_encoding: str) -> str | None:
    """ "br" or "gzip" (in that order of preference) if the client accepts it with q > 0, else None."""
    accepted: dict[str, float] = {}
    for part in accept_encoding.split(","):
        name, _, params = part.strip().partition(";")
        q = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                q = float(params[2:])
            except ValueError:
                q = 0.0
        accepted[name.strip().lower()] = q
    wildcard = accepted.get("*", 0.0)
    for name in ("br", "gzip") if brotli is not None else ("gzip",):
        if accepted.get(name, wildcard) > 0:
            return name
    return None


def compress(body: bytes, encoding: str, best: bool = False) -> bytes:
    """Brotli or gzip; `best` spends more time once on a file that is then kept (a static file)."""
    if encoding == "br":
        return brotli.compress(body, quality=11 if best else 5)
    return gzip.compress(body, compresslevel=9 if best else 6, mtime=0)


def _header(headers: list[tuple[str, str]], name: str) -> str | None:
    wanted = name.lower()
    return next((value for key, value in headers if key.lower() == wanted), None)


def _eligible(status: str, headers: list[tuple[str, str]]) -> bool:
    code = int(status.split(" ", 1)[0])
    if code < 200 or code in (204, 206, 304) or _header(headers, "Content-Encoding"):
        return False
    mimetype = (_header(headers, "Content-Type") or "").split(";", 1)[0].strip().lower()
    length = _header(headers, "Content-Length")
    return mimetype in COMPRESSIBLE and length is not None and length.isdigit() and MIN_SIZE <= int(length) <= MAX_SIZE


def _no_write(data: bytes) -> None:
    raise RuntimeError("the legacy WSGI write() is not supported behind the compressor")


class Compressor:
    """WSGI middleware: compresses eligible answers for clients that accept br or gzip."""

    def __init__(self, app: Callable) -> None:
        self.app = app
        self._static: LRUCache[tuple[str, str, str], bytes] = LRUCache(STATIC_CACHE_ENTRIES)
        self._lock = threading.Lock()

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        captured: dict[str, Any] = {}

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable:
            captured.update(status=status, headers=headers, exc_info=exc_info)
            return _no_write

        result = self.app(environ, capture)
        status, headers = captured["status"], list(captured["headers"])
        if not _eligible(status, headers):
            start_response(status, headers, captured["exc_info"])
            return result
        vary = _header(headers, "Vary")
        headers = [(k, v) for k, v in headers if k.lower() != "vary"]
        headers.append(("Vary", f"{vary}, Accept-Encoding" if vary else "Accept-Encoding"))
        encoding = choose_encoding(environ.get("HTTP_ACCEPT_ENCODING", ""))
        if encoding is None or environ.get("REQUEST_METHOD") == "HEAD":
            start_response(status, headers, captured["exc_info"])
            return result
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        etag = _header(headers, "ETag")
        packed = self._packed(environ.get("PATH_INFO", ""), etag, encoding, body)
        headers = [(k, v) for k, v in headers if k.lower() not in ("content-length", "etag")]
        headers += [("Content-Encoding", encoding), ("Content-Length", str(len(packed)))]
        if etag:  # another representation of the same thing: weakly equal (as nginx does)
            headers.append(("ETag", etag if etag.startswith("W/") else "W/" + etag))
        start_response(status, headers, captured["exc_info"])
        return [packed]

    def _packed(self, path: str, etag: str | None, encoding: str, body: bytes) -> bytes:
        if not (path.startswith("/static/") and etag):
            return compress(body, encoding)
        key = (path, etag, encoding)
        with self._lock:
            kept = self._static.get(key)
        if kept is not None:
            return kept
        packed = compress(body, encoding, best=True)
        with self._lock:
            self._static[key] = packed
        return packed
