"""In Chromium: a family leaves a comment (with JavaScript off), a moderator signs in and publishes it with
the council's response, and it shows on the page and on "you said, we did". axe-core checks the comment
form, the sign-in page, the moderation queue and "you said, we did". The app runs as `graph-app serve` on
a build of its own, since publishing changes the store."""

from __future__ import annotations

import re

import pytest
from axe_check import assert_accessible
from build_helpers import make_settings, quiet_build
from playwright.sync_api import expect
from server_process import app_server
from staff_helpers import make_staff

pytestmark = pytest.mark.slow
PAYLOAD = "<b>bold?</b><script>window.pwned = 1</script>"


@pytest.fixture(scope="module")
def own_site(tmp_path_factory, hermit_cache):
    settings = make_settings(tmp_path_factory.mktemp("comments-browser"))
    quiet_build(settings, hermit_cache)
    with app_server(settings) as url:
        yield url, settings


def test_a_family_comment_is_published_with_the_councils_response(own_site, page, page_no_js):
    url, settings = own_site
    family = page_no_js
    family.goto(url + "/kinds/service")
    service_path = family.locator("main a[href^='/id/service/']").first.get_attribute("href")

    # the generic form, with its errors, is accessible (axe needs JavaScript: checked in the other page)
    staff = page
    staff.goto(url + "/comments/new?page=/glossary")
    assert_accessible(staff)
    staff.get_by_role("button", name="Send comment").click()
    expect(staff.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(staff)

    # a family comments at the foot of a service's page, with no account and no JavaScript
    family.goto(url + service_path)
    family.get_by_text("Write a comment").click()  # the form is folded under the record's answer
    family.get_by_label("Your comment", exact=True).fill("Please show the Saturday times " + PAYLOAD)
    family.get_by_label("Name to show with your comment (optional)").fill("A dad in Surrey")
    family.get_by_label("Email address for a reply (optional)").fill("dad@example.org")
    family.get_by_role("button", name="Send comment").click()
    expect(family.get_by_role("heading", name="Comment sent")).to_be_visible()
    family.goto(url + service_path)
    assert "Please show the Saturday times" not in family.content()  # not until a moderator publishes it

    # a moderator signs in and publishes it with the council's response
    moderator, password = make_staff(settings, "moderator")
    staff.goto(url + "/glossary")
    staff.get_by_role("link", name="Staff sign in").click()
    assert_accessible(staff)
    staff.get_by_label("Email address").fill(moderator.email)
    staff.get_by_label("Password").fill(password)
    staff.get_by_role("button", name="Sign in").click()
    expect(staff.get_by_role("heading", name="Staff pages")).to_be_visible()
    staff.get_by_role("link", name="Moderate comments from families").click()
    assert_accessible(staff)
    section = staff.locator("section.se7-moderation", has_text="Please show the Saturday times")
    assert section.locator(".se7-comment__text").inner_text().endswith(PAYLOAD)  # shown as text, not run
    assert staff.evaluate("window.pwned === undefined")
    section.get_by_label("The council's response").fill("Thank you. The Saturday times are now on the page.")
    section.get_by_label("Action taken or planned (optional)").fill("We asked every provider for weekend times.")
    section.get_by_role("button", name=re.compile("Publish with response")).click()
    assert staff.locator(".govuk-notification-banner").inner_text().count("is published") == 1

    # it shows on the page and on "you said, we did"
    family.goto(url + service_path)
    told = family.locator("section.se7-comments")
    assert "Please show the Saturday times " + PAYLOAD in told.inner_text()
    assert "Thank you. The Saturday times are now on the page." in told.inner_text()
    assert "We asked every provider for weekend times." in told.inner_text()
    assert "dad@example.org" not in family.content()
    family.get_by_role("link", name=re.compile("You said, we did")).first.click()
    expect(family.get_by_role("heading", name="You said, we did", level=1)).to_be_visible()
    assert "Please show the Saturday times" in family.locator("main").inner_text()
    staff.goto(url + "/you-said-we-did")
    assert_accessible(staff)
    assert staff.evaluate("window.pwned === undefined")


def test_an_invited_editor_reads_confidential_feedback_about_their_service(own_site, browser, page_no_js):
    url, settings = own_site
    family = page_no_js
    family.goto(url + "/kinds/provider")
    provider_path = family.locator("main a[href^='/id/provider/']").first.get_attribute("href")
    slug = provider_path.rsplit("/", 1)[1]

    # an admin invites an editor for that provider on the admin page
    admin, password = make_staff(settings, "admin")
    context = browser.new_context()
    staff = context.new_page()
    staff.goto(url + "/staff/login")
    staff.get_by_label("Email address").fill(admin.email)
    staff.get_by_label("Password").fill(password)
    staff.get_by_role("button", name="Sign in").click()
    staff.get_by_role("link", name="Staff accounts: invite, change role, disable").click()
    assert_accessible(staff)
    staff.get_by_label("Full name").fill("Erin Editor")
    staff.get_by_label("Email address").fill("erin@provider.example.org")
    staff.get_by_label("Role", exact=True).select_option("editor")
    staff.get_by_label("Provider (for a provider editor)").fill(slug)
    staff.get_by_role("button", name="Make invitation link").click()
    link = staff.locator(".se7-one-time-link").inner_text().strip()
    assert "/staff/invitation/" in link
    assert_accessible(staff)
    context.close()

    # the editor sets a password through the link, with JavaScript off
    editor_context = browser.new_context(java_script_enabled=False)
    editor = editor_context.new_page()
    editor.goto(link)
    editor.get_by_label("New password").fill("a long and private passphrase")
    editor.get_by_label("Type the password again").fill("a long and private passphrase")
    editor.get_by_role("button", name="Set password").click()
    expect(editor.locator("main")).to_contain_text("Your password is set")

    # a family sends confidential feedback from the provider's page
    family.goto(url + provider_path)
    family.get_by_role("link", name=re.compile("Give confidential feedback about")).click()
    family.get_by_label("Your feedback").fill("The lift was out of order on Tuesday.")
    family.get_by_role("button", name="Send feedback").click()
    reference = family.locator(".se7-reference").inner_text()
    assert re.fullmatch(r"FB-[2-9A-Z]{4}-[2-9A-Z]{4}", reference)

    editor.goto(url + "/staff/login")
    editor.get_by_label("Email address").fill("erin@provider.example.org")
    editor.get_by_label("Password").fill("a long and private passphrase")
    editor.get_by_role("button", name="Sign in").click()
    editor.get_by_role("link", name="Confidential feedback").click()
    # the click starts a navigation: wait for the new page's text, never read a half-loaded document
    expect(editor.locator("main")).to_contain_text(reference)
    expect(editor.locator("main")).to_contain_text("The lift was out of order on Tuesday.")
    editor_context.close()
    log = (settings.data_dir / "server.log").read_text()
    assert "POST /feedback" in log  # the log is being written...
    assert "lift was out of order" not in log and "lift+was" not in log and reference not in log  # ...not this

    # the feedback form and the staff view pass axe too (axe runs with JavaScript on)
    checker = browser.new_context()
    check = checker.new_page()
    check.goto(url + f"/feedback/new?about=provider/{slug}")
    assert_accessible(check)
    check.get_by_role("button", name="Send feedback").click()
    expect(check.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(check)
    checker.close()
