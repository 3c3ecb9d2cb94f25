"""My child's "include neighbouring districts" (issue 14 item 9), on the real built store: a district's settings
come from the district itself; widened, from the district and the districts next to it (data/district-adjacency.ttl),
also across the council border, labelled with their council; never from a district further away."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

ID = "https://w3id.org/se7-local-offer/id/"
PREFIXES = "PREFIX lo: <https://w3id.org/se7-local-offer/def#>\n"
DISTRICT = "tonbridge-and-malling"  # in Kent; next to Medway (another council), not next to Swale


def result_for(client, query: str) -> dict:
    response = client.get("/my-child.json?" + query)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response.get_json()["result"]


def all_settings(client, query: str) -> list[dict]:
    """Every setting of the map's settings section (its "see all" page, one page holds them here)."""
    response = client.get("/my-child/settings.json?" + query)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    twin = response.get_json()
    assert twin["count"] == len(twin["items"]), "more than one page: take a narrower example"
    return twin["items"]


def neighbours_of(store, area: str) -> set[str]:
    rows = store.select(PREFIXES + f"SELECT ?n WHERE {{ <{ID}area/{area}> lo:adjacentTo ?n }}")
    return {r["n"].value.rsplit("/", 1)[-1] for r in rows}


def an_age_with_settings_in(store, area: str) -> int:
    rows = store.select(
        PREFIXES + f"SELECT ?min WHERE {{ ?s a lo:Setting ; lo:locatedIn <{ID}area/{area}> ; lo:minAge ?min }} "
        "ORDER BY ?min LIMIT 1"
    )
    return int(rows[0]["min"].value)


def located(setting: dict) -> str | None:
    return setting["located_in"]["iri"].rsplit("/", 1)[-1] if setting["located_in"] else None


def test_the_way_on_names_the_neighbours_and_the_whole_council_is_a_separate_way(client, embedded_store):
    result = result_for(client, f"age=7&area={DISTRICT}&need=autism")
    neighbours = result["ways_on"]["neighbours"]
    assert parse_qs(urlsplit(neighbours["url"]).query)["near"] == ["1"]
    for name in ("Medway", "Maidstone", "Tunbridge Wells"):
        assert name in neighbours["text"]
    assert "Swale" not in neighbours["text"]
    assert parse_qs(urlsplit(result["ways_on"]["council"]["url"]).query)["area"] == ["kent"]
    # a county council area has no boundary in the data: nothing to widen to
    assert result_for(client, "age=7&area=kent&need=autism")["ways_on"]["neighbours"] is None
    html = client.get(f"/my-child?age=7&area={DISTRICT}&need=autism").get_data(as_text=True)
    assert "Include neighbouring districts: Gravesham, Maidstone, Medway" in html and "Show all of Kent" in html


def test_widened_a_district_includes_a_neighbour_across_the_council_border(client, embedded_store):
    age = an_age_with_settings_in(embedded_store, "medway")
    query = f"age={age}&area={DISTRICT}&need=not-sure"
    alone = all_settings(client, query)
    widened = all_settings(client, query + "&near=1")
    allowed = {DISTRICT} | neighbours_of(embedded_store, DISTRICT)
    assert "medway" in allowed and "swale" not in allowed
    assert {located(s) for s in alone} <= {DISTRICT}
    assert {located(s) for s in widened} <= allowed
    medway = [s for s in widened if located(s) == "medway"]
    assert medway, "a Medway setting for this age should be offered to a Tonbridge and Malling family"
    assert all(s["other_council"] == "Medway" for s in medway)  # labelled with its council
    assert all(s["other_council"] is None for s in widened if located(s) != "medway")  # the rest are in Kent
    assert {s["link"]["iri"] for s in alone} <= {s["link"]["iri"] for s in widened}
    html = client.get("/my-child?" + query + "&near=1").get_data(as_text=True)
    assert "Another council: Medway" in html and "Only Tonbridge and Malling again" in html


def test_widened_a_district_excludes_a_district_further_away(client, embedded_store):
    age = an_age_with_settings_in(embedded_store, "swale")
    query = f"age={age}&area={DISTRICT}&need=not-sure"
    kent = {located(s) for s in all_settings(client, f"age={age}&area=kent&need=not-sure")}
    assert "swale" in kent  # the whole council's list has Swale's settings at this age...
    widened = {located(s) for s in all_settings(client, query + "&near=1")}
    assert "swale" not in widened  # ...but Swale is not next to Tonbridge and Malling
    assert "swale" not in {located(s) for s in all_settings(client, query)}


def test_a_unitary_area_widened_keeps_its_own_list_and_adds_its_neighbours(client, embedded_store):
    age = an_age_with_settings_in(embedded_store, "swale")
    own = {s["link"]["iri"] for s in all_settings(client, f"age={age}&area=medway&need=not-sure")}
    widened = all_settings(client, f"age={age}&area=medway&need=not-sure&near=1")
    assert own <= {s["link"]["iri"] for s in widened}
    swale = [s for s in widened if located(s) == "swale"]
    assert swale and all(s["other_council"] == "Kent" for s in swale)


def test_near_must_be_1_and_means_nothing_for_a_county(client):
    response = client.get(f"/my-child?age=7&area={DISTRICT}&need=autism&near=yes")
    assert response.status_code == 400 and "&#39;near&#39;" in response.get_data(as_text=True)
    county = result_for(client, "age=7&area=kent&need=autism&near=1")
    assert "near" not in county["choice"] and county["ways_on"]["neighbours"] is None
