"""One import, start to finish: read, map, check against the shapes, write one file, build."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import rdflib

from ..config import Settings
from ..slugs import COUNCILS
from . import gias, oruk, reading
from .checking import keep_valid
from .common import slugify
from .records import ImportFailed, ImportResult, Problem
from .vocabulary import load_vocabulary
from .writing import write_and_build

SOURCES = ("oruk", "gias")


@dataclass
class ImportOutcome:
    result: ImportResult
    written: Path | None  # None when no record survived (nothing written, nothing built)


def imports_dir(settings: Settings) -> Path:
    return settings.project_root / "data" / "imports"


def run_import(
    source: str,
    location: str,
    settings: Settings,
    *,
    council: str | None,
    target_dir: Path,
    name: str | None = None,
    encoding: str = "utf-8",
    today: date | None = None,
    needs_from_text: bool = True,
    progress=lambda line: None,
) -> ImportOutcome:
    """Import `location` (a path or URL) from `source` ('oruk' or 'gias'); raise ImportFailed when the
    whole import fails, in which case nothing is written and the store is as it was."""
    if council is not None and council not in COUNCILS:
        raise ImportFailed(f"unknown council {council!r}: choose one of {', '.join(COUNCILS)}")
    if source == "oruk" and council is None:
        raise ImportFailed("an ORUK import needs --council: the council whose local offer the services join")
    today = today or datetime.now(UTC).date()
    vocabulary = load_vocabulary(settings.project_root)
    mappings = settings.project_root / "data" / "mappings"
    shown = reading.shown(location)
    source_term = rdflib.URIRef(location) if reading.is_url(location) else rdflib.Literal(shown)
    if source == "oruk":
        pages = reading.read_json_pages(location)
        context = oruk.Context(
            council,
            vocabulary,
            mappings,
            source_term,
            location if reading.is_url(location) else None,
            today,
            needs_from_text,
        )
        result = oruk.map_document(pages, context)
    elif source == "gias":
        rows = gias.read_rows(reading.read_text(location, encoding), shown)
        result = gias.map_rows(rows, gias.GiasContext(council, vocabulary, mappings, source_term, today))
    else:
        raise ImportFailed(f"unknown source {source!r}: choose one of {', '.join(SOURCES)}")
    target = target_dir / f"{source}-{slugify(name or _name_from(location))}.ttl"
    shared = _skip_already_imported(result, target)
    keep_valid(result, vocabulary, settings.shapes_file, shared)
    for record in result.records:  # notes only about the records that are imported
        result.notes.extend(record.notes)
    if not result.records:
        return ImportOutcome(result, None)
    header = (
        f"Imported by `graph-app import {source}` on {today.isoformat()} from {shown}"
        f"{f' for the local offer of {council}' if council else ''}.\n"
        "Do not edit by hand: import the source again instead. Records that could not be imported are "
        "listed in the import's report, not here."
    )
    write_and_build(result, target, settings, header, progress)
    return ImportOutcome(result, target)


def _skip_already_imported(result: ImportResult, target: Path) -> set[str]:
    """A record another import file describes is not written again: two files about one record would
    contradict each other (two names, two review dates) and fail the build. A service or setting is
    skipped and reported; an organisation is shared (many feeds name the same one), so its first import
    is kept and this import's services link to it. Returns those shared organisations' IRIs. Importing
    the same name again replaces that file, records and all."""
    owners: dict[str, str] = {}
    for other in sorted(target.parent.glob("*.ttl")) if target.parent.exists() else []:
        if other.name != target.name and not other.name.startswith("."):  # hidden: staged, not imported
            for subject in set(rdflib.Graph().parse(other, format="turtle").subjects()):
                owners.setdefault(str(subject), other.name)
    kept, shared = [], set()
    for record in result.records:
        owner = owners.get(str(record.iri))
        if owner is None:
            kept.append(record)
        elif record.kind == "provider":
            shared.add(str(record.iri))
            result.notes.append(
                f"organization {record.source_id}: already imported by {owner}, whose details are "
                "kept; this import's services link to it"
            )
        else:
            result.problems.append(
                Problem(
                    record.kind,
                    record.source_id,
                    "id",
                    f"already imported by {owner}: import that source again to change it",
                )
            )
    result.records = kept
    return shared


def _name_from(location: str) -> str:
    if reading.is_url(location):
        from urllib.parse import urlsplit

        parts = urlsplit(location)
        return f"{parts.hostname}-{parts.path}"
    return Path(location).stem
