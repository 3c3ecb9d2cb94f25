"""Public comments: a family comments on a page with no account, a moderator publishes it with the council's
response through graph_app.live, and it shows on the page and on "you said, we did". Runs on a build of
its own (publishing changes the store), with a real private database."""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import replace

import pytest
from build_helpers import make_settings, quiet_build
from staff_helpers import csrf_from, login, make_staff, token

from graph_app.private import open_private_db

ID = "https://w3id.org/se7-local-offer/id/"
SERVICE_LINK = re.compile(r'href="/id/service/([a-z0-9-]+)"')
PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture(scope="module")
def site(tmp_path_factory, hermit_cache):
    settings = make_settings(tmp_path_factory.mktemp("comments-build"))
    quiet_build(settings, hermit_cache)
    return settings


@pytest.fixture(scope="module")
def comment_app(site, make_module_app):
    return make_module_app(site, COMMENT_LIMIT=(3, 600.0))


@pytest.fixture
def web(comment_app):
    return comment_app.test_client()


@pytest.fixture(scope="module")
def service(comment_app):
    html = comment_app.test_client().get("/kinds/service").get_data(as_text=True)
    return SERVICE_LINK.findall(html)[0]


_addresses = iter(range(1, 250))


def post_comment(client, page: str, text: str, name: str = "", email: str = "", address: str | None = None):
    """Send the comment form as a family does, each call from its own client address by default."""
    csrf = csrf_from(client.get(page).get_data(as_text=True))
    address = address or f"203.0.113.{next(_addresses)}"
    return client.post(
        "/comments",
        data={"page": page, "comment": text, "name": name, "email": email, "csrf_token": csrf},
        environ_base={"REMOTE_ADDR": address},
    )


def stored(settings, text: str) -> sqlite3.Row:
    with open_private_db(settings).connect(immediate=True) as conn:
        return conn.execute("SELECT * FROM comments WHERE body = ?", (text,)).fetchone()


def test_every_record_page_has_the_comment_form(web, service):
    html = web.get(f"/id/service/{service}").get_data(as_text=True)
    assert "What families have told us" in html
    form = html[html.index('action="/comments"') :]
    form = form[: form.index("</form>")]
    assert 'name="csrf_token"' in form and f'name="page" value="/id/service/{service}"' in form
    for field in ('name="comment"', 'name="name"', 'name="email"'):
        assert field in form
    assert f'href="/feedback/new?about=service/{service}"' in html
    need = web.get("/id/need/autism").get_data(as_text=True) if web.get("/id/need/autism").status_code == 200 else ""
    if need:
        assert "/feedback/new" not in need  # confidential feedback is for providers, services and settings


def test_a_comment_is_kept_pending_and_not_shown(web, site, service):
    page = f"/id/service/{service}"
    response = post_comment(web, page, "Pending comment: opening hours are wrong", "A parent", "p@example.org")
    assert response.status_code == 303 and response.headers["Location"].startswith("/comments/sent")
    assert "Comment sent" in web.get(response.headers["Location"]).get_data(as_text=True)
    row = stored(site, "Pending comment: opening hours are wrong")
    assert row["status"] == "pending" and row["subject_iri"] == ID + f"service/{service}"
    assert row["email"] == "p@example.org" and row["display_name"] == "A parent"
    assert "Pending comment" not in web.get(page).get_data(as_text=True)
    assert "Pending comment" not in web.get("/you-said-we-did").get_data(as_text=True)


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"comment": ""}, "comment", "Enter your comment"),
        ({"comment": "x" * 2001}, "comment", "2000 characters or fewer"),
        ({"comment": "Fine", "email": "not an email"}, "email", "correct format"),
        ({"comment": "Fine", "name": "n" * 61}, "name", "60 characters or fewer"),
    ],
)
def test_bad_comments_are_refused_next_to_the_field_with_input_kept(web, fields, field, message):
    data = {"name": "", "email": "", **fields}
    response = post_comment(web, "/glossary", data.pop("comment"), **data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "govuk-error-summary" in html and f'href="#{field}"' in html and message in html
    assert f'id="{field}-error"' in html
    if field != "comment":
        assert ">Fine</textarea>" in html  # what they wrote is kept


@pytest.mark.parametrize(
    "page",
    [
        "https://evil.example/",
        "//evil.example/x",
        "/no/such/page",
        "/staff/login",
        "/id/service/no-such-service",
        "/sparql",
        "javascript:alert(1)",
    ],
)
def test_comments_only_on_pages_of_this_site(web, page):
    assert web.get("/comments/new", query_string={"page": page}).status_code == 400
    csrf = token(web, "/glossary")
    response = web.post("/comments", data={"page": page, "comment": "Hello", "csrf_token": csrf})
    assert response.status_code == 400


def test_the_generic_comment_page(web):
    response = web.get("/comments/new?page=/glossary")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'name="page" value="/glossary"' in html
    assert 'href="/comments/new?page=/glossary"' in web.get("/glossary").get_data(as_text=True)


def test_comment_posts_are_rate_limited_per_address(web):
    for number in range(3):
        assert post_comment(web, "/glossary", f"Rate test {number}", address="198.51.100.77").status_code == 303
    limited = post_comment(web, "/glossary", "Rate test 4", address="198.51.100.77")
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) >= 1
    assert "Wait" in limited.get_data(as_text=True)
    assert post_comment(web, "/glossary", "Rate test other", address="198.51.100.78").status_code == 303


