"""When records were last checked (lo:lastReviewed) is kept per store version (issue 20, core/staleness.checked_map):
a page's second view asks the store for no date it already read, the dates are the store's, and a publish (a new
store version) shows a new date at once. Real store, real live publish, Flask test client, the query log."""

from __future__ import annotations

from datetime import date

import pytest
from live_helpers import LO, copy_build, current_store, ntriples, statements
from pyoxigraph import NamedNode
from query_log import views_without_kept
from test_queries_run import LIBRARY

from graph_app.live import Replace
from graph_app.live.publisher import publish
from graph_app.staleness import is_out_of_date
from graph_app.web.core.graph import get_graph
from graph_app.web.core.staleness import checked_map

REVIEWED = LO + "lastReviewed"


@pytest.mark.parametrize("path", ["/id/service/send-advice-drop-in-brighton-and-hove", "/id/area/kent"])
def test_a_second_view_asks_for_no_date_it_has_read(app, client, monkeypatch, caplog, path):
    (first, _), (again, _) = views_without_kept(app, client, caplog, monkeypatch, path, "review_dates")
    assert "navigate/last_checked" in first
    assert "navigate/last_checked" not in again


def test_kept_dates_are_the_stores(app, embedded_store):
    rows = embedded_store.select(f"SELECT DISTINCT ?s WHERE {{ ?s a <{LO}Service> }} ORDER BY ?s LIMIT 40")
    iris = [r["s"].value for r in rows] + ["not an iri"]
    today = date(2026, 12, 7)
    with app.test_request_context("/"):
        graph = get_graph()
        cold = checked_map(graph, iris[:20], today)  # some may be kept by earlier tests
        warm = checked_map(graph, iris, today)
        later = checked_map(graph, iris, date(2040, 1, 1))  # kept dates still age: out of date worked out each time
    dates: dict[str, list[str]] = {}
    for row in LIBRARY.select(embedded_store, "navigate/last_checked", record=[NamedNode(i) for i in iris[:-1]]):
        dates.setdefault(row["record"].value, []).append(row["reviewed"].value[:10])
    assert dates and {i: c.last_checked for i, c in warm.items()} == {i: max(d) for i, d in dates.items()}
    assert {i: warm[i] for i in cold} == cold
    assert all(c.out_of_date == is_out_of_date(date.fromisoformat(c.last_checked), today) for c in warm.values())
    assert all(c.out_of_date for c in later.values())


@pytest.fixture(scope="module")
def checked_settings(built, tmp_path_factory):
    return copy_build(built, tmp_path_factory.mktemp("checked-cache") / "data")


def test_a_publish_shows_the_new_date(checked_settings, make_module_app):
    app = make_module_app(checked_settings)
    store = current_store(checked_settings)
    service = store.select(f"SELECT ?s WHERE {{ ?s a <{LO}Service> ; <{REVIEWED}> ?d }} ORDER BY ?s LIMIT 1")[0]
    iri = service["s"].value
    with app.test_request_context("/"):
        before = checked_map(get_graph(), [iri])[iri].last_checked
    kept = [t for t in statements(store, iri) if t.predicate.value != REVIEWED]
    del store
    new = "2026-11-30" if before != "2026-11-30" else "2026-11-29"
    publish(
        checked_settings,
        [Replace(iri, ntriples(kept) + f'\n<{iri}> <{REVIEWED}> "{new}"^^<http://www.w3.org/2001/XMLSchema#date> .')],
        actor="test checked cache",
        summary="A service checked again",
    )
    with app.test_request_context("/"):
        assert checked_map(get_graph(), [iri])[iri].last_checked == new
