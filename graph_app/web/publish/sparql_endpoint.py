"""/sparql: the read-only SPARQL 1.1 Protocol endpoint, its service description and the query editor."""

from __future__ import annotations

import json
import re

import pyoxigraph as ox
from flask import Blueprint, Flask, Response, current_app, render_template, request

from ...layout import Layout
from ...namespaces import PREFIXES
from ...sparql import accept, formats
from ...sparql.executor import QueryBusy, QueryFailed, QueryTimeout, WorkerPool
from ...sparql.guard import ClientShare, RateLimiter, refuse_deep_nesting, refuse_federation
from ...sparql.protocol import ProtocolError, QueryOperation, parse_operation
from ...sparql.scan import MAX_DEPTH, scan
from ..core.graph import get_graph
from ..core.i18n import N_, translate, translate_plural
from .sparql_errors import explain

sparql = Blueprint("sparql", __name__)

DEFAULTS = {
    "SPARQL_TIMEOUT_S": 10.0,  # a query still running then is stopped (its worker process is killed)
    "SPARQL_ROW_CAP": 10_000,  # rows or triples returned at most; more sets X-SPARQL-Truncated: true
    "SPARQL_MAX_BODY": 64 * 1024,  # bytes of request body accepted
    "SPARQL_RATE": (120, 60.0),  # queries per client per period in seconds
    "SPARQL_WORKERS": 2,  # GRAPH_APP_SPARQL_WORKERS: query worker processes (per web process)
    "SPARQL_MEMORY_MB": 1024,  # GRAPH_APP_SPARQL_MEMORY_MB: address space each query worker may use
}
# examples by the task a commissioner starts from, each selecting names (rdfs:label, skos:prefLabel) rather
# than bare web addresses; then the queries behind the gap analyses (their pages add the names)
EXAMPLE_TASKS = (
    (N_("Find services"), ("examples/find_services_for_a_need",)),
    (N_("Check provision"), ("examples/check_services_per_need",)),
    (N_("Keep records up to date"), ("examples/upkeep_oldest_reviews",)),
    (N_("Understand the vocabulary"), ("examples/vocabulary_needs", "examples/vocabulary_kinds")),
)
GAPS_TASK = N_("The queries behind the gap analyses (these show web addresses: the analysis pages add the names)")
# an engine's words for a query it could not read (Oxigraph: "error at 3:5: expected …"; others say "syntax")
_PARSE_ERROR = re.compile(r"syntax|error at \d+:\d+|parse|could not be read", re.IGNORECASE)


def init_app(app: Flask) -> None:
    settings = app.config.get("SETTINGS")
    for key, name in (("SPARQL_WORKERS", "sparql_workers"), ("SPARQL_MEMORY_MB", "sparql_memory_mb")):
        if getattr(settings, name, None) is not None:
            app.config.setdefault(key, getattr(settings, name))
    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    capacity, period = app.config["SPARQL_RATE"]
    app.extensions["sparql_limiter"] = RateLimiter(int(capacity), float(period))
    app.extensions["sparql_share"] = ClientShare(ClientShare.share_of(int(app.config["SPARQL_WORKERS"])))
    app.extensions["sparql_pool"] = None


def _pool() -> WorkerPool:
    """The worker pool for the store being served; rebuilt when a new build becomes current."""
    app = current_app
    settings = get_graph().settings
    if settings.sparql_url:
        target, remote = settings.sparql_url, True
    else:
        current = Layout(settings.data_dir).current()
        if current is None:
            raise QueryFailed(503, translate("No store has been built yet."))
        target, remote = str(current.store_path), False
    pool = app.extensions.get("sparql_pool")
    if pool is None or pool.target != target:
        if pool is not None:
            pool.close()
        pool = WorkerPool(
            target,
            remote,
            size=int(app.config["SPARQL_WORKERS"]),
            timeout_s=float(app.config["SPARQL_TIMEOUT_S"]),
            row_cap=int(app.config["SPARQL_ROW_CAP"]),
            memory_mb=int(app.config["SPARQL_MEMORY_MB"]),
        )
        app.extensions["sparql_pool"] = pool
    return pool


def _error(status: int, message: str, headers: dict | None = None) -> Response:
    response = Response(message + "\n", status=status, mimetype="text/plain")
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def _format_values() -> tuple[str, ...]:
    """`format=` values, then `output=` (Fuseki's name; SPARQLWrapper sends both, and repeats them), from the
    address or a POSTed form (where SPARQLWrapper puts them when it POSTs)."""
    sources = [request.args]
    if request.method == "POST" and request.mimetype == "application/x-www-form-urlencoded":
        sources.append(request.form)  # parsed from the body already read (and size-checked) by the view
    return tuple(v for name in ("format", "output") for source in sources for v in source.getlist(name) if v.strip())


