"""A school, college or early years setting closes the way a service does (issue 19's leftover): its staff form
offers "Closed on" (los:Setting-closedOn in ontology/shapes.ttl), and once saved and published through the real
editor its page says it closed with open settings for the same needs and ages to try instead, the council's
changes page and Atom feed list it as closed, and search marks it closed and lists it after open matches."""

from __future__ import annotations

from datetime import UTC, datetime

import feedparser
import pytest
from live_helpers import copy_build, form_data, signed_in_editor_of_an_unchanged_kent_record


@pytest.fixture(scope="module")
def closing(built, tmp_path_factory, make_module_app):
    """An open Kent setting with needs, never changed yet, and a client signed in as its provider's editor."""
    settings = copy_build(built, tmp_path_factory.mktemp("setting-closing") / "data")
    return signed_in_editor_of_an_unchanged_kent_record(settings, make_module_app, "Setting", "runBy")


def test_the_setting_form_offers_the_closing_date_in_its_about_part(closing):
    _app, client, setting, _label = closing
    slug = setting.rsplit("/", 1)[-1]
    response = client.get(f"/staff/records/setting/{slug}/edit")
    assert response.status_code == 200
    form = response.get_data(as_text=True)
    assert 'name="lo-closedOn"' in form
    assert "Only if the school, college or early years setting has closed" in form
    about = client.get(f"/staff/records/setting/{slug}/parts/about").get_data(as_text=True)
    assert 'name="lo-closedOn"' in about  # the task list's "About" part, where the service's is


def test_a_closing_date_that_is_not_a_date_is_refused_naming_the_field(closing):
    _app, client, setting, _label = closing
    slug = setting.rsplit("/", 1)[-1]
    data = form_data(client.get(f"/staff/records/setting/{slug}/edit").get_data(as_text=True))
    data["lo-closedOn"] = ["next Tuesday"]
    response = client.post(f"/staff/records/setting/{slug}/edit", data=data)
    assert response.status_code == 400
    assert "The day the setting closed must be one date" in response.get_data(as_text=True)
    assert "closed on" not in client.get(f"/id/setting/{slug}").get_data(as_text=True).lower()


def test_an_editor_closes_a_setting_and_families_are_told_everywhere(closing):
    app, client, setting, label = closing
    slug = setting.rsplit("/", 1)[-1]
    data = form_data(client.get(f"/staff/records/setting/{slug}/edit").get_data(as_text=True))
    today = datetime.now(UTC).date()  # the change is stamped in UTC
    data["lo-closedOn"] = [today.isoformat()]
    response = client.post(f"/staff/records/setting/{slug}/edit", data=data)
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]

    public = app.test_client()
    words = f"{today.day} {today:%B} {today.year}"
    page = public.get(f"/id/setting/{slug}").get_data(as_text=True)
    assert f'This setting closed on <time datetime="{today.isoformat()}">{words}</time>.' in page
    twin = public.get(f"/id/setting/{slug}.json").get_json()["service_changes"]
    assert twin["closed_on"] == today.isoformat()
    assert twin["alternatives"], "the sample has other open settings for the same needs and ages"
    assert "Instead, try:" in page
    for alternative in twin["alternatives"]:
        assert "/id/setting/" in alternative["url"] and alternative["url"] in page  # settings for a setting
        assert not current_store_closed(app, alternative["iri"])

    listed = public.get("/changes.json?area=kent").get_json()["changes"]["items"]
    mine = [item for item in listed if item["record"] == setting]
    assert len(mine) == 1 and mine[0]["what"] == f"Closed on {words}" and mine[0]["closed_on"] == today.isoformat()
    feed = feedparser.parse(public.get("/changes.atom?area=kent").get_data())
    assert not feed.bozo, feed.get("bozo_exception")
    entry = next(e for e in feed.entries if e.link.endswith(f"/id/setting/{slug}"))
    assert entry.title == f"{label}: Closed on {words}"

    found = public.get("/search.json?q=" + label.replace(" ", "+") + "&area=all").get_json()
    hits = found.get("results") or found.get("hits") or []
    ours = [h for h in hits if h.get("iri") == setting or h.get("url", "").endswith("/" + slug)]
    assert ours and ours[0]["closed_on"] == today.isoformat()
    position = hits.index(ours[0])
    assert all(not h.get("closed_on") for h in hits[:position])


def current_store_closed(app, iri: str) -> bool:
    """Whether the app's live store says this record has closed."""
    response = app.test_client().get(f"{iri.removeprefix('https://w3id.org/se7-local-offer')}.json")
    return bool(response.get_json().get("service_changes", {}).get("closed_on"))


def test_a_closed_setting_with_no_alternative_says_no_open_setting_was_found(closing):
    from flask import render_template

    from graph_app.web.explore.service_changes import ServiceChanges

    app = closing[0]
    closed = ServiceChanges(closed_on="2026-03-03", closed_words="3 March 2026")
    part = "explore/_node_service_changes.html"
    with app.test_request_context("/"):
        setting = render_template(part, service_changes=closed, page={"kind": "setting"})
        service = render_template(part, service_changes=closed, page={"kind": "service"})
    assert "This setting closed on" in setting and "could not find an open setting" in setting
    assert "This service closed on" in service and "could not find an open service" in service
