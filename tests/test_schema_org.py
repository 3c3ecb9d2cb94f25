"""schema.org markup for search engines on service, setting and provider pages."""

import copy
import json
import re

import pytest
from pyld import jsonld
from test_import_oruk import EXAMPLES, SERVICE_ID, do_import, small_project

from graph_app.web.core.graph import get_graph
from graph_app.web.publish.schema_org import schema_org_data, schema_org_json

ID = "https://w3id.org/se7-local-offer/id/"


def test_service_markup_has_the_search_engine_fields(app, client):
    slug = re.search(r'href="/id/service/([a-z0-9-]+)"', client.get("/kinds/service").get_data(as_text=True)).group(1)
    with app.test_request_context():
        data = schema_org_data(f"{ID}service/{slug}")
    assert data["@type"] == "Service"  # no sample provider is a council (see the imported tests below)
    assert data["provider"]["name"]
    assert data["areaServed"]
    assert 0 <= data["audience"]["suggestedMinAge"] <= data["audience"]["suggestedMaxAge"] <= 25
    assert data["availableChannel"]
    assert data["offers"]["priceCurrency"] == "GBP"


def test_markup_cannot_break_out_of_its_script(app):
    with app.test_request_context():
        html = str(schema_org_json(f"{ID}need/autism"))
        assert html == ""
        slug_html = str(schema_org_json(f"{ID}provider/does-not-exist"))
        assert slug_html == ""


def test_setting_and_provider_markup(app, client):
    for kind, schema_type in (("setting", "EducationalOrganization"), ("provider", "Organization")):
        listing = client.get(f"/kinds/{kind}").get_data(as_text=True)
        slug = re.search(rf'href="/id/{kind}/([a-z0-9-]+)"', listing).group(1)
        with app.test_request_context():
            block = str(schema_org_json(f"{ID}{kind}/{slug}"))
        payload = json.loads(re.match(r'<script type="application/ld\+json">(.*)</script>$', block).group(1))
        assert payload["@type"] == schema_type
        assert "</" not in block[len('<script type="application/ld+json">') : -len("</script>")]


# ---------------------------------------------------------------- checked as JSON-LD against schema.org

