"""Changes that need approval (issue 18): a council's admin switches it on; its provider editors' saves then wait
(not published, the public page unchanged) until a moderator of that council approves them (published through
the one save path, refused when the record changed since) or returns them with a reason the editor reads.
Another council's moderator cannot list, read or decide them. Real app, real build copy, real publishes."""

from __future__ import annotations

import re
import secrets

import pytest
from live_helpers import LO, copy_build, current_store, form_data
from staff_helpers import csrf_from, login

from graph_app.live import approvals, versions
from graph_app.private import accounts, open_private_db

ID = "https://w3id.org/se7-local-offer/id/"
KENT, SURREY = ID + "area/kent", ID + "area/surrey"


@pytest.fixture(scope="module")
def approval_settings(built, tmp_path_factory):
    return copy_build(built, tmp_path_factory.mktemp("approvals") / "data")


@pytest.fixture(scope="module")
def approval_app(approval_settings, make_module_app):
    return make_module_app(approval_settings)


def _services_in(settings, council: str, count: int) -> list[tuple[str, str]]:
    """(provider, slug) of services located in this council whose provider is located there too."""
    rows = current_store(settings).select(
        f"SELECT ?s ?p WHERE {{ ?s a <{LO}Service> ; <{LO}providedBy> ?p ; <{LO}locatedIn> ?a . "
        f"{{ FILTER(?a = <{council}>) }} UNION {{ ?a <{LO}partOfArea> <{council}> }} "
        f"?p <{LO}locatedIn> ?pa . {{ FILTER(?pa = <{council}>) }} UNION {{ ?pa <{LO}partOfArea> <{council}> }} }} "
        f"ORDER BY ?s LIMIT {count}"
    )
    assert len(rows) == count, f"the sample has too few services located in {council}"
    return [(r["p"].value, r["s"].value.rsplit("/", 1)[-1]) for r in rows]


def _signed_in(app, settings, role, provider=None, councils=()):
    password = "correct horse " + secrets.token_hex(8)
    email = f"{role}-{secrets.token_hex(4)}@approvals.example.org"
    user = accounts.create_user(
        open_private_db(settings), email, f"Test {role}", role, provider, password, councils=councils
    )
    client = app.test_client()
    assert login(client, email, password).status_code == 303
    return client, user


def _switch(client, council: str, on: bool):
    csrf = csrf_from(client.get("/staff/approvals/").get_data(as_text=True))
    return client.post(
        "/staff/approvals/settings", data={"csrf_token": csrf, "council": council, "required": "yes" if on else "no"}
    )


def _edit_cost(client, slug: str, cost: str):
    data = form_data(client.get(f"/staff/records/service/{slug}/edit").get_data(as_text=True))
    data["lo-cost"] = [cost]
    return client.post(f"/staff/records/service/{slug}/edit", data=data)


def _public(app, slug: str) -> str:
    return app.test_client().get(f"/id/service/{slug}").get_data(as_text=True)


def _held(settings, slug: str) -> approvals.Pending:
    found = approvals.waiting_for(open_private_db(settings), f"{ID}service/{slug}")
    assert len(found) == 1
    return found[0]


@pytest.fixture(scope="module")
def kent_on(approval_app, approval_settings):
    """Kent asks for approval (switched by a Kent admin); Surrey does not."""
    admin, _ = _signed_in(approval_app, approval_settings, "admin", councils=(KENT,))
    assert _switch(admin, KENT, True).status_code == 303
    assert approvals.approval_required(open_private_db(approval_settings), KENT)
    return admin


def test_only_a_councils_own_admins_switch_its_setting(approval_app, approval_settings, kent_on):
    surrey_admin, _ = _signed_in(approval_app, approval_settings, "admin", councils=(SURREY,))
    assert _switch(surrey_admin, KENT, False).status_code == 404
    moderator, _ = _signed_in(approval_app, approval_settings, "moderator", councils=(KENT,))
    csrf = csrf_from(moderator.get("/staff/approvals/").get_data(as_text=True))
    refused = moderator.post("/staff/approvals/settings", data={"csrf_token": csrf, "council": KENT, "required": "no"})
    assert refused.status_code == 403
    assert approvals.approval_required(open_private_db(approval_settings), KENT)
    bad = kent_on.post(
        "/staff/approvals/settings",
        data={"csrf_token": csrf_from(kent_on.get("/staff/approvals/").get_data(as_text=True)), "council": KENT,
              "required": "maybe"},
    )  # fmt: skip
    assert bad.status_code == 400 and "required" in bad.get_data(as_text=True)


