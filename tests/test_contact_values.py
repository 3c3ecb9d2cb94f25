"""Contact details one value at a time (issue 16): every value of the councils' SENDIASS, parent carer forum
and SEN team carries its source, status and (once checked) its date; families never see a value nobody has
checked; staff see every value with its status; an admin checks a value through the shared record form and
families then see it. Real build, real store, real private database, Flask test client."""

from __future__ import annotations

import html
import re
import secrets
from datetime import date, timedelta

import pytest
import rdflib
from live_helpers import copy_build, form_data
from staff_helpers import login, make_staff

from graph_app.config import PROJECT_ROOT
from graph_app.private import open_private_db
from graph_app.private.accounts import create_user

LO = rdflib.Namespace("https://w3id.org/se7-local-offer/def#")
SCHEMA = rdflib.Namespace("https://schema.org/")
ID = "https://w3id.org/se7-local-offer/id/"
COUNCILS = ("brighton-and-hove", "east-sussex", "hampshire", "kent", "medway", "surrey", "west-sussex")
ROLES = ("iass", "parent-carer-forum", "sen-team")
FIELDS = {SCHEMA.telephone, SCHEMA.email, SCHEMA.openingHours, SCHEMA.address}
SWITCHBOARD = "01273 290000"  # Brighton and Hove's, recorded unchecked in data/statutory-contacts.ttl


@pytest.fixture(scope="module")
def data_graph() -> rdflib.Graph:
    graph = rdflib.Graph()
    for name in ("areas.ttl", "statutory-contacts.ttl"):
        graph.parse(PROJECT_ROOT / "data" / name)
    return graph


def _values(graph: rdflib.Graph) -> list[rdflib.URIRef]:
    return sorted(graph.subjects(rdflib.RDF.type, LO.ContactValue))


def test_every_contact_value_has_its_source_status_and_date_when_checked(data_graph) -> None:
    values = _values(data_graph)
    assert len(values) == len(COUNCILS) * len(ROLES) * len(FIELDS)
    today = date.today()
    for value in values:
        assert len(list(data_graph.objects(value, LO.valueOf))) == 1, value
        assert set(data_graph.objects(value, LO.valueField)) <= FIELDS and data_graph.value(value, LO.valueField)
        source = data_graph.value(value, rdflib.DCTERMS.source)
        assert isinstance(source, rdflib.URIRef) and str(source).startswith(("https://", "http://")), value
        status = data_graph.value(value, LO.verificationStatus)
        assert status in (LO.Verified, LO.Unverified), value
        checked = data_graph.value(value, LO.checkedOn)
        if status == LO.Verified:  # a checked value says when, and has something to show
            assert checked is not None and checked.toPython() <= today, value
            assert data_graph.value(value, rdflib.RDF.value), value
        if data_graph.value(value, rdflib.RDF.value) and status == LO.Unverified:
            assert data_graph.value(value, LO.verificationNote), f"{value}: say where the unchecked value came from"


def test_each_statutory_contact_has_a_phone_email_hours_and_address_slot(data_graph) -> None:
    for council in COUNCILS:
        for role in ROLES:
            contact = rdflib.URIRef(f"{ID}contact/{council}-{role}")
            fields = {data_graph.value(v, LO.valueField) for v in data_graph.subjects(LO.valueOf, contact)}
            assert fields == FIELDS, contact


def _unchecked_values(graph: rdflib.Graph) -> set[str]:
    return {
        str(graph.value(v, rdflib.RDF.value))
        for v in _values(graph)
        if graph.value(v, rdflib.RDF.value) and graph.value(v, LO.verificationStatus) != LO.Verified
    }


@pytest.fixture(scope="module")
def contact_settings(built, tmp_path_factory):
    return copy_build(built, tmp_path_factory.mktemp("contacts") / "data")


@pytest.fixture(scope="module")
def contact_app(contact_settings, make_module_app):
    return make_module_app(contact_settings)


def _public_pages() -> list[str]:
    pages = [f"/id/contact/{c}-{r}" for c in COUNCILS for r in ROLES]
    pages += [f"/id/area/{c}" for c in COUNCILS]
    pages += [f"/id/contact-value/{c}-sen-team-telephone" for c in COUNCILS]  # the value's own page
    pages += [f"/id/step/ehc-01-request?area={c}" for c in COUNCILS]
    pages += [f"/contact?area={c}" for c in COUNCILS] + ["/contact", "/search?q=switchboard"]
    return pages


def test_families_never_see_an_unchecked_value(contact_app, data_graph) -> None:
    unchecked = _unchecked_values(data_graph)
    assert SWITCHBOARD in unchecked  # the test has something to find
    client = contact_app.test_client()
    for path in _public_pages():
        for accept in ("text/html", "application/json"):
            response = client.get(path, headers={"Accept": accept})
            assert response.status_code == 200, (path, accept, response.status_code)
            text = html.unescape(response.get_data(as_text=True))
            shown = {v for v in unchecked if v in text}
            assert not shown, f"{path} ({accept}) shows unchecked values {shown}"


def test_families_are_told_the_details_are_being_checked(contact_app) -> None:
    page = contact_app.test_client().get("/id/contact/kent-sen-team").get_data(as_text=True)
    assert "Contact details are being checked: use the council&#39;s website." in page
    assert 'href="https://www.kent.gov.uk/"' in page
    forum = contact_app.test_client().get("/id/contact/kent-iass").get_data(as_text=True)
    assert "Contact details are being checked: use their website." in forum


def _signed_in(app, settings, role, provider=None):
    client = app.test_client()
    user, password = make_staff(settings, role, provider)
    assert login(client, user.email, password).status_code == 303
    return client