# schema.org's vocabulary file is not available offline, so the types and the domains ("Used on these
# types") relied on are written here from the schema.org pages named, as of schema.org 29.x.
SCHEMA_TYPES = {  # type -> itself and its supertypes (each type's page, "Thing > ..." breadcrumb)
    "Service": {"Service", "Intangible", "Thing"},  # https://schema.org/Service
    "GovernmentService": {
        "GovernmentService",
        "Service",
        "Intangible",
        "Thing",
    },  # https://schema.org/GovernmentService
    # https://schema.org/EducationalOrganization: Thing > Organization and Thing > Place > CivicStructure
    "EducationalOrganization": {"EducationalOrganization", "Organization", "CivicStructure", "Place", "Thing"},
    "Organization": {"Organization", "Thing"},  # https://schema.org/Organization
    "GovernmentOrganization": {"GovernmentOrganization", "Organization", "Thing"},
    "AdministrativeArea": {"AdministrativeArea", "Place", "Thing"},  # https://schema.org/AdministrativeArea
    "PeopleAudience": {"PeopleAudience", "Audience", "Intangible", "Thing"},  # https://schema.org/PeopleAudience
    "ServiceChannel": {"ServiceChannel", "Intangible", "Thing"},  # https://schema.org/ServiceChannel
    "ContactPoint": {"ContactPoint", "StructuredValue", "Intangible", "Thing"},  # https://schema.org/ContactPoint
    "Offer": {"Offer", "Intangible", "Thing"},  # https://schema.org/Offer
}
SCHEMA_DOMAINS = {  # property -> the types it may be used on (https://schema.org/{property})
    "name": {"Thing"},
    "description": {"Thing"},
    "url": {"Thing"},
    "provider": {
        "Service",
        "CreativeWork",
        "EducationalOccupationalProgram",
        "Invoice",
        "ParcelDelivery",
        "Reservation",
        "Trip",
        "FinancialIncentive",
    },
    "parentOrganization": {"Organization"},
    "areaServed": {"ContactPoint", "DeliveryChargeSpecification", "Demand", "Offer", "Organization", "Service"},
    "audience": {"CreativeWork", "Event", "LodgingBusiness", "PlayAction", "Product", "Service"},
    "suggestedMinAge": {"PeopleAudience"},
    "suggestedMaxAge": {"PeopleAudience"},
    "audienceType": {"Audience"},
    "availableChannel": {"Service"},
    "serviceUrl": {"ServiceChannel"},
    "servicePhone": {"ServiceChannel"},
    "telephone": {"ContactPoint", "Organization", "Person", "Place"},
    "email": {"ContactPoint", "Organization", "Person"},
    "contactPoint": {"Organization", "Person", "HealthInsurancePlan"},
    "offers": {
        "AggregateOffer",
        "CreativeWork",
        "EducationalOccupationalProgram",
        "Event",
        "MenuItem",
        "Product",
        "Service",
        "Trip",
    },
    "price": {"Offer", "PriceSpecification", "TradeAction"},
    "priceCurrency": {"Offer", "PriceSpecification", "Reservation", "Ticket", "TradeAction"},
    "validFrom": {
        "Offer",
        "PriceSpecification",
        "Demand",
        "LocationFeatureSpecification",
        "MonetaryAmount",
        "OpeningHoursSpecification",
        "Permit",
    },
    "validThrough": {
        "Offer",
        "PriceSpecification",
        "Demand",
        "JobPosting",
        "LocationFeatureSpecification",
        "MonetaryAmount",
        "OpeningHoursSpecification",
    },
    "makesOffer": {"Organization", "Person"},
    "itemOffered": {"Offer", "Demand"},
    "keywords": {"CreativeWork", "Event", "Organization", "Place", "Product"},
}
# issue 18: a price per unit and the places a service runs (each type's and property's schema.org page)
SCHEMA_TYPES.update(
    {
        "UnitPriceSpecification": {
            "UnitPriceSpecification",
            "PriceSpecification",
            "StructuredValue",
            "Intangible",
            "Thing",
        },
        "Place": {"Place", "Thing"},
        "PostalAddress": {"PostalAddress", "ContactPoint", "StructuredValue", "Intangible", "Thing"},
        "LocationFeatureSpecification": {
            "LocationFeatureSpecification",
            "PropertyValue",
            "StructuredValue",
            "Intangible",
            "Thing",
        },
    }
)
SCHEMA_DOMAINS.update(
    {
        "priceSpecification": {"Offer", "Demand", "TradeAction"},
        "unitText": {"UnitPriceSpecification", "PropertyValue", "QuantitativeValue", "TypeAndQuantityNode"},
        "unitCode": {"UnitPriceSpecification", "PropertyValue", "QuantitativeValue", "TypeAndQuantityNode"},
        "serviceLocation": {"ServiceChannel"},
        "address": {"Place", "Organization", "Person", "GeoCoordinates", "GeoShape"},
        "streetAddress": {"PostalAddress"},
        "addressLocality": {"PostalAddress"},
        "postalCode": {"PostalAddress", "DefinedRegion", "GeoCoordinates", "GeoShape"},
        "addressCountry": {"PostalAddress", "DefinedRegion", "GeoCoordinates", "GeoShape"},
        "amenityFeature": {"Place", "Accommodation", "LodgingBusiness", "FloorPlan"},
        "value": {"PropertyValue", "QuantitativeValue", "MonetaryAmount", "QuantitativeValueDistribution"},
    }
)
# issue 18: opening times (https://schema.org/hoursAvailable, /OpeningHoursSpecification, /opens, /dayOfWeek)
SCHEMA_TYPES["OpeningHoursSpecification"] = {"OpeningHoursSpecification", "StructuredValue", "Intangible", "Thing"}
SCHEMA_DOMAINS.update(
    {
        "hoursAvailable": {"Service", "ContactPoint", "LocationFeatureSpecification"},
        "opens": {"OpeningHoursSpecification"},
        "closes": {"OpeningHoursSpecification"},
        "dayOfWeek": {"OpeningHoursSpecification", "EducationalOccupationalProgram"},
    }
)
# https://schema.org/docs/jsonldcontext.jsonld maps every term by "@vocab": "http://schema.org/"; served
# here so pyld expands offline exactly as it would online (and fetches nothing else)
SCHEMA_CONTEXT = {"@context": {"@vocab": "http://schema.org/"}}
SCHEMA = ("http://schema.org/", "https://schema.org/")


