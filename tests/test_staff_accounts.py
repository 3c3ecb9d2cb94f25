"""Staff accounts, sign-in, sessions, roles, CSRF and the sign-in rate limit, on the real app with its own
private database (the public store is the session's build, only read here)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from postgres_server import database_env
from staff_helpers import csrf_from, login, make_staff, token

from graph_app.private import accounts, open_private_db
from graph_app.private.accounts import AccountError
from graph_app.private.login_throttle import Policy

PROVIDER_SLUGS = re.compile(r'href="/id/provider/([a-z0-9-]+)"')


@pytest.fixture(scope="module")
def staff_settings(built, tmp_path_factory):
    return replace(built, private_db_path=tmp_path_factory.mktemp("private") / "private.sqlite")


@pytest.fixture(scope="module")
def staff_app(staff_settings, make_module_app):
    throttle = Policy(free=3, base=30.0, cap=60.0, window=60.0, account_ceiling=6)
    return make_module_app(staff_settings, LOGIN_THROTTLE=throttle)


@pytest.fixture
def web(staff_app):
    return staff_app.test_client()


@pytest.fixture(scope="module")
def providers(staff_app):
    html = staff_app.test_client().get("/kinds/provider").get_data(as_text=True)
    slugs = sorted(set(PROVIDER_SLUGS.findall(html)))
    assert len(slugs) >= 2
    return [f"https://w3id.org/se7-local-offer/id/provider/{slug}" for slug in slugs[:2]]


def session_cookie(response) -> str:
    return next(v for k, v in response.headers.items() if k == "Set-Cookie" and v.startswith("se7_session="))


def test_passwords_are_stored_hashed_with_scrypt(staff_settings):
    user, password = make_staff(staff_settings, "moderator")
    with open_private_db(staff_settings).connect(immediate=True) as conn:
        stored = conn.execute("SELECT password_hash FROM users WHERE id = ?", (user.id,)).fetchone()[0]
    assert stored.startswith("scrypt:")
    assert password not in stored
    db = open_private_db(staff_settings)
    assert accounts.authenticate(db, user.email, password) == user
    assert accounts.authenticate(db, user.email.upper(), password) == user  # emails are not case-sensitive
    assert accounts.authenticate(db, user.email, password + "x") is None
    assert accounts.authenticate(db, "nobody@example.org", password) is None


def test_bad_account_input_names_the_field(staff_settings):
    db = open_private_db(staff_settings)
    cases = [
        (("not-an-email", "A", "admin"), {}, "email"),
        (("a@example.org", "A", "boss"), {}, "role"),
        (("a@example.org", "A", "editor"), {}, "provider"),
        (("a@example.org", "A", "moderator"), {"provider_iri": "https://x.example/p"}, "provider"),
        (("a@example.org", "A", "admin"), {"password": "short"}, "password"),
        (("", "A", "admin"), {}, "email"),
    ]
    for args, options, field in cases:
        with pytest.raises(AccountError) as raised:
            accounts.create_user(db, *args, **options)
        assert raised.value.field == field, (args, options)
    user, _ = make_staff(staff_settings, "admin")
    with pytest.raises(AccountError, match="already an account"):
        accounts.create_user(db, user.email.upper(), "Again", "admin")


def test_roles_decide_what_a_user_may_edit():
    admin = accounts.User(1, "a@x.org", "A", "admin", None)
    moderator = accounts.User(2, "m@x.org", "M", "moderator", None)
    editor = accounts.User(3, "e@x.org", "E", "editor", "https://p/1")
    assert admin.can_edit("https://p/1") and admin.can_edit(None) and admin.can_moderate and admin.is_admin
    assert not moderator.can_edit("https://p/1") and moderator.can_moderate and not moderator.is_admin
    assert editor.can_edit("https://p/1") and not editor.can_edit("https://p/2") and not editor.can_edit(None)
    assert not editor.can_moderate


def test_sign_in_sets_a_safe_cookie_and_a_new_session(web, staff_settings):
    user, password = make_staff(staff_settings, "moderator")
    first = web.get("/staff/login")
    before = session_cookie(first)
    token_before = csrf_from(first.get_data(as_text=True))
    response = web.post(
        "/staff/login",
        data={"email": user.email, "password": password, "csrf_token": token_before, "next": "/staff/comments/"},
    )
    assert response.status_code == 303 and response.headers["Location"] == "/staff/comments/"
    after = session_cookie(response)
    assert "HttpOnly" in after and "SameSite=Lax" in after
    assert "Secure" not in after  # plain HTTP to localhost in tests; see the next test
    assert after.split(";")[0] != before.split(";")[0]
    page = web.get("/staff/comments/")
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert csrf_from(page.get_data(as_text=True)) != token_before  # the token changed at sign-in
    # the token from before sign-in is refused now
    assert web.post("/staff/logout", data={"csrf_token": token_before}).status_code == 400


def test_the_session_cookie_is_secure_off_loopback(staff_app, monkeypatch):
    def first_cookie(base_url: str) -> str:
        return session_cookie(staff_app.test_client().get("/staff/login", base_url=base_url))

    assert "Secure" in first_cookie("https://localhost")
    assert "Secure" in first_cookie("http://explorer.example.org")
    assert "Secure" not in first_cookie("http://127.0.0.1:5000")
    monkeypatch.setitem(staff_app.config, "COOKIE_SECURE", False)  # GRAPH_APP_COOKIE_SECURE=0
    assert "Secure" not in first_cookie("http://explorer.example.org")
    monkeypatch.setitem(staff_app.config, "COOKIE_SECURE", True)  # GRAPH_APP_COOKIE_SECURE=1
    assert "Secure" in first_cookie("http://127.0.0.1:5000")


def test_a_session_id_from_before_sign_in_is_not_kept(web, staff_settings):
    """Session fixation: whatever the cookie held before, sign-in replaces it."""
    user, password = make_staff(staff_settings, "admin")
    with web.session_transaction() as session:
        session["sid"] = "planted-by-an-attacker"
    assert login(web, user.email, password).status_code == 303
    with web.session_transaction() as session:
        assert session["sid"] != "planted-by-an-attacker"


def test_signing_out_ends_the_session_on_the_server(web, staff_settings):
    user, password = make_staff(staff_settings, "admin")
    login(web, user.email, password)
    with web.session_transaction() as session:
        stolen = dict(session)
    response = web.post("/staff/logout", data={"csrf_token": token(web, "/staff/")})
    assert response.status_code == 303
    assert web.get("/staff/").status_code == 302
    other = web.application.test_client()  # a copy of the old cookie is worthless too
    with other.session_transaction() as session:
        session.update(stolen)
    assert other.get("/staff/").status_code == 302


def test_idle_sessions_end(web, staff_settings, staff_app, monkeypatch):
    user, password = make_staff(staff_settings, "admin")
    login(web, user.email, password)
    assert web.get("/staff/").status_code == 200
    with open_private_db(staff_settings).connect(immediate=True) as conn:
        conn.execute("UPDATE staff_sessions SET last_seen_at = ? WHERE user_id = ?", (time.time() - 31 * 60, user.id))
    response = web.get("/staff/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/staff/login?next=")


def test_sessions_end_after_twelve_hours_and_when_the_password_changes(web, staff_settings):
    user, password = make_staff(staff_settings, "admin")
    login(web, user.email, password)
    with open_private_db(staff_settings).connect(immediate=True) as conn:
        conn.execute("UPDATE staff_sessions SET created_at = ? WHERE user_id = ?", (time.time() - 13 * 3600, user.id))
    assert web.get("/staff/").status_code == 302
    login(web, user.email, password)
    assert web.get("/staff/").status_code == 200
    accounts.set_password(open_private_db(staff_settings), user.id, "a brand new password")
    assert web.get("/staff/").status_code == 302
    assert login(web, user.email, "a brand new password").status_code == 303


@pytest.mark.parametrize("path", ["/staff/", "/staff/comments/", "/staff/feedback", "/staff/admin/users"])
def test_anonymous_visitors_are_sent_to_sign_in(web, path):
    response = web.get(path)
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.path == "/staff/login" and parse_qs(location.query)["next"] == [path]


def test_wrong_roles_get_403(web, staff_settings, providers):
    editor, password = make_staff(staff_settings, "editor", providers[0])
    login(web, editor.email, password)
    assert web.get("/staff/comments/").status_code == 403
    assert web.get("/staff/admin/users").status_code == 403
    assert web.get("/staff/feedback").status_code == 200
    csrf = token(web, "/staff/")
    assert web.post("/staff/comments/1/reject", data={"csrf_token": csrf}).status_code == 403
    moderator, password = make_staff(staff_settings, "moderator")
    other = web.application.test_client()
    login(other, moderator.email, password)
    assert other.get("/staff/comments/").status_code == 200
    page = other.get("/staff/admin/users")
    assert page.status_code == 403 and "You cannot see this page" in page.get_data(as_text=True)


def test_posts_without_a_csrf_token_are_refused(web, staff_settings):
    user, password = make_staff(staff_settings, "admin")
    for path, data in [
        ("/staff/login", {"email": user.email, "password": password}),
        ("/comments", {"page": "/glossary", "comment": "A comment"}),
        ("/area", {"area": "kent", "next": "/"}),
    ]:
        response = web.post(path, data=data)
        assert response.status_code == 400, path
        assert "did not come from this website" in response.get_data(as_text=True)
        response = web.post(path, data={**data, "csrf_token": "forged"})
        assert response.status_code == 400, path
    assert (
        web.post("/staff/login", data={"email": user.email, "password": password, "csrf_token": token(web)}).status_code
        == 303
    )
    assert web.post("/staff/logout").status_code == 400  # signed in: still refused without the token
    assert web.get("/staff/").status_code == 200  # and still signed in


def test_the_sparql_endpoint_needs_no_token(web):
    response = web.post("/sparql", data={"query": "ASK {}"}, headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200


def test_sign_in_errors_are_shown_in_an_error_summary(web):
    response = web.post("/staff/login", data={"email": "", "password": "", "csrf_token": token(web)})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "govuk-error-summary" in html and 'href="#email"' in html and 'href="#password"' in html


def test_wrong_passwords_slow_the_address_not_the_owner(web, staff_settings):
    user, password = make_staff(staff_settings, "admin")
    attacker = {"REMOTE_ADDR": "198.51.100.40"}
    for _ in range(3):  # the free attempts of the test policy
        wrong = web.post(
            "/staff/login",
            data={"email": user.email, "password": "wrong password!!", "csrf_token": token(web)},
            environ_base=attacker,
        )
        assert wrong.status_code == 400
    limited = web.post(
        "/staff/login",
        data={"email": user.email, "password": password, "csrf_token": token(web)},
        environ_base=attacker,
    )
    assert limited.status_code == 429
    assert 1 <= int(limited.headers["Retry-After"]) <= 30  # base * 2**0 after the last failure
    assert "Too many failed attempts" in limited.get_data(as_text=True)
    # the owner, from their own address, signs in at once: the attacker's guesses do not lock them out
    owner = web.application.test_client()
    response = owner.post(
        "/staff/login",
        data={"email": user.email, "password": password, "csrf_token": token(owner)},
        environ_base={"REMOTE_ADDR": "192.0.2.7"},
    )
    assert response.status_code == 303


def test_the_per_account_ceiling_holds_across_addresses(staff_app, staff_settings):
    user, password = make_staff(staff_settings, "moderator")
    client = staff_app.test_client()
    for number in range(6):  # a botnet: a new address for each guess, under the per-address back-off
        response = client.post(
            "/staff/login",
            data={"email": user.email, "password": f"guess number {number}", "csrf_token": token(client)},
            environ_base={"REMOTE_ADDR": f"203.0.113.{number + 1}"},
        )
        assert response.status_code == 400
    response = client.post(
        "/staff/login",
        data={"email": user.email, "password": password, "csrf_token": token(client)},
        environ_base={"REMOTE_ADDR": "203.0.113.99"},
    )
    assert response.status_code == 429 and 1 <= int(response.headers["Retry-After"]) <= 60
    with open_private_db(staff_settings).connect(immediate=True) as conn:
        subjects = [row[0] for row in conn.execute("SELECT subject FROM rate_events")]
    assert subjects and not any("203.0.113" in s or "@" in s for s in subjects)  # keyed hashes only


def test_invitations_are_hashed_expire_and_work_once(web, staff_settings):
    db = open_private_db(staff_settings)
    secret = accounts.invite(db, "invited@example.org", "Ivy Invited", "moderator")
    with open_private_db(staff_settings).connect(immediate=True) as conn:
        stored = [row[0] for row in conn.execute("SELECT token_hash FROM invitations")]
    assert secret not in stored
    page = web.get(f"/staff/invitation/{secret}")
    assert page.status_code == 200 and page.headers["Referrer-Policy"] == "same-origin"
    csrf = csrf_from(page.get_data(as_text=True))
    mismatch = web.post(
        f"/staff/invitation/{secret}", data={"password": "a long enough one", "confirm": "other", "csrf_token": csrf}
    )
    assert mismatch.status_code == 400 and "not the same" in mismatch.get_data(as_text=True)
    done = web.post(
        f"/staff/invitation/{secret}",
        data={"password": "a long enough one", "confirm": "a long enough one", "csrf_token": csrf},
    )
    assert done.status_code == 303
    assert web.get(f"/staff/invitation/{secret}").status_code == 404  # used once
    assert login(web, "invited@example.org", "a long enough one").status_code == 303
    late = accounts.invite(db, "late@example.org", "Late", "admin")
    with open_private_db(staff_settings).connect(immediate=True) as conn:
        past = (datetime.now(UTC) - timedelta(minutes=1)).isoformat()
        conn.execute("UPDATE invitations SET expires_at = ? WHERE token_hash = ?", (past, accounts.token_hash(late)))
    assert web.get(f"/staff/invitation/{late}").status_code == 404


def test_the_admin_page_invites_changes_roles_and_disables(web, staff_settings, providers):
    admin, password = make_staff(staff_settings, "admin")
    login(web, admin.email, password)
    page = web.get("/staff/admin/users")
    assert page.status_code == 200
    csrf = csrf_from(page.get_data(as_text=True))
    slug = providers[0].rsplit("/", 1)[1]
    invited = web.post(
        "/staff/admin/users",
        data={
            "name": "Ed Editor",
            "email": "ed@provider.example.org",
            "role": "editor",
            "provider": slug,
            "csrf_token": csrf,
        },
    )
    html = invited.get_data(as_text=True)
    assert invited.status_code == 200
    link = re.search(r"http://localhost/staff/invitation/([A-Za-z0-9_-]+)", html)
    assert link, html[:2000]
    bad = web.post(
        "/staff/admin/users",
        data={
            "name": "Nobody",
            "email": "n@example.org",
            "role": "editor",
            "provider": "no-such-provider",
            "csrf_token": csrf,
        },
    )
    assert bad.status_code == 400 and "There is no provider" in bad.get_data(as_text=True)
    editor = accounts.user_by_email(open_private_db(staff_settings), "ed@provider.example.org")
    assert editor.provider_iri == providers[0]
    changed = web.post(
        f"/staff/admin/users/{editor.id}/role", data={"role": "moderator", "provider": "", "csrf_token": csrf}
    )
    assert changed.status_code == 303
    assert accounts.user_by_email(open_private_db(staff_settings), editor.email).role == "moderator"
    # disabling ends the person's sessions at once
    victim, victim_password = make_staff(staff_settings, "moderator")
    theirs = web.application.test_client()
    login(theirs, victim.email, victim_password)
    assert theirs.get("/staff/").status_code == 200
    assert (
        web.post(f"/staff/admin/users/{victim.id}/disabled", data={"disabled": "yes", "csrf_token": csrf}).status_code
        == 303
    )
    assert theirs.get("/staff/").status_code == 302
    assert login(theirs, victim.email, victim_password).status_code == 400
    assert (
        web.post(f"/staff/admin/users/{admin.id}/disabled", data={"disabled": "yes", "csrf_token": csrf}).status_code
        == 400
    )


def test_the_footer_links_to_staff_sign_in(web):
    html = web.get("/glossary").get_data(as_text=True)
    assert 'href="/staff/login"' in html and "Staff sign in" in html


def test_the_secret_key_is_made_once_and_private(tmp_path, built):
    settings = replace(built, data_dir=tmp_path)
    environ = {k: v for k, v in os.environ.items() if k != "GRAPH_APP_SECRET_KEY"}
    code = (
        "from graph_app.web.core.cookie_session import load_secret_key; import sys; print(load_secret_key(sys.argv[1]))"
    )
    keys = {
        subprocess.run(
            [sys.executable, "-c", code, str(settings.data_dir)],
            capture_output=True,
            text=True,
            env=environ,
            check=True,
        ).stdout.strip()
        for _ in range(2)
    }
    assert len(keys) == 1 and len(keys.pop()) >= 40
    assert (tmp_path / "private" / "secret_key").stat().st_mode & 0o777 == 0o600


def run_cli(settings, *args, stdin=None):
    env = {**os.environ, "GRAPH_APP_DATA_DIR": str(settings.data_dir), "GRAPH_APP_PRIVATE_DB": str(settings.private_db)}
    env.update(database_env(settings))  # make test-postgres: the command line uses this path's database too
    return subprocess.run(
        [sys.executable, "-m", "graph_app.cli", "staff", *args],
        capture_output=True,
        text=True,
        env=env,
        input=stdin,
        timeout=120,
    )


def test_the_staff_command_invites_sets_passwords_and_lists(staff_settings, providers):
    slug = providers[1].rsplit("/", 1)[1]
    invited = run_cli(
        staff_settings,
        "invite",
        "cli@provider.example.org",
        "--role",
        "editor",
        "--provider",
        slug,
        "--name",
        "Cli Editor",
    )
    assert invited.returncode == 0, invited.stderr
    assert re.search(r"http://127\.0\.0\.1:5000/staff/invitation/[A-Za-z0-9_-]{30,}", invited.stdout)
    wrong = run_cli(staff_settings, "invite", "x@example.org", "--role", "editor", "--provider", "nope", "--name", "X")
    assert wrong.returncode == 2 and "provider" in wrong.stderr
    assert run_cli(staff_settings, "set-password", "cli@provider.example.org", stdin="short\n").returncode == 2
    done = run_cli(staff_settings, "set-password", "cli@provider.example.org", stdin="a fine long password\n")
    assert done.returncode == 0, done.stderr
    user = accounts.authenticate(open_private_db(staff_settings), "cli@provider.example.org", "a fine long password")
    assert user is not None and user.role == "editor" and user.provider_iri == providers[1]
    listed = run_cli(staff_settings, "list")
    assert "cli@provider.example.org\teditor\tactive\tCli Editor" in listed.stdout
    assert run_cli(staff_settings, "disable", "cli@provider.example.org").returncode == 0
    assert "cli@provider.example.org\teditor\tdisabled" in run_cli(staff_settings, "list").stdout


def test_reading_public_pages_sets_no_cookie_and_public_forms_still_work(staff_app, monkeypatch):
    from graph_app.web.core import csrf

    client = staff_app.test_client()
    for path in ("/glossary", "/my-child", "/comments/new?page=/glossary", "/you-said-we-did"):
        response = client.get(path)
        assert response.status_code == 200 and "Set-Cookie" not in response.headers, path
    signed = csrf_from(client.get("/area").get_data(as_text=True))
    assert client.post("/area", data={"area": "kent", "next": "/", "csrf_token": signed}).status_code == 303
    # the signed form token is never enough for staff forms or a signed-in session
    assert (
        client.post("/staff/login", data={"email": "a@b.org", "password": "x" * 12, "csrf_token": signed}).status_code
        == 400
    )
    monkeypatch.setattr(csrf, "ANONYMOUS_MAX_AGE", -1)  # a day old
    assert client.post("/area", data={"area": "kent", "next": "/", "csrf_token": signed}).status_code == 400


def test_a_signed_in_user_needs_the_session_token(web, staff_settings):
    user, password = make_staff(staff_settings, "admin")
    anonymous_token = csrf_from(web.get("/area").get_data(as_text=True))
    login(web, user.email, password)
    assert web.post("/area", data={"area": "kent", "next": "/", "csrf_token": anonymous_token}).status_code == 400
    session_token = csrf_from(web.get("/area").get_data(as_text=True))
    assert session_token != anonymous_token
    assert web.post("/area", data={"area": "kent", "next": "/", "csrf_token": session_token}).status_code == 303


def test_signing_in_over_plain_http_off_loopback_says_https_is_needed(staff_app, staff_settings):
    user, password = make_staff(staff_settings, "admin")
    client = staff_app.test_client()
    base = "http://explorer.example.org"
    csrf = csrf_from(client.get("/staff/login", base_url=base).get_data(as_text=True))
    response = client.post(
        "/staff/login", data={"email": user.email, "password": password, "csrf_token": csrf}, base_url=base
    )
    assert response.status_code == 400 and "Signing in needs HTTPS" in response.get_data(as_text=True)
    # a browser drops the Secure cookie over plain HTTP, so the form's token is not matched: same message
    fresh = staff_app.test_client()
    refused = fresh.post(
        "/staff/login", data={"email": user.email, "password": password, "csrf_token": csrf}, base_url=base
    )
    assert refused.status_code == 400 and "Signing in needs HTTPS" in refused.get_data(as_text=True)