def test_staff_see_every_value_with_its_status_and_source(contact_app, contact_settings, data_graph) -> None:
    client = _signed_in(contact_app, contact_settings, "moderator")
    listing = client.get("/staff/contacts/")
    assert listing.status_code == 200
    text = html.unescape(listing.get_data(as_text=True))
    for value in _unchecked_values(data_graph):
        assert value in text, value
    assert "Not checked" in text and "https://www.brighton-hove.gov.uk/" in text
    assert "/staff/records/contact-value/" not in text  # a moderator reads; only admins edit
    page = client.get("/id/contact/brighton-and-hove-sen-team").get_data(as_text=True)
    assert SWITCHBOARD in page and "Not checked" in page and "families do not see this value" in page


def test_signed_out_staff_page_asks_to_sign_in(contact_app) -> None:
    response = contact_app.test_client().get("/staff/contacts/")
    assert response.status_code == 302 and "/staff/login" in response.headers["Location"]


EDIT = "/staff/records/contact-value/{slug}/edit"


def _edit_form(client, slug: str) -> dict[str, list[str]]:
    response = client.get(EDIT.format(slug=slug))
    assert response.status_code == 200, response.status_code
    return form_data(response.get_data(as_text=True))


def test_an_editor_cannot_edit_contact_details(contact_app, contact_settings) -> None:
    # an editor's provider is never a contact, so no editor edits a contact detail
    client = _signed_in(contact_app, contact_settings, "editor", f"{ID}contact/kent-iass")
    assert client.get(EDIT.format(slug="kent-iass-email")).status_code == 403


def test_a_future_checked_date_is_refused(contact_app, contact_settings) -> None:
    client = _signed_in(contact_app, contact_settings, "admin")
    data = _edit_form(client, "surrey-iass-email")
    data["rdf-value"] = ["advice@example.org"]
    data["lo-checkedOn"] = [(date.today() + timedelta(days=3)).isoformat()]
    data["lo-verificationStatus"] = [str(LO.Verified)]
    response = client.post(EDIT.format(slug="surrey-iass-email"), data=data)
    assert response.status_code == 400
    assert "cannot be in the future" in response.get_data(as_text=True)


def test_checked_without_a_date_or_a_tick_is_refused(contact_app, contact_settings) -> None:
    client = _signed_in(contact_app, contact_settings, "admin")
    data = _edit_form(client, "medway-iass-email")
    data["rdf-value"] = ["info@example.org"]
    data["lo-verificationStatus"] = [str(LO.Verified)]
    data.pop("lo-checkedOn", None)
    response = client.post(EDIT.format(slug="medway-iass-email"), data=data)
    assert response.status_code == 400
    assert "Enter the date you checked it" in response.get_data(as_text=True)


def test_an_admin_checks_a_value_and_families_then_see_it(contact_app, contact_settings) -> None:
    slug = "hampshire-sen-team-telephone"
    number = "0300 555 1375"  # recorded unchecked: families must not see it yet
    anonymous = contact_app.test_client()
    assert number not in anonymous.get("/id/contact/hampshire-sen-team").get_data(as_text=True)
    client = _signed_in(contact_app, contact_settings, "admin")
    data = _edit_form(client, slug)
    assert data["rdf-value"] == [number]
    data["checked-against-source"] = ["yes"]
    saved = client.post(EDIT.format(slug=slug), data=data)
    assert saved.status_code == 303, saved.get_data(as_text=True)[:3000]
    assert saved.headers["Location"].endswith(f"/staff/contacts/#{slug}")
    page = anonymous.get("/id/contact/hampshire-sen-team").get_data(as_text=True)
    assert number in page
    assert f"checked on {date.today().day} {date.today():%B %Y}" in page
    assert re.search(r'href="tel:03005551375"', page)
    value_page = anonymous.get(f"/id/contact-value/{slug}")  # checked: its own record page, value and all
    assert value_page.status_code == 200 and number in value_page.get_data(as_text=True)
    # the SEN team has a checked value now: its "being checked" line is gone (the help box's others keep theirs)
    assert "Contact details are being checked: use the council&#39;s website." not in page
    # changing the checked value without ticking again is refused
    data = _edit_form(client, slug)
    data["rdf-value"] = ["0300 555 0000"]
    again = client.post(EDIT.format(slug=slug), data=data)
    assert again.status_code == 400 and "You changed the value or its source" in again.get_data(as_text=True)


def _council_admin(app, settings, council: str):
    client = app.test_client()
    password = "correct horse " + council
    user = create_user(
        open_private_db(settings),
        f"admin-{council}-{secrets.token_hex(3)}@staff.example.org",
        f"{council} admin",
        "admin",
        council_iri=f"{ID}area/{council}",
        password=password,
    )
    assert login(client, user.email, password).status_code == 303
    return client


def test_a_council_admin_edits_only_their_own_councils_contact_details(contact_app, contact_settings) -> None:
    client = _council_admin(contact_app, contact_settings, "kent")
    assert client.get(EDIT.format(slug="kent-iass-email")).status_code == 200
    assert client.get(EDIT.format(slug="medway-iass-email")).status_code == 403
    data = _edit_form(client, "kent-iass-email")
    assert client.post(EDIT.format(slug="medway-iass-email"), data=data).status_code == 403
    listing = client.get("/staff/contacts/").get_data(as_text=True)
    assert "/staff/records/contact-value/kent-iass-email/edit" in listing
    assert "/staff/records/contact-value/medway-iass-email/edit" not in listing
