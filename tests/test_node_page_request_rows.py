"""A record's opening times, prices and places are read once per request (issue 20, core/request_rows.py): the
service page and its schema.org description (publish/schema_org.py) both need them. Real store, Flask test
client, the query log."""

from __future__ import annotations

import collections
import logging

from graph_app.web.core.graph import get_graph
from graph_app.web.core.request_rows import record_rows

SERVICE = "/id/service/send-advice-drop-in-brighton-and-hove"
ID = "https://w3id.org/se7-local-offer/id/"
READ_ONCE = ("navigate/record_schedules", "navigate/record_prices", "navigate/record_places")


def _query_counts(client, caplog, path: str) -> collections.Counter:
    caplog.clear()
    with caplog.at_level(logging.DEBUG, logger="graph_app.queries"):
        assert client.get(path).status_code == 200
    return collections.Counter(r.getMessage().split()[1] for r in caplog.records if r.getMessage().startswith("query "))


def test_a_service_page_reads_its_times_prices_and_places_once(app, client, caplog, monkeypatch):
    monkeypatch.delitem(app.extensions, "page_cache", raising=False)  # each page built, not served whole
    counts = _query_counts(client, caplog, SERVICE)
    assert "export/schema_org_record" in counts  # the schema.org part is built on this page
    assert {name: counts[name] for name in READ_ONCE} == dict.fromkeys(READ_ONCE, 1)
    assert {name: _query_counts(client, caplog, SERVICE)[name] for name in READ_ONCE} == dict.fromkeys(READ_ONCE, 1)


def test_rows_are_kept_per_request_and_per_record(app, embedded_store):
    service = ID + "service/send-advice-drop-in-brighton-and-hove"
    other = embedded_store.select(
        "SELECT ?s WHERE { ?s <https://w3id.org/se7-local-offer/def#deliveredAt> ?v } ORDER BY ?s LIMIT 1"
    )
    with app.test_request_context("/"):
        graph = get_graph()
        first = record_rows(graph, "navigate/record_places", service)
        assert record_rows(graph, "navigate/record_places", service) is first
        if other:
            assert record_rows(graph, "navigate/record_places", other[0]["s"].value)
    with app.test_request_context("/"):  # another request reads again
        assert record_rows(get_graph(), "navigate/record_places", service) is not first
    with app.app_context():  # outside a request (a dump): read each time, never kept
        graph = get_graph()
        assert record_rows(graph, "navigate/record_places", service) == first
