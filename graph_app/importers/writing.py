"""Write the good records as one Turtle file in the imports folder and run the normal build; if the
build fails, put back what was there before, so the store and the folder are exactly as they were."""

from __future__ import annotations

import os
from pathlib import Path

import rdflib

from ..build import BuildError, run_build
from ..config import Settings
from ..namespaces import DATA_BASE, PREFIXES
from .records import ImportFailed, ImportResult

KIND_PREFIXES = ("service", "provider", "setting", "contact", "area", "need", "sector", "access-level",
                 "referral-route", "funding-route", "organisation-type", "question-set")


def turtle(result: ImportResult, header: str) -> str:
    graph = rdflib.Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    for kind in KIND_PREFIXES:
        graph.bind(kind.replace("-", "_"), f"{DATA_BASE}id/{kind}/")
    for record in result.records:
        for triple in record.triples:
            graph.add(triple)
    comment = "".join(f"# {line}\n" for line in header.splitlines())
    return comment + graph.serialize(format="turtle")


def write_and_build(result: ImportResult, target: Path, settings: Settings, header: str,
                    progress=lambda line: None) -> None:  # noqa: ANN001 - a print-like callable
    """Replace `target` with the records and build; on a failed build restore the old file (or none)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    previous = target.read_bytes() if target.exists() else None
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    partial.write_text(turtle(result, header), encoding="utf-8")
    os.replace(partial, target)
    try:
        run_build(settings, progress=progress)
    except BuildError as error:
        if previous is None:
            target.unlink(missing_ok=True)
        else:
            target.write_bytes(previous)
        raise ImportFailed(f"the build failed, so nothing was imported: {error.summary}", error.problems) from None
    except BaseException:
        if previous is None:
            target.unlink(missing_ok=True)
        else:
            target.write_bytes(previous)
        raise
