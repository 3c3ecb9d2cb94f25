"""Council-scoped admins and moderators (issue 18, governance): a Kent moderator or admin cannot list, read, act
on or guess the address of Surrey's feedback, comments or accounts (by GET or POST); regional staff (no
council) see every council's. Real app, real build, real private database."""

from __future__ import annotations

import secrets
from dataclasses import replace

import pytest
from live_helpers import LO, current_store
from postgres_server import SQLITE_ONLY
from staff_helpers import csrf_from, login

from graph_app.private import accounts, open_private_db
from graph_app.private.comments import add_comment
from graph_app.private.feedback import add_feedback

ID = "https://w3id.org/se7-local-offer/id/"
KENT, SURREY = ID + "area/kent", ID + "area/surrey"


@pytest.fixture(scope="module")
def scoped_settings(built, tmp_path_factory):
    return replace(built, private_db_path=tmp_path_factory.mktemp("scoped") / "private.sqlite")


@pytest.fixture(scope="module")
def scoped_app(scoped_settings, make_module_app):
    return make_module_app(scoped_settings)


def _service_in(settings, council: str) -> tuple[str, str]:
    """(service, provider) located in this council (in it or in one of its districts)."""
    store = current_store(settings)
    rows = store.select(
        f"SELECT ?s ?p WHERE {{ ?s a <{LO}Service> ; <{LO}providedBy> ?p ; <{LO}locatedIn> ?a . "
        f"{{ FILTER(?a = <{council}>) }} UNION {{ ?a <{LO}partOfArea> <{council}> }} "
        f"?p <{LO}locatedIn> ?pa . {{ FILTER(?pa = <{council}>) }} UNION {{ ?pa <{LO}partOfArea> <{council}> }} }} "
        "ORDER BY ?s LIMIT 1"
    )
    assert rows, f"the sample has no service located in {council}"
    return rows[0]["s"].value, rows[0]["p"].value


def _account(settings, role: str, provider: str | None = None, councils: tuple[str, ...] = ()):
    password = "correct horse " + secrets.token_hex(8)
    email = f"{role}-{secrets.token_hex(4)}@scoped.example.org"
    user = accounts.create_user(
        open_private_db(settings), email, f"{role} {email[:12]}", role, provider, password, councils=councils
    )
    return user, password


def _client(app, settings, role, provider=None, councils=()):
    client = app.test_client()
    user, password = _account(settings, role, provider, councils)
    assert login(client, user.email, password).status_code == 303
    return client, user


@pytest.fixture(scope="module")
def world(scoped_app, scoped_settings):
    """Feedback and a comment about a Kent service and about a Surrey service, and an editor of each."""
    db = open_private_db(scoped_settings)
    made = {}
    for name, council in (("kent", KENT), ("surrey", SURREY)):
        service, provider = _service_in(scoped_settings, council)
        reference = add_feedback(db, service, f"{name} service", provider, f"{name} feedback body", None, None)
        path = "/id/" + service.removeprefix(ID)
        comment = add_comment(db, path, service, f"{name} comment body", None, None)
        editor, _ = _account(scoped_settings, "editor", provider)
        made[name] = {"service": service, "provider": provider, "ref": reference, "comment": comment, "editor": editor}
    return made


def test_a_kent_moderator_reads_kent_feedback_only(scoped_app, scoped_settings, world):
    kent, _ = _client(scoped_app, scoped_settings, "moderator", councils=(KENT,))
    page = kent.get("/staff/feedback").get_data(as_text=True)
    assert world["kent"]["ref"] in page and "kent feedback body" in page
    assert world["surrey"]["ref"] not in page and "surrey feedback body" not in page
    regional, _ = _client(scoped_app, scoped_settings, "moderator")
    page = regional.get("/staff/feedback").get_data(as_text=True)
    assert world["kent"]["ref"] in page and world["surrey"]["ref"] in page


def test_a_moderator_of_two_councils_reads_both(scoped_app, scoped_settings, world):
    both, user = _client(scoped_app, scoped_settings, "moderator", councils=(KENT, SURREY))
    assert set(user.councils) == {KENT, SURREY}
    page = both.get("/staff/feedback").get_data(as_text=True)
    assert world["kent"]["ref"] in page and world["surrey"]["ref"] in page


