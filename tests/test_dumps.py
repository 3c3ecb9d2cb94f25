"""The full dumps: pyoxigraph's native serialiser on one core and compression on another
(exporters/gzip_pipe.py), giving files gzip and Python read back holding exactly the store's default-graph
statements, every kind of term included, the same bytes each time."""

from __future__ import annotations

import gzip
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph_app.exporters.dumps import write_dump
from graph_app.exporters.gzip_pipe import GzipPipe

EX = "http://example.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"


def _awkward_store(path: Path) -> ox.Store:
    """Every kind of object TSV writes differently from N-Triples, and strings that need escaping."""
    store = ox.Store(str(path))
    s, b = ox.NamedNode(EX + "s"), ox.BlankNode("b1")
    objects = [
        ox.Literal("7", datatype=ox.NamedNode(XSD + "integer")),
        ox.Literal("-7", datatype=ox.NamedNode(XSD + "integer")),
        ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean")),
        ox.Literal("false", datatype=ox.NamedNode(XSD + "boolean")),
        ox.Literal("1.5", datatype=ox.NamedNode(XSD + "decimal")),
        ox.Literal("1.5E3", datatype=ox.NamedNode(XSD + "double")),
        ox.Literal("2024-01-31", datatype=ox.NamedNode(XSD + "date")),
        ox.Literal('tab\there, new\nline, "quoted", back\\slash, \r, é, \u0001'),
        ox.Literal("Hello", language="en-GB"),
        ox.Literal("true"),  # a plain string that reads like a boolean
        ox.Literal("12"),  # and one that reads like an integer
        ox.NamedNode(EX + "o"),
        b,
    ]
    for number, value in enumerate(objects):
        store.add(ox.Quad(s, ox.NamedNode(f"{EX}p{number % 4}"), value))
    store.add(ox.Quad(b, ox.NamedNode(EX + "p0"), ox.Literal("from a blank node")))
    for n in range(3000):  # enough rows to cross a block boundary
        store.add(ox.Quad(ox.NamedNode(f"{EX}r{n}"), ox.NamedNode(EX + "big"), ox.Literal("x" * (n % 700))))
    store.add(ox.Quad(s, ox.NamedNode(EX + "p0"), ox.Literal("in a named graph"), ox.NamedNode(EX + "g")))
    return store


def _statements(data: bytes) -> set[ox.Triple]:
    return {quad.triple for quad in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)}


def test_full_dump_holds_the_default_graph_line_for_line(tmp_path, library):
    store = _awkward_store(tmp_path / "db")
    out = write_dump(store, library, "https://example.org/", "all", "nt", tmp_path / "all.nt.gz")
    raw = out.read_bytes()
    default_graph = {q.triple for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())}
    assert len(default_graph) == 3014
    assert subprocess.run(["gzip", "-t", str(out)]).returncode == 0
    assert subprocess.run(["gzip", "-dc", str(out)], capture_output=True).stdout == gzip.decompress(raw)
    assert _statements(gzip.decompress(raw)) == default_graph  # the named graph is left out
    native = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    assert sorted(gzip.decompress(raw).splitlines()) == sorted(native.splitlines())


def test_write_dump_gives_the_same_file_each_time(tmp_path, library):
    store = _awkward_store(tmp_path / "db")
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = write_dump(store, library, "https://example.org/", "all", "nt", tmp_path / "a" / "all.nt.gz")
    second = write_dump(store, library, "https://example.org/", "all", "nt", tmp_path / "b" / "all.nt.gz")
    assert first.read_bytes() == second.read_bytes()
    assert not [p for p in (tmp_path / "a").iterdir() if p.name != "all.nt.gz"]


@pytest.mark.parametrize("fmt", [ox.RdfFormat.TURTLE, ox.RdfFormat.JSON_LD])
def test_turtle_and_json_ld_dumps_through_the_pipe_parse_back(tmp_path, library, fmt):
    store = _awkward_store(tmp_path / "db")
    name = {ox.RdfFormat.TURTLE: "ttl", ox.RdfFormat.JSON_LD: "jsonld"}[fmt]
    out = write_dump(store, library, "https://example.org/", "all", name, tmp_path / f"all.{name}.gz")
    parsed = {q.triple for q in ox.parse(gzip.decompress(out.read_bytes()), format=fmt)}
    assert parsed == {q.triple for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())}


def test_gzip_pipe_compresses_in_order_and_reports_a_failing_sink(tmp_path):
    chunks = [bytes([n % 251]) * (n * 997 % 70_000) for n in range(200)]
    with open(tmp_path / "out.gz", "wb") as raw, GzipPipe(raw, 6) as pipe:
        for chunk in chunks:
            pipe.write(chunk)
    assert gzip.decompress((tmp_path / "out.gz").read_bytes()) == b"".join(chunks)

    class Full:
        def write(self, data: bytes) -> int:
            raise OSError("No space left on device")

    pipe = GzipPipe(Full(), 6)
    with pytest.raises(OSError, match="No space left"):
        for _ in range(64):
            pipe.write(b"x" * (1 << 20))
        pipe.close()
