"""Who can use it (issue 18): each service's and setting's own eligibility description, one text area on its
form, saved as its own criterion record (criterion/{kind}-{slug}-eligibility), versioned, rolled back and
published with it; no other record's criterion is offered or reachable. Real store, real private database."""

from __future__ import annotations

import re

import pytest
from live_helpers import LO, copy_build, current_store, form_data
from staff_helpers import csrf_from, login, make_staff

FIELD = "lo-hasEligibilityCriterion"
DESCRIPTION = "http://purl.org/dc/terms/description"


@pytest.fixture(scope="module")
def settings(built, tmp_path_factory):
    return copy_build(built, tmp_path_factory.mktemp("eligibility") / "data")


@pytest.fixture(scope="module")
def app(settings, make_module_app):
    return make_module_app(settings)


@pytest.fixture(scope="module")
def mine(settings):
    """A provider with at least two services, each with its own criterion: (provider, slug, other slug)."""
    rows = current_store(settings).select(
        f"SELECT ?provider ?service WHERE {{ ?service a <{LO}Service> ; <{LO}providedBy> ?provider ; "
        f"<{LO}hasEligibilityCriterion> ?c }} ORDER BY ?provider ?service"
    )
    by_provider: dict[str, list[str]] = {}
    for row in rows:
        by_provider.setdefault(row["provider"].value, []).append(row["service"].value.rsplit("/", 1)[-1])
    provider, slugs = next((p, s) for p, s in by_provider.items() if len(s) >= 2)
    return provider, slugs[0], slugs[1]


def _editor(app, settings, provider):
    client = app.test_client()
    user, password = make_staff(settings, "editor", provider)
    assert login(client, user.email, password).status_code == 303
    return client


def _criteria(settings, slug: str, kind: str = "service") -> list[tuple[str, str]]:
    rows = current_store(settings).select(
        f"SELECT ?c ?d WHERE {{ <{settings.base}id/{kind}/{slug}> <{LO}hasEligibilityCriterion> ?c . "
        f'OPTIONAL {{ ?c <{DESCRIPTION}> ?d FILTER(LANGMATCHES(LANG(?d), "en")) }} }}'
    )
    return [(r["c"].value, r["d"].value if r["d"] is not None else "") for r in rows]


def _textarea(html: str) -> str:
    found = re.search(rf'<textarea [^>]*name="{FIELD}"[^>]*>([^<]*)</textarea>', html)
    assert found, "no 'Who can use it' text area on the form"
    return found.group(1)


def test_the_form_shows_the_records_own_wording_and_offers_no_other_records_criteria(app, settings, mine):
    provider, slug, other = mine
    client = _editor(app, settings, provider)
    html = client.get(f"/staff/records/service/{slug}/edit").get_data(as_text=True)
    [(criterion, wording)] = _criteria(settings, slug)
    assert criterion == f"{settings.base}id/criterion/service-{slug}-eligibility"
    assert _textarea(html).replace("&#39;", "'").replace("&#34;", '"') == wording
    assert f'name="{FIELD}" type="checkbox"' not in html  # no list of criteria to pick from
    assert "/criterion/" not in html  # neither this record's criterion IRI nor any other's
    [(_, their_wording)] = _criteria(settings, other)
    assert their_wording not in html


def test_editing_the_wording_publishes_it_in_the_records_own_criterion(app, settings, mine):
    provider, slug, other = mine
    client = _editor(app, settings, provider)
    [(_, their_before)] = _criteria(settings, other)
    data = form_data(client.get(f"/staff/records/service/{slug}/edit").get_data(as_text=True))
    data[FIELD] = ["Children aged 5 to 11 who love aardvarks. The team decides after a phone call."]
    response = client.post(f"/staff/records/service/{slug}/edit", data=data)
    assert response.status_code == 303, re.findall(r"error-message.{0,300}", response.get_data(as_text=True))
    own = f"{settings.base}id/criterion/service-{slug}-eligibility"
    assert _criteria(settings, slug) == [(own, data[FIELD][0])]
    assert _criteria(settings, other) == [(f"{settings.base}id/criterion/service-{other}-eligibility", their_before)]
    decided = current_store(settings).select(f"SELECT ?d WHERE {{ <{own}> <{LO}decidedBy> ?d }}")
    assert decided, "who decides (not on the form) is kept"
    public = app.test_client().get(f"/id/service/{slug}").get_data(as_text=True)
    assert "who love aardvarks" in public
    assert _textarea(client.get(f"/staff/records/service/{slug}/edit").get_data(as_text=True)) == data[FIELD][0]


