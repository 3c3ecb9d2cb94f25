"""The named queries a page sends, read from the store's query log (logger graph_app.queries at DEBUG)."""

from __future__ import annotations

import logging
import re


def page_queries(client, caplog, path: str) -> tuple[list[str], str]:
    """The names of the queries one GET of `path` sent, in order, and its HTML without its CSP nonces and form
    tokens (a nonce changes on every response, a token's signature with the second it was signed in), so two
    views of a page can be compared."""
    caplog.clear()
    with caplog.at_level(logging.DEBUG, logger="graph_app.queries"):
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    names = [r.getMessage().split()[1] for r in caplog.records if r.getMessage().startswith("query ")]
    html = re.sub(r'nonce="[^"]+"', "", response.get_data(as_text=True))
    return names, re.sub(r'(name="csrf_token" value=)"[^"]+"', r"\1", html)
