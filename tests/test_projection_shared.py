"""One projection per store version for every worker on a machine (issue 20): written once into files that
every process maps read-only, rebuilt under a lock when missing, stale or broken, and answering exactly as
the per-worker projection it replaced."""

from __future__ import annotations

import inspect
import json
import logging
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from graph_app.layout import Layout
from graph_app.projection import ProjectionFiles, load_projection, projection_folder
from graph_app.projection.model import ARRAYS

ID = "https://w3id.org/se7-local-offer/id/"
ROOT = Path(__file__).resolve().parents[1]
# the last commit whose projection each worker built for itself (graph_app/projection before issue 20)
PER_WORKER_COMMIT = "879b8f13ea4a3d7fbbc3c28a079d7fe652fe7732"


def answers(p, starts: list[str], pairs: list[list[str]]) -> dict:
    """Related lists (with scores and reasons) and paths (with their links) by IRI: the same source runs
    on the old code in a subprocess (inspect.getsource), so it uses only what both projections offer."""
    from graph_app.projection import chain_steps, related, shortest_chain

    out: dict = {"related": {}, "paths": {}}
    for iri in starts:
        out["related"][iri] = [
            [
                p.iris[s.node],
                float(s.score),
                [p.iris[n] for n in s.shared],
                None if s.through is None else p.iris[s.through],
            ]
            for s in related(p, p.index[iri])
        ]
    for a, b in pairs:
        chain = shortest_chain(p, p.index[a], p.index[b])
        steps = chain_steps(p, chain) if chain else []
        out["paths"][f"{a} {b}"] = [[p.iris[s.a], p.iris[s.b], s.property, s.forward] for s in steps]
    return out


def _run_answers(code_root: Path, store_path: Path, queries: Path, starts: list[str], pairs: list[list[str]]) -> dict:
    """answers() over a projection built by the code at `code_root`, in a process of its own."""
    script = inspect.getsource(answers) + textwrap.dedent(
        """
        import json, sys
        from graph_app.projection import load_projection
        from graph_app.queries import QueryLibrary
        from graph_app.store import EmbeddedStore
        import graph_app
        store, queries, id_base, starts, pairs, code_root = json.loads(sys.stdin.read())
        assert graph_app.__file__.startswith(code_root), graph_app.__file__  # that code, not the installed one
        p = load_projection(EmbeddedStore(store), QueryLibrary(queries), id_base)
        print(json.dumps(answers(p, starts, pairs)))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", "from typing import *\n" + script],
        input=json.dumps([str(store_path), str(queries), ID, starts, pairs, str(code_root)]),
        capture_output=True,
        text=True,
        cwd=code_root,
        env={**os.environ, "PYTHONPATH": str(code_root)},
        timeout=600,
        check=True,
    )
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def store_path(built) -> Path:
    return Layout(built.data_dir).current().store_path


@pytest.fixture(scope="module")
def in_memory(embedded_store, library):
    return load_projection(embedded_store, library, ID)


def _sample(p, count: int = 150) -> tuple[list[str], list[list[str]]]:
    linked = [n for n in range(p.size) if p.degree[n] > 0]
    starts = [p.iris[n] for n in linked[:: max(1, len(linked) // count)]]
    pairs = [[starts[i], starts[-1 - i]] for i in range(len(starts) // 2)]
    return starts, pairs


def test_answers_equal_the_per_worker_projection(tmp_path, store_path, embedded_store, library, in_memory):
    """Related lists (scores, reasons) and paths from the mapped files equal those of the code each worker
    ran before, on the sample store."""
    old = tmp_path / "old"
    old.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", PER_WORKER_COMMIT, "graph_app", "queries"], capture_output=True
    )
    if archive.returncode != 0:
        pytest.skip(f"commit {PER_WORKER_COMMIT[:10]} is not in this checkout's history")
    subprocess.run(["tar", "-x", "-C", str(old)], input=archive.stdout, check=True)
    files = ProjectionFiles(tmp_path / "projection")
    mapped = files.get("v1", lambda: in_memory)
    assert isinstance(mapped.arrays["adjacency_indices"].base, np.memmap)  # mapped, not read into memory
    starts, pairs = _sample(mapped)
    assert len(starts) > 100 and any(answers(mapped, [], [pair])["paths"] for pair in pairs)
    before = _run_answers(old, store_path, old / "queries", starts, pairs)
    assert answers(mapped, starts, pairs) == before


def test_files_are_written_once_and_a_second_process_maps_them(tmp_path, store_path, in_memory):
    files = ProjectionFiles(tmp_path / "projection")
    builds = []
    first = files.get("v1", lambda: builds.append(1) or in_memory)
    again = files.get("v1", lambda: builds.append(1) or in_memory)
    assert builds == [1] and again.size == first.size == in_memory.size
    folder = files.version_dir("v1")
    assert sorted(p.name for p in folder.iterdir()) == sorted([f"{name}.npy" for name in ARRAYS] + ["manifest.json"])
    written = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    starts, pairs = _sample(first, 30)
    # another process maps the same files: a build there would fail
    script = textwrap.dedent(
        f"""
        import json, sys
        sys.path.insert(0, {str(ROOT)!r})
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        import numpy as np
        from graph_app.projection import ProjectionFiles
        from test_projection_shared import answers
        def no_build():
            raise AssertionError("built again")
        p = ProjectionFiles({str(tmp_path / "projection")!r}).get("v1", no_build)
        assert isinstance(p.arrays["walk_data"].base, np.memmap) and not p.arrays["walk_data"].flags.writeable
        print(json.dumps(answers(p, *json.loads(sys.stdin.read()))))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], input=json.dumps([starts, pairs]), capture_output=True, text=True, check=True
    )
    assert json.loads(done.stdout) == answers(in_memory, starts, pairs)
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} == written


