"""A closed service (lo:closedOn, issue 19) is not available provision: no gap analysis (queries/gaps/, its
districts included) counts it and no My child list, kind list or settings list offers it, while open services
meeting the same needs still show. Driven from the query library's folders, so a new query there is covered;
each filter is shown to matter by running the same query with the filter taken out. Record pages, history,
search, exports and navigate/alternatives keep closed records on purpose and are not checked here."""

from __future__ import annotations

import re

import pytest

from graph_app.config import PROJECT_ROOT
from graph_app.queries import QueryLibrary

ID = "https://w3id.org/se7-local-offer/id/"
LO = "https://w3id.org/se7-local-offer/def#"
CLOSED = ID + "service/friday-night-social-bramblehurst-family-hub"  # data/sample/service-changes.ttl
LIBRARY = QueryLibrary(PROJECT_ROOT / "queries")
# any of three forms: FILTER NOT EXISTS, an OPTIONAL left unbound (what Virtuoso 7 evaluates right in
# navigate/mychild_services, where it lost the need join under FILTER NOT EXISTS), or MINUS (hash-joined once:
# gaps/sen_reports)
CLOSED_FILTER = re.compile(
    r"FILTER NOT EXISTS \{ \?\w+ lo:closedOn \?closed \}"
    r"|MINUS \{ \?\w+ lo:closedOn \?closed \}"
    r"|OPTIONAL \{ \?\w+ lo:closedOn \?closed \}\s*FILTER\(!BOUND\(\?closed\)\)"
)
PROVISION = [
    name
    for name in LIBRARY.names()
    if name.startswith(("gaps/", "navigate/mychild_"))
    or name in ("navigate/kind_members", "navigate/settings_with_provision")
]
# comments on a closed service still wait for a response: counted by topic as before
NOT_PROVISION = {"gaps/comments_by_topic"}
# settings near the family: settings have no closing date yet (only the service form has one), and any
# closed-record filter in these GROUP_CONCAT queries made Virtuoso 7 crash now and then ("GPF: sqlvrun.c:411
# no dv string here", 2 of 4 make test-virtuoso runs); left without it until settings can close
NOT_PROVISION |= {"navigate/mychild_settings_nearby", "navigate/mychild_settings_nearby_any_need"}
READS_RECORDS = re.compile(r"lo:Service\b|lo:Setting\b|lo:meetsNeed|lo:servesArea|lo:inLocalOfferOf")
# where, on the sample, the closed service would show (listed, or counted in a figure) without the filter
SHOWS_WITHOUT_FILTER = {
    "navigate/mychild_services",
    "navigate/mychild_services_any_need",
    "navigate/mychild_adulthood",
    "navigate/kind_members",
    "gaps/coverage_matrix",
    "gaps/sufficiency",
    "gaps/places",
    "gaps/waiting_times",
    "gaps/districts/coverage_by_district",
    "gaps/districts/services",
}
LISTS_SERVICES = {"navigate/mychild_services", "navigate/mychild_services_any_need", "navigate/mychild_adulthood"}
LISTS_SERVICES |= {"navigate/kind_members", "gaps/districts/services"}
# lists where open services for the same need, age and council must still show (the sample's one district
# cell of the closed service, open access, has no other service: gaps/districts/services rightly lists none)
OFFERS_OPEN = LISTS_SERVICES - {"gaps/districts/services"}


def _closed_values(store) -> dict[str, object]:
    """Parameters the closed service matches: its council, a district, need, age, age band and access."""
    facts = store.select(
        f"""PREFIX lo: <{LO}>
        SELECT ?need ?district ?band ?min ?specialist WHERE {{
          <{CLOSED}> lo:meetsNeed ?need ; lo:servesArea ?district ; lo:forAgeBand ?band ; lo:minAge ?min ;
                     lo:accessLevel/lo:needsSpecialistAssessment ?specialist }}
        ORDER BY ?need ?district ?band LIMIT 1"""
    )
    assert facts, "the sample's closed service lost its needs, area, ages or access level"
    row = facts[0]
    return {
        "age": row["min"].value,
        "area": ID + "area/kent",
        "council": ID + "area/kent",
        "need": row["need"].value,
        "district": row["district"].value,
        "place": row["district"].value,
        "age_band": row["band"].value,
        "specialist": row["specialist"].value,
        "cover": "any",
        "settings": "true",
        "months": "12",
        "as_of": "2026-11-01",
        "class": LO + "Service",
        "lang": "en",
        "reach": "1",
        "idbase": ID,
        "heading": ID + "heading/leisure-activities",  # one of its topics
        "pathway": ID + "pathway/ehc-needs-assessment",
    }


