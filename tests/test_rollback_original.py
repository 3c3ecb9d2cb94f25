"""Roll back to the original version (issue 18): version 0, the record as first published, is reachable from the
versions page, and the record's council's moderators may restore it (they change nothing else); another
council's moderator may not. Real app, real build copy, real publishes."""

from __future__ import annotations

import re
import secrets

import pytest
from live_helpers import LO, copy_build, current_store, form_data
from staff_helpers import csrf_from, login

from graph_app.live import versions
from graph_app.private import accounts, open_private_db

ID = "https://w3id.org/se7-local-offer/id/"
KENT, SURREY = ID + "area/kent", ID + "area/surrey"


@pytest.fixture(scope="module")
def rollback_settings(built, tmp_path_factory):
    return copy_build(built, tmp_path_factory.mktemp("rollback-original") / "data")


@pytest.fixture(scope="module")
def rollback_app(rollback_settings, make_module_app):
    return make_module_app(rollback_settings)


def _signed_in(app, settings, role, provider=None, councils=()):
    password = "correct horse " + secrets.token_hex(8)
    email = f"{role}-{secrets.token_hex(4)}@rollback.example.org"
    accounts.create_user(open_private_db(settings), email, f"Test {role}", role, provider, password, councils=councils)
    client = app.test_client()
    assert login(client, email, password).status_code == 303
    return client


def _kent_service(settings) -> tuple[str, str, str]:
    rows = current_store(settings).select(
        f"SELECT ?s ?p ?cost WHERE {{ ?s a <{LO}Service> ; <{LO}providedBy> ?p ; <{LO}cost> ?cost ; "
        f"<{LO}locatedIn> ?a . {{ FILTER(?a = <{KENT}>) }} UNION {{ ?a <{LO}partOfArea> <{KENT}> }} }} "
        "ORDER BY ?s LIMIT 1"
    )
    assert rows, "the sample has no Kent service with a cost"
    return rows[0]["p"].value, rows[0]["s"].value.rsplit("/", 1)[-1], rows[0]["cost"].value


def _edit_cost(client, slug: str, cost: str) -> None:
    data = form_data(client.get(f"/staff/records/service/{slug}/edit").get_data(as_text=True))
    data["lo-cost"] = [cost]
    assert client.post(f"/staff/records/service/{slug}/edit", data=data).status_code == 303


def test_a_councils_moderator_restores_the_original_version(rollback_app, rollback_settings):
    provider, slug, original = _kent_service(rollback_settings)
    editor = _signed_in(rollback_app, rollback_settings, "editor", provider)
    _edit_cost(editor, slug, "First new cost")
    _edit_cost(editor, slug, "Second new cost")
    iri = f"{ID}service/{slug}"
    assert versions.latest(open_private_db(rollback_settings), iri).number == 2

    surrey = _signed_in(rollback_app, rollback_settings, "moderator", councils=(SURREY,))
    assert surrey.get(f"/staff/records/service/{slug}/versions").status_code == 403
    csrf = csrf_from(surrey.get("/staff/").get_data(as_text=True))
    refused = surrey.post(
        f"/staff/records/service/{slug}/versions/0/rollback", data={"csrf_token": csrf, "based_on": "2"}
    )
    assert refused.status_code == 403

    kent = _signed_in(rollback_app, rollback_settings, "moderator", councils=(KENT,))
    page = kent.get(f"/staff/records/service/{slug}/versions").get_data(as_text=True)
    assert "Roll back to the original version" in page
    assert f'action="/staff/records/service/{slug}/versions/0/rollback"' in page
    csrf = csrf_from(page)
    # a moderator restores the original only: any other version is the editor's or an admin's to choose
    other = kent.post(f"/staff/records/service/{slug}/versions/1/rollback", data={"csrf_token": csrf, "based_on": "2"})
    assert other.status_code == 403
    based_on = re.search(r'name="based_on" value="(\d+)"', page).group(1)
    done = kent.post(
        f"/staff/records/service/{slug}/versions/0/rollback", data={"csrf_token": csrf, "based_on": based_on}
    )
    assert done.status_code == 303
    latest = versions.latest(open_private_db(rollback_settings), iri)
    assert latest.number == 3 and latest.rolled_back_from == 0
    public = rollback_app.test_client().get(f"/id/service/{slug}").get_data(as_text=True)
    assert "Second new cost" not in public and original.split()[0] in public
    # the comparison of the rollback shows the cost going back, word by word
    compare = kent.get(f"/staff/records/service/{slug}/versions/3").get_data(as_text=True)
    assert "<del>" in compare and "Second" in compare