def test_a_held_change_waits_then_is_approved_and_published(approval_app, approval_settings, kent_on):
    provider, slug = _services_in(approval_settings, KENT, 1)[0]
    editor, _ = _signed_in(approval_app, approval_settings, "editor", provider)
    before = versions.latest_numbers(open_private_db(approval_settings), [f"{ID}service/{slug}"])
    cost = f"£4 a session <b>bold</b> {secrets.token_hex(3)}"
    saved = _edit_cost(editor, slug, cost)
    assert saved.status_code == 303 and saved.headers["Location"].endswith("/staff/approvals/mine")
    mine = editor.get("/staff/approvals/mine").get_data(as_text=True)
    assert "waiting for approval by a council moderator" in mine and "Waiting for approval" in mine
    # not published: the public page and the version history are as they were
    assert cost not in _public(approval_app, slug) and "£4 a session" not in _public(approval_app, slug)
    assert versions.latest_numbers(open_private_db(approval_settings), [f"{ID}service/{slug}"]) == before
    change = _held(approval_settings, slug)
    # the provider's dashboard links it, and a colleague at the same provider may read it (not decide it)
    dashboard = editor.get("/staff/records/").get_data(as_text=True)
    assert f'href="/staff/approvals/{change.id}"' in dashboard and "A change is waiting for approval" in dashboard
    colleague, _ = _signed_in(approval_app, approval_settings, "editor", provider)
    assert colleague.get(f"/staff/approvals/{change.id}").status_code == 200
    colleague_csrf = csrf_from(colleague.get("/staff/").get_data(as_text=True))
    assert (
        colleague.post(f"/staff/approvals/{change.id}/approve", data={"csrf_token": colleague_csrf}).status_code == 403
    )
    # the Kent moderator sees it in the queue with the comparison, word by word, the typed markup escaped
    moderator, _ = _signed_in(approval_app, approval_settings, "moderator", councils=(KENT,))
    assert f"/staff/approvals/{change.id}" in moderator.get("/staff/approvals/").get_data(as_text=True)
    page = moderator.get(f"/staff/approvals/{change.id}").get_data(as_text=True)
    assert '<ins><span class="govuk-visually-hidden">added: </span>' in page and "<del>" in page
    assert "&lt;b&gt;bold&lt;/b&gt;" in page and "<b>bold</b>" not in page
    # approved: published as the editor's version, and the public page shows it
    approved = moderator.post(f"/staff/approvals/{change.id}/approve", data={"csrf_token": csrf_from(page)})
    assert approved.status_code == 303
    assert "£4 a session &lt;b&gt;bold&lt;/b&gt;" in _public(approval_app, slug)
    latest = versions.latest(open_private_db(approval_settings), f"{ID}service/{slug}")
    assert latest.number == before[f"{ID}service/{slug}"] + 1 and latest.user_name == "Test editor"
    decided = approvals.get(open_private_db(approval_settings), change.id)
    assert decided.status == "approved" and decided.published_version == latest.number
    # approving twice publishes once
    again = moderator.post(f"/staff/approvals/{change.id}/approve", data={"csrf_token": csrf_from(page)})
    assert again.status_code == 303
    assert versions.latest(open_private_db(approval_settings), f"{ID}service/{slug}").number == latest.number


def test_another_councils_moderator_cannot_list_read_or_decide(approval_app, approval_settings, kent_on):
    provider, slug = _services_in(approval_settings, KENT, 2)[1]
    editor, _ = _signed_in(approval_app, approval_settings, "editor", provider)
    assert _edit_cost(editor, slug, "Surrey must not see this cost").status_code == 303
    change = _held(approval_settings, slug)
    surrey, _ = _signed_in(approval_app, approval_settings, "moderator", councils=(SURREY,))
    queue = surrey.get("/staff/approvals/").get_data(as_text=True)
    assert f"/staff/approvals/{change.id}" not in queue and "Surrey must not see" not in queue
    assert surrey.get(f"/staff/approvals/{change.id}").status_code == 404
    csrf = csrf_from(surrey.get("/staff/").get_data(as_text=True))  # the sign-out form
    assert surrey.post(f"/staff/approvals/{change.id}/approve", data={"csrf_token": csrf}).status_code == 404
    returned = surrey.post(f"/staff/approvals/{change.id}/return", data={"csrf_token": csrf, "reason": "no"})
    assert returned.status_code == 404
    # another provider's editor cannot read it either; the change still waits
    other_provider = _services_in(approval_settings, SURREY, 1)[0][0]
    stranger, _ = _signed_in(approval_app, approval_settings, "editor", other_provider)
    assert stranger.get(f"/staff/approvals/{change.id}").status_code == 404
    assert approvals.get(open_private_db(approval_settings), change.id).status == "pending"
    assert "Surrey must not see" not in _public(approval_app, slug)


