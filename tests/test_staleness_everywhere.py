"""Issue 16, staleness everywhere: a record last checked more than 12 months ago says "May be out of date"
with the date it was last checked on search results, My child, the kind lists, link lists, area pages, the
map and the commissioning report (and their JSON twins carry last_checked and out_of_date), a record
checked in time says nothing; editors get their records due for review, soonest first. Records and
dates come from the built sample through SPARQL here, and the expectation is worked out independently
of the app's rule (days since the check, today's date), so every assertion can fail."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from html import unescape
from urllib.parse import quote

import pytest
from staff_helpers import login, make_staff

from graph_app import staleness as rule
from graph_app.live import records
from graph_app.web.core import staleness
from graph_app.web.core.graph import get_graph

ID = "https://w3id.org/se7-local-offer/id/"
LO = "https://w3id.org/se7-local-offer/def#"
PREFIX = f"PREFIX lo: <{LO}>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
MONTHS = "January February March April May June July August September October November December".split()
TAG = "May be out of date"


def stale(checked: str, today: date | None = None) -> bool:
    """The oracle: today is on or after the check's date a year on (12 whole months), as a tuple comparison."""
    day, now = date.fromisoformat(checked[:10]), today or date.today()
    return (now.year, now.month, now.day) >= (day.year + 1, day.month, day.day)


def words(checked: str) -> str:
    day = date.fromisoformat(checked[:10])
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def path_of(iri: str) -> str:
    return "/id/" + iri[len(ID) :]


def items_html(html: str, iri: str, tag: str = "li") -> list[str]:
    """Every list item (or table row, or innermost block) of the page that links to the record."""
    found = []
    for piece in re.findall(rf"<{tag}\b(?:(?!<{tag}\b).)*?</{tag}>", html, flags=re.S):
        if f'href="{path_of(iri)}"' in piece or f'href="{path_of(iri)}?' in piece:
            found.append(piece)
    return found


def item_html(html: str, iri: str, tag: str = "li") -> str:
    """The first of them, or '' when the page does not list the record."""
    return next(iter(items_html(html, iri, tag)), "")


def says_stale(piece: str, checked: str) -> bool:
    text = unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", piece)))
    return TAG in text and f"last checked {words(checked)}" in text


@pytest.fixture(scope="module")
def services(embedded_store) -> list[dict[str, str]]:
    """Every service with its name, date last checked, provider and council, oldest check first."""
    rows = embedded_store.select(
        PREFIX
        + """SELECT ?s ?label ?d ?provider ?area WHERE {
               ?s a lo:Service ; rdfs:label ?label ; lo:lastReviewed ?d ; lo:providedBy ?provider ;
                  lo:inLocalOfferOf ?area . FILTER(LANG(?label) = "" || LANGMATCHES(LANG(?label), "en")) }
             ORDER BY ?d ?s"""
    )
    return [{k: row[k].value for k in ("s", "label", "d", "provider", "area")} for row in rows]


@pytest.fixture(scope="module")
def old(services) -> dict[str, str]:
    record = services[0]
    assert stale(record["d"]), "the sample's oldest service should be more than a year old"
    return record


@pytest.fixture(scope="module")
def fresh(services) -> dict[str, str]:
    record = services[-1]
    assert not stale(record["d"]), "the sample's newest service should be checked within the year"
    return record


# ---- the one rule ------------------------------------------------------------------------------------


def test_the_rule_is_twelve_whole_months_and_the_record_page_uses_it():
    checked = date(2025, 3, 3)
    assert not staleness.is_out_of_date(checked, date(2026, 3, 2))
    assert staleness.is_out_of_date(checked, date(2026, 3, 3))
    assert rule.due_on(checked) == date(2026, 3, 2)
    leap = date(2024, 2, 29)  # its anniversary in 2025 is 1 March, as the month count says
    assert rule.due_on(leap) == date(2025, 2, 28) and not rule.is_out_of_date(leap, date(2025, 2, 28))
    assert rule.is_out_of_date(leap, date(2025, 3, 1))
    assert rule.due_by(date(2026, 3, 31), 0) == date(2025, 3, 31)
    assert rule.due_by(date(2025, 2, 28), 1) == date(2024, 3, 1)
    assert staleness.is_out_of_date is rule.is_out_of_date and records.months_since is rule.months_since
    assert staleness.long_date("2025-03-03") == "3 March 2025"
    from graph_app.web.explore.record_summary import review

    assert review is staleness.review  # the record page's rule is the same function, not a copy
    assert review(["2025-03-03", "2024-01-01"], date(2026, 3, 4)).out_of_date  # the latest date counts
    assert not review(["2025-03-03"], date(2026, 3, 2)).out_of_date


