"""A topic or pathway page's reader-independent queries (its steps, every council's contacts for a step, a
topic's statements, contacts and pathways) are run once per store version (issue 20): the kept rows are the
query's rows, kept apart per query and per value, and kept again for a new version."""

from pyoxigraph import NamedNode
from query_log import page_queries
from test_queries_run import LIBRARY

from graph_app.web.core.graph import get_graph
from graph_app.web.explore.version_rows import rows_per_version

ID = "https://w3id.org/se7-local-offer/id/"
EHC = NamedNode(ID + "pathway/ehc-needs-assessment")


def test_kept_rows_are_the_querys_rows_and_are_kept(app, embedded_store):
    with app.app_context():
        graph = get_graph()
        first = rows_per_version(graph, "navigate/pathway_steps", pathway=EHC)
        assert first and first == LIBRARY.select(embedded_store, "navigate/pathway_steps", pathway=EHC)
        assert rows_per_version(graph, "navigate/pathway_steps", pathway=EHC) is first


def test_each_query_and_value_is_kept_apart(app, embedded_store):
    other = NamedNode(ID + "pathway/care-dyspraxia")
    with app.app_context():
        graph = get_graph()
        steps = rows_per_version(graph, "navigate/pathway_steps", pathway=EHC)
        assert (
            rows_per_version(graph, "navigate/pathway_steps", pathway=other)
            == LIBRARY.select(embedded_store, "navigate/pathway_steps", pathway=other)
            != steps
        )
        step = NamedNode(steps[0]["step"].value)
        contacts = rows_per_version(graph, "navigate/step_local_contacts", step=step)
        assert contacts == LIBRARY.select(embedded_store, "navigate/step_local_contacts", step=step)


def test_a_new_store_version_reads_again(app):
    with app.app_context():
        graph = get_graph()
        first = rows_per_version(graph, "navigate/pathway_steps", pathway=EHC)
        graph._memo.clear()  # what opening a new build or a published edit does (core/graph.py)
        again = rows_per_version(graph, "navigate/pathway_steps", pathway=EHC)
    assert again == first and again is not first


def test_a_hubs_own_statements_and_first_links_are_read_once_per_version(app, client, caplog, monkeypatch):
    """A council has hundreds of links in (a hub): its second view asks the store for neither its statements
    nor its previews, and shows the same page; a service (no hub) asks each time."""
    monkeypatch.delitem(app.extensions, "page_cache", raising=False)  # each page built, not served whole
    first, first_html = page_queries(client, caplog, "/id/area/kent")
    again, again_html = page_queries(client, caplog, "/id/area/kent")
    assert {"navigate/node_statements", "navigate/in_links_first"} <= set(first)
    assert not {"navigate/node_statements", "navigate/in_links_first", "navigate/in_links_of"} & set(again)
    assert again_html == first_html
    service = "/id/service/send-advice-drop-in-brighton-and-hove"
    page_queries(client, caplog, service)
    assert "navigate/node_statements" in page_queries(client, caplog, service)[0]