def test_a_returned_change_goes_back_with_its_reason(approval_app, approval_settings, kent_on):
    provider, slug = _services_in(approval_settings, KENT, 3)[2]
    editor, _ = _signed_in(approval_app, approval_settings, "editor", provider)
    assert _edit_cost(editor, slug, "A cost to return").status_code == 303
    change = _held(approval_settings, slug)
    moderator, _ = _signed_in(approval_app, approval_settings, "moderator", councils=(KENT,))
    csrf = csrf_from(moderator.get(f"/staff/approvals/{change.id}").get_data(as_text=True))
    empty = moderator.post(f"/staff/approvals/{change.id}/return", data={"csrf_token": csrf, "reason": " "})
    assert empty.status_code == 400 and "Enter why the change is returned" in empty.get_data(as_text=True)
    reason = "Say <i>per session</i>, please"
    done = moderator.post(f"/staff/approvals/{change.id}/return", data={"csrf_token": csrf, "reason": reason})
    assert done.status_code == 303
    mine = editor.get("/staff/approvals/mine").get_data(as_text=True)
    assert "Returned" in mine and "Say &lt;i&gt;per session&lt;/i&gt;, please" in mine
    assert "A cost to return" not in _public(approval_app, slug)


def test_a_change_made_stale_by_a_later_save_is_not_approved(approval_app, approval_settings, kent_on):
    provider, slug = _services_in(approval_settings, KENT, 4)[3]
    editor, _ = _signed_in(approval_app, approval_settings, "editor", provider)
    assert _edit_cost(editor, slug, "The editor's held cost").status_code == 303
    change = _held(approval_settings, slug)
    admin, _ = _signed_in(approval_app, approval_settings, "admin")  # a regional admin publishes at once
    assert _edit_cost(admin, slug, "The admin's published cost").status_code == 303
    assert "The admin&#39;s published cost" in _public(approval_app, slug)
    moderator, _ = _signed_in(approval_app, approval_settings, "moderator", councils=(KENT,))
    csrf = csrf_from(moderator.get(f"/staff/approvals/{change.id}").get_data(as_text=True))
    refused = moderator.post(f"/staff/approvals/{change.id}/approve", data={"csrf_token": csrf})
    assert refused.status_code == 303 and refused.headers["Location"].endswith(f"/staff/approvals/{change.id}")
    assert "after this one was made" in moderator.get(refused.headers["Location"]).get_data(as_text=True)
    assert approvals.get(open_private_db(approval_settings), change.id).status == "pending"
    assert "The editor&#39;s held cost" not in _public(approval_app, slug)


def test_a_council_that_does_not_ask_publishes_at_once(approval_app, approval_settings, kent_on):
    provider, slug = _services_in(approval_settings, SURREY, 1)[0]
    editor, _ = _signed_in(approval_app, approval_settings, "editor", provider)
    saved = _edit_cost(editor, slug, "Published straight away")
    assert saved.status_code == 303 and "/staff/approvals" not in saved.headers["Location"]
    assert "Published straight away" in _public(approval_app, slug)
    assert not approvals.waiting_for(open_private_db(approval_settings), f"{ID}service/{slug}")
    assert re.search(r"Saved and published", editor.get(saved.headers["Location"]).get_data(as_text=True))


def test_merged_keeps_the_earlier_change_and_takes_what_the_latest_changed():
    s, p = "<https://example.org/s>", "https://example.org/p#"
    base = f'{s} <{p}label> "L" .\n{s} <{p}cost> "C" .\n{s} <{p}about> "D" .'
    earlier = f'{s} <{p}label> "L" .\n{s} <{p}cost> "C1" .\n{s} <{p}about> "D" .'
    latest = f'{s} <{p}label> "L" .\n{s} <{p}cost> "C" .\n{s} <{p}about> "D2" .'
    assert set(approvals.merged(base, earlier, latest).splitlines()) == {
        f'{s} <{p}label> "L" .',
        f'{s} <{p}cost> "C1" .',
        f'{s} <{p}about> "D2" .',
    }
    both = f'{s} <{p}label> "L" .\n{s} <{p}cost> "C2" .\n{s} <{p}about> "D" .'
    assert f'{s} <{p}cost> "C2" .' in approvals.merged(base, earlier, both)
    assert '"C1"' not in approvals.merged(base, earlier, both)


