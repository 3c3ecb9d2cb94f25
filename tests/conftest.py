"""Shared fixtures: one real build of ontology/ and data/ per test session (HermiT included), the
Flask app over it (and `make_app` for tests that need their own), and a real `oxigraph serve` process
loaded with the same graph."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from build_helpers import STORE_MODE, shared_build
from flask import Flask
from server_process import oxigraph_binary, oxigraph_process, virtuoso_binaries, virtuoso_process

from graph_app.config import PROJECT_ROOT, Settings
from graph_app.layout import Layout
from graph_app.queries import QueryLibrary
from graph_app.store import EmbeddedStore, RemoteStore

FIXTURES = Path(__file__).parent / "fixtures"


def run_root(tmp_path_factory) -> Path:
    """The temporary folder of this whole run: pytest-xdist workers' own folders are inside the controller's."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Settings:
    """The real ontology/ and data/ (HermiT included), built once per run by whichever worker asks first and
    copied into this worker's own temporary data folder."""
    settings = shared_build(run_root(tmp_path_factory) / "shared", tmp_path_factory.mktemp("built") / "data")
    _SHARED_BUILDS[settings.data_dir] = Layout(settings.data_dir).current().build_id
    return settings


# The session's build, read by every test of a worker: a test that changes it (a publish, an app that applies
# a journal it was given at start) changes every later test's store, and they fail far from the cause. Each
# test that used it is checked after it runs, so the failure names the test that changed it.
_SHARED_BUILDS: dict[Path, str] = {}


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item) -> None:
    if "built" not in item.fixturenames:
        return
    for data_dir, build_id in _SHARED_BUILDS.items():
        now = Layout(data_dir).current()
        if now is None or now.build_id != build_id:
            _SHARED_BUILDS[data_dir] = now.build_id if now else ""  # named once: later tests are not to blame
            pytest.fail(
                f"{item.nodeid} changed the session's shared build in {data_dir} ({build_id} -> "
                f"{now.build_id if now else 'none'}): give it a copy (live_helpers.copy_build)"
            )


@pytest.fixture(scope="session")
def hermit_cache(tmp_path_factory, built) -> Path:
    """One HermiT run per test run: every build in the tests reuses the classification the session's build
    made (this worker's own copy: builds write to the cache as they go)."""
    cache = tmp_path_factory.mktemp("hermit-cache")
    for made in (built.data_dir / "cache").glob("*.nt"):
        shutil.copy(made, cache / made.name)
    return cache


@pytest.fixture(scope="session")
def library() -> QueryLibrary:
    return QueryLibrary(PROJECT_ROOT / "queries")


@pytest.fixture(scope="session")
def embedded_store(built) -> EmbeddedStore:
    return EmbeddedStore(Layout(built.data_dir).current().store_path)


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory, embedded_store):
    """A real `oxigraph serve` process on loopback, loaded with the built graph over HTTP."""
    location = tmp_path_factory.mktemp("oxigraph-server")
    with oxigraph_process(oxigraph_binary(), location / "store") as server:
        dump = location / "graph.nt"
        embedded_store.dump(dump)
        RemoteStore(server.url + "/query").replace_graph(dump)
        yield server.url


@pytest.fixture(scope="session")
def remote_store(oxigraph_server) -> RemoteStore:
    return RemoteStore(oxigraph_server + "/query")


@pytest.fixture(params=["embedded", "remote"])
def any_store(request):
    """Each store test runs against both implementations with the same assertions."""
    return request.getfixturevalue(f"{request.param}_store")


if STORE_MODE not in ("embedded", "remote", "virtuoso"):
    raise pytest.UsageError(f"GRAPH_APP_TEST_STORE={STORE_MODE!r}: expected embedded, remote or virtuoso")
REMOTE = STORE_MODE in ("remote", "virtuoso")


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory, embedded_store):
    """A real Virtuoso Open Source server (virtuoso-t) on loopback, its /sparql default graph holding the
    built graph (bulk-loaded from the same N-Triples dump as the oxigraph server)."""
    folder = tmp_path_factory.mktemp("virtuoso-server")
    with virtuoso_process(virtuoso_binaries(), folder / "db") as server:
        dump = server.folder / "graph.nt"
        embedded_store.dump(dump)
        server.load(dump)
        yield server


# GRAPH_APP_TEST_DATABASE=postgres (`make test-postgres`): every private database the tests open is a PostgreSQL
# database instead of its SQLite file, one database per file path (so an app and the test reading what it wrote
# still share one, and two data folders still have two), in a cluster the session starts
DATABASE_MODE = os.environ.get("GRAPH_APP_TEST_DATABASE", "sqlite")
if DATABASE_MODE not in ("sqlite", "postgres"):
    raise pytest.UsageError(f"GRAPH_APP_TEST_DATABASE={DATABASE_MODE!r}: expected sqlite or postgres")


@pytest.fixture(scope="session")
def postgres_cluster():
    """A real PostgreSQL server for this test process (tests/postgres_server.py), removed at the end."""
    from postgres_server import INSTALL_HINT, PostgresCluster, postgres_bin

    bin_dir = postgres_bin()
    if bin_dir is None:
        pytest.skip(INSTALL_HINT)
    cluster = PostgresCluster(bin_dir).start()
    yield cluster
    cluster.stop()


@pytest.fixture(params=["sqlite", "postgres"])
def private_db(request, tmp_path):
    """The private database on each engine: the SQLite file, and a new database on the PostgreSQL server."""
    from graph_app.private.db import PrivateDB

    url = request.getfixturevalue("postgres_cluster").new_database() if request.param == "postgres" else None
    return PrivateDB(tmp_path / "private" / "private.sqlite", url=url)


