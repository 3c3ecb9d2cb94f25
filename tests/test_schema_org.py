"""schema.org markup for search engines on service, setting and provider pages."""

import json
import re

from graph_app.web.publish.schema_org import schema_org_data, schema_org_json

ID = "https://w3id.org/se7-local-offer/id/"


def test_service_markup_has_the_search_engine_fields(app, client):
    slug = re.search(r'href="/id/service/([a-z0-9-]+)"', client.get("/kinds/service").get_data(as_text=True)).group(1)
    with app.test_request_context():
        data = schema_org_data(f"{ID}service/{slug}")
    assert data["@type"] == "GovernmentService"
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
