"""A topic's page with no council chosen asks for one only when the topic has services or settings in some
council (issue 20): navigate/heading_has_records answers that as an ASK that stops at the first record,
where the listing query (navigate/heading_local_records) grouped and sorted every record of the topic to
tell (3 s at scale 30). Its answer is checked against the listing's condition written out here as a plain
SELECT, for every topic of the sample."""

from __future__ import annotations

from pyoxigraph import NamedNode
from test_node_pages import PREFIX, path_of
from test_queries_run import LIBRARY

# the listing's condition with the council left open: a service or setting under the topic (or a narrower
# one) that serves, is located in or is in the Local Offer of some area, directly or through a district
WITH_RECORDS = (
    PREFIX
    + """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
    SELECT DISTINCT ?h WHERE {
      ?h a lo:LocalOfferHeading .
      FILTER EXISTS {
        ?t skos:broader* ?h . ?r lo:aboutHeading ?t .
        { ?r a lo:Service } UNION { ?r a lo:Setting }
        { ?r lo:servesArea|lo:locatedIn|lo:inLocalOfferOf ?area }
        UNION { ?r lo:servesArea|lo:locatedIn ?d . ?d lo:partOfArea|^lo:partOfArea ?area }
      }
    }"""
)
TOPICS = PREFIX + "SELECT ?h WHERE { ?h a lo:LocalOfferHeading }"


def _split(store) -> tuple[set[str], set[str]]:
    """(topics with records in some council, topics without)."""
    topics = {r["h"].value for r in store.select(TOPICS)}
    with_records = {r["h"].value for r in store.select(WITH_RECORDS)}
    assert with_records and topics - with_records, "the sample should have topics with and without records"
    return with_records, topics - with_records


def test_the_ask_agrees_with_the_listing_for_every_topic(embedded_store):
    with_records, without = _split(embedded_store)
    for heading in sorted(with_records | without):
        asked = LIBRARY.ask(embedded_store, "navigate/heading_has_records", heading=NamedNode(heading))
        assert asked == (heading in with_records), heading


def test_a_topic_page_without_a_council_asks_for_one_only_when_it_has_records(client, embedded_store):
    with_records, without = _split(embedded_store)
    for heading in sorted(with_records)[:5] + sorted(without)[:5]:
        html = client.get(path_of(heading)).get_data(as_text=True)
        assert ("Choose your council to see local services" in html) == (heading in with_records), heading
