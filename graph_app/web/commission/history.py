"""Keeping the gap analyses' history (graph_app/gaps/snapshots.py) from the web app: for each new store version,
its date and every council's headline figures; at the first new version after a quarter end, that
quarter's snapshot; and a snapshot on demand for a commissioner.

There is no scheduler. The gap warm-up (graph_app/gaps/warm_up.py) calls `record_current` after working out
a new version's results; the pages that show change over time call it only where no warm-up runs
(`record_for_page` says why), and the snapshot on demand calls it before taking its snapshot.
"""

from __future__ import annotations

import logging
import sqlite3
from datetime import date
from typing import Any

from flask import current_app

from ...gaps import snapshots
from ...gaps.analysis import analyses
from ...gaps.snapshots import Snapshot
from ..core.cookie_session import get_private_db
from ..core.graph import Graph
from .choices import gaps, run_analysis
from .compare import councils_with_population, headline_table

log = logging.getLogger(__name__)


def built_of(graph: Graph) -> str | None:
    """When the data of this store version was built (the build's own date), if it says."""
    build = graph.memo("gaps:build", lambda: graph.library.select(graph.store, "gaps/report/build_date"))
    return build[0]["built"].value if build and "built" in build[0] else None


def headline_figures(graph: Graph) -> dict[str, dict[str, float]]:
    """Every council's headline figure of each analysis ({council_iri: {analysis: count}})."""
    every = councils_with_population(graph)
    figures: dict[str, dict[str, float]] = {c.iri: {} for c in every}
    for row in headline_table(graph, every):
        for council in every:
            figures[council.iri][row.headline.analysis] = float(row.cells[council.slug].count)
    return figures


def all_results(graph: Graph) -> dict[str, dict[str, Any]]:
    """Every analysis's result for all councils with its standard choices: what a snapshot keeps."""
    found = {}
    for analysis in analyses(graph.library):
        result = run_analysis(graph, analysis, {})
        found[analysis.name] = {"columns": [[c.key, c.label] for c in result.columns], "rows": result.rows}
    return found


def record_current(graph: Graph, store: Any = None, today: date | None = None) -> None:
    """Keep this store version with its figures and, when a quarter has ended since the last version,
    take that quarter's snapshot. Once per version and process; a locked database only skips it."""
    version = (store or graph.store).version()
    graph.memo("gaps:history-recorded", lambda: record(graph, version, today or date.today()), version)


def record_for_page(graph: Graph) -> None:
    """What a page that shows change over time does about recording: record this version now when nothing
    else will (the warm-up is off: under test, or a server run without it), and otherwise leave it to the
    warm-up, which records every new version right after working out its results (gap_warm_extras below).

    Why (issue 20): recording needs every council's headline figure of the new version, 63 per-council
    results, none of them worked out yet right after a publish; done inline it made the first gap page
    after a publish wait 1.2 s at scale 1 (and far longer at national scale), where the page itself shows
    the labelled earlier figures in a few ms. Nothing on the page needs this version recorded first: the
    trend lines and "change since" read versions and snapshots already kept, and the newest point joins
    them when the warm-up has recorded it, seconds later."""
    if current_app.config.get("WARM_GAPS", not current_app.testing):  # the warm-up runs in this process
        current_app.extensions["gap_warmer"].ensure()  # a forked worker (gunicorn --preload) starts its own
        return
    record_current(graph)


def record(graph: Graph, version: str, today: date) -> bool:
    """Keep this version and take a due quarter snapshot, now (record_current does it once per version)."""
    db = get_private_db()
    try:
        if not snapshots.is_recorded(db, version):
            snapshots.record_version(db, version, built_of(graph), headline_figures(graph))
        period = snapshots.quarter_due(db, today)
        if period:
            snapshots.take(db, f"End of {period}", version, built_of(graph), all_results(graph), period=period)
            log.info("gap analyses: quarter-end snapshot for %s taken from version %s", period, version)
        snapshots.prune(db)
    except (sqlite3.Error, OSError):  # a locked or read-only private database: the pages still show
        log.warning("could not keep the gap analysis history of version %s", version)
        return False
    return True


def take_on_demand(graph: Graph, name: str, user_name: str) -> Snapshot:
    """A snapshot of the current results now, named by a commissioner (SnapshotError: a bad name)."""
    name = snapshots.check_name(name)
    record_current(graph)
    version, built = graph.store.version(), built_of(graph)
    taken = snapshots.take(get_private_db(), name, version, built, all_results(graph), user_name)
    assert taken is not None  # only a quarter's snapshot can be taken first by another process
    return taken


@gaps.record_once
def _record_with_the_warm_up(state: Any) -> None:
    state.app.extensions.setdefault("gap_warm_extras", []).append(record_current)
