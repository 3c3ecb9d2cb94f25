"""Providers edit their own organisation's profile (issue 18): a form from the provider shape, linked from the
dashboard; an editor edits exactly their own provider's record, never another's (403 on GET and POST, the
review, the versions and a rollback), cannot hand it to another owner or add a provider; admins edit any.
Real store, real private database, Flask test client."""

from __future__ import annotations

import re

import pytest
from live_helpers import LO, copy_build, current_store, form_data
from staff_helpers import csrf_from, login, make_staff

SCHEMA = "https://schema.org/"


@pytest.fixture(scope="module")
def settings(built, tmp_path_factory):
    return copy_build(built, tmp_path_factory.mktemp("provider-profile") / "data")


@pytest.fixture(scope="module")
def app(settings, make_module_app):
    return make_module_app(settings)


@pytest.fixture(scope="module")
def providers(settings) -> tuple[str, str]:
    rows = current_store(settings).select(f"SELECT ?p WHERE {{ ?p a <{LO}Provider> }} ORDER BY ?p LIMIT 2")
    return rows[0]["p"].value, rows[1]["p"].value


def _signed_in(app, settings, role, provider=None):
    client = app.test_client()
    user, password = make_staff(settings, role, provider)
    assert login(client, user.email, password).status_code == 303
    return client


