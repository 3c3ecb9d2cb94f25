"""Node pages families use: summaries, human group headings, who can help, what to do if things go wrong,
the law behind it, review dates, sample notices, setting answers against the area-wide offer, JSON
twins, paging and bad input. Records are found through queries on the built sample, never hard-coded."""

from __future__ import annotations

import re
from datetime import date
from html import unescape

import pytest

from graph_app.web.explore.node_page import review
from graph_app.web.explore.shaping import ANY, HEADINGS, IN, OUT, group_heading

ID = "https://w3id.org/se7-local-offer/id/"
LO = "https://w3id.org/se7-local-offer/def#"
PREFIX = "PREFIX lo: <https://w3id.org/se7-local-offer/def#>\n"
STAGES = ("Raising a concern", "When a disagreement arises", "Mediation", "Appeal to the SEND Tribunal")


def first(store, query: str, name: str) -> str:
    rows = store.select(PREFIX + query)
    assert rows, query
    return rows[0][name].value


def path_of(iri: str) -> str:
    return "/id/" + iri[len(ID) :]


def text_of(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def section(html: str, heading_id: str) -> str:
    """The HTML of the <section> labelled by the heading with this id."""
    start = html.index(f'aria-labelledby="{heading_id}"')
    return html[start : html.index("</section>", start)]


@pytest.fixture(scope="module")
def kent_service(embedded_store) -> str:
    return first(
        embedded_store,
        f"""SELECT ?s WHERE {{ ?s a lo:Service ; lo:inLocalOfferOf <{ID}area/kent> }}
                                     ORDER BY ?s LIMIT 1""",
        "s",
    )


# ---- human group headings ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "prop", "direction", "heading"),
    [
        ("need", LO + "meetsNeed", IN, "Services for this need"),
        ("need", "http://www.w3.org/2004/02/skos/core#broader", IN, "More specific needs"),
        ("need", "http://www.w3.org/2004/02/skos/core#broader", OUT, "Part of"),
        ("service", LO + "providedBy", OUT, "Who runs it"),
        ("service", LO + "meetsNeed", OUT, "Needs it helps with"),
        ("service", LO + "forAgeBand", OUT, "Ages"),
        ("service", LO + "servesArea", OUT, "Where"),
        ("setting", LO + "usesQuestionSet", OUT, "Questions this setting answers"),
        ("clause", LO + "legalBasis", IN, "What this law is behind"),
        ("heading", "http://www.w3.org/2004/02/skos/core#broader", IN, "Topics under this one"),
    ],
)
def test_group_headings_are_human_per_kind_of_page(kind, prop, direction, heading):
    assert group_heading(kind, prop, direction, {}) == heading


def test_unmapped_links_fall_back_to_the_ontology_name():
    prop = LO + "somethingNew"
    assert (ANY, prop, OUT) not in HEADINGS
    assert group_heading("service", prop, OUT, {prop: "something new"}) == "Something new"
    assert group_heading("service", prop, IN, {prop: "something new"}) == "Linked here as “something new”"


def test_need_page_groups_services_and_narrower_needs(client):
    html = client.get("/id/need/broad-communication-and-interaction").get_data(as_text=True)
    assert "Services for this need" in html
    assert "More specific needs" in html
    assert re.search(r'href="/id/need/autism"', html)
    assert re.search(r'href="/id/service/[a-z0-9-]+"', html)
    narrower = client.get("/id/need/autism").get_data(as_text=True)
    summary = section(narrower, "summary-heading") if 'aria-labelledby="summary-heading"' in narrower else narrower
    assert "Part of" in summary and "Other words people use" in summary


def test_service_summary_says_what_who_ages_where_how_and_cost(client, kent_service):
    html = client.get(path_of(kent_service)).get_data(as_text=True)
    start = html.index('id="summary-heading"')
    summary = text_of(html[start : html.index("</dl>", start)])
    for row in ("What it is", "Who it is for", "Ages", "Where", "How to get it", "Cost"):
        assert row in summary, row
    assert re.search(r"\d+ to \d+ years", summary)
    for heading in ("Who runs it", "Needs it helps with", "Where"):
        assert f">{heading} <" in html, heading


