"""A topic's page answers locally (issue 14): its services in the family's council (address, else cookie)
above the professionals' disclosure with "See all" (a search with the topic, council and age), or a link to
choose the council; a topic's own contacts (moving to a new area: the SEN team) for the chosen council only;
the header's council follows the address too. Expected records come from the built store, not the page."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

from test_node_pages import ID, PREFIX, path_of, section, text_of

TOPIC_SERVICES = (
    PREFIX
    + """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
    SELECT DISTINCT ?r ?min ?max WHERE {
      ?h skos:broader* <%(heading)s> . ?r lo:aboutHeading ?h .
      { ?r a lo:Service } UNION { ?r a lo:Setting }
      { ?r lo:servesArea|lo:locatedIn|lo:inLocalOfferOf <%(area)s> }
      UNION { ?r lo:servesArea|lo:locatedIn ?d . ?d lo:partOfArea <%(area)s> }
      OPTIONAL { ?r lo:minAge ?min } OPTIONAL { ?r lo:maxAge ?max }
    }"""
)


def expected(store, heading: str, council: str, age: int | None = None) -> set[str]:
    rows = store.select(TOPIC_SERVICES % {"heading": ID + "heading/" + heading, "area": ID + "area/" + council})
    return {
        path_of(r["r"].value)
        for r in rows
        if age is None
        or (("min" not in r or int(r["min"].value) <= age) and ("max" not in r or age <= int(r["max"].value)))
    }


def shown(html: str) -> list[str]:
    return re.findall(r'href="(/id/(?:service|setting)/[^"?]+)', section(html, "topic-local-heading"))


def test_a_topics_services_in_the_chosen_council_come_before_all_connections(client, embedded_store):
    want = expected(embedded_store, "travel", "medway")
    assert want, "the sample has no travel services in Medway"
    html = client.get("/id/heading/travel?area=medway").get_data(as_text=True)
    top = html[: html.index('id="connections"')]
    assert 'id="topic-local-heading"' in top and "Services in Medway" in top
    links = shown(html)
    assert links and len(links) == len(set(links)) <= 6
    assert set(links) <= want, set(links) - want
    assert len(links) == min(6, len(want))
    # the cookie gives the same answer, and the twin carries it
    client.set_cookie("se7_area", "medway")
    try:
        assert shown(client.get("/id/heading/travel").get_data(as_text=True)) == links
        twin = client.get("/id/heading/travel.json").get_json()["page"]["topic_local"]
    finally:
        client.delete_cookie("se7_area")
    assert twin["council"] == "Medway" and [r["url"] for r in twin["records"]] == links


def test_the_childs_age_narrows_the_list_and_see_all_searches_with_the_context(client, embedded_store):
    # the first topic, council and age in the sample for which the age leaves some services out
    found = next(
        (h, c, age, want)
        for h in ("travel", "short-breaks", "education")
        for c in ("medway", "kent", "surrey", "west-sussex")
        for everyone in [expected(embedded_store, h, c)]
        for age in (2, 8, 15, 22)
        for want in [expected(embedded_store, h, c, age)]
        if want and everyone - want
    )
    heading, council, age, want = found
    html = client.get(f"/id/heading/{heading}?area={council}&age={age}").get_data(as_text=True)
    assert shown(html) and set(shown(html)) <= want, found
    local = section(html, "topic-local-heading")
    see_all = re.search(r'href="([^"]+)">See all in ', local)
    assert see_all, local
    url = urlsplit(unescape(see_all.group(1)))
    title = re.search(r"<h1[^>]*>(.*?)</h1>", html).group(1)
    assert url.path == "/search"
    kinds = {link.split("/")[2] for link in shown(html)}
    want_query = {"q": [unescape(re.sub(r"<[^>]+>", "", title))], "area": [council], "age": [str(age)]}
    if len(kinds) == 1:  # one kind of record: the search keeps to it
        want_query["kind"] = list(kinds)
    assert parse_qs(url.query) == want_query
    # and that search finds what the topic showed
    results = client.get("/search.json?" + url.query).get_json()["results"]
    assert {r["url"].split("?")[0] for r in results} & set(shown(html)), [r["url"] for r in results]


def test_with_no_council_a_topic_asks_for_it(client):
    html = client.get("/id/heading/travel").get_data(as_text=True)
    local = section(html, "topic-local-heading")
    assert "Choose your council to see local services" in local and not shown(html)
    assert 'href="/area?next=/id/heading/travel"' in local


def test_moving_area_picks_out_the_chosen_councils_sen_team(client):
    html = client.get("/id/heading/moving-area?area=surrey").get_data(as_text=True)
    local = section(html, "local-contact-heading")
    assert "Who to contact in Surrey" in local
    words = text_of(local)
    assert "Surrey County Council: special educational needs (SEN) team" in words.replace("( SEN )", "(SEN)")
    others = ("Brighton", "East Sussex", "Hampshire", "Kent", "Medway", "West Sussex")
    assert not [name for name in others if name in words], words
    assert html.index('id="local-contact-heading"') < html.index('id="connections"')
    anywhere = section(client.get("/id/heading/moving-area").get_data(as_text=True), "local-contact-heading")
    assert "Choose your council to see who to write to" in anywhere
    assert "special educational needs (SEN) team" not in text_of(anywhere)


def test_the_header_and_who_can_help_follow_the_address(client):
    html = client.get("/id/heading/moving-area?area=surrey").get_data(as_text=True)
    header = html[html.index("<header") : html.index("</header>")]
    assert "Your area: Surrey" in header and 'value="surrey" selected' in header
    helpers = section(html, "help-heading")
    assert re.findall(r'href="/id/contact/([a-z-]+)-iass"', helpers) == ["surrey"]
    # the address wins over the cookie; a bad council in the address is a 400, its header the cookie's
    client.set_cookie("se7_area", "kent")
    try:
        header = client.get("/id/heading/travel?area=surrey").get_data(as_text=True).split("</header>")[0]
        assert "Your area: Surrey" in header and "Your area: Kent" not in header
        bad = client.get("/id/heading/travel?area=atlantis")
        assert bad.status_code == 400 and "'area' parameter" in unescape(bad.get_data(as_text=True))
        assert "Your area: Kent" in bad.get_data(as_text=True).split("</header>")[0]
    finally:
        client.delete_cookie("se7_area")
