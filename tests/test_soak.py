"""The load test, shortened for the suite (`make soak` runs 50 clients for 60 s): a real gunicorn on loopback,
pages, search, SPARQL and comment posts with their CSRF token; zero 5xx, no connection errors, and every
comment the server acknowledged is in the private database once the server has stopped."""

from __future__ import annotations

import pytest
from soak import soak

pytestmark = pytest.mark.slow


def test_short_soak(built, tmp_path, record_property):
    figures = soak(
        built.data_dir, clients=10, seconds=6, private_db=tmp_path / "private.sqlite", workers=2, comment_share=0.15
    )
    for name in ("requests", "p95_ms", "status_5xx", "comments_acknowledged", "comments_found"):
        record_property(name, figures[name])
    print(figures)
    assert figures["requests"] > 50
    assert figures["status_5xx"] == 0, figures["statuses"]
    assert figures["connection_errors"] == 0, figures["first_errors"]
    assert figures["comments_acknowledged"] > 0
    assert figures["comments_found"] == figures["comments_acknowledged"], figures["comments_lost"]
    assert set(figures["kinds"]) == {"page", "search", "sparql", "comment form", "comment post"}