def sparql(client, query: str) -> dict:
    response = client.get(
        "/sparql", query_string={"query": query}, headers={"Accept": "application/sparql-results+json"}
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    return json.loads(response.get_data(as_text=True))


def publish_form(client, comment_id: int, **data):
    csrf = csrf_from(client.get("/staff/comments/").get_data(as_text=True))
    return client.post(f"/staff/comments/{comment_id}/publish", data={**data, "csrf_token": csrf})


def test_a_moderator_publishes_a_comment_with_the_councils_response(web, site, service, comment_app):
    page = f"/id/service/{service}"
    text = "Please list the Saturday sessions " + PAYLOAD
    assert post_comment(web, page, text, "A parent in Kent", "private-reply@example.org").status_code == 303
    comment_id = stored(site, text)["id"]

    moderator, password = make_staff(site, "moderator")
    staff = comment_app.test_client()
    assert login(staff, moderator.email, password).status_code == 303
    queue = staff.get("/staff/comments/").get_data(as_text=True)
    assert "&lt;script&gt;alert(" in queue and PAYLOAD not in queue  # escaped for the moderator too
    assert "private-reply@example.org" in queue  # moderators see the address to reply

    missing = publish_form(staff, comment_id, response="", action="", council="")
    assert missing.status_code == 400
    body = missing.get_data(as_text=True)
    assert "Enter the council&#39;s response" in body and "Choose the council that is responding" in body
    assert stored(site, text)["status"] == "pending"

    done = publish_form(
        staff,
        comment_id,
        response="Thank you: we have added them.",
        action="Saturday sessions are now listed " + PAYLOAD,
        council="kent",
    )
    assert done.status_code == 303
    assert stored(site, text)["status"] == "published" and stored(site, text)["journal_seq"] >= 1

    html = web.get(page).get_data(as_text=True)
    section = html[html.index("What families have told us") :]
    assert "Please list the Saturday sessions" in section and "A parent in Kent" in section
    assert "Thank you: we have added them." in section and "Saturday sessions are now listed" in section
    assert PAYLOAD not in html and "&lt;script&gt;alert(" in section
    assert "private-reply@example.org" not in html

    said = web.get("/you-said-we-did").get_data(as_text=True)
    assert "Please list the Saturday sessions" in said and "Thank you: we have added them." in said
    assert PAYLOAD not in said
    data = web.get("/you-said-we-did.json").get_json()
    topic = next(t for t in data["topics"] if any("Saturday sessions" in c["text"] for c in t["comments"]))
    assert topic["label"] != "Other pages of this website"  # grouped under the service's Local Offer heading

    # in the public graph with provenance, and without the email address
    query = f"""PREFIX lo: <https://w3id.org/se7-local-offer/def#> PREFIX prov: <http://www.w3.org/ns/prov#>
    SELECT ?council ?when WHERE {{ ?comment a lo:Comment ; lo:commentOn <{ID}service/{service}> .
      ?response lo:respondsTo ?comment ; prov:wasAttributedTo ?council ; prov:generatedAtTime ?when }}"""
    rows = sparql(web, query)["results"]["bindings"]
    assert [row["council"]["value"] for row in rows] == [ID + "area/kent"]
    assert sparql(web, 'ASK { ?s ?p ?o FILTER(CONTAINS(STR(?o), "private-reply")) }')["boolean"] is False

    again = publish_form(staff, comment_id, response="Twice", action="", council="kent")
    assert again.status_code == 303  # already published: told, not published twice
    assert "already published" in staff.get("/staff/comments/").get_data(as_text=True)


def test_comments_on_other_pages_and_rejection(web, site, comment_app):
    assert post_comment(web, "/glossary", "The glossary needs the word EHCP").status_code == 303
    assert post_comment(web, "/glossary", "Rude words that are rejected").status_code == 303
    moderator, password = make_staff(site, "admin")
    staff = comment_app.test_client()
    login(staff, moderator.email, password)
    kept = stored(site, "The glossary needs the word EHCP")["id"]
    dropped = stored(site, "Rude words that are rejected")["id"]
    assert publish_form(staff, kept, response="Added.", action="", council="medway").status_code == 303
    csrf = token(staff, "/staff/comments/")
    assert staff.post(f"/staff/comments/{dropped}/reject", data={"csrf_token": csrf}).status_code == 303
    assert stored(site, "Rude words that are rejected")["status"] == "rejected"
    said = web.get("/you-said-we-did").get_data(as_text=True)
    assert "The glossary needs the word EHCP" in said and "Rude words" not in said
    other = said[said.index("Other pages of this website") :]
    assert "The glossary needs the word EHCP" in other


def test_published_comments_survive_a_rebuild(site, hermit_cache, comment_app):
    """The journal is replayed after a full build, so nothing moderators published is lost."""
    quiet_build(replace(site), hermit_cache)
    html = comment_app.test_client().get("/you-said-we-did").get_data(as_text=True)
    assert "Please list the Saturday sessions" in html or "The glossary needs the word EHCP" in html