def test_a_new_version_gets_its_own_files_and_old_ones_are_pruned(tmp_path, in_memory):
    files = ProjectionFiles(tmp_path / "projection")
    builds = []
    for version in ("v1", "v2", "v3", "v4"):
        files.get(version, lambda v=version: builds.append(v) or in_memory)
    assert builds == ["v1", "v2", "v3", "v4"]  # each new version built; never served another's files
    kept = sorted(p.name for p in files.folder.iterdir() if p.is_dir())
    assert kept == ["v2", "v3", "v4"]
    assert json.loads((files.version_dir("v4") / "manifest.json").read_text())["version"] == "v4"


def test_files_of_another_version_under_this_name_are_rebuilt(tmp_path, in_memory, caplog):
    files = ProjectionFiles(tmp_path / "projection")
    files.get("v1", lambda: in_memory)
    files.version_dir("v1").rename(files.version_dir("v2"))  # a folder whose manifest names v1
    builds = []
    with caplog.at_level(logging.WARNING, logger="graph_app.projection.shared"):
        files.get("v2", lambda: builds.append(1) or in_memory)
    assert builds == [1]
    assert "version v2 cannot be used" in caplog.text and "is for version 'v1'" in caplog.text


def _truncate(folder: Path) -> str:
    path = folder / "adjacency_indices.npy"
    path.write_bytes(path.read_bytes()[:-40])
    return "adjacency_indices.npy is missing or unreadable"


def _delete(folder: Path) -> str:
    (folder / "iri_bytes.npy").unlink()
    return "iri_bytes.npy is missing or unreadable"


def _garble_manifest(folder: Path) -> str:
    (folder / "manifest.json").write_text("{not json")
    return "manifest.json is unreadable"


def _wrong_shape(folder: Path) -> str:
    np.save(folder / "degree.npy", np.zeros(3))
    return "degree.npy holds float64[3], not what manifest.json says"


def _no_manifest(folder: Path) -> str:
    (folder / "manifest.json").unlink()
    return "has no manifest.json"


@pytest.mark.parametrize("damage", [_truncate, _delete, _garble_manifest, _wrong_shape, _no_manifest])
def test_broken_files_are_rebuilt_with_a_clear_message(tmp_path, in_memory, caplog, damage):
    files = ProjectionFiles(tmp_path / "projection")
    files.get("v1", lambda: in_memory)
    expected = damage(files.version_dir("v1"))
    builds = []
    with caplog.at_level(logging.WARNING, logger="graph_app.projection.shared"):
        rebuilt = files.get("v1", lambda: builds.append(1) or in_memory)
    assert builds == [1]
    assert "projection files of version v1 cannot be used" in caplog.text and expected in caplog.text
    starts, pairs = _sample(in_memory, 20)
    assert answers(rebuilt, starts, pairs) == answers(in_memory, starts, pairs)
    assert files.open("v1").size == in_memory.size  # whole again on disk


def test_a_concurrent_first_build_makes_one_set_of_files(tmp_path, store_path):
    """Three processes ask for a version no one has built: one builds under the lock, the others wait
    and map its files."""
    folder = tmp_path / "projection"
    log = tmp_path / "builds.log"
    script = textwrap.dedent(
        f"""
        import os, sys, time
        sys.path.insert(0, {str(ROOT)!r})
        from graph_app.projection import ProjectionFiles, load_projection
        from graph_app.queries import QueryLibrary
        from graph_app.store import EmbeddedStore
        def build():
            with open({str(log)!r}, "a") as out:
                out.write(f"{{os.getpid()}}\\n")
            time.sleep(1.0)  # long enough for the others to be waiting on the lock
            return load_projection(EmbeddedStore({str(store_path)!r}), QueryLibrary({str(ROOT / "queries")!r}), {ID!r})
        p = ProjectionFiles({str(folder)!r}).get("v1", build)
        print(p.size, p.edge_count)
        """
    )
    workers = [subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True) for _ in range(3)]
    outputs = [w.communicate(timeout=600)[0] for w in workers]
    assert all(w.returncode == 0 for w in workers)
    assert len(log.read_text().split()) == 1  # one build
    assert len(set(outputs)) == 1 and outputs[0].split()[0] != "0"
    assert sorted(p.name for p in folder.iterdir()) == ["v1", "v1.lock"]  # no temporary folder left


def test_the_build_writes_the_projection_of_the_version_it_makes(built, embedded_store):
    files = ProjectionFiles(projection_folder(built.data_dir))
    version = embedded_store.version()
    p = files.open(version)  # opens, never builds
    assert p.size > 1000 and p.index[ID + "need/autism"] >= 0


def test_the_app_maps_the_shared_files(built, make_app, embedded_store):
    app = make_app(built)
    keeper = app.extensions["projection_keeper"]
    response = app.test_client().get("/related.json?node=/id/need/autism")
    assert response.status_code == 200 and response.get_json()
    p = keeper.get()
    assert isinstance(p.arrays["costs_data"].base, np.memmap)
    assert Path(p.arrays["costs_data"].base.filename).parent == ProjectionFiles(
        projection_folder(built.data_dir)
    ).version_dir(embedded_store.version())
