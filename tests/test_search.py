"""Search: the index's filters and counts, need-led results, autocomplete, the JSON twin, bad input
and FTS5 syntax in what is typed."""

from __future__ import annotations

import html
import re

import pytest

from graph_app.layout import Layout
from graph_app.search import Filters, SearchIndex


@pytest.fixture(scope="module")
def index(built) -> SearchIndex:
    return SearchIndex(Layout(built.data_dir).current().search_path)


# -- the index ---------------------------------------------------------------------------------------
def test_every_kind_families_look_for_is_indexed(index):
    kinds = set(index.kinds())
    assert {"need", "service", "setting", "pathway", "clause", "question", "heading"} <= kinds
    assert not kinds & {"answer", "contact", "criterion"}


def test_kind_counts_add_up_to_the_total(index):
    found = index.search("speech", counts=True)
    assert found.total > 5
    assert sum(found.facet_counts["kind"].values()) == found.total


def test_kind_filter_restricts_results_and_total(index):
    everything = index.search("speech", counts=True)
    services = index.search("speech", filters=Filters(kind="service"), limit=50, counts=True)
    assert services.hits and all(h.kind == "service" for h in services.hits)
    assert services.total == everything.facet_counts["kind"]["service"]


@pytest.mark.parametrize(
    ("facet", "make"),
    [
        ("area", lambda v: Filters(area=v)),
        ("sector", lambda v: Filters(sector=v)),
        ("need", lambda v: Filters(need=v)),
        ("age", lambda v: Filters(age_band=v)),
    ],
)
def test_facet_counts_predict_filtered_totals(index, facet, make):
    found = index.search("support for families", counts=True)
    counts = found.facet_counts[facet]
    assert counts, facet
    value, count = max(counts.items(), key=lambda item: item[1])
    narrowed = index.search("support for families", filters=make(value), counts=True)
    assert narrowed.total == count
    assert narrowed.total < found.total


def test_area_filter_keeps_only_services_in_that_council(index, embedded_store):
    narrowed = index.search("autism", filters=Filters(kind="service", area="kent"), limit=100)
    assert narrowed.hits
    for hit in narrowed.hits[:10]:
        rows = embedded_store.select(
            "PREFIX lo: <https://w3id.org/se7-local-offer/def#> SELECT ?a WHERE { "
            f"<{hit.iri}> (lo:servesArea|lo:inLocalOfferOf)/lo:partOfArea? ?a }}"
        )
        assert any(r["a"].value.endswith("/area/kent") for r in rows), hit.iri


def test_no_assessment_filter_keeps_universal_and_targeted_services(index, embedded_store):
    narrowed = index.search("therapy", filters=Filters(kind="service", open_only=True), limit=100)
    assert narrowed.hits
    for hit in narrowed.hits:
        rows = embedded_store.select(
            "PREFIX lo: <https://w3id.org/se7-local-offer/def#> SELECT ?level WHERE { "
            f"<{hit.iri}> lo:accessLevel ?level }}"
        )
        assert {r["level"].value.rsplit("/", 1)[-1] for r in rows} <= {"universal", "targeted"}, hit.iri


def test_an_age_in_years_filters_by_age_range(index, embedded_store):
    narrowed = index.search("", filters=Filters(kind="service", age=3), limit=40)
    assert narrowed.total > 0
    for hit in narrowed.hits:
        row = embedded_store.select(
            "PREFIX lo: <https://w3id.org/se7-local-offer/def#> SELECT ?lo ?hi WHERE { "
            f"<{hit.iri}> lo:minAge ?lo ; lo:maxAge ?hi }}"
        )[0]
        assert int(row["lo"].value) <= 3 <= int(row["hi"].value)


def test_need_filter_includes_narrower_needs(index):
    broad = index.search("", filters=Filters(kind="service", need="broad-communication-and-interaction")).total
    autism = index.search("", filters=Filters(kind="service", need="autism")).total
    assert broad > autism > 0


def test_services_for_a_matched_need(index):
    needs = index.matching_needs("won't eat solid food")
    assert needs and needs[0].slug == "slcn-feeding"
    total, services = index.services_for_need("slcn-feeding", text="won't eat solid food")
    assert total >= len(services) > 0
    assert all(s.kind == "service" for s in services)


def test_sample_services_are_flagged(index):
    hits = index.search("", filters=Filters(kind="service"), limit=5).hits
    assert hits and all(h.is_sample for h in hits)
    assert not any(h.is_sample for h in index.search("autism", filters=Filters(kind="need")).hits)