def _load(url: str, options=None) -> dict:
    if url.rstrip("/") not in ("https://schema.org", "http://schema.org"):
        raise AssertionError(f"the markup asks for another context: {url}")
    return {"contextUrl": None, "documentUrl": url, "document": SCHEMA_CONTEXT}


def _short(iri: str) -> str:
    for namespace in SCHEMA:
        if iri.startswith(namespace):
            return iri[len(namespace) :]
    raise AssertionError(f"{iri} is not a schema.org term")


def schema_problems(data: dict) -> list[str]:
    """Expand with pyld (a real JSON-LD processor) and check each node: its types exist, and each property
    exists and may be used on one of them (or their supertypes)."""
    problems = []
    expanded = jsonld.expand(data, {"documentLoader": _load})

    def walk(node: dict, where: str) -> None:
        types = [_short(t) for t in node.get("@type", [])]
        known = set().union(*(SCHEMA_TYPES.get(t, set()) for t in types)) if types else set()
        problems.extend(f"{where}: unknown type {t}" for t in types if t not in SCHEMA_TYPES)
        for key, values in node.items():
            if key.startswith("@"):
                continue
            name = _short(key)
            if name not in SCHEMA_DOMAINS:
                problems.append(f"{where}: unknown property {name}")
            elif not SCHEMA_DOMAINS[name] & known:
                problems.append(f"{where}: {name} is not allowed on {'/'.join(types)}")
            for value in values:
                if isinstance(value, dict) and "@value" not in value:
                    walk(value, f"{where}.{name}")

    for node in expanded:
        walk(node, node.get("@id", "?"))
    return problems


def test_the_checker_finds_audience_on_an_educational_organization():
    """The markup settings had before: the check must fail it (so a pass below means something)."""
    before = {
        "@context": "https://schema.org",
        "@type": "EducationalOrganization",
        "name": "A school",
        "audience": {"@type": "PeopleAudience", "suggestedMinAge": 4},
    }
    assert any("audience is not allowed on EducationalOrganization" in p for p in schema_problems(before))
    assert any("unknown property" in p for p in schema_problems({**before, "@type": "Service", "colour": "red"}))


def _records(app, kind: str) -> list[str]:
    with app.app_context():
        graph = get_graph()
        rows = graph.store.select(
            f"SELECT ?n WHERE {{ ?n a <https://w3id.org/se7-local-offer/def#{kind.capitalize()}> }} ORDER BY ?n"
        )
    return [row["n"].value for row in rows]


def test_every_record_markup_uses_only_schema_org_terms_where_allowed(app):
    checked = 0
    for kind in ("service", "setting", "provider"):
        for iri in _records(app, kind):
            with app.test_request_context():
                data = schema_org_data(iri)
            assert data is not None, iri
            assert schema_problems(data) == [], iri
            checked += 1
    assert checked > 400


def test_settings_say_who_they_are_for_without_audience_on_the_organisation(app):
    with_ages = 0
    for iri in _records(app, "setting"):
        with app.test_request_context():
            data = schema_org_data(iri)
        assert data["@type"] == "EducationalOrganization" and "audience" not in data
        if "makesOffer" in data:
            audience = data["makesOffer"]["itemOffered"]["audience"]
            assert 0 <= audience["suggestedMinAge"] <= audience["suggestedMaxAge"] <= 25
            with_ages += 1
    assert with_ages > 0


