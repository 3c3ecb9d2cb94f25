"""The moderation queue is paged, oldest first or newest first: with more than 200 pending comments every
one of them can be reached, in each order, exactly once (the queue once showed only the 200 oldest)."""

from __future__ import annotations

import re

import pytest
from live_helpers import copy_build
from staff_helpers import login, make_staff

from graph_app.private import open_private_db

COMMENT = re.compile(r'id="comment-(\d+)"')
PENDING = 230


@pytest.fixture(scope="module")
def moderator(built, tmp_path_factory, make_module_app):
    settings = copy_build(built, tmp_path_factory.mktemp("queue") / "data")
    app = make_module_app(settings)
    user, password = make_staff(settings, "moderator")
    client = app.test_client()
    assert login(client, user.email, password).status_code == 303
    with open_private_db(settings).connect(immediate=True) as conn:
        ids = [
            conn.execute(
                "INSERT INTO comments (page_path, subject_iri, body, created_at) VALUES (?, ?, ?, ?)",
                (
                    "/glossary",
                    "https://w3id.org/se7-local-offer/glossary",
                    f"Comment body {n}",
                    f"2024-01-01T00:{n // 60:02d}:{n % 60:02d}+00:00",
                ),
            ).lastrowid
            for n in range(PENDING)
        ]
    return client, ids


def _walk(client, order: str) -> list[int]:
    seen, page = [], 1
    while True:
        html = client.get(f"/staff/comments/?order={order}&page={page}").get_data(as_text=True)
        seen += [int(n) for n in COMMENT.findall(html)]
        if 'rel="next"' not in html:
            return seen
        page += 1


def test_every_pending_comment_is_reachable_oldest_and_newest_first(moderator):
    client, ids = moderator
    oldest = _walk(client, "oldest")
    newest = _walk(client, "newest")
    assert len(oldest) == len(set(oldest)) >= PENDING > 200
    assert set(ids) <= set(oldest) and set(oldest) == set(newest)
    assert oldest == sorted(oldest) and newest == sorted(newest, reverse=True)
    first = client.get("/staff/comments/?order=newest").get_data(as_text=True)
    assert COMMENT.findall(first)[0] == str(max(ids)) and f"{len(oldest)} comments are waiting" in first


@pytest.mark.parametrize(
    "query, name", [("order=sideways", "order"), ("page=0", "page"), ("page=x", "page"), ("page=99999999999", "page")]
)
def test_bad_paging_is_a_400_naming_the_parameter(moderator, query, name):
    client, _ = moderator
    response = client.get(f"/staff/comments/?{query}")
    assert response.status_code == 400 and name in response.get_data(as_text=True)
