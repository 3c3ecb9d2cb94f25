"""Changing the public graph after a build: `publish(settings, [Replace(iri, ntriples)], actor=, summary=)`.

The journal (private database) is written first and is the truth; the store, the search index and the
pages change at once through a new store generation swapped in atomically (embedded) or one SPARQL
Update request (remote). See publisher.py for the order of events and why it is crash-safe.
"""

from .changes import Change, PublishError, Replace
from .publisher import applied_seq, apply_pending, live_lock, publish, recover
from .replay import replay_journal

__all__ = [
    "Change",
    "PublishError",
    "Replace",
    "applied_seq",
    "apply_pending",
    "live_lock",
    "publish",
    "recover",
    "replay_journal",
]
