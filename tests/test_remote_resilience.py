"""A busy or failing SPARQL endpoint: a quick 5xx or refused connection is asked again (oxigraph under
load answers 500 "Resource temporarily unavailable" now and then), a slow failure or a 4xx is not, and a
visitor gets a 503 with Retry-After, never a 500, when the store stays unavailable. The endpoint here is a
real HTTP server on loopback that fails on purpose; the client under test is the app's own."""

from __future__ import annotations

import json
import threading
import time
from contextlib import contextmanager
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

import graph_app.store
from graph_app.store import RemoteStore, StoreError, StoreUnavailable

ONE_ROW = json.dumps({"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal", "value": "ok"}}]}})


@contextmanager
def endpoint(answers: list[tuple[int, float]]):
    """Answers each POST with the next (status, delay) of `answers`, then the last one for ever; yields the
    query URL and the list of requests seen."""
    seen: list[float] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # the http.server hook name
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            status, delay = answers[min(len(seen), len(answers) - 1)]
            seen.append(time.monotonic())
            time.sleep(delay)
            body = (ONE_ROW if status == 200 else "Resource temporarily unavailable (os error 11)").encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/sparql-results+json" if status == 200 else "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/query", seen
    finally:
        server.shutdown()
        server.server_close()


def test_a_quick_server_error_is_asked_again_and_then_answers():
    with endpoint([(500, 0), (503, 0), (200, 0)]) as (url, seen):
        rows = RemoteStore(url).select("SELECT ?x WHERE {}")
    assert [row["x"].value for row in rows] == ["ok"]
    assert len(seen) == 3


def test_an_endpoint_failing_every_time_is_unavailable_after_three_tries():
    with endpoint([(500, 0)]) as (url, seen), pytest.raises(StoreUnavailable, match="answered 500"):
        RemoteStore(url).select("SELECT ?x WHERE {}")
    assert len(seen) == 3


def test_a_refused_query_is_not_asked_again():
    with endpoint([(400, 0), (200, 0)]) as (url, seen), pytest.raises(StoreError, match="answered 400") as error:
        RemoteStore(url).select("SELECT ?x WHERE {}")
    assert not isinstance(error.value, StoreUnavailable)
    assert len(seen) == 1


def test_a_slow_failure_is_not_asked_again(monkeypatch):
    monkeypatch.setattr(graph_app.store, "QUICK_FAILURE_S", 0.1)
    with endpoint([(500, 0.3), (200, 0)]) as (url, seen), pytest.raises(StoreUnavailable):
        RemoteStore(url).select("SELECT ?x WHERE {}")
    assert len(seen) == 1


def test_a_nobody_listening_endpoint_is_unavailable():
    with endpoint([(200, 0)]) as (url, _seen):
        pass  # the server is closed again: its port refuses connections
    with pytest.raises(StoreUnavailable, match="unreachable"):
        RemoteStore(url).select("SELECT ?x WHERE {}")


def test_visitors_get_a_503_with_retry_after_when_the_store_stays_unavailable(built, make_app):
    with endpoint([(500, 0)]) as (url, _seen):
        app = make_app(replace(built, sparql_url=url), PAGE_CACHE_BYTES=0)
        client = app.test_client()
        page = client.get("/id/need/autism")
        twin = client.get("/id/need/autism.json")
    assert page.status_code == 503 and int(page.headers["Retry-After"]) > 0
    text = page.get_data(as_text=True)
    assert "not available just now" in text and "os error" not in text and "Traceback" not in text
    assert twin.status_code == 503 and twin.get_json()["status"] == 503
