"""Council statements on the web: a heading's page shows the chosen council's statement first (answer
first, with "Last reviewed" and the sample marking), the others in a short list; council admins edit their
own council's statements through the staff form (preview with a reading age, save, versions), and nobody
else's: an admin of another council, an editor and a moderator get 403."""

from __future__ import annotations

import re
import secrets

import pytest
from live_helpers import copy_build, form_data
from staff_helpers import csrf_from, login

from graph_app.private import open_private_db
from graph_app.private.accounts import create_user

ID = "https://w3id.org/se7-local-offer/id/"
HEADING = "/id/heading/education-travel-policy"
EDIT = "/staff/records/council-statement/kent-education-travel-policy/edit"


def test_a_heading_page_shows_the_chosen_councils_statement_first(client) -> None:
    html = client.get(HEADING + "?area=kent").get_data(as_text=True)
    main = html[html.index("<main") :]
    kent = main.index("What Kent says")
    assert kent < main.index("What other councils say (6)")
    assert kent < main.index('id="summary-heading"')  # before the heading's own summary: the answer first
    assert "Help with travel in Kent County Council" in main
    assert "Sample text: invented to show what the council will write here" in main
    assert re.search(r"Last reviewed: \d{4}-\d{2}-\d{2}\.", main)
    assert "/id/council-statement/medway-education-travel-policy" in main  # the others, a click away
    other = client.get(HEADING + "?area=medway").get_data(as_text=True)
    assert "What Medway says" in other and "Help with travel in Medway Council" in other


def test_without_a_council_the_page_asks_for_one_and_lists_them_all(client) -> None:
    html = client.get(HEADING + "?area=").get_data(as_text=True)
    assert "Choose your council to see what it says about this" in html
    assert "What each council says (7)" in html


def test_the_twin_holds_the_same_statement(client) -> None:
    twin = client.get(HEADING + ".json?area=kent").get_json()
    chosen = twin["page"]["council_statement"]["chosen"]
    assert chosen["council"] == "Kent" and chosen["is_sample"] is True
    assert chosen["paragraphs"][0].startswith("Sample text:")


@pytest.fixture(scope="module")
def site(built, tmp_path_factory, make_module_app):
    settings = copy_build(built, tmp_path_factory.mktemp("council-pages") / "data")
    return make_module_app(settings), settings


def _signed_in(site, role: str, council: str | None = None, provider: str | None = None):
    app, settings = site
    client = app.test_client()
    password = "correct horse " + secrets.token_hex(8)
    email = f"{role}-{secrets.token_hex(4)}@staff.example.org"
    create_user(open_private_db(settings), email, "Test", role, provider, password, council_iri=council)
    assert login(client, email, password).status_code == 303
    return client


def test_only_that_councils_admins_and_regional_admins_may_edit(site) -> None:
    assert _signed_in(site, "admin", ID + "area/kent").get(EDIT).status_code == 200
    assert _signed_in(site, "admin").get(EDIT).status_code == 200  # a regional admin
    medway = _signed_in(site, "admin", ID + "area/medway")
    assert medway.get(EDIT).status_code == 403
    token = csrf_from(medway.get("/staff/council-content/").get_data(as_text=True))
    assert medway.post(EDIT, data={"csrf_token": token, "based_on": "0"}).status_code == 403
    assert medway.get("/staff/council-content/?council=kent").status_code == 403
    assert _signed_in(site, "moderator").get(EDIT).status_code == 403
    editor = _signed_in(site, "editor", provider=ID + "provider/" + "kent-county-council")
    assert editor.get(EDIT).status_code == 403
    assert editor.get("/staff/records/new/council-statement").status_code == 403


