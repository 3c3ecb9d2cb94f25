"""A service's editing task list over HTTP (issue 18, "forms people finish"; Flask test client, real store and
private database): parts and their statuses, each part saved into the person's draft (not published), the
draft offered back and discarded, published from the preview, and a save sent after the session ended kept
for its own person only (never for another account, never from a forged form)."""

from __future__ import annotations

import re

import pytest
from itsdangerous import URLSafeTimedSerializer
from live_helpers import LO, copy_build, current_store, form_data, unescape
from staff_helpers import csrf_from, login, make_staff

from graph_app.private import drafts, open_private_db

DESCRIPTION = "dcterms-description"
PARTS = ["about", "who", "where", "how", "cost", "contact", "answers"]


@pytest.fixture(scope="module")
def task_settings(built, tmp_path_factory):
    return copy_build(built, tmp_path_factory.mktemp("task-list") / "data")


@pytest.fixture(scope="module")
def task_app(task_settings, make_module_app):
    return make_module_app(task_settings)


@pytest.fixture(scope="module")
def service(task_settings):
    """(provider, slug) of the first service that answers SE7 questions."""
    row = current_store(task_settings).select(
        f"SELECT ?provider ?service WHERE {{ ?service a <{LO}Service> ; <{LO}providedBy> ?provider ;"
        f" <{LO}usesQuestionSet> ?questions }} ORDER BY ?service LIMIT 1"
    )[0]
    return row["provider"].value, row["service"].value.rsplit("/", 1)[-1]


def _editor(app, settings, provider):
    client = app.test_client()
    user, password = make_staff(settings, "editor", provider)
    assert login(client, user.email, password).status_code == 303
    return client, user, password


def _hidden(html: str, name: str) -> str:
    found = re.search(rf'<input type="hidden" name="{name}" value="([^"]*)">', html)
    assert found, name
    return unescape(found.group(1))


def _part_form(html: str) -> dict[str, list[str]]:
    """What a browser sends for a part's page as shown (checked boxes and radios, text, textareas)."""
    data: dict[str, list[str]] = {}
    for name, value in re.findall(r'name="([^"]+)" type="(?:checkbox|radio)" value="([^"]*)" checked', html):
        data.setdefault(name, []).append(unescape(value))
    for name, value in re.findall(
        r'<input class="govuk-input[^"]*" id="[^"]+" name="([^"]+)" type="(?:text|url)"[^>]*value="([^"]*)"', html
    ):
        data.setdefault(name, []).append(unescape(value))
    for name, value in re.findall(r'<textarea [^>]*name="([^"]+)"[^>]*>([^<]*)</textarea>', html):
        data.setdefault(name, []).append(unescape(value))
    for name in ("csrf_token", "form_owner", "based_on"):
        data[name] = [_hidden(html, name)]
    return data


def _description(settings, slug: str) -> str:
    rows = current_store(settings).select(
        f"SELECT ?d WHERE {{ <https://w3id.org/se7-local-offer/id/service/{slug}> "
        "<http://purl.org/dc/terms/description> ?d }"
    )
    return " ".join(r["d"].value for r in rows)


def test_the_task_list_names_each_part_with_its_status(task_app, task_settings, service):
    provider, slug = service
    client, _, _ = _editor(task_app, task_settings, provider)
    page = client.get(f"/staff/records/service/{slug}/tasks").get_data(as_text=True)
    for part in PARTS:
        assert f'href="/staff/records/service/{slug}/parts/{part}"' in page
    assert re.findall(r'data-status="([^"]+)"', page) == ["completed"] * len(PARTS)  # the sample is valid
    new = client.get("/staff/records/new/service/tasks").get_data(as_text=True)
    statuses = dict(zip(PARTS, re.findall(r'data-status="([^"]+)"', new), strict=True))
    assert statuses["about"] == "incomplete" and statuses["answers"] == "cannot-start"


