"""Shared fixtures: one real build of ontology/ and data/ per test session (HermiT included), the
Flask app over it, and a real `oxigraph serve` process loaded with the same graph."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
import requests
from build_helpers import make_settings, quiet_build

from graph_app.config import PROJECT_ROOT, Settings
from graph_app.layout import Layout
from graph_app.queries import QueryLibrary
from graph_app.store import EmbeddedStore, RemoteStore

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def hermit_cache(tmp_path_factory) -> Path:
    """One HermiT run per session: every build in the tests shares its cached classification."""
    return tmp_path_factory.mktemp("hermit-cache")


@pytest.fixture(scope="session")
def built(tmp_path_factory, hermit_cache) -> Settings:
    """The real ontology/ and data/, built once into a temporary data folder."""
    settings = make_settings(tmp_path_factory.mktemp("built"))
    quiet_build(settings, hermit_cache)
    return settings


@pytest.fixture(scope="session")
def library() -> QueryLibrary:
    return QueryLibrary(PROJECT_ROOT / "queries")


@pytest.fixture(scope="session")
def embedded_store(built) -> EmbeddedStore:
    return EmbeddedStore(Layout(built.data_dir).current().store_path)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def oxigraph_binary() -> str:
    found = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(found).exists():
        pytest.fail("the oxigraph server is not installed: `pip install oxigraph` (make test does)")
    return found


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory, embedded_store):
    """A real `oxigraph serve` process on loopback, loaded with the built graph over HTTP."""
    location = tmp_path_factory.mktemp("oxigraph-server")
    port = _free_port()
    process = subprocess.Popen(
        [oxigraph_binary(), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                requests.get(url + "/query", params={"query": "ASK {}"}, timeout=1)
                break
            except requests.ConnectionError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"oxigraph serve did not start: {process.stderr.read()!r}") from None
                time.sleep(0.1)
        dump = location.parent / "graph.nt"
        embedded_store.dump(dump)
        RemoteStore(url + "/query").replace_graph(dump)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def remote_store(oxigraph_server) -> RemoteStore:
    return RemoteStore(oxigraph_server + "/query")


@pytest.fixture(params=["embedded", "remote"])
def any_store(request):
    """Each store test runs against both implementations with the same assertions."""
    return request.getfixturevalue(f"{request.param}_store")


REMOTE = os.environ.get("GRAPH_APP_TEST_STORE", "embedded") == "remote"


@pytest.fixture(scope="session")
def served(request, built) -> Settings:
    """The settings the app under test runs with: the embedded store, or (GRAPH_APP_TEST_STORE=remote,
    `make test-remote`) a real `oxigraph serve` process holding the same build."""
    if not REMOTE:
        return built
    url = request.getfixturevalue("oxigraph_server")
    return replace(built, sparql_url=url + "/query")


@pytest.fixture(scope="session")
def app(served):
    from graph_app.web import create_app

    application = create_app({"TESTING": True}, settings=served)
    yield application
    pool = application.extensions.get("sparql_pool")
    if pool is not None:
        pool.close()


@pytest.fixture
def client(app):
    return app.test_client()


def pytest_collection_modifyitems(config, items) -> None:
    """In remote mode, run the tests whose app reads the store the switch chooses (everything that uses the
    `served` fixture: web pages, APIs, the browser); the others never touch that choice (builds, importers,
    the private database, the store tests that already run against both stores) and would only run again
    unchanged."""
    if not REMOTE:
        return
    kept = [item for item in items if "served" in item.fixturenames]
    dropped = [item for item in items if "served" not in item.fixturenames]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept
