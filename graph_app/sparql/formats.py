"""Result formats of the endpoint, chosen by Accept (or `format=`), with a row cap.

pyoxigraph can serialise whole results, but the endpoint must stop at a row cap and say so, so the
four tabular formats are written here (they are short) and graphs use pyoxigraph's serialisers over a
capped iterator."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from . import accept as accept_module

TABULAR = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
GRAPH = {
    "ttl": ("text/turtle", ox.RdfFormat.TURTLE),
    "jsonld": ("application/ld+json", ox.RdfFormat.JSON_LD),
    "nt": ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    "rdfxml": ("application/rdf+xml", ox.RdfFormat.RDF_XML),
}
# What `format=` (or `output=`, Fuseki's name) may say, per result kind: the short names SPARQLWrapper,
# Fuseki, Virtuoso and people use, and any media type of the kind. The same word means the natural format
# of each kind: `json` is SPARQL JSON for SELECT/ASK and JSON-LD for CONSTRUCT/DESCRIBE, `xml` SPARQL XML
# or RDF/XML. N3 is answered with Turtle (a subset of N3 that every N3 reader reads).
_TABULAR_NAMES = {"json": "json", "srj": "json", "xml": "xml", "srx": "xml", "csv": "csv", "tsv": "tsv", "text": "tsv"}
_GRAPH_NAMES = {
    **dict.fromkeys(("ttl", "turtle", "n3"), "ttl"),
    **dict.fromkeys(("nt", "ntriples", "n-triples"), "nt"),
    **dict.fromkeys(("jsonld", "json-ld", "json"), "jsonld"),
    **dict.fromkeys(("rdfxml", "rdf", "rdf+xml", "xml"), "rdfxml"),
}
# media types in the server's order of preference (the first is what `*/*` gets), canonical types first
_TABULAR_BY_TYPE = {v: k for k, v in TABULAR.items()} | {
    "application/json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
}
_GRAPH_BY_TYPE = {v[0]: k for k, v in GRAPH.items()} | {
    "application/turtle": "ttl",
    "application/x-turtle": "ttl",
    "text/n3": "ttl",
    "text/rdf+n3": "ttl",
    "application/n3": "ttl",
    "application/json": "jsonld",
    "text/plain": "nt",
    "application/xml": "rdfxml",
    "text/xml": "rdfxml",
}
QUERY_FORMS = {"tabular": "SELECT", "boolean": "ASK", "graph": "CONSTRUCT or DESCRIBE"}


class NotAcceptable(Exception):
    def __init__(self, offered: Sequence[str], message: str | None = None) -> None:
        self.offered = list(offered)
        self.message = message or "Acceptable formats: " + ", ".join(self.offered)
        super().__init__(self.message)


def _tables(kind: str) -> tuple[dict[str, str], dict[str, str]]:
    """(short names, media types) for a result kind."""
    if kind == "graph":
        return _GRAPH_NAMES, _GRAPH_BY_TYPE
    if kind == "boolean":  # the result formats define a boolean in JSON and XML only
        return (
            {n: k for n, k in _TABULAR_NAMES.items() if k in ("json", "xml")},
            {t: k for t, k in _TABULAR_BY_TYPE.items() if k in ("json", "xml")},
        )
    return _TABULAR_NAMES, _TABULAR_BY_TYPE


def media_types(kind: str) -> list[str]:
    """Every media type a result of this kind can be asked for, the preferred first."""
    return list(_tables(kind)[1])


def from_format_value(kind: str, value: str) -> str | None:
    """The format key a `format=` value names for this kind, or None."""
    names, by_type = _tables(kind)
    # an unencoded '+' in a query string arrives as a space (format=rdf+xml typed by hand)
    word = value.split(";", 1)[0].strip().lower().replace(" ", "+")
    return names.get(word) or by_type.get(word)


def choose(kind: str, accept: str | None, forced: str | Sequence[str] | None) -> str:
    """The format key for a result kind ('tabular', 'boolean' or 'graph'): the first `format=` value that
    names a format of this kind, else the Accept header's choice (SPARQL JSON or Turtle for `*/*`)."""
    values = [forced] if isinstance(forced, str) else list(forced or ())
    values = [v for v in values if v and v.strip()]
    if values:
        for value in values:
            key = from_format_value(kind, value)
            if key is not None:
                return key
        names = sorted(set(_tables(kind)[0]))
        raise NotAcceptable(
            [f"format={n}" for n in names],
            f"format={values[0][:60]!r} is not a format for {QUERY_FORMS[kind]} results: use format= one of "
            + ", ".join(names)
            + ", or a media type.",
        )
    offered = media_types(kind)
    if not accept or not accept.strip():
        return _tables(kind)[1][offered[0]]
    chosen = accept_module.best(accept, offered)
    if chosen is None:
        raise NotAcceptable(offered)
    return _tables(kind)[1][chosen]


def content_type(kind: str, key: str) -> str:
    if kind == "graph":
        return GRAPH[key][0] + ("; charset=utf-8" if key != "rdfxml" else "")
    return TABULAR[key] + "; charset=utf-8"


def boolean(value: bool, key: str) -> bytes:
    if key == "xml":
        return (
            f'<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head/><boolean>{'true' if value else 'false'}</boolean></sparql>\n"
        ).encode()
    return json.dumps({"head": {}, "boolean": value}).encode()


def solutions(
    variables: list[str], rows: Iterable[Sequence[ox.NamedNode | ox.Literal | ox.BlankNode | None]], key: str
) -> bytes:
    return {"json": _json, "xml": _xml, "csv": _csv, "tsv": _tsv}[key](variables, list(rows))


def triples(items: Iterable[ox.Triple], key: str) -> bytes:
    return ox.serialize(items, format=GRAPH[key][1])


def _term_json(term: ox.NamedNode | ox.Literal | ox.BlankNode) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    result = {"type": "literal", "value": term.value}
    if term.language:
        result["xml:lang"] = term.language
    elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        result["datatype"] = term.datatype.value
    return result


def _json(variables: list[str], rows: list) -> bytes:
    bindings = [{v: _term_json(t) for v, t in zip(variables, row, strict=True) if t is not None} for row in rows]
    return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}}).encode()


def _xml(variables: list[str], rows: list) -> bytes:
    out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>']
    out += [f"<variable name={quoteattr(v)}/>" for v in variables]
    out.append("</head><results>")
    for row in rows:
        out.append("<result>")
        for name, term in zip(variables, row, strict=True):
            if term is None:
                continue
            out.append(f"<binding name={quoteattr(name)}>")
            if isinstance(term, ox.NamedNode):
                out.append(f"<uri>{escape(term.value)}</uri>")
            elif isinstance(term, ox.BlankNode):
                out.append(f"<bnode>{escape(term.value)}</bnode>")
            elif term.language:
                out.append(f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>")
            elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
                out.append(f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>")
            else:
                out.append(f"<literal>{escape(term.value)}</literal>")
            out.append("</binding>")
        out.append("</result>")
    out.append("</results></sparql>\n")
    return "".join(out).encode()


def _csv(variables: list[str], rows: list) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(variables)
    for row in rows:
        writer.writerow(
            ["" if t is None else ("_:" + t.value if isinstance(t, ox.BlankNode) else t.value) for t in row]
        )
    return buffer.getvalue().encode()


def _tsv(variables: list[str], rows: list) -> bytes:
    lines = ["\t".join(f"?{v}" for v in variables)]
    for row in rows:
        lines.append("\t".join("" if t is None else str(t) for t in row))  # N-Triples form, already escaped
    return ("\n".join(lines) + "\n").encode()