def _run(store, name: str, text: str, values: dict[str, object]) -> list[dict[str, str]]:
    query = LIBRARY.get(name)
    terms = query.terms({p.name: values[p.name] for p in query.params if p.name in values})
    return [{k: v.value for k, v in row.items() if v is not None} for row in store.select(text, terms)]


@pytest.fixture(scope="module")
def values(embedded_store) -> dict[str, object]:
    return _closed_values(embedded_store)


def test_sample_service_is_closed(embedded_store):
    """The premise: the sample's Friday Night Social is closed and is a Kent service."""
    assert embedded_store.ask(f"ASK {{ <{CLOSED}> <{LO}closedOn> ?d ; <{LO}inLocalOfferOf> <{ID}area/kent> }}")


@pytest.mark.parametrize("name", PROVISION)
def test_closed_service_not_offered(name, embedded_store, values):
    query = LIBRARY.get(name)
    missing = [p.name for p in query.params if p.required and p.name not in values]
    if missing:
        pytest.skip(f"{name} needs {missing}, which the closed service does not give")
    rows = _run(embedded_store, name, query.text, values)
    assert not [row for row in rows if CLOSED in row.values()], f"{name} offers the closed service"
    if name in OFFERS_OPEN:  # an open service for the same needs, age and area still shows
        assert [v for row in rows for v in row.values() if v.startswith(ID + "service/")], f"{name} lost open services"


@pytest.mark.parametrize("name", sorted(SHOWS_WITHOUT_FILTER))
def test_filter_removed_finds_closed_service(name, embedded_store, values):
    """The check can fail: the same query with its closed-service filter taken out lists or counts it."""
    text = LIBRARY.get(name).text
    assert CLOSED_FILTER.search(text), f"{name} has no closed-service filter"
    with_filter = _run(embedded_store, name, text, values)
    without = _run(embedded_store, name, CLOSED_FILTER.sub("", text), values)
    assert without != with_filter, f"{name}: the filter changes nothing for the closed service"
    if name in LISTS_SERVICES:
        assert [row for row in without if CLOSED in row.values()], f"{name} without its filter misses the service"


@pytest.mark.parametrize("name", [n for n in PROVISION if n not in NOT_PROVISION])
def test_provision_queries_leave_closed_out(name):
    """A query in these folders that reads services or settings leaves closed ones out (a new one too)."""
    text = LIBRARY.get(name).text
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#+"))
    if READS_RECORDS.search(body):
        assert CLOSED_FILTER.search(body), f"{name} reads services or settings but keeps closed ones"


def test_stored_kent_figure_drops_by_the_closed_service(embedded_store, values):
    """Kent's sufficiency figure for the closed service's need is one fewer than with it counted."""
    text = LIBRARY.get("gaps/sufficiency").text
    only = {"area": values["area"], "need": values["need"]}
    now = _run(embedded_store, "gaps/sufficiency", text, only)
    before = _run(embedded_store, "gaps/sufficiency", CLOSED_FILTER.sub("", text), only)
    assert len(now) == len(before) == 1
    assert int(before[0]["services"]) - int(now[0]["services"]) == 1


def test_related_never_suggests_a_closed_service(built, make_app):
    """'You might also want to look at' (the projection's nearest nodes) leaves closed services out: the
    closed one is among the raw nearest nodes of a record sharing its needs, and not among the page's."""
    from graph_app.projection import related
    from graph_app.web.map.nodes import projection

    app = make_app(built)
    with app.test_request_context():
        p = projection()
        closed = p.index[CLOSED]
        neighbours = [s.node for s in related(p, closed, limit=8)]
        starts = [n for n in neighbours if CLOSED in {p.iris[s.node] for s in related(p, n, limit=8)}]
    assert starts, "no record near the closed service has it among its nearest: the check would prove nothing"
    client = app.test_client()
    for start in starts[:3]:
        data = client.get("/related.json", query_string={"node": p.iris[start]}).get_json()
        assert data["related"] and CLOSED not in [item["iri"] for item in data["related"]]