@pytest.fixture(scope="session", autouse=True)
def _private_database_mode(request) -> Iterator[None]:
    """In postgres mode, a PrivateDB made for a file path (by open_private_db or a test) gets that path's database."""
    if DATABASE_MODE != "postgres":
        yield
        return
    import threading

    from graph_app.private.db import PrivateDB

    cluster = request.getfixturevalue("postgres_cluster")
    databases: dict[str, str] = {}
    lock = threading.Lock()
    made_for_path = PrivateDB.__init__

    def on_postgres(self, path, url=None) -> None:
        made_for_path(self, path, url)
        if self.url is None:
            with lock:
                key = str(Path(path).resolve())
                if key not in databases:
                    databases[key] = cluster.new_database()
                self.url = databases[key]

    patch = pytest.MonkeyPatch()
    patch.setattr(PrivateDB, "__init__", on_postgres)
    yield
    patch.undo()


@pytest.fixture(scope="session")
def served(request, built) -> Settings:
    """The settings the app under test runs with: the embedded store, or (GRAPH_APP_TEST_STORE=remote,
    `make test-remote`) a real `oxigraph serve` process holding the same build, or (=virtuoso,
    `make test-virtuoso`) a real Virtuoso server holding it."""
    if not REMOTE:
        return built
    if STORE_MODE == "virtuoso":
        return replace(built, sparql_url=request.getfixturevalue("virtuoso_server").sparql_url)
    url = request.getfixturevalue("oxigraph_server")
    return replace(built, sparql_url=url + "/query")


class AppMaker:
    """The one way tests build the Flask app: `make(settings, **config)` is create_app with TESTING on (pass
    TESTING=False to see production error pages) and the config keys given; every app made is closed
    afterwards (its SPARQL worker pool stopped, projection builds and gap warm-up it started finished)."""

    def __init__(self) -> None:
        self.made: list[Flask] = []

    def __call__(self, settings: Settings, **config: Any) -> Flask:
        from graph_app.web import create_app

        app = create_app({"TESTING": True, **config}, settings=settings)
        self.made.append(app)
        return app

    def close(self) -> None:
        for app in self.made:
            pool = app.extensions.get("sparql_pool")
            if pool is not None:
                pool.close()
            keeper = app.extensions.get("projection_keeper")
            for building in list(getattr(keeper, "_building", {}).values()):
                building.wait(timeout=120)  # a daemon thread still reading a store the test folder removes
            warmer = app.extensions.get("gap_warmer")
            if warmer is not None:
                warmer.stop()
            dump_writer = app.extensions.get("dump_writer")  # on in apps made with TESTING=False
            if dump_writer is not None:
                dump_writer.stop()
        self.made.clear()


@pytest.fixture
def make_app() -> Iterator[AppMaker]:
    """Apps for one test: `make_app(settings, SPARQL_RATE=(10, 60.0))`."""
    maker = AppMaker()
    yield maker
    maker.close()


@pytest.fixture(scope="module")
def make_module_app() -> Iterator[AppMaker]:
    """Apps shared by the tests of a module (module-scoped fixtures), closed after the module."""
    maker = AppMaker()
    yield maker
    maker.close()


@pytest.fixture(scope="session")
def app(served):
    maker = AppMaker()
    yield maker(served)
    maker.close()


@pytest.fixture
def client(app):
    return app.test_client()


# The files that take longest (bench/test_suite_time.md), first: `--dist loadfile` hands whole files to the two
# workers in collection order, so a long file handed out last leaves the other worker idle until it ends.
# Every other file follows in its usual order. A file missing here is only scheduled later, never skipped.
SLOW_FILES = (
    "test_editor_publish_property.py",
    "browser/test_every_page_type_browser.py",
    "test_shacl_sparql.py",
    "test_staff_pages_hostile_stored.py",
    "browser/test_csp_browser.py",
    "browser/test_record_layout_browser.py",
    "test_gaps_shared.py",
    "test_dereference.py",
    "browser/test_gap_districts_browser.py",
    "browser/test_node_browser.py",
    "browser/test_map_browser.py",
    "browser/test_staleness_browser.py",
    "browser/test_family_scenarios.py",
    "test_cors.py",
    "test_build.py",
    "test_crash_comments.py",
    "test_crash_safety.py",
    "browser/test_mychild_browser.py",
    "browser/test_editing_browser.py",
    "test_bad_files.py",
    "test_comments.py",
    "test_editor_legal_basis.py",
)
TESTS_DIR = Path(__file__).parent


def pytest_configure(config) -> None:
    # pytest-xdist otherwise reorders the files by their number of tests, which puts the one-test files that
    # start a server or walk a browser last
    if getattr(config.option, "loadscopereorder", False):
        config.option.loadscopereorder = False


def _file_rank(item) -> int:
    try:
        name = item.path.relative_to(TESTS_DIR).as_posix()
    except ValueError:
        return len(SLOW_FILES)
    return SLOW_FILES.index(name) if name in SLOW_FILES else len(SLOW_FILES)


def pytest_collection_modifyitems(config, items) -> None:
    """The slow files first (a stable sort: the tests of a file keep their order). In remote mode, run the
    tests whose app reads the store the switch chooses (everything that uses the `served` fixture: web pages,
    APIs, the browser); the others never touch that choice (builds, importers, the private database, the store
    tests that already run against both stores) and would only run again unchanged."""
    items.sort(key=_file_rank)
    if not REMOTE:
        return
    kept = [item for item in items if "served" in item.fixturenames]
    dropped = [item for item in items if "served" not in item.fixturenames]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


# Debian's Chromium through Playwright, one per session for every test that drives a browser (tests/browser/
# and the cross-origin CORS test): a second sync Playwright in the same process cannot start.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    found = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        pytest.fail("Debian's chromium is not installed (apt-get install chromium; .ci/run does)")
    return found


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()
