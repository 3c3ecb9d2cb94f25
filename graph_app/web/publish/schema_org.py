"""schema.org JSON-LD for service, setting and provider pages, so search engines understand them
(the framework: "easily found through internet search engines")."""

from __future__ import annotations

import json
from decimal import Decimal

from markupsafe import Markup
from pyoxigraph import NamedNode

from ..core.graph import get_graph
from ..core.opening_times import opening_hours_specification
from ..core.prices_places import schema_locations, unit_prices

# schema.org types by kind; a service whose provider is a council is a GovernmentService instead
KIND_TYPES = {"service": "Service", "setting": "EducationalOrganization", "provider": "Organization"}
FREE = "funding-route/free"  # under the configured id base (GRAPH_APP_BASE)


def schema_org_data(node_iri: str) -> dict | None:
    graph = get_graph()
    kind = node_iri[len(graph.id_base) :].split("/", 1)[0] if node_iri.startswith(graph.id_base) else ""
    if kind not in KIND_TYPES:
        return None
    rows = graph.library.select(graph.store, "export/schema_org_record", node=NamedNode(node_iri))
    fields: dict[str, list] = {}
    iris: dict[str, str] = {}  # the first IRI of a field whose value is a node (provider, council)
    for row in rows:
        value = row["valueLabel"].value if "valueLabel" in row else row["value"].value
        if isinstance(row["value"], NamedNode):
            iris.setdefault(row["field"].value, row["value"].value)
        fields.setdefault(row["field"].value, [])
        if value not in fields[row["field"].value]:
            fields[row["field"].value].append(value)
    if "name" not in fields:
        return None
    council = kind == "service" and bool(fields.get("council"))
    data: dict = {
        "@context": "https://schema.org",
        "@type": "GovernmentService" if council else KIND_TYPES[kind],
        "@id": node_iri,
        "name": fields["name"][0],
    }
    if "description" in fields:
        data["description"] = fields["description"][0]
    if fields.get("provider"):
        if kind == "service":
            # a council's service names the council (a GovernmentOrganization) as its provider
            source = "council" if council else "provider"
            organisation = "GovernmentOrganization" if council else "Organization"
            data["provider"] = {"@type": organisation, "@id": iris[source], "name": fields[source][0]}
        else:
            data["parentOrganization"] = {
                "@type": "Organization",
                "@id": iris["provider"],
                "name": fields["provider"][0],
            }
    if fields.get("area"):
        data["areaServed"] = [{"@type": "AdministrativeArea", "name": a} for a in fields["area"]]
    audience = _audience(fields)
    if audience and kind == "service":
        data["audience"] = audience
    elif kind != "service":
        # `audience` is not a property of an Organization: who a setting is for goes on the Service its
        # places are (Offer -> itemOffered), and its needs are keywords (both allowed on Organization)
        if audience:
            place = {"@type": "Service", "name": data["name"], "audience": audience}
            data["makesOffer"] = {"@type": "Offer", "itemOffered": place}
        if fields.get("need"):
            data["keywords"] = ", ".join(fields["need"])
    channel = {k: fields[k][0] for k in ("telephone", "email", "url") if fields.get(k)}
    if channel:
        if kind == "service":
            point = {"@type": "ServiceChannel"}
            if "url" in channel:
                point["serviceUrl"] = channel["url"]
            if "telephone" in channel:
                point["servicePhone"] = {"@type": "ContactPoint", "telephone": channel["telephone"]}
            if "email" in channel:
                point["description"] = f"Email {channel['email']}"
            data["availableChannel"] = point
        else:
            data["contactPoint"] = {"@type": "ContactPoint", **channel}
    if hours := opening_hours_specification(graph, node_iri):  # its opening times (lo:Schedule, issue 18)
        # schema.org gives a Service hoursAvailable; an organisation (a setting, a provider) has no hours of
        # its own, so they are its contact point's hoursAvailable (https://schema.org/hoursAvailable)
        if kind == "service":
            data["hoursAvailable"] = hours
        else:
            point = data.get("contactPoint")
            point = point if isinstance(point, dict) else {"@type": "ContactPoint"}
            point["hoursAvailable"] = hours
            data["contactPoint"] = point
    if kind == "service":
        offers = _offers(graph, node_iri, fields)
        if offers:
            data["offers"] = offers[0] if len(offers) == 1 else offers
        if places := schema_locations(graph, node_iri):  # the places it runs (lo:Venue, issue 18)
            channel = data.get("availableChannel") or {"@type": "ServiceChannel"}
            channel["serviceLocation"] = places[0] if len(places) == 1 else places
            data["availableChannel"] = channel
    return data


def _audience(fields: dict[str, list]) -> dict | None:
    if not (fields.get("minAge") or fields.get("maxAge")):
        return None
    audience: dict = {"@type": "PeopleAudience"}
    if fields.get("minAge"):
        audience["suggestedMinAge"] = int(fields["minAge"][0])
    if fields.get("maxAge"):
        audience["suggestedMaxAge"] = int(fields["maxAge"][0])
    if fields.get("need"):
        audience["audienceType"] = "Children and young people with: " + ", ".join(fields["need"])
    return audience


def _offers(graph, node_iri: str, fields: dict[str, list]) -> list[dict]:
    """One Offer per kept cost option with an amount (its price); else price 0 only for a free service;
    else the cost in words with no price (a price is never guessed from words)."""
    kept = graph.library.select(graph.store, "export/schema_org_offers", node=NamedNode(node_iri))
    offers = []
    specs = unit_prices(graph, node_iri)
    for row in kept:
        offer: dict = {"@type": "Offer", "price": _price(row["amount"].value), "priceCurrency": "GBP"}
        words = [row[k].value for k in ("option", "description") if k in row and row[k].value]
        if words:
            offer["description"] = ": ".join(words)
        if "validFrom" in row:
            offer["validFrom"] = row["validFrom"].value
        if "validTo" in row:
            offer["validThrough"] = row["validTo"].value
        if spec := specs.get(row["cost"].value):  # what the price is for: "per session" (issue 18)
            offer["priceSpecification"] = spec
        offers.append(offer)
    if offers or not (fields.get("cost") or fields.get("funding")):
        return offers
    offer = {"@type": "Offer", "priceCurrency": "GBP"}
    if graph.id_base + FREE in fields.get("funding", []):
        offer["price"] = "0"
    if fields.get("cost"):
        offer["description"] = fields["cost"][0]
    return [offer]


def _price(amount: str) -> str:
    """A decimal amount as schema.org wants a price: digits and a full stop, no currency sign."""
    number = Decimal(amount)
    return format(number.quantize(Decimal(1)) if number == number.to_integral() else number.normalize(), "f")


def schema_org_json(node_iri: str) -> Markup:
    """A <script type="application/ld+json"> block, or nothing for other kinds of page."""
    return script_tag(schema_org_data(node_iri))


def script_tag(data: dict | None) -> Markup:
    """The JSON-LD as a <script> block (the `ld_json` filter: record pages get the data from their view)."""
    if data is None:
        return Markup("")
    text = json.dumps(data, ensure_ascii=False)
    # a string in the data must never close the script element
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(f'<script type="application/ld+json">{text}</script>')
