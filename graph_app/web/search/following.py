"""This process's part in following the edit journal (graph_app/search/follow.py): the background thread,
started with the app, and the check at the start of each search request, so a search right after an edit
published on another machine finds it."""

from __future__ import annotations

import logging

from flask import Flask, current_app, g

from ...search.follow import EVERY_SECONDS, Follower, behind, catch_up, follows

log = logging.getLogger(__name__)
REQUEST_WAIT_S = 10.0  # a search waits this long at most for another worker's catch-up, then reads what is there


def init_app(app: Flask) -> None:
    """Start the follower when the store is remote (SEARCH_FOLLOW_SECONDS: its pause; 0 starts no thread, the
    default under test, where each search's check still follows)."""
    settings = app.config["SETTINGS"]
    every = float(app.config.get("SEARCH_FOLLOW_SECONDS", 0 if app.testing else EVERY_SECONDS))
    if follows(settings) and every > 0:
        follower = app.extensions["search_follower"] = Follower(settings, every)
        follower.ensure()


def before_search() -> None:
    """Bring this machine's index up to what the store has applied before the search reads it."""
    follower = current_app.extensions.get("search_follower")
    if follower is not None:
        follower.ensure()  # a worker forked after the app was made has no thread yet
    settings = current_app.config["SETTINGS"]
    try:
        if behind(settings):
            catch_up(settings, wait_seconds=REQUEST_WAIT_S)
            g.pop("_graph_handles", None)  # the request's handles (core/graph.py) may name the older build
    except Exception:  # the search still answers, from the index as it is
        log.warning("search index could not follow the journal before a search", exc_info=True)
