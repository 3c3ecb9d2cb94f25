-- When the public history was written for versions saved before it existed (graph_app/live/backfill.py):
-- the app does it once, at its first start after the upgrade; `graph-app history backfill` any time.
CREATE TABLE history_backfill (
    ran_at TEXT NOT NULL,
    activities INTEGER NOT NULL
);