@pytest.mark.parametrize(
    "text",
    [
        '"',
        '""',
        "*",
        "autism*",
        "NEAR(autism speech)",
        "autism OR",
        "OR",
        "-autism",
        "autism -speech",
        "AND NOT",
        "a:b",
        "{name}:autism",
        "^autism",
        "(",
        ")",
        "'",
        "won't",
        "\\",
        "%",
        "_",
        "🙂",
        "ünïcödé",
        "x" * 300,
    ],
)
def test_fts5_syntax_in_a_query_never_errors(index, text):
    index.search(text, counts=True)
    index.suggest(text)


def test_suggest_finds_family_words(index):
    """Speed is measured in bench/ (run_all.py, "search: autocomplete", target <= 20 ms), not asserted here."""
    hits = index.suggest("fussy eat")
    assert any(h.slug == "slcn-feeding" for h in hits)
    for text in ("aut", "speech and lang", "won't e", "wheel", "tribunal", "ehc"):
        assert index.suggest(text), text


# -- the pages ---------------------------------------------------------------------------------------
def test_results_page_is_need_led(client):
    html = client.get("/search?q=won%27t+eat+solid+food").get_data(as_text=True)
    assert "This sounds like" in html
    assert 'href="/id/need/slcn-feeding"' in html
    assert re.search(r'href="/id/service/[a-z0-9-]+"', html)
    assert "sample" in html


def test_json_twin_has_the_same_results(client):
    data = client.get("/search.json?q=gets+upset+by+loud+noises").get_json()
    html = client.get("/search?q=gets+upset+by+loud+noises").get_data(as_text=True)
    assert data["total"] > 0 and data["results"]
    assert data["results"][0]["url"] in html
    assert {f["param"] for f in data["facets"]} == {"kind", "age", "area", "need", "sector"}
    by_accept = client.get("/search?q=autism", headers={"Accept": "application/json"}).get_json()
    assert by_accept["q"] == "autism"


def test_filters_work_as_get_parameters(client):
    data = client.get("/search.json?q=autism&kind=service&area=kent&age=5-10&sector=education").get_json()
    assert data["total"] > 0
    assert all(r["kind"] == "service" for r in data["results"])
    assert data["filters"]["area"] == "kent"
    by_age = client.get("/search.json?q=autism&kind=service&age=7").get_json()
    assert by_age["total"] > 0 and by_age["filters"]["age"] == 7
    open_only = client.get("/search.json?q=autism&kind=service&no_assessment=1").get_json()
    assert 0 < open_only["total"] < client.get("/search.json?q=autism&kind=service").get_json()["total"]


def test_misspelling_is_corrected_on_the_page(client):
    data = client.get("/search.json?q=autsim").get_json()
    assert data["corrected"] == "autism"
    assert data["results"][0]["url"] == "/id/need/autism"


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("kind=nonsense", "kind"),
        ("area=narnia", "area"),
        ("need=no-such-need", "need"),
        ("sector=x", "sector"),
        ("age=99", "age"),
        ("age=old", "age"),
        ("no_assessment=maybe", "no_assessment"),
        ("page=0", "page"),
        ("page=abc", "page"),
        ("q=" + "a" * 400, "q"),
    ],
)
def test_bad_parameters_are_400_naming_them(client, query, name):
    response = client.get("/search?" + query)
    assert response.status_code == 400
    assert f"'{name}'" in html.unescape(response.get_data(as_text=True))


def test_query_is_escaped_and_syntax_is_harmless(client):
    for text in ('"NEAR(a b)" * OR -x', "<script>alert(1)</script>", "{label}:x AND"):
        response = client.get("/search", query_string={"q": text})
        assert response.status_code == 200
        assert "<script>alert(1)" not in response.get_data(as_text=True)
    assert client.get("/search/suggest", query_string={"q": '"*'}).status_code == 200


def test_suggest_endpoint_returns_labels_kinds_and_urls(client):
    data = client.get("/search/suggest?q=autis").get_json()["suggestions"]
    assert data
    assert set(data[0]) >= {"label", "kind", "url", "iri"}
    assert any(s["url"] == "/id/need/autism" for s in data)
    assert client.get("/search/suggest?q=").get_json()["suggestions"] == []
    assert client.get("/search/suggest?q=" + "a" * 400).status_code == 400


