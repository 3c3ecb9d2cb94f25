"""Issue 18 in Chromium: an email received by a real SMTP server on loopback (aiosmtpd) carries a link that
works: an invitation opened from the message sets a password and signs in; a "review now" link opened while
signed out asks to sign in and then lands on the record's review page. The new staff pages (Emails sent, the
feedback inbox with its status and reply, the reply form, the staff home's counts) are axe-clean at 1280 and
390 px."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from urllib.parse import urlsplit

import pytest
from axe_check import assert_accessible
from server_process import app_server
from smtp_server import SMTPServer, body_of
from staff_helpers import make_staff

from graph_app.mail.sender import send_due
from graph_app.notify.review_due import send_due_notices
from graph_app.private import open_private_db
from graph_app.queries import QueryLibrary
from graph_app.store import open_store

pytestmark = pytest.mark.slow
LO = "https://w3id.org/se7-local-offer/def#"
ID = "https://w3id.org/se7-local-offer/id/"


@pytest.fixture(scope="module")
def mail_site(built, tmp_path_factory):
    """The app served with its own private database and a loopback SMTP server: (url, settings, smtp)."""
    smtp = SMTPServer().start()
    settings = replace(
        built,
        private_db_path=tmp_path_factory.mktemp("mail-browser") / "private.sqlite",
        smtp_host="127.0.0.1",
        smtp_port=smtp.port,
        smtp_starttls=False,
    )
    env = {"GRAPH_APP_SMTP_HOST": "127.0.0.1", "GRAPH_APP_SMTP_PORT": str(smtp.port), "GRAPH_APP_SMTP_STARTTLS": "0"}
    try:
        with app_server(settings, env=env) as url:
            yield url, settings, smtp
    finally:
        smtp.stop()


@pytest.fixture(scope="module")
def provider_service(built):
    row = open_store(built).select(
        f"SELECT ?s ?p WHERE {{ ?s a <{LO}Service> ; <{LO}providedBy> ?p }} ORDER BY ?p ?s LIMIT 1"
    )[0]
    return row["p"].value, row["s"].value.removeprefix(ID + "service/")


def sign_in(page, url: str, email: str, password: str) -> None:
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("button:has-text('Sign in')")
    page.wait_for_load_state()


def link_in(message, start: str, url: str) -> str:
    found = [link for link in re.findall(r"https?://\S+", body_of(message)) if urlsplit(link).path.startswith(start)]
    assert found, body_of(message)
    assert found[0].startswith(url)  # the link names the site it came from
    return found[0]


def test_an_invitation_link_from_the_received_email_sets_a_password_and_signs_in(mail_site, page):
    url, settings, smtp = mail_site
    admin, password = make_staff(settings, "admin")
    page.goto(url + "/staff/login")
    sign_in(page, url, admin.email, password)
    page.goto(url + "/staff/admin/users")
    page.fill("#email", "browser.invitee@staff.example.org")
    page.fill("#name", "Bea Browser")
    page.select_option("#role", "moderator")
    page.click("button:has-text('Make invitation link')")
    page.wait_for_load_state()
    assert "We have emailed them the invitation link" in page.inner_text("main")
    assert_accessible(page)
    (message,) = smtp.inbox.wait_for("browser.invitee@staff.example.org")
    link = link_in(message, "/staff/invitation/", url)
    visitor = page.context.browser.new_context().new_page()
    visitor.goto(link)
    assert "browser.invitee@staff.example.org" in visitor.inner_text("main")
    chosen = "amber kettle orchard violin 7"
    visitor.fill("#password", chosen)
    visitor.fill("#confirm", chosen)
    visitor.click("main button[type=submit]")
    visitor.wait_for_load_state()
    assert urlsplit(visitor.url).path == "/staff/login"
    sign_in(visitor, url, "browser.invitee@staff.example.org", chosen)
    assert urlsplit(visitor.url).path == "/staff/"
    assert "Bea Browser" in visitor.inner_text("main")
    visitor.context.close()


def test_a_review_now_link_from_the_received_email_lands_on_the_review_page_after_signing_in(
    mail_site, page, provider_service
):
    url, settings, smtp = mail_site
    provider, _slug = provider_service
    editor, password = make_staff(settings, "editor", provider)
    db = open_private_db(settings)
    told, _emails = send_due_notices(
        settings, db, open_store(settings), QueryLibrary(settings.queries_dir), url + "/", date(2031, 6, 1)
    )
    assert told >= 1
    send_due(settings, db)
    (message,) = smtp.inbox.wait_for(editor.email)
    link = link_in(message, "/staff/records/", url)
    assert link.endswith("/reviewed")
    page.goto(link)  # signed out: asked to sign in first
    assert urlsplit(page.url).path == "/staff/login"
    sign_in(page, url, editor.email, password)
    assert urlsplit(page.url).path == urlsplit(link).path  # the link survived the sign-in
    assert page.locator("main h1").count() == 1


def test_the_new_staff_pages_are_accessible_at_1280_and_390(mail_site, page, provider_service):
    url, settings, smtp = mail_site
    provider, slug = provider_service
    editor, password = make_staff(settings, "editor", provider)  # before the feedback: it is told
    # feedback with an address (a reply form) and one acknowledged, so every state is on the page
    page.goto(f"{url}/feedback/new?about=service/{slug}")
    page.fill("#message", "The entrance ramp is steep.")
    page.fill("#email", "family.sender@example.net")
    page.click("button:has-text('Send feedback')")
    page.wait_for_load_state()
    page.goto(url + "/staff/login")
    sign_in(page, url, editor.email, password)
    smtp.inbox.wait_for(editor.email)
    page.goto(url + "/staff/feedback")
    page.locator("button:has-text('Acknowledge')").first.click()
    page.wait_for_load_state()
    assert "is now acknowledged" in page.inner_text("main")
    page.locator("a:has-text('Reply to the sender by email')").first.click()
    page.wait_for_load_state()
    reply_path = urlsplit(page.url).path
    page.click("button:has-text('Send reply')")  # empty: the error summary
    page.wait_for_load_state()
    assert "Enter your reply" in page.inner_text("main")
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        for path in ("/staff/", "/staff/feedback", reply_path, "/staff/emails/"):
            page.goto(url + path)
            assert "family.sender@example.net" not in page.content()
            assert_accessible(page)
    page.goto(url + "/staff/")
    assert re.search(r"\d+ records? overdue · \d+ new feedback", page.inner_text("#staff-counts"))