def test_preview_then_save_shows_on_the_heading_page(site) -> None:
    app, _ = site
    kent = _signed_in(site, "admin", ID + "area/kent")
    listing = kent.get("/staff/council-content/").get_data(as_text=True)
    assert "Council content: Kent" in listing and EDIT in listing
    form = form_data(kent.get(EDIT).get_data(as_text=True))
    assert "lo-statementOf" not in form  # their own council: shown, never changed
    text = "You can ask us for help with travel to school.\n\nWe write to you with our decision in 20 days."
    form.update({"lo-statementText": [text], "lo-isSample": ["false"], "rdfs-label": ["Travel to school in Kent"]})
    preview = kent.post(EDIT, data={**form, "action": ["preview"]})
    assert preview.status_code == 200
    shown = preview.get_data(as_text=True)
    assert "Preview: not saved yet" in shown and "We write to you with our decision in 20 days." in shown
    assert re.search(r"Reading age about \d+ \(Flesch-Kincaid grade [\d.]+\)", shown)
    public = app.test_client()
    assert "Travel to school in Kent" not in public.get(HEADING + "?area=kent").get_data(as_text=True)

    saved = kent.post(EDIT, data=form)
    assert saved.status_code == 303 and "/staff/council-content/" in saved.headers["Location"]
    page = public.get(HEADING + "?area=kent").get_data(as_text=True)
    assert "Travel to school in Kent" in page and "We write to you with our decision in 20 days." in page
    statement = page[page.index("What Kent says") : page.index("What other councils say")]
    assert "Sample text: invented" not in statement  # no longer marked as sample
    versions = kent.get(EDIT.replace("/edit", "/versions")).get_data(as_text=True)
    assert "Version 1" in versions


def test_web_page_code_is_refused_next_to_its_field(site) -> None:
    kent = _signed_in(site, "admin", ID + "area/kent")
    edit = EDIT.replace("travel-policy", "mission-statement")
    form = form_data(kent.get(edit).get_data(as_text=True))
    form["lo-statementText"] = ["<script>alert(1)</script> We want every child to do well."]
    refused = kent.post(edit, data=form)
    assert refused.status_code == 400
    html = refused.get_data(as_text=True)
    assert 'id="lo-statementText-error"' in html and "<script>alert(1)" not in html


def test_a_council_admin_writes_a_statement_for_a_heading_without_one(site) -> None:
    kent = _signed_in(site, "admin", ID + "area/kent")
    path = "/staff/records/new/council-statement?heading=education-travel-policy"
    form = form_data(kent.get(path).get_data(as_text=True))
    assert form.get("lo-aboutHeading") == [ID + "heading/education-travel-policy"]
    form.update({"rdfs-label": ["A second travel statement"], "lo-statementText": ["You can ask us for a bus pass."]})
    saved = kent.post(path, data=form)
    assert saved.status_code == 303
    made = kent.get("/staff/records/council-statement/kent-education-travel-policy-2/edit")
    assert made.status_code == 200


def test_an_admin_invites_a_council_admin_for_one_council(site) -> None:
    from graph_app.private.accounts import user_by_email

    _, settings = site
    regional = _signed_in(site, "admin")
    token = csrf_from(regional.get("/staff/admin/users").get_data(as_text=True))
    base = {"csrf_token": token, "name": "Kim Council", "role": "admin", "provider": ""}
    made = regional.post("/staff/admin/users", data={**base, "email": "kim@kent.example.org", "council": "kent"})
    assert made.status_code == 200 and "/staff/invitation/" in made.get_data(as_text=True)
    assert user_by_email(open_private_db(settings), "kim@kent.example.org").council_iri == ID + "area/kent"
    wrong = regional.post("/staff/admin/users", data={**base, "email": "x@kent.example.org", "council": "narnia"})
    assert wrong.status_code == 400 and 'id="council-error"' in wrong.get_data(as_text=True)
    # moderators may be given councils too (issue 18: council-scoped roles); an editor may not
    moderator = {**base, "role": "moderator", "email": "m@kent.example.org", "council": "kent"}
    assert regional.post("/staff/admin/users", data=moderator).status_code == 200
    editor = {**base, "role": "editor", "email": "e@kent.example.org", "council": "kent", "provider": ""}
    assert regional.post("/staff/admin/users", data=editor).status_code == 400
