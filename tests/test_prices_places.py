"""Prices and places on a service's form (issue 18): repeatable sub-forms for cost options (amount in pounds,
what it is for) and the places it runs (name, address, accessibility features from a list, details), each
the service's own dependent record, versioned and published with it; shown plainly on the family page
("£5 a session", "Step-free access"), in schema.org JSON-LD (UnitPriceSpecification, Place with
amenityFeature) and in the ORUK export (cost_options, service_at_locations with accessibility), which still
validates against the profile's schemas. Real store, real private database, Flask test client."""

from __future__ import annotations

import json
import re

import pytest
from live_helpers import LO, copy_build, current_store, form_data
from staff_helpers import csrf_from, login, make_staff
from test_oruk_api import check, our_schema
from test_schema_org import schema_problems

from graph_app.web.publish.oruk_api import oruk_id

ID = "https://w3id.org/se7-local-offer/id/"
STEP_FREE = ID + "accessibility-feature/step-free-access"
LOOP = ID + "accessibility-feature/hearing-loop"
SESSION = ID + "price-unit/session"


@pytest.fixture(scope="module")
def settings(built, tmp_path_factory):
    return copy_build(built, tmp_path_factory.mktemp("prices-places") / "data")


@pytest.fixture(scope="module")
def app(settings, make_module_app):
    return make_module_app(settings)


@pytest.fixture(scope="module")
def service(settings) -> tuple[str, str]:
    """(provider, slug) of a sample service with no prices or places of its own."""
    rows = current_store(settings).select(
        f"SELECT ?p ?s WHERE {{ ?s a <{LO}Service> ; <{LO}providedBy> ?p "
        f"FILTER NOT EXISTS {{ ?s <{LO}hasCostOption> ?c }} FILTER NOT EXISTS {{ ?s <{LO}deliveredAt> ?v }} }} "
        "ORDER BY ?s LIMIT 1"
    )
    return rows[0]["p"].value, rows[0]["s"].value.rsplit("/", 1)[-1]


def _editor(app, settings, provider):
    client = app.test_client()
    user, password = make_staff(settings, "editor", provider)
    assert login(client, user.email, password).status_code == 303
    return client


def _form(client, slug: str) -> dict[str, list[str]]:
    html = client.get(f"/staff/records/service/{slug}/edit").get_data(as_text=True)
    data = form_data(html)
    for key in ("sub-cost-count", "sub-venue-count", "sub-schedule-count", "sub-contact-count"):
        found = re.search(rf'name="{key}" value="(\d+)"', html)
        if found:
            data[key] = [found.group(1)]
    # what form_data leaves out: the items' hidden IRIs and the amounts (inputmode="decimal")
    for name, value in re.findall(r'type="hidden" name="(sub-[a-z]+-\d+-iri)" value="([^"]+)"', html):
        data[name] = [value]
    for name, value in re.findall(
        r'name="([^"]+)" type="text" inputmode="decimal" spellcheck="false" value="([^"]*)"', html
    ):
        data[name] = [value]
    return data


def _price_and_place(data: dict, amount: str = "5") -> dict:
    cost, venue = data["sub-cost-count"][0], data["sub-venue-count"][0]
    return {
        **data,
        f"sub-cost-{cost}-lo-amount": [amount],
        f"sub-cost-{cost}-lo-pricePer": [SESSION],
        f"sub-venue-{venue}-rdfs-label": ["Oak Hall community centre"],
        f"sub-venue-{venue}-schema-streetAddress": ["1 High Street"],
        f"sub-venue-{venue}-schema-addressLocality": ["Tonbridge"],
        f"sub-venue-{venue}-schema-postalCode": ["TN1 1AA"],
        f"sub-venue-{venue}-lo-hasAccessibility": [STEP_FREE, LOOP],
        f"sub-venue-{venue}-lo-accessibilityDetails": ["The ramp is by the side door."],
    }


def _errors(response) -> list[str]:
    return re.findall(r'class="govuk-error-message"[^>]*>.*?</span>\s*([^<]+)', response.get_data(as_text=True))


def test_the_form_offers_a_price_and_a_place_with_choices_from_the_lists(app, settings, service):
    provider, slug = service
    html = _editor(app, settings, provider).get(f"/staff/records/service/{slug}/edit").get_data(as_text=True)
    assert ">Prices<" in html and ">Places it runs<" in html
    assert f'type="radio" value="{SESSION}"' in html and ">Per session<" in html
    boxes = re.findall(r'name="sub-venue-\d+-lo-hasAccessibility" type="checkbox" value="([^"]+)"', html)
    assert STEP_FREE in boxes and LOOP in boxes and len(boxes) == 8  # the scheme's concepts, nothing else


