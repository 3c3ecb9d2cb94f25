"""A closed service or setting needs no review: once its closing is published it leaves the staff "due for
review" list, the "N records overdue" counts (every provider's, its own provider's) and the review-due emails'
list, as it leaves the commissioners' "not reviewed" analysis. Real store, real live publish."""

from __future__ import annotations

from datetime import date

import pytest
from live_helpers import LO, copy_build, current_store, ntriples, statements
from pyoxigraph import NamedNode
from test_queries_run import LIBRARY

from graph_app.live import Replace
from graph_app.live.publisher import publish
from graph_app.notify.review_due import due_records, overdue_count
from graph_app.staleness import REVIEW_MONTHS

ID = "https://w3id.org/se7-local-offer/id/"
XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"


def not_reviewed_of(store, provider: str) -> int:
    """The commissioners' "not reviewed" analysis: how many of the provider's records it counts."""
    rows = LIBRARY.select(store, "gaps/not_reviewed")
    return sum(int(row["records"].value) for row in rows if row["provider"].value == provider)


def provider_of(store, record: str) -> str:
    rows = store.select(
        f"SELECT ?p WHERE {{ {{ ?r <{LO}providedBy> ?p }} UNION {{ ?r <{LO}runBy> ?p }} }} ORDER BY ?p LIMIT 1",
        {"r": NamedNode(record)},
    )
    return rows[0]["p"].value


@pytest.fixture(scope="module")
def closing(built, tmp_path_factory):
    return copy_build(built, tmp_path_factory.mktemp("closed-not-due") / "data")


@pytest.mark.parametrize("kind", ["service", "setting"])
def test_a_closed_record_is_no_longer_due_or_overdue(closing, kind):
    today = date.today()
    store = current_store(closing)
    due = due_records(store, LIBRARY, ID, None, today, REVIEW_MONTHS)
    record = next(r.iri for r in due if r.kind == kind)  # due for review is overdue (12 months)
    provider = provider_of(store, record)
    before = (overdue_count(store, LIBRARY, None, today), overdue_count(store, LIBRARY, provider, today))
    analysed = not_reviewed_of(store, provider)
    kept = ntriples(statements(store, record))
    del store
    publish(
        closing,
        [Replace(record, kept + f'\n<{record}> <{LO}closedOn> "{today.isoformat()}"^^<{XSD_DATE}> .')],
        actor="test closed records",
        summary=f"A {kind} closed",
    )
    store = current_store(closing)
    assert record not in {r.iri for r in due_records(store, LIBRARY, ID, None, today, REVIEW_MONTHS)}
    assert record not in {r.iri for r in due_records(store, LIBRARY, ID, provider, today, REVIEW_MONTHS)}
    after = (overdue_count(store, LIBRARY, None, today), overdue_count(store, LIBRARY, provider, today))
    assert after == (before[0] - 1, before[1] - 1)
    assert not_reviewed_of(store, provider) == analysed - 1  # the commissioners' analysis agrees
