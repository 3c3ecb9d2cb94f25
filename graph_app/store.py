"""One small interface over the graph, with two implementations the views never tell apart:
the embedded on-disk pyoxigraph store (the default) and any SPARQL 1.1 Protocol endpoint
(GRAPH_APP_SPARQL_URL), such as an `oxigraph serve` process."""

from __future__ import annotations

import csv
import io
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

import pyoxigraph as ox
import requests

from .binding import Term
from .config import Settings
from .layout import Layout
from .store_dialects import STANDARD, VIRTUOSO, Dialect, dialect_for, virtuoso_push_help

Row = dict[str, Term]

# the store's own two queries are read from queries/store/ (the store sits below the query library)
_OWN_QUERIES = Path(__file__).resolve().parent.parent / "queries" / "store"
BUILD_ID_QUERY = (_OWN_QUERIES / "build_id.rq").read_text(encoding="utf-8")
TRIPLE_COUNT_QUERY = (_OWN_QUERIES / "triple_count.rq").read_text(encoding="utf-8")
VERSION_CACHE_SECONDS = 2.0


# pauses before trying a quickly failed remote request again, and what counts as quick
RETRY_PAUSES_S = (0.05, 0.25)
QUICK_FAILURE_S = 1.0


class StoreError(RuntimeError):
    """The store is missing, unreachable or refused a query."""


class StoreUnavailable(StoreError):
    """The remote endpoint did not answer, or failed on its side (5xx) even when asked again: a 503 to a
    visitor, not a 500, since trying again later can work."""


class GraphStore(ABC):
    """Read access to the built graph. Parameters are bound as RDF terms (see binding.py)."""

    def __init__(self) -> None:
        self._version: tuple[float, str] | None = None
        self._version_lock = threading.Lock()

    @property
    def dialect(self) -> Dialect:
        """How the engine differs from the standard (store_dialects.py); the embedded store does not."""
        return STANDARD

    def select(self, query: str, bindings: Mapping[str, Term] | None = None) -> list[Row]:
        dialect = self.dialect
        solutions = self._select(dialect.bind(query, bindings))
        variables = [v.value for v in solutions.variables]
        if dialect is STANDARD:  # terms as they come: a page's rows without a call per value (~half its cost)
            return [
                {name: value for name, value in zip(variables, solution, strict=True) if value is not None}
                for solution in solutions
            ]
        booleans, concatenated = dialect.boolean_variables(query), dialect.concatenated_variables(query)
        rows = []
        for solution in solutions:
            row = {}
            for name in variables:
                value = solution[name]
                if value is not None and not (name in concatenated and value.value == ""):
                    row[name] = dialect.term(value, name in booleans)
            rows.append(row)
        return rows

    def select_table(self, query: str, bindings: Mapping[str, Term] | None = None) -> list[list[str]]:
        """A SELECT's rows as plain strings (IRIs and literal values without tags; "" when unbound), for
        bulk reads of hundreds of thousands of rows: CSV is decoded in C, ten times faster than `select`."""
        lines = io.StringIO(self._select_csv(self.dialect.bind(query, bindings)).decode("utf-8"), newline="")
        rows = csv.reader(lines)
        next(rows, None)  # the header
        return list(rows)

    def ask(self, query: str, bindings: Mapping[str, Term] | None = None) -> bool:
        return self._ask(self.dialect.bind(query, bindings))

    def construct(self, query: str, bindings: Mapping[str, Term] | None = None) -> list[ox.Triple]:
        dialect = self.dialect
        triples = self._construct(dialect.bind(query, bindings))
        if dialect is STANDARD:
            return list(triples)
        return [
            ox.Triple(t.subject, t.predicate, dialect.term(t.object)) if isinstance(t.object, ox.Literal) else t
            for t in triples
        ]

    def triple_count(self) -> int:
        rows = self.select(TRIPLE_COUNT_QUERY)
        return int(rows[0]["n"].value)

    def version(self) -> str:
        """The id of the build being served; caches hold per version so a rebuild invalidates them."""
        now = time.monotonic()
        with self._version_lock:
            if self._version and now - self._version[0] < VERSION_CACHE_SECONDS:
                return self._version[1]
        rows = self.select(BUILD_ID_QUERY)
        value = rows[0]["id"].value if rows else "unbuilt"
        with self._version_lock:
            self._version = (now, value)
        return value

    @abstractmethod
    def _select(self, query: str) -> ox.QuerySolutions: ...

    def _select_csv(self, query: str) -> bytes:
        data = self._select(query).serialize(format=ox.QueryResultsFormat.CSV)
        if data is None:  # serialize() returns None only when given an output file, never here
            raise RuntimeError("oxigraph returned no CSV")
        return data

    @abstractmethod
    def _ask(self, query: str) -> bool: ...

    @abstractmethod
    def _construct(self, query: str) -> Iterable[ox.Triple]: ...

    def close(self) -> None:  # noqa: B027 - optional hook
        pass


