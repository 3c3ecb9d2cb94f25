"""The law behind a service, in the editor (issue 16): ontology/shapes.ttl gives services a lo:legalBasis
field (sh:class lo:LegislationClause), so the form offers every section of the law, listed under its Act
(los:choicesGroupedBy lo:partOfLegislation); an editor's choice is saved, published in the store at once and
shown in the service's "The law behind this"; a value that is not a section of the law is refused next to the
field."""

from __future__ import annotations

import re

import pytest
from live_helpers import LO, copy_build, current_store, form_data
from staff_helpers import login, make_staff

ID = "https://w3id.org/se7-local-offer/id/"
FIELD = "lo-legalBasis"
TRAVEL = ID + "clause/ea-1996-s508b"


@pytest.fixture(scope="module")
def site(built, tmp_path_factory, make_module_app):
    settings = copy_build(built, tmp_path_factory.mktemp("legal-basis") / "data")
    return make_module_app(settings), settings


@pytest.fixture(scope="module")
def mine(site):
    """An editor signed in for a provider, and one of its services' slugs."""
    app, settings = site
    row = current_store(settings).select(
        f"SELECT ?provider ?service WHERE {{ ?service a <{LO}Service> ; <{LO}providedBy> ?provider }}"
        " ORDER BY ?service LIMIT 1"
    )[0]
    client = app.test_client()
    user, password = make_staff(settings, "editor", row["provider"].value)
    assert login(client, user.email, password).status_code == 303
    return client, row["service"].value.rsplit("/", 1)[-1]


def _clauses(settings, slug: str) -> set[str]:
    rows = current_store(settings).select(f"SELECT ?c WHERE {{ <{ID}service/{slug}> <{LO}legalBasis> ?c }}")
    return {r["c"].value for r in rows}


def test_the_form_lists_every_section_of_the_law_under_its_act(site, mine) -> None:
    client, slug = mine
    html = client.get(f"/staff/records/service/{slug}/edit").get_data(as_text=True)
    assert "The law behind this service" in html and "only says councils must publish a Local Offer" in html
    boxes = re.findall(rf'name="{FIELD}" type="checkbox" value="([^"]+)"', html)
    clauses = current_store(site[1]).select(f"SELECT ?c WHERE {{ ?c a <{LO}LegislationClause> }}")
    assert set(boxes) == {r["c"].value for r in clauses} and len(boxes) >= 35
    groups = re.findall(r'class="[^"]*se7-choice-group">([^<]+)<', html)
    assert "Education Act 1996" in groups and "Children and Families Act 2014" in groups
    assert len(groups) == len(set(groups))  # each Act once: its sections are listed together
    # a section sits under its own Act
    act = html.rindex("se7-choice-group", 0, html.index(f'value="{TRAVEL}"'))
    assert html[act : act + 80].split(">", 1)[1].startswith("Education Act 1996")


def test_an_editor_sets_the_law_and_it_is_published(site, mine) -> None:
    app, settings = site
    client, slug = mine
    edit = f"/staff/records/service/{slug}/edit"
    data = form_data(client.get(edit).get_data(as_text=True))
    data[FIELD] = [TRAVEL]
    saved = client.post(edit, data=data)
    assert saved.status_code == 303, saved.get_data(as_text=True)[:2000]
    assert _clauses(settings, slug) == {TRAVEL}  # what was there before is replaced by the choice
    page = app.test_client().get(f"/id/service/{slug}").get_data(as_text=True)
    assert "Education Act 1996, section 508B" in page and "/id/clause/ea-1996-s508b" in page
    again = form_data(client.get(edit).get_data(as_text=True))
    assert again[FIELD] == [TRAVEL]  # the form shows it ticked


def test_a_value_that_is_not_a_section_of_the_law_is_refused(site, mine) -> None:
    _, settings = site
    client, slug = mine
    edit = f"/staff/records/service/{slug}/edit"
    before = _clauses(settings, slug)
    data = form_data(client.get(edit).get_data(as_text=True))
    data[FIELD] = [ID + "need/autism"]
    refused = client.post(edit, data=data)
    assert refused.status_code == 400
    html = refused.get_data(as_text=True)
    assert f'id="{FIELD}-error"' in html and "must be chosen from the list of sections of the law" in html
    assert _clauses(settings, slug) == before
