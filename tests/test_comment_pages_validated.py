"""The page a comment is about must be a page of this site: a route of the app whose variable parts are plain
slugs (written as the route writes them), and for a record's page a record that exists. Anything else is a
400 naming the field `page`, on the form's GET and on the POST, before anything is stored; so no stored
comment can carry a page that breaks the moderation queue or the IRI it is published under."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from staff_helpers import token

from graph_app.private import open_private_db

GOOD = ["/glossary", "/gaps", "/gaps/report/kent", "/a-z/service", "/kinds/service", "/my-child", "/search", "/"]
BREAKERS = ['"', " ", "<", ">", "{", "}", "|", "^", "`", "\\", "%22", "%20", "\x01", "\u00e9", "'", "//", "/../"]


@pytest.fixture(scope="module")
def record_page(app) -> str:
    html = app.test_client().get("/kinds/service").get_data(as_text=True)
    return "/id/service/" + re.search(r'href="/id/service/([a-z0-9-]+)"', html).group(1)


def _count(app) -> int:
    with open_private_db(app.config["SETTINGS"]).connect() as conn:
        return conn.execute("SELECT count(*) FROM comments").fetchone()[0]


def _refused(client, page: str) -> None:
    form = client.get("/comments/new", query_string={"page": page})
    assert form.status_code == 400, (page, form.status_code)
    assert "page" in form.get_data(as_text=True)
    response = client.post(
        "/comments", data={"page": page, "comment": "Hello", "csrf_token": token(client, "/glossary")}
    )
    assert response.status_code == 400, (page, response.status_code)
    assert "&#39;page&#39;" in response.get_data(as_text=True) or "'page'" in response.get_data(as_text=True)


def test_pages_of_this_site_take_comments(client, record_page):
    for page in [*GOOD, record_page]:
        response = client.get("/comments/new", query_string={"page": page})
        assert response.status_code == 200, page


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    base=st.sampled_from(GOOD + ["/gaps/report/", "/id/service/", "/gaps/"]),
    breaker=st.sampled_from(BREAKERS),
    tail=st.text(alphabet="ab-1/", max_size=6),
)
def test_a_page_with_a_breaking_character_is_refused_naming_page(app, client, base, breaker, tail):
    before = _count(app)
    _refused(
        client, base.rstrip("/") + "/a" + breaker + tail if not base.endswith("/") else base + "a" + breaker + tail
    )
    assert _count(app) == before  # nothing stored


@pytest.mark.parametrize(
    "page",
    [
        '/gaps/a"b',
        "/gaps/a b",
        "/gaps/a<b",
        "/gaps/{a}",
        "/gaps/a|b",
        "/gaps/a^b",
        "/id/service/no-such-record",
        "/id/service/A-Capital",
        "/gaps/report/kent/",
        "/kinds/servicé",
        "/id/service/x%20y",
    ],
)
def test_the_red_teams_pages_are_refused(client, page):
    _refused(client, page)