def _wants_html() -> bool:
    """HTML (the editor) only when the client prefers it to every result format (SPARQL 1.1 Protocol 2.1;
    Fuseki and Oxigraph do the same): a browser does, `*/*` (curl) and SPARQL clients do not."""
    if request.args.get("view") == "html":  # the editor's own form
        return True
    if _format_values():  # a download link from the editor asks for a file
        return False
    ranges = accept.parse(request.headers.get("Accept"))
    html = accept.preference(ranges, "text/html")
    data = max(
        accept.preference(ranges, media).rank() for kind in ("tabular", "graph") for media in formats.media_types(kind)
    )
    return html.q > 0 and html.rank()[:2] > data[:2]


@sparql.route("/sparql", methods=["GET", "POST", "PUT", "DELETE", "PATCH"], strict_slashes=False)
@sparql.route("/sparql/", methods=["GET", "POST", "PUT", "DELETE", "PATCH"])
def endpoint() -> Response | tuple[str, int]:
    method = "GET" if request.method == "HEAD" else request.method  # HEAD: the same headers, no body (Werkzeug)
    if method not in ("GET", "POST"):
        return _error(
            405,
            translate("The SPARQL protocol uses GET or POST, not {method}.", method=method),
            {"Allow": "GET, HEAD, POST"},
        )
    limit = int(current_app.config["SPARQL_MAX_BODY"])
    if (request.content_length or 0) > limit:
        return _error(413, translate("The request body is larger than {limit} bytes.", limit=limit))
    if len(request.query_string) > limit:  # a GET query is request data too
        return _error(
            414, translate("The query string is longer than {limit} bytes: POST the query instead.", limit=limit)
        )
    body = request.get_data(cache=True)[: limit + 1]
    if len(body) > limit:
        return _error(413, translate("The request body is larger than {limit} bytes.", limit=limit))
    args = request.args.to_dict(flat=False)
    if method == "GET" and "query" not in args and "update" not in args:
        return editor() if _wants_html() else service_description()
    # the rate limit before any parsing: a client over its budget costs no more than this (issue 12)
    wait = current_app.extensions["sparql_limiter"].take(request.remote_addr or "unknown")
    if wait is not None:
        return _error(
            429,
            translate("Too many queries from your address: try again in {wait} seconds.", wait=wait),
            {"Retry-After": str(wait)},
        )
    html = _wants_html()
    try:
        operation = parse_operation(method, args, request.headers.get("Content-Type"), body)
        refuse_federation(operation.query)
        refuse_deep_nesting(operation.query)
    except ProtocolError as error:
        if html:
            sent = args.get("query") or request.form.getlist("query") or [""]  # GET, or a POSTed form
            return editor(query=sent[0], error=_refusal_in_words(sent[0], error), status=error.status)
        return _error(error.status, error.message)
    if html:
        return editor(query=operation.query, run=operation)
    return _run(operation, request.headers.get("Accept"), _format_values())


_WHERE = re.compile(r"line (\d+), column (\d+) \((.*)\)$")  # how sparql/scan.py says where: "line 1, column 9 ('x')"


def _refusal_in_words(query: str, error: ProtocolError) -> str:
    """The guards' commonest refusals in the reader's language for the editor's page (protocol clients get
    the guards' own English): SERVICE, brackets nested too deep, an empty query; anything else as it is."""
    shape = scan(query)

    def where(text: str) -> str:
        found = _WHERE.match(text)
        if found is None:
            return text
        return translate("line {line}, column {column} ({found})", line=found[1], column=found[2], found=found[3])

    if shape.service:
        return translate(
            "SERVICE (federated queries to other endpoints) is not allowed here: found at {where}. Prefix names "
            "containing 'service' are refused too, because the query engine can read them as the SERVICE keyword.",
            where=where(shape.service),
        )
    if shape.too_deep and not shape.unreadable:
        return translate(
            "The query nests brackets more than {depth} deep (at {where}): flatten it.",
            depth=MAX_DEPTH,
            where=where(shape.too_deep),
        )
    if not query.strip():
        return translate("The query is empty.")
    return error.message


def _run(operation: QueryOperation, accept_header: str | None, forced: tuple[str, ...]) -> Response:
    share: ClientShare = current_app.extensions["sparql_share"]
    client = request.remote_addr or "unknown"
    if not share.acquire(client):  # one address may not hold every worker (issue 12, item 8)
        return _error(
            429,
            translate_plural(
                "Your address already has {count} query running: wait for it to finish.",
                "Your address already has {count} queries running: wait for them to finish.",
                share.limit,
            ),
            {"Retry-After": "2"},
        )
    try:
        return _run_in_pool(operation, accept_header, forced)
    finally:
        share.release(client)


def _run_in_pool(operation: QueryOperation, accept_header: str | None, forced: tuple[str, ...]) -> Response:
    timeout = current_app.config["SPARQL_TIMEOUT_S"]
    try:
        answer = _pool().run(operation, accept_header, forced, base_iri=request.base_url.rstrip("/"))
    except QueryTimeout:  # the query's cost, not the server's health: a 4xx the client can act on
        return _error(
            422,
            translate(
                "The query ran longer than the {seconds} second limit and was stopped. "
                "Make it more specific or add a LIMIT.",
                seconds=f"{timeout:g}",
            ),
        )
    except QueryBusy:
        return _error(503, translate("All query workers are busy: try again shortly."), {"Retry-After": "2"})
    except QueryFailed as error:
        return _error(error.status, error.message)
    response = Response(answer.body, content_type=answer.content_type)
    response.headers["X-SPARQL-Truncated"] = "true" if answer.truncated else "false"
    response.headers["X-SPARQL-Rows"] = str(answer.rows)
    response.vary.add("Accept")
    return response


