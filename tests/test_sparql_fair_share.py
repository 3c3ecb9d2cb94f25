"""Issue 12, item 8 and the low item on nesting: one address cannot hold every query worker, a worker's
memory is capped (a clear 422, and the worker replaced), deep nesting is a 400 before the engine, and
another visitor's page is answered while a hostile 64 KB query is read."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed

import pytest
import requests

from graph_app.sparql.scan import MAX_DEPTH
from tests.server_process import app_server

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # runs to the time limit
QUICK = "ASK { ?s ?p ?o }"
HUNGRY = "SELECT ?a ?d WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f"  # sorts the cross product in memory


@pytest.fixture
def make_app(built, make_app):
    """conftest's app maker over the build, the per-address rate limit out of the way (the share is tested)."""
    return lambda **config: make_app(built, **{"SPARQL_RATE": (10**6, 1.0), **config})


def _ask(app, query: str, address: str):
    return app.test_client().get("/sparql", query_string={"query": query}, environ_base={"REMOTE_ADDR": address})


def test_one_abusive_address_cannot_starve_the_others(make_app):
    app = make_app(SPARQL_WORKERS=2, SPARQL_TIMEOUT_S=3)
    _ask(app, QUICK, "10.0.0.9")  # start the pool
    with ThreadPoolExecutor(max_workers=10) as pool:
        abusive = [pool.submit(_ask, app, SLOW, "10.0.0.66") for _ in range(4)]
        # The ordering, proved rather than slept for: three of the four are refused (the share is 1), and
        # only then do the others ask, while the fourth still holds its worker.
        finished = as_completed(abusive, timeout=30)
        for _ in range(3):
            next(finished)
        assert sum(not f.done() for f in abusive) == 1
        others = [pool.submit(_ask, app, QUICK, f"10.0.1.{n}") for n in range(6)]
        other_codes = [f.result(timeout=30).status_code for f in others]
        abusive_answers = [f.result(timeout=30) for f in abusive]
    assert other_codes == [200] * 6
    codes = sorted(a.status_code for a in abusive_answers)
    assert codes.count(422) == 1 and codes.count(429) == 3, codes  # one ran to the limit, three were refused
    refused = next(a for a in abusive_answers if a.status_code == 429)
    assert refused.headers["Retry-After"] and "already has 1 query running" in refused.get_data(as_text=True)


def test_the_share_is_half_the_workers(make_app):
    app = make_app(SPARQL_WORKERS=4)
    assert app.extensions["sparql_share"].limit == 2


def test_a_query_over_the_memory_cap_is_a_clear_422_and_the_worker_is_replaced(make_app):
    app = make_app(SPARQL_MEMORY_MB=700, SPARQL_TIMEOUT_S=60)
    assert _ask(app, QUICK, "10.0.0.1").status_code == 200
    response = _ask(app, HUNGRY, "10.0.0.1")
    assert response.status_code == 422, response.get_data(as_text=True)  # the query's fault
    assert "more memory than the 700 MB" in response.get_data(as_text=True)
    assert _ask(app, QUICK, "10.0.0.1").status_code == 200


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 200, 1000, 5000])
@pytest.mark.parametrize("brackets", ["{}", "()", "[]"])
def test_deep_nesting_is_a_400_before_the_engine(make_app, depth, brackets):
    app = make_app()
    inner = {
        "{}": "SELECT * WHERE " + "{" * depth + "}" * depth,
        "()": "SELECT (" + "(" * depth + "1" + ")" * depth + " AS ?x) {}",
        "[]": "SELECT * { ?s <urn:p> " + "[?p " * depth + "1" + "]" * depth + " }",
    }[brackets]
    response = app.test_client().post("/sparql", data=inner, content_type="application/sparql-query")
    assert response.status_code == 400
    assert f"more than {MAX_DEPTH} deep" in response.get_data(as_text=True)
    pool = app.extensions["sparql_pool"]
    assert pool is None  # refused before any worker was started


def test_nesting_up_to_the_limit_still_runs(make_app):
    app = make_app()
    query = "SELECT * WHERE " + "{" * MAX_DEPTH + "}" * MAX_DEPTH
    assert app.test_client().post("/sparql", data={"query": query}).status_code == 200


def test_another_visitor_is_answered_while_a_hostile_64kb_query_is_read(built):
    hostile = "PREFIX" + " " * (64 * 1024 - 7)
    with app_server(built) as url:
        requests.get(url + "/", timeout=30)
        started = threading.Event()
        results = {}

        def attack():
            started.set()
            results["hostile"] = requests.post(
                url + "/sparql", data=hostile.encode(), timeout=60, headers={"Content-Type": "application/sparql-query"}
            )

        thread = threading.Thread(target=attack)
        thread.start()
        started.wait()
        start = time.monotonic()
        page = requests.get(url + "/", timeout=30)
        elapsed = time.monotonic() - start
        thread.join()
    assert page.status_code == 200
    assert elapsed < 4.0, elapsed  # was ~7 s when the quadratic check held the interpreter
    assert results["hostile"].status_code == 400


CAP_PROBE = """
import mmap, sys
from graph_app.sparql.worker import limit_memory
held = mmap.mmap(-1, 600 * 1024 * 1024)  # address space the worker already holds, like the store's at rest
limit_memory(200)
small = bytearray(100 * 1024 * 1024)  # within the 200 MB a query may add: allowed
try:
    big = bytearray(300 * 1024 * 1024)
except MemoryError:
    sys.exit(0)
sys.exit(3)
"""


def test_the_memory_cap_counts_from_what_the_worker_holds_at_rest():
    """A fixed cap would refuse ordinary queries on a machine whose store starts big (many cores): the cap
    is what the worker holds once the store is open, plus the setting."""
    finished = subprocess.run([sys.executable, "-c", CAP_PROBE], capture_output=True, text=True, timeout=60)
    assert finished.returncode == 0, finished.stderr
