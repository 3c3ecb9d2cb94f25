"""The mapping tables in data/mappings/ (CSV, so council staff can review and extend them in a
spreadsheet; they are lookup tables for importers, not graph data, so the build does not read them)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .vocabulary import normalise


@dataclass(frozen=True)
class TaxonomyRow:
    vocabulary: str  # '*' for any taxonomy
    term: str
    need: str  # a need slug, or '' when the row gives only a sector
    match: str  # skos:exactMatch or skos:closeMatch, as a reader of the table would judge it
    sector: str


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


@cache
def taxonomy_table(mappings_dir: Path) -> dict[str, list[TaxonomyRow]]:
    """Normalised term label -> its rows (a term may map to several needs)."""
    table: dict[str, list[TaxonomyRow]] = {}
    for row in _rows(mappings_dir / "taxonomy-needs.csv"):
        entry = TaxonomyRow(row["vocabulary"], row["term"], row["need"], row["match"], row["sector"])
        table.setdefault(normalise(entry.term), []).append(entry)
    return table


@cache
def gias_sen_table(mappings_dir: Path) -> dict[str, str]:
    """GIAS SEN provision code (the part before ' - ' in 'SEN1 (name)') -> need slug."""
    return {row["code"].lower(): row["need"] for row in _rows(mappings_dir / "gias-sen.csv")}


@cache
def gias_la_table(mappings_dir: Path) -> dict[str, str]:
    """DfE local authority code -> council slug (the seven SE7 councils only)."""
    return {row["la_code"]: row["council"] for row in _rows(mappings_dir / "gias-la-codes.csv")}
