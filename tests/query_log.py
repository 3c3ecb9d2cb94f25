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


def views_without_kept(app, client, caplog, monkeypatch, path: str, answers: str) -> tuple[tuple, tuple]:
    """Two views of `path`, (queries, HTML) each, after the store version's kept answers called `answers`
    (core/version_lru.node_answers) are forgotten, with the page cache off: the first asks for them again."""
    from graph_app.web.core.graph import get_graph

    monkeypatch.delitem(app.extensions, "page_cache", raising=False)  # each page built, not served whole
    client.get(path)  # the first view of a fresh app also waits for the projection: its mind map differs
    with app.app_context():
        for values in get_graph()._memo.values():  # only these answers are forgotten
            values.pop("node_answers:" + answers, None)
    return page_queries(client, caplog, path), page_queries(client, caplog, path)
