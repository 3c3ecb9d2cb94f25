-- The public change journal: every change to the public graph after a build, written (durably) before the
-- store is touched. A build or a restart replays the entries newer than what the live store has applied.
CREATE TABLE public_changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    actor TEXT NOT NULL,
    summary TEXT NOT NULL,
    changes TEXT NOT NULL,  -- JSON list of {"subject": IRI, "ntriples": text}
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'failed')),
    error TEXT
);
-- The last journal entry applied to a remote SPARQL store (embedded builds record it in their manifest).
CREATE TABLE public_change_targets (
    target TEXT PRIMARY KEY,
    applied_seq INTEGER NOT NULL
);
