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
ALIASES = {"turtle": "ttl", "json-ld": "jsonld", "ntriples": "nt", "rdf": "rdfxml", "text": "tsv"}
_TABULAR_BY_TYPE = {v: k for k, v in TABULAR.items()} | {
    "application/json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
}
_GRAPH_BY_TYPE = {v[0]: k for k, v in GRAPH.items()} | {
    "application/x-turtle": "ttl",
    "application/json": "jsonld",
    "text/plain": "nt",
    "application/xml": "rdfxml",
}


class NotAcceptable(Exception):
    def __init__(self, offered: Sequence[str]) -> None:
        super().__init__("None of the requested formats can be produced.")
        self.offered = list(offered)


def choose(kind: str, accept: str | None, forced: str | None) -> str:
    """The format key for a result kind ('tabular', 'boolean' or 'graph')."""
    table = GRAPH if kind == "graph" else TABULAR
    by_type = _GRAPH_BY_TYPE if kind == "graph" else _TABULAR_BY_TYPE
    if kind == "boolean":
        by_type = {k: v for k, v in by_type.items() if v in ("json", "xml")}
    if forced:
        key = ALIASES.get(forced.lower(), forced.lower())
        if key not in table or key not in by_type.values():
            raise NotAcceptable([f"format={k}" for k in sorted(set(by_type.values()))])
        return key
    default = "ttl" if kind == "graph" else "json"
    if not accept or accept.strip() in ("*/*", ""):
        return default
    best: tuple[float, int, str] | None = None
    for position, item in enumerate(accept.split(",")):
        parts = [p.strip() for p in item.split(";")]
        media = parts[0].lower()
        quality = 1.0
        for part in parts[1:]:
            if part.startswith("q="):
                try:
                    quality = float(part[2:])
                except ValueError:
                    quality = 0.0
        key = by_type.get(media) or (default if media in ("*/*", "application/*", "text/*") else None)
        if key and quality > 0 and (best is None or (quality, -position) > (best[0], -best[1])):
            best = (quality, position, key)
    if best is None:
        raise NotAcceptable(sorted({t for t, k in by_type.items()}))
    return best[2]


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