def test_a_kent_moderator_cannot_see_or_act_on_surrey_comments(scoped_app, scoped_settings, world):
    kent, _ = _client(scoped_app, scoped_settings, "moderator", councils=(KENT,))
    queue = kent.get("/staff/comments/")
    page = queue.get_data(as_text=True)
    assert queue.status_code == 200 and "kent comment body" in page and "surrey comment body" not in page
    csrf = csrf_from(page)
    surrey_id = world["surrey"]["comment"]
    # guessing the address: a POST to publish or reject Surrey's comment is a 404, and it stays pending
    answer = {"csrf_token": csrf, "response": "Thanks", "action": "", "council": "surrey"}
    assert kent.post(f"/staff/comments/{surrey_id}/publish", data=answer).status_code == 404
    assert kent.post(f"/staff/comments/{surrey_id}/reject", data={"csrf_token": csrf}).status_code == 404
    from graph_app.private.comments import get_comment

    assert get_comment(open_private_db(scoped_settings), surrey_id).status == "pending"
    # nor may they answer their own council's comment in Surrey's name
    kent_id = world["kent"]["comment"]
    response = kent.post(f"/staff/comments/{kent_id}/publish", data=answer)
    assert response.status_code == 400
    assert get_comment(open_private_db(scoped_settings), kent_id).status == "pending"
    # a regional moderator sees both
    regional, _ = _client(scoped_app, scoped_settings, "moderator")
    page = regional.get("/staff/comments/").get_data(as_text=True)
    assert "kent comment body" in page and "surrey comment body" in page


def test_a_kent_admin_cannot_list_change_or_disable_surrey_accounts(scoped_app, scoped_settings, world):
    kent, me = _client(scoped_app, scoped_settings, "admin", councils=(KENT,))
    surrey_mod, _ = _account(scoped_settings, "moderator", councils=(SURREY,))
    page = kent.get("/staff/admin/users").get_data(as_text=True)
    assert world["kent"]["editor"].email in page
    assert world["surrey"]["editor"].email not in page and surrey_mod.email not in page
    csrf = csrf_from(page)
    for target in (world["surrey"]["editor"], surrey_mod):
        changed = kent.post(f"/staff/admin/users/{target.id}/role", data={"csrf_token": csrf, "role": "moderator"})
        assert changed.status_code == 404
        disabled = kent.post(f"/staff/admin/users/{target.id}/disabled", data={"csrf_token": csrf, "disabled": "yes"})
        assert disabled.status_code == 404
    db = open_private_db(scoped_settings)
    after = {a.id: a for a in accounts.list_accounts(db)}
    assert after[surrey_mod.id].role == "moderator" and not after[surrey_mod.id].disabled
    assert after[world["surrey"]["editor"].id].role == "editor"
    # an editor for a Surrey provider, or a Surrey moderator, cannot be invited by Kent's admin
    surrey_slug = world["surrey"]["provider"].rsplit("/", 1)[-1]
    editor = {"csrf_token": csrf, "name": "X", "email": "x-surrey@scoped.example.org", "role": "editor"}
    response = kent.post("/staff/admin/users", data={**editor, "provider": surrey_slug, "council": ""})
    assert response.status_code == 400 and "in the councils you look after" in response.get_data(as_text=True)
    moderator = {**editor, "role": "moderator", "provider": "", "council": "surrey"}
    response = kent.post("/staff/admin/users", data=moderator)
    assert response.status_code == 400 and "councils you look after yourself" in response.get_data(as_text=True)
    # a moderator they invite with no council is a Kent moderator, never a regional one
    response = kent.post("/staff/admin/users", data={**moderator, "email": "m-kent@scoped.example.org", "council": ""})
    assert response.status_code == 200
    invited = accounts.user_by_email(db, "m-kent@scoped.example.org")
    assert invited.councils == (KENT,)


def test_a_regional_admin_sees_every_account_and_gives_several_councils(scoped_app, scoped_settings, world):
    regional, _ = _client(scoped_app, scoped_settings, "admin")
    page = regional.get("/staff/admin/users").get_data(as_text=True)
    assert world["kent"]["editor"].email in page and world["surrey"]["editor"].email in page
    data = {
        "csrf_token": csrf_from(page),
        "name": "Two councils",
        "email": "two@scoped.example.org",
        "role": "moderator",
        "provider": "",
        "council": "kent, surrey",
    }
    assert regional.post("/staff/admin/users", data=data).status_code == 200
    made = accounts.user_by_email(open_private_db(scoped_settings), "two@scoped.example.org")
    assert set(made.councils) == {KENT, SURREY}
    bad = regional.post(
        "/staff/admin/users", data={**data, "email": "bad@scoped.example.org", "council": "kent, nowhere"}
    )
    assert bad.status_code == 400 and "short name" in bad.get_data(as_text=True)