def test_clause_summary_links_to_legislation_gov_uk(client):
    html = client.get("/id/clause/cfa-2014-s30").get_data(as_text=True)
    assert re.search(r'href="https?://www\.legislation\.gov\.uk/[^"]+"', html)
    assert "Read the law" in html


# ---- who can help ------------------------------------------------------------------------------------


def test_who_can_help_names_the_records_own_councils_services(client, embedded_store, kent_service):
    iass = first(embedded_store, f"SELECT ?c WHERE {{ <{ID}area/kent> lo:informationAdviceSupport ?c }}", "c")
    forum = first(embedded_store, f"SELECT ?c WHERE {{ <{ID}area/kent> lo:parentCarerForum ?c }}", "c")
    box = section(client.get(path_of(kent_service)).get_data(as_text=True), "help-heading")
    assert f'href="{path_of(iass)}"' in box and f'href="{path_of(forum)}"' in box
    assert "/id/contact/surrey-iass" not in box


def test_who_can_help_uses_the_chosen_area_or_lists_every_council(client):
    everyone = section(client.get("/id/need/autism").get_data(as_text=True), "help-heading")
    assert len(re.findall(r'href="/id/contact/[a-z-]+-iass"', everyone)) == 7
    client.set_cookie("se7_area", "medway")
    chosen = section(client.get("/id/need/autism").get_data(as_text=True), "help-heading")
    client.delete_cookie("se7_area")
    assert re.findall(r'href="/id/contact/([a-z-]+)-iass"', chosen) == ["medway"]
    assert 'href="/id/contact/medway-parent-carer-forum"' in chosen


def test_an_area_page_helps_with_its_own_council(client):
    box = section(client.get("/id/area/tunbridge-wells").get_data(as_text=True), "help-heading")
    assert re.findall(r'href="/id/contact/([a-z-]+)-iass"', box) == ["kent"]


# ---- things going wrong, the law, review dates, sample notices ---------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/id/need/autism",
        "/id/area/kent",
        "/id/pathway/ehc-needs-assessment",
        "/id/clause/cfa-2014-s30",
        "/id/question/parent-carer-01",
        "/id/heading/education",
        "/id/age-band/5-10",
        "/id/pfa-theme/health",
        "/id/setting/KIND",
        "/id/service/KIND",
        "/id/provider/KIND",
    ],
)
def test_things_go_wrong_stages_in_order_on_every_kind_of_page(client, embedded_store, path):
    if path.endswith("/KIND"):
        kind = path.split("/")[2]
        cls = {"setting": "Setting", "service": "Service", "provider": "Provider"}[kind]
        path = path_of(first(embedded_store, f"SELECT ?s WHERE {{ ?s a lo:{cls} }} ORDER BY ?s LIMIT 1", "s"))
    box = text_of(section(client.get(path).get_data(as_text=True), "wrong-heading"))
    positions = [box.index(stage) for stage in STAGES]
    assert positions == sorted(positions), box
    assert "step by step" in box


