"""Gap analyses for joint commissioning: the named queries under queries/gaps/ run and shaped
(analysis.py), their charts (charts.py), results stored once per store version for every process
(stored_results.py, cached.py) and the background warm-up (warm_up.py). Nothing here needs a request."""

from .analysis import (
    ROWS_PER_PAGE,
    Column,
    GapAnalysis,
    GapResult,
    add_missing_labels,
    analyses,
    get_analysis,
    median_date,
    narrow,
    result_from_json,
    result_to_json,
    run_gap,
)
from .charts import heat_level

__all__ = [
    "ROWS_PER_PAGE",
    "Column",
    "GapAnalysis",
    "GapResult",
    "add_missing_labels",
    "analyses",
    "get_analysis",
    "heat_level",
    "median_date",
    "narrow",
    "result_from_json",
    "result_to_json",
    "run_gap",
]
