"""Names (rdfs:label in every language) are kept per store version (issue 20, core/labels.py): a page's second
view asks the store for no name it already read, the names are the store's, and a publish (a new store version)
shows the new name at once. Real store, real live publish, Flask test client."""

from __future__ import annotations

import pytest
from live_helpers import LO, copy_build, current_store, ntriples, statements
from pyoxigraph import NamedNode
from query_log import views_without_kept
from test_queries_run import LIBRARY

from graph_app.live import Replace
from graph_app.live.publisher import publish
from graph_app.web.core.graph import get_graph
from graph_app.web.core.labels import label_map
from graph_app.web.core.version_lru import NodeAnswers

LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SERVICE = "/id/service/send-advice-drop-in-brighton-and-hove"


@pytest.mark.parametrize("path", [SERVICE, "/id/area/kent", "/id/pathway/ehc-needs-assessment"])
def test_a_second_view_asks_for_no_name_it_has_read(app, client, caplog, monkeypatch, path):
    (first, first_html), (again, again_html) = views_without_kept(app, client, caplog, monkeypatch, path, "names")
    assert "navigate/labels" in first
    assert "navigate/labels" not in again
    assert again_html == first_html


def test_kept_names_are_the_stores_in_each_language(app, embedded_store):
    rows = embedded_store.select(f"SELECT DISTINCT ?s WHERE {{ ?s a <{LO}Service> }} ORDER BY ?s LIMIT 30")
    iris = [r["s"].value for r in rows] + ["https://w3id.org/se7-local-offer/id/area/kent", "not an iri"]
    for languages in (["cy", "en"], ["pl", "en"], ["en"]):
        with app.test_request_context("/"):
            graph = get_graph()
            cold = label_map(graph, iris, languages)  # some may be kept by earlier tests: half asked, half kept
            warm = label_map(graph, iris[::-1], languages)
        expected: dict[str, dict[str, str]] = {}
        for row in LIBRARY.select(embedded_store, "navigate/labels", node=[NamedNode(i) for i in iris[:-1]]):
            language = row["label"].language or "en"
            expected.setdefault(row["node"].value, {})[language] = row["label"].value
        want = {
            iri: next((names[lang] for lang in languages if lang in names), next(iter(names.values())))
            for iri, names in expected.items()
        }
        assert cold == warm == want
        assert [getattr(warm[i], "lang", None) for i in want] == [getattr(cold[i], "lang", None) for i in want]


def test_the_cache_is_bounded_dropping_the_least_recently_used():
    cache = NodeAnswers(size=3)
    cache.keep({"a": {"en": "A"}, "b": {"en": "B"}, "c": {}})
    cache.lookup(["a"])  # used: kept over b
    cache.keep({"d": {"en": "D"}})
    known, missing = cache.lookup(["a", "b", "c", "d"])
    assert known == {"a": {"en": "A"}, "c": {}, "d": {"en": "D"}} and missing == ["b"]


@pytest.fixture(scope="module")
def names_settings(built, tmp_path_factory):
    return copy_build(built, tmp_path_factory.mktemp("labels-cache") / "data")


def test_a_publish_shows_the_new_name(names_settings, make_module_app):
    """A service page names its provider; after the provider's name is published the page shows the new one,
    without a restart (the kept names belong to the version before)."""
    app = make_module_app(names_settings)
    app.extensions.pop("page_cache", None)
    client = app.test_client()
    store = current_store(names_settings)
    provider = store.select(
        f"SELECT ?p WHERE {{ <https://w3id.org/se7-local-offer/id/service/send-advice-drop-in-brighton-and-hove> "
        f"<{LO}providedBy> ?p }}"
    )[0]["p"].value
    before = client.get(SERVICE).get_data(as_text=True)
    with app.test_request_context("/"):
        old = label_map(get_graph(), [provider], ["en"])[provider]
    assert old in before
    new_name = "Renamed provider for the names cache test"
    kept = [t for t in statements(store, provider) if t.predicate.value != LABEL]
    del store
    publish(
        names_settings,
        [Replace(provider, ntriples(kept) + f'\n<{provider}> <{LABEL}> "{new_name}"@en .')],
        actor="test names cache",
        summary="A provider's new name",
    )
    after = client.get(SERVICE).get_data(as_text=True)
    # the page names the provider anew (the mind map may show the projection's English name until the
    # projection of the new version is ready: map/projection_keeper.py)
    assert new_name not in before and new_name in after
    assert after.count(old) < before.count(old)
    with app.test_request_context("/"):
        assert label_map(get_graph(), [provider], ["en"])[provider] == new_name
