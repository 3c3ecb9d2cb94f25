"""In Chromium (issue 18, "forms people finish"): a service's editing task list and its parts.

- every part of the sample's biggest service is at most 40 Tab presses from the top of its page to its Save;
- the task list and every part are axe-clean at 1280 and 390 px, with JavaScript and without;
- without JavaScript, a part saved goes into the draft, is offered back on the task list, shown in the
  preview and published;
- a form left past the session timeout (6 s here) and then saved keeps what was typed: the person signs in
  again and sees the filled form, not yet published; another account signing in never sees it.
The app runs as `graph-app serve` on a copy of the build, since publishing changes the store."""

from __future__ import annotations

import time

import pytest
from axe_check import assert_accessible
from live_helpers import LO, copy_build, current_store
from playwright.sync_api import expect
from server_process import app_server
from staff_helpers import make_staff

pytestmark = pytest.mark.slow
PARTS = ("about", "who", "where", "how", "cost", "contact", "answers")
MAX_TABS = 40
IDLE = 6  # seconds: the short session of short_session_app.py


def _biggest_service(settings) -> tuple[str, str]:
    """The sample's service with the most statements (the longest form), and its provider."""
    row = current_store(settings).select(
        f"SELECT ?service ?provider (COUNT(*) AS ?n) WHERE {{ ?service a <{LO}Service> ; <{LO}providedBy> ?provider ;"
        f" ?p ?o }} GROUP BY ?service ?provider ORDER BY DESC(?n) ?service LIMIT 1"
    )[0]
    return row["service"].value.rsplit("/", 1)[-1], row["provider"].value


@pytest.fixture(scope="module")
def task_site(built, tmp_path_factory):
    settings = copy_build(built, tmp_path_factory.mktemp("task-list-browser") / "data")
    with app_server(settings) as url:
        slug, provider = _biggest_service(settings)
        yield url, settings, slug, provider


@pytest.fixture(scope="module")
def short_site(built, tmp_path_factory):
    settings = copy_build(built, tmp_path_factory.mktemp("short-session-browser") / "data")
    env = {"TEST_STAFF_IDLE_SECONDS": str(IDLE)}
    with app_server(settings, app_factory="short_session_app:wsgi_app()", env=env) as url:
        slug, provider = _biggest_service(settings)
        yield url, settings, slug, provider


def _sign_in(page, url: str, email: str, password: str) -> None:
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("button:has-text('Sign in')")
    page.wait_for_load_state()


def _editor(page, url, settings, provider):
    user, password = make_staff(settings, "editor", provider)
    page.goto(url + "/staff/login")
    _sign_in(page, url, user.email, password)
    return user, password


def _tabs_to_save(page) -> int:
    """Tab presses from the top of the page until the part's Save button has the focus."""
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.evaluate("window.scrollTo(0, 0)")
    page.locator("body").focus()
    for presses in range(1, 400):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == "save-part":
            return presses
    raise AssertionError("the Save button was never reached with Tab")


def test_every_part_of_the_biggest_service_is_at_most_40_tabs_to_save_and_axe_clean(task_site, page):
    url, settings, slug, provider = task_site
    _editor(page, url, settings, provider)
    page.goto(url + f"/staff/records/service/{slug}/tasks")
    expect(page.locator("#task-list")).to_be_visible()
    links = page.locator("#task-list a")
    assert links.count() == len(PARTS)
    counts = {}
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(url + f"/staff/records/service/{slug}/tasks")
        assert_accessible(page)
        for part in PARTS:
            page.goto(url + f"/staff/records/service/{slug}/parts/{part}")
            expect(page.locator("#save-part")).to_be_visible()
            assert_accessible(page)
            if width == 1280:
                counts[part] = _tabs_to_save(page)
    print("Tab presses to Save per part:", counts)
    assert max(counts.values()) <= MAX_TABS, counts


