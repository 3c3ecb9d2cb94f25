"""Service changes end to end through the real editor (issue 19): an editor closes a service with a note to
families ("Closed on" and "What changed, in your words", fields the form takes from ontology/shapes.ttl), and
at once its page says it closed today with open alternatives and the note dated today, the council's changes
page and feed list it as closed, and search marks it closed and lists it after open matches."""

from __future__ import annotations

from datetime import UTC, datetime

import feedparser
import pytest
from live_helpers import copy_build, form_data, signed_in_editor_of_an_unchanged_kent_record

NOTE = "We are closing at the end of term & moving our sessions to the Oak Hall club <for now>."


@pytest.fixture(scope="module")
def closing(built, tmp_path_factory, make_module_app):
    settings = copy_build(built, tmp_path_factory.mktemp("closing") / "data")
    return signed_in_editor_of_an_unchanged_kent_record(settings, make_module_app, "Service", "providedBy")


def test_an_editor_closes_a_service_and_families_are_told_everywhere(closing):
    app, client, service, label = closing
    slug = service.rsplit("/", 1)[-1]
    form = client.get(f"/staff/records/service/{slug}/edit").get_data(as_text=True)
    data = form_data(form)
    assert "lo-closedOn" in form and "lo-changeNotice" in form, "the form takes both fields from the shapes"
    today = datetime.now(UTC).date()  # the change is stamped in UTC
    data.update({"lo-closedOn": [today.isoformat()], "lo-changeNotice": [NOTE]})
    response = client.post(f"/staff/records/service/{slug}/edit", data=data)
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]

    public = app.test_client()
    words = f"{today.day} {today:%B} {today.year}"
    page = public.get(f"/id/service/{slug}").get_data(as_text=True)
    assert f'This service closed on <time datetime="{today.isoformat()}">{words}</time>.' in page
    assert "What changed on" in page and "&amp; moving our sessions" in page and "&lt;for now&gt;" in page
    twin = public.get(f"/id/service/{slug}.json").get_json()["service_changes"]
    assert twin["closed_on"] == today.isoformat() and twin["notice"]["own_words"] and twin["alternatives"]

    listed = public.get("/changes.json?area=kent").get_json()["changes"]["items"]
    mine = [item for item in listed if item["record"] == service]
    assert len(mine) == 1 and mine[0]["what"] == f"Closed on {words}" and mine[0]["notice"] == NOTE
    assert listed[0]["record"] == service  # the newest first
    feed = feedparser.parse(public.get("/changes.atom?area=kent").get_data())
    assert not feed.bozo and feed.entries[0].summary.endswith(NOTE)

    found = public.get("/search.json?q=" + label.replace(" ", "+") + "&area=all").get_json()
    hits = found.get("results") or found.get("hits") or []
    ours = [h for h in hits if h.get("iri") == service or h.get("url", "").endswith("/" + slug)]
    assert ours and ours[0]["closed_on"] == today.isoformat()
    position = hits.index(ours[0])
    assert all(not h.get("closed_on") for h in hits[:position])
