"""The build, step by step. Everything happens in a new build folder; only a build that passes every
step becomes current (an atomic symlink swap), so a failed build leaves the live store untouched."""

from __future__ import annotations

import gc
import json
import time
import traceback
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox

from ..config import Settings
from ..layout import BuildDir, Layout
from ..live import PublishError, apply_pending, live_lock, replay_journal
from ..namespaces import LO, XSD
from ..projection import ProjectionFiles, load_projection, projection_folder
from ..queries import QueryLibrary, parse_query_file
from ..search import build_index
from ..stats import counts
from ..store import EmbeddedStore
from . import law_check, reasoning, record_checks, shacl_sparql, sources
from .errors import BuildError

Progress = Callable[[str], None]
# The read-only steps side by side measured no faster on 2 shared cores (0.98x at scale 30, +14 % CPU) and
# raised the scale-300 peak above 4 GB (bench/results/build_speed.md): off until measured on free cores.
READ_STEPS_SIDE_BY_SIDE = False
DATASET = "id/dataset/local-offer"


@dataclass
class BuildReport:
    build_id: str
    path: Path
    files: int
    counts: dict[str, int]
    timings: dict[str, float] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    elapsed: float | None = None  # wall time of the steps: less than their sum, as some run side by side

    @property
    def seconds(self) -> float:
        return self.elapsed if self.elapsed is not None else sum(self.timings.values())


class _Steps:
    """Times each step and reports progress as '[n/total] name ... seconds'."""

    TOTAL = 8

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.timings: dict[str, float] = {}
        # CPU seconds of the whole process (every thread) during each step: steady on a busy machine, where
        # wall time is not; a step's share only while the steps run one after the other
        self.cpu: dict[str, float] = {}
        self.number = 0

    def run(self, name: str, action: Callable[[], object]) -> object:
        self.number += 1
        self.progress(f"[{self.number}/{self.TOTAL}] {name} ...")
        start, cpu = time.perf_counter(), time.process_time()
        result = action()
        self.timings[name] = time.perf_counter() - start
        self.cpu[name] = time.process_time() - cpu
        self.progress(f"      done in {self.timings[name]:.2f} s")
        return result

    def run_together(self, steps: list[tuple[str, Callable[[], object]]], together: bool = True) -> list[object]:
        """Run steps that only read the store side by side, one thread each (pyoxigraph lets go of the GIL
        while it evaluates a query, so a query of one step overlaps the Python work of another); return
        their results in order. Every step is waited for, then the first failure in step order is raised,
        so a broken build fails with the same error as when the steps ran one after the other."""
        if not together:
            return [self.run(name, action) for name, action in steps]
        with ThreadPoolExecutor(max_workers=len(steps)) as pool:
            futures = [pool.submit(self.run, name, action) for name, action in steps]
        errors = [future.exception() for future in futures]
        for error in errors:
            if error is not None:
                raise error
        return [future.result() for future in futures]


def run_build(
    settings: Settings, progress: Progress = print, reason: bool = True, swap: tuple[Path, Path] | None = None
) -> BuildReport:
    """Build the store from the settings' sources and make it current; raise BuildError on any problem.
    `swap=(file, staged)` builds with the hidden `staged` file in place of `file` (an import not yet in
    its folder: if this process dies, no later build sees a half-done import)."""
    layout = Layout(settings.data_dir)
    build = layout.new_build()
    try:
        report = _build_into(build, settings, progress, reason, swap)
    except BaseException as error:
        # the failed step's frames still hold the open store: drop them so RocksDB closes its files
        traceback.clear_frames(error.__traceback__)
        gc.collect()
        layout.discard(build)
        raise
    with live_lock(settings):  # never swapped while a publisher builds on the build it replaces
        live = layout.activate(build)
        apply_pending(settings)  # changes published while this build ran, after its replay of the journal
    report.path = live.path
    for warning in report.warnings:  # findings that do not stop the build, after the steps
        progress(f"Warning: {warning}")
    progress(
        f"Build {report.build_id} is live: {report.files} files, {report.counts['triples']} triples, "
        f"{report.counts['services']} services, {report.counts['settings']} settings in {report.seconds:.1f} s"
    )
    return report


def _build_into(
    build: BuildDir, settings: Settings, progress: Progress, reason: bool, swap: tuple[Path, Path] | None = None
) -> BuildReport:
    files = sources.discover(settings.sources)
    if swap is not None:
        files = [f for f in files if f.resolve() != swap[0].resolve()] + [swap[1]]
    if not files:
        raise BuildError("no RDF files found", [str(p) for p in settings.sources])
    steps = _Steps(progress)
    started = time.perf_counter()
    work = _BuildSteps(build, settings, files)
    steps.run(f"Reading {len(files)} files", work.parse)
    steps.run("Checking the ontology with HermiT and classifying", work.classify if reason else lambda: None)
    steps.run("Applying inference rules", work.infer)
    # four steps that only read the store (side by side when READ_STEPS_SIDE_BY_SIDE); none sees the
    # build's metadata (written after them): the checks and counts must not, the index keeps no dataset record
    _, warnings, stats, _ = steps.run_together(
        [
            ("Checking records against the ontology", work.check),
            ("Validating records with SHACL", work.validate),
            ("Counting and describing the build", work.describe),
            ("Building the search index", work.index),
        ],
        together=READ_STEPS_SIDE_BY_SIDE,
    )
    work.add_metadata(stats)
    # only once every check has passed: the projection's files live outside the build folder
    steps.run("Writing the navigation projection", work.project)
    work.close()
    report = BuildReport(work.build_id, build.path, len(files), stats, steps.timings, [*warnings, *work.findings])
    report.elapsed = time.perf_counter() - started
    build.manifest_path.write_text(
        json.dumps(
            {
                "build_id": work.build_id,
                "files": [
                    str(p.relative_to(settings.project_root)) for p in files if settings.project_root in p.parents
                ],
                "counts": stats,
                "timings": steps.timings,
                "cpu_timings": {name: round(seconds, 2) for name, seconds in steps.cpu.items()},
                "warnings": report.warnings,
                "base": settings.base,
                "journal_seq": work.journal_seq,
                "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
            },
            indent=2,
        ),
        encoding="utf-8",
    )
    return report