def test_two_saves_of_one_record_by_its_editor_wait_as_one_change(approval_app, approval_settings, kent_on):
    provider, slug = _services_in(approval_settings, KENT, 5)[4]
    editor, _ = _signed_in(approval_app, approval_settings, "editor", provider)
    assert _edit_cost(editor, slug, "The first part's cost").status_code == 303
    data = form_data(editor.get(f"/staff/records/service/{slug}/edit").get_data(as_text=True))  # the published one
    data["dcterms-description"] = ["The second part's description."]
    assert editor.post(f"/staff/records/service/{slug}/edit", data=data).status_code == 303
    change = _held(approval_settings, slug)  # exactly one waits, with both
    assert "The first part's cost" in change.ntriples and "The second part's description." in change.ntriples


def test_a_new_service_waits_and_is_created_when_approved(approval_app, approval_settings, kent_on):
    """A held new record (as edit_save.save holds an editor's new service): approved, it is created."""
    import pyoxigraph as ox

    from graph_app.live import records
    from graph_app.queries import QueryLibrary

    provider, existing = _services_in(approval_settings, KENT, 6)[5]
    store, library = current_store(approval_settings), QueryLibrary(approval_settings.queries_dir)
    model = records.load(store, library, ID, "service", existing)
    new_iri = f"{ID}service/kingfisher-holiday-club"
    snapshot = (
        model.ntriples().replace(f"<{model.iri}>", f"<{new_iri}>").replace(model.label, "Kingfisher Holiday Club")
    )
    typed = [
        ox.Triple(
            ox.NamedNode(new_iri),
            ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
            ox.NamedNode(LO + "Service"),
        )
    ]
    record = records.Record(new_iri, "service", "kingfisher-holiday-club", typed, new=True)
    editor, user = _signed_in(approval_app, approval_settings, "editor", provider)
    db = open_private_db(approval_settings)
    approvals.hold(
        db, record, 0, snapshot, council_iri=KENT, summary="Created Kingfisher Holiday Club", organisation=provider,
        checked_on=None, user_id=user.id, user_name=user.name,
    )  # fmt: skip
    change = _held(approval_settings, "kingfisher-holiday-club")
    assert change.is_new and approval_app.test_client().get("/id/service/kingfisher-holiday-club").status_code == 404
    moderator, _ = _signed_in(approval_app, approval_settings, "moderator", councils=(KENT,))
    assert "New record" in moderator.get("/staff/approvals/").get_data(as_text=True)
    page = moderator.get(f"/staff/approvals/{change.id}").get_data(as_text=True)
    assert "Kingfisher Holiday Club" in page
    assert (
        moderator.post(f"/staff/approvals/{change.id}/approve", data={"csrf_token": csrf_from(page)}).status_code == 303
    )
    assert "Kingfisher Holiday Club" in _public(approval_app, "kingfisher-holiday-club")
    assert versions.latest(db, new_iri).number == 1 and versions.latest(db, new_iri).user_name == user.name


def test_the_preview_says_send_for_approval_where_the_council_asks(approval_app, approval_settings, kent_on):
    """The task list's last step names what will happen: "Send for approval" for a Kent provider's editor,
    "Publish changes" for a Surrey one (Surrey does not ask) and for an admin anywhere."""
    for council, expected in ((KENT, "Send for approval"), (SURREY, "Publish changes")):
        provider, slug = _services_in(approval_settings, council, 1)[0]
        editor, _ = _signed_in(approval_app, approval_settings, "editor", provider)
        page = editor.get(f"/staff/records/service/{slug}/publish").get_data(as_text=True)
        button = re.search(r'id="publish-changes">([^<]*)</button>', page)
        assert button and button.group(1) == expected, (council, button)
        assert ('id="approval-note"' in page) == (council == KENT)
    admin, _ = _signed_in(approval_app, approval_settings, "admin")
    provider, slug = _services_in(approval_settings, KENT, 1)[0]
    page = admin.get(f"/staff/records/service/{slug}/publish").get_data(as_text=True)
    assert 'id="publish-changes">Publish changes</button>' in page
