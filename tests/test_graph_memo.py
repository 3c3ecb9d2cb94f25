"""Values kept per store version (Graph.memo): computed once per version, and only the two newest
versions kept, so a server that sees many published edits does not keep every version's values."""

from __future__ import annotations

from graph_app.web.core.graph import Graph


def test_a_value_is_computed_once_per_version_and_old_versions_are_dropped(built):
    graph = Graph(built)
    calls: list[str] = []

    def compute(version: str):  # a value
        return lambda: calls.append(version) or f"value of {version}"

    assert graph.memo("x", compute("v1"), version="v1") == "value of v1"
    assert graph.memo("x", compute("v1"), version="v1") == "value of v1"
    assert graph.memo("x", compute("v2"), version="v2") == "value of v2"
    assert graph.memo("x", compute("v1"), version="v1") == "value of v1"  # the previous version is kept
    assert calls == ["v1", "v2"]
    graph.memo("x", compute("v3"), version="v3")
    graph.memo("x", compute("v1"), version="v1")  # two versions newer than it came: worked out again
    assert calls == ["v1", "v2", "v3", "v1"]
