"""Hostile input in every URL parameter and form field of every route, against the real app over the real
built store: each answer is a 4xx or a page, never a 5xx or a traceback, markup comes back escaped, and the
store (triple count, manifest, builds) is exactly as before. Routes and parameters are enumerated from
app.url_map and the views' own source, so a new route or parameter is covered without editing this file."""

from __future__ import annotations

import inspect
import os
import re
import sys
from urllib.parse import quote

import pytest
from hostile_payloads import ALL, IRI_BREAKERS, MARKUP, MUST_BE_ESCAPED, QUICK, SPARQL_INJECTION

from graph_app.layout import Layout
from graph_app.store import EmbeddedStore

# a value that works for each path parameter, so query-string payloads reach the view's own checks
GOOD_PATH_VALUES = {
    "kind": "need",
    "slug": "autism",
    "name": "coverage-matrix",
    "council": "medway",
    "section": "support",
    "number": "1",
    "part": "1",
    "record_id": "x",
    "filename": "site.css",
    "ext": "ttl",
}
ARG_NAME = re.compile(
    r"""(?:args|form|values)\.(?:get|getlist|get_all)\(\s*["']([A-Za-z_][\w-]*)["']"""
    r"""|(?:args|form)\[\s*["']([A-Za-z_][\w-]*)["']\]"""
)
# names the views read through a variable (gap analysis parameters, protocol arguments)
INDIRECT_NAMES = {
    "area",
    "council",
    "need",
    "age",
    "kind",
    "heading",
    "default-graph-uri",
    "named-graph-uri",
    "update",
    "query",
    "page",
    "limit",
    "per_page",
    "sort",
    "order",
}
SWEEP = ALL if os.environ.get("HOSTILE_FULL") else QUICK
ONE_AT_A_TIME = [SPARQL_INJECTION[1], IRI_BREAKERS[6], MARKUP[1], IRI_BREAKERS[4]][: 4 if SWEEP is ALL else 2]
TRACEBACK = re.compile(r"Traceback \(most recent call last\)|File \"/|werkzeug\.debug|\bline \d+, in ")


def store_state(settings) -> dict:
    layout = Layout(settings.data_dir)
    current = layout.current()
    store = EmbeddedStore(current.store_path)
    try:
        count = store.triple_count()
    finally:
        store.close()
    return {
        "current": current.build_id,
        "manifest": current.manifest_path.read_text(encoding="utf-8"),
        "builds": sorted(p.name for p in layout.builds.iterdir()),
        "triples": count,
        "search": current.search_path.stat().st_size,
    }


@pytest.fixture(scope="module")
def hostile_app(built, make_module_app):
    """The app as deployed (TESTING off), so an exception becomes the 500 page this test must never see."""
    return make_module_app(built, TESTING=False, SPARQL_RATE=(100_000, 1.0), SPARQL_TIMEOUT_S=2)


def names_read_by(view, indirect: bool = True) -> set[str]:
    """Request argument names a view's module reads (literal names in .get("...") and ["..."])."""
    module = sys.modules[view.__module__]
    found = {a or b for a, b in ARG_NAME.findall(inspect.getsource(module))}
    return found | INDIRECT_NAMES if indirect else found


def fill(rule: str, value: str | None) -> str:
    """The rule's path with every <parameter> set to `value` (or a good value when None), URL-quoted."""

    def one(match: re.Match) -> str:
        converter, _, name = match.group(1).rpartition(":")
        good = "1" if converter == "int" else GOOD_PATH_VALUES.get(name, "x")
        return quote(value if value is not None else good, safe="")

    return re.sub(r"<([^>]+)>", one, rule)


class Tally:
    def __init__(self) -> None:
        self.requests = 0
        self.problems: list[str] = []

    def check(self, response, where: str, payload: str) -> None:
        self.requests += 1
        body = response.get_data().decode("utf-8", "replace")  # a ZIP download is bytes, not text
        if response.status_code >= 500:
            self.problems.append(f"{response.status_code} at {where} with {payload[:60]!r}")
        if TRACEBACK.search(body):
            self.problems.append(f"traceback at {where} with {payload[:60]!r}")
        if response.mimetype == "text/html":
            for raw in MUST_BE_ESCAPED:
                if raw in payload and raw in body:
                    self.problems.append(f"unescaped markup at {where}")


def get_rules(app):
    return [r for r in app.url_map.iter_rules() if "GET" in r.methods and r.endpoint != "static"]


