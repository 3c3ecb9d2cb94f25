"""Issue 14: a setting's resource base or SEN unit as data (kind, needs, places): the shapes accept good
values and reject bad ones with the field's message, and the sample data has believable ones."""

from __future__ import annotations

import pytest
import rdflib
from rdflib.namespace import RDF, XSD

from graph_app.build import validation
from graph_app.config import PROJECT_ROOT
from graph_app.sample import provision

LO = rdflib.Namespace("https://w3id.org/se7-local-offer/def#")
SCHEMA = rdflib.Namespace("https://schema.org/")
ID = "https://w3id.org/se7-local-offer/id/"
SHAPES = PROJECT_ROOT / "ontology" / "shapes.ttl"
SETTING = rdflib.URIRef(f"{ID}setting/test-school")
HI = rdflib.URIRef(f"{ID}need/hearing-impairment")


def violations(extra: list[tuple]) -> dict[str, str]:
    """Field -> message of each violation on a test school, typed as the build types it."""
    g = rdflib.Graph()
    g.parse(PROJECT_ROOT / "ontology" / "core.ttl")
    g.add((HI, RDF.type, LO.Need))
    for kind in (LO.ResourceBaseProvision, LO.SENUnitProvision):
        g.add((kind, RDF.type, LO.SpecialistProvisionKind))
    g.add((SETTING, RDF.type, LO.Setting))
    for triple in extra:
        g.add((SETTING, *triple))
    return {str(v.field): v.message for v in validation.validate(g, SHAPES) if v.focus == str(SETTING)}


def field_messages(found: dict[str, str], prop: rdflib.URIRef) -> list[str]:
    """Fields are shown compacted (lo:senUnitCapacity, schema:postalCode)."""
    local = str(prop).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    return [m for f, m in found.items() if f.split(":", 1)[-1] == local]


def test_good_values_pass():
    found = violations(
        [
            (LO.specialistProvision, LO.ResourceBaseProvision),
            (LO.specialistProvisionFor, HI),
            (LO.resourceBaseCapacity, rdflib.Literal(12)),
            (SCHEMA.postalCode, rdflib.Literal("TN23 1AA")),
            (SCHEMA.streetAddress, rdflib.Literal("1 High Street")),
        ]
    )
    for prop in (
        LO.specialistProvision,
        LO.specialistProvisionFor,
        LO.resourceBaseCapacity,
        SCHEMA.postalCode,
        SCHEMA.streetAddress,
    ):
        assert field_messages(found, prop) == [], prop


@pytest.mark.parametrize(
    ("triple", "prop", "words"),
    [
        ((LO.resourceBaseCapacity, rdflib.Literal("many")), LO.resourceBaseCapacity, "whole number"),
        ((LO.senUnitCapacity, rdflib.Literal(-3)), LO.senUnitCapacity, "whole number"),
        ((LO.specialistProvision, HI), LO.specialistProvision, "resource base, SEN unit"),
        ((LO.specialistProvisionFor, LO.ResourceBaseProvision), LO.specialistProvisionFor, "list of needs"),
        ((SCHEMA.postalCode, rdflib.Literal("not a postcode")), SCHEMA.postalCode, "UK postcode"),
    ],
)
def test_bad_values_are_named_with_a_plain_message(triple, prop, words):
    messages = field_messages(violations([triple]), prop)
    assert messages and words in messages[0], messages


def test_capacity_is_typed_integer_in_sample_data():
    g = rdflib.Graph().parse(PROJECT_ROOT / "data" / "sample" / "local-offer.ttl")
    bases = list(g.subjects(LO.specialistProvision, None))
    assert len(bases) >= 14
    kinds = {o for o in g.objects(None, LO.specialistProvision)}
    assert kinds == {LO.ResourceBaseProvision, LO.SENUnitProvision}
    councils = {g.value(s, LO.inLocalOfferOf) for s in bases}
    assert len(councils) == 7  # every council has at least one, so a local search can find one
    for s in bases:
        assert (s, RDF.type, LO.MainstreamSetting) in g and (s, RDF.type, LO.School) in g
        assert (s, LO.isSample, rdflib.Literal(True)) in g
        needs = list(g.objects(s, LO.specialistProvisionFor))
        assert needs
        places = [g.value(s, LO.resourceBaseCapacity), g.value(s, LO.senUnitCapacity)]
        places = [p for p in places if p is not None]
        assert len(places) == 1 and places[0].datatype == XSD.integer and 4 <= int(places[0]) <= 30
    hearing = [s for s in bases if HI in set(g.objects(s, LO.specialistProvisionFor))]
    assert hearing  # the example: a resource base for hearing impairment


def test_promised_resource_base_in_description_is_also_data():
    g = rdflib.Graph().parse(PROJECT_ROOT / "data" / "sample" / "local-offer.ttl")
    promised = [
        s
        for s, d in g.subject_objects(rdflib.URIRef("http://purl.org/dc/terms/description"))
        if any(sentence in str(d) for sentence in provision.PROMISED)
    ]
    assert promised
    for s in promised:
        assert g.value(s, LO.specialistProvision) == LO.ResourceBaseProvision


def test_choice_is_stable_and_only_for_mainstream_schools():
    assert provision.choose("x", "College", False, "") is None
    assert provision.choose("x", "School", True, "") is None
    picks = [provision.choose(f"school-{n}", "School", False, "") for n in range(400)]
    assert picks == [provision.choose(f"school-{n}", "School", False, "") for n in range(400)]
    share = sum(p is not None for p in picks) / len(picks)
    assert 0.35 < share < 0.65
