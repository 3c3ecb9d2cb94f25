"""A service's prices and the places it runs, in plain words for its page ("Free", "£5 a session", "Oak Hall,
1 High Street, Tonbridge, TN1 1AA. Step-free access, hearing loop"), and as schema.org for its JSON-LD
(offers with a UnitPriceSpecification; location as a Place with its PostalAddress and amenityFeature).
Read from the cost options (lo:CostOption) and places (lo:Venue) an editor or an ORUK import gave (issue 18)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from .graph import Graph
from .i18n import N_, translate
from .labels import label_map, reader_languages
from .request_rows import record_rows

PRICE_UNIT = "price-unit/"  # under the id base: the concepts of ontology/schemes.ttl
# each unit's words around an amount (N_: the catalogue has them; translate() picks the reader's language)
PER_UNIT = {
    "session": N_("£{amount} a session"),
    "hour": N_("£{amount} an hour"),
    "day": N_("£{amount} a day"),
    "week": N_("£{amount} a week"),
    "term": N_("£{amount} a term"),
    "year": N_("£{amount} a year"),
    "one-off": N_("£{amount}, paid once"),
}
# UN/CEFACT codes schema.org's unitCode takes, where one exists (a session or a term has none: unitText says it)
SCHEMA_UNIT = {"hour": "HUR", "day": "DAY", "week": "WEE", "year": "ANN"}


@dataclass(frozen=True)
class Price:
    iri: str
    amount: Decimal | None
    unit: str | None  # the unit concept's slug (session, hour, ...), when the price names one
    option: str | None  # the source's own words for it (an ORUK import's "option")
    description: str | None


@dataclass
class Place:
    iri: str
    name: str | None = None
    street: str | None = None
    town: str | None = None
    postcode: str | None = None
    features: list[str] = field(default_factory=list)  # IRIs
    details: str | None = None

    @property
    def address(self) -> str:
        return ", ".join(p for p in (self.street, self.town, self.postcode) if p)


def prices(graph: Graph, node: str) -> list[Price]:
    found = []
    for row in record_rows(graph, "navigate/record_prices", node):
        unit = row["unit"].value if "unit" in row else ""
        found.append(
            Price(
                row["cost"].value,
                _decimal(row["amount"].value) if "amount" in row else None,
                unit.removeprefix(graph.id_base + PRICE_UNIT) if unit.startswith(graph.id_base + PRICE_UNIT) else None,
                row["option"].value if "option" in row and row["option"].value else None,
                row["description"].value if "description" in row and row["description"].value else None,
            )
        )
    return found


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def money(amount: Decimal) -> str:
    """5 -> "5", 5.5 -> "5.50" (pounds and pence, as families read prices)."""
    return f"{amount:.0f}" if amount == amount.to_integral_value() else f"{amount:.2f}"


def price_words(price: Price) -> str:
    """ "Free", "£5 a session", "£12 (per child)", each followed by its description when it has one."""
    if price.amount is None:
        words = price.option or ""
    elif price.amount == 0:
        words = translate("Free")
    elif price.unit in PER_UNIT:
        words = translate(PER_UNIT[price.unit], amount=money(price.amount))
    else:
        words = translate("£{amount}", amount=money(price.amount))
        if price.option:
            words += f" ({price.option})"
    return ". ".join(p for p in (words, price.description) if p)


def places(graph: Graph, node: str) -> list[Place]:
    found: dict[str, Place] = {}
    for row in record_rows(graph, "navigate/record_places", node):
        place = found.setdefault(row["venue"].value, Place(row["venue"].value))
        for name in ("name", "street", "town", "postcode", "details"):
            if name in row and getattr(place, name) is None:
                setattr(place, name, row[name].value)
        if "feature" in row and row["feature"].value not in place.features:
            place.features.append(row["feature"].value)
    return list(found.values())


def feature_names(graph: Graph, found: list[Place]) -> dict[str, str]:
    """Each accessibility feature's name in the reader's language (English where the data has none)."""
    iris = sorted({f for place in found for f in place.features})
    return label_map(graph, iris, [*reader_languages(), "en"]) if iris else {}


def place_words(place: Place, names: dict[str, str]) -> str:
    """ "Oak Hall, 1 High Street, Tonbridge, TN1 1AA. Hearing loop, Step-free access. The ramp is at the side." """
    where = ", ".join(p for p in (place.name, place.address) if p)
    features = [names.get(f, f.rsplit("/", 1)[-1]) for f in place.features]
    listed = ", ".join(sorted(features))  # each as the scheme names it ("Changing Places toilet" keeps its capitals)
    return ". ".join(p for p in (where, listed, place.details) if p)


def unit_prices(graph: Graph, node: str) -> dict[str, dict]:
    """Cost option IRI -> its schema.org UnitPriceSpecification, for each price that says what it is for."""
    specs = {}
    for price in prices(graph, node):
        if price.amount is None or not price.unit:
            continue
        spec: dict = {"@type": "UnitPriceSpecification", "price": money(price.amount), "priceCurrency": "GBP"}
        spec["unitText"] = price.unit
        if price.unit in SCHEMA_UNIT:
            spec["unitCode"] = SCHEMA_UNIT[price.unit]
        specs[price.iri] = spec
    return specs


def schema_locations(graph: Graph, node: str) -> list[dict]:
    """Each place as a schema.org Place: its name, PostalAddress and accessibility (amenityFeature)."""
    found = places(graph, node)
    names = label_map(graph, sorted({f for p in found for f in p.features}), ["en"]) if found else {}
    result = []
    for place in found:
        data: dict = {"@type": "Place", "@id": place.iri}
        if place.name:
            data["name"] = place.name
        address = {"streetAddress": place.street, "addressLocality": place.town, "postalCode": place.postcode}
        if any(address.values()):
            data["address"] = {
                "@type": "PostalAddress",
                **{k: v for k, v in address.items() if v},
                "addressCountry": "GB",
            }
        features = [
            {"@type": "LocationFeatureSpecification", "name": names.get(f, f.rsplit("/", 1)[-1]), "value": True}
            for f in place.features
        ]
        if features:
            data["amenityFeature"] = features
        if place.details:
            data["description"] = place.details
        result.append(data)
    return result
