"""The front door (issue 14 items 9 and 4): the home page asks three things and sends them to My child; the
result widens the need or the area in one click, filters settings by resource base, puts the chosen
district's settings first, links the pathways that apply and carries the family's context in its links;
the data-kind A to Z lives on /professionals."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

ID = "https://w3id.org/se7-local-offer/id/"
PREFIXES = "PREFIX lo: <https://w3id.org/se7-local-offer/def#>\n"


def result_for(client, query: str) -> dict:
    response = client.get("/my-child.json?" + query)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response.get_json()["result"]


def test_home_leads_with_three_things_for_a_child_or_a_young_person(client):
    html = client.get("/").get_data(as_text=True)
    form = html[html.index('<form method="get" action="/my-child"') :]
    assert html.index("Tell us three things") < html.index("Or explore by topic")  # the form first, then the map
    for field in (
        'name="for" type="radio" value="child"',
        'value="me"',
        "me (16 to 25)",
        'name="age"',
        'name="area"',
        'name="need"',
        'value="not-sure"',
        '<optgroup label="Kent">',
        'value="tunbridge-wells"',
        '<optgroup label="Communication and interaction">',
        'value="autism"',
    ):
        assert field in form, field
    assert "/a-z/" not in html  # the kinds' A to Z moved to /professionals


def test_the_home_form_answer_is_a_my_child_map_for_me(client):
    html = client.get("/my-child?for=me&age=17&area=kent&need=autism").get_data(as_text=True)
    assert "Support for you (17) in Kent with autism" in html
    assert 'name="for" value="me"' in html  # kept when the answers change
    assert client.get("/my-child?for=them&age=17&area=kent&need=autism").status_code == 400


def test_menu_says_help_for_you_and_for_professionals(client):
    html = client.get("/search").get_data(as_text=True)
    nav = html[html.index('id="navigation"') : html.index("</nav>")]
    assert "Help for you" in nav and 'href="/my-child"' in nav and "My child" not in nav
    assert 'href="/professionals"' in nav and "All records" not in nav
    footer = html[html.index("govuk-footer") :]
    assert 'href="/professionals"' in footer


def test_professionals_lists_every_kind_and_the_open_data(client):
    html = client.get("/professionals").get_data(as_text=True)
    for link in ("/a-z/need", "/a-z/service", "/a-z/heading", "/sparql", "/dumps/", "/gaps"):
        assert f'href="{link}' in html, link
    twin = client.get("/professionals.json").get_json()
    assert {k["kind"] for k in twin["kinds"]} >= {"need", "service", "heading", "referral-route"}


def test_widen_to_the_broad_area_is_a_link_that_reruns_with_the_broader_need(client):
    result = result_for(client, "age=7&area=kent&need=autism")
    widen = result["ways_on"]["widen"]
    assert parse_qs(urlsplit(widen["url"]).query)["need"] == ["broad-communication-and-interaction"]
    wider = result_for(client, urlsplit(widen["url"]).query)
    assert wider["ways_on"]["widen"] is None  # already broad
    count = sum(wider["sections"][s]["count"] for s in ("without-assessment", "with-assessment"))
    assert count >= sum(result["sections"][s]["count"] for s in ("without-assessment", "with-assessment"))


def test_a_district_widens_to_its_neighbours_or_to_its_council(client):
    district = result_for(client, "age=7&area=tunbridge-wells&need=autism")
    assert parse_qs(urlsplit(district["ways_on"]["neighbours"]["url"]).query)["near"] == ["1"]
    assert parse_qs(urlsplit(district["ways_on"]["council"]["url"]).query)["area"] == ["kent"]
    assert result_for(client, "age=7&area=kent&need=autism")["ways_on"]["neighbours"] is None


def test_settings_in_the_chosen_district_come_first(client, embedded_store):
    rows = embedded_store.select(
        PREFIXES
        + """SELECT ?district (COUNT(?s) AS ?n) WHERE {
        ?s a lo:Setting ; lo:locatedIn ?district ; lo:minAge ?min ; lo:maxAge ?max .
        ?district lo:partOfArea ?council . FILTER(?min <= 9 && ?max >= 9) } GROUP BY ?district ORDER BY DESC(?n)"""
    )
    district = rows[0]["district"].value.rsplit("/", 1)[-1]
    result = result_for(client, f"age=9&area={district}&need=not-sure")
    flags = [s["in_district"] for s in result["settings"]]
    assert any(flags), district
    assert flags == sorted(flags, reverse=True)  # every setting in the district before any other


def test_resource_base_filter_keeps_only_settings_with_provision_for_the_need(client, embedded_store):
    rows = embedded_store.select(
        PREFIXES
        + """SELECT ?setting ?for ?council ?min ?max WHERE {
        ?setting lo:specialistProvisionFor ?for ; lo:inLocalOfferOf ?council ; lo:minAge ?min ; lo:maxAge ?max }
        LIMIT 1"""
    )
    row = rows[0]
    need, council = row["for"].value.rsplit("/", 1)[-1], row["council"].value.rsplit("/", 1)[-1]
    age = int(row["min"].value)
    result = result_for(client, f"age={age}&area={council}&need={need}&provision=1")
    assert result["provision_only"] and result["settings"]
    assert row["setting"].value in {s["link"]["iri"] for s in result["settings"]}
    assert all(s["provision"] for s in result["settings"])
    every = result_for(client, f"age={age}&area={council}&need={need}")
    assert len(every["settings"]) >= len(result["settings"])
    assert client.get(f"/my-child?age={age}&area={council}&need={need}&provision=yes").status_code == 400


def test_pathways_for_you_name_ehc_the_care_pathway_and_adulthood_from_14(client):
    older = [p["link"]["iri"] for p in result_for(client, "age=16&area=kent&need=mental-health")["pathway_links"]]
    younger = [p["link"]["url"] for p in result_for(client, "age=7&area=kent&need=mental-health")["pathway_links"]]
    assert older[0] == ID + "pathway/ehc-needs-assessment" and ID + "pathway/care-mental-health" in older
    older_urls = [p["link"]["url"] for p in result_for(client, "age=16&area=kent&need=mental-health")["pathway_links"]]
    assert "#preparing-for-adulthood" in older_urls and "#preparing-for-adulthood" not in younger


def test_every_link_out_of_the_result_carries_area_age_and_need(client):
    html = client.get("/my-child?age=7&area=tunbridge-wells&need=autism").get_data(as_text=True)
    main = html[html.index("<main") : html.index("</main>")]
    records = re.findall(r'href="(/id/[^"]+)"', main)
    assert records
    for url in records:
        assert parse_qs(urlsplit(url.replace("&amp;", "&")).query) == {
            "area": ["kent"],
            "age": ["7"],
            "need": ["autism"],
        }, url
    assert 'href="/search?area=kent&amp;age=7&amp;need=autism"' in main


def test_the_personal_map_is_a_list_the_picture_is_drawn_from(client):
    html = client.get("/my-child?age=7&area=kent&need=autism").get_data(as_text=True)
    assert re.search(r'data-mindmap\b[^>]*data-map-center="my-child"', html) and "js/mindmap" in html
    groups = re.findall(r'data-map-group="([^"]+)"', html)
    assert "Without an assessment" in groups and "Who can help" in groups


def _your_pathways(html: str) -> str:
    """The "Pathways for you" part of the page: from its heading to the picture of the map."""
    return html[html.index('id="your-pathways"') : html.index('data-map-center="my-child"')]


def test_pathways_for_you_show_each_pathways_first_steps_from_the_data(client, embedded_store):
    rows = embedded_store.select(
        PREFIXES
        + """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?label ?weeks WHERE {
          <https://w3id.org/se7-local-offer/id/pathway/care-slcn-feeding> lo:hasStep ?step .
          ?step rdfs:label ?label ; lo:position ?position . OPTIONAL { ?step lo:deadlineWeeks ?weeks }
          FILTER(LANG(?label) IN ("en", ""))  # the page is English; data/translations/ add Welsh and Polish names
        } ORDER BY ?position"""
    )
    expected = [r["label"].value for r in rows][:5]
    assert len(expected) >= 3
    query = "age=4&area=surrey&need=speech-language-communication"
    links = {p["link"]["iri"]: p for p in result_for(client, query)["pathway_links"]}
    care = links[ID + "pathway/care-slcn-feeding"]
    assert [s["link"]["label"] for s in care["steps"]] == expected
    ehc = links[ID + "pathway/ehc-needs-assessment"]
    assert any(s["deadline_weeks"] not in (None, "0") for s in ehc["steps"])  # time limits where there are some
    shown = _your_pathways(client.get("/my-child?" + query).get_data(as_text=True))
    assert "<details" not in shown  # inline, not behind a disclosure
    for label in expected:
        assert label in shown, label
    assert re.search(r"\(by week \d+\)", shown)


def test_pathways_for_you_say_plainly_when_the_area_has_no_specialist_service(client):
    none = result_for(client, "age=4&area=surrey&need=speech-language-communication")
    assert none["sections"]["with-assessment"]["count"] == 0 and none["pathways"]
    assert none["pathway_note"].startswith("No specialist service for speech, language and communication needs")
    assert "in Surrey's sample yet" in none["pathway_note"] and "your child" in none["pathway_note"]
    some = result_for(client, "age=3&area=kent&need=speech-language-communication")
    assert some["sections"]["with-assessment"]["count"] > 0 and some["pathway_note"] is None


def test_from_16_or_for_me_pathways_for_you_answer_when_an_ehc_plan_ends(client, embedded_store):
    topic = ID + "heading/preparation-for-adulthood-end-of-ehc-plan"
    definition = embedded_store.select(
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
        f"SELECT ?d WHERE {{ <{topic}> skos:definition ?d FILTER(LANG(?d) IN ('en', '')) }}"
    )[0]["d"].value
    first_sentence = definition[: definition.index(". ") + 1]
    query = "for=me&age=19&area=kent&need=moderate-learning-difficulty"
    found = [p for p in result_for(client, query)["pathway_links"] if p["link"]["iri"] == topic]
    assert found and found[0]["summary"] == first_sentence and "25" in first_sentence
    shown = _your_pathways(client.get("/my-child?" + query).get_data(as_text=True))
    assert "end of an EHC Plan" in shown and first_sentence in shown.replace("&#39;", "'")
    assert topic not in [p["link"]["iri"] for p in result_for(client, "age=15&area=kent&need=autism")["pathway_links"]]
    assert topic in [p["link"]["iri"] for p in result_for(client, "age=16&area=kent&need=autism")["pathway_links"]]
