"""Turn an HTTP request into a query operation, following the SPARQL 1.1 Protocol (section 2.1):
GET with `query`, POST with a URL-encoded form, or POST with an `application/sparql-query` body; the
dataset from `default-graph-uri` and `named-graph-uri`. Anything else is a 4xx with the reason."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qs

from pyoxigraph import NamedNode

from .scan import scan


class ProtocolError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class QueryOperation:
    query: str
    default_graphs: tuple[str, ...] = field(default=())
    named_graphs: tuple[str, ...] = field(default=())


READ_ONLY = "This endpoint is read-only: SPARQL updates are not accepted here."
_UPDATE_WORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")


def parse_operation(method: str, args: dict[str, list[str]], content_type: str | None, body: bytes) -> QueryOperation:
    """The query and dataset of a protocol request; ProtocolError for anything malformed or an update."""
    media_type, charset = _media_type(content_type)
    if method not in ("GET", "POST"):
        raise ProtocolError(405, f"The SPARQL protocol uses GET or POST, not {method}.")
    if "update" in args or media_type == "application/sparql-update":
        raise ProtocolError(403, READ_ONLY)
    params = {k: list(v) for k, v in args.items()}
    if method == "GET":
        queries = params.get("query", [])
    elif media_type == "application/x-www-form-urlencoded":
        form = parse_qs(_decode(body, charset), keep_blank_values=True)
        if "update" in form or "using-graph-uri" in form or "using-named-graph-uri" in form:
            raise ProtocolError(403, READ_ONLY)
        for key, values in form.items():
            params.setdefault(key, []).extend(values)
        queries = params.get("query", [])
    elif media_type == "application/sparql-query":
        if "query" in params:
            raise ProtocolError(400, "Send the query either in the body or as 'query', not both.")
        queries = [_decode(body, charset)]
    elif not media_type:
        raise ProtocolError(
            415, "A POST needs a Content-Type: application/x-www-form-urlencoded or application/sparql-query."
        )
    else:
        raise ProtocolError(
            415,
            f"Content-Type {media_type} is not a SPARQL query; use "
            "application/x-www-form-urlencoded or application/sparql-query.",
        )
    if "using-graph-uri" in params or "using-named-graph-uri" in params:
        raise ProtocolError(403, READ_ONLY)
    if len(queries) != 1:
        raise ProtocolError(
            400,
            "Give exactly one 'query' parameter."
            if queries
            else "No query was given: send one in the 'query' parameter or as an application/sparql-query body.",
        )
    query = queries[0]
    if not query.strip():
        raise ProtocolError(400, "The query is empty.")
    # tokens, not a pattern: a pattern here was quadratic on 'PREFIX' and 65,000 spaces (issue 12); a query
    # the lexer cannot read is refused by the guards (sparql/guard.py), which name SERVICE first
    if scan(query).first_keyword.startswith(_UPDATE_WORDS):  # the engine reads keywords without a word boundary
        raise ProtocolError(403, READ_ONLY)
    return QueryOperation(query, _graphs(params, "default-graph-uri"), _graphs(params, "named-graph-uri"))


def _media_type(content_type: str | None) -> tuple[str, str | None]:
    if not content_type:
        return "", None
    parts = [p.strip() for p in content_type.split(";")]
    charset = None
    for part in parts[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return parts[0].lower(), charset


def _decode(body: bytes, charset: str | None) -> str:
    if charset not in (None, "utf-8", "utf8"):
        raise ProtocolError(415, f"Queries must be sent as UTF-8, not {charset}.")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise ProtocolError(400, "The request body is not valid UTF-8.") from None


def _graphs(params: dict[str, list[str]], name: str) -> tuple[str, ...]:
    graphs = []
    for value in params.get(name, []):
        try:
            graphs.append(NamedNode(value).value)
        except ValueError:
            raise ProtocolError(400, f"'{name}' must be an absolute IRI, not {value[:100]!r}.") from None
    return tuple(graphs)