def _accessible_without_scripts(browser, page, address: str | None = None) -> None:
    """axe-core on the page as a browser without JavaScript shows it: the same address, signed in as the same
    person, with the page's own scripts blocked (axe itself runs through the DevTools protocol)."""
    context = browser.new_context(storage_state=page.context.storage_state())
    context.route("**/*.js", lambda route: route.abort())
    try:
        checked = context.new_page()
        checked.goto(address or page.url)
        assert_accessible(checked)
    finally:
        context.close()


def test_without_javascript_a_part_is_drafted_offered_back_previewed_and_published(task_site, browser, page_no_js):
    url, settings, slug, provider = task_site
    page = page_no_js
    _editor(page, url, settings, provider)
    page.goto(url + f"/staff/records/service/{slug}/parts/about")
    expect(page.locator("#session-notice")).to_contain_text("you will be signed out at")
    page.fill("#dcterms-description", "Drafted without scripts: a friendly team for families.")
    page.click("#save-part")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("saved in your draft")
    expect(page.locator("#draft-offer")).to_contain_text("not published yet")
    _accessible_without_scripts(browser, page)
    public = page.context.new_page()
    public.goto(url + f"/id/service/{slug}")
    assert "Drafted without scripts" not in public.content()  # a draft is not published
    page.click("#preview-link")
    expect(page.locator("#preview-note")).to_contain_text("This is a preview")
    expect(page.locator("#preview-record")).to_contain_text("Drafted without scripts")
    _accessible_without_scripts(browser, page)
    page.check("#checked-whole-record-no")
    page.click("#publish-changes")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Saved and published")
    public.goto(url + f"/id/service/{slug}")
    assert "Drafted without scripts" in public.content()
    page.goto(url + f"/staff/records/service/{slug}/tasks")
    assert page.locator("#draft-offer").count() == 0  # publishing removed the draft
    for part in PARTS:  # every part as a browser without scripts shows it
        _accessible_without_scripts(browser, page, url + f"/staff/records/service/{slug}/parts/{part}")


def test_a_form_left_past_the_session_timeout_and_recovered(short_site, browser):
    url, settings, slug, provider = short_site
    mine = browser.new_context()
    page = mine.new_page()
    user, password = _editor(page, url, settings, provider)
    page.goto(url + f"/staff/records/service/{slug}/parts/about")
    expect(page.locator("#session-warning")).to_be_hidden()
    page.fill("#dcterms-description", "Typed before lunch, saved after the session ended.")
    # the warning dialog shows before the end; "Stay signed in" keeps the session going
    expect(page.locator("#session-warning")).to_be_visible(timeout=IDLE * 1000)
    assert_accessible(page)
    page.click("#stay-signed-in")
    expect(page.locator("#session-warning")).to_be_hidden()
    time.sleep(IDLE + 2)  # then nothing for longer than the session lasts
    expect(page.locator("#session-notice")).to_contain_text("You have been signed out")
    page.click("#save-part")
    expect(page.locator("#session-ended")).to_contain_text("We kept what you typed")
    assert_accessible(page)

    # another account signing in on the same browser never sees the kept values
    other, other_password = make_staff(settings, "editor", provider)
    _sign_in(page, url, other.email, other_password)
    assert "Typed before lunch" not in page.content()
    page.goto(url + f"/staff/records/service/{slug}/tasks")
    assert page.locator("#draft-offer").count() == 0
    page.goto(url + f"/staff/records/service/{slug}/parts/about")
    assert "Typed before lunch" not in page.content()
    mine.close()

    # the person themselves, signing in again, sees the filled form, not yet published
    again = browser.new_context()
    page = again.new_page()
    page.goto(url + f"/staff/login?next=/staff/records/service/{slug}/parts/about")
    _sign_in(page, url, user.email, password)
    expect(page.locator("#kept-message")).to_contain_text("not published")
    assert page.input_value("#dcterms-description") == "Typed before lunch, saved after the session ended."
    public = again.new_page()
    public.goto(url + f"/id/service/{slug}")
    assert "Typed before lunch" not in public.content()
    page.click("#save-part")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("saved in your draft")
    again.close()
