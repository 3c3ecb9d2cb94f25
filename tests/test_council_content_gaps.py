"""The council content gap analysis (queries/gaps/council_content.rq): per council, the framework headings
with no statement, or with one past its date to check it again. On the real build the sample gives every
council a statement under every heading; in a copy of it, one removed statement is listed, and so is one
whose review date has passed."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from live_helpers import copy_build

from graph_app.gaps import analyses, run_gap
from graph_app.layout import Layout
from graph_app.store import EmbeddedStore

ID = "https://w3id.org/se7-local-offer/id/"
LO = "https://w3id.org/se7-local-offer/def#"
KENT = ID + "area/kent"
TRAVEL = ID + "heading/education-travel-policy"
STATEMENT = ID + "council-statement/kent-education-travel-policy"


@pytest.fixture(scope="module")
def changed_store(built, tmp_path_factory):
    """A copy of the build without Kent's travel policy statement, and with Kent's mission statement due
    to be checked again in 2020."""
    settings = copy_build(built, tmp_path_factory.mktemp("council-gaps") / "data")
    path = Layout(settings.data_dir).current().store_path
    store = ox.Store(str(path))
    store.update(f"DELETE WHERE {{ <{STATEMENT}> ?p ?o }}")
    mission = ID + "council-statement/kent-education-mission-statement"
    store.update(
        f"DELETE WHERE {{ <{mission}> <{LO}reviewDue> ?d }} ; "
        f'INSERT DATA {{ <{mission}> <{LO}reviewDue> "2020-01-01"^^<http://www.w3.org/2001/XMLSchema#date> }}'
    )
    store.flush()
    del store
    return EmbeddedStore(path)


def _rows(store, library, **params) -> list[dict]:
    return run_gap(store, library, "council_content", **params).rows


def test_it_is_one_of_the_commissioning_analyses(library) -> None:
    assert "council_content" in [a.name for a in analyses(library)]


def test_the_sample_has_a_statement_under_every_heading_for_every_council(embedded_store, library) -> None:
    rows = _rows(embedded_store, library, as_of="2026-11-01")
    assert [r for r in rows if r["problem"] == "No statement yet"] == []


def test_a_removed_statement_is_listed_for_its_council_only(changed_store, library) -> None:
    rows = _rows(changed_store, library, as_of="2026-11-01")
    missing = [(r["area"]["iri"], r["heading"]["iri"]) for r in rows if r["problem"] == "No statement yet"]
    assert missing == [(KENT, TRAVEL)]


def test_a_statement_past_its_review_date_is_listed(changed_store, library) -> None:
    rows = _rows(changed_store, library, area=ox.NamedNode(KENT), as_of="2026-11-01")
    overdue = {r["heading"]["iri"].rsplit("/", 1)[-1] for r in rows if r["problem"] == "Past its review date"}
    assert "education-mission-statement" in overdue
    assert {r["area"]["iri"] for r in rows} == {KENT}
    # years later every statement is past its date: each council's whole list
    later = _rows(changed_store, library, area=ox.NamedNode(KENT), as_of="2040-01-01")
    assert len(later) >= 90 and len(later) > len(rows)


def test_the_gap_page_lists_them(client) -> None:
    page = client.get("/gaps/council-content?as_of=2040-01-01")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Past its review date" in html and "/id/heading/education-travel-policy" in html