def test_a_part_is_saved_into_the_draft_offered_back_and_discarded(task_app, task_settings, service):
    provider, slug = service
    client, user, _ = _editor(task_app, task_settings, provider)
    page = client.get(f"/staff/records/service/{slug}/parts/about").get_data(as_text=True)
    data = _part_form(page)
    data[DESCRIPTION] = ["A draft description nobody has published."]
    response = client.post(f"/staff/records/service/{slug}/parts/about", data=data)
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/service/{slug}/tasks")
    assert "nobody has published" not in _description(task_settings, slug)  # a draft is not public
    tasks = client.get(f"/staff/records/service/{slug}/tasks").get_data(as_text=True)
    assert 'id="draft-offer"' in tasks and "not published yet, last saved at" in tasks
    again = client.get(f"/staff/records/service/{slug}/parts/about").get_data(as_text=True)
    assert "A draft description nobody has published." in again
    # another editor of the same provider sees the record as published, not this person's draft
    other, _, _ = _editor(task_app, task_settings, provider)
    theirs = other.get(f"/staff/records/service/{slug}/parts/about").get_data(as_text=True)
    assert "nobody has published" not in theirs
    response = client.post(f"/staff/records/service/{slug}/draft/discard", data={"csrf_token": csrf_from(tasks)})
    assert response.status_code == 303
    assert (
        drafts.load(open_private_db(task_settings), user.id, f"https://w3id.org/se7-local-offer/id/service/{slug}")
        is None
    )