def service_description() -> Response:
    """The SPARQL 1.1 Service Description of this endpoint, in the requested RDF format."""
    try:
        key = formats.choose("graph", request.headers.get("Accept"), _format_values())
    except formats.NotAcceptable as error:
        return _error(406, error.message)
    url = request.base_url.rstrip("/")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    fmt = "http://www.w3.org/ns/formats/"
    service = ox.NamedNode(url)
    dataset = ox.BlankNode()
    graph = ox.BlankNode()
    a = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    triples = [
        ox.Triple(service, a, ox.NamedNode(sd + "Service")),
        ox.Triple(service, ox.NamedNode(sd + "endpoint"), service),
        ox.Triple(service, ox.NamedNode(sd + "supportedLanguage"), ox.NamedNode(sd + "SPARQL11Query")),
        # no sd:UnionDefaultGraph: the default graph is the store's own (the build holds no named graphs)
        ox.Triple(service, ox.NamedNode(sd + "defaultDataset"), dataset),
        ox.Triple(dataset, a, ox.NamedNode(sd + "Dataset")),
        ox.Triple(dataset, ox.NamedNode(sd + "defaultGraph"), graph),
        ox.Triple(graph, a, ox.NamedNode(sd + "Graph")),
        ox.Triple(
            service,
            ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#comment"),
            ox.Literal(
                "Read-only SPARQL 1.1 endpoint of the SE7 Local Offer. Updates and SERVICE are refused; queries are "
                f"stopped after {current_app.config['SPARQL_TIMEOUT_S']:g} s and results capped at "
                f"{current_app.config['SPARQL_ROW_CAP']} rows (header X-SPARQL-Truncated).",
                language="en",
            ),
        ),
    ]
    for name in (
        "SPARQL_Results_JSON",
        "SPARQL_Results_XML",
        "SPARQL_Results_CSV",
        "SPARQL_Results_TSV",
        "Turtle",
        "JSON-LD",
        "N-Triples",
        "RDF_XML",
    ):
        triples.append(ox.Triple(service, ox.NamedNode(sd + "resultFormat"), ox.NamedNode(fmt + name)))
    response = Response(formats.triples(triples, key), content_type=formats.content_type("graph", key))
    response.vary.add("Accept")
    return response


def editor(
    query: str = "", run: QueryOperation | None = None, error: str | None = None, status: int = 200
) -> tuple[str, int]:
    """The query editor: a plain form (works without JavaScript) with results as a table."""
    library = get_graph().library
    gap_queries = tuple(name for name in library.names() if name.startswith("gaps/") and name.count("/") == 1)
    tasks = [(title, [library.get(n) for n in names]) for title, names in (*EXAMPLE_TASKS, (GAPS_TASK, gap_queries))]
    chosen = request.args.get("example", "")
    if not query and chosen in [e.name for _, examples in tasks for e in examples]:
        query = library.get(chosen).text
    table = None
    if run is not None:
        # SPARQL JSON for a table or a yes/no, Turtle (shown as text) for CONSTRUCT and DESCRIBE
        response = _run(run, "application/sparql-results+json, text/turtle;q=0.9", ())
        if response.status_code != 200:
            error, status = response.get_data(as_text=True).strip(), response.status_code
        elif response.content_type.startswith("application/sparql-results+json"):
            table = _table(json.loads(response.get_data()), response.headers["X-SPARQL-Truncated"] == "true")
        else:
            table = {"graph": response.get_data(as_text=True)}
    explanation = explain(query, error) if status == 400 and error and _PARSE_ERROR.search(error) else None
    if not query:
        start = "".join(
            line + "\n"
            for line in library.get("navigate/editor_start").text.splitlines()
            if not line.startswith(("#+", "PREFIX"))
        )
        query = "\n".join(f"PREFIX {p}: <{iri}>" for p, iri in PREFIXES.items()) + "\n\n" + start
    html = render_template(
        "publish/sparql.html",
        title=translate("Query the Local Offer with SPARQL"),
        query=query,
        table=table,
        error=error,
        explanation=explanation,
        tasks=tasks,
        prefixes=PREFIXES,
        row_cap=current_app.config["SPARQL_ROW_CAP"],
        timeout=current_app.config["SPARQL_TIMEOUT_S"],
    )
    return html, status


def _table(results: dict, truncated: bool) -> dict:
    if "boolean" in results:
        return {"boolean": results["boolean"]}
    variables = results["head"]["vars"]
    rows = [[row.get(v, {}).get("value", "") for v in variables] for row in results["results"]["bindings"]]
    return {"variables": variables, "rows": rows, "truncated": truncated}
