"""'My child': the personal map follows the graph (age, area, needs, access level), bad input is refused
with the field named and kept, injection strings are never run, and nothing is kept on the server."""

from __future__ import annotations

import pytest

from graph_app.namespaces import LO

ID = "https://w3id.org/se7-local-offer/id/"
PREFIXES = """PREFIX lo: <https://w3id.org/se7-local-offer/def#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
KENT_AUTISM_7 = "/my-child.json?age=7&area=kent&need=autism"


def slug(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def map_for(client, query: str) -> dict:
    response = client.get("/my-child.json?" + query)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response.get_json()["result"]


def service_iris(result: dict, key: str) -> list[str]:
    return [item["link"]["iri"] for group in result[key] for item in group["items"]]


def facts(store, service: str) -> dict:
    """What the graph says about a service, read straight from the store (not through the app's queries)."""
    rows = store.select(
        PREFIXES
        + f"""
        SELECT ?min ?max ?flag
          (GROUP_CONCAT(DISTINCT STR(?need); separator=" ") AS ?needs)
          (GROUP_CONCAT(DISTINCT STR(?broader); separator=" ") AS ?broaders)
          (GROUP_CONCAT(DISTINCT STR(?area); separator=" ") AS ?areas)
          (GROUP_CONCAT(DISTINCT STR(?council); separator=" ") AS ?councils)
        WHERE {{
          <{service}> lo:minAge ?min ; lo:maxAge ?max ; lo:accessLevel/lo:needsSpecialistAssessment ?flag ;
                      lo:meetsNeed ?need ; lo:servesArea ?area .
          OPTIONAL {{ ?need skos:broaderTransitive ?broader }}
          OPTIONAL {{ ?area lo:partOfArea ?council }}
        }} GROUP BY ?min ?max ?flag"""
    )
    row = rows[0]

    def iris(*keys: str) -> set[str]:
        return {iri for key in keys if key in row for iri in row[key].value.split()}

    return {
        "min": int(row["min"].value),
        "max": int(row["max"].value),
        "assessment": row["flag"].value == "true",
        "needs": iris("needs", "broaders"),
        "areas": iris("areas", "councils"),
    }


def test_empty_form_asks_the_three_questions_and_says_nothing_is_stored(client):
    response = client.get("/my-child")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'method="get"' in html
    for field in (
        'id="age"',
        'id="area"',
        'name="need"',
        'value="not-sure"',
        "govuk-input--width-2",
        "govuk-select",
        "govuk-checkboxes",
        "govuk-fieldset",
    ):
        assert field in html, field
    assert "nothing you enter is stored" in html.lower()
    # the four broad areas of need group the checkboxes, with the words families use as hints
    for broad in (
        "Communication and interaction",
        "Cognition and learning",
        "Sensory and/or physical needs",
        "Social, emotional and mental health needs",
    ):
        assert f'govuk-fieldset__legend--s">{broad}</legend>' in html
    assert "Families say:" in html
    # every council is a choice, and so is a district
    for council in ("kent", "medway", "surrey", "hampshire", "east-sussex", "west-sussex", "brighton-and-hove"):
        assert f'value="{council}"' in html
    assert 'value="tunbridge-wells"' in html


def test_kent_seven_year_old_with_autism_gets_only_kent_services_for_autism_at_seven(client, embedded_store):
    result = map_for(client, "age=7&area=kent&need=autism")
    kent = {ID + "area/kent"}
    found = service_iris(result, "without_assessment") + service_iris(result, "with_assessment")
    assert found
    for service in found:
        known = facts(embedded_store, service)
        assert known["min"] <= 7 <= known["max"], service
        assert ID + "need/autism" in known["needs"], service  # autism, or a need narrower than autism
        assert known["areas"] & kent, service  # Kent itself or a district in Kent
    # services for autism that the graph has and the map must leave out: wrong age or another council only
    excluded = embedded_store.select(
        PREFIXES
        + f"""
        SELECT DISTINCT ?service WHERE {{
          ?service lo:meetsNeed <{ID}need/autism> ; lo:minAge ?min ; lo:maxAge ?max .
          {{ ?service lo:servesArea <{ID}area/kent> . FILTER(?max < 7 || ?min > 7) }}
          UNION {{ ?service lo:servesArea <{ID}area/medway> .
                  FILTER NOT EXISTS {{ ?service lo:servesArea/lo:partOfArea? <{ID}area/kent> }} }}
        }}"""
    )
    assert excluded, "the sample data should hold services the map must leave out"
    assert not {row["service"].value for row in excluded} & set(found)


def test_map_counts_match_the_lists_and_the_summary_names_the_child(client):
    result = map_for(client, "age=7&area=kent&need=autism")
    assert result["summary"]["for"] == "a 7 year old in Kent with autism"
    sections = result["sections"]
    assert sections["without-assessment"]["count"] == len(service_iris(result, "without_assessment"))
    assert sections["with-assessment"]["count"] == len(service_iris(result, "with_assessment"))
    html = client.get("/my-child?age=7&area=kent&need=autism").get_data(as_text=True)
    assert "For a 7 year old in Kent with autism:" in html
    assert (
        f"{sections['without-assessment']['count']} things you can use without an assessment" in html
        or "1 thing you can use without an assessment" in html
    )


def test_split_without_and_with_assessment_follows_the_access_level(client, embedded_store):
    result = map_for(client, "age=7&area=kent&need=not-sure")
    without, needing = service_iris(result, "without_assessment"), service_iris(result, "with_assessment")
    assert without and needing
    for service in without:
        assert not facts(embedded_store, service)["assessment"], service
    for service in needing:
        assert facts(embedded_store, service)["assessment"], service
    levels = {item["access_level"]["iri"] for g in result["with_assessment"] for item in g["items"]}
    assert levels == {ID + "access-level/specialist"}
    levels = {item["access_level"]["iri"] for g in result["without_assessment"] for item in g["items"]}
    assert levels <= {ID + "access-level/universal", ID + "access-level/targeted"}


def test_services_are_grouped_by_sector_with_cost_and_how_to_start(client):
    result = map_for(client, "age=7&area=kent&need=not-sure")
    for group in result["without_assessment"] + result["with_assessment"]:
        assert group["sector"]["iri"].startswith(ID + "sector/")
        for item in group["items"]:
            assert item["sector"]["iri"] == group["sector"]["iri"]
            assert item["cost"] and item["routes"]
            assert item["link"]["url"].startswith("/id/service/")
            assert item["link"]["is_sample"]  # the sample services are invented, and tagged so


def test_ehc_needs_assessment_steps_with_6_16_and_20_weeks(client):
    result = map_for(client, "age=7&area=kent&need=autism")
    steps = result["ehc"]["steps"]
    assert [s["position"] for s in steps] == sorted(s["position"] for s in steps)
    assert {"6", "16", "20"} <= {s["deadline_weeks"] for s in steps}
    html = client.get("/my-child?age=7&area=kent&need=autism").get_data(as_text=True)
    for weeks in ("Week 6", "Week 16", "Week 20"):
        assert weeks in html
    assert "/id/pathway/ehc-needs-assessment" in html


@pytest.mark.parametrize("area, council", [("kent", "kent"), ("tunbridge-wells", "kent"), ("medway", "medway")])
def test_the_councils_sendiass_and_parent_carer_forum_appear(client, area, council):
    result = map_for(client, f"age=7&area={area}&need=autism")
    contacts = {c["role"]: slug(c["link"]["iri"]) for c in result["contacts"]}
    assert contacts == {"iass": f"{council}-iass", "forum": f"{council}-parent-carer-forum"}
    html = client.get(f"/my-child?age=7&area={area}&need=autism").get_data(as_text=True)
    assert f"/id/contact/{council}-iass" in html and f"/id/contact/{council}-parent-carer-forum" in html


def test_a_district_keeps_to_itself_and_its_council(client, embedded_store):
    result = map_for(client, "age=7&area=tunbridge-wells&need=not-sure")
    allowed = {ID + "area/tunbridge-wells", ID + "area/kent"}
    for service in service_iris(result, "without_assessment") + service_iris(result, "with_assessment"):
        areas = {
            r["area"].value
            for r in embedded_store.select(PREFIXES + f"SELECT ?area WHERE {{ <{service}> lo:servesArea ?area }}")
        }
        assert areas & allowed, service


def test_things_going_wrong_stages_in_order(client):
    result = map_for(client, "age=7&area=kent&need=autism")
    stages = [slug(s["stage"]["iri"]) for s in result["things_go_wrong"]["stages"]]
    assert stages == ["raising-a-concern", "disagreement", "mediation", "appeal-to-tribunal"]


def test_adult_pathway_and_preparing_for_adulthood_at_16_not_at_7(client):
    older = map_for(client, "age=16&area=kent&need=mental-health")
    younger = map_for(client, "age=7&area=kent&need=mental-health")
    pathways = {slug(p["link"]["iri"]): p for p in older["pathways"]}
    assert "care-mental-health" in pathways
    assert [slug(a["link"]["iri"]) for a in pathways["care-mental-health"]["adult"]] == ["adult-mental-health"]
    assert pathways["care-mental-health"]["steps"]
    assert all(p["adult"] == [] for p in younger["pathways"])
    assert "care-mental-health" in {slug(p["link"]["iri"]) for p in younger["pathways"]}
    assert len(older["adulthood"]) == 5 and younger["adulthood"] == []
    html = client.get("/my-child?age=16&area=kent&need=mental-health").get_data(as_text=True)
    assert "/id/pathway/adult-mental-health" in html and "Preparing for adulthood" in html
    assert "/id/pathway/adult-mental-health" not in client.get("/my-child?age=7&area=kent&need=mental-health").get_data(
        as_text=True
    )


def test_not_sure_leads_to_the_four_broad_areas(client):
    result = map_for(client, "age=7&area=kent&need=not-sure")
    assert sorted(slug(a["iri"]) for a in result["broad_areas"]) == [
        "broad-cognition-and-learning",
        "broad-communication-and-interaction",
        "broad-sensory-and-physical",
        "broad-social-emotional-mental-health",
    ]
    assert result["pathways"]  # care pathways under the broad areas


@pytest.mark.parametrize(
    "query, field, kept",
    [
        ("age=x&area=kent&need=autism", "age", 'value="x"'),
        ("age=26&area=kent&need=autism", "age", 'value="26"'),
        ("age=-1&area=kent&need=autism", "age", 'value="-1"'),
        ("age=7.5&area=kent&need=autism", "age", 'value="7.5"'),
        ("area=kent&need=autism", "age", 'value="kent" selected'),
        ("age=7&area=atlantis&need=autism", "area", "atlantis"),
        ("age=7&need=autism", "area", 'value="7"'),
        ("age=7&area=kent&need=unicorns", "need", 'value="7"'),
        ("age=7&area=kent", "need", 'value="kent" selected'),
    ],
)
def test_bad_input_is_refused_with_the_field_named_and_the_input_kept(client, query, field, kept):
    response = client.get("/my-child?" + query)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "govuk-error-summary" in html and f'href="#{field}"' in html
    assert f'id="{field}-error"' in html
    assert kept in html
    twin = client.get("/my-child.json?" + query)
    assert twin.status_code == 400
    assert field in {e["field"] for e in twin.get_json()["errors"]}


def test_good_ticks_stay_ticked_when_another_field_is_wrong(client):
    html = client.get("/my-child?age=99&area=kent&need=autism&need=adhd").get_data(as_text=True)
    assert 'value="autism" checked' in html and 'value="adhd" checked' in html


INJECTIONS = [
    '"><script>alert(1)</script>',
    "kent> } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o",
    "https://w3id.org/se7-local-offer/id/area/kent> . } INSERT DATA { <x:a> <x:b> <x:c> } #",
    "' OR '1'='1",
    "7) } DELETE WHERE { ?s ?p ?o } #",
    "../../etc/passwd",
]


@pytest.mark.parametrize("field", ["age", "area", "need"])
@pytest.mark.parametrize("attack", INJECTIONS)
def test_injection_strings_are_refused_and_never_run(client, embedded_store, field, attack):
    before = embedded_store.triple_count()
    values = {"age": "7", "area": "kent", "need": "autism", field: attack}
    response = client.get("/my-child", query_string=values)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f'href="#{field}"' in html
    assert "<script>alert(1)</script>" not in html
    assert embedded_store.triple_count() == before


def test_json_twin_has_the_same_map(client):
    twin = client.get(KENT_AUTISM_7)
    assert twin.status_code == 200 and twin.mimetype == "application/json"
    data = twin.get_json()
    assert data["result"]["choice"] == {"age": 7, "area": "kent", "need": ["autism"]}
    by_accept = client.get("/my-child?age=7&area=kent&need=autism", headers={"Accept": "application/json"})
    assert by_accept.get_json()["result"]["summary"] == data["result"]["summary"]


def test_nothing_is_written_or_kept(client):
    for path in (
        "/my-child",
        "/my-child?age=7&area=kent&need=autism",
        "/my-child?age=x",
        KENT_AUTISM_7,
        "/my-child/settings?age=7&area=kent&need=not-sure",
    ):
        response = client.get(path)
        assert "Set-Cookie" not in response.headers, path
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["Referrer-Policy"] == "no-referrer"


def test_see_all_lists_page_through_a_section(client):
    result = map_for(client, "age=7&area=kent&need=not-sure")
    total = result["sections"]["without-assessment"]["count"]
    listing = client.get("/my-child/without-assessment.json?age=7&area=kent&need=not-sure")
    assert listing.status_code == 200
    data = listing.get_json()
    assert data["count"] == total
    assert sum(len(g["items"]) for g in data["items"]) == min(total, 25)
    html = client.get("/my-child/settings?age=7&area=kent&need=autism").get_data(as_text=True)
    assert "/id/setting/" in html and "Back to the map" in html


@pytest.mark.parametrize(
    "path, status",
    [
        ("/my-child/everything?age=7&area=kent&need=autism", 404),
        ("/my-child/settings?age=7&area=kent&need=autism&page=0", 400),
        ("/my-child/settings?age=x&area=kent&need=autism", 400),
    ],
)
def test_see_all_refuses_bad_addresses(client, path, status):
    assert client.get(path).status_code == status


def test_every_item_links_to_its_node_page(client):
    html = client.get("/my-child?age=16&area=kent&need=mental-health").get_data(as_text=True)
    for kind in ("service", "setting", "pathway", "step", "contact", "resolution-stage", "pfa-theme", "area"):
        assert f'href="/id/{kind}/' in html, kind
    assert LO not in html  # no raw vocabulary IRIs shown to families


@pytest.mark.parametrize(
    "needs", [["broad-communication-and-interaction"], ["broad-cognition-and-learning", "dyslexia", "anxiety"]]
)
def test_broad_areas_find_the_same_services_as_joining_on_each_need(client, library, embedded_store, needs):
    """Broad areas take a faster route (services for the age and area, kept when under a chosen need):
    it must find exactly what the need-bound query finds."""
    query = "age=9&area=east-sussex&" + "&".join(f"need={n}" for n in needs)
    result = map_for(client, query)
    found = set(service_iris(result, "without_assessment") + service_iris(result, "with_assessment"))
    counts = result["sections"]["without-assessment"]["count"] + result["sections"]["with-assessment"]["count"]
    rows = library.select(
        embedded_store,
        "navigate/mychild_services",
        age=9,
        area=ID + "area/east-sussex",
        need=[ID + "need/" + n for n in needs],
    )
    assert counts == len(rows) and found <= {r["service"].value for r in rows}
    assert rows