def test_a_wrong_value_stays_on_its_part_with_its_error(task_app, task_settings, service):
    provider, slug = service
    client, _, _ = _editor(task_app, task_settings, provider)
    data = _part_form(client.get(f"/staff/records/service/{slug}/parts/who").get_data(as_text=True))
    data["lo-minAge"] = ["five"]
    response = client.post(f"/staff/records/service/{slug}/parts/who", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="lo-minAge-error"' in page and 'value="five"' in page
    tasks = client.get(f"/staff/records/service/{slug}/tasks").get_data(as_text=True)
    assert re.search(r'id="part-who-status" data-status="problem"', tasks)


def test_publishing_from_the_preview_publishes_the_draft_and_removes_it(task_app, task_settings, service):
    provider, slug = service
    client, user, _ = _editor(task_app, task_settings, provider)
    data = _part_form(client.get(f"/staff/records/service/{slug}/parts/about").get_data(as_text=True))
    data[DESCRIPTION] = ["Published from the task list's preview."]
    assert client.post(f"/staff/records/service/{slug}/parts/about", data=data).status_code == 303
    preview = client.get(f"/staff/records/service/{slug}/publish")
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "This is a preview" in html
    assert "Published from the task list&#39;s preview." in html or "Published from the task list's preview." in html
    form = {}
    for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', html):
        form.setdefault(name, []).append(unescape(value))
    unanswered = client.post(f"/staff/records/service/{slug}/publish", data=form)
    assert unanswered.status_code == 400 and 'id="checked-whole-record-error"' in unanswered.get_data(as_text=True)
    form["checked-whole-record"] = ["no"]
    response = client.post(f"/staff/records/service/{slug}/publish", data=form)
    assert response.status_code == 303, response.get_data(as_text=True)[-2000:]
    assert "Published from the task list's preview." in _description(task_settings, slug)
    key = f"https://w3id.org/se7-local-offer/id/service/{slug}"
    assert drafts.load(open_private_db(task_settings), user.id, key) is None


def _end_sessions(settings, user_id: int) -> None:
    """The person's session ends (as after 30 minutes idle: the server no longer knows it)."""
    with open_private_db(settings).connect(immediate=True) as conn:
        conn.execute("DELETE FROM staff_sessions WHERE user_id = ?", (user_id,))


def test_a_save_after_the_session_ended_is_kept_for_its_person_only(task_app, task_settings, service):
    provider, slug = service
    client, user, password = _editor(task_app, task_settings, provider)
    data = _part_form(client.get(f"/staff/records/service/{slug}/parts/about").get_data(as_text=True))
    data[DESCRIPTION] = ["Typed, then the session ended."]
    _end_sessions(task_settings, user.id)
    response = client.post(f"/staff/records/service/{slug}/parts/about", data=data)
    assert response.status_code == 303
    location = response.headers["Location"]
    assert location.startswith("/staff/login?") and "ended=kept" in location
    assert "We kept what you typed" in client.get(location).get_data(as_text=True)
    assert "session ended" not in _description(task_settings, slug)  # never applied

    # another account signing in, even with the same link, never sees it
    other = task_app.test_client()
    someone, their_password = make_staff(task_settings, "editor", provider)
    assert login(other, someone.email, their_password).status_code == 303
    assert "Typed, then the session ended." not in other.get(f"/staff/records/service/{slug}/parts/about").get_data(
        as_text=True
    )

    # the person signs in again and sees the filled form, marked as not published
    assert login(client, user.email, password).status_code == 303
    page = client.get(f"/staff/records/service/{slug}/parts/about").get_data(as_text=True)
    assert "Typed, then the session ended." in page and 'id="kept-message"' in page


def test_a_csrf_refusal_keeps_the_part_and_a_forged_owner_keeps_nothing(task_app, task_settings, service):
    provider, slug = service
    client, user, password = _editor(task_app, task_settings, provider)
    data = _part_form(client.get(f"/staff/records/service/{slug}/parts/about").get_data(as_text=True))
    data[DESCRIPTION] = ["Sent with a token from before signing in again."]
    data["csrf_token"] = ["a-token-from-an-older-session"]
    response = client.post(f"/staff/records/service/{slug}/parts/about", data=data)
    assert response.status_code == 303 and response.headers["Location"] == f"/staff/records/service/{slug}/parts/about"
    assert "Sent with a token from before" in client.get(response.headers["Location"]).get_data(as_text=True)

    # a form whose owner field was changed (another person's id, or any text) keeps nothing
    victim, _ = make_staff(task_settings, "editor", provider)
    key = f"https://w3id.org/se7-local-offer/id/service/{slug}"
    forged = dict(
        data, form_owner=[URLSafeTimedSerializer("not-the-key", salt="se7-form-owner").dumps([victim.id, key])]
    )
    forged[DESCRIPTION] = ["Planted for someone else."]
    stranger = task_app.test_client()
    response = stranger.post(f"/staff/records/service/{slug}/parts/about", data=forged)
    assert response.status_code == 400  # the CSRF refusal stands: nobody's form to keep
    assert drafts.load(open_private_db(task_settings), victim.id, key) is None


def test_areas_are_grouped_by_council_and_single_answers_are_radios(task_app, task_settings, service):
    provider, slug = service
    client, _, _ = _editor(task_app, task_settings, provider)
    where = client.get(f"/staff/records/service/{slug}/parts/where").get_data(as_text=True)
    kent = where.index("The whole of Kent")
    assert kent < where.index(">Maidstone<") < where.index("The whole of Medway")  # Kent above its districts
    assert where.count('<details class="govuk-details') >= 5  # the councils with districts
    how = client.get(f"/staff/records/service/{slug}/parts/how").get_data(as_text=True)
    assert 'name="lo-accessLevel" type="radio"' in how and 'name="lo-accessLevel" type="checkbox"' not in how


def test_stay_signed_in_keeps_a_live_session_and_says_when_one_has_ended(task_app, task_settings, service):
    provider, slug = service
    client, user, _ = _editor(task_app, task_settings, provider)
    page = client.get(f"/staff/records/service/{slug}/tasks").get_data(as_text=True)
    assert "you will be signed out at" in page
    token = csrf_from(page)
    assert client.post("/staff/session/stay", headers={"X-CSRF-Token": token}).status_code == 204
    _end_sessions(task_settings, user.id)
    assert client.post("/staff/session/stay", headers={"X-CSRF-Token": token}).status_code == 401


def test_drafts_are_each_persons_own(task_settings):
    db = open_private_db(task_settings)
    first, _ = make_staff(task_settings, "admin")
    second, _ = make_staff(task_settings, "admin")
    drafts.save(db, first.id, "new:service", 0, {"rdfs-label": ["Mine"]})
    assert drafts.load(db, first.id, "new:service").fields == {"rdfs-label": ["Mine"]}
    assert drafts.load(db, second.id, "new:service") is None
    with pytest.raises(drafts.DraftTooBig):
        drafts.save(db, second.id, "new:service", 0, {"x": ["v"] * (drafts.MAX_VALUES + 1)})
    assert drafts.discard(db, first.id, "new:service") and drafts.load(db, first.id, "new:service") is None


def test_a_new_record_starts_as_a_task_list_and_its_draft_is_its_own(task_app, task_settings, service):
    provider, _ = service
    client, user, _ = _editor(task_app, task_settings, provider)
    page = client.get("/staff/records/new/service/parts/about").get_data(as_text=True)
    assert "Add a new service" in page
    data = _part_form(page)
    data["rdfs-label"] = ["Okapi afternoon club"]
    data[DESCRIPTION] = ["Play afternoons with an okapi puppet, for children who find big groups hard."]
    data["lo-inSector"] = re.findall(r'name="lo-inSector" type="checkbox" value="([^"]+)"', page)[:1]
    data["lo-usesQuestionSet"] = re.findall(r'name="lo-usesQuestionSet" type="checkbox" value="([^"]+)"', page)[:1]
    data["lo-inLocalOfferOf"] = re.findall(r'name="lo-inLocalOfferOf" type="checkbox" value="([^"]+)"', page)[:1]
    response = client.post("/staff/records/new/service/parts/about", data=data)
    assert response.status_code == 303, response.get_data(as_text=True)[-1500:]
    tasks = client.get("/staff/records/new/service/tasks").get_data(as_text=True)
    statuses = dict(zip(PARTS, re.findall(r'data-status="([^"]+)"', tasks), strict=True))
    assert statuses["about"] == "completed" and statuses["answers"] != "cannot-start"
    assert statuses["where"] == "incomplete"  # nothing about it saved yet: the shapes need its areas
    assert "Okapi afternoon club" in client.get("/staff/records/new/service/publish").get_data(as_text=True)
    assert drafts.load(open_private_db(task_settings), user.id, "new:service") is not None
    other, _, _ = _editor(task_app, task_settings, provider)
    assert "Okapi" not in other.get("/staff/records/new/service/parts/about").get_data(as_text=True)
    assert not current_store(task_settings).select('SELECT ?s WHERE { ?s ?p "Okapi afternoon club"@en }')


def test_the_one_page_form_sent_after_the_session_ended_is_kept_too(task_app, task_settings, service):
    provider, slug = service
    client, user, password = _editor(task_app, task_settings, provider)
    page = client.get(f"/staff/records/service/{slug}/edit").get_data(as_text=True)
    data = form_data(page)
    data["form_owner"] = [_hidden(page, "form_owner")]
    data[DESCRIPTION] = ["Written on the one-page form, saved after the session ended."]
    _end_sessions(task_settings, user.id)
    response = client.post(f"/staff/records/service/{slug}/edit", data=data)
    assert response.status_code == 303 and "ended=kept" in response.headers["Location"]
    assert "one-page form" not in _description(task_settings, slug)
    assert login(client, user.email, password).status_code == 303
    tasks = client.get(f"/staff/records/service/{slug}/tasks").get_data(as_text=True)
    assert 'id="draft-offer"' in tasks
    about = client.get(f"/staff/records/service/{slug}/parts/about").get_data(as_text=True)
    assert "Written on the one-page form, saved after the session ended." in about


def test_a_record_with_no_se7_questions_is_ready_to_publish(task_app, task_settings):
    """The SE7 answers are optional: a valid record whose About names no question sets ('Cannot start yet')
    is still ready to publish, as one with every part completed is."""
    row = current_store(task_settings).select(
        f"SELECT ?provider ?service WHERE {{ ?service a <{LO}Service> ; <{LO}providedBy> ?provider "
        f"FILTER NOT EXISTS {{ ?service <{LO}usesQuestionSet> ?q }} }} ORDER BY ?service LIMIT 1"
    )[0]
    client, _, _ = _editor(task_app, task_settings, row["provider"].value)
    page = client.get(f"/staff/records/service/{row['service'].value.rsplit('/', 1)[-1]}/tasks").get_data(as_text=True)
    statuses = dict(zip(PARTS, re.findall(r'data-status="([^"]+)"', page), strict=True))
    assert statuses["answers"] == "cannot-start" and set(statuses.values()) == {"completed", "cannot-start"}
    assert "See the record as families will see it, then publish your changes." in page
    assert "You can publish once every part is completed." not in page
