"""Issue 16 in Chromium: the pages that now say "May be out of date, last checked <date>" (a kind list, search
results, My child, an area page, the map, the commissioning report and the staff "Due for review" list) show
the tag and stay free of axe-core violations; the map's picture says it in its details panel too."""

from __future__ import annotations

import pytest
from axe_check import assert_accessible
from staff_helpers import make_staff

LO = "https://w3id.org/se7-local-offer/def#"
ID = "https://w3id.org/se7-local-offer/id/"


@pytest.fixture(scope="module")
def oldest(embedded_store) -> dict[str, str]:
    """The service checked longest ago (more than a year before today in the sample) and its provider."""
    row = embedded_store.select(
        f"SELECT ?s ?provider WHERE {{ ?s a <{LO}Service> ; <{LO}lastReviewed> ?d ; <{LO}providedBy> ?provider }}"
        " ORDER BY ?d ?s LIMIT 1"
    )[0]
    return {"service": row["s"].value, "provider": row["provider"].value}


@pytest.mark.parametrize(
    "path",
    [
        "/kinds/service",
        "/search?q=speech+therapy&area=all",
        "/my-child?area=kent&age=7&need=autism",
        "/id/area/kent",
        "/gaps/report/kent",
    ],
)
def test_pages_with_the_tag_have_no_axe_violations(live_server, page, path):
    page.goto(live_server + path, timeout=120_000)
    tags = page.locator(".se7-checked")
    assert tags.count() >= 1
    text = tags.first.text_content() or ""  # the first may be inside a closed "Show all" (details)
    assert "May be out of date" in text and "last checked" in text
    assert_accessible(page)


def test_the_maps_details_panel_says_a_record_may_be_out_of_date(live_server, page, oldest):
    page.goto(f"{live_server}/map/neighbourhood?node=/id/{oldest['provider'][len(ID) :]}", timeout=120_000)
    page.wait_for_selector("[data-map-canvas] [data-map-box]")
    listed = page.locator(".mindmap__groups li[data-map-node][data-checked-words]")
    assert listed.count() >= 1  # the list under the picture marks the old records
    iri = listed.first.get_attribute("data-iri")
    page.locator(f'[data-map-canvas] [data-map-box][data-iri="{iri}"]').first.click()
    panel = page.locator("[data-map-panel]")
    assert "May be out of date" in panel.inner_text()
    assert listed.first.get_attribute("data-checked-words") in panel.inner_text()
    assert_accessible(page)


def test_due_for_review_has_no_axe_violations(live_server, served, page, oldest):
    user, password = make_staff(served, "editor", oldest["provider"])
    page.goto(live_server + "/staff/login")
    page.fill("#email", user.email)
    page.fill("#password", password)
    page.click("button:has-text('Sign in')")
    page.wait_for_load_state()
    page.goto(live_server + "/staff/due-for-review/")
    assert page.locator(f'tr[data-record="{oldest["service"]}"]').count() == 1
    assert_accessible(page)
