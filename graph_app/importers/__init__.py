"""Importers: Open Referral UK (ORUK) services and GIAS schools into the graph, as one Turtle file per
import under data/imports/ followed by the normal build (see pipeline.run_import)."""

from .pipeline import ImportOutcome, run_import
from .records import ImportFailed, ImportResult, Problem

__all__ = ["ImportFailed", "ImportOutcome", "ImportResult", "Problem", "run_import"]