# ---- lists: kinds, link lists, area pages ----------------------------------------------------------


def test_the_not_reviewed_analysis_counts_by_the_same_rule(embedded_store, library):
    """The commissioners' "not reviewed" analysis (month count in SPARQL) and the families' tag (Python) call
    the same records out of date, on every day of a year around the sample's dates, the anniversaries
    included."""
    from graph_app.gaps import run_gap

    rows = embedded_store.select(
        "PREFIX lo: <https://w3id.org/se7-local-offer/def#> SELECT DISTINCT ?r (MAX(?d) AS ?last) WHERE {"
        " { ?r a lo:Service } UNION { ?r a lo:Setting } ?r lo:inLocalOfferOf ?a . OPTIONAL { ?r lo:lastReviewed ?d }"
        " FILTER NOT EXISTS { ?r lo:closedOn ?closed } }"  # a closed record needs no review (issue 19)
        " GROUP BY ?r"
    )
    checked = [date.fromisoformat(row["last"].value[:10]) if row["last"] else None for row in rows]
    anniversaries = sorted({d.replace(year=d.year + 1) for d in checked if d and (d.month, d.day) != (2, 29)})
    for today in [anniversaries[0], anniversaries[len(anniversaries) // 2], anniversaries[-1] + timedelta(days=1)]:
        for as_of in (today - timedelta(days=1), today):
            expected = sum(1 for d in checked if d is None or rule.is_out_of_date(d, as_of))
            result = run_gap(embedded_store, library, "not_reviewed", as_of=as_of.isoformat())
            assert sum(int(row["records"]) for row in result.rows) == expected, as_of


def _kind_page(embedded_store, iri: str) -> int:
    rows = embedded_store.select(PREFIX + "SELECT ?s WHERE { ?s a lo:Service }")
    ordered = sorted(r["s"].value for r in rows)
    return ordered.index(iri) // 50 + 1


def test_the_kind_list_flags_an_old_record_with_its_date_and_not_a_fresh_one(client, embedded_store, old, fresh):
    for record, expected in ((old, True), (fresh, False)):
        page = _kind_page(embedded_store, record["s"])
        html = client.get(f"/kinds/service?page={page}").get_data(as_text=True)
        piece = item_html(html, record["s"])
        assert piece, record["s"]
        assert says_stale(piece, record["d"]) == expected
        assert (TAG in piece) == expected
        members = client.get(f"/kinds/service.json?page={page}").get_json()["members"]
        found = next(m for m in members if m["iri"] == record["s"])
        assert found["last_checked"] == record["d"][:10] and found["out_of_date"] is expected


def test_a_link_list_flags_an_old_record(client, old):
    property_ = quote(LO + "providedBy", safe="")
    path = f"{path_of(old['provider'])}/links?direction=in&property={property_}"
    piece = item_html(client.get(path).get_data(as_text=True), old["s"])
    assert piece and says_stale(piece, old["d"])
    members = client.get(path.replace("/links?", "/links.json?")).get_json()["members"]
    assert next(m for m in members if m["iri"] == old["s"])["out_of_date"] is True


def test_an_area_page_flags_each_listed_record_by_its_own_date(client, embedded_store, old):
    path = path_of(old["area"])
    page = client.get(path + ".json").get_json()["page"]
    links = [link for group in page["groups"] for link in group["links"] if link.get("last_checked")]
    dates = {
        r["s"].value: r["d"].value
        for r in embedded_store.select(
            PREFIX + f"SELECT ?s ?d WHERE {{ ?s lo:inLocalOfferOf <{old['area']}> ; lo:lastReviewed ?d }}"
        )
    }
    shown = [link for link in links if link["iri"] in dates]
    assert any(link["out_of_date"] for link in shown) and not all(link["out_of_date"] for link in shown)
    html = client.get(path).get_data(as_text=True)
    for link in shown:
        assert link["last_checked"] == dates[link["iri"]][:10]
        assert link["out_of_date"] is stale(dates[link["iri"]])
        piece = item_html(html, link["iri"])
        assert piece and says_stale(piece, dates[link["iri"]]) is link["out_of_date"]


def test_a_list_reads_every_date_in_one_query(app, client, monkeypatch):
    """No query per result: the 50 records of a list page get their dates from one batched query."""
    library = app.extensions["graph"].library
    real = library.run
    names: list[str] = []

    def counting(store, name, *args, **kwargs):
        names.append(name)
        return real(store, name, *args, **kwargs)

    monkeypatch.setattr(library, "run", counting)

    def forget_kept_dates() -> None:  # dates kept from earlier pages (core/version_lru) would answer unasked
        with app.app_context():
            for values in get_graph()._memo.values():
                values.pop("node_answers:review_dates", None)

    forget_kept_dates()
    listed = client.get("/kinds/service.json?page=3&batch=1").get_json()["members"]  # an address no test cached
    forget_kept_dates()
    found = client.get("/search.json?q=speech+therapy&batch=1").get_json()["results"]
    assert len(listed) == 50 and len(found) >= 10 and sum(r["out_of_date"] for r in listed + found) >= 1
    assert names.count("navigate/last_checked") == 2


# ---- search -------------------------------------------------------------------------------------------


def test_search_results_flag_an_old_record_and_not_a_fresh_one(client, old, fresh):
    for record, expected in ((old, True), (fresh, False)):
        query = quote(record["label"])
        html = client.get(f"/search?q={query}&area=all").get_data(as_text=True)
        piece = item_html(html, record["s"])
        assert piece, record["label"]
        assert says_stale(piece, record["d"]) is expected and (TAG in piece) is expected
        results = client.get(f"/search.json?q={query}&area=all").get_json()["results"]
        found = next(r for r in results if r["iri"] == record["s"])
        assert found["last_checked"] == record["d"][:10] and found["out_of_date"] is expected


# ---- My child -------------------------------------------------------------------------------------------


def _mychild_items(data: dict) -> list[dict]:
    items = [i["link"] for key in ("without_assessment", "with_assessment") for g in data[key] for i in g["items"]]
    return items + [s["link"] for s in data["settings"]]


def test_my_child_flags_each_card_by_its_own_date(client, embedded_store):
    path = "/my-child?area=kent&age=7&need=autism"
    data = client.get(path.replace("/my-child?", "/my-child.json?")).get_json()["result"]
    items = _mychild_items(data)
    iris = [i["iri"] for i in items]
    rows = embedded_store.select(
        PREFIX + "SELECT ?s ?d WHERE { ?s lo:lastReviewed ?d } VALUES ?s { " + " ".join(f"<{i}>" for i in iris) + " }"
    )
    dates = {r["s"].value: r["d"].value for r in rows}
    dated = [i for i in items if i["iri"] in dates]
    assert any(stale(dates[i["iri"]]) for i in dated) and not all(stale(dates[i["iri"]]) for i in dated)
    html = client.get(path).get_data(as_text=True)
    for item in dated:
        assert item["last_checked"] == dates[item["iri"]][:10] and item["out_of_date"] is stale(dates[item["iri"]])
        # its card (a service) or list item (a setting), and its entry in the list form of "Your map"
        shown = items_html(html, item["iri"], "div") + items_html(html, item["iri"])
        assert shown, item["iri"]
        for piece in shown:
            assert says_stale(piece, dates[item["iri"]]) is item["out_of_date"], (item["iri"], piece)


# ---- the map ---------------------------------------------------------------------------------------------


def test_the_map_details_flag_an_old_record_and_not_a_fresh_one(client, embedded_store, old, fresh):
    dates = {
        r["s"].value: r["d"].value
        for r in embedded_store.select(PREFIX + "SELECT ?s ?d WHERE { ?s lo:lastReviewed ?d }")
    }
    seen = set()
    for record, expected in ((old, True), (fresh, False)):
        centre = client.get(f"/map/neighbourhood.json?node={quote(path_of(record['s']))}").get_json()["node"]
        assert centre["last_checked"] == record["d"][:10] and centre["out_of_date"] is expected
        node = quote(path_of(record["provider"]))  # the map around its provider lists its services
        data = client.get(f"/map/neighbourhood.json?node={node}").get_json()
        html = client.get(f"/map/neighbourhood?node={node}").get_data(as_text=True)
        members = [m for g in data["groups"] for m in g["members"] if m["iri"] in dates]
        assert members
        for member in members:
            checked = dates[member["iri"]]
            assert member["last_checked"] == checked[:10] and member["out_of_date"] is stale(checked)
            assert bool(member["checked_words"]) is stale(checked)
            piece = item_html(html, member["iri"])
            assert piece and says_stale(piece, checked) is stale(checked)
            assert (f'data-checked-words="last checked {words(checked)}"' in piece) is stale(checked)
            seen.add(stale(checked))
    assert seen == {True, False}


# ---- the commissioning report ------------------------------------------------------------------------


def test_the_report_counts_out_of_date_records_per_council_and_lists_the_councils(client, embedded_store, old, fresh):
    council = old["area"].rsplit("/", 1)[-1]
    rows = embedded_store.select(
        PREFIX + "SELECT ?area ?s ?d WHERE { ?s lo:inLocalOfferOf ?area ; lo:lastReviewed ?d "
        "FILTER NOT EXISTS { ?s lo:closedOn ?closed } }"  # a closed record needs no review (issue 19)
    )
    expected: dict[str, int] = {}
    for row in rows:
        slug = row["area"].value.rsplit("/", 1)[-1]
        expected[slug] = expected.get(slug, 0) + stale(row["d"].value)
    data = client.get(f"/gaps/report/{council}.json").get_json()
    counts = {c["slug"]: c["out_of_date"] for c in data["out_of_date"]["by_council"]}
    assert counts == {slug: n for slug, n in expected.items() if slug in counts} and len(counts) == 7
    assert data["out_of_date_records"] == expected[council]
    listed = [r["last_checked"] for r in data["out_of_date"]["records"]]
    assert listed == sorted(listed) and old["s"] in {r["iri"] for r in data["out_of_date"]["records"]}
    html = client.get(f"/gaps/report/{council}").get_data(as_text=True)
    section = html[html.index('id="out-of-date"') :]
    assert says_stale(item_html(section, old["s"]), old["d"])
    assert not item_html(section, fresh["s"])  # a record checked in time is not listed


# ---- editors: due for review ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def staff_app(built, tmp_path_factory, make_module_app):
    settings = replace(built, private_db_path=tmp_path_factory.mktemp("due") / "private.sqlite")
    return settings, make_module_app(settings)


def _signed_in(staff_app, role: str, provider: str | None = None):
    settings, app = staff_app
    user, password = make_staff(settings, role, provider)
    client = app.test_client()
    assert login(client, user.email, password).status_code == 303
    return client


def _due_rows(html: str) -> list[tuple[str, str]]:
    """(record IRI, last checked in words or 'Never') per row, in page order."""
    rows = re.findall(
        r'<tr class="govuk-table__row" data-record="([^"]+)">\s*<td.*?</td>\s*<td[^>]*>([^<]*)</td>', html, re.S
    )
    return [(iri, text.strip()) for iri, text in rows]


def test_an_editor_sees_only_their_records_due_soonest_first(staff_app, embedded_store, old):
    provider = old["provider"]
    rows = embedded_store.select(
        PREFIX
        + f"""SELECT ?r ?d WHERE {{ {{ ?r a lo:Service ; lo:providedBy <{provider}> }}
               UNION {{ ?r a lo:Setting ; lo:runBy <{provider}> }} OPTIONAL {{ ?r lo:lastReviewed ?d }} }}"""
    )
    mine = {r["r"].value: (r["d"].value if "d" in r else None) for r in rows}
    soon = date.today() + timedelta(days=60)
    due = {iri for iri, d in mine.items() if d is None or stale(d, soon)}
    assert old["s"] in due
    html = _signed_in(staff_app, "editor", provider).get("/staff/due-for-review/").get_data(as_text=True)
    shown = _due_rows(html)
    assert {iri for iri, _ in shown} == due  # all of theirs that are due, none of anyone else's
    checked = [mine[iri] for iri, _ in shown]
    assert [d or "" for d in checked] == sorted(d or "" for d in checked)  # never checked, then oldest first
    for iri, text in shown:
        assert text == (words(mine[iri]) if mine[iri] else "Never")
    piece = item_html(html, old["s"], "tr")
    assert TAG in piece  # overdue ones say so, as families see them


def test_an_admin_sees_every_providers_due_records_paged(staff_app, embedded_store):
    client = _signed_in(staff_app, "admin")
    first = _due_rows(client.get("/staff/due-for-review/").get_data(as_text=True))
    second = _due_rows(client.get("/staff/due-for-review/?page=2").get_data(as_text=True))
    assert len(first) == 50 and second and not {i for i, _ in first} & {i for i, _ in second}
    dates = {
        r["r"].value: r["d"].value
        for r in embedded_store.select(PREFIX + "SELECT ?r ?d WHERE { ?r lo:lastReviewed ?d }")
    }
    order = [dates.get(i, "") for i, _ in first + second]
    assert order == sorted(order)


def test_due_for_review_refuses_moderators_strangers_and_bad_pages(staff_app):
    _settings, app = staff_app
    assert _signed_in(staff_app, "moderator").get("/staff/due-for-review/").status_code == 403
    assert app.test_client().get("/staff/due-for-review/").status_code == 302
    bad = _signed_in(staff_app, "admin").get("/staff/due-for-review/?page=x")
    assert bad.status_code == 400 and "page" in bad.get_data(as_text=True)
