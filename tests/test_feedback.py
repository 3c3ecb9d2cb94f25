"""Confidential feedback: the sender gets a reference number; the text reaches only the private database and
the provider's own editors and council moderators, never the SPARQL endpoint, dumps, linked data pages,
search or logs."""

from __future__ import annotations

import gzip
import json
import logging
import re
import secrets
from dataclasses import replace

import pytest
from staff_helpers import csrf_from, login, make_staff

from graph_app.private import open_private_db

ID = "https://w3id.org/se7-local-offer/id/"
REFERENCE = re.compile(r"FB-[2-9A-Z]{4}-[2-9A-Z]{4}")


@pytest.fixture(scope="module")
def settings(built, tmp_path_factory):
    return replace(built, private_db_path=tmp_path_factory.mktemp("feedback-private") / "private.sqlite")


@pytest.fixture(scope="module")
def feedback_app(settings, make_module_app):
    return make_module_app(settings, FEEDBACK_LIMIT=(30, 600.0))


@pytest.fixture
def web(feedback_app):
    return feedback_app.test_client()


def sparql(client, query: str) -> dict:
    response = client.post("/sparql", data={"query": query}, headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.get_data(as_text=True)
    return json.loads(response.get_data(as_text=True))


@pytest.fixture(scope="module")
def services(feedback_app):
    """Two services with different providers: (service slug, provider IRI) each."""
    rows = sparql(
        feedback_app.test_client(),
        """PREFIX lo: <https://w3id.org/se7-local-offer/def#>
        SELECT ?service ?provider WHERE { ?service a lo:Service ; lo:providedBy ?provider } ORDER BY ?service
        LIMIT 200""",
    )["results"]["bindings"]
    first = rows[0]
    second = next(row for row in rows if row["provider"]["value"] != first["provider"]["value"])
    return [
        (row["service"]["value"].removeprefix(ID + "service/"), row["provider"]["value"]) for row in (first, second)
    ]


@pytest.fixture(scope="module")
def sent(feedback_app, services):
    """Feedback about the first service, with a marker word found nowhere else; (marker, reference)."""
    client = feedback_app.test_client()
    marker = "Quokkafeedback" + secrets.token_hex(4)
    form = client.get(f"/feedback/new?about=service/{services[0][0]}")
    assert form.status_code == 200
    response = client.post(
        "/feedback",
        data={
            "about": f"service/{services[0][0]}",
            "message": f"The {marker} ramp at the entrance is broken.",
            "name": "Pat Sender",
            "email": f"{marker.lower()}@example.org",
            "csrf_token": csrf_from(form.get_data(as_text=True)),
        },
    )
    assert response.status_code == 303
    assert response.headers["Location"] == "/feedback/sent"  # nothing of it in any address
    page = client.get("/feedback/sent")
    assert page.headers["Cache-Control"] == "no-store"
    reference = REFERENCE.search(page.get_data(as_text=True))
    assert reference, page.get_data(as_text=True)
    return marker, reference.group(0)


def test_feedback_is_stored_privately_for_the_provider(sent, settings, services):
    marker, reference = sent
    with open_private_db(settings).connect(immediate=True) as conn:
        row = conn.execute("SELECT reference, about_iri, provider_iri, body FROM feedback").fetchone()
    assert row[0] == reference and row[1] == ID + f"service/{services[0][0]}" and row[2] == services[0][1]
    assert marker in row[3]


def test_references_are_hard_to_guess():
    from graph_app.private.feedback import new_reference

    drawn = {new_reference() for _ in range(2000)}
    assert len(drawn) == 2000 and all(REFERENCE.fullmatch(r) for r in drawn)


@pytest.mark.parametrize(
    "about, status",
    [
        ("need/autism", 400),
        ("service/no-such-service", 404),
        ("https://evil.example/x", 400),
        ("", 400),
        ("service/../x", 400),
    ],
)
def test_feedback_only_about_providers_services_and_settings(web, about, status):
    assert web.get("/feedback/new", query_string={"about": about}).status_code == status


def test_feedback_needs_a_message_and_is_post_only(web, services):
    form = web.get(f"/feedback/new?about=service/{services[0][0]}").get_data(as_text=True)
    response = web.post(
        "/feedback",
        data={
            "about": f"service/{services[0][0]}",
            "message": "",
            "name": "Kept name",
            "email": "",
            "csrf_token": csrf_from(form),
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and 'href="#message"' in html and 'value="Kept name"' in html
    assert web.get("/feedback").status_code == 405
    assert web.post("/feedback", data={"about": f"service/{services[0][0]}", "message": "x"}).status_code == 400


def test_feedback_is_not_in_the_sparql_endpoint(web, sent):
    marker, reference = sent
    for needle in (marker, reference, marker.lower()):
        found = sparql(
            web,
            f"SELECT ?s ?p ?o WHERE {{ ?s ?p ?o FILTER(isLiteral(?o) && CONTAINS(LCASE(STR(?o)), "
            f'LCASE("{needle}"))) }}',
        )
        assert found["results"]["bindings"] == []
        assert (
            sparql(web, f'ASK {{ ?s ?p ?o FILTER(CONTAINS(STR(?s), "{needle}") || CONTAINS(STR(?o), "{needle}")) }}')[
                "boolean"
            ]
            is False
        )


def test_feedback_is_not_in_the_dumps(web, sent):
    marker, reference = sent
    names = [file["name"] for file in web.get("/dumps.json").get_json()["files"]]
    whole = [name for name in names if name.startswith("all")] or names[:3]
    assert whole
    for name in whole:
        response = web.get(f"/dumps/{name}")
        assert response.status_code == 200, name
        text = gzip.decompress(response.get_data()).decode("utf-8")
        assert len(text) > 100_000 and marker not in text and reference not in text, name


def test_feedback_is_not_on_the_services_pages_or_linked_data(web, sent, services):
    marker, reference = sent
    slug = services[0][0]
    pages = [web.get(f"/id/service/{slug}"), web.get(f"/id/service/{slug}.json")]
    pages += [
        web.get(f"/id/service/{slug}", headers={"Accept": accept})
        for accept in ("text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml")
    ]
    pages += [web.get(f"/id/service/{slug}.{ext}") for ext in ("ttl", "jsonld", "rdf", "nt")]
    for response in pages:
        assert response.status_code == 200
        body = response.get_data(as_text=True)
        assert slug in body and marker not in body and reference not in body


def test_feedback_is_not_in_search(web, sent):
    marker, reference = sent
    for words in (marker, reference, f"{marker} ramp at the entrance is broken"):
        page = web.get("/search", query_string={"q": words})
        assert page.status_code == 200 and "ramp at the entrance is broken." not in page.get_data(as_text=True)
        data = web.get("/search.json", query_string={"q": words}).get_json()
        found = json.dumps([data["results"], data["needs"], data["need_services"]])
        assert marker not in found and reference not in found and "ramp at the entrance" not in found
        suggested = web.get("/search/suggest", query_string={"q": marker[:8]}).get_data(as_text=True)
        assert marker not in suggested


def test_only_the_providers_editors_and_moderators_read_it(feedback_app, settings, sent, services):
    marker, reference = sent
    readers = [
        make_staff(settings, "editor", services[0][1]),
        make_staff(settings, "moderator"),
        make_staff(settings, "admin"),
    ]
    for user, password in readers:
        client = feedback_app.test_client()
        login(client, user.email, password)
        page = client.get("/staff/feedback")
        assert page.status_code == 200 and marker in page.get_data(as_text=True), user.role
        assert reference in page.get_data(as_text=True)
    other, password = make_staff(settings, "editor", services[1][1])
    client = feedback_app.test_client()
    login(client, other.email, password)
    page = client.get("/staff/feedback")
    assert page.status_code == 200 and marker not in page.get_data(as_text=True)
    assert reference not in page.get_data(as_text=True)
    anonymous = feedback_app.test_client().get("/staff/feedback")
    assert anonymous.status_code == 302 and marker not in anonymous.get_data(as_text=True)


def test_feedback_is_not_logged(feedback_app, services, caplog):
    client = feedback_app.test_client()
    marker = "Wombatlog" + secrets.token_hex(4)
    form = client.get(f"/feedback/new?about=service/{services[1][0]}").get_data(as_text=True)
    with caplog.at_level(logging.DEBUG):
        response = client.post(
            "/feedback", data={"about": f"service/{services[1][0]}", "message": marker, "csrf_token": csrf_from(form)}
        )
        assert response.status_code == 303
        client.get("/feedback/sent")
    assert marker not in caplog.text


def test_feedback_posts_are_rate_limited_per_address(settings, make_app):
    app = make_app(settings, FEEDBACK_LIMIT=(2, 600.0))
    web = app.test_client()
    query = "SELECT ?s WHERE { ?s a <https://w3id.org/se7-local-offer/def#Service> } LIMIT 1"
    about = sparql(web, query)["results"]["bindings"][0]["s"]["value"].removeprefix(ID)

    def send(address: str) -> int:
        token = csrf_from(web.get(f"/feedback/new?about={about}").get_data(as_text=True))
        return web.post(
            "/feedback",
            data={"about": about, "message": "Rate test", "csrf_token": token},
            environ_base={"REMOTE_ADDR": address},
        ).status_code

    assert [send("198.51.100.91") for _ in range(2)] == [303, 303]
    limited_token = csrf_from(web.get(f"/feedback/new?about={about}").get_data(as_text=True))
    limited = web.post(
        "/feedback",
        data={"about": about, "message": "Rate test", "csrf_token": limited_token},
        environ_base={"REMOTE_ADDR": "198.51.100.91"},
    )
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) >= 1
    assert send("198.51.100.92") == 303


def test_the_reference_is_shown_once(feedback_app, services):
    """A reload, or the next person at a shared computer, does not see the last sender's reference; the
    session cookie no longer carries it either."""
    client = feedback_app.test_client()
    form = client.get(f"/feedback/new?about=service/{services[1][0]}")
    response = client.post(
        "/feedback",
        data={
            "about": f"service/{services[1][0]}",
            "message": "The lift is out of order.",
            "csrf_token": csrf_from(form.get_data(as_text=True)),
        },
    )
    assert response.status_code == 303
    first = client.get("/feedback/sent").get_data(as_text=True)
    reference = REFERENCE.search(first)
    assert reference, first
    for _visit in range(2):
        again = client.get("/feedback/sent").get_data(as_text=True)
        assert not REFERENCE.search(again) and reference.group(0) not in again
    with client.session_transaction() as session:
        assert reference.group(0) not in str(dict(session))