def test_paging(client):
    first = client.get("/search.json?q=school").get_json()
    assert first["pages"] > 1
    second = client.get("/search.json?q=school&page=2").get_json()
    assert {r["url"] for r in first["results"]}.isdisjoint(r["url"] for r in second["results"])


@pytest.mark.parametrize("page", [1, 2])
def test_results_are_grouped_by_kind_keeping_rank_and_counts(client, page):
    data = client.get(f"/search.json?q=school&page={page}").get_json()
    groups = data["groups"]
    assert len(groups) > 1, "a broad query finds several kinds"
    # every result of the page is in exactly one group, in the same order inside its group as in the ranking
    assert sorted(r["url"] for g in groups for r in g["results"]) == sorted(r["url"] for r in data["results"])
    for group in groups:
        ranked = [r["url"] for r in data["results"] if r["kind"] == group["kind"]]
        assert [r["url"] for r in group["results"]] == ranked
    # groups come in the order of their best result
    firsts = [next(i for i, r in enumerate(data["results"]) if r["kind"] == g["kind"]) for g in groups]
    assert firsts == sorted(firsts)
    # the count is every result of that kind (all pages), as the kind filter finds
    kind_facet = {o["value"]: o["count"] for f in data["facets"] if f["param"] == "kind" for o in f["options"]}
    for group in groups:
        assert group["count"] == kind_facet[group["kind"]] >= len(group["results"])
        filtered = client.get(f"/search.json?q=school&kind={group['kind']}").get_json()
        assert filtered["total"] == group["count"]
        if group["count"] > len(group["results"]):
            assert f"kind={group['kind']}" in group["url"]
    html = client.get(f"/search?q=school&page={page}").get_data(as_text=True)
    positions = [html.index(f'id="search-group-{g["kind"]}"') for g in groups]
    assert positions == sorted(positions)
    assert f"({groups[0]['count']})" in html


def test_a_kind_filter_gives_one_group_without_a_see_all_link(client):
    data = client.get("/search.json?q=autism&kind=service").get_json()
    assert [g["kind"] for g in data["groups"]] == ["service"]
    assert data["groups"][0]["url"] is None and data["groups"][0]["count"] == data["total"]


# -- context, best bets, judging results (issue 14) ------------------------------------------------------
def test_chosen_council_is_the_default_filter_and_the_chip_removes_it(client):
    client.set_cookie("se7_area", "medway")
    data = client.get("/search.json?q=autism").get_json()
    assert data["filters"]["area"] == "medway"
    chip = next(c for c in data["applied"] if c["param"] == "area")
    assert chip["source"] == "chosen council" and chip["label"] == "Showing Medway"
    assert "area=all" in chip["remove_url"]
    everywhere = client.get(chip["remove_url"].replace("/search", "/search.json", 1)).get_json()
    assert everywhere["filters"]["area"] is None and everywhere["total"] > data["total"]
    assert data["elsewhere"] == everywhere["total"] - data["total"] > 0
    html = client.get("/search?q=autism").get_data(as_text=True)
    assert "Showing Medway" in html and "Elsewhere in SE7" in html
    assert 'type="hidden" name="area" value="medway"' in html, "kept when the words change"
    client.delete_cookie("se7_area")


def test_area_in_the_address_works_without_cookies(client):
    data = client.get("/search.json?q=autism&area=kent").get_json()
    chip = next(c for c in data["applied"] if c["param"] == "area")
    assert chip["source"] == "address" and data["filters"]["area"] == "kent"
    assert all(not r["areas"] or "Kent" in r["areas"] for r in data["results"])


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("EHCP", "/id/pathway/ehc-needs-assessment"),
        ("short breaks", "/id/heading/short-breaks"),
        ("transport to school", "/id/heading/travel"),
        ("after school club", "/id/heading/leisure-activities"),
        ("complain about school", "/id/resolution-stage/raising-a-concern"),
        ("home education", "/id/heading/education"),
    ],
)
def test_statutory_and_practical_questions_get_a_best_bet_and_no_guess(client, query, first):
    data = client.get("/search.json", query_string={"q": query}).get_json()
    assert data["best_bet"]["url"] == first == data["results"][0]["url"]
    assert data["needs"] == []
    assert "This sounds like" not in client.get("/search", query_string={"q": query}).get_data(as_text=True)


