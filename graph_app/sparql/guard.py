"""Protections in front of the query engine: no federation, and a per-client budget."""

from __future__ import annotations

import math
import re
import threading
import time

from ..binding import blank_comments_and_strings
from .protocol import ProtocolError

# the keyword, then an endpoint (an IRI, a variable or a prefixed name): not lo:Service, ?service or <.../service/x>
_SERVICE = re.compile(r"(?<![\w:?$-])SERVICE(?:\s+SILENT)?\s*(?:<|[?$]|[A-Za-z_][\w.-]*:|:)", re.IGNORECASE)
_IRI = re.compile(r'<[^<>"{}|^`\\\s]*>')


def refuse_federation(query: str) -> None:
    """SERVICE would make this server fetch from other hosts on a stranger's behalf."""
    if _SERVICE.search(_IRI.sub("<>", blank_comments_and_strings(query))):
        raise ProtocolError(400, "SERVICE (federated queries to other endpoints) is not allowed here.")


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
