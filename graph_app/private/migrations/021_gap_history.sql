-- Change over time for the gap analyses (graph_app/gaps/snapshots.py): each store version the analyses were
-- worked out for, with its date; the headline figure of every analysis per council and version (the trend
-- lines); and snapshots (at each quarter end, and on demand by a commissioner) with their results, kept for
-- good. Ordinary versions and their figures are kept for 90 days, snapshots' versions for ever.
CREATE TABLE gap_versions (
    store_version TEXT PRIMARY KEY,
    built TEXT,  -- when the data was built (the build's own date), if known
    seen_at TEXT NOT NULL  -- when this service first worked the analyses out for it (UTC, ISO)
);
CREATE TABLE gap_figures (
    store_version TEXT NOT NULL REFERENCES gap_versions(store_version) ON DELETE CASCADE,
    council_iri TEXT NOT NULL,
    analysis TEXT NOT NULL,
    count REAL NOT NULL,
    PRIMARY KEY (store_version, council_iri, analysis)
);
CREATE TABLE gap_snapshots (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('quarter', 'on_demand')),
    period TEXT UNIQUE,  -- the quarter a quarter-end snapshot closes, e.g. 2026-Q3; NULL on demand
    store_version TEXT NOT NULL,
    built TEXT,
    taken_at TEXT NOT NULL,
    user_name TEXT  -- who asked for an on-demand snapshot (staff); NULL for a quarter end
);
CREATE TABLE gap_snapshot_results (
    snapshot_id INTEGER NOT NULL REFERENCES gap_snapshots(id) ON DELETE CASCADE,
    analysis TEXT NOT NULL,
    result BLOB NOT NULL,  -- gzip of the JSON {"columns": [[key, label]...], "rows": [...]} for all councils
    PRIMARY KEY (snapshot_id, analysis)
);