def _slug(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def _values(settings, iri: str, path: str) -> list[str]:
    rows = current_store(settings).select(f"SELECT ?v WHERE {{ <{iri}> <{path}> ?v }}")
    return sorted(r["v"].value for r in rows)


def test_the_dashboard_links_an_editor_to_their_own_profile_form(app, settings, providers):
    mine, theirs = providers
    client = _signed_in(app, settings, "editor", mine)
    dashboard = client.get("/staff/records/").get_data(as_text=True)
    assert "Edit your organisation&#39;s profile" in dashboard or "Edit your organisation's profile" in dashboard
    assert f'href="/staff/records/provider/{_slug(mine)}/edit"' in dashboard
    assert f"/staff/records/provider/{_slug(theirs)}/edit" not in dashboard
    form = client.get(f"/staff/records/provider/{_slug(mine)}/edit").get_data(as_text=True)
    for name in ("Name", "About the organisation", "Website", "Street", "Town", "Postcode"):
        assert f">{name}" in form, name
    assert 'name="lo-lastReviewed"' not in form  # set by the app, never typed


def test_an_editor_saves_their_profile_and_it_is_published_and_versioned(app, settings, providers):
    mine, _ = providers
    client = _signed_in(app, settings, "editor", mine)
    data = form_data(client.get(f"/staff/records/provider/{_slug(mine)}/edit").get_data(as_text=True))
    data["dcterms-description"] = ["We run pangolin-themed sensory sessions."]
    data["schema-streetAddress"] = ["1 Example Road"]
    data["schema-postalCode"] = ["TN1 1AA"]
    data["checked-whole-record"] = ["yes"]
    response = client.post(f"/staff/records/provider/{_slug(mine)}/edit", data=data)
    assert response.status_code == 303, re.findall(r"error-message.{0,300}", response.get_data(as_text=True))
    assert _values(settings, mine, SCHEMA + "streetAddress") == ["1 Example Road"]
    assert "pangolin-themed" in app.test_client().get(f"/id/provider/{_slug(mine)}").get_data(as_text=True)
    history = client.get(f"/staff/records/provider/{_slug(mine)}/versions").get_data(as_text=True)
    assert re.search(rf"/staff/records/provider/{_slug(mine)}/versions/1\b", history)


def test_a_bad_postcode_is_refused_next_to_its_field(app, settings, providers):
    mine, _ = providers
    client = _signed_in(app, settings, "editor", mine)
    data = form_data(client.get(f"/staff/records/provider/{_slug(mine)}/edit").get_data(as_text=True))
    data["schema-postalCode"] = ["not a postcode"]
    response = client.post(f"/staff/records/provider/{_slug(mine)}/edit", data=data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert '<a href="#schema-postalCode">' in html and "The postcode must look like a UK postcode" in html


def test_an_editor_cannot_open_save_review_or_roll_back_another_providers_profile(app, settings, providers):
    mine, theirs = providers
    client = _signed_in(app, settings, "editor", mine)
    own_form = client.get(f"/staff/records/provider/{_slug(mine)}/edit").get_data(as_text=True)
    token = csrf_from(own_form)
    before = current_store(settings).select(f"SELECT ?p ?o WHERE {{ <{theirs}> ?p ?o }}")
    other = f"/staff/records/provider/{_slug(theirs)}"
    assert client.get(f"{other}/edit").status_code == 403
    data = form_data(own_form)
    data["dcterms-description"] = ["Taken over."]
    assert client.post(f"{other}/edit", data=data).status_code == 403
    assert client.get(f"{other}/reviewed").status_code == 403
    assert client.post(f"{other}/reviewed", data={"csrf_token": token, "based_on": "0"}).status_code == 403
    assert client.get(f"{other}/versions").status_code == 403
    assert client.post(f"{other}/versions/0/rollback", data={"csrf_token": token, "based_on": "0"}).status_code in (
        403,
        404,
    )
    assert current_store(settings).select(f"SELECT ?p ?o WHERE {{ <{theirs}> ?p ?o }}") == before


def test_an_editor_cannot_hand_their_profile_to_another_owner_nor_add_a_provider(app, settings, providers):
    mine, theirs = providers
    client = _signed_in(app, settings, "editor", mine)
    for key in ("owned-by-itself", "lo-providedBy", "lo-runBy"):
        data = form_data(client.get(f"/staff/records/provider/{_slug(mine)}/edit").get_data(as_text=True))
        tampered = {**data, key: [theirs], "dcterms-description": ["Now theirs."]}
        response = client.post(f"/staff/records/provider/{_slug(mine)}/edit", data=tampered)
        assert response.status_code == (403 if key == "owned-by-itself" else 303), key
    for path in (LO + "providedBy", LO + "runBy"):
        assert _values(settings, mine, path) == []  # the profile names no owner but itself
    assert client.get(f"/staff/records/provider/{_slug(mine)}/edit").status_code == 200  # still theirs to edit
    assert client.get("/staff/records/new/provider").status_code == 403
    new = {**data, "rdfs-label": ["A second organisation"]}
    assert client.post("/staff/records/new/provider", data=new).status_code == 403


def test_an_admin_may_edit_any_providers_profile(app, settings, providers):
    _, theirs = providers
    admin = _signed_in(app, settings, "admin")
    assert admin.get(f"/staff/records/provider/{_slug(theirs)}/edit").status_code == 200
    assert "Edit this organisation" in admin.get("/staff/records/", query_string={"provider": theirs}).get_data(
        as_text=True
    )


def test_an_editor_changes_their_organisations_own_contact_on_its_profile(app, settings, providers):
    """The provider's own contacts are a sub-form of its profile (contact/provider-{slug}-...): the office
    contact the sample gives shows filled, and a changed phone number is published with the profile."""
    mine, theirs = providers
    client = _signed_in(app, settings, "editor", mine)
    html = client.get(f"/staff/records/provider/{_slug(mine)}/edit").get_data(as_text=True)
    assert "Contacts for your organisation" in html
    office = re.search(r'type="hidden" name="sub-contact-1-iri" value="([^"]+)"', html)
    assert office and office.group(1).startswith(f"{settings.base}id/contact/provider-{_slug(mine)}-")
    data = form_data(html)
    data["sub-contact-count"] = re.findall(r'name="sub-contact-count" value="(\d+)"', html)
    data["sub-contact-1-iri"] = [office.group(1)]
    data["sub-contact-1-schema-telephone"] = ["01632 960999"]
    data.setdefault("sub-contact-1-public", ["yes"])
    response = client.post(f"/staff/records/provider/{_slug(mine)}/edit", data=data)
    assert response.status_code == 303, re.findall(r"error-message.{0,300}", response.get_data(as_text=True))
    assert _values(settings, office.group(1), SCHEMA + "telephone") == ["01632 960999"]
    assert office.group(1) in _values(settings, mine, LO + "hasContact")
    # another organisation's contact named in the form is never theirs to change: it becomes a new item
    their_contact = _values(settings, theirs, LO + "hasContact")[0]
    before = _values(settings, their_contact, SCHEMA + "telephone")
    data = form_data(client.get(f"/staff/records/provider/{_slug(mine)}/edit").get_data(as_text=True))
    data.update({"sub-contact-count": ["2"], "sub-contact-1-iri": [their_contact], "sub-contact-1-public": ["yes"]})
    data["sub-contact-1-schema-telephone"] = ["01632 960111"]
    client.post(f"/staff/records/provider/{_slug(mine)}/edit", data=data)
    assert _values(settings, their_contact, SCHEMA + "telephone") == before
