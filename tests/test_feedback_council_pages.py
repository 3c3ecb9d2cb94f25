"""The feedback inbox of a council-scoped moderator (issue 18): filtered by council in the database query,
with the council kept with each item (migration 028; older items get theirs from the graph), and paged,
so a Kent item is found behind more than 500 newer Surrey items. Real app, real build, real private
database."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from staff_helpers import csrf_from
from test_council_scopes import KENT, SURREY, _client, _service_in

from graph_app.private import open_private_db
from graph_app.private.feedback import add_feedback


@pytest.fixture(scope="module")
def paged_settings(built, tmp_path_factory):
    return replace(built, private_db_path=tmp_path_factory.mktemp("feedback-pages") / "private.sqlite")


@pytest.fixture(scope="module")
def paged_app(paged_settings, make_module_app):
    return make_module_app(paged_settings)


@pytest.fixture(scope="module")
def items(paged_app, paged_settings):
    """One old Kent item stored before councils were kept (no council), then 600 newer Surrey items."""
    db = open_private_db(paged_settings)
    kent, kent_provider = _service_in(paged_settings, KENT)
    surrey, surrey_provider = _service_in(paged_settings, SURREY)
    old = add_feedback(db, kent, "kent service", kent_provider, "the old kent item", None, None)
    for n in range(600):
        add_feedback(db, surrey, "surrey service", surrey_provider, f"surrey item {n}", None, None, council_iri=SURREY)
    return {"kent": kent, "kent_provider": kent_provider, "old": old}


def _references(html: str) -> list[str]:
    return re.findall(r'<h2 class="govuk-heading-m" id="feedback-\d+">(FB-[A-Z0-9]{4}-[A-Z0-9]{4}):', html)


def test_an_old_item_of_their_council_is_found_behind_500_newer_ones(paged_app, paged_settings, items):
    kent, _ = _client(paged_app, paged_settings, "moderator", councils=(KENT,))
    page = kent.get("/staff/feedback").get_data(as_text=True)
    assert _references(page) == [items["old"]]
    assert "surrey item" not in page and 'class="govuk-pagination"' not in page
    with open_private_db(paged_settings).connect() as conn:  # its council worked out from the graph, and kept
        kept = conn.execute("SELECT council_iri FROM feedback WHERE reference = ?", (items["old"],)).fetchone()[0]
    assert kept == KENT


def test_regional_staff_page_through_every_item(paged_app, paged_settings, items):
    regional, _ = _client(paged_app, paged_settings, "moderator")
    first = regional.get("/staff/feedback").get_data(as_text=True)
    assert len(_references(first)) == 50 and "surrey item 599" in first and "Page 1 of 13" in first
    assert 'href="/staff/feedback?page=2" rel="next"' in first
    last = regional.get("/staff/feedback?page=13").get_data(as_text=True)
    assert _references(last)[-1] == items["old"] and 'rel="prev"' in last and 'rel="next"' not in last
    seen = set()
    for number in range(1, 14):
        seen.update(_references(regional.get(f"/staff/feedback?page={number}").get_data(as_text=True)))
    assert len(seen) == 601  # every item once, none lost between pages


def test_a_scoped_moderator_pages_through_their_councils_items(paged_app, paged_settings, items):
    db = open_private_db(paged_settings)
    for n in range(55):
        add_feedback(db, items["kent"], "kent", items["kent_provider"], f"kent item {n}", None, None, council_iri=KENT)
    kent, _ = _client(paged_app, paged_settings, "moderator", councils=(KENT,))
    first = kent.get("/staff/feedback").get_data(as_text=True)
    second = kent.get("/staff/feedback?page=2").get_data(as_text=True)
    assert len(_references(first)) == 50 and "Page 1 of 2" in first
    assert len(_references(second)) == 6 and items["old"] in _references(second)
    assert "surrey item" not in first + second


@pytest.mark.parametrize("page", ["0", "two", "-1", "999999999"])
def test_a_bad_page_is_refused_naming_the_parameter(paged_app, paged_settings, items, page):
    regional, _ = _client(paged_app, paged_settings, "moderator")
    response = regional.get(f"/staff/feedback?page={page}")
    assert response.status_code == 400 and "&#39;page&#39;" in response.get_data(as_text=True)


def test_feedback_sent_through_the_form_keeps_its_records_council(paged_app, paged_settings, items):
    """A new item is stored with the council of the record it is about, so it needs no filling later."""
    client = paged_app.test_client()
    about = "service/" + items["kent"].rsplit("/", 1)[-1]
    form = client.get(f"/feedback/new?about={about}")
    response = client.post(
        "/feedback",
        data={"about": about, "message": "Sent through the form", "csrf_token": csrf_from(form.get_data(as_text=True))},
    )
    assert response.status_code == 303
    with open_private_db(paged_settings).connect() as conn:
        kept = conn.execute("SELECT council_iri FROM feedback WHERE body = 'Sent through the form'").fetchone()[0]
    assert kept == KENT
