"""The projection of a store version as files that every worker process maps read-only, so a machine
holds one copy of it whatever its number of workers, and a new worker has it in milliseconds.

    data_dir/cache/projection/<store version>/manifest.json   format, version, the arrays' types and shapes
    data_dir/cache/projection/<store version>/<array>.npy     one per array of model.ARRAYS
    data_dir/cache/projection/<store version>.lock            held by the one process building them

The build writes them for the version it makes (build/pipeline.py); a version made otherwise (a published
edit) gets them from the first worker that needs them, under the lock, while the others wait for it and
then map the same files. A folder is written under a temporary name and renamed into place, so a reader
sees the whole set or none. A store version never changes once made, so files need no invalidation; a
folder whose files do not match its manifest (a disk fault, a crash of an older writer, a hand edit) is
logged and built again.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import re
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from ..atomic import fsync_dir, process_alive, temporary_sibling, writer_pid
from .model import ARRAYS, Projection

log = logging.getLogger(__name__)
FORMAT = 1  # raised whenever the arrays or their meaning change: older folders are then built again
MANIFEST = "manifest.json"
KEEP_VERSIONS = 3  # a request begun before a publish may still read the version before
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


class MissingProjection(Exception):
    """No files for this version yet."""


class BrokenProjection(Exception):
    """Files for this version that cannot be used; the message says which and why."""


def projection_folder(data_dir: Path) -> Path:
    return Path(data_dir) / "cache" / "projection"


class ProjectionFiles:
    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def version_dir(self, version: str) -> Path:
        # a version is a build id in practice; anything else is made a safe, still distinct, folder name
        safe = _UNSAFE.sub("_", version)[:80]
        if safe != version or safe.startswith("."):
            safe = safe.lstrip(".") + "-" + hashlib.sha256(version.encode()).hexdigest()[:12]
        return self.folder / safe

    def get(self, version: str, build: Callable[[], Projection]) -> Projection:
        """The projection of `version` mapped from its files; built with `build()` and written first
        when no process has (one process builds; the others wait for its lock, then map its files)."""
        try:
            return self.open(version)
        except MissingProjection:
            pass
        except BrokenProjection as error:
            log.warning("projection files of version %s cannot be used (%s): building them again", version, error)
        self.folder.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(self.version_dir(version).with_suffix(".lock"), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            try:
                return self.open(version)  # built by another process while this one waited
            except (MissingProjection, BrokenProjection):
                pass
            started = time.perf_counter()
            self.write(version, build())
            log.info("projection of version %s built and written in %.2f s", version, time.perf_counter() - started)
            self.prune(version)
            return self.open(version)
        finally:
            os.close(descriptor)  # closing releases the lock

    def open(self, version: str) -> Projection:
        """Map the files of `version` read-only; MissingProjection or BrokenProjection if they cannot be."""
        folder = self.version_dir(version)
        try:
            manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        except FileNotFoundError:
            if folder.exists():
                raise BrokenProjection(f"{folder} has no {MANIFEST}") from None
            raise MissingProjection(version) from None
        except (OSError, ValueError) as error:
            raise BrokenProjection(f"{folder / MANIFEST} is unreadable: {error}") from None
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise BrokenProjection(f"{folder / MANIFEST} is not of format {FORMAT}")
        if manifest.get("version") != version:
            raise BrokenProjection(f"{folder / MANIFEST} is for version {manifest.get('version')!r}")
        shapes = manifest.get("arrays", {})
        arrays: dict[str, np.ndarray] = {}
        for name, dtype in ARRAYS.items():
            path = folder / f"{name}.npy"
            try:
                array = np.load(path, mmap_mode="r", allow_pickle=False)
            except (OSError, ValueError) as error:
                raise BrokenProjection(f"{path.name} is missing or unreadable: {error}") from None
            if str(array.dtype) != dtype or list(array.shape) != shapes.get(name, {}).get("shape"):
                raise BrokenProjection(f"{path.name} holds {array.dtype}{list(array.shape)}, not what {MANIFEST} says")
            # a plain view of the mapped memory: numpy's memmap subclass costs a Python call on every slice
            arrays[name] = np.asarray(array)
        _check_consistent(arrays)
        return Projection(arrays, manifest["meta"])

    def write(self, version: str, projection: Projection) -> Path:
        """Write the files of `version` under a temporary name, then rename them into place."""
        final = self.version_dir(version)
        temporary = temporary_sibling(final)  # a folder, renamed whole: atomic_write is for one file
        shutil.rmtree(temporary, ignore_errors=True)
        temporary.mkdir(parents=True)
        try:
            shapes: dict[str, Any] = {}
            for name, array in projection.arrays.items():
                with open(temporary / f"{name}.npy", "wb") as out:
                    np.save(out, np.ascontiguousarray(array), allow_pickle=False)
                    out.flush()
                    os.fsync(out.fileno())
                shapes[name] = {"dtype": str(array.dtype), "shape": list(array.shape)}
            manifest = {"format": FORMAT, "version": version, "meta": projection.meta, "arrays": shapes}
            (temporary / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
            fsync_dir(temporary)
            aside = None
            if final.exists():  # a broken set: moved aside (workers that mapped its files keep them)
                aside = temporary_sibling(final, "old")
                os.rename(final, aside)
            os.rename(temporary, final)
            fsync_dir(final.parent)
            if aside is not None:
                shutil.rmtree(aside, ignore_errors=True)
        finally:
            shutil.rmtree(temporary, ignore_errors=True)
        return final

    def prune(self, keep_version: str) -> None:
        """Remove all but the KEEP_VERSIONS most recent versions' files (`keep_version` always kept), and
        temporary folders whose writer has died. A worker that mapped removed files keeps reading them."""
        keep = self.version_dir(keep_version)
        folders = [p for p in self.folder.iterdir() if p.is_dir()]
        for path in folders:
            if path.name.startswith("."):
                pid = writer_pid(path, path.name.rsplit(".", 1)[-1])
                if pid is not None and not process_alive(pid):
                    shutil.rmtree(path, ignore_errors=True)
        versions = sorted(
            (p for p in folders if not p.name.startswith(".") and p != keep),
            key=lambda p: p.stat().st_mtime,
            reverse=True,
        )
        for old in versions[KEEP_VERSIONS - 1 :]:
            shutil.rmtree(old, ignore_errors=True)
            old.with_suffix(".lock").unlink(missing_ok=True)


def _check_consistent(a: dict[str, np.ndarray]) -> None:
    """Cheap checks (a few values each) that the arrays fit together, so a file cut short or from
    another set is caught here rather than as a wrong answer on a page."""
    n = len(a["iri_offsets"]) - 1
    problems = []
    for offsets, blob in (
        ("iri_offsets", "iri_bytes"),
        ("label_offsets", "label_bytes"),
        ("folded_offsets", "folded_bytes"),
        ("folded_label_offsets", "folded_label_bytes"),
        ("owner_key_offsets", "owner_key_bytes"),
        ("owner_offsets", "owner_bytes"),
    ):
        if a[offsets][0] != 0 or a[offsets][-1] != len(a[blob]):
            problems.append(f"{offsets} does not fit {blob}")
    for name in ("kind_codes", "samples", "degree", "label_order", "iri_hashes", "walk_root", "walk_inverse"):
        if len(a[name]) != n:
            problems.append(f"{name} has {len(a[name])} entries for {n} nodes")
    for matrix in ("adjacency", "costs", "walk"):
        indptr = a[f"{matrix}_indptr"]
        if len(indptr) != n + 1 or indptr[-1] != len(a[f"{matrix}_indices"]) or indptr[-1] != len(a[f"{matrix}_data"]):
            problems.append(f"{matrix} arrays do not fit together")
    if len(a["incident_start"]) != n + 1 or a["incident_start"][-1] != len(a["incident_links"]):
        problems.append("incident_start does not fit incident_links")
    if problems:
        raise BrokenProjection("; ".join(problems))
