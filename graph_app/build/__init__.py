"""`graph-app build`: parse, reason, apply rules, validate, index, then swap the new store in."""

from .errors import BuildError
from .pipeline import BuildReport, run_build

__all__ = ["BuildError", "BuildReport", "run_build"]
