"""A topic's services in the family's council (issue 20): navigate/council_heading_records finds them from the
council's records, where navigate/heading_local_records walks every record of the topic (0.9 s for education in
Kent at scale 30). The two must give the same rows in the same order, for broad and narrow topics, every
council and with or without an age; the topic page takes the council's side when the topic is the bigger one
and shows the same services either way."""

from __future__ import annotations

import pytest
from pyoxigraph import NamedNode
from test_node_pages import PREFIX
from test_queries_run import LIBRARY

from graph_app.web.core.graph import get_graph
from graph_app.web.explore import local_help

ID = "https://w3id.org/se7-local-offer/id/"
TOPIC_SIZES = (
    PREFIX
    + """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
    SELECT ?h (COUNT(DISTINCT ?r) AS ?n) WHERE {
      ?h a lo:LocalOfferHeading . OPTIONAL { ?t skos:broader* ?h . ?r lo:aboutHeading ?t }
    } GROUP BY ?h ORDER BY DESC(?n) ?h"""
)
COUNCILS = ("kent", "medway", "brighton-and-hove", "east-sussex", "surrey", "west-sussex", "bromley")


def topics(store) -> list[str]:
    """The three broadest topics, two middling ones, a narrow one and one with no records."""
    rows = [(r["h"].value, int(r["n"].value)) for r in store.select(TOPIC_SIZES)]
    with_some = [h for h, n in rows if n > 0]
    none = [h for h, n in rows if n == 0]
    assert len(with_some) > 10 and none, "the sample should have broad, narrow and empty topics"
    return with_some[:3] + with_some[len(with_some) // 2 : len(with_some) // 2 + 2] + with_some[-1:] + none[:1]


def rows_of(store, name: str, heading: str, council: str, age: int | None, page: int | None = None) -> list:
    values = {"heading": NamedNode(heading), "area": NamedNode(ID + "area/" + council)}
    if age is not None:
        values["age"] = age
    paging = {"page": page, "per_page": 7} if page else {}
    rows = LIBRARY.select(store, name, **paging, **values)
    return [tuple(sorted((k, str(v)) for k, v in row.items())) for row in rows]


@pytest.mark.parametrize("age", [None, 4, 19])
def test_from_the_council_gives_the_topics_rows_in_the_same_order(embedded_store, age):
    compared = found = 0
    for heading in topics(embedded_store):
        for council in COUNCILS:
            old = rows_of(embedded_store, "navigate/heading_local_records", heading, council, age)
            new = rows_of(embedded_store, "navigate/council_heading_records", heading, council, age)
            assert new == old, (heading, council, age)
            paged = rows_of(embedded_store, "navigate/council_heading_records", heading, council, age, page=1)
            assert paged == old[:7], (heading, council, age)
            compared, found = compared + 1, found + len(old)
    assert compared == 7 * len(COUNCILS) and found > 50  # not a comparison of empty answers


def test_the_probes_count_each_sides_records(embedded_store):
    broadest = topics(embedded_store)[0]
    topic = LIBRARY.select(embedded_store, "navigate/heading_record_probe", heading=NamedNode(broadest))
    kent = LIBRARY.select(embedded_store, "navigate/council_record_probe", area=NamedNode(ID + "area/kent"))
    listed = rows_of(embedded_store, "navigate/heading_local_records", broadest, "kent", None)
    in_both = {r["record"].value for r in topic} & {r["record"].value for r in kent}
    assert {dict(row)["record"].strip("<>") for row in listed} <= in_both  # the listing is inside both sides
    assert len(topic) > len(listed) and len(kent) > len(listed)
    capped = LIBRARY.select(
        embedded_store, "navigate/heading_record_probe", heading=NamedNode(broadest), page=1, per_page=5
    )
    assert len(capped) == 5


def test_the_topic_page_lists_the_same_services_from_either_side(app, embedded_store, monkeypatch):
    heading, kent = topics(embedded_store)[0], ID + "area/kent"
    with app.test_request_context("/"):  # names in the reader's languages
        graph = get_graph()
        shown = {}
        for council_first in (False, True):
            monkeypatch.setattr(local_help, "_council_is_smaller", lambda *_args, side=council_first: side)
            shown[council_first] = local_help.topic_local(graph, heading, kent, "Kent", 7)
    assert shown[False].records and shown[True] == shown[False]


def test_the_smaller_side_is_chosen_and_a_topic_past_the_probe_goes_from_the_council(app, embedded_store, monkeypatch):
    kent = ID + "area/kent"
    council = len(LIBRARY.select(embedded_store, "navigate/council_record_probe", area=NamedNode(kent)))
    with app.app_context():
        graph = get_graph()
        for heading in topics(embedded_store):
            topic = len(LIBRARY.select(embedded_store, "navigate/heading_record_probe", heading=NamedNode(heading)))
            assert local_help._council_is_smaller(graph, heading, kent) == (council < topic), heading
        monkeypatch.setattr(local_help, "PROBE_ROWS", 1)
        assert local_help._council_is_smaller(graph, topics(embedded_store)[-2], kent)
