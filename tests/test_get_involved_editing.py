"""How to get involved (issue 19) kept by the council: a council admin finds their consultations, surveys and
youth forums on /staff/council-content, edits one through the real SHACL form (a closing day before the
opening day is refused next to the field, naming it), saves, and families see the change on
/get-involved; another council's admin may not; a new consultation is the admin's own council's."""

from __future__ import annotations

import secrets

import pytest
from live_helpers import copy_build, form_data
from staff_helpers import csrf_from, login

from graph_app.private import open_private_db
from graph_app.private.accounts import create_user

ID = "https://w3id.org/se7-local-offer/id/"
EDIT = "/staff/records/consultation/kent-short-breaks-review/edit"


@pytest.fixture(scope="module")
def site(built, tmp_path_factory, make_module_app):
    settings = copy_build(built, tmp_path_factory.mktemp("involvement-editing") / "data")
    return make_module_app(settings), settings


def _signed_in(site, role: str, council: str | None = None):
    app, settings = site
    client = app.test_client()
    password = "correct horse " + secrets.token_hex(8)
    email = f"{role}-{secrets.token_hex(4)}@staff.example.org"
    create_user(open_private_db(settings), email, "Test", role, None, password, council_iri=council)
    assert login(client, email, password).status_code == 303
    return client


def test_the_councils_list_links_to_its_consultations_and_youth_forum(site) -> None:
    kent = _signed_in(site, "admin", ID + "area/kent")
    listing = kent.get("/staff/council-content/").get_data(as_text=True)
    section = listing[listing.index('id="involvement"') :]
    assert EDIT in section and "/staff/records/youth-forum/kent-send-youth-voice/edit" in section
    assert "/staff/records/consultation/medway-" not in section  # their own council's only
    assert "/staff/records/new/consultation" in section


def test_only_that_councils_admins_may_edit(site) -> None:
    assert _signed_in(site, "admin", ID + "area/kent").get(EDIT).status_code == 200
    assert _signed_in(site, "admin").get(EDIT).status_code == 200  # a regional admin
    medway = _signed_in(site, "admin", ID + "area/medway")
    assert medway.get(EDIT).status_code == 403
    token = csrf_from(medway.get("/staff/council-content/").get_data(as_text=True))
    assert medway.post(EDIT, data={"csrf_token": token, "based_on": "0"}).status_code == 403
    assert _signed_in(site, "moderator").get(EDIT).status_code == 403


def test_a_closing_day_before_the_opening_day_is_refused_then_a_good_edit_is_published(site) -> None:
    app, _ = site
    kent = _signed_in(site, "admin", ID + "area/kent")
    form = form_data(kent.get(EDIT).get_data(as_text=True))
    assert "lo-involvementIn" not in form  # their own council: shown, never changed
    opens = form["schema-startDate"][0]
    form["schema-endDate"] = ["2020-01-01"]
    refused = kent.post(EDIT, data=form)
    assert refused.status_code == 400
    html = refused.get_data(as_text=True)
    assert 'id="schema-startDate-error"' in html and "no later than the day it closes" in html
    form["schema-endDate"] = ["2099-12-31"]
    form["lo-whatWeDid"] = ["You told us you want more places in the holidays, so we are adding 40 places."]
    saved = kent.post(EDIT, data=form)
    assert saved.status_code == 303 and "/staff/council-content/" in saved.headers["Location"]
    public = app.test_client().get("/get-involved.json?area=kent").get_json()["involvement"]
    item = next(i for i in public["open_now"] + public["coming_soon"] if i["iri"].endswith("/kent-short-breaks-review"))
    assert item["end"] == "2099-12-31" and item["start"] == opens


def test_a_council_admin_adds_a_consultation_for_their_own_council(site) -> None:
    app, _ = site
    kent = _signed_in(site, "admin", ID + "area/kent")
    path = "/staff/records/new/consultation"
    form = form_data(kent.get(path).get_data(as_text=True))
    form.update(
        {
            "rdfs-label": ["Changes to the SEND transport policy"],
            "dcterms-description": ["Tell us what you think about our plans for travel to school and college."],
            "schema-startDate": ["2026-01-05"],
            "schema-endDate": ["2026-02-27"],
            "lo-isSample": ["false"],
        }
    )
    saved = kent.post(path, data=form)
    assert saved.status_code == 303, saved.get_data(as_text=True)[:2000]
    public = app.test_client().get("/get-involved.json?area=kent").get_json()["involvement"]
    made = next(i for i in public["closed"] if i["label"] == "Changes to the SEND transport policy")
    assert made["is_sample"] is False and made["end"] == "2026-02-27"


def test_a_council_admin_adds_training_with_a_day_and_a_time(site) -> None:
    app, _ = site
    kent = _signed_in(site, "admin", ID + "area/kent")
    path = "/staff/records/new/training"
    html = kent.get(path).get_data(as_text=True)
    assert 'name="schema-startDate" type="text"' in html
    assert "https://schema.org/OnlineEventAttendanceMode" in html  # online, in person or either, to choose from
    form = form_data(html)
    form.update(
        {
            "rdfs-label": ["Preparing for your child's annual review"],
            "dcterms-description": ["A free workshop on getting ready for your child's annual review meeting."],
            "lo-forWhom": ["Parents and carers of children with an EHC plan"],
            "lo-eventPlace": ["Online: you get a link by email when you book."],
            "schema-eventAttendanceMode": ["https://schema.org/OnlineEventAttendanceMode"],
            "schema-startDate": ["2099-03-04 25:00"],
            "schema-endDate": ["2099-03-04 12:00"],
            "lo-isSample": ["false"],
        }
    )
    refused = kent.post(path, data=form)
    assert refused.status_code == 400 and 'id="schema-startDate-error"' in refused.get_data(as_text=True)
    form["schema-startDate"] = ["2099-03-04 13:00"]  # after it ends
    refused = kent.post(path, data=form)
    assert refused.status_code == 400
    assert "no later than when it ends" in refused.get_data(as_text=True)
    form["schema-startDate"] = ["2099-03-04 10:00"]
    saved = kent.post(path, data=form)
    assert saved.status_code == 303, saved.get_data(as_text=True)[:2000]
    public = app.test_client().get("/get-involved.json?area=kent").get_json()["involvement"]
    made = next(i for i in public["training"] if i["label"] == "Preparing for your child's annual review")
    assert made["start"] == "2099-03-04T10:00:00" and made["end"] == "2099-03-04T12:00:00"
    assert made["mode"] == "online" and made["is_sample"] is False
    listing = kent.get("/staff/council-content/").get_data(as_text=True)
    assert "2099-03-04 10:00 to 2099-03-04 12:00" in listing
