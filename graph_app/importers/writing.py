"""Write the good records as one Turtle file in the imports folder and run the normal build; if the
build fails, put back what was there before, so the store and the folder are exactly as they were."""

from __future__ import annotations

import os
from pathlib import Path

import rdflib

from ..atomic import fsync_dir, process_alive, temporary_sibling, writer_pid
from ..build import BuildError, run_build
from ..config import Settings
from ..namespaces import DATA_BASE, PREFIXES
from .records import ImportFailed, ImportResult

KIND_PREFIXES = (
    "service",
    "provider",
    "setting",
    "contact",
    "area",
    "need",
    "sector",
    "access-level",
    "referral-route",
    "funding-route",
    "organisation-type",
    "question-set",
)


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


def write_and_build(
    result: ImportResult, target: Path, settings: Settings, header: str, progress=lambda line: None
) -> None:  # a print-like callable
    """Build with the records in place of `target`, then put the file in place. Until the build is live the
    records are in a hidden staged file no other build reads, so a failed or killed import leaves the
    folder (and every later build) exactly as it was."""
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_abandoned_stages(target.parent)
    staged = temporary_sibling(target, "staged.ttl")
    with open(staged, "w", encoding="utf-8") as out:
        out.write(turtle(result, header))
        out.flush()
        os.fsync(out.fileno())
    try:
        run_build(settings, progress=progress, swap=(target, staged))
    except BuildError as error:
        staged.unlink(missing_ok=True)
        raise ImportFailed(f"the build failed, so nothing was imported: {error.summary}", error.problems) from None
    except BaseException:
        staged.unlink(missing_ok=True)
        raise
    os.replace(staged, target)  # the import is done (and acknowledged) once its file is in place
    fsync_dir(target.parent)


def remove_abandoned_stages(folder: Path) -> None:
    """Staged files of imports whose process died (kill -9, power cut) before their build went live."""
    for path in folder.glob(".*.staged.ttl"):
        pid = writer_pid(path, "staged.ttl")
        if pid is not None and pid != os.getpid() and not process_alive(pid):
            path.unlink(missing_ok=True)