def test_law_behind_is_the_records_own_else_its_pathways_else_the_local_offer_duty(client, embedded_store):
    own = section(client.get("/id/step/ehc-02-decision-to-assess").get_data(as_text=True), "law-heading")
    assert 'href="/id/clause/send-regs-2014-reg5"' in own
    no_basis = first(
        embedded_store,
        """SELECT ?s WHERE { ?s a lo:PathwayStep ; lo:stepOf ?p .
        ?p lo:legalBasis ?c . FILTER NOT EXISTS { ?s lo:legalBasis ?any } } ORDER BY ?s LIMIT 1""",
        "s",
    )
    pathway_law = {
        r["c"].value
        for r in embedded_store.select(PREFIX + f"SELECT ?c WHERE {{ <{no_basis}> lo:stepOf/lo:legalBasis ?c }}")
    }
    inherited = section(client.get(path_of(no_basis)).get_data(as_text=True), "law-heading")
    assert all(f'href="{path_of(c)}"' in inherited for c in pathway_law)
    assert "its pathway" in inherited
    bare = first(
        embedded_store,
        """SELECT ?s WHERE { ?s a lo:AgeBand .
        FILTER NOT EXISTS { ?s lo:legalBasis|lo:aboutHeading|lo:stepOf ?any } } ORDER BY ?s LIMIT 1""",
        "s",
    )
    duty = section(client.get(path_of(bare)).get_data(as_text=True), "law-heading")
    assert 'href="/id/clause/cfa-2014-s30"' in duty
    assert "legislation.gov.uk" in duty


def test_review_date_in_words_and_flagged_when_old():
    old = review(["2024-07-02"], date(2026, 11, 28))
    assert old.words == "2 July 2024" and old.out_of_date
    fresh = review(["2026-07-02"], date(2026, 11, 28))
    assert fresh.words == "2 July 2026" and not fresh.out_of_date
    assert review(None, date(2026, 11, 28)) is None


def test_old_record_says_it_may_be_out_of_date(client, embedded_store):
    old = first(
        embedded_store,
        """SELECT ?s WHERE { ?s a lo:Service ; lo:lastReviewed ?d }
                                   ORDER BY ?d LIMIT 1""",
        "s",
    )
    checked = first(embedded_store, f"SELECT ?d WHERE {{ <{old}> lo:lastReviewed ?d }}", "d")
    html = client.get(path_of(old)).get_data(as_text=True)
    expected = review([checked], date.today())
    assert f"Last checked {expected.words}" in html
    assert ("May be out of date" in html) == expected.out_of_date


def test_sample_records_carry_their_own_notice_and_real_ones_do_not(client, kent_service):
    assert "Invented sample record." in client.get(path_of(kent_service)).get_data(as_text=True)
    assert "Invented sample record." not in client.get("/id/need/autism").get_data(as_text=True)


# ---- settings: answers against the area-wide offer ---------------------------------------------------


def test_setting_answers_side_by_side_with_expectations_and_missing_ones_shown(client, embedded_store):
    row = embedded_store.select(
        PREFIX
        + """SELECT ?s ?set (COUNT(DISTINCT ?a) AS ?given) (COUNT(DISTINCT ?q) AS ?asked)
        WHERE { ?s a lo:Setting ; lo:usesQuestionSet ?set . ?q lo:inQuestionSet ?set .
                OPTIONAL { ?a lo:answerOf ?s ; lo:answers ?q } }
        GROUP BY ?s ?set HAVING (COUNT(DISTINCT ?a) < COUNT(DISTINCT ?q)) ORDER BY ?s LIMIT 1"""
    )[0]
    html = client.get(path_of(row["s"].value)).get_data(as_text=True)
    answers = html[html.index('id="answers-heading"') :]
    given, asked = int(row["given"].value), int(row["asked"].value)
    assert f"Answered {given} of {asked} questions" in text_of(answers)
    assert "Expected of every setting" in answers and "What this setting says" in answers
    found = embedded_store.select(PREFIX + "SELECT ?e WHERE { ?e a lo:AreaWideExpectation }")
    expectations = {r["e"].value for r in found}
    # one row per expectation, named in words (links to their pages are under "All connections")
    assert answers.count('class="govuk-table__header se7-expectation"') == len(expectations)
    assert answers.count("Not answered yet") >= asked - given


