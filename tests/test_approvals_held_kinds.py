"""What waits for approval where a council asks for it (issue 18), beyond ordinary saves: a provider editor's
"Still correct" (it moves the public review date) and rollback are held; a moderator's rollback is not (they
approve); staff-only contacts are never public, so they are kept at once, and one a held save would make
public stays staff-only until the change is approved. Real app, real build copy, real publishes."""

from __future__ import annotations

from datetime import date

import pytest
from live_helpers import LO, copy_build, current_store, form_data
from staff_helpers import csrf_from
from test_approvals import KENT, _public, _services_in, _signed_in, _switch
from test_subforms import sub_data

from graph_app.live import approvals, versions
from graph_app.private import open_private_db, private_parts

ID = "https://w3id.org/se7-local-offer/id/"


@pytest.fixture(scope="module")
def held_settings(built, tmp_path_factory):
    return copy_build(built, tmp_path_factory.mktemp("approvals-kinds") / "data")


@pytest.fixture(scope="module")
def held_app(held_settings, make_module_app):
    return make_module_app(held_settings)


@pytest.fixture(scope="module")
def kent_asks(held_app, held_settings):
    admin, _ = _signed_in(held_app, held_settings, "admin", councils=(KENT,))
    assert _switch(admin, KENT, True).status_code == 303
    return admin


def _reviewed(settings, slug: str) -> str | None:
    rows = current_store(settings).select(f"SELECT ?d WHERE {{ <{ID}service/{slug}> <{LO}lastReviewed> ?d }}")
    return rows[0]["d"].value if rows else None


def _only_held(settings, slug: str) -> approvals.Pending:
    found = approvals.waiting_for(open_private_db(settings), f"{ID}service/{slug}")
    assert len(found) == 1, found
    return found[0]


def _approve(app, settings, change: approvals.Pending) -> None:
    moderator, _ = _signed_in(app, settings, "moderator", councils=(KENT,))
    page = moderator.get(f"/staff/approvals/{change.id}").get_data(as_text=True)
    approved = moderator.post(f"/staff/approvals/{change.id}/approve", data={"csrf_token": csrf_from(page)})
    assert approved.status_code == 303


def test_an_editors_still_correct_waits_then_moves_the_review_date(held_app, held_settings, kent_asks):
    provider, slug = _services_in(held_settings, KENT, 1)[0]
    before = _reviewed(held_settings, slug)
    assert before != date.today().isoformat()  # the sample's dates are older
    editor, _ = _signed_in(held_app, held_settings, "editor", provider)
    page = editor.get(f"/staff/records/service/{slug}/reviewed").get_data(as_text=True)
    assert 'id="approval-note"' in page  # told before confirming that it waits for the council
    based_on = form_data(page)["based_on"]
    response = editor.post(
        f"/staff/records/service/{slug}/reviewed", data={"csrf_token": csrf_from(page), "based_on": based_on}
    )
    assert response.status_code == 303 and response.headers["Location"].endswith("/staff/approvals/mine")
    assert _reviewed(held_settings, slug) == before  # families still see the old date
    change = _only_held(held_settings, slug)
    assert change.summary == "Checked: still correct" and change.checked_on == date.today().isoformat()
    _approve(held_app, held_settings, change)
    assert _reviewed(held_settings, slug) == date.today().isoformat()


def test_an_editors_rollback_waits_but_a_moderators_is_published_at_once(held_app, held_settings, kent_asks):
    provider, slug = _services_in(held_settings, KENT, 2)[1]
    iri = f"{ID}service/{slug}"
    regional, _ = _signed_in(held_app, held_settings, "admin")  # an admin's save is never held
    data = form_data(regional.get(f"/staff/records/service/{slug}/edit").get_data(as_text=True))
    data["lo-cost"] = ["The admin's new cost"]
    assert regional.post(f"/staff/records/service/{slug}/edit", data=data).status_code == 303
    assert "The admin&#39;s new cost" in _public(held_app, slug)
    latest = versions.latest(open_private_db(held_settings), iri)

    editor, _ = _signed_in(held_app, held_settings, "editor", provider)
    history = editor.get(f"/staff/records/service/{slug}/versions").get_data(as_text=True)
    form = {"csrf_token": csrf_from(history), "based_on": str(latest.number)}
    response = editor.post(f"/staff/records/service/{slug}/versions/{latest.number - 1}/rollback", data=form)
    assert response.status_code == 303 and response.headers["Location"].endswith("/staff/approvals/mine")
    assert "The admin&#39;s new cost" in _public(held_app, slug)  # not rolled back yet
    assert versions.latest(open_private_db(held_settings), iri).number == latest.number
    held = _only_held(held_settings, slug)
    assert held.summary == f"Rolled back to version {latest.number - 1}"

    moderator, _ = _signed_in(held_app, held_settings, "moderator", councils=(KENT,))
    history = moderator.get(f"/staff/records/service/{slug}/versions").get_data(as_text=True)
    form = {"csrf_token": csrf_from(history), "based_on": str(latest.number)}
    response = moderator.post(f"/staff/records/service/{slug}/versions/0/rollback", data=form)
    assert response.status_code == 303 and "/staff/approvals" not in response.headers["Location"]
    assert "The admin&#39;s new cost" not in _public(held_app, slug)  # published at once
    assert versions.latest(open_private_db(held_settings), iri).number == latest.number + 1


def test_a_staff_only_contact_is_kept_at_once_and_a_published_one_waits(held_app, held_settings, kent_asks):
    provider, slug = _services_in(held_settings, KENT, 3)[2]
    iri = f"{ID}service/{slug}"
    editor, _ = _signed_in(held_app, held_settings, "editor", provider)
    data = sub_data(editor.get(f"/staff/records/service/{slug}/edit").get_data(as_text=True))
    m = data["sub-contact-count"][0]
    data |= {
        f"sub-contact-{m}-rdfs-label": ["Manager's mobile"],
        f"sub-contact-{m}-schema-telephone": ["07700 900462"],
        f"sub-contact-{m}-public": ["no"],
        "lo-cost": ["A held cost"],
    }
    response = editor.post(f"/staff/records/service/{slug}/edit", data=data)
    assert response.status_code == 303 and response.headers["Location"].endswith("/staff/approvals/mine")
    db = open_private_db(held_settings)
    assert "07700 900462" in str(private_parts.latest(db, iri))  # kept at once, though the save waits
    assert "A held cost" not in _public(held_app, slug) and "900462" not in _public(held_app, slug)
    html = editor.get(f"/staff/records/service/{slug}/edit").get_data(as_text=True)
    assert 'value="07700 900462"' in html  # the form shows it, staff-only

    # made public in a second held save: staff-only until approved, then public and out of the private database
    data = sub_data(html)
    [n] = [k.split("-")[2] for k, v in data.items() if k.endswith("-schema-telephone") and v == ["07700 900462"]]
    data[f"sub-contact-{n}-public"] = ["yes"]
    assert editor.post(f"/staff/records/service/{slug}/edit", data=data).status_code == 303
    assert "07700 900462" in str(private_parts.latest(db, iri))
    assert "900462" not in _public(held_app, slug)
    _approve(held_app, held_settings, _only_held(held_settings, slug))
    assert "07700 900462" in _public(held_app, slug) and "A held cost" in _public(held_app, slug)
    assert "900462" not in str(private_parts.latest(db, iri))
    html = editor.get(f"/staff/records/service/{slug}/edit").get_data(as_text=True)
    assert html.count('value="07700 900462"') == 1  # shown once, public
