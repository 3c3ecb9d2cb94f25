"""The site's own address for absolute links (dumps list, sitemap, VoID, robots.txt, the OpenAPI file) and for
the origin check on forms: GRAPH_APP_PUBLIC_URL when it is set, else the address this request came to.

Why: the Host header is chosen by the client. A crawler, cache or proxy that keeps what it was given would
otherwise hand other people links to whatever host one hostile request named."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, request


def public_root() -> str:
    """The public base URL, ending with "/" (e.g. "https://localoffer.example.org/")."""
    configured = current_app.config["SETTINGS"].public_url
    return configured or request.url_root


def absolute(path: str) -> str:
    """The absolute address of a site path ("/sitemap.xml") under the public base URL."""
    return public_root().rstrip("/") + "/" + path.lstrip("/")


def public_origin() -> str | None:
    """scheme://host[:port] of GRAPH_APP_PUBLIC_URL, or None when it is not set."""
    configured = current_app.config["SETTINGS"].public_url
    if not configured:
        return None
    parts = urlsplit(configured)
    return f"{parts.scheme}://{parts.netloc}".lower()
