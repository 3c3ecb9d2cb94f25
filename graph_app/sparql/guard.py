"""Protections in front of the query engine: no federation, and a per-client budget."""

from __future__ import annotations

import math
import threading
import time

from .protocol import ProtocolError
from .scan import MAX_DEPTH, scan


def refuse_federation(query: str) -> None:
    """SERVICE would make this server (or the SPARQL server it forwards to) fetch from other hosts on a
    stranger's behalf. Decided from the query's tokens, for every spelling the grammar allows."""
    shape = scan(query)
    if shape.service:
        raise ProtocolError(
            400,
            "SERVICE (federated queries to other endpoints) is not allowed here: found at "
            f"{shape.service}. Prefix names containing 'service' are refused too, because "
            "the query engine can read them as the SERVICE keyword.",
        )
    if shape.unreadable:  # what the guards cannot read is not sent on
        raise ProtocolError(400, shape.unreadable)


def refuse_deep_nesting(query: str) -> None:
    """Thousands of nested brackets overflow the engine's parser stack and kill its worker."""
    shape = scan(query)
    if shape.unreadable:
        raise ProtocolError(400, shape.unreadable)
    if shape.too_deep:
        raise ProtocolError(
            400, f"The query nests brackets more than {MAX_DEPTH} deep (at {shape.too_deep}): flatten it."
        )


class RateLimiter:
    """A token bucket per client: `capacity` queries, refilled at capacity/period per second.
    In-process, so each worker process of a deployment has its own budget."""

    def __init__(self, capacity: int, period_s: float) -> None:
        self.capacity = capacity
        self.rate = capacity / period_s
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, client: str) -> int | None:
        """None when the client may go ahead, else the whole seconds to wait (for Retry-After)."""
        now = time.monotonic()
        with self._lock:
            tokens, then = self._buckets.get(client, (float(self.capacity), now))
            tokens = min(float(self.capacity), tokens + (now - then) * self.rate)
            if tokens >= 1:
                self._buckets[client] = (tokens - 1, now)
                if len(self._buckets) > 10_000:  # forget idle clients so memory stays bounded
                    self._buckets = {k: v for k, v in self._buckets.items() if now - v[1] < 3600}
                return None
            self._buckets[client] = (tokens, now)
            return max(1, math.ceil((1 - tokens) / self.rate))


class ClientShare:
    """How many queries one client address may have running at once, so one address cannot hold every
    query worker while others wait (1 when there are 2 workers or fewer, else half of them)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._running: dict[str, int] = {}
        self._lock = threading.Lock()

    @staticmethod
    def share_of(workers: int) -> int:
        return 1 if workers <= 2 else math.ceil(workers / 2)

    def acquire(self, client: str) -> bool:
        with self._lock:
            if self._running.get(client, 0) >= self.limit:
                return False
            self._running[client] = self._running.get(client, 0) + 1
            return True

    def release(self, client: str) -> None:
        with self._lock:
            left = self._running.get(client, 0) - 1
            if left > 0:
                self._running[client] = left
            else:
                self._running.pop(client, None)  # idle clients take no memory
