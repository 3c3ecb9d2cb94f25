"""Replaying the whole journal into a store being built, so published changes survive a full build."""

from __future__ import annotations

import pyoxigraph as ox

from ..config import Settings
from ..private.db import open_private_db, private_db_exists
from . import journal
from .changes import PublishError, parse_change, update_operations


def replay_journal(store: ox.Store, settings: Settings) -> int:
    """Apply every journal entry that did not fail, oldest first; return the last sequence number
    applied (0 when the journal is empty). Runs after the build's inference rules, which the
    changes' own rules then extend to the changed records."""
    if not private_db_exists(settings):
        return 0
    last = 0
    for entry in journal.pending(open_private_db(settings), after=0):
        for change in entry.changes:
            try:
                triples = parse_change(change, settings.base)
            except PublishError as error:
                raise PublishError(f"journal entry {entry.seq} ({entry.summary}): {error}") from None
            for operation in update_operations(settings.queries_dir, change, triples):
                store.update(operation)
        last = entry.seq
    return last