def test_answer_views_become_tabs_only_when_there_are_several(client, embedded_store):
    setting = first(
        embedded_store, "SELECT ?s WHERE { ?s a lo:Setting ; lo:usesQuestionSet ?q } ORDER BY ?s LIMIT 1", "s"
    )
    html = client.get(path_of(setting)).get_data(as_text=True)
    sets = len(
        {
            r["set"].value
            for r in embedded_store.select(
                PREFIX
                + f"""SELECT ?set WHERE {{
        {{ <{setting}> lo:usesQuestionSet ?set }}
        UNION {{ ?a lo:answerOf <{setting}> ; lo:answers/lo:inQuestionSet ?set }} }}"""
            )
        }
    )
    assert ('data-module="govuk-tabs"' in html) == (sets > 1)


# ---- JSON twins, paging, errors ----------------------------------------------------------------------


def test_node_page_json_twin_by_suffix_and_by_accept(client):
    by_suffix = client.get("/id/need/autism.json")
    assert by_suffix.status_code == 200 and by_suffix.is_json
    data = by_suffix.get_json()["page"]
    assert data["label"] == "Autism" and data["kind"] == "need"
    assert [s["link"]["label"] for s in data["things_go_wrong"]["stages"]] == list(STAGES)
    assert any(g["title"] == "Services for this need" for g in data["groups"])
    by_accept = client.get("/id/need/autism", headers={"Accept": "application/json"})
    assert by_accept.is_json and by_accept.get_json() == by_suffix.get_json()
    assert "Accept" in by_accept.headers.get("Vary", "")


def test_list_pages_have_json_twins(client):
    listing = client.get("/kinds/need.json").get_json()
    assert any(m["iri"] == ID + "need/autism" for m in listing["members"])
    links = client.get("/id/need/autism/links.json?direction=in&property=" + LO.replace("#", "%23") + "meetsNeed")
    assert links.status_code == 200 and links.get_json()["members"]


def test_big_groups_are_paged_in_the_query_with_govuk_pagination(client, embedded_store):
    hub = embedded_store.select(
        PREFIX
        + """SELECT ?n (COUNT(?s) AS ?c) WHERE { ?s lo:meetsNeed ?n }
                                            GROUP BY ?n ORDER BY DESC(?c) LIMIT 1"""
    )[0]
    count = int(hub["c"].value)
    html = client.get(path_of(hub["n"].value)).get_data(as_text=True)
    more = re.search(r'href="(/id/need/[a-z0-9-]+/links\?[^"]+)"', html)
    assert more and f"See all {count}" in html
    first_page = client.get(unescape(more.group(1))).get_data(as_text=True)
    assert "govuk-pagination" in first_page and 'rel="next"' in first_page
    shown = re.findall(r'<li><a class="govuk-link" href="(/id/(?:service|setting)/[a-z0-9-]+)"', first_page)
    assert len(shown) == 50
    second = client.get(unescape(more.group(1)) + "&page=2").get_data(as_text=True)
    again = re.findall(r'<li><a class="govuk-link" href="(/id/(?:service|setting)/[a-z0-9-]+)"', second)
    assert again and not set(again) & set(shown)
    assert shown == sorted(shown)  # ordered by identifier, which follows the name


@pytest.mark.parametrize(
    ("path", "status", "says"),
    [
        ("/id/need/no-such-need", 404, ""),
        ("/id/nonsense/autism", 404, ""),
        ("/id/need/..%2F..%2Fetc", 404, ""),
        ("/id/need/no-such-need.json", 404, ""),
        ("/kinds/service?page=abc", 400, "page"),
        ("/kinds/service?page=0", 400, "page"),
        ("/kinds/nonsense", 404, ""),
        ("/id/need/autism/links?direction=sideways&property=x", 400, "direction"),
        ("/id/need/autism/links?direction=out&property=not%20an%20iri", 400, "property"),
        ("/id/need/autism/links?direction=out&property=javascript:alert(1)", 400, "property"),
        ("/id/need/no-such-need/links?direction=in&property=https://w3id.org/se7-local-offer/def%23meetsNeed", 404, ""),
    ],
)
def test_bad_addresses_get_a_clear_4xx(client, path, status, says):
    response = client.get(path)
    assert response.status_code == status
    assert says in response.get_data(as_text=True)