def test_sample_services_are_services_and_only_free_ones_have_price_zero(app):
    """No sample provider is in a local authority register, so every sample service is a `Service`; a
    price appears where the service has its own price (a cost option), or else only where it is free
    (funding route free), and then it is "0"."""
    free = ID + "funding-route/free"
    with app.app_context():
        free_services = {
            row["s"].value
            for row in get_graph().store.select(
                f"SELECT ?s WHERE {{ ?s <https://w3id.org/se7-local-offer/def#fundingRoute> <{free}> }}"
            )
        }
        # a price kept as a cost option (data/sample/service-details.ttl, issue 18): its amount
        amounts = {
            row["s"].value: row["a"].value
            for row in get_graph().store.select(
                "SELECT ?s ?a WHERE { ?s <https://w3id.org/se7-local-offer/def#hasCostOption> ?c . "
                "?c <https://w3id.org/se7-local-offer/def#amount> ?a }"
            )
        }
    priced = 0
    for iri in _records(app, "service"):
        with app.test_request_context():
            data = schema_org_data(iri)
        assert data["@type"] == "Service"
        offers = data.get("offers", {})
        if "price" in offers and iri in amounts:  # its own price
            assert float(offers["price"]) == float(amounts[iri]), iri
        elif "price" in offers:
            assert offers["price"] == "0" and iri in free_services, iri
            priced += 1
        else:
            assert iri not in free_services, iri
    assert priced > 0 and any(float(a) > 0 for a in amounts.values())


@pytest.fixture(scope="module")
def imported(tmp_path_factory, hermit_cache):
    """A small build (no sample) with two ORUK services: one run by a council (its organisation's
    identifier is in the GB-LAE register) and one by a company (GB-COH), each with its cost option."""
    settings, imports = small_project(tmp_path_factory.mktemp("schema-org"), hermit_cache)
    record = json.loads((EXAMPLES / "service_full.json").read_text(encoding="utf-8"))
    council = copy.deepcopy(record)
    council["id"] = COUNCIL_SERVICE
    council["name"] = "Council short breaks"
    council["organization"]["id"] = "0b6f8a53-1111-4d5e-9a57-3a0c4e1b2c3d"
    council["organization"]["name"] = "Kent County Council"
    council["organization"]["organization_identifiers"] = [
        {"id": "5a1b", "identifier_scheme": "GB-LAE", "identifier_type": "Local authority code", "identifier": "KEN"}
    ]
    council["cost_options"] = [
        {"id": "c-1", "option": "Per session", "amount": 12.5, "amount_description": "a two-hour session"},
        {"id": "c-2", "option": "Families on low incomes", "amount": 0, "valid_from": "2026-01-01"},
    ]
    for part in ("service_at_locations", "contacts", "schedules", "service_areas", "languages", "funding"):
        council.pop(part, None)
    feed = tmp_path_factory.mktemp("feed") / "two.json"
    feed.write_text(json.dumps({"contents": [record, council], "total_pages": 1, "page_number": 1}), encoding="utf-8")
    outcome = do_import(settings, imports, feed, name="schema-org")
    assert outcome.result.problems == []
    return settings


COUNCIL_SERVICE = "7a0a3b1e-2222-4c55-8f3e-1b2c3d4e5f60"


def test_a_council_service_is_a_government_service_with_the_council_as_provider(imported, make_app):
    with make_app(imported).test_request_context():
        council = schema_org_data(f"{ID}service/oruk-{COUNCIL_SERVICE}")
        company = schema_org_data(f"{ID}service/oruk-{SERVICE_ID}")
    assert council["@type"] == "GovernmentService"
    assert council["provider"]["@type"] == "GovernmentOrganization"
    assert council["provider"]["name"] == "Kent County Council"
    assert council["provider"]["@id"].startswith(ID + "provider/")
    assert company["@type"] == "Service" and company["provider"]["@type"] == "Organization"
    assert schema_problems(council) == [] and schema_problems(company) == []


def test_prices_come_from_the_kept_cost_options(imported, make_app):
    with make_app(imported).test_request_context():
        council = schema_org_data(f"{ID}service/oruk-{COUNCIL_SERVICE}")
        company = schema_org_data(f"{ID}service/oruk-{SERVICE_ID}")
    offers = sorted(council["offers"], key=lambda o: o["price"])
    assert [o["price"] for o in offers] == ["0", "12.5"]
    assert {o["priceCurrency"] for o in offers} == {"GBP"}
    assert offers[1]["description"] == "Per session: a two-hour session"
    assert offers[0]["validFrom"] == "2026-01-01"
    # service_full.json: one option, £35 "per 1 hour session", 2020-01-01 to 2022-12-31
    assert company["offers"]["price"] == "35"
    assert company["offers"]["validThrough"] == "2022-12-31"