def test_the_wording_is_versioned_and_a_rollback_restores_it(app, settings, mine):
    provider, slug, _ = mine
    client = _editor(app, settings, provider)
    data = form_data(client.get(f"/staff/records/service/{slug}/edit").get_data(as_text=True))
    before = data[FIELD][0]
    data[FIELD] = ["Only young people who can whistle."]
    assert client.post(f"/staff/records/service/{slug}/edit", data=data).status_code == 303
    history = client.get(f"/staff/records/service/{slug}/versions").get_data(as_text=True)
    newest = max(int(n) for n in re.findall(rf"/staff/records/service/{slug}/versions/(\d+)", history))
    compare = client.get(f"/staff/records/service/{slug}/versions/{newest}").get_data(as_text=True)
    assert "whistle" in compare  # the comparison marks changed words, so the sentence may be split
    assert re.search(r">\s*Who can use it\s*<", compare)  # named by its field, not the service's description
    page = client.get(f"/staff/records/service/{slug}/versions/{newest - 1}").get_data(as_text=True)
    response = client.post(
        f"/staff/records/service/{slug}/versions/{newest - 1}/rollback",
        data={"csrf_token": csrf_from(page), "based_on": str(newest)},
    )
    assert response.status_code == 303
    assert [d for _, d in _criteria(settings, slug)] == [before.replace("&#39;", "'")]


def test_too_long_a_wording_is_refused_next_to_the_field_naming_it(app, settings, mine):
    provider, slug, _ = mine
    client = _editor(app, settings, provider)
    before = _criteria(settings, slug)
    data = form_data(client.get(f"/staff/records/service/{slug}/edit").get_data(as_text=True))
    data[FIELD] = ["word " * 500]
    response = client.post(f"/staff/records/service/{slug}/edit", data=data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert f'<a href="#{FIELD}">' in html and f'id="{FIELD}-error"' in html
    assert "Who can use it must be 2,000 characters or fewer" in html
    assert _criteria(settings, slug) == before


def test_an_iri_typed_into_the_field_is_text_never_a_link_to_another_criterion(app, settings, mine):
    provider, slug, other = mine
    client = _editor(app, settings, provider)
    data = form_data(client.get(f"/staff/records/service/{slug}/edit").get_data(as_text=True))
    theirs = f"{settings.base}id/criterion/service-{other}-eligibility"
    data[FIELD] = [theirs]
    assert client.post(f"/staff/records/service/{slug}/edit", data=data).status_code == 303
    assert _criteria(settings, slug) == [(f"{settings.base}id/criterion/service-{slug}-eligibility", theirs)]
    assert _criteria(settings, other)[0][1] != theirs  # theirs untouched


def test_emptying_the_field_removes_the_criterion_and_a_new_setting_gets_its_own(app, settings, mine):
    provider, slug, _ = mine
    client = _editor(app, settings, provider)
    data = form_data(client.get(f"/staff/records/service/{slug}/edit").get_data(as_text=True))
    data[FIELD] = [""]
    assert client.post(f"/staff/records/service/{slug}/edit", data=data).status_code == 303
    assert _criteria(settings, slug) == []
    gone = f"{settings.base}id/criterion/service-{slug}-eligibility"
    assert not current_store(settings).select(f"SELECT ?p WHERE {{ <{gone}> ?p ?o }}")
    # a setting (none in the sample has a criterion): the field is on its form, and a save makes its own
    store = current_store(settings)
    row = store.select(f"SELECT ?s ?p WHERE {{ ?s a <{LO}Setting> ; <{LO}runBy> ?p }} ORDER BY ?s LIMIT 1")[0]
    setting = row["s"].value.rsplit("/", 1)[-1]
    editor = _editor(app, settings, row["p"].value)
    data = form_data(editor.get(f"/staff/records/setting/{setting}/edit").get_data(as_text=True))
    assert data.get(FIELD) == [""]
    data[FIELD] = ["Pupils with an education, health and care plan naming the school."]
    response = editor.post(f"/staff/records/setting/{setting}/edit", data=data)
    assert response.status_code == 303, re.findall(r"error-message.{0,300}", response.get_data(as_text=True))
    own = f"{settings.base}id/criterion/setting-{setting}-eligibility"
    assert _criteria(settings, setting, "setting") == [(own, data[FIELD][0])]
