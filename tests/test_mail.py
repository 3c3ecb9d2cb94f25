"""Email through a real SMTP server on loopback (issue 18): invitations with a working link, feedback received,
replies that never show the sender's address, review-due notices sent once, weekly digests, retries while the
server is down, and header injection refused. Every email is also on /staff/emails."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest
from smtp_server import SMTPServer, body_of
from staff_helpers import csrf_from, login, make_staff

from graph_app import cli
from graph_app.mail import outbox
from graph_app.mail.message import MailError, build
from graph_app.mail.sender import send_due
from graph_app.private import open_private_db

ID = "https://w3id.org/se7-local-offer/id/"
LINK = re.compile(r"http://localhost(/\S+)")


@pytest.fixture(scope="module")
def smtp():
    server = SMTPServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def settings(built, tmp_path_factory, smtp):
    private = tmp_path_factory.mktemp("mail-private") / "private.sqlite"
    return replace(built, private_db_path=private, smtp_host="127.0.0.1", smtp_port=smtp.port, smtp_starttls=False)


@pytest.fixture(scope="module")
def app(settings, make_module_app):
    return make_module_app(settings, FEEDBACK_LIMIT=(100, 600.0))


@pytest.fixture(scope="module")
def service(app):
    """A service with its provider: (slug, provider IRI)."""
    rows = (
        app.test_client()
        .post(
            "/sparql",
            data={
                "query": "PREFIX lo: <https://w3id.org/se7-local-offer/def#> SELECT ?s ?p WHERE { ?s a lo:Service ; "
                "lo:providedBy ?p } ORDER BY ?s LIMIT 1"
            },
            headers={"Accept": "application/sparql-results+json"},
        )
        .get_json()["results"]["bindings"]
    )
    return rows[0]["s"]["value"].removeprefix(ID + "service/"), rows[0]["p"]["value"]


def signed_in(app, settings, role, provider=None):
    user, password = make_staff(settings, role, provider)
    client = app.test_client()
    assert login(client, user.email, password).status_code == 303
    return user, client


def links(message) -> list[str]:
    return LINK.findall(body_of(message))


def send_feedback(app, slug: str, message: str, email: str = "", name: str = "Pat Sender") -> str:
    client = app.test_client()
    form = client.get(f"/feedback/new?about=service/{slug}").get_data(as_text=True)
    response = client.post(
        "/feedback",
        data={
            "about": f"service/{slug}",
            "message": message,
            "name": name,
            "email": email,
            "csrf_token": csrf_from(form),
        },
    )
    assert response.status_code == 303
    return re.search(r"FB-[2-9A-Z]{4}-[2-9A-Z]{4}", client.get("/feedback/sent").get_data(as_text=True)).group(0)


def test_an_invitation_is_emailed_with_a_link_that_works_once(app, settings, smtp):
    admin, client = signed_in(app, settings, "admin")
    page = client.get("/staff/admin/users").get_data(as_text=True)
    response = client.post(
        "/staff/admin/users",
        data={
            "email": "new.editor@staff.example.org",
            "name": "Nia Newcomer",
            "role": "moderator",
            "provider": "",
            "council": "",
            "csrf_token": csrf_from(page),
        },
    )
    said = response.get_data(as_text=True)
    assert response.status_code == 200 and "We have emailed them the invitation link" in said
    assert "/staff/invitation/" not in said  # emailed, not shown
    (message,) = smtp.inbox.wait_for("new.editor@staff.example.org")
    assert message["Subject"] == "You are invited to the Local Offer staff pages"
    assert message["To"].addresses[0].display_name == "Nia Newcomer"
    (path,) = [p for p in links(message) if p.startswith("/staff/invitation/")]
    visitor = app.test_client()
    form = visitor.get(path)
    assert form.status_code == 200 and "new.editor@staff.example.org" in form.get_data(as_text=True)
    password = "quiet harbour lantern meadow 42"
    done = visitor.post(
        path, data={"password": password, "confirm": password, "csrf_token": csrf_from(form.get_data(as_text=True))}
    )
    assert done.status_code == 303
    assert login(app.test_client(), "new.editor@staff.example.org", password).status_code == 303
    assert visitor.get(path).status_code == 404  # once only
    # on the admin's Emails sent page, marked sent, with the link no longer kept
    emails = client.get("/staff/emails/").get_data(as_text=True)
    assert "You are invited to the Local Offer staff pages" in emails and "new.editor@staff.example.org" in emails
    assert path not in emails and "(link removed once sent)" in emails


def test_feedback_tells_the_providers_editors_and_moderators_with_links(app, settings, smtp, service):
    slug, provider = service
    editor, editor_client = signed_in(app, settings, "editor", provider)
    moderator, _ = signed_in(app, settings, "moderator")
    stranger, _ = signed_in(app, settings, "editor", ID + "provider/not-this-one")
    reference = send_feedback(app, slug, "The Quollsecret lift is broken.")
    (to_editor,) = smtp.inbox.wait_for(editor.email)
    (to_moderator,) = smtp.inbox.wait_for(moderator.email)
    assert reference in to_editor["Subject"] and reference in to_moderator["Subject"]
    assert "Quollsecret" not in body_of(to_editor)  # confidential: not in email
    assert smtp.inbox.to(stranger.email) == []
    found = links(to_editor)
    edit = f"/staff/records/service/{slug}/edit"
    assert edit in found
    inbox_link = next(p for p in found if p.startswith("/staff/feedback#feedback-"))
    assert editor_client.get(edit).status_code == 200
    inbox = editor_client.get(inbox_link.split("#")[0]).get_data(as_text=True)
    assert f'id="{inbox_link.split("#")[1]}"' in inbox and "Quollsecret" in inbox
    assert f'href="{edit}"' in inbox  # "Edit this record" on the inbox too


def test_the_workflow_new_acknowledged_resolved_with_who_and_when(app, settings, service):
    slug, provider = service
    editor, client = signed_in(app, settings, "editor", provider)
    reference = send_feedback(app, slug, "Workflow test " + editor.email)
    db = open_private_db(settings)
    with db.connect() as conn:
        number = conn.execute("SELECT id FROM feedback WHERE reference = ?", (reference,)).fetchone()[0]
    home = client.get("/staff/").get_data(as_text=True)
    before = int(re.search(r"(\d+) new feedback", home).group(1))
    page = client.get("/staff/feedback").get_data(as_text=True)
    token = csrf_from(page)
    assert client.post(f"/staff/feedback/{number}/status", data={"status": "acknowledged"}).status_code == 400  # CSRF
    assert (
        client.post(f"/staff/feedback/{number}/status", data={"status": "gone", "csrf_token": token}).status_code == 400
    )
    done = client.post(f"/staff/feedback/{number}/status", data={"status": "acknowledged", "csrf_token": token})
    assert done.status_code == 303
    after = int(re.search(r"(\d+) new feedback", client.get("/staff/").get_data(as_text=True)).group(1))
    assert after == before - 1
    again = client.post(f"/staff/feedback/{number}/status", data={"status": "acknowledged", "csrf_token": token})
    assert again.status_code == 409
    assert (
        client.post(f"/staff/feedback/{number}/status", data={"status": "resolved", "csrf_token": token}).status_code
        == 303
    )
    with db.connect() as conn:
        row = conn.execute("SELECT * FROM feedback WHERE id = ?", (number,)).fetchone()
    assert (row["status"], row["acknowledged_by"], row["resolved_by"]) == ("resolved", editor.id, editor.id)
    inbox = client.get("/staff/feedback").get_data(as_text=True)
    assert f"Resolved by {editor.name}" in inbox
    other, other_client = signed_in(app, settings, "editor", ID + "provider/someone-else")
    refused = other_client.post(
        f"/staff/feedback/{number}/status",
        data={
            "status": "resolved",
            "csrf_token": csrf_from(other_client.get("/staff/feedback").get_data(as_text=True)),
        },
    )
    assert refused.status_code == 404


def test_a_reply_reaches_the_sender_whose_address_staff_never_see(app, settings, smtp, service):
    slug, provider = service
    editor, client = signed_in(app, settings, "editor", provider)
    address = "pat.private.sender@example.net"
    reference = send_feedback(app, slug, "Please call me back about the ramp.", email=address)
    silent = send_feedback(app, slug, "No address given here.")
    inbox = client.get("/staff/feedback").get_data(as_text=True)
    assert address not in inbox
    db = open_private_db(settings)
    with db.connect() as conn:
        number = conn.execute("SELECT id FROM feedback WHERE reference = ?", (reference,)).fetchone()[0]
        quiet = conn.execute("SELECT id FROM feedback WHERE reference = ?", (silent,)).fetchone()[0]
    form = client.get(f"/staff/feedback/{number}/reply").get_data(as_text=True)
    assert address not in form
    sent = client.post(
        f"/staff/feedback/{number}/reply", data={"reply": "We have fixed the ramp.", "csrf_token": csrf_from(form)}
    )
    assert sent.status_code == 303
    (message,) = smtp.inbox.wait_for(address)
    assert message["Subject"] == f"Reply to your feedback {reference}"
    assert "We have fixed the ramp." in body_of(message) and editor.email not in message.as_string()
    assert "Hello Pat Sender," in body_of(message)
    for page in ("/staff/feedback", f"/staff/feedback/{number}/reply", "/staff/emails/"):
        shown = client.get(page).get_data(as_text=True)
        assert address not in shown, page
    assert "We have fixed the ramp." in client.get("/staff/emails/").get_data(as_text=True)
    no_address = client.get(f"/staff/feedback/{quiet}/reply").get_data(as_text=True)
    assert "so a reply is not possible" in no_address and "<textarea" not in no_address
    refused = client.post(f"/staff/feedback/{quiet}/reply", data={"reply": "Hello?", "csrf_token": csrf_from(form)})
    assert refused.status_code == 400 and "so a reply is not possible" in refused.get_data(as_text=True)


def cli_env(monkeypatch, settings):
    monkeypatch.setenv("GRAPH_APP_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("GRAPH_APP_PRIVATE_DB", str(settings.private_db))
    monkeypatch.setenv("GRAPH_APP_SMTP_HOST", settings.smtp_host)
    monkeypatch.setenv("GRAPH_APP_SMTP_PORT", str(settings.smtp_port))
    monkeypatch.setenv("GRAPH_APP_SMTP_STARTTLS", "0")


def test_review_due_is_sent_once_per_record_with_a_review_now_link(app, settings, smtp, service, monkeypatch, capsys):
    _slug, provider = service
    editor, client = signed_in(app, settings, "editor", provider)
    cli_env(monkeypatch, settings)
    assert cli.main(["notify", "due", "--site", "http://localhost", "--today", "2031-06-01"]) == 0
    (message,) = smtp.inbox.wait_for(editor.email, timeout=30)
    assert message["Subject"] == "Records to check on the Local Offer"
    reviews = [p for p in links(message) if p.endswith("/reviewed")]
    assert reviews and all(re.fullmatch(r"/staff/records/(service|setting)/[a-z0-9-]+/reviewed", p) for p in reviews)
    assert client.get(reviews[0]).status_code == 200  # the review page, for this editor
    # a stranger's click asks them to sign in, then lands on the review page
    stranger = app.test_client()
    asked = stranger.get(reviews[0])
    assert asked.status_code == 302 and "/staff/login" in asked.headers["Location"]
    user, password = make_staff(settings, "editor", provider)
    sign_in = stranger.get(asked.headers["Location"]).get_data(as_text=True)
    landed = stranger.post(
        asked.headers["Location"], data={"email": user.email, "password": password, "csrf_token": csrf_from(sign_in)}
    )
    assert landed.status_code == 303 and urlsplit(landed.headers["Location"]).path == reviews[0]
    capsys.readouterr()
    assert cli.main(["notify", "due", "--site", "http://localhost", "--today", "2031-06-02"]) == 0
    assert "0 record(s) newly due" in capsys.readouterr().out
    assert len(smtp.inbox.to(editor.email)) == 1  # once per record per due date


def test_the_weekly_digest_goes_once_a_week(app, settings, smtp, service, monkeypatch, capsys):
    _slug, provider = service
    editor, _ = signed_in(app, settings, "editor", provider)
    cli_env(monkeypatch, settings)
    assert cli.main(["notify", "digest", "--site", "http://localhost", "--today", "2031-06-02"]) == 0
    (message,) = smtp.inbox.wait_for(editor.email, timeout=30)
    assert message["Subject"] == "Your week on the Local Offer staff pages"
    assert re.search(r"Records out of date \(.*\): [1-9]\d*", body_of(message))
    assert "/staff/due-for-review/" in links(message)
    assert cli.main(["notify", "digest", "--site", "http://localhost", "--today", "2031-06-04"]) == 0  # same week
    assert len(smtp.inbox.to(editor.email)) == 1
    assert cli.main(["notify", "digest", "--site", "http://localhost", "--today", "2031-06-09"]) == 0  # next week
    assert len(smtp.inbox.wait_for(editor.email, count=2, timeout=30)) == 2


def test_an_email_waits_while_the_server_is_down_and_goes_when_it_is_back(settings, tmp_path, make_app):
    down = SMTPServer()  # not started: its port refuses connections
    local = replace(settings, private_db_path=tmp_path / "private.sqlite", smtp_port=down.port)
    db = open_private_db(local)
    with db.connect(immediate=True) as conn:
        number = outbox.queue(
            conn, local.mail_from, kind="digest", to_address="waiting@example.org", subject="Kept", body="Still here"
        )
        second = outbox.queue(
            conn, local.mail_from, kind="digest", to_address="second@example.org", subject="Also", body="Me too"
        )
    assert send_due(local, db) == (0, 1)  # the server is unreachable: the pass stops after the first
    kept = outbox.get(db, number)
    assert (kept.status, kept.attempts) == ("pending", 1) and "Connection" in kept.last_error
    assert outbox.get(db, second).attempts == 0  # left for the next pass, not claimed
    assert send_due(local, db) == (0, 1)  # the next pass tries it
    assert send_due(local, db) == (0, 0)  # not due again yet: it waits a minute
    later = datetime.now(UTC) + timedelta(minutes=2)
    assert send_due(local, db, now=later) == (0, 1)
    assert outbox.get(db, number).attempts == 2
    admin, password = make_staff(local, "admin")  # a regional admin sees it waiting, with its error
    client = make_app(local).test_client()
    login(client, admin.email, password)
    shown = client.get("/staff/emails/").get_data(as_text=True)
    assert "Waiting to be sent" in shown and "2 tries so far" in shown and "ConnectionRefusedError" in shown
    down.start()
    try:
        assert send_due(local, db, now=datetime.now(UTC) + timedelta(hours=1)) == (2, 0)
        (message,) = down.inbox.wait_for("waiting@example.org", timeout=30)
        assert body_of(message).strip() == "Still here"
        assert outbox.get(db, number).status == outbox.get(db, second).status == "sent"
        assert down.inbox.wait_for("second@example.org", timeout=30)
    finally:
        down.stop()


@pytest.mark.parametrize("field", ["subject", "to_name", "to_address"])
def test_a_header_with_a_line_break_is_refused(field):
    values = {"subject": "Hello", "to_name": "Ann", "to_address": "ann@example.org"}
    values[field] = values[field] + "\r\nBcc: everyone@example.org"
    with pytest.raises(MailError) as refused:
        build(
            "Local Offer <no-reply@localhost>",
            values["to_address"],
            values["to_name"],
            values["subject"],
            "Body",
            "<id@x>",
            datetime.now(UTC),
        )
    assert refused.value.field == {"to_name": "name", "to_address": "to"}.get(field, field)


def test_an_invitation_with_a_line_break_in_the_name_is_refused(app, settings, smtp):
    admin, client = signed_in(app, settings, "admin")
    page = client.get("/staff/admin/users").get_data(as_text=True)
    response = client.post(
        "/staff/admin/users",
        data={
            "email": "injected@staff.example.org",
            "name": "Eve\r\nBcc: everyone@example.org",
            "role": "moderator",
            "provider": "",
            "council": "",
            "csrf_token": csrf_from(page),
        },
    )
    assert response.status_code == 400 and "Enter the person&#39;s name on one line." in response.get_data(as_text=True)
    with open_private_db(settings).connect(immediate=True) as conn:
        assert conn.execute("SELECT count(*) FROM users WHERE email = 'injected@staff.example.org'").fetchone()[0] == 0
    assert smtp.inbox.to("everyone@example.org") == [] and smtp.inbox.to("injected@staff.example.org") == []


def test_the_staff_home_counts_overdue_records_and_new_feedback(app, settings, service):
    slug, provider = service
    editor, client = signed_in(app, settings, "editor", provider)
    home = client.get("/staff/").get_data(as_text=True)
    counts = re.search(r"(\d+) records? overdue</a> · <a[^>]*>(\d+) new feedback", home)
    assert counts, home
    due = client.get("/staff/due-for-review/").get_data(as_text=True)
    assert int(counts.group(1)) == due.count("May be out of date</strong>")
    send_feedback(app, slug, "One more for the count.")
    again = re.search(r"(\d+) new feedback", client.get("/staff/").get_data(as_text=True))
    assert int(again.group(1)) == int(counts.group(2)) + 1
    moderator, moderator_client = signed_in(app, settings, "moderator")
    shown = moderator_client.get("/staff/").get_data(as_text=True)
    assert "overdue" not in shown and re.search(r"\d+ new feedback", shown)


def test_each_person_sees_their_own_emails_and_a_regional_admin_all(app, settings, smtp, service):
    slug, provider = service
    editor, editor_client = signed_in(app, settings, "editor", provider)
    other, other_client = signed_in(app, settings, "editor", ID + "provider/elsewhere-entirely")
    reference = send_feedback(app, slug, "Scope test.")
    smtp.inbox.wait_for(editor.email)
    assert reference in editor_client.get("/staff/emails/").get_data(as_text=True)
    assert reference not in other_client.get("/staff/emails/").get_data(as_text=True)
    admin, admin_client = signed_in(app, settings, "admin")
    assert reference in admin_client.get("/staff/emails/").get_data(as_text=True)
    assert editor_client.get("/staff/emails/?page=x").status_code == 400


def test_the_command_line_invitation_is_emailed(settings, smtp, monkeypatch, capsys):
    cli_env(monkeypatch, settings)
    code = cli.main(["staff", "invite", "cli.invitee@staff.example.org", "--role", "moderator", "--name", "Cy Cli"])
    assert code == 0
    out = capsys.readouterr().out
    assert "Emailed them the link" in out and "/staff/invitation/" not in out
    (message,) = smtp.inbox.wait_for("cli.invitee@staff.example.org", timeout=30)
    assert any(
        path.startswith("/staff/invitation/") for path in re.findall(r"https?://[^/\s]+(/\S+)", body_of(message))
    )
    refused = cli.main(
        ["staff", "invite", "cli.eve@staff.example.org", "--role", "moderator", "--name", "Eve\nBcc: x@y.org"]
    )
    assert refused == 2 and "name" in capsys.readouterr().err


def test_a_mail_server_that_hangs_does_not_hold_up_the_request(built, tmp_path, make_app, service):
    """The feedback form answers while the email waits: sending happens in the background (a server that
    accepts the connection and never answers holds only the sender thread, up to its 20 s timeout)."""
    import socket
    import time

    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(5)
    try:
        local = replace(
            built,
            private_db_path=tmp_path / "private.sqlite",
            smtp_host="127.0.0.1",
            smtp_port=silent.getsockname()[1],
            smtp_starttls=False,
        )
        app = make_app(local, FEEDBACK_LIMIT=(100, 600.0))
        make_staff(local, "moderator")  # someone to tell
        started = time.monotonic()
        send_feedback(app, service[0], "Sent while the mail server hangs.")
        took = time.monotonic() - started
        assert took < 10, took  # well under the 20 s the sender may wait on this server
        with open_private_db(local).connect(immediate=True) as conn:
            assert conn.execute("SELECT count(*) FROM outbox WHERE status = 'pending'").fetchone()[0] == 1
    finally:
        silent.close()


def test_council_scoped_staff_are_told_and_counted_for_their_councils_only(
    app, settings, smtp, service, monkeypatch, capsys
):
    """Feedback about a record in one council reaches that council's moderators, not another's; a council's
    admin's home page counts the out-of-date records of their council only."""
    from graph_app.notify.scope import record_councils
    from graph_app.private.accounts import create_user
    from graph_app.queries import QueryLibrary
    from graph_app.store import open_store

    slug, _provider = service
    store, library = open_store(settings), QueryLibrary(settings.queries_dir)
    councils = record_councils(store, library)
    own = councils[ID + "service/" + slug]
    other = next(c for c in sorted(set(councils.values())) if c != own)
    db = open_private_db(settings)
    password = "scoped moderator passphrase 9"
    ours = create_user(
        db, "ours.mod@staff.example.org", "Our Moderator", "moderator", password=password, councils=[own]
    )
    theirs = create_user(
        db, "theirs.mod@staff.example.org", "Their Moderator", "moderator", password=password, councils=[other]
    )
    send_feedback(app, slug, "Scoped feedback.")
    smtp.inbox.wait_for(ours.email)
    assert smtp.inbox.to(theirs.email) == []
    admin = create_user(
        db, "other.admin@staff.example.org", "Other Admin", "admin", password=password, councils=[other]
    )
    client = app.test_client()
    login(client, admin.email, password)
    home = client.get("/staff/").get_data(as_text=True)
    shown = int(re.search(r"(\d+) records? overdue", home).group(1))
    expected = sum(
        1
        for record, council in councils.items()
        if council == other and record.startswith((ID + "service/", ID + "setting/"))
    )
    assert shown <= expected  # only their council's records can be counted
    regional, regional_client = signed_in(app, settings, "admin")
    everyone = int(re.search(r"(\d+) records? overdue", regional_client.get("/staff/").get_data(as_text=True)).group(1))
    assert shown < everyone
    cli_env(monkeypatch, settings)
    assert cli.main(["notify", "digest", "--site", "http://localhost", "--today", "2031-07-07"]) == 0
    ours_digest = smtp.inbox.wait_for(ours.email, count=2, timeout=30)[-1]
    assert re.search(r"New feedback not yet acknowledged: [1-9]", body_of(ours_digest))
    # the feedback is about another council's record: nothing waits for them, so no digest (or none naming it)
    assert all("New feedback" not in body_of(message) for message in smtp.inbox.to(theirs.email))


def test_emails_left_waiting_go_when_the_app_starts(settings, smtp, tmp_path, make_app):
    local = replace(settings, private_db_path=tmp_path / "private.sqlite")
    db = open_private_db(local)
    with db.connect(immediate=True) as conn:
        outbox.queue(conn, local.mail_from, kind="digest", to_address="left@example.org", subject="Left", body="Over")
    assert smtp.inbox.to("left@example.org") == []
    make_app(local)  # no request: the app's start sends it
    (message,) = smtp.inbox.wait_for("left@example.org", timeout=20)
    assert message["Subject"] == "Left"