class EmbeddedStore(GraphStore):
    """The built pyoxigraph store on disk, opened read-only (several processes may share it)."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        if not Path(path).is_dir():
            raise StoreError(f"no store at {path}: run 'graph-app build' first")
        self.path = Path(path)
        self._store = ox.Store.read_only(str(path))

    def _select(self, query: str) -> ox.QuerySolutions:
        result = self._run(query)
        if not isinstance(result, ox.QuerySolutions):
            raise StoreError("expected a SELECT query")
        return result

    def _ask(self, query: str) -> bool:
        result = self._run(query)
        if not isinstance(result, ox.QueryBoolean):
            raise StoreError("expected an ASK query")
        return bool(result)

    def _construct(self, query: str) -> Iterable[ox.Triple]:
        result = self._run(query)
        if not isinstance(result, ox.QueryTriples):
            raise StoreError("expected a CONSTRUCT or DESCRIBE query")
        return result

    def _run(self, query: str):  # pyoxigraph's result union
        try:
            return self._store.query(query)
        except SyntaxError as error:
            raise StoreError(f"SPARQL syntax error: {error}") from error

    @property
    def pyoxigraph_store(self) -> ox.Store:
        """The underlying store, for bulk streaming (dumps) that a query would make slow."""
        return self._store

    def dump(self, output: Path, fmt: ox.RdfFormat = ox.RdfFormat.N_TRIPLES) -> None:
        self._store.dump(str(output), format=fmt, from_graph=ox.DefaultGraph())


class RemoteStore(GraphStore):
    """A SPARQL 1.1 Protocol endpoint (queries sent as POSTed forms)."""

    def __init__(self, query_url: str, timeout_s: float = 30.0) -> None:
        super().__init__()
        self.query_url = query_url
        self.timeout_s = timeout_s
        self._local = threading.local()  # one HTTP session (keep-alive pool) per thread
        self._dialect: Dialect | None = None

    @property
    def dialect(self) -> Dialect:
        """Known from the Server header of the endpoint's first answer, or of a HEAD request when no query has
        been answered yet (a HEAD, not a query: the engine runs nothing, and a failing endpoint is not asked
        a query more often than the retry rule allows)."""
        if self._dialect is None:
            try:
                head = self._session.head(self.query_url, timeout=self.timeout_s)
            except requests.RequestException:
                return STANDARD  # unreachable now: the query that follows says so, and the next one asks again
            self._dialect = dialect_for(head.headers.get("Server", ""))
        return self._dialect

    @property
    def _session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = requests.Session()
        return session

    def _post(self, query: str, accept: str) -> bytes:
        # A busy endpoint sometimes fails a request at once (oxigraph under load answers 500 "Resource
        # temporarily unavailable"; a restarting one refuses the connection). Such a quick failure is tried
        # again after a short pause; a slow one (a query that ran out of time) is not: it would cost as much again.
        for pause in (*RETRY_PAUSES_S, None):
            started = time.monotonic()
            try:
                response = self._session.post(
                    self.query_url, data={"query": query}, headers={"Accept": accept}, timeout=self.timeout_s
                )
            except requests.ConnectionError as error:
                failure: StoreError = StoreUnavailable(f"SPARQL endpoint {self.query_url} unreachable: {error}")
            except requests.RequestException as error:
                raise StoreUnavailable(f"SPARQL endpoint {self.query_url} unreachable: {error}") from error
            else:
                if self._dialect is None:
                    self._dialect = dialect_for(response.headers.get("Server", ""))
                if response.status_code == 200:
                    return response.content
                text = f"SPARQL endpoint {self.query_url} answered {response.status_code}: {response.text[:500]}"
                if response.status_code < 500:
                    raise StoreError(text)
                failure = StoreUnavailable(text)
            if pause is None or time.monotonic() - started > QUICK_FAILURE_S:
                raise failure
            time.sleep(pause)
        raise AssertionError("unreachable")

    def _select(self, query: str) -> ox.QuerySolutions:
        body = self._post(query, "application/sparql-results+json")
        result = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        if not isinstance(result, ox.QuerySolutions):
            raise StoreError("expected a SELECT query")
        return result

    def _select_csv(self, query: str) -> bytes:
        return self._post(query, "text/csv")

    def _ask(self, query: str) -> bool:
        body = self._post(query, "application/sparql-results+json")
        return bool(ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON))

    def _construct(self, query: str) -> Iterable[ox.Triple]:
        body = self._post(query, "application/n-triples")
        return [q.triple for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)]

    def construct_stream(self, query: str, media_type: str, chunk_size: int = 1 << 16) -> Iterator[bytes]:
        """A CONSTRUCT's result as the endpoint serialises it (media_type: N-Triples, Turtle, JSON-LD...),
        chunk by chunk as it arrives, so a dump of any size passes through in bounded memory. The request
        is made, and a refusal or an answer in another format raised as StoreError, before this returns,
        so a web view can still answer with an error status instead of a broken download. From Virtuoso
        only N-Triples is taken as it comes (its JSON-LD drops language tags: "Medway"@en comes back as
        "Medway"): other formats are serialised here from its N-Triples, chunk by chunk."""
        ntriples = "application/n-triples"
        if media_type != ntriples and self.dialect.serialise_here:
            from .exporters.reserialise import ntriples_as  # above the store layer: imported only when used

            fmt = ox.RdfFormat.from_media_type(media_type)
            if fmt is None:
                raise StoreError(f"no RDF format is known for {media_type}")
            return ntriples_as(self.construct_stream(query, ntriples, chunk_size), fmt, None)
        try:
            response = self._session.post(
                self.query_url,
                data={"query": query},
                headers={"Accept": media_type},
                timeout=self.timeout_s,
                stream=True,
            )
        except requests.RequestException as error:
            raise StoreError(f"SPARQL endpoint {self.query_url} unreachable: {error}") from error
        answered = response.headers.get("Content-Type", "").split(";")[0].strip()
        if response.status_code != 200 or answered != media_type:
            text = response.text[:300] if response.status_code != 200 else f"sent {answered or 'no type'}"
            response.close()
            raise StoreError(
                f"SPARQL endpoint {self.query_url} answered {response.status_code} for a {media_type} CONSTRUCT: {text}"
            )

        def chunks() -> Iterator[bytes]:
            with response:
                yield from response.iter_content(chunk_size)

        return chunks()

    def replace_graph(self, ntriples_file: Path, store_url: str | None = None) -> None:
        """Replace the endpoint's default graph with a file (SPARQL 1.1 Graph Store Protocol PUT). Virtuoso
        is loaded otherwise: its StoreError says how."""
        if store_url is None and self.dialect is VIRTUOSO:
            raise StoreError(virtuoso_push_help(self.query_url))
        url = store_url or default_graph_store_url(self.query_url)
        try:
            with open(ntriples_file, "rb") as body:
                response = self._session.put(
                    url,
                    params={"default": ""},
                    data=body,
                    headers={"Content-Type": "application/n-triples"},
                    timeout=max(self.timeout_s, 600),
                )
        except requests.RequestException as error:
            raise StoreUnavailable(f"graph store {url} unreachable: {error}") from error
        if response.status_code not in (200, 201, 204):
            raise StoreError(f"graph store {url} answered {response.status_code}: {response.text[:500]}")


def default_graph_store_url(query_url: str) -> str:
    """Oxigraph serves queries at /query and the Graph Store Protocol at /store."""
    return query_url.removesuffix("/query").removesuffix("/sparql") + "/store"


def open_store(settings: Settings) -> GraphStore:
    """The store the settings name: the remote endpoint if one is set, else the current build."""
    if settings.sparql_url:
        return RemoteStore(settings.sparql_url)
    current = Layout(settings.data_dir).current()
    if current is None:
        raise StoreError(f"no built store in {settings.data_dir}: run 'graph-app build' first")
    return EmbeddedStore(current.store_path)
