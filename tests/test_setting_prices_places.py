"""Prices and places for settings (issue 18): a nursery's, school's or college's editor gives its prices (cost
options, a repeatable sub-form), its places (lo:capacity) and its usual wait in weeks, on the same form parts
as a service's; each price is the setting's own dependent record, versioned and published with it, and the
family page shows them. The shapes allow them on settings and refuse a bad number naming the field. Real
store, real private database, Flask test client."""

from __future__ import annotations

import re

import pytest
from live_helpers import LO, copy_build, current_store, form_data
from staff_helpers import csrf_from, login, make_staff

from graph_app.live import versions
from graph_app.private import open_private_db

ID = "https://w3id.org/se7-local-offer/id/"
HOUR = ID + "price-unit/hour"


@pytest.fixture(scope="module")
def setting_settings(built, tmp_path_factory):
    return copy_build(built, tmp_path_factory.mktemp("setting-prices") / "data")


@pytest.fixture(scope="module")
def setting_app(setting_settings, make_module_app):
    return make_module_app(setting_settings)


@pytest.fixture(scope="module")
def setting(setting_settings) -> tuple[str, str]:
    """(provider, slug) of a sample setting with no prices, places or wait of its own."""
    row = current_store(setting_settings).select(
        f"SELECT ?p ?s WHERE {{ ?s a <{LO}Setting> ; <{LO}runBy> ?p "
        f"FILTER NOT EXISTS {{ ?s <{LO}hasCostOption> ?c }} FILTER NOT EXISTS {{ ?s <{LO}capacity> ?n }} }} "
        "ORDER BY ?s LIMIT 1"
    )[0]
    return row["p"].value, row["s"].value.rsplit("/", 1)[-1]


def _editor(app, settings, provider):
    client = app.test_client()
    user, password = make_staff(settings, "editor", provider)
    assert login(client, user.email, password).status_code == 303
    return client


def _form(client, slug: str) -> dict[str, list[str]]:
    html = client.get(f"/staff/records/setting/{slug}/edit").get_data(as_text=True)
    data = form_data(html)
    for key in ("sub-cost-count", "sub-schedule-count", "sub-contact-count"):
        if found := re.search(rf'name="{key}" value="(\d+)"', html):
            data[key] = [found.group(1)]
    for name, value in re.findall(r'type="hidden" name="(sub-[a-z]+-\d+-iri)" value="([^"]+)"', html):
        data[name] = [value]
    numbers = r'name="([^"]+)" type="text" inputmode="(?:decimal|numeric)"[^>]* value="([^"]*)"'
    for name, value in re.findall(numbers, html):
        data[name] = [value]
    data["csrf_token"] = [csrf_from(html)]
    data["checked-whole-record"] = ["no"]
    return data


def _errors(response) -> list[str]:
    return re.findall(r'<a href="#([^"]+)">([^<]+)</a>', response.get_data(as_text=True))


def test_the_setting_form_offers_prices_places_and_wait_in_cost_and_times(setting_app, setting_settings, setting):
    provider, slug = setting
    client = _editor(setting_app, setting_settings, provider)
    html = client.get(f"/staff/records/setting/{slug}/parts/cost").get_data(as_text=True)
    assert 'id="sub-cost"' in html and 'id="lo-capacity"' in html and 'id="lo-waitingWeeks"' in html
    assert f'value="{HOUR}"' in html  # what a price is for, from the scheme
    tasks = client.get(f"/staff/records/setting/{slug}/tasks").get_data(as_text=True)
    assert f'href="/staff/records/setting/{slug}/parts/cost"' in tasks


def test_a_settings_price_places_and_wait_are_published_versioned_and_shown(setting_app, setting_settings, setting):
    provider, slug = setting
    iri = f"{ID}setting/{slug}"
    client = _editor(setting_app, setting_settings, provider)
    data = _form(client, slug)
    n = data["sub-cost-count"][0]
    data |= {
        f"sub-cost-{n}-lo-amount": ["6"],
        f"sub-cost-{n}-lo-pricePer": [HOUR],
        "lo-capacity": ["420"],
        "lo-waitingWeeks": ["3"],
    }
    response = client.post(f"/staff/records/setting/{slug}/edit", data=data)
    assert response.status_code == 303, _errors(response)
    store = current_store(setting_settings)
    cost = f"{ID}cost/setting-{slug}-c1"
    rows = store.select(
        f"SELECT ?a ?u WHERE {{ <{iri}> <{LO}hasCostOption> <{cost}> . <{cost}> <{LO}amount> ?a ; <{LO}pricePer> ?u }}"
    )
    assert [(r["a"].value, r["u"].value) for r in rows] == [("6", HOUR)]
    numbers = store.select(f"SELECT ?c ?w WHERE {{ <{iri}> <{LO}capacity> ?c ; <{LO}waitingWeeks> ?w }}")
    assert [(r["c"].value, r["w"].value) for r in numbers] == [("420", "3")]
    page = setting_app.test_client().get(f"/id/setting/{slug}").get_data(as_text=True)
    assert "£6 an hour" in page and "420" in page
    # versioned with the setting: the new version holds the price; rolling back removes it again
    db = open_private_db(setting_settings)
    latest = versions.latest(db, iri)
    assert f"<{cost}>" in latest.ntriples and "420" in latest.ntriples
    history = client.get(f"/staff/records/setting/{slug}/versions").get_data(as_text=True)
    rolled = client.post(
        f"/staff/records/setting/{slug}/versions/{latest.number - 1}/rollback",
        data={"csrf_token": csrf_from(history), "based_on": str(latest.number)},
    )
    assert rolled.status_code == 303
    assert not current_store(setting_settings).select(f"SELECT ?p WHERE {{ <{cost}> ?p ?o }}")
    assert "£6 an hour" not in setting_app.test_client().get(f"/id/setting/{slug}").get_data(as_text=True)


def test_bad_places_or_price_are_refused_naming_the_field(setting_app, setting_settings, setting):
    provider, slug = setting
    client = _editor(setting_app, setting_settings, provider)
    data = _form(client, slug)
    n = data["sub-cost-count"][0]
    data |= {"lo-capacity": ["lots"], "lo-waitingWeeks": ["-2"], f"sub-cost-{n}-lo-amount": ["six pounds"]}
    response = client.post(f"/staff/records/setting/{slug}/edit", data=data)
    assert response.status_code == 400
    wrong = dict(_errors(response))
    assert "lo-capacity" in wrong and "lo-waitingWeeks" in wrong and f"sub-cost-{n}-lo-amount" in wrong
    assert wrong[f"sub-cost-{n}-lo-amount"].startswith(f"Price {n}:")
