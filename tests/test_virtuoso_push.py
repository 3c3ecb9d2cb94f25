"""`graph-app push` against a real Virtuoso (`make test-virtuoso`): it cannot load Virtuoso (its Graph Store
Protocol needs a dba login), so it says exactly what to do instead, and never ends in a traceback; and the
steps it names are the ones that loaded the server these tests run against."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from build_helpers import STORE_MODE

from graph_app.config import PROJECT_ROOT
from graph_app.store import RemoteStore
from graph_app.store_dialects import VIRTUOSO, VIRTUOSO_BUILD_GRAPH

pytestmark = pytest.mark.skipif(STORE_MODE != "virtuoso", reason="make test-virtuoso runs these")


def push(served, *options: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GRAPH_APP_")}
    env |= {"GRAPH_APP_DATA_DIR": str(served.data_dir), "GRAPH_APP_SPARQL_URL": served.sparql_url}
    argv = [sys.executable, "-m", "graph_app.cli", "push", *options]
    return subprocess.run(argv, env=env, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300)


def test_the_endpoint_is_known_as_virtuoso(served):
    assert RemoteStore(served.sparql_url).dialect is VIRTUOSO


def test_push_to_virtuoso_says_what_to_do(served):
    before = RemoteStore(served.sparql_url).triple_count()
    done = push(served)
    assert done.returncode == 1, done.stdout
    assert "Traceback" not in done.stderr
    assert "is Virtuoso" in done.stderr
    for step in ("graph-app dump", "ld_dir(", "rdf_loader_run()", "SYS_SPARQL_HOST", VIRTUOSO_BUILD_GRAPH):
        assert step in done.stderr, step
    assert RemoteStore(served.sparql_url).triple_count() == before  # nothing was half-loaded


def test_push_to_a_store_url_virtuoso_refuses_is_a_message(served):
    done = push(served, "--store-url", served.sparql_url.removesuffix("/sparql") + "/store")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("push failed: graph store ") and "answered 501" in done.stderr


def test_the_loaded_graph_is_the_default_graph(served, embedded_store):
    """The fixture followed push's advice (bulk loader into the build graph, named as the default graph):
    a query naming no graph counts the build's triples and none of Virtuoso's own."""
    assert RemoteStore(served.sparql_url).triple_count() == embedded_store.triple_count()
