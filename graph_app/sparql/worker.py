"""A query worker: a separate process that owns its own read-only handle on the store, so a query that
runs past the time limit can be stopped by killing the process (pyoxigraph's Python API has no timeout,
oxigraph issue 1926)."""

from __future__ import annotations

import ctypes
import itertools
import resource
from multiprocessing.connection import Connection
from pathlib import Path

import pyoxigraph as ox

from . import formats
from .memory import MEMORY_STATUS, memory_message

_M_ARENA_MAX = -8  # mallopt's parameter number, from glibc's malloc.h


def limit_memory(memory_mb: int | None) -> None:
    """Cap this process's address space at what it holds now plus `memory_mb`, so one query cannot take the
    machine's memory (issue 12). Measured from here rather than absolute: the store's threads and mappings at
    rest grow with the machine's cores (435 MB on 2 cores), and a fixed cap would refuse ordinary queries on a
    bigger machine."""
    if memory_mb:
        _few_malloc_arenas()
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        cap = _address_space_now() + memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap if hard == resource.RLIM_INFINITY else min(cap, hard), hard))


def _address_space_now() -> int:
    """This process's virtual size in bytes (VmSize), read from /proc."""
    for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) * 1024
    return 0


def _few_malloc_arenas() -> None:
    """At most two glibc malloc arenas: each further thread's arena reserves 64 MB of address space that it
    never uses, which would spend the query's budget on the number of cores."""
    try:
        ctypes.CDLL(None).mallopt(_M_ARENA_MAX, 2)
    except (OSError, AttributeError):  # not glibc: nothing to tune
        pass


def serve(conn: Connection, store_path: str, memory_mb: int | None = None) -> None:
    """Answer requests from the pipe until it closes."""
    store = ox.Store.read_only(store_path)
    limit_memory(memory_mb)  # after opening the store: its caches are part of the budget, not the start-up
    while True:
        try:
            request = conn.recv()
        except EOFError:
            return
        try:
            conn.send(("ok", *answer(store, request)))
        except MemoryError:
            conn.send(("fatal", MEMORY_STATUS, memory_message(memory_mb or 0)))
            return
        except SyntaxError as error:
            conn.send(("error", 400, f"SPARQL syntax error: {error}"))
        except formats.NotAcceptable as error:
            conn.send(("error", 406, error.message))
        except Exception as error:  # a bad query must never take the worker down silently
            conn.send(("error", 400, f"The query could not be run: {error}"))


def answer(store: ox.Store, request: dict) -> tuple[str, bytes, bool, int]:
    """(content type, body, truncated, rows) for one query."""
    options: dict = {"base_iri": request.get("base_iri")}  # relative IRIs resolve against the endpoint
    if request["default_graphs"] or request["named_graphs"]:
        # a protocol dataset replaces the store's: named graphs alone leave an empty default graph (SPARQL 1.1
        # Query 13.2, as FROM NAMED without FROM does)
        options["default_graph"] = [ox.NamedNode(g) for g in request["default_graphs"]]
    if request["named_graphs"]:
        options["named_graphs"] = [ox.NamedNode(g) for g in request["named_graphs"]]
    result = store.query(request["query"], **options)
    cap = request["row_cap"]
    if isinstance(result, ox.QueryBoolean):
        key = formats.choose("boolean", request["accept"], request["format"])
        return formats.content_type("boolean", key), formats.boolean(bool(result), key), False, 1
    if isinstance(result, ox.QuerySolutions):
        key = formats.choose("tabular", request["accept"], request["format"])
        variables = [v.value for v in result.variables]
        rows = [tuple(solution[v] for v in variables) for solution in itertools.islice(result, cap + 1)]
        truncated = len(rows) > cap
        rows = rows[:cap]
        return formats.content_type("tabular", key), formats.solutions(variables, rows, key), truncated, len(rows)
    key = formats.choose("graph", request["accept"], request["format"])
    items = list(itertools.islice(result, cap + 1))
    truncated = len(items) > cap
    items = items[:cap]
    return formats.content_type("graph", key), formats.triples(items, key), truncated, len(items)


def serve_remote(conn: Connection, query_url: str, memory_mb: int | None = None) -> None:
    """The same, forwarding to a remote SPARQL endpoint (whose own time limit should also be set,
    e.g. `oxigraph serve-read-only --timeout-s`): killing this process stops the wait, not the server."""
    import requests

    session = requests.Session()
    limit_memory(memory_mb)
    while True:
        try:
            request = conn.recv()
        except EOFError:
            return
        try:
            response = session.post(
                query_url,
                data={
                    "query": request["query"],
                    "default-graph-uri": list(request["default_graphs"]),
                    "named-graph-uri": list(request["named_graphs"]),
                },
                headers={"Accept": "application/sparql-results+json, application/n-triples;q=0.9"},
            )
            if response.status_code != 200:
                conn.send(("error", 400 if response.status_code < 500 else 502, response.text[:500]))
                continue
            kind = response.headers.get("Content-Type", "").split(";")[0]
            memory = ox.Store()
            if kind == "application/n-triples":
                memory.load(response.content, format=ox.RdfFormat.N_TRIPLES)
                result_query = "CONSTRUCT WHERE { ?s ?p ?o }"
            else:
                parsed = ox.parse_query_results(response.content, format=ox.QueryResultsFormat.JSON)
                if isinstance(parsed, ox.QueryBoolean):
                    result_query = "ASK {}" if bool(parsed) else "ASK { FILTER(false) }"
                else:
                    variables = [v.value for v in parsed.variables]
                    rows = [tuple(s[v] for v in variables) for s in parsed]
                    conn.send(("ok", *_remote_rows(variables, rows, request)))
                    continue
            conn.send(
                ("ok", *answer(memory, {**request, "query": result_query, "default_graphs": (), "named_graphs": ()}))
            )
        except formats.NotAcceptable as error:
            conn.send(("error", 406, error.message))
        except MemoryError:
            conn.send(("fatal", MEMORY_STATUS, memory_message(memory_mb or 0)))
            return
        except Exception as error:
            conn.send(("error", 502, f"The SPARQL server could not answer: {error}"))


def _remote_rows(variables: list[str], rows: list, request: dict) -> tuple[str, bytes, bool, int]:
    key = formats.choose("tabular", request["accept"], request["format"])
    cap = request["row_cap"]
    truncated = len(rows) > cap
    rows = rows[:cap]
    return formats.content_type("tabular", key), formats.solutions(variables, rows, key), truncated, len(rows)