def test_and_matching_narrows_and_falls_back_saying_so(client):
    broad = client.get("/search.json?q=autism").get_json()["total"]
    both = client.get("/search.json?q=autism+outreach").get_json()
    assert not both["partial"] and 0 < both["total"] < broad
    nothing = client.get("/search.json?q=zebra+wheelchair").get_json()
    assert nothing["partial"] and nothing["all_words"] == 0
    assert "No results with all your words" in client.get("/search?q=zebra+wheelchair").get_data(as_text=True)


def test_results_can_be_judged_and_matched_words_are_escaped(client):
    data = client.get("/search.json?q=autism&kind=service&area=kent").get_json()
    result = data["results"][0]
    assert result["summary"] and result["areas"] == ["Kent"]
    html = client.get("/search?q=autism&kind=service&area=kent").get_data(as_text=True)
    assert "<mark>" in html and "search-result__facts" in html
    hostile = client.get("/search", query_string={"q": "<b>autism</b>"}).get_data(as_text=True)
    assert "<b>autism" not in hostile


def test_thin_results_offer_next_steps(client):
    html = client.get("/search?q=zzqx+hovercraft&area=medway").get_data(as_text=True)
    assert "what you can do next" in html
    assert "Tell us about this gap" in html and "/comments/new?page=" in html
    assert "SENDIASS" in html or "information, advice and support" in html
    gap = re.search(r'href="(/comments/new\?page=[^"]+)"', html).group(1)
    assert client.get(html_unescape(gap)).status_code == 200


def html_unescape(text: str) -> str:
    return html.unescape(text)


# -- resource bases and SEN units (issue 14 item 6) -------------------------------------------------------
PROVISION_SETTINGS = """PREFIX lo: <https://w3id.org/se7-local-offer/def#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?setting ?label ?council ?places WHERE {
  ?setting lo:specialistProvision lo:ResourceBaseProvision ; lo:resourceBaseCapacity ?places ;
           lo:specialistProvisionFor ?need ; lo:inLocalOfferOf ?council ; rdfs:label ?label .
  ?need rdfs:label "Hearing impairment"@en .
} ORDER BY ?setting"""


def test_a_resource_base_is_found_by_its_need_and_filtered_in_the_chosen_council(client, embedded_store):
    """A parent in the council of a setting with a hearing resource base types "resource base for hearing
    impairment": the words set the filter (a removable chip), every result has a resource base or SEN unit,
    the setting comes first with its line, and settings elsewhere are counted apart."""
    row = embedded_store.select(PROVISION_SETTINGS)[0]
    council = row["council"].value.rsplit("/", 1)[-1]
    query = {"q": "resource base for hearing impairment", "area": council}
    data = client.get("/search.json", query_string=query).get_json()
    assert data["filters"]["provision"] is True and data["all_words"] >= 1
    chip = next(c for c in data["applied"] if c["param"] == "provision")
    assert chip["source"] == "your words" and "provision=0" in chip["remove_url"]
    first = data["results"][0]
    assert first["label"] == row["label"].value
    assert first["provision"] == f"Resource base for hearing impairment, {row['places'].value} places"
    assert all(r["provision"] for r in data["results"])
    page = client.get("/search", query_string=query).get_data(as_text=True)
    assert "Has a resource base or SEN unit" in page and first["provision"] in page
    # the chip's address turns the filter off although the words still say "resource base"
    off = client.get(html_unescape(chip["remove_url"]).replace("/search", "/search.json", 1)).get_json()
    assert off["filters"]["provision"] is False and off["total"] > data["total"]
    assert not any(c["param"] == "provision" for c in off["applied"])


@pytest.mark.parametrize("words", ["resourced provision for deaf children", "specialist resource provision hearing"])
def test_other_names_for_a_resource_base_find_it_too(client, embedded_store, words):
    label = embedded_store.select(PROVISION_SETTINGS)[0]["label"].value
    data = client.get("/search.json", query_string={"q": words, "area": "all"}).get_json()
    assert data["filters"]["provision"] is True
    assert label in [r["label"] for r in data["results"][:5]]


def test_the_provision_filter_is_a_checked_parameter(client):
    assert client.get("/search.json?q=autism&provision=1").get_json()["filters"]["provision"] is True
    assert client.get("/search.json?q=autism").get_json()["filters"]["provision"] is False
    response = client.get("/search?q=autism&provision=maybe")
    assert response.status_code == 400 and "'provision'" in html.unescape(response.get_data(as_text=True))
