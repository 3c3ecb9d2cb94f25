-- Demand-side evidence (graph_app/web/search/demand_counts.py): how many searches there were per month,
-- need and council, and how many found nothing. Counts only: never the words typed, never who searched.
-- `need` is a need's slug from the graph's own vocabulary or '' (no known need); `area` a council's slug or ''.
CREATE TABLE search_demand (
    month TEXT NOT NULL,  -- YYYY-MM
    need TEXT NOT NULL,
    area TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('found', 'nothing')),
    count INTEGER NOT NULL,
    PRIMARY KEY (month, need, area, outcome)
);
