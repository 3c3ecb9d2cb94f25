-- The joint commissioning report per council (graph_app/private/report_commentary.py): commissioners'
-- commentary and actions with owners, every save a new version; and the headline figures of each report
-- as made, one row per council and store version, so the next report can say what changed since.
CREATE TABLE report_commentary (
    council_iri TEXT NOT NULL,
    period TEXT NOT NULL,  -- the report's quarter, e.g. 2026-Q4
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    user_id INTEGER,
    user_name TEXT NOT NULL,
    commentary TEXT NOT NULL,
    actions TEXT NOT NULL,  -- JSON: [{"action": ..., "owner": ..., "due": "YYYY-MM-DD" or ""}]
    PRIMARY KEY (council_iri, period, version)
);
CREATE TABLE report_figures (
    council_iri TEXT NOT NULL,
    store_version TEXT NOT NULL,
    built TEXT,
    recorded_at TEXT NOT NULL,
    figures TEXT NOT NULL,  -- JSON: {"<analysis>": count}
    PRIMARY KEY (council_iri, store_version)
);
CREATE INDEX report_figures_recent ON report_figures(council_iri, recorded_at);
