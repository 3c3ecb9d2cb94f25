"""Whatever the private database holds, every staff page renders it: hostile values (quotes, markup, braces,
pipes, carets, control characters, 10 KB strings, unicode, IRIs with spaces, `</script>`) are written
straight into every text column of comments, feedback and accounts, then every staff page is requested as
an admin and as a moderator: each answers 200 with nothing of the hostile markup unescaped. Publishing such
a stored comment either succeeds (its values escaped on the public pages) or is refused with a 400 naming
the field, never a 500."""

from __future__ import annotations

import re

import pytest
from live_helpers import copy_build
from staff_helpers import csrf_from, login, make_staff

from graph_app.private import open_private_db

ID = "https://w3id.org/se7-local-offer/id/"
# each markup value carries "hx-" so its unescaped form cannot be mistaken for the page's own markup
HOSTILE = [
    "<script>hx-1()</script>",
    '"><img src=x onerror=hx-2()>',
    "</script><b>hx-3</b><script>",
    "'><svg/onload=hx-4()>",
    '/gaps/a"b',
    "/gaps/a b",
    "/gaps/a<b",
    "/gaps/{a}|b^c",
    "{{ 7*7 }}{% raw %}",
    "javascript:hx-5()",
    "\x00\x01\x1b[31m\x7f\u2028\u2029",
    "\u202egnp.exe \U0001f600 \u0645\u0631\u062d\u0628\u0627 \u4f60\u597d",
    ID + "service/a b<hx-6>",
    "<b>hx-7</b>" + "x" * 10_000,
    "",
]
UNESCAPED = re.compile(r"<script>hx-|<img src=x onerror=hx-|<b>hx-|<svg/onload=hx-|<hx-6>")
COMMENT_COLUMNS = (
    "page_path",
    "subject_iri",
    "body",
    "display_name",
    "email",
    "created_at",
    "response",
    "action_taken",
    "council_iri",
    "moderated_at",
)
FEEDBACK_COLUMNS = (
    "reference",
    "about_iri",
    "about_label",
    "provider_iri",
    "body",
    "sender_name",
    "sender_email",
    "created_at",
)
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site(built, tmp_path_factory, make_module_app):
    settings = copy_build(built, tmp_path_factory.mktemp("hostile-stored") / "data")
    app = make_module_app(settings)
    clients = {}
    for role in ("admin", "moderator"):
        user, password = make_staff(settings, role)
        clients[role] = app.test_client()
        assert login(clients[role], user.email, password).status_code == 303
    return app, settings, clients


def _insert(settings, value: str, round_number: int) -> list[int]:
    """Rows with `value` in one text column each (the others ordinary); the pending comments' ids."""
    db = open_private_db(settings)
    if db.url and "\x00" in value:
        pytest.skip("PostgreSQL cannot store a NUL character in text, so no stored value holds one")
    service = ID + "service/x"
    pending = []
    with db.connect(immediate=True) as conn:
        moderator = conn.execute(
            "INSERT INTO users (email, name, role, provider_iri, created_at) VALUES (?, ?, 'editor', ?, ?)",
            (f"hx{round_number}@x.example {value}", value or "-", value, value),
        ).lastrowid
        conn.execute(
            "INSERT INTO users (email, name, role, created_at) VALUES (?, ?, 'moderator', ?)",
            (f"{value}hy{round_number}", value, "2024-01-01T00:00:00+00:00"),
        )
        for column in COMMENT_COLUMNS:
            row = {
                "page_path": "/glossary",
                "subject_iri": "https://w3id.org/se7-local-offer/glossary",
                "body": "ordinary",
                "display_name": "Pat",
                "email": "pat@example.org",
                "created_at": "2024-01-01T00:00:00+00:00",
                "response": None,
                "action_taken": None,
                "council_iri": None,
                "moderated_at": None,
                column: value,
            }
            for status in ("pending", "rejected", "published"):
                names = ", ".join(row) + ", status, moderated_by"
                cursor = conn.execute(
                    f"INSERT INTO comments ({names}) VALUES ({', '.join('?' * (len(row) + 2))})",
                    (*row.values(), status, moderator if status != "pending" else None),
                )
                if status == "pending":
                    pending.append(cursor.lastrowid)
        for number, column in enumerate(FEEDBACK_COLUMNS):
            row = {
                "reference": f"FB-{round_number:04d}-{number:04d}",
                "about_iri": service,
                "about_label": "A",
                "provider_iri": None,
                "body": "ordinary",
                "sender_name": None,
                "sender_email": None,
                "created_at": "2024-01-01T00:00:00+00:00",
                column: value,
            }
            if column == "reference":
                row["reference"] = f"{value}{round_number}"
            conn.execute(
                f"INSERT INTO feedback ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", tuple(row.values())
            )
    return pending


def _pages(client, role: str) -> list[str]:
    first = client.get("/staff/comments/").get_data(as_text=True)
    pages = int(re.search(r"Page \d+ of (\d+)", first).group(1)) if "Page 1 of" in first else 1
    paths = [f"/staff/comments/?order={order}&page={n}" for order in ("oldest", "newest") for n in range(1, pages + 1)]
    paths += ["/staff/", "/staff/feedback", "/staff/records/", "/staff/records/?provider=" + ID + "provider/x"]
    if role == "admin":
        paths.append("/staff/admin/users")
    return paths


@pytest.mark.parametrize("number", range(len(HOSTILE)))
def test_every_staff_page_renders_hostile_stored_values(site, number):
    app, settings, clients = site
    value = HOSTILE[number]
    _insert(settings, value, number)
    for role, client in clients.items():
        for path in _pages(client, role):
            response = client.get(path)
            html = response.get_data(as_text=True)
            assert response.status_code == 200, (role, path, repr(value)[:80], html[:2000])
            assert not UNESCAPED.search(html), (role, path, UNESCAPED.search(html).group(0))
            assert 'href="javascript:' not in html, (role, path)


def test_publishing_hostile_stored_comments_succeeds_escaped_or_names_the_field(site):
    app, settings, clients = site
    client = clients["moderator"]
    outcomes = {}
    for number, value in enumerate(HOSTILE):
        if open_private_db(settings).url and "\x00" in value:
            continue  # PostgreSQL: no stored text can hold a NUL character
        for comment_id in _insert(settings, value, 100 + number):
            queue = client.get("/staff/comments/?order=newest").get_data(as_text=True)
            response = client.post(
                f"/staff/comments/{comment_id}/publish",
                data={
                    "csrf_token": csrf_from(queue),
                    "response": "We hear you " + value[:200],
                    "action": value[:300],
                    "council": "kent",
                },
            )
            html = response.get_data(as_text=True)
            assert response.status_code in (303, 400), (comment_id, repr(value)[:80], html[:2000])
            if response.status_code == 400:
                named = re.findall(rf'href="#([a-z_]+)-{comment_id}"', html)
                assert named and set(named) <= {"page", "created_at"}, (repr(value)[:80], named)
            assert not UNESCAPED.search(html)
            outcomes[response.status_code] = outcomes.get(response.status_code, 0) + 1
    assert outcomes.get(303) and outcomes.get(400)  # both kinds happened: the test can tell them apart
    public = app.test_client()
    for path in ("/you-said-we-did", "/glossary"):
        page = public.get(path)
        assert page.status_code == 200
        assert not UNESCAPED.search(page.get_data(as_text=True))