def test_every_url_parameter_of_every_route(hostile_app, built, record_property):
    before = store_state(built)
    client = hostile_app.test_client()
    tally = Tally()
    rules = get_rules(hostile_app)
    for rule in rules:
        view = hostile_app.view_functions[rule.endpoint]
        names = sorted(names_read_by(view))
        for payload in SWEEP:
            if rule.arguments:  # every path parameter at once
                path = fill(rule.rule, payload)
                tally.check(client.get(path), path, payload)
            # every argument the view reads, at once, on a path that is otherwise good
            good = fill(rule.rule, None)
            tally.check(client.get(good, query_string={n: payload for n in names}), good, payload)
        # and one argument at a time (so an early check on another argument cannot hide a later one)
        for payload in ONE_AT_A_TIME:
            for name in sorted(names_read_by(view, indirect=False)):
                good = fill(rule.rule, None)
                tally.check(client.get(good, query_string={name: payload}), f"{good}?{name}=", payload)
    record_property("hostile_requests", tally.requests)
    print(f"\n{tally.requests} hostile GET requests over {len(rules)} routes")
    assert tally.problems == []
    assert store_state(built) == before


@pytest.mark.parametrize(
    "raw",
    [
        "/static/../graph_app/config.py",
        "/static/..%2f..%2fpyproject.toml",
        "/dumps/..%2F..%2Fbuilds",
        "/dumps/../../pyproject.toml",
        "/static/%2e%2e/%2e%2e/pyproject.toml",
        "/id/need/..%2F..%2Fetc",
    ],
)
def test_path_traversal_reads_nothing(hostile_app, raw):
    response = hostile_app.test_client().get(raw)
    assert response.status_code in (400, 404)
    body = response.get_data(as_text=True)
    assert "[project]" not in body and "GRAPH_APP" not in body


def csrf_token_for(client) -> str:
    """The form token from a page with a form. Fails the test (never returns nothing) if the pattern stops
    matching, so the token-bearing half of the sweep cannot silently vanish."""
    for path in ("/area", "/"):
        html = client.get(path).get_data(as_text=True)
        found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"', html)
        if found:
            return found.group(1) or found.group(2)
    pytest.fail("no csrf_token field found on /area or /: the hostile sweep would send no token-bearing requests")


def test_every_form_field_of_every_post_route(hostile_app, built, record_property):
    """Every POST route gets every payload in every field it reads, with and without a CSRF token."""
    before = store_state(built)
    client = hostile_app.test_client()
    token = csrf_token_for(client)
    tally = Tally()
    posts = [r for r in hostile_app.url_map.iter_rules() if "POST" in r.methods]
    with_token = 0
    for rule in posts:
        names = sorted(names_read_by(hostile_app.view_functions[rule.endpoint]) | {"text", "message", "name"})
        path = fill(rule.rule, None)
        for payload in SWEEP:
            form = {n: payload for n in names}
            tally.check(client.post(path, data=form), path, payload)  # no token: refused by CSRF
            tally.check(client.post(path, data={**form, "csrf_token": token}), path + " (token)", payload)
            with_token += 1
    assert posts and with_token == len(posts) * len(SWEEP)  # half the sweep carried a real token
    record_property("hostile_posts", tally.requests)
    print(f"\n{tally.requests} hostile POST requests over {len(posts)} routes")
    assert tally.problems == []
    assert store_state(built) == before


def test_oversized_bodies_are_refused(hostile_app, built):
    before = store_state(built)
    client = hostile_app.test_client()
    big = "x" * (2 * 1024 * 1024)
    for rule in [r for r in hostile_app.url_map.iter_rules() if "POST" in r.methods]:
        response = client.post(fill(rule.rule, None), data={"query": big, "text": big})
        assert response.status_code in (400, 403, 404, 413), rule.rule  # 404: no such record to change
    response = client.post(
        "/sparql", data="SELECT * WHERE { ?s ?p ?o } #" + "x" * 100_000, content_type="application/sparql-query"
    )
    assert response.status_code == 413
    assert "larger than" in response.get_data(as_text=True)
    assert store_state(built) == before


EXPENSIVE = {
    "cross product": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
    "unbounded path": "SELECT (COUNT(*) AS ?n) WHERE { ?s (<urn:x:p>|!<urn:x:p>)* ?o . ?o ?p ?x }",
    "regex over all literals": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o . ?t ?q ?u "
    'FILTER(regex(concat(str(?o), str(?u)), "(a|aa)+$")) }',
    "huge values": "SELECT * WHERE { VALUES ?x { " + " ".join(f'"{i}"' for i in range(5000)) + " } ?s ?p ?x }",
}


@pytest.mark.slow
@pytest.mark.parametrize("name", list(EXPENSIVE))
def test_expensive_sparql_is_stopped_with_a_clear_message(hostile_app, built, name):
    before = store_state(built)
    response = hostile_app.test_client().get(
        "/sparql", query_string={"query": EXPENSIVE[name]}, headers={"Accept": "application/sparql-results+json"}
    )
    assert response.status_code < 500
    if response.status_code != 200:
        assert "limit" in response.get_data(as_text=True)
    again = hostile_app.test_client().get(
        "/sparql", query_string={"query": "ASK { ?s ?p ?o }"}, headers={"Accept": "application/sparql-results+json"}
    )
    assert again.status_code == 200
    assert store_state(built) == before
