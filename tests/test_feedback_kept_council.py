"""Confidential feedback belongs to the council of its record when it was given (kept with it, migration 028):
the inbox's list, its page count, the staff home's "N new feedback" and acting on one item all place it there,
even once the record has moved to another council or left the graph. Before, the list and counts used the kept
council and the item itself the graph's: a Kent moderator was counted an item the inbox then hid, and could
not act on it. Real app, real build, real private database."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from staff_helpers import csrf_from
from test_council_scopes import ID, KENT, SURREY, _client, _service_in

from graph_app.private import open_private_db
from graph_app.private.feedback import add_feedback


@pytest.fixture(scope="module")
def kept_settings(built, tmp_path_factory):
    return replace(built, private_db_path=tmp_path_factory.mktemp("feedback-kept") / "private.sqlite")


@pytest.fixture(scope="module")
def given(kept_settings, make_module_app):
    """Two items given about Kent records: one since moved to Surrey (the graph now places it in Surrey), one
    about a service no longer in the graph."""
    app = make_module_app(kept_settings)
    db = open_private_db(kept_settings)
    surrey, surrey_provider = _service_in(kept_settings, SURREY)
    moved = add_feedback(
        db, surrey, "moved service", surrey_provider, "given when it was Kent's", None, None, council_iri=KENT
    )
    gone = add_feedback(
        db, ID + "service/closed-and-removed", "gone", None, "about a removed service", None, None, council_iri=KENT
    )
    return app, moved, gone


def _shown(html: str) -> list[str]:
    return re.findall(r'id="feedback-\d+">(FB-[A-Z0-9]{4}-[A-Z0-9]{4}):', html)


def _number(html: str, reference: str) -> int:
    return int(re.search(rf'id="feedback-(\d+)">{reference}:', html).group(1))


def new_count(client) -> int:
    """The staff home's "N new feedback" (0 when it says none)."""
    found = re.search(r"(\d+) new feedback", client.get("/staff/").get_data(as_text=True))
    return int(found.group(1)) if found else 0


def test_the_council_it_was_given_in_reads_and_acts_on_it(given, kept_settings):
    app, moved, gone = given
    kent, _ = _client(app, kept_settings, "moderator", councils=(KENT,))
    inbox = kent.get("/staff/feedback").get_data(as_text=True)
    assert sorted(_shown(inbox)) == sorted([moved, gone])
    assert new_count(kent) == 2  # the count is what the inbox lists
    number = _number(inbox, moved)
    acted = kent.post(
        f"/staff/feedback/{number}/status", data={"csrf_token": csrf_from(inbox), "status": "acknowledged"}
    )
    assert acted.status_code == 303
    assert new_count(kent) == 1


def test_another_council_neither_reads_nor_counts_it(given, kept_settings):
    app, moved, gone = given
    surrey, _ = _client(app, kept_settings, "moderator", councils=(SURREY,))
    inbox = surrey.get("/staff/feedback").get_data(as_text=True)
    assert moved not in inbox and gone not in inbox
    assert new_count(surrey) == 0
    regional, _ = _client(app, kept_settings, "moderator")
    assert {moved, gone} <= set(_shown(regional.get("/staff/feedback").get_data(as_text=True)))