def test_a_price_and_a_place_round_trip_to_the_page_json_ld_and_history(app, settings, service):
    provider, slug = service
    client = _editor(app, settings, provider)
    response = client.post(f"/staff/records/service/{slug}/edit", data=_price_and_place(_form(client, slug)))
    assert response.status_code == 303, _errors(response)
    store = current_store(settings)
    cost, venue = f"{ID}cost/service-{slug}-c1", f"{ID}venue/service-{slug}-v1"
    amounts = store.select(f"SELECT ?a ?u WHERE {{ <{cost}> <{LO}amount> ?a ; <{LO}pricePer> ?u }}")
    assert [(r["a"].value, r["u"].value) for r in amounts] == [("5", SESSION)]
    features = store.select(
        f"SELECT ?f WHERE {{ <{ID}service/{slug}> <{LO}deliveredAt> <{venue}> . <{venue}> <{LO}hasAccessibility> ?f }}"
    )
    assert sorted(r["f"].value for r in features) == [LOOP, STEP_FREE]
    page = app.test_client().get(f"/id/service/{slug}").get_data(as_text=True)
    assert "£5 a session" in page
    assert "Oak Hall community centre, 1 High Street, Tonbridge, TN1 1AA" in page
    assert "Hearing loop, Step-free access. The ramp is by the side door." in page
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    offers = data["offers"] if isinstance(data["offers"], list) else [data["offers"]]
    assert {"@type": "UnitPriceSpecification", "price": "5", "priceCurrency": "GBP", "unitText": "session"} in [
        o.get("priceSpecification") for o in offers
    ]
    assert schema_problems(data) == []  # every type and property used where schema.org allows it
    place = data["availableChannel"]["serviceLocation"]
    assert place["@type"] == "Place" and place["address"]["postalCode"] == "TN1 1AA"
    assert {"@type": "LocationFeatureSpecification", "name": "Step-free access", "value": True} in place[
        "amenityFeature"
    ]
    # versioned with the service: the newest version added them; a rollback removes them again
    history = client.get(f"/staff/records/service/{slug}/versions").get_data(as_text=True)
    newest = max(int(n) for n in re.findall(rf"/staff/records/service/{slug}/versions/(\d+)", history))
    assert "Oak Hall community centre" in client.get(f"/staff/records/service/{slug}/versions/{newest}").get_data(
        as_text=True
    )


def test_the_oruk_export_gives_the_price_and_the_place_and_still_validates(app, settings, service):
    _, slug = service
    full = app.test_client().get(f"/oruk/services/{oruk_id(ID + 'service/' + slug)}")
    assert full.status_code == 200
    check(full.json, our_schema("Service"))
    options = full.json["cost_options"]
    assert any(o.get("amount") == 5 and o.get("option") == "Per session" for o in options), options
    locations = [at["location"] for at in full.json["service_at_locations"]]
    oak = next(loc for loc in locations if loc.get("name") == "Oak Hall community centre")
    assert oak["addresses"][0]["postal_code"] == "TN1 1AA" and oak["addresses"][0]["address_1"] == "1 High Street"
    assert {a["accessibility"] for a in oak["accessibility"]} >= {"Step-free access", "Hearing loop"}


def test_a_free_price_says_free_and_a_bad_amount_or_postcode_is_refused_naming_the_field(app, settings, service):
    provider, slug = service
    client = _editor(app, settings, provider)
    data = _form(client, slug)
    data["sub-cost-1-lo-amount"] = ["0"]
    response = client.post(f"/staff/records/service/{slug}/edit", data=data)
    assert response.status_code == 303, _errors(response)
    assert "Free" in app.test_client().get(f"/id/service/{slug}").get_data(as_text=True)
    data = _form(client, slug)
    data["sub-cost-1-lo-amount"] = ["five pounds"]
    data["sub-venue-1-schema-postalCode"] = ["nowhere"]
    response = client.post(f"/staff/records/service/{slug}/edit", data=data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'href="#sub-cost-1-lo-amount"' in html and 'href="#sub-venue-1-schema-postalCode"' in html
    assert "Price 1: A price is one amount in pounds, 0 or more." in html
    assert "Place 1: The postcode must look like a UK postcode" in html
    rows = current_store(settings).select(f"SELECT ?a WHERE {{ <{ID}cost/service-{slug}-c1> <{LO}amount> ?a }}")
    assert [r["a"].value for r in rows] == ["0"]  # nothing saved


def test_another_providers_editor_cannot_touch_the_items(app, settings, service):
    provider, slug = service
    other = (
        current_store(settings)
        .select(f"SELECT ?p WHERE {{ ?p a <{LO}Provider> FILTER(?p != <{provider}>) }} ORDER BY ?p LIMIT 1")[0]["p"]
        .value
    )
    client = _editor(app, settings, other)
    token = csrf_from(client.get("/staff/records/").get_data(as_text=True))
    data = {"csrf_token": [token], "based_on": ["0"], "sub-cost-count": ["1"], "sub-cost-1-lo-amount": ["99"]}
    assert client.post(f"/staff/records/service/{slug}/edit", data=data).status_code == 403
    rows = current_store(settings).select(f"SELECT ?a WHERE {{ <{ID}cost/service-{slug}-c1> <{LO}amount> ?a }}")
    assert "99" not in [r["a"].value for r in rows]


def test_the_review_page_says_every_choice_in_words_never_its_iri(app, settings):
    """'Still correct' reads back every field: a place's accessibility and a price's unit by their labels
    (the sample's Dungate club has both, data/sample/service-details.ttl)."""
    slug = "after-school-short-breaks-club-dungate-community-hall"
    provider = (
        current_store(settings).select(f"SELECT ?p WHERE {{ <{ID}service/{slug}> <{LO}providedBy> ?p }}")[0]["p"].value
    )
    page = _editor(app, settings, provider).get(f"/staff/records/service/{slug}/reviewed").get_data(as_text=True)
    main = re.sub(r"<[^>]+>", " ", page.split("<main", 1)[1].split("</main>", 1)[0])  # the text, not the links
    assert "Step-free access" in main and "Per session" in main
    assert ID not in main and "/def#" not in main
