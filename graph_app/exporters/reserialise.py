"""Turn a remote endpoint's N-Triples stream into Turtle with the project's prefixes, as it arrives.

Endpoints write CONSTRUCT results as Turtle without prefixes (every IRI in full), which is valid but
hard to read; publishers read the dumps. The endpoint is asked for N-Triples instead and pyoxigraph
re-serialises it on a thread of its own, handing chunks over a short queue, so memory stays bounded
and a client that goes away stops the work."""

from __future__ import annotations

import io
import queue
import threading
from collections.abc import Iterator

import pyoxigraph as ox

_WAITING = 8  # chunks that may wait for the client before the serialiser pauses


class _ChunkReader(io.RawIOBase):
    """A readable file over an iterator of byte chunks (the endpoint's response body)."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks
        self._left = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # a writable buffer
        while not self._left:
            self._left = next(self._chunks, b"")
            if not self._left:
                return 0
        size = min(len(buffer), len(self._left))
        buffer[:size] = self._left[:size]
        self._left = self._left[size:]
        return size


class _Stopped(Exception):
    """The client went away: the serialiser thread stops writing."""


def ntriples_as(chunks: Iterator[bytes], fmt: ox.RdfFormat, prefixes: dict[str, str] | None) -> Iterator[bytes]:
    """The statements of an N-Triples byte stream, serialised in `fmt` chunk by chunk."""
    handover: queue.Queue[bytes | BaseException | None] = queue.Queue(_WAITING)
    stopped = threading.Event()

    class _Sink:
        def write(self, data: bytes) -> int:
            if stopped.is_set():
                raise _Stopped
            handover.put(bytes(data))
            return len(data)

        def flush(self) -> None:
            """Each write is handed over at once."""

    def serialise() -> None:
        try:
            triples = (
                quad.triple
                for quad in ox.parse(io.BufferedReader(_ChunkReader(chunks), 1 << 16), format=ox.RdfFormat.N_TRIPLES)
            )
            ox.serialize(triples, _Sink(), format=fmt, prefixes=prefixes)
        except _Stopped:
            pass
        except BaseException as error:  # handed to the reading side, which raises it
            handover.put(error)
        finally:
            handover.put(None)

    worker = threading.Thread(target=serialise, name="reserialise", daemon=True)
    worker.start()
    try:
        while (item := handover.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stopped.set()
        while worker.is_alive():  # drain, so a serialiser blocked on a full queue can reach its end
            try:
                handover.get(timeout=0.05)
            except queue.Empty:
                pass
