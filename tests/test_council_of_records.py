"""A record's council for staff pages (web/core/council_scope.council_of) is read for the records asked about
and kept per store version, by the same rule as the every-record map the digest uses
(queries/live/record_councils.rq given the records, against the same query given none): a publish no longer
makes the next staff request read every record's council. Real store, Flask app, the query log."""

from __future__ import annotations

import logging

from test_queries_run import LIBRARY

from graph_app.notify.review_due import record_councils
from graph_app.web.core.council_scope import council_of
from graph_app.web.core.graph import get_graph

ID = "https://w3id.org/se7-local-offer/id/"


def test_every_records_council_is_the_one_the_every_record_map_gives(app, embedded_store):
    expected = record_councils(embedded_store, LIBRARY)
    assert len(expected) > 100  # services, settings, providers, statements and areas of the sample
    with app.app_context():
        assert {iri: council_of(iri) for iri in expected} == expected


def test_a_record_with_no_council_or_no_iri_has_none_and_the_next_one_is_still_found(app, embedded_store):
    some_record, its_council = next(iter(record_councils(embedded_store, LIBRARY).items()))
    with app.app_context():
        assert council_of(ID + "need/autism") is None  # a need is for everyone, nowhere in particular
        assert council_of('"><script>x()</script>') is None  # a stored value that is no IRI
        assert council_of(None, "not an iri", ID + "need/autism", some_record) == its_council


def test_one_staff_lookup_reads_only_that_record_and_a_second_reads_nothing(app, caplog, embedded_store):
    record = next(iter(record_councils(embedded_store, LIBRARY)))
    with app.app_context(), caplog.at_level(logging.DEBUG, logger="graph_app.queries"):
        for values in get_graph()._memo.values():  # what an earlier test kept in this version is forgotten
            values.pop("node_answers:council", None)
        caplog.clear()
        council_of(record)
        first = [r.getMessage() for r in caplog.records if r.getMessage().startswith("query ")]
        caplog.clear()
        council_of(record)
        again = [r.getMessage() for r in caplog.records if r.getMessage().startswith("query ")]
    assert len(first) == 1 and first[0].startswith("query live/record_councils "), first
    assert "{'record': '[1 values]'}" in first[0], first  # that record only, never every record's council
    assert again == []