@pytest.mark.skipif(SQLITE_ONLY, reason="an older SQLite file migrated: PostgreSQL databases start at this schema")
def test_existing_council_admins_are_carried_over(tmp_path):
    """Migration 026: an admin given a council before it (users.council_iri only) is scoped to that council."""
    import sqlite3

    from graph_app.private.db import MIGRATIONS, PrivateDB, _statements

    path = tmp_path / "old.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
        for script in sorted(MIGRATIONS.glob("0[01]*.sql")) + sorted(MIGRATIONS.glob("02[0-5]*.sql")):
            for statement in _statements(script.read_text(encoding="utf-8")):
                conn.execute(statement)
            conn.execute("INSERT INTO schema_migrations VALUES (?, 'then')", (script.name,))
        conn.execute(
            "INSERT INTO users (email, name, role, created_at, council_iri) "
            "VALUES ('k@x.org', 'K', 'admin', 'then', ?)",
            (KENT,),
        )
    user = accounts.user_by_email(PrivateDB(path), "k@x.org")
    assert user.councils == (KENT,) and user.scoped and not user.sees_council(SURREY)


def test_a_kent_admin_edits_and_lists_kent_providers_records_only(scoped_app, scoped_settings, world):
    kent, _ = _client(scoped_app, scoped_settings, "admin", councils=(KENT,))
    page = kent.get("/staff/records/").get_data(as_text=True)
    assert world["kent"]["provider"] in page and world["surrey"]["provider"] not in page
    surrey_slug = world["surrey"]["service"].rsplit("/", 1)[-1]
    kent_slug = world["kent"]["service"].rsplit("/", 1)[-1]
    assert kent.get(f"/staff/records/service/{surrey_slug}/edit").status_code == 403
    assert kent.get(f"/staff/records/service/{surrey_slug}/versions").status_code == 403
    assert kent.get(f"/staff/records/service/{kent_slug}/edit").status_code == 200
    regional, _ = _client(scoped_app, scoped_settings, "admin")
    assert regional.get(f"/staff/records/service/{surrey_slug}/edit").status_code == 200


def test_a_kent_moderator_cannot_act_on_surrey_feedback_by_its_address(scoped_app, scoped_settings, world):
    with open_private_db(scoped_settings).connect() as conn:
        surrey_id = conn.execute("SELECT id FROM feedback WHERE reference = ?", (world["surrey"]["ref"],)).fetchone()[0]
    kent, _ = _client(scoped_app, scoped_settings, "moderator", councils=(KENT,))
    csrf = csrf_from(kent.get("/staff/").get_data(as_text=True))
    moved = kent.post(f"/staff/feedback/{surrey_id}/status", data={"csrf_token": csrf, "status": "acknowledged"})
    assert moved.status_code == 404
    assert kent.get(f"/staff/feedback/{surrey_id}/reply").status_code == 404
    with open_private_db(scoped_settings).connect() as conn:
        assert conn.execute("SELECT status FROM feedback WHERE id = ?", (surrey_id,)).fetchone()[0] == "new"


def test_the_command_line_gives_councils(scoped_settings, monkeypatch, capsys):
    from graph_app import cli

    monkeypatch.setenv("GRAPH_APP_DATA_DIR", str(scoped_settings.data_dir))
    monkeypatch.setenv("GRAPH_APP_PRIVATE_DB", str(scoped_settings.private_db))
    monkeypatch.delenv("GRAPH_APP_SMTP_HOST", raising=False)
    email = "cli-two@scoped.example.org"
    args = [
        "staff",
        "invite",
        email,
        "--role",
        "moderator",
        "--name",
        "Cli",
        "--council",
        "kent",
        "--council",
        "surrey",
    ]
    assert cli.main(args) == 0
    assert set(accounts.user_by_email(open_private_db(scoped_settings), email).councils) == {KENT, SURREY}
    assert cli.main(["staff", "list"]) == 0
    assert KENT in capsys.readouterr().out
    refused = ["staff", "invite", "cli-ed@scoped.example.org", "--role", "editor", "--name", "Ed", "--council", "kent"]
    assert cli.main(refused) == 2