class _BuildSteps:
    """The work of each step, on the read-write store of the build in progress."""

    def __init__(self, build: BuildDir, settings: Settings, files: list[Path]) -> None:
        self.build = build
        self.settings = settings
        self.files = files
        self.build_id = build.build_id.removesuffix(".partial")
        self.id_base = settings.base + "id/"
        self.library = QueryLibrary(settings.queries_dir)
        self.store = ox.Store(str(build.store_path))
        self.reader = _InProcessStore(self.store)  # the same query interface the app uses
        self.journal_seq = 0  # the last published change replayed into this build
        self.findings: list[str] = []  # warnings of the record checks: reported, the build goes on

    def parse(self) -> None:
        for path in self.files:
            sources.load(self.store, path, self.settings.base, self.settings.project_root)

    def classify(self) -> None:
        # the project's ontology/, or a source folder named ontology (e.g. a copy for a benchmark build)
        folders = {self.settings.project_root / "ontology"}
        folders |= {Path(root) for root in self.settings.sources if Path(root).name == "ontology"}
        ontology = [p for p in self.files if folders.intersection(p.parents)]
        result = reasoning.classify(ontology, cache_dir=self.settings.data_dir / "cache")
        self.store.load(result.inferred_ntriples, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())

    def infer(self) -> None:
        for rule in sorted((self.settings.queries_dir / "build").glob("*.ru")):
            self.store.update(parse_query_file(rule, rule.stem).text)
        # changes published since earlier builds (graph_app/live), so they survive this one
        try:
            self.journal_seq = replay_journal(self.store, self.settings)
        except (PublishError, SyntaxError) as error:
            raise BuildError(
                "a published change in the journal cannot be replayed into this build",
                [str(error), "see 'graph-app journal list'"],
            ) from None

    def check(self) -> None:
        problems = record_checks.problems(self.reader, self.library, self.id_base)
        if problems:
            raise BuildError(f"{len(problems)} records contradict the ontology or link to nothing", problems)
        self.findings = law_check.warnings(self.reader, self.library, self.id_base)

    def validate(self) -> list[str]:
        # SHACL compiled to SPARQL on the store (build/shacl_sparql.py): the same results as pyshacl
        # (tests/test_shacl_sparql.py checks that) in one linear pass per constraint
        results = shacl_sparql.validate(self.reader.select, self.settings.shapes_file)
        violations = [str(v) for v in results if v.severity == "Violation"]
        if violations:
            raise BuildError(f"{len(violations)} SHACL violations in ontology/shapes.ttl checks", violations)
        return [str(v) for v in results if v.severity != "Violation"]

    def describe(self) -> dict[str, int]:
        return counts(self.reader, self.library)

    def add_metadata(self, stats: dict[str, int]) -> None:
        # counted once: the metadata adds no node of a counted kind, only its own new triples
        stats["triples"] += _add_build_metadata(self.store, self.settings.base, self.build_id, stats)

    def index(self) -> None:
        build_index(self.reader, self.library, self.build.search_path, self.id_base)

    def project(self) -> None:
        # files every server worker maps for this version, instead of each building its own (issue 20)
        projection = load_projection(self.reader, self.library, self.id_base)
        files = ProjectionFiles(projection_folder(self.settings.data_dir))
        files.write(self.build_id, projection)
        files.prune(self.build_id)

    def close(self) -> None:
        """Flush and release the read-write RocksDB handle before the swap."""
        self.store.flush()
        del self.reader, self.store
        gc.collect()


def _add_build_metadata(store: ox.Store, base: str, build_id: str, stats: dict[str, int]) -> int:
    """Describe the build in the store; return the number of triples that were not there before."""
    dataset = ox.NamedNode(base + DATASET)
    now = datetime.now(UTC)
    triples = [
        (ox.NamedNode(LO + "buildId"), ox.Literal(build_id)),
        (
            ox.NamedNode("http://purl.org/dc/terms/modified"),
            ox.Literal(now.isoformat(timespec="seconds"), datatype=ox.NamedNode(XSD + "dateTime")),
        ),
        (
            ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
            ox.NamedNode("http://www.w3.org/ns/dcat#Dataset"),
        ),
        (
            ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
            ox.Literal("SE7 Local Offer knowledge graph", language="en"),
        ),
        (
            ox.NamedNode("http://rdfs.org/ns/void#triples"),
            ox.Literal(str(stats["triples"]), datatype=ox.NamedNode(XSD + "integer")),
        ),
    ]
    quads = [ox.Quad(dataset, p, o, ox.DefaultGraph()) for p, o in triples]
    added = sum(quad not in store for quad in quads)
    store.extend(quads)
    return added


class _InProcessStore(EmbeddedStore):
    """The store being built, queried through the same interface the app uses."""

    def __init__(self, store: ox.Store) -> None:  # no path: wraps an open store
        super(EmbeddedStore, self).__init__()
        self._store = store
