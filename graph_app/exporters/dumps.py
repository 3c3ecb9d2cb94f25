"""Dumps of the public graph as gzip-compressed N-Triples, Turtle and JSON-LD, written as a stream
(pyoxigraph serialises from an iterator into a gzip file), so memory stays bounded at any size.

Where the app has no store on disk (it reads a remote SPARQL endpoint), a dump is streamed instead: the
endpoint serialises a CONSTRUCT (queries/export/dump_*.rq) in the format asked for and each chunk is
compressed on its way to the client, so neither side holds the whole file. `graph-app export` on the build
machine writes the same files to disk either way."""

from __future__ import annotations

import gzip
import threading
import zlib
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from ..atomic import atomic_write
from ..binding import bind
from ..namespaces import PREFIXES
from ..queries import QueryLibrary
from ..slugs import COUNCILS
from ..store import RemoteStore
from .gzip_pipe import GzipPipe
from .reserialise import ntriples_as

FORMATS = {
    "nt": (ox.RdfFormat.N_TRIPLES, "application/n-triples"),
    "ttl": (ox.RdfFormat.TURTLE, "text/turtle"),
    "jsonld": (ox.RdfFormat.JSON_LD, "application/ld+json"),
}
LEVEL = 6  # gzip level: 3 would save a fifth of the compression time for files a fifth bigger
_LOCK = threading.Lock()


def dump_name(subset: str, fmt: str) -> str:
    """'all.nt.gz' or 'area-kent.ttl.gz'."""
    return f"{subset}.{fmt}.gz"


def parse_dump_name(name: str) -> tuple[str, str] | None:
    """(subset, format) for a valid dump file name, else None (so no other path is ever opened)."""
    if not name.endswith(".gz"):
        return None
    subset, _, fmt = name[:-3].rpartition(".")
    if fmt not in FORMATS:
        return None
    if subset == "all" or (subset.startswith("area-") and subset[5:] in COUNCILS):
        return subset, fmt
    return None


def dump_order() -> list[tuple[str, str]]:
    """Every dump file's (subset, format), in the order the background writer makes them: the whole graph
    first (the file most asked for), then each council's part."""
    return [(subset, fmt) for subset in ("all", *(f"area-{c}" for c in COUNCILS)) for fmt in FORMATS]


def write_dump(
    store: ox.Store, library: QueryLibrary, base: str, subset: str, fmt: str, out: Path, *, two_cores: bool = True
) -> Path:
    """Write one dump file atomically (a temporary name, then a rename). `two_cores` compresses the whole
    graph on a second thread (GzipPipe); the background writer keeps to one, leaving the other to pages."""
    rdf_format = FORMATS[fmt][0]
    prefixes = {**PREFIXES, "id": base + "id/"} if fmt == "ttl" else None
    # a dump is made again from the build if lost, so it needs no fsync
    with atomic_write(out, "wb", durable=False) as raw:
        if subset == "all" and two_cores:
            # the native serialiser on one core, compression on the other (pyoxigraph releases the GIL)
            with GzipPipe(raw, LEVEL) as sink:
                store.dump(sink, format=rdf_format, from_graph=ox.DefaultGraph(), prefixes=prefixes)
        elif subset == "all":
            with gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=LEVEL, mtime=0) as sink:
                store.dump(sink, format=rdf_format, from_graph=ox.DefaultGraph(), prefixes=prefixes)
        else:
            area = ox.NamedNode(f"{base}id/area/{subset[5:]}")
            with gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=LEVEL) as sink:
                ox.serialize(_area_triples(store, library, area), sink, format=rdf_format, prefixes=prefixes)
    return out


def ensure_dump(store: ox.Store, library: QueryLibrary, base: str, folder: Path, subset: str, fmt: str) -> Path:
    """The dump file for this build, written on first request and kept with the build. Only where the
    background writer is off (WRITE_DUMPS false: tests, a development server); a served app never makes
    a dump inside a request (exporters/dump_writer.py)."""
    out = folder / dump_name(subset, fmt)
    if out.exists():
        return out
    with _LOCK:
        if not out.exists():
            folder.mkdir(parents=True, exist_ok=True)
            write_dump(store, library, base, subset, fmt, out)
    return out


def _area_triples(store: ox.Store, library: QueryLibrary, area: ox.NamedNode) -> Iterator[ox.Triple]:
    """Every statement about the area's records, one record at a time."""
    query = library.get("export/lod_area_records")
    for solution in store.query(bind(query.text, query.terms({"area": area}))):
        for quad in store.quads_for_pattern(solution["record"], None, None, ox.DefaultGraph()):
            yield quad.triple


def export_all(store: ox.Store, library: QueryLibrary, base: str, folder: Path) -> list[Path]:
    """Every dump: the whole graph and each council's subset, in every format (`graph-app export`)."""
    folder.mkdir(parents=True, exist_ok=True)
    return [
        write_dump(store, library, base, subset, fmt, folder / dump_name(subset, fmt)) for subset, fmt in dump_order()
    ]


def stream_remote_dump(remote: RemoteStore, library: QueryLibrary, base: str, subset: str, fmt: str) -> Iterator[bytes]:
    """The dump file's bytes (gzip) from a remote endpoint's CONSTRUCT, compressed chunk by chunk. The
    endpoint is asked before this returns: a refusal raises StoreError while an error page can still
    be sent."""
    if subset == "all":
        text = library.get("export/dump_all").text
    else:
        query = library.get("export/dump_area")
        text = bind(query.text, query.terms({"area": ox.NamedNode(f"{base}id/area/{subset[5:]}")}))
    if fmt == "ttl":  # asked for as N-Triples and written here with prefixes, as the dumps on disk are
        prefixes = {**PREFIXES, "id": base + "id/"}
        chunks = ntriples_as(remote.construct_stream(text, FORMATS["nt"][1]), FORMATS["ttl"][0], prefixes)
        return _gzipped(chunks)
    return _gzipped(remote.construct_stream(text, FORMATS[fmt][1]))


def _gzipped(chunks: Iterator[bytes]) -> Iterator[bytes]:
    compressor = zlib.compressobj(6, zlib.DEFLATED, 31)  # wbits 31: the gzip container, as `gzip` writes
    for chunk in chunks:
        packed = compressor.compress(chunk)
        if packed:
            yield packed
    yield compressor.flush()
