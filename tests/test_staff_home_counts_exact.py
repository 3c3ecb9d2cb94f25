"""The staff home's "N new feedback" is counted by the database for every role (issue 18's leftover): regional
staff saw at most the newest 500 items counted. More than 500 new items, stored by the app's own add_feedback,
must all be counted for a regional admin, an editor and the council's own admin, none for another council's."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import pytest
from staff_helpers import login

from graph_app.notify.digest import counts_for
from graph_app.private import open_private_db
from graph_app.private.accounts import create_user
from graph_app.private.feedback import add_feedback, new_feedback_count, set_status

ID = "https://w3id.org/se7-local-offer/id/"
KENT = f"{ID}area/kent"
MEDWAY = f"{ID}area/medway"
MANY = 503  # more than the 500 newest items the count used to look at
PASSWORD = "exact counts passphrase 7"


def store_feedback(db, count: int, about: str, provider: str, council: str | None) -> None:
    for n in range(count):
        add_feedback(db, about, "A service", provider, f"Message {n}", None, None, council_iri=council)


def test_every_role_counts_more_than_500_new_items_on_both_engines(private_db):
    private_db.migrate()
    provider = f"{ID}provider/counted"
    store_feedback(private_db, MANY, f"{ID}service/counted", provider, KENT)
    store_feedback(private_db, 2, f"{ID}service/older", provider, None)  # kept before migration 028: no council
    store_feedback(private_db, 4, f"{ID}service/elsewhere", f"{ID}provider/other", MEDWAY)
    regional = create_user(private_db, "regional@example.org", "Reg", "admin", password=PASSWORD)
    kent = create_user(private_db, "kent@example.org", "Kent", "admin", password=PASSWORD, councils=[KENT])
    medway = create_user(private_db, "medway@example.org", "Med", "moderator", password=PASSWORD, councils=[MEDWAY])
    editor = create_user(private_db, "ed@example.org", "Ed", "editor", provider, password=PASSWORD)

    def placed(about: str, _provider: str | None) -> str | None:  # the graph's answer for the unplaced items
        return KENT if about.endswith("/older") else None

    assert new_feedback_count(private_db, regional, placed) == MANY + 2 + 4
    assert new_feedback_count(private_db, kent, placed) == MANY + 2
    assert new_feedback_count(private_db, medway, placed) == 4
    assert new_feedback_count(private_db, editor, placed) == MANY + 2
    with private_db.connect() as conn:
        first = conn.execute("SELECT MIN(id) FROM feedback WHERE council_iri = ?", (KENT,)).fetchone()[0]
    set_status(private_db, first, "acknowledged", regional)  # the oldest: far behind the newest 500
    assert new_feedback_count(private_db, regional, placed) == MANY + 2 + 4 - 1
    assert new_feedback_count(private_db, kent, placed) == MANY + 2 - 1
    assert new_feedback_count(private_db, medway, placed) == 4


@pytest.fixture(scope="module")
def settings(built, tmp_path_factory):
    return replace(built, private_db_path=tmp_path_factory.mktemp("exact-counts") / "private.sqlite")


@pytest.fixture(scope="module")
def app(settings, make_module_app):
    return make_module_app(settings)


def shown_count(app, email: str) -> int:
    client = app.test_client()
    assert login(client, email, PASSWORD).status_code == 303
    home = client.get("/staff/").get_data(as_text=True)
    found = re.search(r"(\d+) new feedback", home)
    assert found, home
    return int(found.group(1))


def test_the_staff_home_shows_the_exact_number_of_new_feedback(app, settings):
    from graph_app.notify.scope import record_councils
    from graph_app.queries import QueryLibrary
    from graph_app.store import open_store

    store, library = open_store(settings), QueryLibrary(settings.queries_dir)
    councils = record_councils(store, library)
    service = next(iri for iri in sorted(councils) if iri.startswith(ID + "service/"))
    own = councils[service]
    other = next(c for c in sorted(set(councils.values())) if c != own)
    db = open_private_db(settings)
    db.migrate()
    store_feedback(db, MANY, service, f"{ID}provider/home-counts", own)
    regional = create_user(db, "home.regional@example.org", "Reg", "admin", password=PASSWORD)
    ours = create_user(db, "home.ours@example.org", "Ours", "admin", password=PASSWORD, councils=[own])
    theirs = create_user(db, "home.theirs@example.org", "Theirs", "admin", password=PASSWORD, councils=[other])
    assert shown_count(app, regional.email) == MANY
    assert shown_count(app, ours.email) == MANY
    assert shown_count(app, theirs.email) == 0
    store_feedback(db, 1, service, f"{ID}provider/home-counts", None)  # no council kept: placed by the graph
    assert shown_count(app, regional.email) == MANY + 1
    assert shown_count(app, ours.email) == MANY + 1
    assert shown_count(app, theirs.email) == 0
    # the weekly digest counts the same way (graph_app/notify/digest.py)
    for user, expected in ((regional, MANY + 1), (ours, MANY + 1), (theirs, 0)):
        counts = counts_for(db, store, library, user, date.today(), councils=councils, id_base=ID)
        assert counts["feedback"] == expected
